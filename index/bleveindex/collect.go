package bleveindex

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/index"
)

// FacetFields are the fields Collect counts the matches of by value.
var FacetFields = []string{FieldAgency, FieldYearKey, FieldCatalog}

// keyFields are the per-document values Collect keeps in memory: the
// facets (first, so that a facet's index in FacetFields is its index
// here), the date it sorts by, and which report and section a document is
// (Sets.Ref, and the page's hits).
var keyFields = append(slices.Clone(FacetFields), FieldDateKey, FieldReportID, FieldSectionOrd)

// Indexes of keyFields.
const (
	agencyKey  = 0
	yearKey    = 1
	dateKey    = 3
	reportKey  = 4
	sectionKey = 5
)

// SortOrder is the order of Collect's hits.
type SortOrder int

// Sort orders. Ties in relevance go to the newer document; every order
// ends with the index's own document order, so pages never overlap.
const (
	ByRelevance SortOrder = iota
	ByDate                // oldest first, then relevance
	ByDateDesc            // newest first, then relevance
)

// CollectRequest is one search: a query, a page of it and the stored
// fields to load for the page's hits.
type CollectRequest struct {
	Query  query.Query
	From   int
	Size   int
	Sort   SortOrder
	Fields []string
	// AllIDsUpTo asks for the ids of every match when there are at most
	// this many (Collected.AllIDs).
	AllIDsUpTo int
	// FacetLimit, when positive, keeps only this many values of each
	// facet, those of the most matches (index.Request.FacetLimit).
	FacetLimit int
	// Matches, when set, says what the query's matches are as sets
	// (MatchSet): they are then read from the sets, and the query's
	// searcher is only asked the score of one match of each kind.
	Matches func(context.Context, *Sets) (MatchSet, error)
}

// MatchSet describes a query whose matches are exactly the documents of
// All and whose score of a match is that of its kind, which of the Rank
// sets (at most 8) hold it, plus what its scorers add.
type MatchSet struct {
	All  *DocSet
	Rank []*DocSet
	// scorers add to a match's score the scores of rank clauses that
	// vary from match to match (the word fields' tf-idf): the kind's
	// score, which the searcher gives, leaves them out.
	scorers []rankScorer
}

// MaxRankSets bounds MatchSet.Rank: a kind of match is a subset of them.
const MaxRankSets = 8

// Collected is the result of Collect.
type Collected struct {
	// Total is the number of matching documents.
	Total uint64
	// Hits is the requested page, with ID, Score and Fields set.
	Hits []*bsearch.DocumentMatch
	// Facets counts the matches per value of each of FacetFields; a
	// document without a value is not counted, and a jointly issued one
	// counts under each of its issuers (corpus.Issuers) in FieldAgency's.
	Facets map[string]map[string]int
	// AllIDs lists every match's id, in no particular order, when the
	// request's AllIDsUpTo allowed it, else nil.
	AllIDs []string
}

// Collect runs a search with facets and sorting on values kept in memory
// per index segment, instead of Bleve's collector, which decodes each
// hit's doc values for every facet (a third of a search's time here).
func (ix *Index) Collect(ctx context.Context, req CollectRequest) (*Collected, error) {
	// The collector keeps From+Size hits and sizes its pool by them, so an
	// unchecked page would allocate without bound (or overflow).
	if req.From < 0 || req.Size < 0 || req.From > index.MaxWindow-req.Size {
		return nil, fmt.Errorf("bleveindex: a page from hit %d of %d hits is outside the collect window of %d", req.From, req.Size, index.MaxWindow)
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	sets, err := ix.Sets(r)
	if err != nil {
		return nil, err
	}
	searcher, err := req.Query.Searcher(ctx, r, ix.bleve.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	c := newCollector(req, sets.keys)
	defer sets.keys.putCounts(c.counts)
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+c.keep+1, 0),
		IndexReader:       r,
	}
	if req.Matches != nil {
		err = c.collectSet(ctx, sctx, searcher, sets, req.Matches)
	} else {
		err = c.collectSearcher(ctx, sctx, searcher)
	}
	if err != nil {
		return nil, err
	}
	return c.result(r)
}

// collector gathers a search's total, facet counts and best hits.
type collector struct {
	req    CollectRequest
	keys   *snapshotKeys
	keep   int
	counts *facetCounts
	top    *hitHeap
	total  uint64
	all    []bindex.IndexInternalID
}

func newCollector(req CollectRequest, keys *snapshotKeys) *collector {
	return &collector{req: req, keys: keys, keep: req.From + req.Size,
		counts: keys.getCounts(), top: &hitHeap{order: req.Sort, keys: keys}}
}

// collectSearcher takes every match of the searcher.
func (c *collector) collectSearcher(ctx context.Context, sctx *bsearch.SearchContext, searcher bsearch.Searcher) error {
	for {
		if c.total%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := searcher.Next(sctx)
		if err != nil || dm == nil {
			return err
		}
		num := dm.IndexInternalID.Value()
		seg, local := c.keys.locate(num)
		c.count(seg, local, dm.IndexInternalID)
		h := collectedHit{dm: dm, num: num, seg: seg, local: local}
		if dropped := c.offer(h); dropped != nil {
			sctx.DocumentMatchPool.Put(dropped)
		}
	}
}

// count adds a match to the total, the facet counts and the ids.
func (c *collector) count(seg int, local uint64, id bindex.IndexInternalID) {
	c.total++
	if c.total <= uint64(c.req.AllIDsUpTo) {
		c.all = append(c.all, slices.Clone(id))
	}
	c.countFacets(seg, []uint32{uint32(local)})
}

// countAll adds the documents of bm, of one segment, to the total and the
// facet counts, not to the ids: count for many matches at once.
func (c *collector) countAll(seg int, bm *roaring.Bitmap) {
	var buf [256]uint32
	it := bm.ManyIterator()
	for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
		c.countLocals(seg, buf[:n])
	}
}

// countLocals adds the documents locals of one segment to the total and
// the facet counts, not to the ids.
func (c *collector) countLocals(seg int, locals []uint32) {
	c.countFacets(seg, locals)
	c.total += uint64(len(locals))
}

// countFacets adds the documents locals of one segment to the facet
// counts.
func (c *collector) countFacets(seg int, locals []uint32) {
	t := c.keys.segments[seg]
	if t.facets != nil {
		countRows(c.counts, t.merged, t.facets, len(FacetFields), locals)
	} else {
		countRows(c.counts, t.merged, t.values, len(keyFields), locals)
	}
}

// countRows adds to counts the merged ids of the FacetFields ids of the
// documents locals, read from document-major rows of width ids that start
// with them: the key table's values or its 16-bit facets; merged maps the
// table's ids to merged ones.
func countRows[ID uint16 | uint32](c *facetCounts, merged [][]uint32, rows []ID, width int, locals []uint32) {
	for _, local := range locals {
		row := rows[int(local)*width:]
		for f := range FacetFields {
			id := merged[f][row[f]]
			if c.counts[f][id] == 0 {
				c.touched[f] = append(c.touched[f], id)
			}
			c.counts[f][id]++
		}
	}
}

// wouldKeep reports whether offer would keep h.
func (c *collector) wouldKeep(h collectedHit) bool {
	return c.keep > 0 && (c.top.Len() < c.keep || c.top.before(h, c.top.hits[0]))
}

// offer keeps h if it is among the best so far; it returns the match
// that is no longer kept, h's own when h is not, nil when none.
func (c *collector) offer(h collectedHit) (dropped *bsearch.DocumentMatch) {
	switch {
	case c.keep == 0:
		return h.dm
	case c.top.Len() < c.keep:
		heap.Push(c.top, h)
		return nil
	case c.top.before(h, c.top.hits[0]):
		dropped = c.top.hits[0].dm
		c.top.hits[0] = h
		heap.Fix(c.top, 0)
		return dropped
	}
	return h.dm
}

// result is what the collector gathered, with the page's hits' ids and
// fields read.
func (c *collector) result(r bindex.IndexReader) (*Collected, error) {
	req, keys := c.req, c.keys
	out := &Collected{Total: c.total, Facets: map[string]map[string]int{}}
	for f, field := range FacetFields {
		m := c.counts.facetMap(f, keys.facets, req.FacetLimit)
		out.Facets[field] = m
	}
	if c.total <= uint64(req.AllIDsUpTo) {
		out.AllIDs = make([]string, len(c.all))
		for i, id := range c.all {
			var err error
			if out.AllIDs[i], err = r.ExternalID(id); err != nil {
				return nil, fmt.Errorf("reading match id: %w", err)
			}
		}
	}
	ordered := make([]collectedHit, c.top.Len())
	for i := len(ordered) - 1; i >= 0; i-- {
		ordered[i] = heap.Pop(c.top).(collectedHit)
	}
	if req.From >= len(ordered) {
		return out, nil
	}
	// Fields the key tables hold are read from them; only the others are
	// loaded from the stored documents.
	var stored []string
	for _, f := range req.Fields {
		if !slices.Contains(keyFields, f) {
			stored = append(stored, f)
		}
	}
	fieldsReq := &bleve.SearchRequest{Fields: stored}
	for _, h := range ordered[req.From:] {
		dm := h.dm
		id, err := r.ExternalID(dm.IndexInternalID)
		if err != nil {
			return nil, fmt.Errorf("reading hit id: %w", err)
		}
		dm.ID = id
		keys.fill(dm, req.Fields)
		if len(stored) > 0 {
			if err, _ := bleve.LoadAndHighlightFields(dm, fieldsReq, "", r, nil); err != nil {
				return nil, fmt.Errorf("reading stored fields of %s: %w", id, err)
			}
		}
		out.Hits = append(out.Hits, dm)
	}
	return out, nil
}

// fill sets the hit's fields that are key fields from the key tables, as
// stored strings; a document without a value gets none.
func (k *snapshotKeys) fill(dm *bsearch.DocumentMatch, fields []string) {
	seg, local := k.locate(dm.IndexInternalID.Value())
	for _, f := range fields {
		i := slices.Index(keyFields, f)
		if i < 0 {
			continue
		}
		if v := k.value(seg, local, i); v != "" {
			if dm.Fields == nil {
				dm.Fields = map[string]any{}
			}
			dm.Fields[f] = v
		}
	}
}

// collectedHit is a match with what its order depends on: its score,
// its document number, and its date, read from the key tables only when
// the order comes down to it (a date order, or equal scores).
type collectedHit struct {
	dm    *bsearch.DocumentMatch
	num   uint64
	seg   int
	local uint64
}

// hitHeap keeps the best hits seen so far, the worst on top.
type hitHeap struct {
	hits  []collectedHit
	order SortOrder
	keys  *snapshotKeys
}

// compareDates compares two hits' date keys, "" (no date) lowest: as
// packed keys (packedDate) when both tables have them, else as strings.
// It also says which of them have no date.
func (h *hitHeap) compareDates(a, b collectedHit) (order int, aNone, bNone bool) {
	ta, tb := h.keys.segments[a.seg], h.keys.segments[b.seg]
	if ta.dates != nil && tb.dates != nil {
		ad, bd := ta.dates[ta.id(a.local, dateKey)], tb.dates[tb.id(b.local, dateKey)]
		return cmp.Compare(ad, bd), ad == 0, bd == 0
	}
	ad, bd := h.keys.value(a.seg, a.local, dateKey), h.keys.value(b.seg, b.local, dateKey)
	return strings.Compare(ad, bd), ad == "", bd == ""
}

// before reports whether a sorts before b in the requested order. In a
// date order, documents without a date come last.
func (h *hitHeap) before(a, b collectedHit) bool {
	if h.order != ByRelevance {
		if order, aNone, bNone := h.compareDates(a, b); order != 0 {
			switch {
			case aNone:
				return false
			case bNone:
				return true
			case h.order == ByDate:
				return order < 0
			default:
				return order > 0
			}
		}
	}
	if a.dm.Score != b.dm.Score {
		return a.dm.Score > b.dm.Score
	}
	if order, _, _ := h.compareDates(a, b); order != 0 {
		return order > 0
	}
	return a.num < b.num
}

func (h *hitHeap) Len() int           { return len(h.hits) }
func (h *hitHeap) Less(i, j int) bool { return h.before(h.hits[j], h.hits[i]) }
func (h *hitHeap) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *hitHeap) Push(x any)         { h.hits = append(h.hits, x.(collectedHit)) }
func (h *hitHeap) Pop() any {
	last := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return last
}
