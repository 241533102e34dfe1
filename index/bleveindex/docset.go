package bleveindex

import (
	"errors"
	"fmt"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Sets answers the set-shaped parts of a query on one index snapshot with
// the postings bitmaps of its segments: the candidates of a literal (the
// documents holding every one of its terms) and the filters of a search
// (type, agency, catalog, year, date). Intersecting bitmaps costs a few
// microseconds where Bleve's conjunction searcher steps through the
// postings document by document, which was half of a search's time.
type Sets struct {
	serial uint64
	snap   *scorch.IndexSnapshot
	segs   []*scorch.SegmentSnapshot
	keys   *snapshotKeys
}

// Sets returns the sets of the snapshot r reads.
func (ix *Index) Sets(r bindex.IndexReader) (*Sets, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("bleveindex: searching needs a scorch index")
	}
	keys, err := ix.keyTables(r, snap)
	if err != nil {
		return nil, err
	}
	return &Sets{serial: ix.serial, snap: snap, segs: snap.Segments(), keys: keys}, nil
}

// SameSnapshot reports whether s and o read the same snapshot, so that a
// set of one is a set of the other.
func (s *Sets) SameSnapshot(o *Sets) bool { return o != nil && s.snap == o.snap }

// DocSet is a set of documents of one snapshot: one bitmap of segment-local
// document numbers per segment. Its bitmaps are never changed in place.
type DocSet struct {
	sets *Sets
	bits []*roaring.Bitmap
}

// Live is the set of the snapshot's documents that are not deleted.
func (s *Sets) Live() *DocSet {
	out := s.empty()
	for i, ss := range s.segs {
		out.bits[i] = ss.DocNumbersLive()
	}
	return out
}

func (s *Sets) empty() *DocSet {
	return &DocSet{sets: s, bits: make([]*roaring.Bitmap, len(s.segs))}
}

// Holding is the set of live documents whose field holds every one of
// terms.
func (s *Sets) Holding(field string, terms ...string) (*DocSet, error) {
	return s.holding(true, field, terms)
}

// HoldingAny is Holding with the snapshot's deleted documents too: what
// is worked out for them holds for every snapshot of the segment, in
// which a document may be deleted or not.
func (s *Sets) HoldingAny(field string, terms ...string) (*DocSet, error) {
	return s.holding(false, field, terms)
}

func (s *Sets) holding(liveOnly bool, field string, terms []string) (*DocSet, error) {
	out := s.empty()
	for i, ss := range s.segs {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, fmt.Errorf("reading the terms of %s: %w", field, err)
		}
		var except *roaring.Bitmap
		if liveOnly {
			except = ss.Deleted()
		}
		var acc *roaring.Bitmap
		for _, t := range terms {
			bm, err := postings(dict, t, except)
			if err != nil {
				return nil, fmt.Errorf("reading the postings of %s:%q: %w", field, t, err)
			}
			if acc == nil {
				acc = bm
			} else {
				acc = roaring.And(acc, bm)
			}
			if acc.IsEmpty() {
				break
			}
		}
		if acc == nil {
			acc = roaring.New()
		}
		out.bits[i] = acc
	}
	return out, nil
}

// postings is the bitmap of the documents holding term, less deleted.
func postings(dict segment.TermDictionary, term string, deleted *roaring.Bitmap) (*roaring.Bitmap, error) {
	pl, err := dict.PostingsList([]byte(term), deleted, nil)
	if err != nil {
		return nil, err
	}
	it := pl.Iterator(false, false, false, nil)
	opt, ok := it.(segment.OptimizablePostingsIterator)
	if !ok {
		// Not a zap segment: step through the postings.
		bm := roaring.New()
		for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
			if err != nil {
				return nil, err
			}
			bm.Add(uint32(p.Number()))
		}
		return bm, nil
	}
	if num, ok := opt.DocNum1Hit(); ok {
		return roaring.BitmapOf(uint32(num)), nil
	}
	if bm := opt.ActualBitmap(); bm != nil {
		return bm, nil
	}
	return roaring.New(), nil
}

// Filter restricts a search to documents of one type and, where set, one
// agency, one catalog, a range of years and a range of dates.
type Filter struct {
	// Type is TypeReport or TypeSection.
	Type string
	// Agency names one issuer, or several (corpus.Issuers): a document
	// passes when it was issued by each of them, alone or jointly with
	// others.
	Agency  string
	Catalog string
	// YearFrom and YearTo bound the year, inclusive; 0 leaves a side open.
	YearFrom, YearTo int
	// DateFrom and DateTo bound the date (YYYY-MM-DD), inclusive; ""
	// leaves a side open.
	DateFrom, DateTo string
	// ReportIDs, when not nil, keeps the documents of these reports only
	// (index.Filter.ReportIDs).
	ReportIDs []string
}

// Matching is the set of live documents the filter lets through.
func (s *Sets) Matching(f Filter) (*DocSet, error) {
	out, err := s.Holding(FieldType, f.Type)
	if err != nil {
		return nil, err
	}
	if f.Agency != "" {
		// Every issuer the filter names, each of which may be one of a
		// jointly issued document's.
		set, err := s.Holding(FieldIssuer, IssuerTerms(f.Agency)...)
		if err != nil {
			return nil, err
		}
		out = out.And(set)
	}
	if f.Catalog != "" {
		set, err := s.Holding(FieldCatalog, f.Catalog)
		if err != nil {
			return nil, err
		}
		out = out.And(set)
	}
	if f.YearFrom != 0 || f.YearTo != 0 {
		lo, hi := "", "\xff"
		if f.YearFrom != 0 {
			lo = YearKey(f.YearFrom)
		}
		if f.YearTo != 0 {
			hi = YearKey(f.YearTo)
		}
		out = out.And(s.keyRange(yearKey, lo, hi))
	}
	if f.DateFrom != "" || f.DateTo != "" {
		hi := f.DateTo
		if hi == "" {
			hi = "\xff"
		}
		out = out.And(s.keyRange(dateKey, f.DateFrom, hi))
	}
	if f.ReportIDs != nil {
		out = out.And(s.ofReports(f.ReportIDs))
	}
	return out, nil
}

// keyRange is the set of documents whose value of a key field lies in
// [lo, hi]; documents without a value are not in it.
func (s *Sets) keyRange(field int, lo, hi string) *DocSet {
	out := s.empty()
	for i, t := range s.keys.segments {
		in := make([]bool, len(t.dict[field]))
		for v, value := range t.dict[field] {
			in[v] = v != 0 && value >= lo && value <= hi
		}
		bm := roaring.New()
		for local := range uint64(t.docs()) {
			if in[t.id(local, field)] {
				bm.Add(uint32(local))
			}
		}
		out.bits[i] = bm
	}
	return out
}

// And is the intersection of two sets of the same snapshot.
func (d *DocSet) And(o *DocSet) *DocSet {
	out := d.sets.empty()
	for i := range d.bits {
		out.bits[i] = roaring.And(d.bits[i], o.bits[i])
	}
	return out
}

// Len is the number of documents in the set.
func (d *DocSet) Len() uint64 {
	var n uint64
	for _, bm := range d.bits {
		n += bm.GetCardinality()
	}
	return n
}

// SectionsOf is the set of the section documents of the report documents
// in reports, deleted ones too: what a search derives a section's
// candidates from, since only reports hold literal fields. A section
// whose report document is in another segment (none is: a report is
// indexed with its sections) is in every such set.
func (s *Sets) SectionsOf(reports *DocSet) *DocSet {
	out := s.empty()
	for i, t := range s.keys.segments {
		out.bits[i] = t.sectionsOf(reports.bits[i])
	}
	return out
}

// Ref returns the report a document of a segment belongs to and its
// section's ordinal in the report, or -1 when the document is the report
// itself.
func (s *Sets) Ref(seg int, local uint32) (reportID string, section int) {
	t := s.keys.segments[seg]
	return t.dict[reportKey][t.id(uint64(local), reportKey)], t.ordinals[t.id(uint64(local), sectionKey)]
}

// ReportOf finds the report document of a section document: in the
// section's segment, where ingest puts it, or else (an orphan section) the
// live one of another segment. ok is false when the snapshot has none.
func (s *Sets) ReportOf(seg int, local uint32) (reportSeg int, reportLocal uint32, ok bool) {
	t := s.keys.segments[seg]
	v := t.id(uint64(local), reportKey)
	if at := t.reportDocs[v]; at >= 0 {
		return seg, uint32(at), true
	}
	reportID := t.dict[reportKey][v]
	for i, ss := range s.segs {
		dict, err := ss.Segment().Dictionary("_id")
		if err != nil {
			continue
		}
		bm, err := postings(dict, reportID, ss.Deleted())
		if err == nil && !bm.IsEmpty() {
			return i, bm.Minimum(), true
		}
	}
	return 0, 0, false
}

// SectionsOfReport lists the section documents of a report document of a
// segment, deleted ones too, in no particular order; none for a section
// document. The list belongs to the snapshot: it must not be changed.
func (s *Sets) SectionsOfReport(seg int, local uint32) []uint32 {
	return s.keys.segments[seg].sectionsOfReport(local)
}

// OrphanSections are the section documents of a segment whose report
// document is in another segment (SectionsOf); it must not be changed.
func (s *Sets) OrphanSections(seg int) *roaring.Bitmap {
	return s.keys.segments[seg].orphans
}

// Segments is the number of segments of the snapshot.
func (s *Sets) Segments() int { return len(s.segs) }

// SegmentKey identifies a segment among every segment of every index the
// process opens (scorch numbers a new index's segments from 1 again).
// Segments never change, so what is worked out about a segment's
// documents, deleted ones included, holds for as long as it lives.
type SegmentKey struct {
	Index, Segment uint64
}

// SegmentKey is the key of a segment of the snapshot.
func (s *Sets) SegmentKey(seg int) SegmentKey {
	return SegmentKey{Index: s.serial, Segment: s.segs[seg].Id()}
}

// NewDocSet is the set of the given bitmaps, one per segment; nil bitmaps
// are empty.
func (s *Sets) NewDocSet(bits []*roaring.Bitmap) *DocSet {
	out := s.empty()
	for i := range out.bits {
		if i < len(bits) && bits[i] != nil {
			out.bits[i] = bits[i]
		} else {
			out.bits[i] = roaring.New()
		}
	}
	return out
}

// Segment is the set's bitmap of a segment's documents; it must not be
// changed.
func (d *DocSet) Segment(seg int) *roaring.Bitmap { return d.bits[seg] }

// Accept decides whether a document of a set searcher matches and with
// what score; the document is local in segment seg.
type Accept func(seg int, local uint32) (score float64, ok bool)

// NewSetSearcher returns a Bleve searcher over the documents of set that
// accept takes, in document order, scored as accept says. accept runs
// only on the documents the searcher reaches: a conjunction that skips
// ahead skips their checks too.
func NewSetSearcher(set *DocSet, accept Accept) bsearch.Searcher {
	return &setSearcher{set: set, accept: accept, seg: -1, count: set.Len()}
}

// setSearcher is the searcher of NewSetSearcher.
type setSearcher struct {
	set    *DocSet
	accept Accept
	seg    int
	it     roaring.IntPeekable
	count  uint64
}

// Next implements bsearch.Searcher.
func (s *setSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	offsets := s.set.sets.keys.offsets
	for {
		for s.it == nil || !s.it.HasNext() {
			if s.seg+1 >= len(s.set.bits) {
				return nil, nil
			}
			s.seg++
			s.it = s.set.bits[s.seg].Iterator()
		}
		local := s.it.Next()
		score, ok := s.accept(s.seg, local)
		if !ok {
			continue
		}
		num := offsets[s.seg] + uint64(local)
		dm := ctx.DocumentMatchPool.Get()
		dm.IndexInternalID = bindex.NewIndexInternalID(dm.IndexInternalID, num)
		dm.Score = score
		return dm, nil
	}
}

// Advance implements bsearch.Searcher for targets at or after the last
// document returned, as Bleve's composite searchers ask: it never moves
// back.
func (s *setSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	offsets := s.set.sets.keys.offsets
	target := id.Value()
	seg := sort.Search(len(offsets), func(i int) bool { return offsets[i] > target }) - 1
	if seg > s.seg {
		s.seg = seg
		s.it = s.set.bits[seg].Iterator()
	}
	if seg == s.seg && s.it != nil {
		s.it.AdvanceIfNeeded(uint32(target - offsets[seg]))
	}
	return s.Next(ctx)
}

// Close implements bsearch.Searcher.
func (s *setSearcher) Close() error { return nil }

// Weight implements bsearch.Searcher: a set's matches weigh nothing in
// the query norm unless a wrapper says otherwise.
func (s *setSearcher) Weight() float64 { return 0 }

// SetQueryNorm implements bsearch.Searcher.
func (s *setSearcher) SetQueryNorm(float64) {}

// Count implements bsearch.Searcher: the size of the set, an upper bound
// of the matches.
func (s *setSearcher) Count() uint64 { return s.count }

// Min implements bsearch.Searcher.
func (s *setSearcher) Min() int { return 0 }

// Size implements bsearch.Searcher.
func (s *setSearcher) Size() int { return 64 }

// DocumentMatchPoolSize implements bsearch.Searcher.
func (s *setSearcher) DocumentMatchPoolSize() int { return 1 }

// Optimize declines Bleve's optimisations of composite searchers, which
// would read postings behind accept's back.
func (s *setSearcher) Optimize(string, bindex.OptimizableContext) (bindex.OptimizableContext, error) {
	return nil, nil
}
