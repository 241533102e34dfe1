package bleveindex

import (
	"cmp"
	"container/heap"
	"strings"
)

// facetValues are the facet values by merged id, per facet field (id 0 is
// no value), and the issuers every agency value counts under, by issuer
// id.
type facetValues struct {
	values [][]string
	// issuersOf are the issuer ids of each merged agency id
	// (corpus.Issuers: a jointly issued document counts under each).
	issuersOf [][]uint32
	issuers   []string
}

// facetDictionary gives every facet value of the index's segments one id
// across them, so that a search counts by these ids whatever segment a
// match is in and makes one entry per value it counted, instead of adding
// up per-segment counts value by value (a sixth of a warm search's time at
// 10× the corpus: ~25 segments of thousands of agencies each). It only
// grows: ids stay valid for every snapshot, and the values of a segment
// merged away keep their ids in the segment it was merged into.
type facetDictionary struct {
	facetValues
	ids       []map[string]uint32
	issuerIDs map[string]uint32
}

func newFacetDictionary() *facetDictionary {
	d := &facetDictionary{
		facetValues: facetValues{values: make([][]string, len(FacetFields)), issuersOf: [][]uint32{nil}},
		ids:         make([]map[string]uint32, len(FacetFields)),
		issuerIDs:   map[string]uint32{},
	}
	for f := range FacetFields {
		d.values[f] = []string{""}
		d.ids[f] = map[string]uint32{"": 0}
	}
	return d
}

// merge returns the merged id of each of a table's facet value ids,
// adding the values it has not seen.
func (d *facetDictionary) merge(t *keyTable) [][]uint32 {
	out := make([][]uint32, len(FacetFields))
	for f := range FacetFields {
		out[f] = make([]uint32, len(t.dict[f]))
		for v, value := range t.dict[f] {
			id, ok := d.ids[f][value]
			if !ok {
				id = uint32(len(d.values[f]))
				d.values[f] = append(d.values[f], value)
				d.ids[f][value] = id
				if f == agencyKey {
					d.issuersOf = append(d.issuersOf, d.issuerIDsOf(t.issuers[v]))
				}
			}
			out[f][v] = id
		}
	}
	return out
}

// issuerIDsOf returns the ids of issuers, adding those it has not seen.
func (d *facetDictionary) issuerIDsOf(issuers []string) []uint32 {
	ids := make([]uint32, len(issuers))
	for i, name := range issuers {
		id, ok := d.issuerIDs[name]
		if !ok {
			id = uint32(len(d.issuers))
			d.issuers = append(d.issuers, name)
			d.issuerIDs[name] = id
		}
		ids[i] = id
	}
	return ids
}

// facetCounts are a collector's facet counts by merged id, per facet
// field, with the ids counted so far, and the agency counts by issuer.
type facetCounts struct {
	counts  [][]uint32
	touched [][]uint32
	issuers counter
}

// counter counts by id and lists the ids counted.
type counter struct {
	counts  []uint32
	touched []uint32
}

func (c *counter) add(id, n uint32) {
	if c.counts[id] == 0 {
		c.touched = append(c.touched, id)
	}
	c.counts[id] += n
}

func (c *counter) reset() {
	for _, id := range c.touched {
		c.counts[id] = 0
	}
	c.touched = c.touched[:0]
}

// getCounts returns zeroed facet counts for the snapshot's merged ids.
func (k *snapshotKeys) getCounts() *facetCounts {
	if c, ok := k.counts.Get().(*facetCounts); ok {
		return c
	}
	c := &facetCounts{counts: make([][]uint32, len(FacetFields)), touched: make([][]uint32, len(FacetFields)),
		issuers: counter{counts: make([]uint32, len(k.facets.issuers))}}
	for f := range FacetFields {
		c.counts[f] = make([]uint32, len(k.facets.values[f]))
	}
	return c
}

// putCounts zeroes counts and keeps them for the snapshot's next search.
func (k *snapshotKeys) putCounts(c *facetCounts) {
	for f, ids := range c.touched {
		for _, id := range ids {
			c.counts[f][id] = 0
		}
		c.touched[f] = ids[:0]
	}
	c.issuers.reset()
	k.counts.Put(c)
}

// facetMap returns a facet field's counts by value, agencies by issuer,
// only the limit values with the most matches (ties: the lesser value
// first) when limit is positive.
func (c *facetCounts) facetMap(f int, v facetValues, limit int) map[string]int {
	names, counts, ids := v.values[f], c.counts[f], c.touched[f]
	if f == agencyKey {
		for _, id := range ids {
			for _, issuer := range v.issuersOf[id] {
				c.issuers.add(issuer, counts[id])
			}
		}
		names, counts, ids = v.issuers, c.issuers.counts, c.issuers.touched
	}
	if limit > 0 && len(ids) > limit {
		ids = topFacetIDs(names, counts, ids, limit)
	}
	m := make(map[string]int, len(ids))
	for _, id := range ids {
		if names[id] != "" {
			m[names[id]] = int(counts[id])
		}
	}
	return m
}

// topFacetIDs returns the limit ids of the most counts (ties: the lesser
// name first), keeping the best so far in a heap of limit, the worst on
// top: a facet of thousands of agencies shows a few dozen.
func topFacetIDs(names []string, counts []uint32, ids []uint32, limit int) []uint32 {
	h := &facetHeap{names: names, counts: counts}
	for _, id := range ids {
		if names[id] == "" {
			continue
		}
		switch {
		case len(h.ids) < limit:
			heap.Push(h, id)
		case h.better(id, h.ids[0]):
			h.ids[0] = id
			heap.Fix(h, 0)
		}
	}
	return h.ids
}

// facetHeap is topFacetIDs' heap.
type facetHeap struct {
	names  []string
	counts []uint32
	ids    []uint32
}

// better reports whether value a ranks above value b.
func (h *facetHeap) better(a, b uint32) bool {
	if c := cmp.Compare(h.counts[a], h.counts[b]); c != 0 {
		return c > 0
	}
	return strings.Compare(h.names[a], h.names[b]) < 0
}

func (h *facetHeap) Len() int           { return len(h.ids) }
func (h *facetHeap) Less(i, j int) bool { return h.better(h.ids[j], h.ids[i]) }
func (h *facetHeap) Swap(i, j int)      { h.ids[i], h.ids[j] = h.ids[j], h.ids[i] }
func (h *facetHeap) Push(x any)         { h.ids = append(h.ids, x.(uint32)) }
func (h *facetHeap) Pop() any {
	last := h.ids[len(h.ids)-1]
	h.ids = h.ids[:len(h.ids)-1]
	return last
}
