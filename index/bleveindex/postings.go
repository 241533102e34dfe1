package bleveindex

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/internal/sizedlru"
)

// Bounds of the postings cache: entries, and bytes of postings in all (a
// word in every document of the real corpus takes 1.2 MB; most words far
// less).
const (
	postingsCacheEntries = 4096
	postingsCacheBudget  = 64 << 20
)

// postingsCache keeps, per index segment, the postings of the words that
// rank literal matches (TermPostings), as the literal cache keeps
// a literal's confirmed places: a word's score in a match is then found by
// a binary search in memory instead of a step through the segment's
// compressed postings, which was a sixth of a ranked search's time.
type postingsCache struct {
	entries *sizedlru.Cache[postingsKey, *TermPostings]
}

// postingsKey identifies a term's postings in one segment.
type postingsKey struct {
	segment     SegmentKey
	field, term string
}

func newPostingsCache() *postingsCache {
	return &postingsCache{entries: sizedlru.New[postingsKey](postingsCacheEntries, postingsCacheBudget, (*TermPostings).Size)}
}

// postings returns a term's postings in a segment of sets, reading them
// the first time.
func (c *postingsCache) postings(sets *Sets, seg int, field, term string) (*TermPostings, error) {
	key := postingsKey{segment: sets.SegmentKey(seg), field: field, term: term}
	if p, ok := c.entries.Get(key); ok {
		return p, nil
	}
	p, err := sets.TermPostings(seg, field, term)
	if err != nil {
		return nil, err
	}
	c.entries.Add(key, p)
	return p, nil
}

// postingsTermQuery matches the documents whose field holds term and
// scores them exactly as a Bleve term query of boost 1 does, from the
// postings of the cache (NewPostingsSearcher).
type postingsTermQuery struct {
	ix          *Index
	cache       *postingsCache
	field, term string
}

// Searcher implements query.Query.
func (q *postingsTermQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	sets, err := q.ix.Sets(r)
	if err != nil {
		return nil, err
	}
	postings := make([]*TermPostings, sets.Segments())
	for seg := range postings {
		if postings[seg], err = q.cache.postings(sets, seg, q.field, q.term); err != nil {
			return nil, err
		}
	}
	return NewPostingsSearcher(sets, r, q.field, q.term, 1, postings, options)
}

var _ query.Query = (*postingsTermQuery)(nil)
