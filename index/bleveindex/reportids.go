package bleveindex

import "github.com/RoaringBitmap/roaring/v2"

// ofReports is the set of the documents of the given reports, deleted ones
// too (Matching intersects it with live documents): each report's document
// and its sections, read from the key tables' lists of a report's
// documents. A segment costs one pass over its report ids, however many
// ids are asked for: a citation filter names hundreds of reports, and a
// postings lookup of each id in each segment would cost more.
func (s *Sets) ofReports(ids []string) *DocSet {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	out := s.empty()
	for i, t := range s.keys.segments {
		bm := roaring.New()
		if len(want) > 0 {
			for v, id := range t.dict[reportKey] {
				if v == 0 || !want[id] {
					continue
				}
				if local := t.reportDocs[v]; local >= 0 {
					bm.Add(uint32(local))
				}
				// Orphan sections are listed under their report too.
				bm.AddMany(t.sections[t.sectionsAt[v]:t.sectionsAt[v+1]])
			}
		}
		out.bits[i] = bm
	}
	return out
}
