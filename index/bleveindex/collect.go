package bleveindex

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/corpus"
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
	// Matches, when set, says what the query's matches are as sets
	// (MatchSet): they are then read from the sets, and the query's
	// searcher is only asked the score of one match of each kind.
	Matches func(context.Context, *Sets) (MatchSet, error)
}

// MatchSet describes a query whose matches are exactly the documents of
// All and whose score of a match depends only on which of the Rank sets
// hold it (at most 8).
type MatchSet struct {
	All  *DocSet
	Rank []*DocSet
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
	counts [][][]int // per segment, per facet field, per value id
	top    *hitHeap
	total  uint64
	all    []bindex.IndexInternalID
}

func newCollector(req CollectRequest, keys *snapshotKeys) *collector {
	return &collector{req: req, keys: keys, keep: req.From + req.Size,
		counts: make([][][]int, len(keys.segments)), top: &hitHeap{order: req.Sort, keys: keys}}
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

// collectSet takes the documents of the sets matches gives as the
// matches. A match's score depends only on its kind (which rank sets hold
// it): the matches are split into one set per kind with bitmap
// operations, each kind is scored once by asking the searcher for its
// first document (in document order, as the searcher only moves forward),
// and then each kind's documents are counted and offered at that score.
// In relevance order the kinds go best first, and a kind scoring below
// every kept hit once enough are kept is only counted, many documents at
// a time when the search wants no ids (countAll).
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

// count adds a match to the total, the facet counts and the ids.
func (c *collector) count(seg int, local uint64, id bindex.IndexInternalID) {
	c.total++
	if c.total <= uint64(c.req.AllIDsUpTo) {
		c.all = append(c.all, slices.Clone(id))
	}
	counts := c.segmentCounts(seg)
	if t := c.keys.segments[seg]; t.facets != nil {
		countRows(counts, t.facets, len(FacetFields), []uint32{uint32(local)})
	} else {
		countRows(counts, t.values, len(keyFields), []uint32{uint32(local)})
	}
}

// countAll adds the documents of bm, of one segment, to the total and the
// facet counts, not to the ids: count for many matches at once.
func (c *collector) countAll(seg int, bm *roaring.Bitmap) {
	counts := c.segmentCounts(seg)
	t := c.keys.segments[seg]
	var buf [256]uint32
	it := bm.ManyIterator()
	for n := it.NextMany(buf[:]); n > 0; n = it.NextMany(buf[:]) {
		if t.facets != nil {
			countRows(counts, t.facets, len(FacetFields), buf[:n])
		} else {
			countRows(counts, t.values, len(keyFields), buf[:n])
		}
		c.total += uint64(n)
	}
}

// countRows adds to counts the FacetFields ids of the documents locals,
// read from document-major rows of width ids that start with them: the
// key table's values or its 16-bit facets.
func countRows[ID uint16 | uint32](counts [][]int, rows []ID, width int, locals []uint32) {
	for _, local := range locals {
		row := rows[int(local)*width:]
		for f := range FacetFields {
			counts[f][row[f]]++
		}
	}
}

// segmentCounts are the facet counts of a segment, per facet field and
// value id.
func (c *collector) segmentCounts(seg int) [][]int {
	if c.counts[seg] == nil {
		c.counts[seg] = make([][]int, len(FacetFields))
		for f := range FacetFields {
			c.counts[seg][f] = make([]int, len(c.keys.segments[seg].dict[f]))
		}
	}
	return c.counts[seg]
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
		values := 0
		for seg := range c.counts {
			values = max(values, len(keys.segments[seg].dict[f]))
		}
		m := make(map[string]int, values)
		for seg, counts := range c.counts {
			if counts == nil {
				continue
			}
			t := keys.segments[seg]
			for v, n := range counts[f] {
				switch {
				case v == 0 || n == 0:
				case f == agencyKey:
					for _, issuer := range t.issuers[v] {
						m[issuer] += n
					}
				default:
					m[t.dict[f][v]] += n
				}
			}
		}
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

// keyTable holds, for every document of one immutable segment, the ids of
// its keyFields values; id 0 stands for no value. A document's ids sit
// together, so counting a match's facets reads one cache line.
type keyTable struct {
	values []uint32 // document-major: len(keyFields) ids per document
	// facets are the documents' FacetFields ids again, document-major in
	// 16 bits, when every one fits (nil otherwise): counting the facets
	// of tens of thousands of matches reads a quarter of the memory.
	facets []uint16
	dict   [][]string
	// sectionsOf lists the segment's section documents by the value id
	// of their report_id: those of report id v are
	// sections[sectionsAt[v]:sectionsAt[v+1]].
	sectionsAt, sections []uint32
	// orphans are the section documents whose report document is not in
	// the segment. Ingest indexes a report with its sections in one batch,
	// so one segment, and there are none; should one appear, it is a
	// candidate of every literal instead of none.
	orphans *roaring.Bitmap
	// reportDocs are the report documents of the segment by the value id
	// of their report_id, -1 for a report whose document is elsewhere.
	reportDocs []int32
	// ordinals are the section ordinals of the values of the section
	// field, by value id: -1 for no value (a report) or one that is not
	// a number.
	ordinals []int
	// issuers are the issuers of each value of the agency field, by value
	// id (corpus.Issuers): the facet counts a jointly issued document
	// under each of them.
	issuers [][]string
}

// linkSections fills the table's lists of sections by report and its
// section ordinals.
func (t *keyTable) linkSections() {
	t.ordinals = make([]int, len(t.dict[sectionKey]))
	for v, s := range t.dict[sectionKey] {
		t.ordinals[v] = -1
		if n, err := strconv.Atoi(s); err == nil && s != "" {
			t.ordinals[v] = n
		}
	}
	reports := len(t.dict[reportKey])
	t.sectionsAt = make([]uint32, reports+1)
	t.reportDocs = make([]int32, reports)
	for v := range t.reportDocs {
		t.reportDocs[v] = -1
	}
	for local := range uint64(t.docs()) {
		rid := t.id(local, reportKey)
		if t.id(local, sectionKey) == 0 {
			t.reportDocs[rid] = int32(local)
		} else {
			t.sectionsAt[rid+1]++
		}
	}
	for v := range reports {
		t.sectionsAt[v+1] += t.sectionsAt[v]
	}
	t.sections = make([]uint32, t.sectionsAt[reports])
	next := slices.Clone(t.sectionsAt[:reports])
	t.orphans = roaring.New()
	for local := range uint64(t.docs()) {
		if t.id(local, sectionKey) == 0 {
			continue
		}
		rid := t.id(local, reportKey)
		t.sections[next[rid]] = uint32(local)
		next[rid]++
		if t.reportDocs[rid] < 0 {
			t.orphans.Add(uint32(local))
		}
	}
}

// sectionsOf adds to out the sections of the report documents in reports,
// and the orphan sections.
func (t *keyTable) sectionsOf(reports *roaring.Bitmap) *roaring.Bitmap {
	out := t.orphans.Clone()
	it := reports.Iterator()
	for it.HasNext() {
		local := it.Next()
		out.AddMany(t.sectionsOfReport(local))
	}
	return out
}

// packFacets fills facets when every facet value id fits in 16 bits.
func (t *keyTable) packFacets() {
	for f := range FacetFields {
		if len(t.dict[f]) > math.MaxUint16+1 {
			return
		}
	}
	t.facets = make([]uint16, t.docs()*len(FacetFields))
	for local := range t.docs() {
		for f := range FacetFields {
			t.facets[local*len(FacetFields)+f] = uint16(t.id(uint64(local), f))
		}
	}
}

// sectionsOfReport lists the section documents of a report document; none
// for a section document.
func (t *keyTable) sectionsOfReport(local uint32) []uint32 {
	if uint64(local) >= uint64(t.docs()) || t.id(uint64(local), sectionKey) != 0 {
		return nil
	}
	rid := t.id(uint64(local), reportKey)
	return t.sections[t.sectionsAt[rid]:t.sectionsAt[rid+1]]
}

// id is the value id of a key field of a document.
func (t *keyTable) id(local uint64, field int) uint32 {
	return t.values[local*uint64(len(keyFields))+uint64(field)]
}

// docs is the number of documents of the table.
func (t *keyTable) docs() int { return len(t.values) / len(keyFields) }

// snapshotKeys are the key tables of a snapshot's segments, in order, with
// the first index-wide document number of each.
type snapshotKeys struct {
	segments []*keyTable
	offsets  []uint64
}

// locate turns an index-wide document number into a segment and a
// document number within it.
func (k *snapshotKeys) locate(num uint64) (seg int, local uint64) {
	seg = sort.Search(len(k.offsets), func(i int) bool { return k.offsets[i] > num }) - 1
	return seg, num - k.offsets[seg]
}

func (k *snapshotKeys) value(seg int, local uint64, field int) string {
	t := k.segments[seg]
	return t.dict[field][t.id(local, field)]
}

// keyTables returns the tables of the snapshot's segments, building those
// of segments it has not seen; tables of segments gone since are dropped.
// Segments never change once written, so a table stays right for as long
// as its segment lives. Missing tables are built on every core, each
// builder with a doc-values reader of its own: an index opened at 30× the
// corpus has ~25 segments and 1.8 M documents, a pass over all of their
// doc values that the first search waited for on one core.
func (ix *Index) keyTables(r bindex.IndexReader, snap *scorch.IndexSnapshot) (*snapshotKeys, error) {
	ix.keysMu.Lock()
	defer ix.keysMu.Unlock()
	if ix.keys == nil {
		ix.keys = map[uint64]*keyTable{}
	}
	segs := snap.Segments()
	out := &snapshotKeys{segments: make([]*keyTable, len(segs)), offsets: make([]uint64, len(segs))}
	live := make(map[uint64]bool, len(segs))
	var missing []int
	var running uint64
	for i, ss := range segs {
		out.offsets[i] = running
		running += ss.Segment().Count()
		live[ss.Id()] = true
		if t, ok := ix.keys[ss.Id()]; ok {
			out.segments[i] = t
		} else {
			missing = append(missing, i)
		}
	}
	if err := buildKeyTables(r, segs, out, missing); err != nil {
		return nil, err
	}
	for _, i := range missing {
		ix.keys[segs[i].Id()] = out.segments[i]
	}
	for id := range ix.keys {
		if !live[id] {
			delete(ix.keys, id)
		}
	}
	return out, nil
}

// buildKeyTables builds the tables of the segments missing lists into out,
// on up to one goroutine per CPU.
func buildKeyTables(r bindex.IndexReader, segs []*scorch.SegmentSnapshot, out *snapshotKeys, missing []int) error {
	workers := min(runtime.GOMAXPROCS(0), len(missing))
	next := make(chan int, len(missing))
	for _, i := range missing {
		next <- i
	}
	close(next)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			dvr, err := r.DocValueReader(keyFields)
			if err != nil {
				errs[w] = err
				return
			}
			for i := range next {
				t, err := buildKeyTable(dvr, out.offsets[i], segs[i].Segment().Count())
				if err != nil {
					errs[w] = err
					return
				}
				out.segments[i] = t
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func buildKeyTable(dvr bindex.DocValueReader, offset, count uint64) (*keyTable, error) {
	t := &keyTable{values: make([]uint32, count*uint64(len(keyFields))), dict: make([][]string, len(keyFields))}
	ids := make([]map[string]uint32, len(keyFields))
	fieldIndex := make(map[string]int, len(keyFields))
	for f, name := range keyFields {
		// Value id 0 is no value, and so is an empty one (a report
		// without a catalog): neither is counted nor sorted on.
		t.dict[f] = []string{""}
		ids[f] = map[string]uint32{"": 0}
		fieldIndex[name] = f
	}
	id := make(bindex.IndexInternalID, 8)
	for local := range count {
		id.SetValue(offset + local)
		err := dvr.VisitDocValues(id, func(field string, term []byte) {
			f, ok := fieldIndex[field]
			if !ok {
				return
			}
			v, ok := ids[f][string(term)]
			if !ok {
				v = uint32(len(t.dict[f]))
				s := string(term)
				t.dict[f] = append(t.dict[f], s)
				ids[f][s] = v
			}
			t.values[local*uint64(len(keyFields))+uint64(f)] = v
		})
		if err != nil {
			return nil, fmt.Errorf("reading document values: %w", err)
		}
	}
	t.linkSections()
	t.packFacets()
	t.issuers = make([][]string, len(t.dict[agencyKey]))
	for v, agency := range t.dict[agencyKey] {
		t.issuers[v] = corpus.Issuers(agency)
	}
	return t, nil
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

// date is a hit's date key, "" for none.
func (h *hitHeap) date(x collectedHit) string { return h.keys.value(x.seg, x.local, dateKey) }

// before reports whether a sorts before b in the requested order. In a
// date order, documents without a date come last.
func (h *hitHeap) before(a, b collectedHit) bool {
	if h.order != ByRelevance {
		if ad, bd := h.date(a), h.date(b); ad != bd {
			switch {
			case ad == "":
				return false
			case bd == "":
				return true
			case h.order == ByDate:
				return ad < bd
			default:
				return ad > bd
			}
		}
	}
	if a.dm.Score != b.dm.Score {
		return a.dm.Score > b.dm.Score
	}
	if ad, bd := h.date(a), h.date(b); ad != bd {
		return ad > bd
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
