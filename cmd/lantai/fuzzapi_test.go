package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lantai/lantai/index/bleveindex"
	"github.com/lantai/lantai/samples"
	"github.com/lantai/lantai/search"
	"github.com/lantai/lantai/web"
)

// fuzzServer is the real server over the built-in samples, in process:
// the service, the Bleve backend and the web layer as `serve` wires them.
var (
	fuzzOnce    sync.Once
	fuzzHandler http.Handler
	fuzzErr     error
	fuzzIDs     []string
	fuzzCleanup func()
)

func openFuzzServer(t testing.TB) http.Handler {
	fuzzOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lantai-fuzzapi-")
		if err != nil {
			fuzzErr = err
			return
		}
		backend, err := bleveindex.New(bleveindex.Options{})
		if err != nil {
			fuzzErr = err
			return
		}
		svc, err := search.Open(context.Background(), search.Config{DataDir: dir + "/data", Backend: backend, QueryTimeout: 2 * time.Second})
		if err != nil {
			fuzzErr = err
			return
		}
		fuzzCleanup = func() { svc.Close(); os.RemoveAll(dir) }
		if _, err := samples.WriteTo(dir + "/samples"); err != nil {
			fuzzErr = err
			return
		}
		if _, err := svc.IngestPaths(context.Background(), []string{dir + "/samples"}, search.IngestOptions{}); err != nil {
			fuzzErr = err
			return
		}
		ids, err := svc.MatchingIDs(context.Background(), search.Request{})
		if err != nil {
			fuzzErr = err
			return
		}
		fuzzIDs = ids
		srv, err := web.New(web.Config{RequestTimeout: 5 * time.Second}, svc, slog.New(slog.DiscardHandler))
		if err != nil {
			fuzzErr = err
			return
		}
		fuzzHandler = srv.Handler()
	})
	if fuzzErr != nil {
		t.Fatal(fuzzErr)
	}
	return fuzzHandler
}

// apiRoutes are every GET route a visitor can reach; {id} takes the
// fuzzed value (or, for an empty one, a real report id).
var apiRoutes = []string{
	"/api/search", "/api/search/by-year", "/api/reports/{id}", "/api/reports/{id}/raw", "/api/reports",
	"/api/suggest", "/api/stats", "/api/series", "/api/series/{id}", "/api/reports/{id}/series",
	"/api/compare", "/api/timeline", "/", "/years", "/reports/{id}", "/embed", "/feed.atom",
	"/series", "/series/{id}", "/compare", "/timeline", "/help",
	"/api/reports/{id}/files/{id}", "/api/reports/{id}/citations", "/api/series/{id}/follow", "/series/{id}/follow",
	"/reports/{id}/sections/{id}/prev", "/reports/{id}/sections/1/{id}",
	"/api/reports/{id}/versions", "/api/reports/{id}/versions/{id}/diff/1", "/api/reports/{id}/versions/1/diff/{id}",
	"/api/reports/{id}/editions", "/reports/{id}/versions/{id}/diff/{id}",
}

// apiParams are every query parameter those routes read.
var apiParams = []string{"q", "page", "size", "scope", "agency", "catalog", "year", "from", "to", "sort", "a", "b", "series", "metric", "format", "index_no", "limit", "at", "heading"}

// FuzzAPI sends any value of any parameter, two at a time, to any route
// of the real server: nothing may panic, answer 5xx other than a
// deliberate 503/504, or run past the request timeout by much. Under
// `go test` it runs the seeds (the D1, D2 and D5 requests among
// them); `go test -fuzz FuzzAPI ./cmd/lantai` explores further.
func FuzzAPI(f *testing.F) {
	f.Add(uint8(0), uint8(1), "999999999", uint8(0), "法")
	f.Add(uint8(0), uint8(1), "9223372036854775807", uint8(2), "100")
	f.Add(uint8(12), uint8(1), "9223372036854775807", uint8(0), "法")
	f.Add(uint8(15), uint8(1), "9223372036854775807", uint8(0), "法")
	f.Add(uint8(0), uint8(0), strings.Repeat("-(", 1000)+"x", uint8(3), "sections")
	f.Add(uint8(15), uint8(0), strings.Repeat("-(", 1000)+"x", uint8(1), "1")
	f.Add(uint8(5), uint8(0), strings.Repeat("法", 5000), uint8(16), "99999999")
	f.Add(uint8(10), uint8(10), "", uint8(11), "\xff\xfe")
	f.Add(uint8(11), uint8(12), "0000000000000000", uint8(13), strings.Repeat("行政复议", 20))
	f.Add(uint8(20), uint8(12), "../../etc/passwd", uint8(14), "csv")
	f.Add(uint8(2), uint8(0), "<script>alert(1)</script>", uint8(0), "")
	f.Add(uint8(6), uint8(7), "2020..2999999999", uint8(8), "9999-99-99")
	// The routes of attached files, citations, follow and same-section
	// links, with values no route expects.
	f.Add(uint8(22), uint8(17), strings.Repeat("ab", 32), uint8(0), "x")
	f.Add(uint8(23), uint8(17), "", uint8(17), "99999999999999999999")
	f.Add(uint8(24), uint8(18), "", uint8(18), strings.Repeat("回顾", 300))
	f.Add(uint8(25), uint8(18), "", uint8(0), "\x00")
	f.Add(uint8(26), uint8(17), "1", uint8(17), "-5")
	f.Add(uint8(27), uint8(0), "sideways", uint8(17), "1e9")
	f.Add(uint8(14), uint8(17), "", uint8(17), "18446744073709551615")
	// The routes of versions, their diff and editions.
	f.Add(uint8(28), uint8(0), "", uint8(0), "")
	f.Add(uint8(29), uint8(0), "99999999999999999999", uint8(0), "")
	f.Add(uint8(30), uint8(0), "-1", uint8(0), "")
	f.Add(uint8(31), uint8(0), "", uint8(0), "")
	f.Add(uint8(32), uint8(0), "0", uint8(0), "")
	f.Fuzz(func(t *testing.T, route, p1 uint8, v1 string, p2 uint8, v2 string) {
		h := openFuzzServer(t)
		path := apiRoutes[int(route)%len(apiRoutes)]
		id := v1
		if id == "" && len(fuzzIDs) > 0 {
			id = fuzzIDs[0]
		}
		path = strings.ReplaceAll(path, "{id}", url.PathEscape(id))
		vals := url.Values{}
		vals.Set(apiParams[int(p1)%len(apiParams)], v1)
		vals.Add(apiParams[int(p2)%len(apiParams)], v2)
		req := httptest.NewRequest(http.MethodGet, path+"?"+vals.Encode(), nil)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		took := time.Since(start)
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable && rec.Code != http.StatusGatewayTimeout {
			t.Fatalf("GET %s: %d %.300s", req.URL, rec.Code, rec.Body.String())
		}
		if took > 8*time.Second {
			t.Fatalf("GET %s took %s, past the 5 s request timeout", req.URL, took)
		}
	})
}
