package web

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// useMiddleware installs the chain, outermost first: request id, access log
// and metrics (which see the final status), panic recovery, security
// headers, CORS, body limit and the per-request timeout.
func (s *Server) useMiddleware(e *echo.Echo) {
	// An X-Request-Id sent by a proxy is kept so one id follows the request
	// through both logs; slog quotes it, so it cannot forge log lines.
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: newRequestID}))
	e.Use(s.accessLog)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "err", err, "path", c.Request().URL.Path,
				"request_id", requestID(c), "stack", string(stack))
			// The client gets a plain internal error; the stack stays in the log.
			return fmt.Errorf("panic: %w", err)
		},
	}))
	e.Use(s.securityHeaders)
	if len(s.origins) > 0 {
		// Echo's CORS allows every origin when given none, so it is only
		// installed when origins are configured.
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			Skipper: func(c echo.Context) bool {
				p := c.Request().URL.Path
				return !strings.HasPrefix(p, "/api/") && p != "/embed.js"
			},
			AllowOrigins: s.origins,
			AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodDelete},
			AllowHeaders: []string{echo.HeaderContentType, echo.HeaderAuthorization},
			MaxAge:       3600,
		}))
	}
	e.Use(middleware.BodyLimit(s.cfg.BodyLimit))
	e.Use(s.timeout)
}

// newRequestID returns a random 16-hex-digit id.
func newRequestID() string {
	return randomHex(8)
}

// requestID is the id of the request being served.
func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// accessLog logs one line per request and records its metrics. It runs the
// error handler itself so the logged status is the one the client got.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		dur := time.Since(start)
		status := c.Response().Status
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(route, status, dur)
		s.log.Info("request",
			"method", c.Request().Method,
			"path", c.Request().URL.Path,
			"route", route,
			"status", status,
			"duration_ms", float64(dur.Microseconds())/1000,
			"bytes", c.Response().Size,
			"request_id", requestID(c))
		return nil
	}
}

// securityHeaders sets CSP and friends on every response. Only /embed may be
// framed by the allowed origins; every other page only by this origin.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	pageCSP := buildCSP([]string{"'self'"})
	embedCSP := buildCSP(append([]string{"'self'"}, s.origins...))
	return func(c echo.Context) error {
		h := c.Response().Header()
		if c.Request().URL.Path == "/embed" {
			h.Set("Content-Security-Policy", embedCSP)
		} else {
			h.Set("Content-Security-Policy", pageCSP)
			h.Set("X-Frame-Options", "SAMEORIGIN")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		return next(c)
	}
}

// buildCSP is the policy for our pages: no inline script, nothing from
// other origins.
func buildCSP(frameAncestors []string) string {
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"frame-ancestors " + strings.Join(frameAncestors, " ") +
		"; base-uri 'none'; form-action 'self'"
}

// timeout gives each request a deadline through its context; the backend
// honours it and the error handler turns it into 504.
func (s *Server) timeout(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// requireToken guards the write endpoints with the configured bearer token,
// compared in constant time.
func (s *Server) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	want := []byte(s.cfg.AdminToken)
	return func(c echo.Context) error {
		auth := c.Request().Header.Get(echo.HeaderAuthorization)
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), want) != 1 {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="lantai"`)
			return echo.NewHTTPError(http.StatusUnauthorized, "a valid bearer token is required")
		}
		return next(c)
	}
}
