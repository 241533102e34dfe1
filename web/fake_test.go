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
			Files: []corpus.File{{Name: "site/" + evil + ".pdf", URL: "javascript:alert(1)", SHA256: evilFileSHA, MediaType: "application/pdf",
				Bytes: 2048, Format: "pdf", Pages: 3, Problem: evil, ReportID: evil}},
			ParentID: evil,
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
		reports: map[string]*search.ReportView{
			"evil": hostileReport(), "qs2021": seriesReport("qs2021", 2021), "qs2022": seriesReport("qs2022", 2022),
			"lonely": seriesReport("lonely", 2022), "seriesfail": seriesReport("seriesfail", 2022),
		},
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

func (f *fakeBackend) Citations(ctx context.Context, id string) (*search.Citations, error) {
	if _, ok := f.reports[id]; !ok {
		return nil, fmt.Errorf("report %q: %w", id, search.ErrNotFound)
	}
	if id != "evil" {
		return &search.Citations{Cites: []search.CitationRef{}, CitedBy: []search.CitedBy{}}, nil
	}
	evil := xssScript + xssAttr
	cited := "qs2021"
	return &search.Citations{
		Cites: []search.CitationRef{
			{Text: "国办发〔2017〕47号", Kind: "doc_no", Offset: 3, ID: &cited, Match: "exact", Sentence: "根据国办发〔2017〕47号。"},
			{Text: "关于" + evil + "的通知", Kind: "title", Offset: 40, Sentence: evil},
			{Text: "国办发〔2017〕47号", Kind: "doc_no", Offset: 90, ID: &cited, Match: "exact", Sentence: "再引。"},
		},
		CitedBy: []search.CitedBy{{ID: "qs2022", Title: "青山区" + evil, Year: 2022, Sentence: "按照《" + evil + "》"}},
	}, nil
}

// evilFileSHA is the SHA-256 of the hostile report's attached file.
var evilFileSHA = strings.Repeat("ab", 32)

func (f *fakeBackend) File(ctx context.Context, id, sha string) (*search.Original, error) {
	if r, ok := f.reports[id]; ok {
		for _, file := range r.Report.Files {
			if file.SHA256 == sha {
				return &search.Original{Data: []byte("%PDF-1.7 " + xssScript), MediaType: file.MediaType, Source: file.Name}, nil
			}
		}
	}
	return nil, fmt.Errorf("file %s of %q: %w", sha, id, search.ErrNotFound)
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

// The fake's series: 青山区's 法治政府建设情况报告 from 2019 to 2023 and a
// hostile one holding the "evil" report.
const (
	fakeSeriesID = "a1b2c3d4e5f60718"
	evilSeriesID = "e0e1e2e3e4e5e6e7"
)

func fakeSeries() []*search.Series {
	evil := xssScript + xssAttr
	qs := &search.Series{ID: fakeSeriesID, Name: "青山区人民政府 法治政府建设情况报告", Agency: "青山区人民政府", Kind: "法治政府建设情况报告",
		Years: []int{2019, 2020, 2021, 2022, 2023}}
	for _, y := range qs.Years {
		qs.Members = append(qs.Members, search.SeriesMember{ID: fmt.Sprintf("qs%d", y), Year: y,
			Title: fmt.Sprintf("青山区人民政府%d年法治政府建设情况报告", y), Date: fmt.Sprintf("%d-03-01", y+1)})
	}
	ev := &search.Series{ID: evilSeriesID, Name: "系列" + evil, Agency: evil, Kind: evil, Years: []int{2021, 2022},
		Members: []search.SeriesMember{{ID: "evil2021", Year: 2021, Title: "旧" + evil}, {ID: "evil", Year: 2022, Title: "标题" + evil}}}
	return []*search.Series{qs, ev}
}

// seriesReport is a plain member report of the fake series.
func seriesReport(id string, year int) *search.ReportView {
	text := "一、总体情况\n行政复议申请120件。\n"
	return &search.ReportView{Report: corpus.Report{
		ID: id, Title: fmt.Sprintf("青山区人民政府%d年法治政府建设情况报告", year), Agency: "青山区人民政府", Year: year,
		Date: fmt.Sprintf("%d-03-01", year+1), Text: text,
		Sections: []corpus.Section{{ID: "1", Level: 1, Number: "一、", Heading: "总体情况", Start: 0, End: len(text)}},
	}}
}

func (f *fakeBackend) ListSeries(ctx context.Context, agency, q string) ([]*search.Series, error) {
	out := []*search.Series{}
	for _, sr := range fakeSeries() {
		if strings.Contains(sr.Agency, agency) && strings.Contains(sr.Name, q) {
			out = append(out, sr)
		}
	}
	return out, nil
}

func (f *fakeBackend) SeriesByID(ctx context.Context, id string) (*search.Series, error) {
	for _, sr := range fakeSeries() {
		if sr.ID == id {
			return sr, nil
		}
	}
	return nil, fmt.Errorf("%w: no series has the id %q", search.ErrNotFound, id)
}

func (f *fakeBackend) SeriesOf(ctx context.Context, reportID string) (*search.Series, error) {
	if reportID == "seriesfail" {
		return nil, fmt.Errorf("reading /srv/lantai/archive: disk on fire")
	}
	for _, sr := range fakeSeries() {
		for _, m := range sr.Members {
			if m.ID == reportID {
				return sr, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: report %s belongs to no series", search.ErrNotFound, reportID)
}

func (f *fakeBackend) Compare(ctx context.Context, a, b string) (*search.Comparison, error) {
	if a == "" || b == "" {
		return nil, fmt.Errorf("%w: compare needs two report ids, a and b", search.ErrBadRequest)
	}
	ref := func(id string) (search.ReportRef, error) {
		r, ok := f.reports[id]
		if !ok {
			return search.ReportRef{}, fmt.Errorf("report %q: %w", id, search.ErrNotFound)
		}
		return search.ReportRef{ID: id, Year: r.Year, Title: r.Title}, nil
	}
	ra, err := ref(a)
	if err != nil {
		return nil, err
	}
	rb, err := ref(b)
	if err != nil {
		return nil, err
	}
	return &search.Comparison{
		A: ra, B: rb,
		Pairs: []search.SectionPair{
			{A: search.SectionBrief{ID: "1", Heading: "总体情况", Level: 1}, B: search.SectionBrief{ID: "1", Heading: "总体情况", Level: 1}, Similarity: 0.82,
				Changes: []search.SentenceChange{
					{Kind: "changed", A: "全年受理行政复议申请120件。", B: "全年受理行政复议申请150件。", Numbers: []search.NumberChange{{A: "120件", B: "150件"}}},
					{Kind: "removed", A: "旧的说法" + xssScript + "。", Numbers: []search.NumberChange{}},
					{Kind: "added", B: "新增的工作。", Numbers: []search.NumberChange{}},
				}},
			{A: search.SectionBrief{ID: "2", Heading: "主要举措", Level: 1}, B: search.SectionBrief{ID: "3", Heading: "深化改革", Level: 1}, Similarity: 0.55,
				SplitFrom: "2", Changes: []search.SentenceChange{}},
			{A: search.SectionBrief{ID: "3", Heading: "加强监督", Level: 1}, B: search.SectionBrief{ID: "3", Heading: "深化改革", Level: 1}, Similarity: 0.4,
				MergedInto: "3", Changes: []search.SentenceChange{}},
		},
		UnmatchedA: []search.SectionBrief{{ID: "4", Heading: "存在问题" + xssScript, Level: 1}},
		UnmatchedB: []search.SectionBrief{{ID: "5", Heading: "下一步打算", Level: 1}},
	}, nil
}

func (f *fakeBackend) Timeline(ctx context.Context, seriesID, metric string) (*search.Timeline, error) {
	metric = strings.TrimSpace(metric)
	if metric == "" || len([]rune(metric)) > 40 {
		return nil, fmt.Errorf("%w: metric is required, at most 40 characters", search.ErrBadRequest)
	}
	sr, err := f.SeriesByID(ctx, seriesID)
	if err != nil {
		return nil, err
	}
	num := func(v float64) *float64 { return &v }
	stated := map[int]search.TimelinePoint{
		2019: {Value: num(90), Unit: "件", Text: "90件", Sentence: "受理" + metric + "90件。", Offset: 10, Occurrences: 1},
		2020: {Value: num(100), Unit: "件", Qualifier: "约", Text: "约100件", Sentence: "受理" + metric + "约100件。", Offset: 12, Occurrences: 2},
		2022: {Value: num(120), ValueMax: num(130), Unit: "件", Text: "120至130件", Sentence: "受理" + metric + "120至130件，" + xssScript, Offset: 8, Occurrences: 1},
		2023: {Value: num(8), Unit: "万元", Text: "8万元", Sentence: metric + "经费8万元。", Offset: 4, Occurrences: 1},
	}
	out := &search.Timeline{Series: sr, Metric: metric, Points: []search.TimelinePoint{}}
	for _, m := range sr.Members {
		p, ok := stated[m.Year]
		if !ok {
			p = search.TimelinePoint{Offset: -1}
		}
		p.Year, p.ReportID, p.Title = m.Year, m.ID, m.Title
		out.Points = append(out.Points, p)
	}
	return out, nil
}

func (f *fakeBackend) FollowSection(ctx context.Context, seriesID, heading string) (*search.Followed, error) {
	heading = strings.TrimSpace(heading)
	if heading == "" {
		return nil, fmt.Errorf("%w: heading is required", search.ErrBadRequest)
	}
	sr, err := f.SeriesByID(ctx, seriesID)
	if err != nil {
		return nil, err
	}
	out := &search.Followed{Series: sr, Heading: heading, Points: []search.FollowedSection{}}
	for i, m := range sr.Members {
		p := search.FollowedSection{Year: m.Year, ReportID: m.ID, Title: m.Title}
		if i != 1 {
			p.Section, p.Score = &search.SectionBrief{ID: "2", Heading: heading + xssScript, Level: 1}, 0.9
		}
		out.Points = append(out.Points, p)
	}
	return out, nil
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

func (f *fakeBackend) Versions(ctx context.Context, id string) ([]search.VersionInfo, error) {
	r, ok := f.reports[id]
	if !ok {
		return nil, fmt.Errorf("report %q: %w", id, search.ErrNotFound)
	}
	return r.Versions, nil
}

// VersionDiff answers for the hostile report's two versions, with markup
// in every text the page shows.
func (f *fakeBackend) VersionDiff(ctx context.Context, id string, a, b int) (*search.VersionDiff, error) {
	r, ok := f.reports[id]
	if !ok {
		return nil, fmt.Errorf("report %q: %w", id, search.ErrNotFound)
	}
	for _, p := range []struct {
		name string
		n    int
	}{{"a", a}, {"b", b}} {
		if p.n < 1 {
			return nil, fmt.Errorf("%w: %s must be a version number, 1 or more, not %d", search.ErrBadRequest, p.name, p.n)
		}
		if p.n > len(r.Versions) {
			return nil, fmt.Errorf("%w: %s=%d: report %s has %d version(s)", search.ErrNotFound, p.name, p.n, id, len(r.Versions))
		}
	}
	evil := xssScript + xssAttr
	va, vb := r.Versions[a-1], r.Versions[b-1]
	va.Number, vb.Number, va.Title, vb.Title = a, b, evil, evil
	return &search.VersionDiff{ID: id, A: va, B: vb, Added: 1, Removed: 1, Changed: 1, Unchanged: 4,
		Groups: []search.DiffGroup{
			{A: &search.SectionBrief{ID: "1", Heading: evil, Level: 1}, B: &search.SectionBrief{ID: "1", Heading: evil, Level: 1}, Changes: []search.DiffChange{
				{SentenceChange: search.SentenceChange{Kind: "changed", A: "办理" + evil + "40件。", B: "办理" + evil + "46件。"},
					Spans: []search.DiffSpan{{Kind: "same", Text: "办理" + evil}, {Kind: "removed", Text: "40"}, {Kind: "added", Text: "46"}, {Kind: "same", Text: "件。"}}},
				{SentenceChange: search.SentenceChange{Kind: "removed", A: "删去" + evil}},
			}},
			{A: nil, B: &search.SectionBrief{ID: "2", Heading: evil, Level: 1}, Changes: []search.DiffChange{
				{SentenceChange: search.SentenceChange{Kind: "added", B: "新增" + evil}},
			}},
		}}, nil
}

// Editions gives the hostile report a history of two steps, one made by
// another report, the other the edition shown.
func (f *fakeBackend) Editions(ctx context.Context, id string) (*search.Editions, error) {
	if _, ok := f.reports[id]; !ok {
		return nil, fmt.Errorf("report %q: %w", id, search.ErrNotFound)
	}
	if id != "evil" {
		return &search.Editions{ID: id, Events: []search.EditionEvent{}, Reports: []search.EditionReport{{ID: id, Current: true}}}, nil
	}
	evil := xssScript + xssAttr
	by, self := "qs2021", "evil"
	return &search.Editions{ID: id, Title: evil,
		Events: []search.EditionEvent{
			{Date: "2005-03-01", Event: "公布", Text: evil, DocNo: evil},
			{Date: "2010-05-01", Event: "修订", Nth: 1, Text: evil, By: evil, ByID: &by, ReportID: &self},
		},
		Reports: []search.EditionReport{{ID: "qs2022", Title: evil, Date: "2003-01-01"}, {ID: "evil", Title: evil, Date: "2010-05-01", Current: true}},
	}, nil
}
