package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/gommon/bytes"
)

// Config is how the web layer is set up; cmd builds it from flags and env.
type Config struct {
	// Addr is the listen address, e.g. "127.0.0.1:8080".
	Addr string
	// AllowOrigins lists the origins (scheme://host[:port]) that may call the
	// API from their pages and frame /embed. Empty means same-origin only.
	AllowOrigins []string
	// AdminToken enables the write endpoints when non-empty; they then need
	// "Authorization: Bearer <AdminToken>".
	AdminToken string
	// RequestTimeout bounds each request's context; 0 means 10 s.
	RequestTimeout time.Duration
	// BodyLimit is the largest request body, e.g. "32M"; empty means "32M".
	BodyLimit string
	// BaseURL is the public address of this server (used in citations,
	// embed links and OpenSearch), e.g. "https://lantai.example.org".
	// Empty means derive it from each request.
	BaseURL string
}

// Defaults applied by New.
const (
	DefaultRequestTimeout = 10 * time.Second
	DefaultBodyLimit      = "32M"
	DefaultAddr           = "127.0.0.1:8080"
)

// Server is a configured Lantai web server.
type Server struct {
	cfg     Config
	backend Backend
	log     *slog.Logger
	echo    *echo.Echo
	metrics *metrics
	pages   *pageSet
	// origins is AllowOrigins validated and normalised to scheme://host.
	origins []string
	// baseCtx outlives single requests (background reindex) and is
	// cancelled when the server shuts down.
	baseCtx    context.Context
	cancel     context.CancelFunc
	reindexing atomic.Bool
}

// New builds a server from cfg. It fails when cfg holds a malformed origin,
// base URL or body limit.
func New(cfg Config, b Backend, logger *slog.Logger) (*Server, error) {
	if b == nil {
		return nil, errors.New("web: backend is nil")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = DefaultBodyLimit
	}
	if _, err := bytes.Parse(cfg.BodyLimit); err != nil {
		return nil, fmt.Errorf("web: body limit %q: want a size like 32M", cfg.BodyLimit)
	}
	if cfg.BaseURL != "" {
		base, err := normalizeOrigin(cfg.BaseURL, true)
		if err != nil {
			return nil, fmt.Errorf("web: base URL: %w", err)
		}
		cfg.BaseURL = base
	}
	var origins []string
	for _, o := range cfg.AllowOrigins {
		n, err := normalizeOrigin(o, false)
		if err != nil {
			return nil, fmt.Errorf("web: allowed origin: %w", err)
		}
		origins = append(origins, n)
	}
	pages, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, backend: b, log: logger, origins: origins, pages: pages, metrics: newMetrics()}
	s.baseCtx, s.cancel = context.WithCancel(context.Background())
	s.echo = s.routes()
	return s, nil
}

// normalizeOrigin checks that raw is an http(s) origin and returns it as
// scheme://host[:port]; with allowPath a path prefix is kept (for BaseURL).
// Origins end up inside a CSP header, so anything beyond that shape is refused.
func normalizeOrigin(raw string, allowPath bool) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(u.Host, " ;,'\"") {
		return "", fmt.Errorf("%q is not an origin like https://example.org", raw)
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	if path != "" && !allowPath {
		return "", fmt.Errorf("%q is not an origin like https://example.org (no path)", raw)
	}
	return u.Scheme + "://" + u.Host + path, nil
}

// Echo returns the underlying echo instance (for tests and route listings).
func (s *Server) Echo() *echo.Echo { return s.echo }

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

// ListenAndServe serves on cfg.Addr until ctx is cancelled, then shuts down
// gracefully, giving in-flight requests up to 10 s.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("web: listen on %s: %w", s.cfg.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is cancelled (useful with a ":0" listener).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.log.Info("listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		s.cancel()
		return err
	case <-ctx.Done():
	}
	s.cancel()
	shutCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
	defer done()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("web: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// routes registers every middleware and route.
func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.handleError
	s.useMiddleware(e)

	e.GET("/healthz", s.healthz)
	e.GET("/metrics", s.metrics.handler())

	api := e.Group("/api")
	api.GET("/search", s.apiSearch)
	api.GET("/search/by-year", s.apiByYear)
	api.GET("/reports", s.apiLookup)
	api.GET("/reports/:id", s.apiReport)
	api.GET("/reports/:id/raw", s.apiRaw)
	api.GET("/reports/:id/files/:sha", s.apiFile)
	api.GET("/reports/:id/series", s.apiReportSeries)
	api.GET("/reports/:id/citations", s.apiCitations)
	api.GET("/reports/:id/versions", s.apiVersions)
	api.GET("/reports/:id/versions/:a/diff/:b", s.apiVersionDiff)
	api.GET("/reports/:id/editions", s.apiEditions)
	api.GET("/series", s.apiSeriesList)
	api.GET("/series/:id", s.apiSeries)
	api.GET("/series/:id/follow", s.apiFollow)
	api.GET("/compare", s.apiCompare)
	api.GET("/timeline", s.apiTimeline)
	api.GET("/suggest", s.apiSuggest)
	api.GET("/stats", s.apiStats)
	api.GET("/openapi.json", s.apiOpenAPI)
	if s.cfg.AdminToken != "" {
		admin := api.Group("", s.requireToken)
		admin.POST("/reports", s.apiUpload)
		admin.DELETE("/reports/:id", s.apiDelete)
		admin.POST("/admin/reindex", s.apiReindex)
	}

	e.GET("/", s.pageSearch)
	e.GET("/reports/:id", s.pageReport)
	e.GET("/reports/:id/sections/:sid/:dir", s.pageSameSection)
	e.GET("/reports/:id/versions/:a/diff/:b", s.pageVersionDiff)
	e.GET("/years", s.pageYears)
	e.GET("/series", s.pageSeriesList)
	e.GET("/series/:id", s.pageSeries)
	e.GET("/series/:id/follow", s.pageFollow)
	e.GET("/compare", s.pageCompare)
	e.GET("/timeline", s.pageTimeline)
	e.GET("/help", s.pageHelp)
	e.GET("/embed", s.pageEmbed)
	e.GET("/embed.js", s.embedJS)
	e.GET("/opensearch.xml", s.openSearch)
	e.GET("/feed.atom", s.feed)
	e.GET("/static/*", s.static)
	e.GET("/favicon.ico", s.favicon)
	return e
}

// baseURL is the public origin for absolute links in citations and embeds.
func (s *Server) baseURL(c echo.Context) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	return c.Scheme() + "://" + c.Request().Host
}
