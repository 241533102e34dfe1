package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/indexer"
)

// TestLiteralCacheAgreesWithConfirming checks that a search answered from
// the literal cache (the first time, filling it, and again, reading it)
// finds and scores exactly what confirming every candidate anew finds,
// in both scopes and with filters that cut the literal's matches, with
// the candidates confirmed in one part and split in three.
func TestLiteralCacheAgreesWithConfirming(t *testing.T) {
	s, _ := openSamples(t, nil)
	queries := []string{"法治政府", "行政复议", "依法行政 法治", `"法治政府建设"`, "title:法治政府", "行政复议 OR 行政诉讼", "法治政府 -行政复议", "桥", "5g", "不存在的文字"}
	requests := []Request{}
	for _, q := range queries {
		for _, scope := range []string{ScopeReports, ScopeSections} {
			requests = append(requests,
				Request{Query: q, Scope: scope},
				Request{Query: q, Scope: scope, Year: 2022},
				Request{Query: q, Scope: scope, From: "2021-01-01", To: "2022-12-31", Sort: SortDate})
		}
	}
	summary := func(r *Response) string {
		out := fmt.Sprintf("total %d, did you mean %q:", r.Total, r.DidYouMean)
		for _, h := range r.Hits {
			sec := ""
			if h.Section != nil {
				sec = h.Section.ID
			}
			out += fmt.Sprintf(" %s/%s %.3f %s;", h.ID, sec, h.Score, h.Match)
		}
		return out
	}
	cache := s.literals
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
			s.results.invalidate()
			s.literals = nil
			want := summary(doSearch(t, s, req))
			s.literals = cache
			for _, pass := range []string{"filling the cache", "from the cache"} {
				s.results.invalidate()
				res := doSearch(t, s, req)
				if got := summary(res); got != want {
					t.Errorf("%+v %s, parallel from %d candidates:\n got %s\nwant %s", req, pass, from, got, want)
				}
				found += len(exactHits(res))
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
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	queries := []string{"法治政府", "行政复议", "依法行政", "人民政府", "title:法治政府"}
	compare := func(step string) {
		t.Helper()
		for _, q := range queries {
			for _, scope := range []string{ScopeReports, ScopeSections} {
				req := Request{Query: q, Scope: scope, Size: 100}
				s.results.invalidate()
				got, err := s.MatchingIDs(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				cache := s.literals
				s.literals = nil
				want, err := s.MatchingIDs(ctx, req)
				s.literals = cache
				if err != nil {
					t.Fatal(err)
				}
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
		if _, err := s.Ingest(ctx, fmt.Sprintf("u%d.txt", i), []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		upload(i, fmt.Sprintf("推进依法行政，行政复议%d件。", i))
	}
	compare("after uploads")
	upload(2, "不再提及那件事。")
	compare("after a new version")
	ids, err := s.MatchingIDs(ctx, Request{Query: "上传3区"})
	if err != nil || len(ids) != 1 {
		t.Fatalf("uploaded report 3: %v %v", ids, err)
	}
	if err := s.Delete(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	compare("after a deletion")
	if err := s.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	compare("after a reindex")
}

// panickingTexts is a matchTexts whose every text lookup panics.
type panickingTexts struct{}

func (panickingTexts) matchText(string) *matchText { panic("damaged text") }

func (panickingTexts) needle(pattern string) needle { return newNeedle(pattern, new([256]uint64)) }

// probeQuery hands the snapshot a search reads to fn and matches nothing.
type probeQuery struct{ fn func(r index.IndexReader) }

func (q probeQuery) Searcher(_ context.Context, r index.IndexReader, _ mapping.IndexMapping, _ bsearch.SearcherOptions) (bsearch.Searcher, error) {
	q.fn(r)
	return searcher.NewMatchNoneSearcher(r)
}

// TestConfirmPanicIsAnError makes every part of a parallel confirmation
// panic: the search gets an error, and the process goes on.
func TestConfirmPanicIsAnError(t *testing.T) {
	s, _ := openSamples(t, nil)
	ix, err := s.index()
	if err != nil {
		t.Fatal(err)
	}
	pattern := indexer.MatchPattern("法治政府")
	q := &confirmedQuery{ix: ix, texts: panickingTexts{}, terms: indexer.QueryTerms("法治政府"), field: indexer.FieldLit,
		pattern: pattern, needle: panickingTexts{}.needle(pattern), scale: 1}
	var confirmErr error
	probe := probeQuery{fn: func(r index.IndexReader) {
		sets, err := ix.Sets(r)
		if err != nil {
			t.Fatal(err)
		}
		candidates, err := q.everyCandidate(sets, indexer.TypeReport)
		if err != nil {
			t.Fatal(err)
		}
		if candidates.Len() < 2 {
			t.Fatalf("%d candidates: too few to split", candidates.Len())
		}
		_, _, confirmErr = confirmInParallelParts(context.Background(), sets, q, 0, candidates.Segment(0), []uint64{0, 1, 1 << 32})
	}}
	if _, err := ix.Collect(context.Background(), indexer.CollectRequest{Query: probe}); err != nil {
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
	s, _ := openSamples(t, nil)
	ix, err := s.index()
	if err != nil {
		t.Fatal(err)
	}
	pattern := indexer.MatchPattern("法治政府")
	q := &confirmedQuery{ix: ix, texts: s.matches, cache: s.literals, terms: indexer.QueryTerms("法治政府"), field: indexer.FieldLit,
		pattern: pattern, needle: s.matches.needle(pattern), scale: 1}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	probe := probeQuery{fn: func(r index.IndexReader) {
		sets, err := ix.Sets(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.literals.places(cancelled, sets, q, indexer.TypeReport); !errors.Is(err, context.Canceled) {
			t.Errorf("places with a cancelled context: %v, want context.Canceled", err)
		}
		if n := s.literals.entries.Len(); n != 0 {
			t.Errorf("%d entries cached by a cancelled confirmation", n)
		}
		places, err := s.literals.places(context.Background(), sets, q, indexer.TypeReport)
		if err != nil || places[0].any.IsEmpty() {
			t.Errorf("places after the cancelled one: %v, %v", places, err)
		}
	}}
	if _, err := ix.Collect(context.Background(), indexer.CollectRequest{Query: probe}); err != nil {
		t.Fatal(err)
	}
}
