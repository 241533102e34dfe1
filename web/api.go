package web

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/lantai/lantai/search"
)

// openAPIDoc describes every /api route; a test keeps it in step with the router.
//
//go:embed openapi.json
var openAPIDoc []byte

// Suggest limits.
const (
	defaultSuggestLimit = 8
	maxSuggestLimit     = 20
	// maxSuggestRunes bounds what is completed: a suggestion is a title,
	// heading or term, never longer than this.
	maxSuggestRunes = 100
)

// parseRequest reads the search parameters shared by the API and the pages
// and checks them; errors wrap search.ErrBadRequest and name the parameter.
func parseRequest(q url.Values) (search.Request, error) {
	req := search.Request{
		Query:   strings.TrimSpace(q.Get("q")),
		Scope:   q.Get("scope"),
		Agency:  q.Get("agency"),
		Catalog: q.Get("catalog"),
		From:    q.Get("from"),
		To:      q.Get("to"),
		Sort:    q.Get("sort"),
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"year", &req.Year}, {"page", &req.Page}, {"size", &req.Size}} {
		v := strings.TrimSpace(q.Get(p.name))
		if v == "" {
			continue
		}
		n, err := parseWhole(p.name, v)
		if err != nil {
			return req, err
		}
		// Normalize reads 0 as "use the default"; a page or size of 0
		// typed explicitly is still out of range.
		if n == 0 && p.name != "year" {
			return req, fmt.Errorf("%w: %s must be 1 or more, not 0", search.ErrBadRequest, p.name)
		}
		*p.dst = n
	}
	for _, p := range []struct{ name, v string }{{"q", req.Query}, {"agency", req.Agency}, {"catalog", req.Catalog}} {
		if !utf8.ValidString(p.v) {
			return req, badParam(p.name, p.v, "valid UTF-8")
		}
	}
	if err := req.Normalize(); err != nil {
		return req, err
	}
	return req, nil
}

// parseWhole reads a whole-number parameter; a number too large for any
// parameter is said to be so rather than "not a whole number".
func parseWhole(name, v string) (int, error) {
	n, err := strconv.ParseInt(v, 10, 32)
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("%w: %s %.40q is far too large", search.ErrBadRequest, name, v)
	}
	if err != nil {
		return 0, badParam(name, v, "a whole number")
	}
	return int(n), nil
}

// runSearch calls the backend and records its latency.
func (s *Server) runSearch(c echo.Context, req search.Request) (*search.Response, error) {
	start := time.Now()
	res, err := s.backend.Search(c.Request().Context(), req)
	s.metrics.observeSearch("search", start, err)
	if err == nil && res == nil {
		err = errors.New("backend returned no response")
	}
	return res, err
}

// runByYear calls the backend's grouped section search.
func (s *Server) runByYear(c echo.Context, req search.Request) (*search.YearGroups, error) {
	start := time.Now()
	res, err := s.backend.ByYear(c.Request().Context(), req)
	s.metrics.observeSearch("by_year", start, err)
	if err == nil && res == nil {
		err = errors.New("backend returned no groups")
	}
	return res, err
}

// apiSearch is GET /api/search.
func (s *Server) apiSearch(c echo.Context) error {
	req, err := parseRequest(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := s.runSearch(c, req)
	if err != nil {
		return err
	}
	if res.Hits == nil {
		res.Hits = []search.Hit{}
	}
	return c.JSON(http.StatusOK, res)
}

// apiByYear is GET /api/search/by-year.
func (s *Server) apiByYear(c echo.Context) error {
	req, err := parseRequest(c.QueryParams())
	if err != nil {
		return err
	}
	req.Scope = search.ScopeSections
	res, err := s.runByYear(c, req)
	if err != nil {
		return err
	}
	if res.Years == nil {
		res.Years = []search.YearGroup{}
	}
	return c.JSON(http.StatusOK, res)
}

// apiReport is GET /api/reports/:id.
func (s *Server) apiReport(c echo.Context) error {
	v, err := s.backend.Report(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if v == nil {
		return fmt.Errorf("report %q: %w", c.Param("id"), search.ErrNotFound)
	}
	return c.JSON(http.StatusOK, v)
}

// apiRaw is GET /api/reports/:id/raw: the original bytes, as a download.
func (s *Server) apiRaw(c echo.Context) error {
	id := c.Param("id")
	o, err := s.backend.Original(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if o == nil {
		return fmt.Errorf("original of %q: %w", id, search.ErrNotFound)
	}
	mt := o.MediaType
	if _, _, perr := mime.ParseMediaType(mt); mt == "" || perr != nil {
		mt = "application/octet-stream"
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, contentDisposition(downloadName(id, o.Source, o.MediaType), id))
	// Originals may be portal HTML with scripts: never let them run here.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	return c.Blob(http.StatusOK, mt, o.Data)
}

// apiFile is GET /api/reports/:id/files/:sha: one of the report's
// attached files (PDF, DOCX, DOC/WPS, OFD) exactly as stored, as a
// download under the name it was read from.
func (s *Server) apiFile(c echo.Context) error {
	id, sha := c.Param("id"), c.Param("sha")
	if len(sha) != 64 || strings.Trim(sha, "0123456789abcdef") != "" {
		return fmt.Errorf("%w: sha256 must be the 64 lowercase hex digits of an attached file, not %.80q", search.ErrBadRequest, sha)
	}
	o, err := s.backend.File(c.Request().Context(), id, sha)
	if err != nil {
		return err
	}
	if o == nil {
		return fmt.Errorf("file %s of %q: %w", sha, id, search.ErrNotFound)
	}
	mt := o.MediaType
	if _, _, perr := mime.ParseMediaType(mt); mt == "" || perr != nil {
		mt = "application/octet-stream"
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, contentDisposition(downloadName(id, o.Source, o.MediaType), id))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	return c.Blob(http.StatusOK, mt, o.Data)
}

// contentDisposition is an attachment header carrying name both as an ASCII
// fallback and, for Chinese names, as an RFC 5987 filename*.
func contentDisposition(name, id string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '/' || r == '\\' {
			return -1
		}
		return r
	}, name)
	if strings.TrimSpace(name) == "" {
		name = "report-" + id
	}
	fallback := strings.Map(func(r rune) rune {
		if r > 0x7e || r == '"' || r == ';' || r == '%' {
			return '_'
		}
		return r
	}, name)
	if fallback == name {
		return `attachment; filename="` + name + `"`
	}
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + rfc5987Escape(name)
}

// downloadName is the file name an original is offered under: its source
// without directories ("a/b/report.txt" → "report.txt"), a collection
// file's row number kept ("x/rows.csv#12" → "rows-12.csv"), an extension
// from the media type when the source has none, the report ID when the
// source gives no name at all.
func downloadName(id, source, mediaType string) string {
	name, row, isRow := strings.Cut(path.Base(filepath.ToSlash(source)), "#")
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if isRow {
		stem += "-" + row
	}
	if stem == "" || stem == "." || stem == "/" {
		stem = id
	}
	if ext == "" {
		ext = extensionFor(mediaType)
	}
	return stem + ext
}

// extensionFor is the file extension of an original of mediaType.
func extensionFor(mediaType string) string {
	mt, _, _ := strings.Cut(mediaType, ";")
	switch strings.TrimSpace(mt) {
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "text/markdown":
		return ".md"
	case "text/csv":
		return ".csv"
	case "text/tab-separated-values":
		return ".tsv"
	case "application/jsonl", "application/x-ndjson", "application/json":
		return ".jsonl"
	case "application/pdf":
		return ".pdf"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return ".docx"
	case "application/msword":
		return ".doc"
	case "application/ofd":
		return ".ofd"
	}
	return ".bin"
}

// rfc5987Escape percent-encodes everything but RFC 5987 attr-chars.
func rfc5987Escape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') ||
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// idsBody is the answer of an 索引号 lookup.
type idsBody struct {
	IDs []string `json:"ids"`
}

// apiLookup is GET /api/reports?index_no=.
func (s *Server) apiLookup(c echo.Context) error {
	no := strings.TrimSpace(c.QueryParam("index_no"))
	if no == "" {
		return badParam("index_no", no, "an 索引号")
	}
	ids, err := s.backend.LookupIndexNo(c.Request().Context(), no)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("索引号 %q: %w", no, search.ErrNotFound)
	}
	return c.JSON(http.StatusOK, idsBody{IDs: ids})
}

// suggestBody is the answer of /api/suggest.
type suggestBody struct {
	Suggestions []search.Suggestion `json:"suggestions"`
}

// apiSuggest is GET /api/suggest?q=&limit=.
func (s *Server) apiSuggest(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("q"))
	limit := defaultSuggestLimit
	if v := strings.TrimSpace(c.QueryParam("limit")); v != "" {
		n, err := parseWhole("limit", v)
		if err != nil {
			return err
		}
		if n < 1 || n > maxSuggestLimit {
			return fmt.Errorf("%w: limit must be between 1 and %d, not %d", search.ErrBadRequest, maxSuggestLimit, n)
		}
		limit = n
	}
	if !utf8.ValidString(q) {
		return badParam("q", q, "valid UTF-8")
	}
	if n := utf8.RuneCountInString(q); n > maxSuggestRunes {
		return fmt.Errorf("%w: q must be at most %d characters long for suggestions, not %d", search.ErrBadRequest, maxSuggestRunes, n)
	}
	body := suggestBody{Suggestions: []search.Suggestion{}}
	if q == "" {
		return c.JSON(http.StatusOK, body)
	}
	start := time.Now()
	sugg, err := s.backend.Suggest(c.Request().Context(), q, limit)
	s.metrics.observeSearch("suggest", start, err)
	if err != nil {
		return err
	}
	if sugg != nil {
		body.Suggestions = sugg
	}
	return c.JSON(http.StatusOK, body)
}

// apiStats is GET /api/stats.
func (s *Server) apiStats(c echo.Context) error {
	st, err := s.backend.Stats(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// apiOpenAPI is GET /api/openapi.json.
func (s *Server) apiOpenAPI(c echo.Context) error {
	return c.JSONBlob(http.StatusOK, openAPIDoc)
}

// healthz is GET /healthz: the process is up and serving.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// apiUpload is POST /api/reports: a multipart upload (field "file", one or
// more files) or a raw body named by ?name=.
func (s *Server) apiUpload(c echo.Context) error {
	type upload struct {
		name string
		data []byte
	}
	var ups []upload
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if ct == "multipart/form-data" {
		form, err := c.MultipartForm()
		if err != nil {
			return uploadReadError(err)
		}
		for _, fh := range form.File["file"] {
			f, err := fh.Open()
			if err != nil {
				return uploadReadError(err)
			}
			data, err := io.ReadAll(f)
			_ = f.Close()
			if err != nil {
				return uploadReadError(err)
			}
			ups = append(ups, upload{name: fh.Filename, data: data})
		}
		if len(ups) == 0 {
			return fmt.Errorf("%w: the multipart form has no \"file\" field", search.ErrBadRequest)
		}
	} else {
		name := strings.TrimSpace(c.QueryParam("name"))
		if name == "" {
			return fmt.Errorf("%w: name is required for a raw upload (e.g. ?name=report.txt)", search.ErrBadRequest)
		}
		data, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return uploadReadError(err)
		}
		ups = append(ups, upload{name: name, data: data})
	}

	total := search.IngestResult{IDs: []string{}, Failures: []search.Failure{}}
	for _, u := range ups {
		if len(u.data) == 0 {
			total.Failures = append(total.Failures, search.Failure{Source: u.name, Reason: "the file is empty"})
			continue
		}
		res, err := s.backend.Ingest(c.Request().Context(), u.name, u.data)
		if err != nil {
			return err
		}
		if res == nil {
			continue
		}
		total.Added += res.Added
		total.Updated += res.Updated
		total.Unchanged += res.Unchanged
		total.Repaired += res.Repaired
		total.IDs = append(total.IDs, res.IDs...)
		total.Failures = append(total.Failures, res.Failures...)
	}
	if len(total.Failures) > 0 {
		reasons := make([]string, len(total.Failures))
		for i, f := range total.Failures {
			reasons[i] = f.Source + ": " + f.Reason
		}
		return fmt.Errorf("%w: %s", search.ErrBadRequest, strings.Join(reasons, "; "))
	}
	return c.JSON(http.StatusOK, total)
}

// uploadReadError keeps a body-limit error a 413 and makes other read
// failures a 400.
func uploadReadError(err error) error {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	if strings.Contains(err.Error(), "too large") {
		return echo.ErrStatusRequestEntityTooLarge
	}
	return fmt.Errorf("%w: reading the upload: %v", search.ErrBadRequest, err)
}

// apiDelete is DELETE /api/reports/:id.
func (s *Server) apiDelete(c echo.Context) error {
	if err := s.backend.Delete(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiReindex is POST /api/admin/reindex. A rebuild outlasts any request
// timeout, so it runs in the background (one at a time) and the answer is 202.
func (s *Server) apiReindex(c echo.Context) error {
	if !s.reindexing.CompareAndSwap(false, true) {
		return c.JSON(http.StatusAccepted, map[string]string{"status": "running"})
	}
	go func() {
		defer s.reindexing.Store(false)
		start := time.Now()
		if err := s.backend.Reindex(s.baseCtx); err != nil {
			s.log.Error("reindex failed", "err", err)
			return
		}
		s.log.Info("reindex done", "duration", time.Since(start).String())
	}()
	return c.JSON(http.StatusAccepted, map[string]string{"status": "started"})
}
