package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/lantai/lantai/internal/sizedlru"
)

// defaultLiteralCacheSize is how many (segment, literal, scope) results
// the literal cache keeps: four bitmaps each, from a few hundred bytes to
// ~32 KB for a literal in tens of thousands of one segment's documents.
const defaultLiteralCacheSize = 4096

// literalCache keeps, per index segment, where literals were confirmed:
// which documents of a scope contain a literal in their title, a heading
// or the body. Segments never change, so an entry holds for as long as its
// segment lives; documents deleted since are dropped by the filter every
// search starts from. Confirming a literal means scanning the texts of
// its candidates (all of them, for the exact total and facets): once per
// literal and segment instead of once per search, as Lucene caches the
// per-segment document sets of frequent queries. Repeating a query on
// another page, with a filter, in another order, or as part of another
// query, or as the exact part of a search's related query, costs only
// bitmap operations.
type literalCache struct {
	entries *sizedlru.Cache[literalKey, *literalPlaces]
	// postings are the postings of the words that rank a literal's
	// matches, kept per segment in the same way.
	postings *postingsCache
}

// newLiteralCache returns a cache of size entries, or nil (no caching,
// every search confirms its candidates) when size is negative.
func newLiteralCache(size int) *literalCache {
	if size < 0 {
		return nil
	}
	if size == 0 {
		size = defaultLiteralCacheSize
	}
	return &literalCache{entries: sizedlru.New[literalKey](size, literalCacheBudget, (*literalPlaces).size), postings: newPostingsCache()}
}

// literalKey identifies a literal's confirmed places in one segment's
// documents of one type.
type literalKey struct {
	segment   SegmentKey
	docType   string
	field     string
	pattern   string
	titleOnly bool
}

// literalPlaces are the documents of a segment that contain a literal, by
// where it stands.
type literalPlaces struct {
	title, heading, body *roaring.Bitmap
	any                  *roaring.Bitmap
}

// weight is the sum of the field weights of the places where the literal
// stands in a document, as matchText.weight says.
func (p *literalPlaces) weight(local uint32) float64 {
	var w float64
	if p.title.Contains(local) {
		w += titleWeight
	}
	if p.heading.Contains(local) {
		w += headingWeight
	}
	if p.body.Contains(local) {
		w += bodyWeight
	}
	return w
}

// add records that the literal stands in a document in places of total
// weight w (matchText.weight); nowhere when w is 0.
func (p *literalPlaces) add(local uint32, w float64) {
	if w == 0 {
		return
	}
	p.any.Add(local)
	if w >= titleWeight {
		p.title.Add(local)
		w -= titleWeight
	}
	if w >= headingWeight {
		p.heading.Add(local)
		w -= headingWeight
	}
	if w >= bodyWeight {
		p.body.Add(local)
	}
}

// places returns, per segment of sets, where q's literal stands in the
// documents of docType, confirming it in the segments the cache has not
// seen it in. An entry covers the segment's deleted documents too, so
// that it holds for every snapshot of the segment; one in which a text
// could not be read is not kept, so that the next search tries again.
func (c *literalCache) places(ctx context.Context, sets *Sets, q *confirmedQuery, docType string) ([]*literalPlaces, error) {
	out := make([]*literalPlaces, sets.Segments())
	var candidates *DocSet
	for seg := range out {
		key := literalKey{segment: sets.SegmentKey(seg), docType: docType, field: q.field, pattern: q.pattern, titleOnly: q.titleOnly}
		if p, ok := c.entries.Get(key); ok {
			out[seg] = p
			continue
		}
		if candidates == nil {
			var err error
			if candidates, err = q.everyCandidate(sets, docType); err != nil {
				return nil, err
			}
		}
		p, complete, err := confirmInParallel(ctx, sets, q, seg, candidates.Segment(seg))
		if err != nil {
			return nil, err
		}
		if complete && sets.segs[seg].Count() >= minCachedSegment {
			c.entries.Add(key, p)
		}
		out[seg] = p
	}
	return out, nil
}

// literalCacheBudget bounds the bytes of the literal cache's bitmaps. By
// entries alone it grew with the corpus: a common literal's places in one
// segment of 100 k documents take up to 50 KB, and 4,096 entries of them
// would hold 200 MB of a server's heap.
const literalCacheBudget = 32 << 20

// size is the places' size in memory, in bytes.
func (p *literalPlaces) size() int {
	n := 64
	for _, bm := range []*roaring.Bitmap{p.title, p.heading, p.body, p.any} {
		n += int(bm.GetSizeInBytes())
	}
	return n
}

// minCachedSegment is the smallest segment whose literals are cached.
// Uploads between merges leave a segment of a few documents each: their
// literals cost next to nothing to confirm, but took the cache's entries
// as the large segments' do, so that under a stream of uploads the large
// segments' entries were pushed out and confirmed again and again. A
// variable for tests, whose segments are all small.
var minCachedSegment uint64 = 1024

// parallelConfirmFrom is the number of candidates from which a segment's
// candidates are confirmed in parallel, one part per CPU: below it the
// goroutines cost more than they save. A variable for tests.
var parallelConfirmFrom uint64 = 512

// confirmInParallel confirms a literal in a segment's candidates
// (confirmedQuery.confirm), split into one part per CPU when there are
// many: a literal's first search scans thousands of texts, and a search
// otherwise runs on one core. complete is false when a text could not be
// read. A part that panics fails the search with an error instead of
// ending the process, as a panic in the search's own goroutine would not.
func confirmInParallel(ctx context.Context, sets *Sets, q *confirmedQuery, seg int, candidates *roaring.Bitmap) (*literalPlaces, bool, error) {
	n := candidates.GetCardinality()
	parts := min(runtime.GOMAXPROCS(0), int(n/parallelConfirmFrom)+1)
	// Part i holds the candidates from bounds[i] up to bounds[i+1].
	bounds := []uint64{0}
	for i := 1; i < parts; i++ {
		at, err := candidates.Select(uint32(n * uint64(i) / uint64(parts)))
		if err != nil {
			return confirmInParallelParts(ctx, sets, q, seg, candidates, []uint64{0, 1 << 32})
		}
		bounds = append(bounds, uint64(at))
	}
	return confirmInParallelParts(ctx, sets, q, seg, candidates, append(bounds, 1<<32))
}

// confirmInParallelParts is confirmInParallel with the candidates split
// at bounds: part i from bounds[i] (included) to bounds[i+1].
func confirmInParallelParts(ctx context.Context, sets *Sets, q *confirmedQuery, seg int, candidates *roaring.Bitmap, bounds []uint64) (*literalPlaces, bool, error) {
	parts := len(bounds) - 1
	places := make([]*literalPlaces, parts)
	complete := make([]bool, parts)
	failed := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		part := candidates
		if parts > 1 {
			part = candidates.Clone()
			part.RemoveRange(0, bounds[i])
			part.RemoveRange(bounds[i+1], 1<<32)
		}
		places[i] = &literalPlaces{title: roaring.New(), heading: roaring.New(), body: roaring.New(), any: roaring.New()}
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					failed[i] = fmt.Errorf("confirming %q: %v", q.pattern, v)
				}
			}()
			complete[i], failed[i] = q.confirm(ctx, sets, seg, part, places[i])
		})
	}
	wg.Wait()
	if err := errors.Join(failed...); err != nil {
		return nil, false, err
	}
	p := places[0]
	for _, other := range places[1:] {
		p.title.Or(other.title)
		p.heading.Or(other.heading)
		p.body.Or(other.body)
		p.any.Or(other.any)
	}
	for _, bm := range []*roaring.Bitmap{p.title, p.heading, p.body, p.any} {
		bm.RunOptimize()
	}
	return p, !slices.Contains(complete, false), nil
}
