package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lantai/lantai/search"
)

// decodeError parses an error body, failing the test if it has another shape.
func decodeError(t *testing.T, body []byte) errorDetail {
	t.Helper()
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err != nil || eb.Error.Code == "" {
		t.Fatalf("not an error body: %s", body)
	}
	return eb.Error
}

func TestAPIErrors(t *testing.T) {
	s, _ := testServer(t, Config{RequestTimeout: 200 * time.Millisecond})
	tests := []struct {
		name, target string
		status       int
		code         string
		mention      string // the message must name this
	}{
		{"size too big", "/api/search?q=a&size=101", 400, "bad_request", "size"},
		{"size zero", "/api/search?q=a&size=0", 400, "bad_request", "size"},
		{"size not a number", "/api/search?q=a&size=ten", 400, "bad_request", "size"},
		{"page zero", "/api/search?q=a&page=0", 400, "bad_request", "page"},
		{"page negative", "/api/search?q=a&page=-2", 400, "bad_request", "page"},
		{"page not a number", "/api/search?q=a&page=2x", 400, "bad_request", "page"},
		{"page past the window", "/api/search?q=a&page=1001", 400, "bad_request", "result window of 10000"},
		{"page × size past the window", "/api/search?q=a&page=101&size=100", 400, "bad_request", "page must be at most 100 with size 100"},
		{"page far past the window", "/api/search?q=a&page=999999999", 400, "bad_request", "page"},
		{"page overflows int64", "/api/search?q=a&page=9223372036854775807", 400, "bad_request", "page"},
		{"page past int64", "/api/search?q=a&page=99999999999999999999999", 400, "bad_request", "far too large"},
		{"size overflows", "/api/search?q=a&size=9223372036854775807&page=2", 400, "bad_request", "size"},
		{"by-year page overflows", "/api/search/by-year?q=a&page=9223372036854775807", 400, "bad_request", "page"},
		{"suggest limit overflows", "/api/suggest?q=a&limit=9223372036854775807", 400, "bad_request", "limit"},
		{"year not a number", "/api/search?q=a&year=二〇二二", 400, "bad_request", "year"},
		{"from not a date", "/api/search?q=a&from=2021/01/01", 400, "bad_request", "from"},
		{"to not a date", "/api/search?q=a&to=2021-13-01", 400, "bad_request", "to"},
		{"from after to", "/api/search?q=a&from=2022-01-02&to=2022-01-01", 400, "bad_request", "after"},
		{"unknown sort", "/api/search?q=a&sort=views", 400, "bad_request", "sort"},
		{"unknown scope", "/api/search?q=a&scope=all", 400, "bad_request", "scope"},
		{"by-year checks too", "/api/search/by-year?q=a&size=1000", 400, "bad_request", "size"},
		{"backend bad query", "/api/search?q=badsyntax", 400, "bad_request", "unclosed quote"},
		{"suggest limit", "/api/suggest?q=a&limit=x", 400, "bad_request", "limit"},
		{"suggest limit range", "/api/suggest?q=a&limit=500", 400, "bad_request", "limit"},
		{"unknown id", "/api/reports/nope", 404, "not_found", "nope"},
		{"unknown raw", "/api/reports/nope/raw", 404, "not_found", "nope"},
		{"unknown index_no", "/api/reports?index_no=x", 404, "not_found", "x"},
		{"missing index_no", "/api/reports", 400, "bad_request", "index_no"},
		{"unknown api route", "/api/nope", 404, "not_found", ""},
		{"timeout", "/api/search?q=slow", 504, "timeout", ""},
		{"backend failure", "/api/search?q=fail", 500, "internal", "internal error"},
		{"panic", "/api/search?q=panic", 500, "internal", "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q", ct)
			}
			e := decodeError(t, rec.Body.Bytes())
			if e.Code != tt.code {
				t.Errorf("code = %q, want %q", e.Code, tt.code)
			}
			if !strings.Contains(e.Message, tt.mention) {
				t.Errorf("message %q does not mention %q", e.Message, tt.mention)
			}
			for _, leak := range []string{"goroutine", ".go:", "/srv/lantai", "panic", "boom"} {
				if strings.Contains(rec.Body.String(), leak) {
					t.Errorf("body leaks %q: %s", leak, rec.Body)
				}
			}
		})
	}
}

func TestAPISearchParams(t *testing.T) {
	s, fb := testServer(t, Config{})
	q := url.Values{"q": {"营商环境"}, "scope": {"sections"}, "agency": {"某区政府"}, "catalog": {"工作报告"},
		"year": {"2022"}, "from": {"2022-01-01"}, "to": {"2022-12-31"}, "sort": {"-date"}, "page": {"2"}, "size": {"20"}}
	rec := get(t, s, "/api/search?"+q.Encode())
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	want := search.Request{Query: "营商环境", Scope: "sections", Agency: "某区政府", Catalog: "工作报告", Year: 2022,
		From: "2022-01-01", To: "2022-12-31", Sort: "-date", Page: 2, Size: 20}
	if fb.lastReq != want {
		t.Errorf("request = %+v, want %+v", fb.lastReq, want)
	}
	var res search.Response
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || res.Total != 25 || res.Page != 2 {
		t.Errorf("response %s (%v)", rec.Body, err)
	}

	rec = get(t, s, "/api/search?q=x")
	if rec.Code != 200 || fb.lastReq.Page != 1 || fb.lastReq.Size != 10 || fb.lastReq.Scope != "reports" || fb.lastReq.Sort != "relevance" {
		t.Errorf("defaults: %d %+v", rec.Code, fb.lastReq)
	}

	rec = get(t, s, "/api/search/by-year?q=x")
	if rec.Code != 200 || fb.lastReq.Scope != search.ScopeSections {
		t.Errorf("by-year: %d %+v", rec.Code, fb.lastReq)
	}
}

func TestAPIReadEndpoints(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/api/reports/evil")
	var rv search.ReportView
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &rv) != nil || rv.ID != "evil" || len(rv.Sections) != 2 {
		t.Errorf("report: %d %s", rec.Code, rec.Body)
	}

	rec = get(t, s, "/api/reports/evil/raw")
	if rec.Code != 200 || rec.Body.String() != "原件\xff" {
		t.Errorf("raw: %d %q", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/plain; charset=gb18030" {
		t.Errorf("raw Content-Type = %q", ct)
	}
	cd := rec.Header().Get("Content-Disposition")
	wantCD := `attachment; filename="____2022___.txt"; filename*=UTF-8''` + url.PathEscape("海拉尔区2022年报告.txt")
	if cd != wantCD {
		t.Errorf("Content-Disposition = %q, want %q", cd, wantCD)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
		t.Errorf("raw CSP = %q, want a sandbox", csp)
	}

	rec = get(t, s, "/api/reports?index_no="+url.QueryEscape("11150702MB1234567X/2022-00001"))
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"ids":["evil"]}` {
		t.Errorf("lookup: %d %s", rec.Code, rec.Body)
	}

	rec = get(t, s, "/api/suggest?q=营商")
	var sb suggestBody
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &sb) != nil || len(sb.Suggestions) != 1 {
		t.Errorf("suggest: %d %s", rec.Code, rec.Body)
	}
	rec = get(t, s, "/api/suggest?q=")
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"suggestions":[]}` {
		t.Errorf("empty suggest: %d %s", rec.Code, rec.Body)
	}

	for _, p := range []string{"/api/stats", "/healthz", "/api/openapi.json"} {
		if rec := get(t, s, p); rec.Code != 200 || !json.Valid(rec.Body.Bytes()) {
			t.Errorf("%s: %d %s", p, rec.Code, rec.Body)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct{ name, id, want string }{
		{"report.txt", "a", `attachment; filename="report.txt"`},
		{"", "a1", `attachment; filename="report-a1"`},
		{"a\"b;c\r\n.txt", "a", `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%3Bc.txt`},
		{"报告.html", "a", `attachment; filename="__.html"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.html`},
	}
	for _, tt := range tests {
		if got := contentDisposition(tt.name, tt.id); got != tt.want {
			t.Errorf("contentDisposition(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDownloadName(t *testing.T) {
	tests := []struct{ source, mediaType, want string }{
		{"reportData/2019.txt", "text/plain; charset=gb18030", "2019.txt"},
		{"corpus/hebei/rows.csv#12", "text/csv", "rows-12.csv"},
		{"x.csv#12", "text/csv; charset=utf-8", "x-12.csv"},
		{"portal/page", "text/html; charset=utf-8", "page.html"},
		{"notes/README", "text/markdown", "README.md"},
		{"feed/items", "application/x-ndjson", "items.jsonl"},
		{"dump/blob", "application/pdf", "blob.pdf"}, {"dump/blob", "image/png", "blob.bin"},
		{"a/b/", "", "b.bin"},
		{"/", "text/plain", "0123456789abcdef.txt"},
	}
	for _, tt := range tests {
		if got := downloadName("0123456789abcdef", tt.source, tt.mediaType); got != tt.want {
			t.Errorf("downloadName(%q, %q) = %q, want %q", tt.source, tt.mediaType, got, tt.want)
		}
	}
}

func TestAdminRoutes(t *testing.T) {
	t.Run("off without a token", func(t *testing.T) {
		s, _ := testServer(t, Config{})
		for _, r := range []struct{ method, path string }{
			{"POST", "/api/reports?name=a.txt"}, {"DELETE", "/api/reports/evil"}, {"POST", "/api/admin/reindex"},
		} {
			rec := do(t, s, r.method, r.path, strings.NewReader("x"), "Authorization", "Bearer anything")
			if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s = %d, want 404", r.method, r.path, rec.Code)
			}
		}
		if rec := do(t, s, "POST", "/api/admin/reindex", nil); rec.Code != 404 {
			t.Errorf("reindex = %d, want 404", rec.Code)
		}
	})

	s, fb := testServer(t, Config{AdminToken: "s3cret", BodyLimit: "1K"})
	t.Run("wrong or missing token", func(t *testing.T) {
		for _, auth := range []string{"", "Bearer wrong", "Bearer s3cre", "Basic s3cret", "s3cret"} {
			rec := do(t, s, "DELETE", "/api/reports/evil", nil, "Authorization", auth)
			if rec.Code != 401 || decodeError(t, rec.Body.Bytes()).Code != "unauthorized" {
				t.Errorf("auth %q: %d %s", auth, rec.Code, rec.Body)
			}
			if rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("auth %q: no WWW-Authenticate", auth)
			}
		}
		if len(fb.deleted) != 0 {
			t.Errorf("deleted %v without a valid token", fb.deleted)
		}
	})
	auth := []string{"Authorization", "Bearer s3cret"}
	t.Run("raw upload", func(t *testing.T) {
		rec := do(t, s, "POST", "/api/reports?name=a.txt", strings.NewReader("一、总体情况"), auth...)
		var res search.IngestResult
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &res) != nil || res.Added != 1 {
			t.Errorf("upload: %d %s", rec.Code, rec.Body)
		}
		rec = do(t, s, "POST", "/api/reports", strings.NewReader("x"), auth...)
		if rec.Code != 400 || !strings.Contains(decodeError(t, rec.Body.Bytes()).Message, "name") {
			t.Errorf("upload without name: %d %s", rec.Code, rec.Body)
		}
		rec = do(t, s, "POST", "/api/reports?name=a.bin", strings.NewReader("x"), auth...)
		if rec.Code != 400 || !strings.Contains(decodeError(t, rec.Body.Bytes()).Message, "a.bin: no reader") {
			t.Errorf("failed upload: %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("multipart upload", func(t *testing.T) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "报告.txt")
		fw.Write([]byte("一、总体情况"))
		mw.Close()
		rec := do(t, s, "POST", "/api/reports", &buf, append(auth, "Content-Type", mw.FormDataContentType())...)
		if rec.Code != 200 || fb.ingested[len(fb.ingested)-1] != "报告.txt" {
			t.Errorf("multipart: %d %s %v", rec.Code, rec.Body, fb.ingested)
		}
	})
	t.Run("body limit", func(t *testing.T) {
		big := strings.Repeat("政", 1000)
		rec := do(t, s, "POST", "/api/reports?name=big.txt", strings.NewReader(big), auth...)
		if rec.Code != 413 || decodeError(t, rec.Body.Bytes()).Code != "too_large" {
			t.Errorf("big raw upload: %d %s", rec.Code, rec.Body)
		}
		// Without a Content-Length the limit applies while reading.
		req := strings.NewReader(big)
		r := do(t, s, "POST", "/api/reports?name=big.txt", struct{ *strings.Reader }{req}, auth...)
		if r.Code != 413 {
			t.Errorf("big streamed upload: %d %s", r.Code, r.Body)
		}
	})
	t.Run("delete and reindex", func(t *testing.T) {
		if rec := do(t, s, "DELETE", "/api/reports/evil", nil, auth...); rec.Code != 204 {
			t.Errorf("delete: %d %s", rec.Code, rec.Body)
		}
		if rec := do(t, s, "DELETE", "/api/reports/nope", nil, auth...); rec.Code != 404 {
			t.Errorf("delete unknown: %d %s", rec.Code, rec.Body)
		}
		if rec := do(t, s, "POST", "/api/admin/reindex", nil, auth...); rec.Code != 202 {
			t.Errorf("reindex: %d %s", rec.Code, rec.Body)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	s, _ := testServer(t, Config{AllowOrigins: []string{"https://www.example.gov.cn/"}})
	for _, p := range []string{"/", "/api/search?q=a", "/reports/evil", "/help", "/embed", "/api/reports/nope", "/nope"} {
		rec := get(t, s, p)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self';", "style-src 'self'", "base-uri 'none'", "form-action 'self'", "img-src 'self' data:"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline: %q", p, csp)
		}
		wantFA := "frame-ancestors 'self';"
		if p == "/embed" {
			wantFA = "frame-ancestors 'self' https://www.example.gov.cn;"
		}
		if !strings.Contains(csp, wantFA) {
			t.Errorf("%s: CSP %q lacks %q", p, csp, wantFA)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
			t.Errorf("%s: headers %v", p, h)
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", p)
		}
	}
}

func TestCORS(t *testing.T) {
	s, _ := testServer(t, Config{AllowOrigins: []string{"https://www.example.gov.cn"}})
	rec := get(t, s, "/api/search?q=a", "Origin", "https://www.example.gov.cn")
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "https://www.example.gov.cn" {
		t.Errorf("allowed origin: ACAO = %q", got)
	}
	rec = get(t, s, "/api/search?q=a", "Origin", "https://evil.example")
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("other origin: ACAO = %q", got)
	}
	rec = get(t, s, "/", "Origin", "https://www.example.gov.cn")
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("page: ACAO = %q, want none", got)
	}
	s2, _ := testServer(t, Config{})
	rec = get(t, s2, "/api/search?q=a", "Origin", "https://www.example.gov.cn")
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("no origins configured: ACAO = %q", got)
	}
}

func TestConfigValidation(t *testing.T) {
	for _, cfg := range []Config{
		{AllowOrigins: []string{"https://a.example; script-src *"}},
		{AllowOrigins: []string{"https://a.example/path"}},
		{AllowOrigins: []string{"*"}},
		{BaseURL: "javascript:alert(1)"},
		{BodyLimit: "lots"},
	} {
		if _, err := New(cfg, newFake(), nil); err == nil {
			t.Errorf("New(%+v) accepted a bad config", cfg)
		}
	}
	if _, err := New(Config{}, nil, nil); err == nil {
		t.Error("New accepted a nil backend")
	}
}

func TestMetrics(t *testing.T) {
	s, _ := testServer(t, Config{})
	get(t, s, "/api/search?q=a")
	get(t, s, "/api/reports/nope")
	rec := get(t, s, "/metrics")
	body := rec.Body.String()
	for _, want := range []string{
		`lantai_http_requests_total{route="/api/search",status="200"} 1`,
		`lantai_http_requests_total{route="/api/reports/:id",status="404"} 1`,
		`lantai_http_request_duration_seconds_bucket{route="/api/search",status="200"`,
		`lantai_search_duration_seconds_count{kind="search",outcome="ok"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// A second server has its own registry.
	s2, _ := testServer(t, Config{})
	if strings.Contains(get(t, s2, "/metrics").Body.String(), `route="/api/search"`) {
		t.Error("metrics shared between servers")
	}
}

// FuzzParseRequest: any query string either parses into a normalised
// request or fails with an error wrapping search.ErrBadRequest.
func FuzzParseRequest(f *testing.F) {
	f.Add("q=营商&size=101&page=0&from=2021-01-01&to=2020-01-01&sort=x&scope=y&year=abc")
	f.Add("q=%ff&agency=%fe")
	f.Add("q=法&page=9223372036854775807&size=100")
	f.Add("q=法&page=100&size=100")
	f.Fuzz(func(t *testing.T, raw string) {
		vals, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		req, err := parseRequest(vals)
		if err != nil {
			if !errors.Is(err, search.ErrBadRequest) {
				t.Fatalf("error %v does not wrap ErrBadRequest", err)
			}
			return
		}
		if req.Page < 1 || req.Size < 1 || req.Size > search.MaxSize || req.Page*req.Size > search.MaxResultWindow {
			t.Fatalf("accepted %+v", req)
		}
	})
}
