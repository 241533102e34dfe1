package search

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// phraseQuery matches the documents whose field holds the slots' terms at
// consecutive positions: any one of a slot's terms at its position, any
// term at all for a slot of one empty string. It is Bleve's multi-phrase
// query with another position check. Bleve walks every location of the
// first term against every location of the next, which is quadratic in how
// often two common bigrams (国务, 务院) occur in one document; this check
// starts from the slot with the fewest locations and looks the others up
// by binary search.
type phraseQuery struct {
	slots [][]string
	field string
	boost float64
}

// Searcher implements query.Query.
func (q *phraseQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	options.IncludeTermVectors = true
	var parts []bsearch.Searcher
	closeAll := func() {
		for _, p := range parts {
			_ = p.Close()
		}
	}
	slotsOf := map[string][]int{}
	pinned := make([]bool, len(q.slots))
	for i, slot := range q.slots {
		var terms []bsearch.Searcher
		for _, t := range slot {
			if t == "" {
				continue
			}
			pinned[i] = true
			if !slices.Contains(slotsOf[t], i) {
				slotsOf[t] = append(slotsOf[t], i)
			}
			ts, err := searcher.NewTermSearcher(ctx, r, t, q.field, q.boost, options)
			if err != nil {
				closeAll()
				return nil, err
			}
			terms = append(terms, ts)
		}
		switch len(terms) {
		case 0:
		case 1:
			parts = append(parts, terms[0])
		default:
			d, err := searcher.NewDisjunctionSearcher(ctx, r, terms, 1, options)
			if err != nil {
				closeAll()
				return nil, err
			}
			parts = append(parts, d)
		}
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, parts, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	return &phraseSearcher{Searcher: must, slotsOf: slotsOf, pinned: pinned, positions: make([][]uint64, len(q.slots))}, nil
}

// SetBoost implements query.BoostableQuery.
func (q *phraseQuery) SetBoost(b float64) { q.boost = b }

// Boost implements query.BoostableQuery.
func (q *phraseQuery) Boost() float64 { return q.boost }

var _ query.BoostableQuery = (*phraseQuery)(nil)

// phraseSearcher passes on the documents of the conjunction of its terms
// whose term positions line up.
type phraseSearcher struct {
	bsearch.Searcher
	slotsOf   map[string][]int
	pinned    []bool // the slot has terms (is not "any term")
	positions [][]uint64
}

// Next implements search.Searcher.
func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if dm == nil || err != nil {
			return dm, err
		}
		if s.lineUp(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

// Advance implements search.Searcher.
func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm == nil || err != nil {
		return dm, err
	}
	if s.lineUp(dm) {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// DocumentMatchPoolSize implements search.Searcher.
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.Searcher.DocumentMatchPoolSize() + 1 }

// lineUp reports whether the document has every slot's terms at
// consecutive positions, and drops the term locations, which nothing
// downstream reads.
func (s *phraseSearcher) lineUp(dm *bsearch.DocumentMatch) bool {
	for i := range s.positions {
		s.positions[i] = s.positions[i][:0]
	}
	for _, ftl := range dm.FieldTermLocations {
		for _, i := range s.slotsOf[ftl.Term] {
			s.positions[i] = append(s.positions[i], ftl.Location.Pos)
		}
	}
	dm.FieldTermLocations = dm.FieldTermLocations[:0]
	anchor := -1
	for i, p := range s.positions {
		if !s.pinned[i] {
			continue
		}
		slices.Sort(p)
		if anchor < 0 || len(p) < len(s.positions[anchor]) {
			anchor = i
		}
	}
	if anchor < 0 {
		return true
	}
	for _, p := range s.positions[anchor] {
		if p < uint64(anchor) {
			continue
		}
		start := p - uint64(anchor)
		all := true
		for i, other := range s.positions {
			if !s.pinned[i] || i == anchor {
				continue
			}
			if _, found := slices.BinarySearch(other, start+uint64(i)); !found {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}
