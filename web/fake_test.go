package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/search"
)

// fakeBackend is an in-memory Backend for testing the handlers' parameter
// handling, error mapping and escaping; search behaviour itself is tested
// in package search and end to end.
type fakeBackend struct {
	mu       sync.Mutex
	reports  map[string]*search.ReportView
	origs    map[string]*search.Original
	res      *search.Response
	groups   *search.YearGroups
	lastReq  search.Request
	ingested []string
	deleted  []string
}

const (
	xssScript = `<script>alert(1)</script>`
	xssAttr   = `"><img src=x onerror=alert(1)>`
)

// hostile is a report whose every text field tries to inject markup.
func hostileReport() *search.ReportView {
	evil := xssScript + xssAttr
	text := "一、" + evil + "总体\n营商环境持续优化。" + evil + "\n（一）" + evil + "。正文内容。\n"
	h1 := strings.Index(text, "（一）")
	return &search.ReportView{
		Report: corpus.Report{
			ID: "evil", Title: "标题" + evil, IndexNo: evil, Agency: "机构" + evil, Catalog: evil,
			DocNo: evil, Date: "2022-01-02", Published: evil, Views: 3, Source: evil,
			URL:  "javascript:alert(1)",
			Text: text,
			Sections: []corpus.Section{
				{ID: "1", Level: 1, Number: "一、", Heading: evil + "总体", Start: 0, End: h1},
				{ID: "1.1", Level: 2, Number: "（一）", Heading: evil + "。", Start: h1, End: len(text)},
			},
		},
		Versions: []search.VersionInfo{{SHA256: evil, Source: evil, IngestedAt: evil}, {SHA256: "ab", Source: evil, IngestedAt: "2024"}},
		Related:  []search.Hit{{ID: evil, Title: evil, Agency: evil, Date: evil}},
	}
}

func hostileHit() search.Hit {
	evil := xssScript + xssAttr
	return search.Hit{
		ID: "evil", Title: evil, Agency: evil, Catalog: evil, Date: evil, DocNo: evil, IndexNo: evil, Year: 2022,
		Snippets: []string{"…<mark>营商</mark>环境" + evil + "<mark>x", "&lt;b&gt;ok&lt;/b&gt;</mark>"},
		Section:  &search.SectionRef{ID: `1"><script>`, Number: evil, Heading: evil, Level: 1},
		Match:    search.MatchRelated,
	}
}

func newFake() *fakeBackend {
	hit := hostileHit()
	evil := xssScript + xssAttr
	return &fakeBackend{
		reports: map[string]*search.ReportView{"evil": hostileReport()},
		origs: map[string]*search.Original{"evil": {
			Data: []byte("原件\xff"), MediaType: "text/plain; charset=gb18030", Source: "corpus/hailar/海拉尔区2022年报告.txt"}},
		res: &search.Response{
			Total: 25, TookMS: 3, Page: 1, Size: 10, Hits: []search.Hit{hit},
			Facets: search.Facets{
				Agency:  []search.FacetValue{{Value: evil, Count: 2}},
				Year:    []search.FacetValue{{Value: "2022", Count: 2}},
				Catalog: []search.FacetValue{{Value: evil, Count: 1}},
			},
			DidYouMean: evil,
			Ignored:    []string{evil},
		},
		groups: &search.YearGroups{Total: 1, Years: []search.YearGroup{{Year: 2022, Agencies: []search.AgencyGroup{{Agency: evil, Hits: []search.Hit{hit}}}}}},
	}
}

func (f *fakeBackend) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	f.mu.Lock()
	f.lastReq = req
	f.mu.Unlock()
	switch req.Query {
	case "panic":
		panic("boom: secret internals at /srv/lantai/index")
	case "slow":
		<-ctx.Done()
		return nil, fmt.Errorf("searching: %w", ctx.Err())
	case "fail":
		return nil, fmt.Errorf("opening /srv/lantai/index: disk on fire")
	case "badsyntax":
		return nil, fmt.Errorf("%w: q has an unclosed quote", search.ErrBadRequest)
	case "nothing":
		return &search.Response{Page: 1, Size: 10, DidYouMean: "营商环境"}, nil
	}
	res := *f.res
	res.Page, res.Size = req.Page, req.Size
	return &res, nil
}

func (f *fakeBackend) ByYear(ctx context.Context, req search.Request) (*search.YearGroups, error) {
	f.mu.Lock()
	f.lastReq = req
	f.mu.Unlock()
	return f.groups, nil
}

func (f *fakeBackend) Suggest(ctx context.Context, prefix string, limit int) ([]search.Suggestion, error) {
	return []search.Suggestion{{Text: prefix + xssScript, Kind: "term"}}, nil
}

func (f *fakeBackend) Report(ctx context.Context, id string) (*search.ReportView, error) {
	if r, ok := f.reports[id]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("report %q: %w", id, search.ErrNotFound)
}

func (f *fakeBackend) Original(ctx context.Context, id string) (*search.Original, error) {
	if o, ok := f.origs[id]; ok {
		return o, nil
	}
	return nil, fmt.Errorf("report %q: %w", id, search.ErrNotFound)
}

func (f *fakeBackend) LookupIndexNo(ctx context.Context, no string) ([]string, error) {
	if no == "11150702MB1234567X/2022-00001" {
		return []string{"evil"}, nil
	}
	return nil, nil
}

func (f *fakeBackend) Ingest(ctx context.Context, name string, data []byte) (*search.IngestResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ingested = append(f.ingested, name)
	if strings.HasSuffix(name, ".bin") {
		return &search.IngestResult{Failures: []search.Failure{{Source: name, Reason: "no reader for this format"}}}, nil
	}
	return &search.IngestResult{Added: 1, IDs: []string{"new1"}}, nil
}

func (f *fakeBackend) Delete(ctx context.Context, id string) error {
	if _, ok := f.reports[id]; !ok {
		return fmt.Errorf("report %q: %w", id, search.ErrNotFound)
	}
	f.mu.Lock()
	f.deleted = append(f.deleted, id)
	f.mu.Unlock()
	return nil
}

func (f *fakeBackend) Reindex(ctx context.Context) error { return nil }

func (f *fakeBackend) Stats(ctx context.Context) (*search.Stats, error) {
	return &search.Stats{Reports: 1, Sections: 2, Agencies: []search.FacetValue{{Value: xssScript, Count: 1}}}, nil
}

var _ Backend = (*fakeBackend)(nil)

// testServer builds a server around a fake backend.
func testServer(t *testing.T, cfg Config) (*Server, *fakeBackend) {
	t.Helper()
	fb := newFake()
	s, err := New(cfg, fb, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return s, fb
}

// do runs one request against the server.
func do(t *testing.T, s *Server, method, target string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func get(t *testing.T, s *Server, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, s, http.MethodGet, target, nil, hdr...)
}
