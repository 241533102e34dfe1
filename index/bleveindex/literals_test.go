package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/index"
)

// TestLiteralCacheAgreesWithConfirming checks that a search answered from
// the literal cache (the first time, filling it, and again, reading it)
// finds and scores exactly what confirming every candidate anew finds,
// in both scopes and with filters that cut the literal's matches, with
// the candidates confirmed in one part and split in three.
func TestLiteralCacheAgreesWithConfirming(t *testing.T) {
	f, b := openSamples(t, nil)
	queries := []string{"法治政府", "行政复议", "依法行政 法治", `"法治政府建设"`, "title:法治政府", "行政复议 OR 行政诉讼", "法治政府 -行政复议", "桥", "5g", "不存在的文字"}
	requests := []index.Request{}
	for _, q := range queries {
		for _, scope := range []index.Scope{index.Reports, index.Sections} {
			inYear, inDates := parsed(q, scope), parsed(q, scope)
			inYear.Filter = index.Filter{YearFrom: 2022, YearTo: 2022}
			inDates.Filter, inDates.Order = index.Filter{DateFrom: "2021-01-01", DateTo: "2022-12-31"}, index.ByDate
			requests = append(requests, parsed(q, scope), inYear, inDates)
		}
	}
	summary := func(r *index.Result) string {
		out := fmt.Sprintf("total %d, facets %v:", r.Total, r.Facets)
		for _, h := range r.Hits {
			out += fmt.Sprintf(" %s %.3f;", h.DocID, h.Score)
		}
		return out
	}
	cache := b.literals
	found := 0
	// Confirming in parallel: every segment's candidates split in three.
	defer func(from uint64, procs int) {
		parallelConfirmFrom = from
		runtime.GOMAXPROCS(procs)
	}(parallelConfirmFrom, runtime.GOMAXPROCS(3))
	for _, from := range []uint64{1 << 30, 1} {
		parallelConfirmFrom = from
		cache.entries.Purge()
		for _, req := range requests {
			b.literals = nil
			want := summary(f.Search(t, req))
			b.literals = cache
			for _, pass := range []string{"filling the cache", "from the cache"} {
				res := f.Search(t, req)
				if got := summary(res); got != want {
					t.Errorf("%+v %s, parallel from %d candidates:\n got %s\nwant %s", req, pass, from, got, want)
				}
				found += len(res.Hits)
			}
		}
	}
	if found == 0 {
		t.Fatal("no query found anything: the comparison proves nothing")
	}
}

// TestLiteralCacheAfterWrites fills the literal cache, then changes the
// index every way it changes (new reports, a new version, a deletion, a
// reindex whose new index numbers its segments from 1 again) and checks
// after each that cached and uncached searches find the same documents.
func TestLiteralCacheAfterWrites(t *testing.T) {
	f, b := openSamples(t, nil)
	queries := []string{"法治政府", "行政复议", "依法行政", "人民政府", "title:法治政府"}
	compare := func(step string) {
		t.Helper()
		for _, q := range queries {
			for _, scope := range []index.Scope{index.Reports, index.Sections} {
				req := parsed(q, scope)
				got := f.IDs(t, req)
				cache := b.literals
				b.literals = nil
				want := f.IDs(t, req)
				b.literals = cache
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s, %s in %s: cached %d ids, confirming anew %d", step, q, scope, len(got), len(want))
				}
			}
		}
	}
	compare("samples")
	upload := func(i int, work string) {
		t.Helper()
		text := fmt.Sprintf("上传%d区2024年度法治政府建设情况的报告\n\n发文机构\n上传%d区人民政府\n日期\n2024-12-2%d\n\n一、主要工作\n%s\n", i, i, i, work)
		f.Upload(t, fmt.Sprintf("u%d.txt", i), text)
	}
	for i := range 5 {
		upload(i, fmt.Sprintf("推进依法行政，行政复议%d件。", i))
	}
	compare("after uploads")
	upload(2, "不再提及那件事。")
	compare("after a new version")
	ids := f.IDs(t, parsed("上传3区", index.Reports))
	if len(ids) != 1 {
		t.Fatalf("uploaded report 3: %v", ids)
	}
	f.Delete(t, ids[0])
	compare("after a deletion")
	f.Reindex(t)
	compare("after a reindex")
}

// panickingTexts is a matchTexts whose every text lookup panics.
type panickingTexts struct{}

func (panickingTexts) visit(*Sets, int, uint32, func(*matchText)) (bool, error) {
	panic("damaged text")
}

func (panickingTexts) needle(pattern string) needle { return newNeedle(pattern, new([256]uint64)) }

// probeQuery hands the snapshot a search reads to fn and matches nothing.
type probeQuery struct{ fn func(r bindex.IndexReader) }

func (q probeQuery) Searcher(_ context.Context, r bindex.IndexReader, _ mapping.IndexMapping, _ bsearch.SearcherOptions) (bsearch.Searcher, error) {
	q.fn(r)
	return searcher.NewMatchNoneSearcher(r)
}

// TestConfirmPanicIsAnError makes every part of a parallel confirmation
// panic: the search gets an error, and the process goes on.
func TestConfirmPanicIsAnError(t *testing.T) {
	f, _ := openSamples(t, nil)
	ix := liveIndex(f)
	pattern := MatchPattern("法治政府")
	q := &confirmedQuery{ix: ix, texts: panickingTexts{}, terms: QueryTerms("法治政府"), field: FieldLit,
		pattern: pattern, needle: panickingTexts{}.needle(pattern), scale: 1}
	var confirmErr error
	probe := probeQuery{fn: func(r bindex.IndexReader) {
		sets, err := ix.Sets(r)
		if err != nil {
			t.Fatal(err)
		}
		candidates, err := q.everyCandidate(sets, TypeReport)
		if err != nil {
			t.Fatal(err)
		}
		if candidates.Len() < 2 {
			t.Fatalf("%d candidates: too few to split", candidates.Len())
		}
		_, _, confirmErr = confirmInParallelParts(context.Background(), sets, q, 0, candidates.Segment(0), []uint64{0, 1, 1 << 32})
	}}
	if _, err := ix.Collect(context.Background(), CollectRequest{Query: probe}); err != nil {
		t.Fatal(err)
	}
	if confirmErr == nil || !strings.Contains(confirmErr.Error(), "damaged text") {
		t.Errorf("confirming with texts that panic: %v, want the panic as an error", confirmErr)
	}
}

// TestConfirmStopsWhenCancelled confirms a literal with a cancelled
// context: places stops with the context's error and keeps nothing, so
// that the next search confirms it in full.
func TestConfirmStopsWhenCancelled(t *testing.T) {
	f, b := openSamples(t, nil)
	ix := liveIndex(f)
	pattern := MatchPattern("法治政府")
	q := &confirmedQuery{ix: ix, texts: storedTexts{ix}, cache: b.literals, terms: QueryTerms("法治政府"), field: FieldLit,
		pattern: pattern, needle: storedTexts{ix}.needle(pattern), scale: 1}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	probe := probeQuery{fn: func(r bindex.IndexReader) {
		sets, err := ix.Sets(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.literals.places(cancelled, sets, q, TypeReport); !errors.Is(err, context.Canceled) {
			t.Errorf("places with a cancelled context: %v, want context.Canceled", err)
		}
		if n := b.literals.entries.Len(); n != 0 {
			t.Errorf("%d entries cached by a cancelled confirmation", n)
		}
		places, err := b.literals.places(context.Background(), sets, q, TypeReport)
		if err != nil || places[0].any.IsEmpty() {
			t.Errorf("places after the cancelled one: %v, %v", places, err)
		}
	}}
	if _, err := ix.Collect(context.Background(), CollectRequest{Query: probe}); err != nil {
		t.Fatal(err)
	}
}

// TestLiteralCacheKeepsToItsBudget adds places of a megabyte each: the
// cache keeps the newest within its byte budget and counts them right.
func TestLiteralCacheKeepsToItsBudget(t *testing.T) {
	c := newLiteralCache(0)
	places := func() *literalPlaces {
		p := &literalPlaces{title: roaring.New(), heading: roaring.New(), body: roaring.New(), any: roaring.New()}
		for i := uint32(0); i < 1<<23; i += 2 {
			p.any.Add(i)
		}
		return p
	}
	one := places().size()
	n := 2*literalCacheBudget/one + 3
	for i := range n {
		c.entries.Add(literalKey{pattern: fmt.Sprint(i)}, places())
	}
	if c.entries.Bytes() > literalCacheBudget || c.entries.Bytes() != c.entries.Len()*one {
		t.Errorf("%d bytes counted in %d entries of %d, budget %d", c.entries.Bytes(), c.entries.Len(), one, literalCacheBudget)
	}
	if _, ok := c.entries.Get(literalKey{pattern: fmt.Sprint(n - 1)}); !ok {
		t.Error("the newest entry was dropped")
	}
	if _, ok := c.entries.Get(literalKey{pattern: "0"}); ok {
		t.Error("the oldest entry was kept")
	}
}
