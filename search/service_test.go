package search

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/samples"
)

// openSamples opens a service on a fresh data folder holding the built-in
// sample reports plus any extra files given (name → content).
func openSamples(t *testing.T, extra map[string]string) (*Service, string) {
	t.Helper()
	data := t.TempDir()
	src := filepath.Join(t.TempDir(), "samples")
	if _, err := samples.WriteTo(src); err != nil {
		t.Fatal(err)
	}
	for name, content := range extra {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sum, err := s.IngestPaths(context.Background(), []string{src}, IngestOptions{})
	if err != nil || sum.Failed > 0 {
		t.Fatalf("ingest: %v %+v", err, sum.Failures)
	}
	return s, data
}

func doSearch(t *testing.T, s *Service, req Request) *Response {
	t.Helper()
	res, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	return res
}

func exactHits(res *Response) []Hit {
	var out []Hit
	for _, h := range res.Hits {
		if h.Match == MatchExact {
			out = append(out, h)
		}
	}
	return out
}

const hostileReport = `关于<script>alert(1)</script>的报告

索引号
TEST-0001/2024-00001
发文机构
测试区人民政府
公开目录
法治政府建设
日期
2024-05-06

一、<b>加粗</b>与行政复议
行政复议<img src=x onerror=alert(2)>申请1件，a&b<c。
`

func TestSearchOnSamples(t *testing.T) {
	s, _ := openSamples(t, map[string]string{"hostile.txt": hostileReport})
	ctx := context.Background()

	t.Run("phrase across sub-words", func(t *testing.T) {
		// 复议 is inside the jieba word 行政复议; 政复 spans two words.
		for _, q := range []string{"复议", "政复", "行政复议申请"} {
			if res := doSearch(t, s, Request{Query: q}); res.Total == 0 {
				t.Errorf("%s: no hits", q)
			}
		}
		if res := doSearch(t, s, Request{Query: "双随机一公开"}); len(exactHits(res)) != 0 {
			t.Errorf("双随机一公开 must not match text that reads 双随机、一公开: %d hits", len(exactHits(res)))
		}
	})

	t.Run("scores are finite numbers", func(t *testing.T) {
		// One character, a bigram, a phrase, several terms, Latin and
		// digits, in both scopes: every hit's score must encode as JSON
		// (index v9 scored one-character matches NaN).
		for _, q := range []string{"法", "复", "行政", "行政复议申请", "行政复议 法治", "a", "1件"} {
			for _, scope := range []string{ScopeReports, ScopeSections} {
				res := doSearch(t, s, Request{Query: q, Scope: scope})
				for _, h := range res.Hits {
					if math.IsNaN(h.Score) || math.IsInf(h.Score, 0) {
						t.Errorf("%s (%s): hit %s scores %v", q, scope, h.ID, h.Score)
					}
				}
				if _, err := json.Marshal(res); err != nil {
					t.Errorf("%s (%s): the response does not encode: %v", q, scope, err)
				}
			}
		}
	})

	t.Run("filters and facets", func(t *testing.T) {
		all := doSearch(t, s, Request{Query: "行政复议"})
		if all.Total < 6 {
			t.Fatalf("行政复议: %d reports, want ≥ 6", all.Total)
		}
		years := map[string]int{}
		for _, f := range all.Facets.Year {
			years[f.Value] = f.Count
		}
		for _, y := range []string{"2019", "2020", "2021", "2022", "2023"} {
			if years[y] == 0 {
				t.Errorf("year facet lacks %s: %+v", y, all.Facets.Year)
			}
		}
		one := doSearch(t, s, Request{Query: "行政复议", Year: 2021})
		for _, h := range one.Hits {
			if h.Year != 2021 {
				t.Errorf("year filter let through %d", h.Year)
			}
		}
		agency := doSearch(t, s, Request{Query: "行政复议", Agency: "临江市望川区人民政府"})
		if agency.Total != 1 {
			t.Errorf("agency filter: %d hits, want 1", agency.Total)
		}
		dated := doSearch(t, s, Request{Query: "行政复议", From: "2022-01-01", To: "2023-12-31"})
		for _, h := range dated.Hits {
			if h.Date < "2022-01-01" || h.Date > "2023-12-31" {
				t.Errorf("date filter let through %s", h.Date)
			}
		}
		if dated.Total == 0 || dated.Total >= all.Total {
			t.Errorf("date filter: %d of %d", dated.Total, all.Total)
		}
	})

	t.Run("sorting and paging", func(t *testing.T) {
		asc := doSearch(t, s, Request{Query: "行政复议", Sort: SortDate, Size: 100})
		for i := 1; i < len(asc.Hits); i++ {
			if asc.Hits[i-1].Date > asc.Hits[i].Date {
				t.Errorf("date order broken at %d: %s > %s", i, asc.Hits[i-1].Date, asc.Hits[i].Date)
			}
		}
		desc := doSearch(t, s, Request{Query: "行政复议", Sort: SortDateDesc, Size: 100})
		if desc.Hits[0].Date < desc.Hits[len(desc.Hits)-1].Date {
			t.Errorf("-date does not start with the newest")
		}
		seen := map[string]bool{}
		for page := 1; page <= 3; page++ {
			res := doSearch(t, s, Request{Query: "行政复议", Sort: SortDate, Size: 2, Page: page})
			for _, h := range res.Hits {
				if seen[h.ID] {
					t.Errorf("page %d repeats %s", page, h.ID)
				}
				seen[h.ID] = true
			}
		}
		if len(seen) != min(6, int(asc.Total)) {
			t.Errorf("3 pages of 2 gave %d distinct hits", len(seen))
		}
	})

	t.Run("snippets are escaped with marks on the match", func(t *testing.T) {
		res := doSearch(t, s, Request{Query: "行政复议", Agency: "测试区人民政府"})
		if res.Total != 1 {
			t.Fatalf("hostile report not found: %d", res.Total)
		}
		h := res.Hits[0]
		if h.Title != "关于<script>alert(1)</script>的报告" {
			t.Errorf("title changed: %q", h.Title)
		}
		joined := strings.Join(h.Snippets, "")
		if strings.Contains(joined, "<script") || strings.Contains(joined, "<img") || strings.Contains(joined, "<b>") {
			t.Errorf("snippet not escaped: %s", joined)
		}
		if !strings.Contains(joined, "<mark>行政复议</mark>") || !strings.Contains(joined, "&lt;img") || !strings.Contains(joined, "a&amp;b&lt;c") {
			t.Errorf("snippet marks or escaping wrong: %s", joined)
		}
		stripped := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(joined)
		if strings.Count(joined, "<mark>") != strings.Count(stripped, "行政复议") {
			t.Errorf("every 行政复议 should be marked exactly: %s", joined)
		}
	})

	t.Run("sections carry their report's metadata", func(t *testing.T) {
		res := doSearch(t, s, Request{Query: "行政复议", Scope: ScopeSections, Year: 2022, Size: 50})
		if res.Total == 0 {
			t.Fatal("no section hits")
		}
		for _, h := range res.Hits {
			if h.Section == nil || h.Section.Heading == "" || h.Year != 2022 || h.Agency == "" {
				t.Errorf("bad section hit %+v", h)
			}
		}
	})

	t.Run("by year groups newest first", func(t *testing.T) {
		g, err := s.ByYear(ctx, Request{Query: "行政复议"})
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Years) < 5 {
			t.Fatalf("years: %+v", g.Years)
		}
		for i := 1; i < len(g.Years); i++ {
			if g.Years[i-1].Year <= g.Years[i].Year {
				t.Errorf("years not newest first: %d then %d", g.Years[i-1].Year, g.Years[i].Year)
			}
		}
	})

	t.Run("bad requests", func(t *testing.T) {
		for _, req := range []Request{{Size: 101}, {Page: -1}, {From: "2022-13-01"}, {From: "2023-01-01", To: "2022-01-01"}, {Sort: "up"}, {Scope: "all"}} {
			if _, err := s.Search(ctx, req); !errors.Is(err, ErrBadRequest) {
				t.Errorf("%+v: err %v, want ErrBadRequest", req, err)
			}
		}
	})
}

// TestRebuildProgress checks the progress a reindex reports: after each
// report, done of the archive's total, ending at the total.
func TestRebuildProgress(t *testing.T) {
	s, _ := openSamples(t, nil)
	var calls [][2]int
	s.cfg.RebuildProgress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
	if err := s.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := s.Archive().Len()
	if len(calls) != n+1 || calls[len(calls)-1] != [2]int{n, n} {
		t.Fatalf("progress %v, want 1..%d of %d and a last %d of %d", calls, n, n, n, n)
	}
	for i, c := range calls[:n] {
		if c != [2]int{i + 1, n} {
			t.Errorf("call %d: %v, want [%d %d]", i, c, i+1, n)
		}
	}
}

func TestReindexWhileSearching(t *testing.T) {
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	want := doSearch(t, s, Request{Query: "行政复议"}).Total
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			res, err := s.Search(ctx, Request{Query: "行政复议"})
			if err == nil && res.Total != want {
				err = errors.New("total changed during reindex")
			}
			if err != nil {
				select {
				case errs <- err:
				default:
				}
				return
			}
		}
	}()
	for range 2 {
		if err := s.Reindex(ctx); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	entries, _ := os.ReadDir(s.indexRoot())
	dirs := 0
	for _, e := range entries {
		if e.IsDir() {
			dirs++
		}
	}
	if dirs != 1 {
		t.Errorf("%d index folders after reindex, want 1", dirs)
	}
}

// markOutdated makes the index in dir one this build cannot use: its
// metadata no longer reads, which the backend reports as an index of
// another version (index.ErrVersionMismatch), as it does a version
// recorded by an older build (bleveindex's own tests check that one).
func markOutdated(t *testing.T, s *Service, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte(`{"storage":"an engine of another version"}`), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVersionChangeRebuildsIndex(t *testing.T) {
	tests := []struct {
		name  string
		stale func(t *testing.T, s *Service, dir string)
	}{
		{"another version", markOutdated},
		// An index Bleve cannot open at all (an older build's mapping that
		// names an analyzer this build no longer registers, damaged files).
		{"unreadable", func(t *testing.T, _ *Service, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, data := openSamples(t, nil)
			want := doSearch(t, s, Request{Query: "行政复议"}).Total
			dir := s.currentIndexDir()
			s.Close()
			tt.stale(t, s, dir)
			s2, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t)})
			if err != nil {
				t.Fatal(err)
			}
			open2 := true
			defer func() {
				if open2 {
					s2.Close()
				}
			}()
			if s2.currentIndexDir() == dir || !s2.RebuiltAtOpen() {
				t.Errorf("index was not rebuilt (rebuilt at open: %v)", s2.RebuiltAtOpen())
			}
			if got := doSearch(t, s2, Request{Query: "行政复议"}).Total; got != want {
				t.Errorf("after rebuild: %d hits, want %d", got, want)
			}
			s2.Close()
			open2 = false
			s3, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t)})
			if err != nil {
				t.Fatal(err)
			}
			defer s3.Close()
			if s3.RebuiltAtOpen() {
				t.Error("an index of this version was rebuilt again")
			}
		})
	}
}

// checkRanksFirst indexes two fixture reports of one agency beside the
// samples and checks that the query puts the one titled first ahead of the
// other. Each fixture is a title and a one-paragraph body.
func checkRanksFirst(t *testing.T, scope, agency, query string, first, second [2]string, why string) {
	t.Helper()
	report := func(f [2]string) string {
		return f[0] + "\n\n发文机构\n" + agency + "\n日期\n2024-01-02\n\n一、情况\n" + f[1] + "\n"
	}
	s, _ := openSamples(t, map[string]string{"first.txt": report(first), "second.txt": report(second)})
	res := doSearch(t, s, Request{Query: query, Agency: agency, Scope: scope})
	if len(res.Hits) != 2 {
		t.Fatalf("want both fixture reports, got %d", len(res.Hits))
	}
	if res.Hits[0].Title != first[0] {
		t.Errorf("%s; got %q (%.3f) before %q (%.3f)", why,
			res.Hits[0].Title, res.Hits[0].Score, res.Hits[1].Title, res.Hits[1].Score)
	}
}

func TestWholeWordRanksAboveFragment(t *testing.T) {
	// Other signals equal: one occurrence each, in texts of the same shape.
	// Sections rank by their own words. A report's body words are its
	// sections' (index version 13), so in the reports scope only the title
	// and the preamble say whether the literal is a word of the report's.
	checkRanksFirst(t, ScopeSections, "测试区人民政府", "通办",
		[2]string{"测试区政务事项报告", "推进通办工作。"},
		[2]string{"测试区跨省事项报告", "推进跨省通办工作。"},
		"通办 as a word should rank first")
}

func TestAdjacentWordsRankAboveWordsApart(t *testing.T) {
	checkRanksFirst(t, ScopeReports, "邻近区人民政府", "申请 复议",
		[2]string{"邻近区乙报告", "全年受理申请复议案件，办理情况良好，群众满意度提升，各项工作有序推进，队伍建设不断加强。"},
		[2]string{"邻近区甲报告", "申请增多。复议增多。申请、复议、申请、复议。"},
		"adjacent words should rank first")
}

func TestRecentSortBoostsNewerReports(t *testing.T) {
	report := func(title, date, heading, body string) string {
		return title + "\n\n发文机构\n近年区人民政府\n日期\n" + date + "\n\n一、" + heading + "\n" + body + "\n"
	}
	s, _ := openSamples(t, map[string]string{
		"old.txt": report("近年区二〇一八年度工作报告", "2019-03-01", "试点示范", "开展试点示范工作。"),
		"new.txt": report("近年区二〇二三年度工作报告", "2024-03-01", "其他工作", "开展试点示范工作。"),
	})
	defer func(orig func() time.Time) { now = orig }(now)
	now = func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }
	req := Request{Query: "试点示范", Agency: "近年区人民政府"}
	plain := doSearch(t, s, req)
	req.Sort = SortRecent
	recent := doSearch(t, s, req)
	if plain.Total != 2 || recent.Total != 2 {
		t.Fatalf("want both fixture reports, got %d and %d", plain.Total, recent.Total)
	}
	if plain.Hits[0].Date != "2019-03-01" {
		t.Fatalf("fixture assumption broken: relevance alone puts %s first, want the report of 2019 (a heading match)", plain.Hits[0].Date)
	}
	if recent.Hits[0].Date != "2024-03-01" {
		t.Errorf("recent sort: first hit dated %s, want the report of 2024", recent.Hits[0].Date)
	}
}

func TestLongPastedQueryIsBoundedAndStillFound(t *testing.T) {
	s, _ := openSamples(t, nil)
	data, err := os.ReadFile(filepath.Join("..", "samples", "reports", "yunxi-2020-fazhi.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// A whole sentence pasted from the report, well over a hundred characters
	// once repeated: planning must stay bounded and the report still found.
	text := string(data)
	i := strings.Index(text, "2020年，区政府共收到")
	if i < 0 {
		t.Fatal("fixture sentence not found")
	}
	sentence := []rune(text[i:])[:40]
	res := doSearch(t, s, Request{Query: string(sentence)})
	if len(exactHits(res)) != 1 || !strings.Contains(res.Hits[0].Title, "2020") {
		t.Errorf("pasted sentence: %d exact hits, first %+v", len(exactHits(res)), res.Hits)
	}
}

func TestWarmBuildsLazyTables(t *testing.T) {
	s, _ := openSamples(t, nil)
	s.Warm(context.Background())
	s.suggest.mu.Lock()
	built := s.suggest.current != nil
	s.suggest.mu.Unlock()
	x := s.extras()
	x.mu.Lock()
	homo := x.homo != nil
	x.mu.Unlock()
	if !built || !homo {
		t.Errorf("after Warm: suggestions built %v, homophones built %v", built, homo)
	}
}

func TestUploadAndDelete(t *testing.T) {
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	upload := "上传区2024年度法治政府建设情况的报告\n\n发文机构\n上传区人民政府\n日期\n2024-12-20\n\n一、主要工作\n全年办理诉源治理案件12件。\n"
	res, err := s.Ingest(ctx, "../../etc/upload.txt", []byte(upload))
	if err != nil || res.Added != 1 || len(res.IDs) != 1 || len(res.Failures) != 0 {
		t.Fatalf("upload: %+v, %v", res, err)
	}
	id := res.IDs[0]
	if got := doSearch(t, s, Request{Query: "诉源治理", Agency: "上传区人民政府"}); got.Total != 1 {
		t.Fatalf("uploaded report not searchable: %d hits", got.Total)
	}
	again, err := s.Ingest(ctx, "upload.txt", []byte(upload))
	if err != nil || again.Unchanged != 1 {
		t.Errorf("same upload again: %+v, %v", again, err)
	}
	bad, err := s.Ingest(ctx, "scan.pdf", []byte("%PDF-1.7\x00\x01\x02binary"))
	if err != nil || len(bad.Failures) != 1 || bad.Added != 0 || !strings.Contains(bad.Failures[0].Source, "scan.pdf") {
		t.Errorf("binary upload: %+v, %v", bad, err)
	}
	if _, err := s.Ingest(ctx, "/", []byte(upload)); !errors.Is(err, ErrBadRequest) {
		t.Errorf("upload without a name: %v, want ErrBadRequest", err)
	}
	before := s.Archive().Len()
	if err := s.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got := doSearch(t, s, Request{Query: "诉源治理", Agency: "上传区人民政府"}); got.Total != 0 {
		t.Errorf("deleted report still found: %d hits", got.Total)
	}
	if s.Archive().Len() != before-1 {
		t.Errorf("archive holds %d reports after delete, want %d", s.Archive().Len(), before-1)
	}
	if err := s.Delete(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
}

func TestReadOnlyOpenOfAnOutdatedIndexAsksForReindex(t *testing.T) {
	s, data := openSamples(t, nil)
	dir := s.currentIndexDir()
	s.Close()
	markOutdated(t, s, dir)
	_, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t), ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "lantai reindex") || !strings.Contains(err.Error(), "another version") {
		t.Fatalf("read-only open of an outdated index: %v, want an error that says to reindex", err)
	}
	if s.currentIndexDir() != dir {
		t.Error("a read-only open rebuilt the index")
	}
}

func TestRelatedReportsShareTitleWords(t *testing.T) {
	report := func(title, agency string) string {
		return title + "\n\n发文机构\n" + agency + "\n日期\n2024-01-02\n\n一、情况\n推进工作。\n"
	}
	// The titles share one word only, of four characters.
	s, _ := openSamples(t, map[string]string{
		"a.txt": report("测试区跨省通办工作报告", "测试区人民政府"),
		"b.txt": report("望川区跨省通办实施情况", "望川区人民政府"),
	})
	res := doSearch(t, s, Request{Query: "title:测试区跨省通办工作报告"})
	if len(res.Hits) != 1 {
		t.Fatalf("fixture not found: %d hits", len(res.Hits))
	}
	view, err := s.Report(context.Background(), res.Hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, h := range view.Related {
		titles = append(titles, h.Title)
	}
	if !slices.Contains(titles, "望川区跨省通办实施情况") {
		t.Errorf("related reports %q lack the one sharing 跨省通办", titles)
	}
}

// TestTitleFieldInSections checks that title: in the sections scope finds
// every section of the reports whose title has the literal, whatever the
// section's own text says.
func TestTitleFieldInSections(t *testing.T) {
	s, _ := openSamples(t, nil)
	const literal = "法治政府建设情况"
	want := 0
	err := s.Archive().Each(func(r corpus.Report) error {
		if strings.Contains(r.Title, literal) {
			want += len(r.Sections)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want == 0 {
		t.Fatal("fixture assumption broken: no sample report has the literal in its title")
	}
	exact := 0
	for page := 1; ; page++ {
		res := doSearch(t, s, Request{Query: "title:" + literal, Scope: ScopeSections, Size: 100, Page: page})
		if len(res.Hits) == 0 {
			break
		}
		for _, h := range res.Hits {
			if h.Match != MatchExact {
				continue
			}
			exact++
			if !strings.Contains(h.Title, literal) {
				t.Errorf("hit %s %q does not belong to a report titled with %s", h.ID, h.Title, literal)
			}
		}
	}
	if exact != want {
		t.Errorf("title:%s in sections: %d exact hits, want %d (every section of those reports)", literal, exact, want)
	}
}

// TestJointlyIssuedReportFiltersAndFacets searches a report issued by
// two bodies together: the agency filter of either finds it, the agency
// facet counts it under each, and the hit shows the 发文机构 as written.
func TestJointlyIssuedReportFiltersAndFacets(t *testing.T) {
	report := func(title, agency string) string {
		return title + "\n\n发文机构\n" + agency + "\n日期\n2023-05-01\n\n一、联合检查\n开展联合执法检查。\n"
	}
	s, _ := openSamples(t, map[string]string{
		"joint.txt": report("关于开展联合执法检查的通知", "临江市交通运输局、临江市公安局"),
		"alone.txt": report("关于联合执法检查情况的报告", "临江市公安局"),
	})
	for _, tt := range []struct {
		agency string
		want   uint64
	}{{"临江市交通运输局", 1}, {"临江市公安局", 2}, {"临江市交通运输局、临江市公安局", 1}, {"临江市财政局", 0}} {
		for _, scope := range []string{ScopeReports, ScopeSections} {
			res := doSearch(t, s, Request{Query: "联合执法检查", Scope: scope, Agency: tt.agency})
			if res.Total != tt.want {
				t.Errorf("agency %s, %s: %d hits, want %d", tt.agency, scope, res.Total, tt.want)
			}
		}
	}
	res := doSearch(t, s, Request{Query: "联合执法检查"})
	counts := map[string]int{}
	for _, f := range res.Facets.Agency {
		counts[f.Value] = f.Count
	}
	if counts["临江市交通运输局"] != 1 || counts["临江市公安局"] != 2 || counts["临江市交通运输局、临江市公安局"] != 0 {
		t.Errorf("agency facet %v: want the joint report under each issuer", res.Facets.Agency)
	}
	for _, h := range res.Hits {
		if h.Title == "关于开展联合执法检查的通知" && h.Agency != "临江市交通运输局、临江市公安局" {
			t.Errorf("hit agency %q, want the 发文机构 as written", h.Agency)
		}
	}
}

// TestWritesDuringReindexAreKept uploads a report and deletes another
// while a reindex is reading the archive (from inside its progress
// callback, which the rebuild waits for): neither write waits for the
// rebuild, and the swapped-in index has both.
func TestWritesDuringReindexAreKept(t *testing.T) {
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	gone := exactHits(doSearch(t, s, Request{Query: "望川区"}))
	if len(gone) == 0 {
		t.Fatal("no 望川区 report in the samples")
	}
	upload := "新桥区2024年法治政府建设情况报告\n\n发文机构\n新桥区人民政府\n日期\n2024-12-30\n\n一、主要工作\n推进新桥区依法行政。\n"
	var once sync.Once
	var writeErr error
	s.cfg.RebuildProgress = func(done, total int) {
		once.Do(func() {
			finished := make(chan error, 1)
			go func() {
				wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
				defer cancel()
				if _, err := s.Ingest(wctx, "xinqiao.txt", []byte(upload)); err != nil {
					finished <- err
					return
				}
				finished <- s.Delete(wctx, gone[0].ID)
			}()
			writeErr = <-finished
		})
	}
	if err := s.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	if writeErr != nil {
		t.Fatalf("writes during the reindex: %v", writeErr)
	}
	if got := exactHits(doSearch(t, s, Request{Query: "新桥区"})); len(got) != 1 {
		t.Errorf("report uploaded during the reindex: %d exact hits after it, want 1", len(got))
	}
	for _, h := range exactHits(doSearch(t, s, Request{Query: "望川区"})) {
		if h.ID == gone[0].ID {
			t.Errorf("report deleted during the reindex is still found after it")
		}
	}
}

// TestWriteGivesUpWhenBusy holds the write turn: a write whose deadline
// passes first fails with ErrBusy, having stored nothing.
func TestWriteGivesUpWhenBusy(t *testing.T) {
	s, _ := openSamples(t, nil)
	if err := s.writes.takeTurn(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	before := s.Archive().Len()
	_, err := s.Ingest(ctx, "busy.txt", []byte("忙碌区报告\n\n发文机构\n忙碌区人民政府\n日期\n2024-01-01\n\n一、情况\n忙碌。\n"))
	s.writes.releaseTurn()
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("upload while another write holds the turn: %v, want ErrBusy", err)
	}
	if s.Archive().Len() != before {
		t.Errorf("a refused upload stored a report")
	}
}

// TestOpenRemovesOrphanedIndexFolders: a rebuild killed before its swap
// leaves an idx-* folder; the next open for writing removes it, a
// read-only open leaves it.
func TestOpenRemovesOrphanedIndexFolders(t *testing.T) {
	s, data := openSamples(t, nil)
	live := s.currentIndexDir()
	s.Close()
	orphan := filepath.Join(data, "index", "idx-20260101T000000.000000000")
	if err := os.MkdirAll(orphan, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(orphan, "root.bolt"), []byte("half-built"), 0o644)
	ro, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t), ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ro.Close()
	if _, err := os.Stat(orphan); err != nil {
		t.Fatalf("a read-only open removed the orphan: %v", err)
	}
	s2, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Errorf("orphaned index folder still there after an open for writing: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the live index folder went: %v", err)
	}
}

func TestStatsCountArchiveBytes(t *testing.T) {
	s, _ := openSamples(t, nil)
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.ArchiveBytes <= 0 || st.IndexBytes <= 0 || st.Reports != s.Archive().Len() {
		t.Errorf("stats %+v: want archive and index bytes and %d reports", st, s.Archive().Len())
	}
}

// TestReadOnlyOpenBesideAWriter: while a service holds the data folder
// for writing (as `lantai serve` does), a read-only one (`lantai search`,
// `stats`) opens and answers from the index as it was.
func TestReadOnlyOpenBesideAWriter(t *testing.T) {
	s, data := openSamples(t, nil)
	want, err := s.Search(context.Background(), Request{Query: "行政复议"})
	if err != nil {
		t.Fatal(err)
	}
	ro, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t), ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open beside a writer: %v", err)
	}
	defer ro.Close()
	got, err := ro.Search(context.Background(), Request{Query: "行政复议"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != want.Total || want.Total == 0 {
		t.Errorf("read-only beside a writer: %d matches, the writer %d", got.Total, want.Total)
	}
	if st, err := ro.Stats(context.Background()); err != nil || st.Reports != s.Archive().Len() {
		t.Errorf("read-only stats %+v, %v: want %d reports", st, err, s.Archive().Len())
	}
}
