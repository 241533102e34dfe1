package bleveindex

import (
	"context"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
)

func TestCompactLeavesOneSegmentAndNoDeadOnes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, testSeg)
	if err != nil {
		t.Fatal(err)
	}
	// Many batches, big enough that the merge's superseded files outlive
	// a prompt Close.
	text := strings.Repeat("推进行政复议体制改革，规范行政执法行为，全年办理案件31件。", 40)
	for i := range 24 {
		b := ix.NewBatch()
		for j := range 40 {
			r := corpus.Report{
				ID:       fmt.Sprintf("r%d-%d", i, j),
				Title:    fmt.Sprintf("测试区%d年法治政府建设情况报告之%d", 2020+i, j),
				Text:     text,
				Sections: []corpus.Section{{ID: "s1", Heading: "主要举措", Text: text, Level: 1}},
			}
			if err := b.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := ix.Apply(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	zaps, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	// Every segment file left on disk must belong to the index's current
	// snapshot: the ones the compaction superseded are gone.
	b, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r := snapshot(t, b)
	live := map[string]bool{}
	for _, ss := range r.(*scorch.IndexSnapshot).Segments() {
		live[fmt.Sprintf("%012x.zap", ss.Id())] = true
	}
	if len(live) != 1 {
		t.Errorf("%d segments after compaction, want 1", len(live))
	}
	for _, z := range zaps {
		if !live[filepath.Base(z)] {
			t.Errorf("segment file %s outlived the compaction (live: %v)", filepath.Base(z), live)
		}
	}
}

// threeSegmentIndex is an index of 20 live reports in three segments,
// with a deleted document (r03) in the first. Segments are capped at 10
// documents, so that Bleve's background merges, which only take segments
// under half the cap, leave the three of 7 as they are: under the default
// cap they merged them, dropping r03, in one run in four.
func threeSegmentIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := open(filepath.Join(t.TempDir(), "index"), testSeg, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	agencies := []string{"甲区人民政府", "乙区人民政府", "丙区司法局"}
	n := 0
	for batch := range 3 {
		b := ix.NewBatch()
		for range 7 {
			n++
			r := corpus.Report{
				ID:      fmt.Sprintf("r%02d", n),
				Title:   fmt.Sprintf("第%d号法治政府建设报告", n),
				Agency:  agencies[n%len(agencies)],
				Catalog: []string{"法治政府建设", ""}[n%2],
				Year:    2018 + n%5,
				Date:    fmt.Sprintf("%d-03-%02d", 2018+n%5, n),
				Text:    strings.Repeat("推进行政复议。", n),
			}
			if n%3 == 0 {
				r.Text += "开展普法宣传。"
			}
			if err := b.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if batch == 2 {
			if err := b.Delete("r03"); err != nil {
				t.Fatal(err)
			}
		}
		if err := ix.Apply(b); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func TestCollectAgreesWithBleve(t *testing.T) {
	ix := threeSegmentIndex(t)
	q := bleve.NewTermQuery(TypeReport)
	q.SetField(FieldType)
	all, err := ix.Collect(context.Background(), CollectRequest{Query: q, Size: 100, Fields: []string{FieldReportID}})
	if err != nil {
		t.Fatal(err)
	}
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	for _, f := range FacetFields {
		sr.AddFacet(f, bleve.NewFacetRequest(f, 100))
	}
	want, err := ix.searchBleve(context.Background(), sr)
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != want.Total || all.Total != 20 {
		t.Fatalf("total %d, Bleve %d, want 20", all.Total, want.Total)
	}
	for _, f := range FacetFields {
		wantCounts := map[string]int{}
		for _, tf := range want.Facets[f].Terms.Terms() {
			// Bleve counts the empty term of a report without a
			// catalog; Collect counts no value.
			if tf.Term != "" {
				wantCounts[tf.Term] = tf.Count
			}
		}
		if !maps.Equal(all.Facets[f], wantCounts) {
			t.Errorf("facet %s: %v, Bleve %v", f, all.Facets[f], wantCounts)
		}
	}
	// Without the 16-bit facet rows (a segment with more values than
	// they hold), the 32-bit key rows count the same.
	ix.keysMu.Lock()
	for _, table := range ix.keys {
		if table.facets == nil {
			t.Error("facet rows not packed")
		}
		table.facets = nil
	}
	ix.keysMu.Unlock()
	wide, err := ix.Collect(context.Background(), CollectRequest{Query: q, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(wide.Facets, all.Facets, maps.Equal) {
		t.Errorf("facets from the key rows %v, from the facet rows %v", wide.Facets, all.Facets)
	}
	if len(all.AllIDs) != 0 {
		t.Errorf("AllIDs without AllIDsUpTo: %v", all.AllIDs)
	}
	for _, upTo := range []int{19, 20} {
		c, err := ix.Collect(context.Background(), CollectRequest{Query: q, AllIDsUpTo: upTo})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[int]int{19: 0, 20: 20}[upTo]; len(c.AllIDs) != want || slices.Contains(c.AllIDs, "r03") {
			t.Errorf("AllIDsUpTo %d: %d ids %v, want %d without the deleted r03", upTo, len(c.AllIDs), c.AllIDs, want)
		}
	}
	if all.Hits[0].Fields[FieldReportID] == nil {
		t.Errorf("stored field not loaded: %+v", all.Hits[0].Fields)
	}
	for _, order := range []struct {
		sort SortOrder
		by   string
	}{{ByDate, FieldDateKey}, {ByDateDesc, "-" + FieldDateKey}} {
		sr := bleve.NewSearchRequestOptions(q, 100, 0, false)
		sr.SortBy([]string{order.by})
		want, err := ix.searchBleve(context.Background(), sr)
		if err != nil {
			t.Fatal(err)
		}
		// Pages of 6 put together are the whole order.
		var got []string
		for from := 0; from < 20; from += 6 {
			page, err := ix.Collect(context.Background(), CollectRequest{Query: q, From: from, Size: 6, Sort: order.sort})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range page.Hits {
				got = append(got, h.ID)
			}
		}
		var wantIDs []string
		for _, h := range want.Hits {
			wantIDs = append(wantIDs, h.ID)
		}
		if !slices.Equal(got, wantIDs) {
			t.Errorf("sort %s: %v, Bleve %v", order.by, got, wantIDs)
		}
	}
}

func TestWriterReplacesVersionsAcrossBatches(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"), testSeg)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	report := func(id string, sections int) corpus.Report {
		r := corpus.Report{ID: id, Title: "测试区法治政府建设报告", Text: "推进行政复议。"}
		for i := range sections {
			r.Sections = append(r.Sections, corpus.Section{ID: fmt.Sprint(i), Heading: "举措", Text: "推进行政复议。"})
		}
		return r
	}
	w := ix.newWriter()
	// Versions of one report with 5, then 3 sections in the same batch,
	// then 2 in the next batch, while the first may still be being
	// applied: only the last version's 2 sections may remain.
	if err := w.Add(report("x", 5)); err != nil {
		t.Fatal(err)
	}
	for i := range 2 * batchDocs {
		if err := w.Add(report(fmt.Sprintf("filler%d", i), 0)); err != nil {
			t.Fatal(err)
		}
		switch i {
		case batchDocs / 2:
			if err := w.Add(report("x", 3)); err != nil {
				t.Fatal(err)
			}
		case batchDocs + 10:
			if err := w.Add(report("x", 2)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	n, err := ix.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	if want := uint64(2*batchDocs + 1 + 2); n != want {
		t.Errorf("%d documents, want %d (fillers, the report and its 2 current sections)", n, want)
	}
}

func TestPreamble(t *testing.T) {
	text := "前言。一、总体情况\n正文甲。（一）细项\n正文乙。结语。"
	sec := func(from, to string) corpus.Section {
		start := strings.Index(text, from)
		return corpus.Section{Start: start, End: strings.Index(text, to) + len(to)}
	}
	tests := []struct {
		name     string
		sections []corpus.Section
		want     string
	}{
		{"no sections", nil, text},
		{"text before and after adjacent spans", []corpus.Section{sec("（一）", "正文乙。"), sec("一、", "正文甲。")}, "前言。\n结语。"},
		{"text between spans", []corpus.Section{sec("一、", "总体情况"), sec("（一）", "细项")}, "前言。\n\n正文甲。\n\n正文乙。结语。"},
		{"a span past the end", []corpus.Section{{Start: 3, End: len(text) + 1}}, text},
		{"a span inside a character", []corpus.Section{{Start: 1, End: 6}}, text},
	}
	for _, tt := range tests {
		if got := Preamble(corpus.Report{Text: text, Sections: tt.sections}); got != tt.want {
			t.Errorf("%s: Preamble = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestCompactKeepsSegmentsUnderCap checks the bound on segment size: the
// background merges of many batches and the final compaction leave no
// segment over the cap, and at most one that could still be merged.
func TestCompactKeepsSegmentsUnderCap(t *testing.T) {
	const segmentCap = 200
	ix, err := open(filepath.Join(t.TempDir(), "index"), testSeg, segmentCap)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for i := range 30 {
		b := ix.NewBatch()
		for j := range 20 {
			if err := b.Add(corpus.Report{ID: fmt.Sprintf("r%02d-%02d", i, j), Title: "测试区报告", Text: "推进行政复议。"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := ix.Apply(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := snapshot(t, ix.bleve)
	var sizes []uint64
	var total uint64
	small := 0
	for _, ss := range r.(*scorch.IndexSnapshot).Segments() {
		sizes = append(sizes, ss.Count())
		total += ss.Count()
		if ss.Count() <= segmentCap/2 {
			small++
		}
		if ss.Count() > segmentCap {
			t.Errorf("segment of %d documents, over the cap of %d", ss.Count(), segmentCap)
		}
	}
	if total != 600 || small > 1 || len(sizes) < 3 {
		t.Errorf("segments %v: want 600 documents in segments under %d, at most one of them mergeable", sizes, segmentCap)
	}
}

// snapshot is a reader of the index's current snapshot, closed when the
// test ends.
func snapshot(t *testing.T, b bleve.Index) bindex.IndexReader {
	t.Helper()
	adv, err := b.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestCollectRefusesPagesOutsideTheWindow: a page whose From+Size passes
// index.MaxWindow, overflows or is negative is an error, not an allocation
// of its size.
func TestCollectRefusesPagesOutsideTheWindow(t *testing.T) {
	ix := threeSegmentIndex(t)
	q := bleve.NewMatchAllQuery()
	for _, tt := range []struct{ from, size int }{
		{index.MaxWindow, 1}, {999999990, 10}, {math.MaxInt, 10}, {10, math.MaxInt}, {-10, 10}, {0, -1},
	} {
		if _, err := ix.Collect(context.Background(), CollectRequest{Query: q, From: tt.from, Size: tt.size}); err == nil ||
			!strings.Contains(err.Error(), "collect window") {
			t.Errorf("from %d size %d: error %v, want one naming the collect window", tt.from, tt.size, err)
		}
	}
	if _, err := ix.Collect(context.Background(), CollectRequest{Query: q, From: index.MaxWindow - 10, Size: 10}); err != nil {
		t.Errorf("the last page of the window: %v", err)
	}
}
