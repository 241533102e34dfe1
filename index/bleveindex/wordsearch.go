package bleveindex

import (
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// The word fields rank a literal's matches by tf-idf. A searcher steps
// through their postings match by match; a search whose matches are known
// as sets (CollectRequest.Matches) scores them instead in batches of one
// segment's documents (rankScorer), a merge of two sorted lists, which is
// a few nanoseconds a match instead of a searcher step, and makes a warm
// search's cost that of counting its matches.

// rankScorer adds the scores of a query's rank clauses to matches given
// in batches, in place of stepping a searcher to each.
type rankScorer interface {
	// addScores adds to scores[i] the clause's score of document locals[i]
	// (ascending) of segment seg, for each document that the clause
	// matches. It is quickest when successive calls go on where the last
	// stopped.
	addScores(seg int, locals []uint32, scores []float64)
}

// idf is the inverse document frequency of a term in docTerm of docTotal
// documents, as Bleve's tf-idf scorer computes it.
func idf(docTotal, docTerm uint64) float64 {
	return 1.0 + math.Log(float64(docTotal)/float64(docTerm+1.0))
}

// scoreOf is the score of a match of frequency freq and field norm norm,
// computed exactly as Bleve's term scorer does (scorer.TermQueryScorer).
func (s *postingsSearcher) scoreOf(freq uint64, norm float64) float64 {
	score := math.Sqrt(float64(freq)) * norm * s.idf
	if s.queryWeight != 1.0 {
		score *= s.queryWeight
	}
	return score
}

// addScores implements rankScorer. It keeps its own place in the postings,
// apart from the searcher's.
func (s *postingsSearcher) addScores(seg int, locals []uint32, scores []float64) {
	s.eachHeld(seg, locals, func(i, at int) {
		p := s.postings[seg]
		scores[i] += s.scoreOf(p.Freqs[at], p.Norms[at])
	})
}

// eachHeld calls fn with i and the index at of its postings for each
// document locals[i] of segment seg that holds the term.
func (s *postingsSearcher) eachHeld(seg int, locals []uint32, fn func(i, at int)) {
	if seg != s.batchSeg {
		s.batchSeg, s.batchAt = seg, 0
	}
	held := s.postings[seg].Locals
	at := s.batchAt
	if len(locals) > 0 && at > 0 && held[at-1] >= locals[0] {
		// A batch behind the last one (collectScored goes kind by
		// kind): every held document before at is below the batch's
		// first only while held[at-1] is.
		at = 0
	}
	for i, local := range locals {
		at = gallop(held, at, local)
		if at == len(held) {
			break
		}
		if held[at] == local {
			fn(i, at)
		}
	}
	s.batchAt = at
}

// gallop returns the first index from at on where sorted holds a value of
// at least v (len(sorted) when none), searching in doubling steps: a match
// list and a word's postings are both long and mostly overlap, or one is
// far shorter.
func gallop(sorted []uint32, at int, v uint32) int {
	if at >= len(sorted) || sorted[at] >= v {
		return at
	}
	lo, step := at, 1
	hi := at + step
	for hi < len(sorted) && sorted[hi] < v {
		lo = hi
		step *= 2
		hi = lo + step
	}
	hi = min(hi, len(sorted))
	// sorted[lo] < v; the answer is in (lo, hi].
	for lo+1 < hi {
		mid := int(uint(lo+hi) >> 1)
		if sorted[mid] < v {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// wordsConjunction matches the documents holding every one of its words
// and scores a match by the sum of their term scores, in the order of its
// parts, as a Bleve conjunction of their term queries would (which sums in
// the order of its parts' counts). Its searcher also scores batches
// (rankScorer) and sums in the same order, so a match scores the same
// either way, to the last bit.
type wordsConjunction struct {
	parts []*postingsTermQuery
}

// Searcher implements query.Query.
func (q *wordsConjunction) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s := &wordsConjunctionSearcher{}
	for _, part := range q.parts {
		ps, err := part.Searcher(ctx, r, m, options)
		if err != nil {
			_ = s.Close()
			return nil, err
		}
		s.parts = append(s.parts, ps.(*postingsSearcher))
	}
	s.current = make([]*bsearch.DocumentMatch, len(s.parts))
	// As Bleve's conjunction does, until a query above sets the norm.
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

var _ query.Query = (*wordsConjunction)(nil)

// wordsConjunctionSearcher is the searcher of a wordsConjunction.
type wordsConjunctionSearcher struct {
	parts []*postingsSearcher
	// current is each part's position: nil before its start; done once
	// any part has run out.
	current []*bsearch.DocumentMatch
	done    bool
	// sums are addScores' per-batch sums, held are how many parts hold
	// each document of the batch.
	sums []float64
	held []int
	// target is align's scratch copy of the document it moves the parts to.
	target bindex.IndexInternalID
}

// Next implements bsearch.Searcher.
func (s *wordsConjunctionSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	if s.current[0] == nil {
		for i, p := range s.parts {
			dm, err := p.Next(ctx)
			if err != nil || dm == nil {
				return nil, s.finish(ctx, err)
			}
			s.current[i] = dm
		}
	} else {
		ctx.DocumentMatchPool.Put(s.current[0])
		dm, err := s.parts[0].Next(ctx)
		s.current[0] = dm
		if err != nil || dm == nil {
			return nil, s.finish(ctx, err)
		}
	}
	return s.align(ctx)
}

// Advance implements bsearch.Searcher.
func (s *wordsConjunctionSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	for i, p := range s.parts {
		cur := s.current[i]
		if cur != nil && cur.IndexInternalID.Compare(id) >= 0 {
			continue
		}
		if cur != nil {
			ctx.DocumentMatchPool.Put(cur)
		}
		dm, err := p.Advance(ctx, id)
		s.current[i] = dm
		if err != nil || dm == nil {
			return nil, s.finish(ctx, err)
		}
	}
	return s.align(ctx)
}

// align moves the parts forward until they all stand on one document and
// returns it, scored.
func (s *wordsConjunctionSearcher) align(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		furthest := s.current[0].IndexInternalID
		for _, cur := range s.current[1:] {
			if cur.IndexInternalID.Compare(furthest) > 0 {
				furthest = cur.IndexInternalID
			}
		}
		s.target = append(s.target[:0], furthest...)
		furthest = s.target
		behind := false
		for i, p := range s.parts {
			if s.current[i].IndexInternalID.Equals(furthest) {
				continue
			}
			behind = true
			ctx.DocumentMatchPool.Put(s.current[i])
			dm, err := p.Advance(ctx, furthest)
			s.current[i] = dm
			if err != nil || dm == nil {
				return nil, s.finish(ctx, err)
			}
		}
		if !behind {
			break
		}
	}
	var sum float64
	for _, cur := range s.current {
		sum += cur.Score
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = append(dm.IndexInternalID[:0], s.current[0].IndexInternalID...)
	dm.Score = sum
	return dm, nil
}

// finish ends the searcher, returning the parts' matches to the pool, and
// passes err on.
func (s *wordsConjunctionSearcher) finish(ctx *bsearch.SearchContext, err error) error {
	s.done = true
	for i, cur := range s.current {
		if cur != nil {
			ctx.DocumentMatchPool.Put(cur)
			s.current[i] = nil
		}
	}
	return err
}

// addScores implements rankScorer: a document held by every part scores
// the sum of the parts' scores, added in the parts' order as Next adds.
func (s *wordsConjunctionSearcher) addScores(seg int, locals []uint32, scores []float64) {
	s.sums = slices.Grow(s.sums[:0], len(locals))[:len(locals)]
	s.held = slices.Grow(s.held[:0], len(locals))[:len(locals)]
	clear(s.sums)
	clear(s.held)
	for _, p := range s.parts {
		p.eachHeld(seg, locals, func(i, at int) {
			post := p.postings[seg]
			s.sums[i] += p.scoreOf(post.Freqs[at], post.Norms[at])
			s.held[i]++
		})
	}
	for i, n := range s.held {
		if n == len(s.parts) {
			scores[i] += s.sums[i]
		}
	}
}

// Weight implements bsearch.Searcher.
func (s *wordsConjunctionSearcher) Weight() float64 {
	var w float64
	for _, p := range s.parts {
		w += p.Weight()
	}
	return w
}

// SetQueryNorm implements bsearch.Searcher.
func (s *wordsConjunctionSearcher) SetQueryNorm(qn float64) {
	for _, p := range s.parts {
		p.SetQueryNorm(qn)
	}
}

// Count implements bsearch.Searcher: at most the rarest part's.
func (s *wordsConjunctionSearcher) Count() uint64 {
	var n uint64
	for i, p := range s.parts {
		if c := p.Count(); i == 0 || c < n {
			n = c
		}
	}
	return n
}

// Min implements bsearch.Searcher.
func (s *wordsConjunctionSearcher) Min() int { return 0 }

// Size implements bsearch.Searcher.
func (s *wordsConjunctionSearcher) Size() int { return 64 + 128*len(s.parts) }

// DocumentMatchPoolSize implements bsearch.Searcher.
func (s *wordsConjunctionSearcher) DocumentMatchPoolSize() int { return len(s.parts) + 1 }

// Optimize declines Bleve's optimisations of composite searchers.
func (s *wordsConjunctionSearcher) Optimize(string, bindex.OptimizableContext) (bindex.OptimizableContext, error) {
	return nil, nil
}

// Close implements bsearch.Searcher.
func (s *wordsConjunctionSearcher) Close() error { return nil }
