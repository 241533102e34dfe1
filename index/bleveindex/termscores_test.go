package bleveindex

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestPostingsSearcherScoresAsBleve walks a postings searcher and Bleve's
// term searcher side by side over three segments with a deleted document:
// the same documents, scored the same to the last bit, by Next and by
// Advance, before and after a query norm.
func TestPostingsSearcherScoresAsBleve(t *testing.T) {
	ix := threeSegmentIndex(t)
	r := snapshot(t, ix.bleve)
	sets, err := ix.Sets(r)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tt := range []struct{ field, term string }{
		{FieldTextWords, "行政复议"}, {FieldTextWords, "普法"}, {FieldTitleWords, "报告"}, {FieldTextWords, "桥梁"},
	} {
		postings := make([]*TermPostings, sets.Segments())
		for seg := range postings {
			if postings[seg], err = sets.TermPostings(seg, tt.field, tt.term); err != nil {
				t.Fatal(err)
			}
		}
		for _, norm := range []float64{0, 0.37} {
			for _, advance := range []bool{false, true} {
				opts := search.SearcherOptions{}
				want, err := searcher.NewTermSearcher(ctx, r, tt.term, tt.field, 1.5, opts)
				if err != nil {
					t.Fatal(err)
				}
				got, err := NewPostingsSearcher(sets, r, tt.field, tt.term, 1.5, postings, opts)
				if err != nil {
					t.Fatal(err)
				}
				if got.Count() != want.Count() || got.Weight() != want.Weight() {
					t.Errorf("%s:%s: count %d weight %v, Bleve %d %v", tt.field, tt.term, got.Count(), got.Weight(), want.Count(), want.Weight())
				}
				if norm != 0 {
					got.SetQueryNorm(norm)
					want.SetQueryNorm(norm)
				}
				sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(10, 0)}
				step := func(s search.Searcher, doc uint64) (*search.DocumentMatch, error) {
					if !advance {
						return s.Next(sctx)
					}
					id := bindex.NewIndexInternalID(nil, doc)
					return s.Advance(sctx, id)
				}
				matches := 0
				for doc := uint64(0); ; doc += 2 {
					w, err := step(want, doc)
					if err != nil {
						t.Fatal(err)
					}
					g, err := step(got, doc)
					if err != nil {
						t.Fatal(err)
					}
					if w == nil || g == nil {
						if w != g {
							t.Errorf("%s:%s: one searcher ended before the other: %v, Bleve %v", tt.field, tt.term, g, w)
						}
						break
					}
					if !g.IndexInternalID.Equals(w.IndexInternalID) || g.Score != w.Score {
						t.Errorf("%s:%s norm %v advance %v: %v scored %v, Bleve %v scored %v", tt.field, tt.term, norm, advance, g.IndexInternalID.Value(), g.Score, w.IndexInternalID.Value(), w.Score)
					}
					matches++
					doc = max(doc, w.IndexInternalID.Value())
				}
				if tt.term != "桥梁" && matches == 0 {
					t.Errorf("%s:%s: no matches to compare", tt.field, tt.term)
				}
			}
		}
	}
}

// TestMappingScoresByTFIDF guards NewPostingsSearcher's assumption: the
// index is scored by tf-idf, whose term scores it reproduces; BM25 needs
// field lengths it does not read.
func TestMappingScoresByTFIDF(t *testing.T) {
	if m := newMapping().ScoringModel; m != "" && m != bindex.TFIDFScoring {
		t.Errorf("the mapping scores by %q; NewPostingsSearcher scores by tf-idf", m)
	}
}
