package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lantai/lantai/search"
)

// Error codes of the JSON error body.
const (
	codeBadRequest   = "bad_request"
	codeNotFound     = "not_found"
	codeTimeout      = "timeout"
	codeBusy         = "busy"
	codeUnauthorized = "unauthorized"
	codeInternal     = "internal"
	codeTooLarge     = "too_large"
	codeMethod       = "method_not_allowed"
	codeDamaged      = "damaged"
)

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// classify maps an error to its status, code and a message safe to show.
// Internal errors get a generic message: their text may name files or
// internals, and the log has the detail.
func classify(err error) (status int, code, msg string) {
	var he *echo.HTTPError
	switch {
	case errors.Is(err, search.ErrBadRequest):
		return http.StatusBadRequest, codeBadRequest, err.Error()
	case errors.Is(err, search.ErrNotFound):
		return http.StatusNotFound, codeNotFound, err.Error()
	case errors.Is(err, search.ErrBusy):
		return http.StatusServiceUnavailable, codeBusy, "other writes are in progress and this one could not start in time; nothing was stored, try again"
	case errors.Is(err, search.ErrDamaged):
		msg := "a stored report is damaged in the archive and cannot be served"
		if id, ok := search.DamagedReport(err); ok {
			msg = fmt.Sprintf("report %s is damaged in the archive and cannot be served until its original is ingested again", id)
		}
		return http.StatusInternalServerError, codeDamaged, msg
	case errors.Is(err, search.ErrTimeout):
		return http.StatusGatewayTimeout, codeTimeout, "the search took too long; try a narrower query"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout, codeTimeout, "the request took too long"
	case errors.As(err, &he):
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && m != "" {
			msg = m
		}
		switch he.Code {
		case http.StatusBadRequest:
			return he.Code, codeBadRequest, msg
		case http.StatusNotFound:
			return he.Code, codeNotFound, "no such page or resource"
		case http.StatusUnauthorized:
			return he.Code, codeUnauthorized, msg
		case http.StatusRequestEntityTooLarge:
			return he.Code, codeTooLarge, "the request body is larger than the server accepts"
		case http.StatusMethodNotAllowed:
			return he.Code, codeMethod, msg
		case http.StatusGatewayTimeout, http.StatusServiceUnavailable:
			return http.StatusGatewayTimeout, codeTimeout, msg
		}
		if he.Code >= 400 && he.Code < 500 {
			return he.Code, codeBadRequest, msg
		}
	}
	return http.StatusInternalServerError, codeInternal, "internal error"
}

// badParam is a 400 naming a query parameter that does not parse.
func badParam(name, value, want string) error {
	return fmt.Errorf("%w: %s must be %s, not %.64q", search.ErrBadRequest, name, want, value)
}

// handleError is the one place errors become responses: JSON for the API
// and machine endpoints, an HTML page for people.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, code, msg := classify(err)
	if status >= 500 {
		s.log.Error("request failed", "err", err, "path", c.Request().URL.Path, "request_id", requestID(c))
		if code == codeInternal {
			msg = "internal error (request " + requestID(c) + ")"
		}
	}
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "5")
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	if wantsHTML(c) {
		if rerr := s.renderError(c, status, msg); rerr == nil {
			return
		}
	}
	if werr := c.JSON(status, errorBody{Error: errorDetail{Code: code, Message: msg}}); werr != nil {
		s.log.Warn("writing error response", "err", werr)
	}
}

// wantsHTML is true for page routes; the API and machine endpoints always
// answer errors in JSON.
func wantsHTML(c echo.Context) bool {
	p := c.Request().URL.Path
	switch {
	case strings.HasPrefix(p, "/api/"), p == "/api", p == "/metrics", p == "/healthz",
		p == "/embed.js", p == "/opensearch.xml", p == "/feed.atom", strings.HasPrefix(p, "/static/"):
		return false
	}
	return true
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms.
	return hex.EncodeToString(b)
}
