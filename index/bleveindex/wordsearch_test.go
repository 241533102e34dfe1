package bleveindex

import (
	"context"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

func TestGallop(t *testing.T) {
	sorted := []uint32{2, 4, 4, 7, 9, 15, 16, 40}
	tests := []struct {
		at   int
		v    uint32
		want int
	}{
		{0, 0, 0}, {0, 2, 0}, {0, 3, 1}, {0, 4, 1}, {0, 5, 3}, {0, 16, 6}, {0, 17, 7}, {0, 40, 7}, {0, 41, 8},
		{3, 2, 3}, {3, 8, 4}, {5, 100, 8}, {8, 1, 8}, {7, 40, 7},
	}
	for _, tt := range tests {
		if got := gallop(sorted, tt.at, tt.v); got != tt.want {
			t.Errorf("gallop(from %d, %d) = %d, want %d", tt.at, tt.v, got, tt.want)
		}
	}
	if got := gallop(nil, 0, 5); got != 0 {
		t.Errorf("gallop(nil) = %d", got)
	}
}

// TestBatchScoresAgreeWithSearchers scores every document of a
// three-segment index with a deleted one in batches of several sizes, in
// order and going back, and compares with the searcher's own matches: a
// term's and a conjunction's batch scores are their searchers' to the
// last bit, and the conjunction matches what Bleve's conjunction of term
// searchers matches, scored the same up to the order of its sum.
func TestBatchScoresAgreeWithSearchers(t *testing.T) {
	ix := threeSegmentIndex(t)
	r := snapshot(t, ix.bleve)
	sets, err := ix.Sets(r)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cache := newPostingsCache()
	term := func(field, word string) *postingsTermQuery {
		return &postingsTermQuery{ix: ix, cache: cache, field: field, term: word}
	}
	tests := []struct {
		name  string
		query query.Query
		words []*postingsTermQuery
	}{
		{"one word", term(FieldTextWords, "行政复议"), nil},
		{"a rare word", term(FieldTextWords, "普法"), nil},
		{"two words", &wordsConjunction{parts: []*postingsTermQuery{term(FieldTextWords, "行政复议"), term(FieldTextWords, "普法")}}, nil},
		{"title words", &wordsConjunction{parts: []*postingsTermQuery{term(FieldTitleWords, "法治政府建设"), term(FieldTitleWords, "报告")}}, nil},
		{"a missing word", &wordsConjunction{parts: []*postingsTermQuery{term(FieldTextWords, "行政复议"), term(FieldTextWords, "桥梁")}}, nil},
	}
	for _, tt := range tests {
		open := func() search.Searcher {
			s, err := tt.query.Searcher(ctx, r, ix.bleve.Mapping(), search.SearcherOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s.SetQueryNorm(0.37)
			return s
		}
		// What stepping through the searcher gives.
		want := allMatches(t, open())
		if conj, ok := tt.query.(*wordsConjunction); ok {
			checkAgainstBleveConjunction(t, tt.name, r, conj, want)
		}
		for _, size := range []int{1, 3, 100} {
			got := map[uint64]float64{}
			scorer := open().(rankScorer)
			for seg := range sets.Segments() {
				n := int(sets.segs[seg].Segment().Count())
				var locals []uint32
				deleted := sets.segs[seg].Deleted()
				for local := range n {
					if deleted == nil || !deleted.Contains(uint32(local)) {
						locals = append(locals, uint32(local))
					}
				}
				// Every segment twice: the second time going back
				// to its start.
				for pass := range 2 {
					for from := 0; from < len(locals); from += size {
						batch := locals[from:min(from+size, len(locals))]
						scores := make([]float64, len(batch))
						scorer.addScores(seg, batch, scores)
						for i, local := range batch {
							if scores[i] != 0 && pass == 1 {
								got[sets.keys.offsets[seg]+uint64(local)] = scores[i]
							}
						}
					}
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s, batches of %d: %d documents scored, the searcher matches %d", tt.name, size, len(got), len(want))
			}
			for doc, w := range want {
				if got[doc] != w {
					t.Errorf("%s, batches of %d: document %d scored %v, the searcher %v", tt.name, size, doc, got[doc], w)
				}
			}
		}
		if tt.name != "a missing word" && len(want) == 0 {
			t.Errorf("%s: nothing to compare", tt.name)
		}
	}
}

// checkAgainstBleveConjunction compares a words conjunction's matches with
// those of Bleve's conjunction of the same terms' searchers.
func checkAgainstBleveConjunction(t *testing.T, name string, r bindex.IndexReader, q *wordsConjunction, want map[uint64]float64) {
	t.Helper()
	ctx := context.Background()
	var parts []search.Searcher
	for _, p := range q.parts {
		s, err := searcher.NewTermSearcher(ctx, r, p.term, p.field, 1, search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, s)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, parts, search.SearcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	conj.SetQueryNorm(0.37)
	got := allMatches(t, conj)
	for doc, score := range got {
		w, ok := want[doc]
		if !ok || math.Abs(w-score) > 1e-12*score {
			t.Errorf("%s: document %d scored %v by Bleve's conjunction, %v (matched %v) by the words conjunction", name, doc, score, w, ok)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: Bleve's conjunction matches %d documents, the words conjunction %d", name, len(got), len(want))
	}
}

// allMatches steps through a searcher: every match's document number and
// score.
func allMatches(t *testing.T, s search.Searcher) map[uint64]float64 {
	t.Helper()
	out := map[uint64]float64{}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(10, 0)}
	for {
		dm, err := s.Next(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if dm == nil {
			return out
		}
		out[dm.IndexInternalID.Value()] = dm.Score
		sctx.DocumentMatchPool.Put(dm)
	}
}
