package bleveindex

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// collectSet takes the documents of the sets matches gives as the
// matches. A match's score depends only on its kind (which rank sets hold
// it): the matches are split into one set per kind with bitmap
// operations, each kind is scored once by asking the searcher for its
// first document (in document order, as the searcher only moves forward),
// and then each kind's documents are counted and offered at that score.
// In relevance order the kinds go best first, and a kind scoring below
// every kept hit once enough are kept is only counted, many documents at
// a time when the search wants no ids (countAll). Rank clauses whose score
// varies from match to match (MatchSet.scorers) add theirs to the kind's
// in batches (collectScored).
func (c *collector) collectSet(ctx context.Context, sctx *bsearch.SearchContext, searcher bsearch.Searcher, sets *Sets, matches func(context.Context, *Sets) (MatchSet, error)) error {
	ms, err := matches(ctx, sets)
	if err != nil {
		return err
	}
	if len(ms.Rank) > MaxRankSets {
		return fmt.Errorf("bleveindex: %d rank sets, at most %d", len(ms.Rank), MaxRankSets)
	}
	kinds := make([][]*roaring.Bitmap, len(ms.All.bits))
	for seg, bm := range ms.All.bits {
		kinds[seg] = splitByKind(bm, ms.Rank, seg)
	}
	scores, err := scoreKinds(sctx, searcher, kinds, c.keys.offsets)
	if err != nil {
		return err
	}
	// In relevance order the best kinds go first, so that the kinds
	// below every kept hit are only counted, without their ids when the
	// search wants none.
	order := make([]int, len(scores))
	for kind := range order {
		order[kind] = kind
	}
	if c.req.Sort == ByRelevance {
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	}
	wantIDs := ms.All.Len() <= uint64(c.req.AllIDsUpTo)
	id := make(bindex.IndexInternalID, 8)
	probe := &bsearch.DocumentMatch{}
	for _, kind := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		score := scores[kind]
		for seg, byKind := range kinds {
			if kind >= len(byKind) || byKind[kind] == nil {
				continue
			}
			bm := byKind[kind]
			if len(ms.scorers) > 0 {
				c.collectScored(sctx, seg, bm, score, ms.scorers, wantIDs)
				continue
			}
			countOnly := c.keep == 0 || (c.req.Sort == ByRelevance && c.top.Len() >= c.keep && score < c.top.hits[0].dm.Score)
			if countOnly && !wantIDs {
				c.countAll(seg, bm)
				continue
			}
			it := bm.Iterator()
			for it.HasNext() {
				local := it.Next()
				num := c.keys.offsets[seg] + uint64(local)
				id.SetValue(num)
				c.count(seg, uint64(local), id)
				if countOnly {
					continue
				}
				probe.Score = score
				h := collectedHit{dm: probe, num: num, seg: seg, local: uint64(local)}
				if !c.wouldKeep(h) {
					continue
				}
				h.dm = sctx.DocumentMatchPool.Get()
				h.dm.Score = score
				h.dm.IndexInternalID = bindex.NewIndexInternalID(h.dm.IndexInternalID, num)
				if dropped := c.offer(h); dropped != nil {
					sctx.DocumentMatchPool.Put(dropped)
				}
			}
		}
	}
	return nil
}

// splitByKind splits a segment's matches by which rank sets hold them:
// the set at index kind holds the matches in rank set i exactly when bit
// i of kind is set; nil stands for an empty set.
func splitByKind(all *roaring.Bitmap, rank []*DocSet, seg int) []*roaring.Bitmap {
	kinds := []*roaring.Bitmap{all}
	if all.IsEmpty() {
		kinds[0] = nil
	}
	for i, r := range rank {
		in := r.bits[seg]
		next := make([]*roaring.Bitmap, len(kinds)*2)
		for kind, bm := range kinds {
			switch {
			case bm == nil:
			case in.IsEmpty():
				next[kind] = bm
			default:
				next[kind] = nonEmpty(roaring.AndNot(bm, in))
				next[kind|1<<i] = nonEmpty(roaring.And(bm, in))
			}
		}
		kinds = next
	}
	return kinds
}

// nonEmpty is bm, or nil when it is empty.
func nonEmpty(bm *roaring.Bitmap) *roaring.Bitmap {
	if bm.IsEmpty() {
		return nil
	}
	return bm
}

// scoreKinds asks the searcher for the score of each kind of match that
// occurs, at its first document, visiting them in document order.
func scoreKinds(sctx *bsearch.SearchContext, searcher bsearch.Searcher, kinds [][]*roaring.Bitmap, offsets []uint64) ([]float64, error) {
	type first struct {
		num  uint64
		kind int
	}
	var firsts []first
	seen := map[int]bool{}
	for seg, byKind := range kinds {
		for kind, bm := range byKind {
			if bm != nil && !seen[kind] {
				seen[kind] = true
				firsts = append(firsts, first{offsets[seg] + uint64(bm.Minimum()), kind})
			}
		}
	}
	slices.SortFunc(firsts, func(a, b first) int { return cmp.Compare(a.num, b.num) })
	scores := make([]float64, 1<<MaxRankSets)
	id := make(bindex.IndexInternalID, 8)
	for _, f := range firsts {
		id.SetValue(f.num)
		dm, err := searcher.Advance(sctx, id)
		if err != nil {
			return nil, err
		}
		if dm == nil || !dm.IndexInternalID.Equals(id) {
			return nil, fmt.Errorf("bleveindex: document %d is in the match set but not a match of the query", f.num)
		}
		scores[f.kind] = dm.Score
		sctx.DocumentMatchPool.Put(dm)
	}
	return scores, nil
}

// scoredBatch is how many matches collectScored scores at a time.
const scoredBatch = 256

// collectScored counts and offers the matches bm of one kind in segment
// seg, each scored kindScore plus the scores the scorers add, a batch of
// matches at a time.
func (c *collector) collectScored(sctx *bsearch.SearchContext, seg int, bm *roaring.Bitmap, kindScore float64, scorers []rankScorer, wantIDs bool) {
	var locals [scoredBatch]uint32
	var scores [scoredBatch]float64
	id := make(bindex.IndexInternalID, 8)
	probe := &bsearch.DocumentMatch{}
	it := bm.ManyIterator()
	for n := it.NextMany(locals[:]); n > 0; n = it.NextMany(locals[:]) {
		batch := locals[:n]
		if wantIDs {
			for _, local := range batch {
				id.SetValue(c.keys.offsets[seg] + uint64(local))
				c.count(seg, uint64(local), id)
			}
		} else {
			c.countLocals(seg, batch)
		}
		if c.keep == 0 {
			continue
		}
		for i := range batch {
			scores[i] = kindScore
		}
		for _, s := range scorers {
			s.addScores(seg, batch, scores[:n])
		}
		for i, local := range batch {
			num := c.keys.offsets[seg] + uint64(local)
			probe.Score = scores[i]
			h := collectedHit{dm: probe, num: num, seg: seg, local: uint64(local)}
			if !c.wouldKeep(h) {
				continue
			}
			h.dm = sctx.DocumentMatchPool.Get()
			h.dm.Score = scores[i]
			h.dm.IndexInternalID = bindex.NewIndexInternalID(h.dm.IndexInternalID, num)
			if dropped := c.offer(h); dropped != nil {
				sctx.DocumentMatchPool.Put(dropped)
			}
		}
	}
}
