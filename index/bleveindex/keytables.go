package bleveindex

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/corpus"
)

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
	// merged are the merged ids (facetDictionary) of the facet fields'
	// value ids, per facet field.
	merged [][]uint32
	// dates are the values of the date field by value id as packedDate
	// keys, which order as the strings do; nil when one does not pack.
	dates []uint64
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
	// ids are the segments' ids, which say whether another snapshot has
	// the same segments.
	ids []uint64

	// facets are the values of the merged facet ids, as of this
	// snapshot: every table's facet ids map into them (keyTable.merged).
	facets facetValues
	// counts pools collectors' facet counts, by merged id.
	counts sync.Pool
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
	if last := ix.lastKeys; last != nil && len(last.ids) == len(segs) {
		same := true
		for i, ss := range segs {
			same = same && ss.Id() == last.ids[i]
		}
		if same {
			return last, nil
		}
	}
	out := &snapshotKeys{segments: make([]*keyTable, len(segs)), offsets: make([]uint64, len(segs)), ids: make([]uint64, len(segs))}
	live := make(map[uint64]bool, len(segs))
	var missing []int
	var running uint64
	for i, ss := range segs {
		out.offsets[i] = running
		out.ids[i] = ss.Id()
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
	if ix.facetDict == nil {
		ix.facetDict = newFacetDictionary()
	}
	for _, i := range missing {
		t := out.segments[i]
		t.merged = ix.facetDict.merge(t)
		ix.keys[segs[i].Id()] = t
	}
	out.facets = ix.facetDict.facetValues
	for id := range ix.keys {
		if !live[id] {
			delete(ix.keys, id)
		}
	}
	ix.lastKeys = out
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
	t.dates = packDates(t.dict[dateKey])
	t.issuers = make([][]string, len(t.dict[agencyKey]))
	for v, agency := range t.dict[agencyKey] {
		t.issuers[v] = corpus.Issuers(agency)
	}
	return t, nil
}

// packDates returns the packedDate of each of values, nil when one does
// not pack.
func packDates(values []string) []uint64 {
	out := make([]uint64, len(values))
	for i, v := range values {
		p, ok := packedDate(v)
		if !ok {
			return nil
		}
		out[i] = p
	}
	return out
}

// packedDate packs a date key of at most 16 characters, each a digit or
// a '-' (an ISO date: 2022-12-19), four bits a character from the top,
// so that two packed keys compare as their strings do: the empty string
// is 0, '-' is 1 and '0' to '9' are 2 to 11, in the strings' byte order,
// and a shorter key's missing characters are 0, below any character. A
// sort by date then compares integers instead of strings.
func packedDate(s string) (uint64, bool) {
	if len(s) > 16 {
		return 0, false
	}
	var p uint64
	for i := range 16 {
		var sym uint64
		if i < len(s) {
			switch c := s[i]; {
			case c == '-':
				sym = 1
			case c >= '0' && c <= '9':
				sym = uint64(c-'0') + 2
			default:
				return 0, false
			}
		}
		p = p<<4 | sym
	}
	return p, true
}
