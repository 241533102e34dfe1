package bleveindex

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/corpus"
)

// setQuery is a query over the documents a function of the snapshot picks,
// scored 1, as the search package builds its set-shaped query parts.
type setQuery struct {
	ix     *Index
	pick   func(*Sets) (*DocSet, error)
	accept Accept
}

func (q *setQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	sets, err := q.ix.Sets(r)
	if err != nil {
		return nil, err
	}
	set, err := q.pick(sets)
	if err != nil {
		return nil, err
	}
	accept := q.accept
	if accept == nil {
		accept = func(int, uint32) (float64, bool) { return 1, true }
	}
	return NewSetSearcher(set, accept), nil
}

// ids lists the report ids a query matches, in order.
func ids(t *testing.T, ix *Index, q query.Query) []string {
	t.Helper()
	res, err := ix.Collect(context.Background(), CollectRequest{Query: q, Size: 100, Fields: []string{FieldReportID}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Fields[FieldReportID].(string))
	}
	slices.Sort(out)
	return out
}

func termQuery(field, term string) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

func rangeQuery(field, lo, hi string) query.Query {
	incl := true
	q := bleve.NewTermRangeInclusiveQuery(lo, hi, &incl, &incl)
	q.SetField(field)
	return q
}

// TestSetsAgreeWithBleve checks the filters and the literal candidates
// against Bleve's own term, conjunction and range queries, on an index of
// three segments with a deleted document.
func TestSetsAgreeWithBleve(t *testing.T) {
	ix := threeSegmentIndex(t)
	reports := termQuery(FieldType, TypeReport)
	and := func(qs ...query.Query) query.Query { return bleve.NewConjunctionQuery(qs...) }
	tests := []struct {
		name   string
		filter Filter
		terms  []string
		want   query.Query
	}{
		{"type", Filter{Type: TypeReport}, nil, reports},
		{"agency", Filter{Type: TypeReport, Agency: "乙区人民政府"}, nil, and(reports, termQuery(FieldAgency, "乙区人民政府"))},
		{"catalog", Filter{Type: TypeReport, Catalog: "法治政府建设"}, nil, and(reports, termQuery(FieldCatalog, "法治政府建设"))},
		{"one year", Filter{Type: TypeReport, YearFrom: 2020, YearTo: 2020}, nil, and(reports, termQuery(FieldYearKey, "2020"))},
		{"years from", Filter{Type: TypeReport, YearFrom: 2021}, nil, and(reports, rangeQuery(FieldYearKey, "2021", "9999"))},
		{"dates", Filter{Type: TypeReport, DateFrom: "2019-03-05", DateTo: "2021-03-12"}, nil, and(reports, rangeQuery(FieldDateKey, "2019-03-05", "2021-03-12"))},
		{"date to", Filter{Type: TypeReport, DateTo: "2019-12-31"}, nil, and(reports, rangeQuery(FieldDateKey, "0000", "2019-12-31"))},
		{"unknown agency", Filter{Type: TypeReport, Agency: "丁区"}, nil, nil},
		{"terms", Filter{Type: TypeReport}, []string{BigramTerm("普法"), "宣"}, and(reports, termQuery(FieldLit, BigramTerm("普法")), termQuery(FieldLit, "宣"))},
		{"terms and agency", Filter{Type: TypeReport, Agency: "甲区人民政府"}, []string{BigramTerm("普法")}, and(reports, termQuery(FieldAgency, "甲区人民政府"), termQuery(FieldLit, BigramTerm("普法")))},
		{"absent term", Filter{Type: TypeReport}, []string{BigramTerm("普法"), "桥"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(t, ix, &setQuery{ix: ix, pick: func(s *Sets) (*DocSet, error) {
				set, err := s.Matching(tt.filter)
				if err != nil || len(tt.terms) == 0 {
					return set, err
				}
				holding, err := s.Holding(FieldLit, tt.terms...)
				if err != nil {
					return nil, err
				}
				return set.And(holding), nil
			}})
			var want []string
			if tt.want != nil {
				if want = ids(t, ix, tt.want); len(want) == 0 {
					t.Fatal("Bleve matches nothing: the case proves nothing")
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %v, Bleve %v", got, want)
			}
			if slices.Contains(got, "r03") {
				t.Errorf("the deleted r03 is in the set")
			}
		})
	}
}

// TestSetSearcherInConjunction checks Advance across segments and accept:
// a set searcher inside a Bleve conjunction that leads with another
// searcher, rejecting every other document.
func TestSetSearcherInConjunction(t *testing.T) {
	ix := threeSegmentIndex(t)
	var refs []string
	set := &setQuery{ix: ix, pick: func(s *Sets) (*DocSet, error) {
		return s.Matching(Filter{Type: TypeReport})
	}}
	set.accept = func(_ int, local uint32) (float64, bool) { return 1, local%2 == 0 }
	lit := termQuery(FieldLit, BigramTerm("普法"))
	got := ids(t, ix, bleve.NewConjunctionQuery(lit, set))
	all := ids(t, ix, lit)
	// The accepted half of the 普法 reports: num is even for about half.
	if len(got) == 0 || len(got) >= len(all) {
		t.Fatalf("conjunction found %v of %v", got, all)
	}
	for _, id := range got {
		if !slices.Contains(all, id) {
			t.Errorf("%s matched without 普法", id)
		}
	}
	// Every accepted document is found whichever searcher leads.
	set.accept = func(int, uint32) (float64, bool) { return 1, true }
	if got := ids(t, ix, bleve.NewConjunctionQuery(set, lit)); !slices.Equal(got, all) {
		t.Errorf("set ∧ 普法 = %v, want %v", got, all)
	}
	sets, err := ix.Sets(snapshot(t, ix.bleve))
	if err != nil {
		t.Fatal(err)
	}
	live := sets.Live()
	for seg := range sets.Segments() {
		it := live.Segment(seg).Iterator()
		for it.HasNext() {
			id, section := sets.Ref(seg, it.Next())
			refs = append(refs, id)
			if section != -1 {
				t.Errorf("%s: section %d of a report without sections", id, section)
			}
		}
	}
	slices.Sort(refs)
	if want := ids(t, ix, termQuery(FieldType, TypeReport)); !slices.Equal(refs, want) {
		t.Errorf("Ref of the live documents: %v, want %v", refs, want)
	}
}

// TestCollectMatchesAgreesWithSearcher checks that Collect reading the
// matches from a set gives what stepping through the query's searcher
// gives: total, facets, every page in every order, scores and ids.
func TestCollectMatchesAgreesWithSearcher(t *testing.T) {
	ix := threeSegmentIndex(t)
	pick := func(s *Sets) (*DocSet, error) {
		set, err := s.Matching(Filter{Type: TypeReport, DateFrom: "2019-01-01"})
		if err != nil {
			return nil, err
		}
		holding, err := s.Holding(FieldLit, BigramTerm("推进"))
		if err != nil {
			return nil, err
		}
		return set.And(holding), nil
	}
	// Two kinds of match: with 普法 (every third report) or without.
	var rank *DocSet
	q := &setQuery{ix: ix, pick: func(s *Sets) (*DocSet, error) {
		var err error
		rank, err = s.Holding(FieldLit, BigramTerm("普法"))
		if err != nil {
			return nil, err
		}
		return pick(s)
	}}
	q.accept = func(seg int, local uint32) (float64, bool) {
		if rank.Segment(seg).Contains(local) {
			return 4.5, true
		}
		return 2.5, true
	}
	matches := func(_ context.Context, s *Sets) (MatchSet, error) {
		all, err := pick(s)
		if err != nil {
			return MatchSet{}, err
		}
		r, err := s.Holding(FieldLit, BigramTerm("普法"))
		return MatchSet{All: all, Rank: []*DocSet{r}}, err
	}
	// Pages of 2 leave the second kind only counted, with ids (up to 100)
	// or without (up to 1).
	for _, order := range []SortOrder{ByRelevance, ByDate, ByDateDesc} {
		for _, page := range []struct{ from, size, idsUpTo int }{{0, 5, 100}, {5, 5, 100}, {0, 0, 100}, {10, 100, 100}, {0, 2, 100}, {0, 2, 1}, {0, 0, 1}} {
			req := CollectRequest{Query: q, From: page.from, Size: page.size, Sort: order, Fields: []string{FieldReportID}, AllIDsUpTo: page.idsUpTo}
			want, err := ix.Collect(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			req.Matches = matches
			got, err := ix.Collect(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			summary := func(c *Collected) string {
				out := fmt.Sprintf("total %d facets %v ids %v hits", c.Total, c.Facets, slices.Sorted(slices.Values(c.AllIDs)))
				for _, h := range c.Hits {
					out += fmt.Sprintf(" %s:%v:%.2f", h.ID, h.Fields[FieldReportID], h.Score)
				}
				return out
			}
			if want.Total < 10 {
				t.Fatalf("only %d matches: the case proves little", want.Total)
			}
			if order == ByRelevance && page.from == 0 && page.size > 0 && !strings.Contains(summary(want), "4.50") {
				t.Fatalf("no match of the second kind on the page: %s", summary(want))
			}
			if g, w := summary(got), summary(want); g != w {
				t.Errorf("order %d page %+v:\n got %s\nwant %s", order, page, g, w)
			}
		}
	}
}

// TestSetSearcherAdvance calls Advance directly, for every document, on a
// set searcher that accepts every other document: it must return the
// first accepted document at or after the target, across segments.
func TestSetSearcherAdvance(t *testing.T) {
	ix := threeSegmentIndex(t)
	r := snapshot(t, ix.bleve)
	sets, err := ix.Sets(r)
	if err != nil {
		t.Fatal(err)
	}
	if sets.Segments() < 2 {
		t.Fatalf("%d segments: Advance across segments is not tested", sets.Segments())
	}
	live := sets.Live()
	accept := func(seg int, local uint32) (float64, bool) { return 1, (local+uint32(seg))%2 == 0 }
	var accepted []uint64
	for seg := range sets.Segments() {
		it := live.Segment(seg).Iterator()
		for it.HasNext() {
			local := it.Next()
			if _, ok := accept(seg, local); ok {
				accepted = append(accepted, sets.keys.offsets[seg]+uint64(local))
			}
		}
	}
	last := accepted[len(accepted)-1]
	for target := range last + 2 {
		s := NewSetSearcher(live, accept)
		ctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(2, 0)}
		dm, err := s.Advance(ctx, bindex.NewIndexInternalID(nil, target))
		if err != nil {
			t.Fatal(err)
		}
		i, _ := slices.BinarySearch(accepted, target)
		switch {
		case i == len(accepted) && dm != nil:
			t.Errorf("Advance(%d) = %d, want none", target, dm.IndexInternalID.Value())
		case i < len(accepted) && (dm == nil || dm.IndexInternalID.Value() != accepted[i]):
			t.Errorf("Advance(%d) = %v, want %d", target, dm, accepted[i])
		}
	}
}

// TestHoldingAnyKeepsDeleted checks that HoldingAny, unlike Holding,
// keeps the snapshot's deleted documents.
func TestHoldingAnyKeepsDeleted(t *testing.T) {
	ix := threeSegmentIndex(t)
	sets, err := ix.Sets(snapshot(t, ix.bleve))
	if err != nil {
		t.Fatal(err)
	}
	live, err := sets.Holding(FieldType, TypeReport)
	if err != nil {
		t.Fatal(err)
	}
	any, err := sets.HoldingAny(FieldType, TypeReport)
	if err != nil {
		t.Fatal(err)
	}
	if live.Len() != 20 || any.Len() != 21 {
		t.Errorf("Holding %d, HoldingAny %d reports; want 20 live and the deleted r03 too", live.Len(), any.Len())
	}
}

// TestSectionsOf checks that the sections of a set of reports are the
// section documents of exactly those reports, across segments, deleted
// versions included, and that a report's literal field holds the terms of
// its sections, even of a heading its text does not hold verbatim.
func TestSectionsOf(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"), testSeg)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	report := func(id string, sections ...string) corpus.Report {
		r := corpus.Report{ID: id, Title: id + "号报告", Text: "总体情况。\n"}
		for i, s := range sections {
			start := len(r.Text)
			r.Text += s + "\n"
			r.Sections = append(r.Sections, corpus.Section{ID: fmt.Sprint(i + 1), Level: 1, Heading: s, Start: start, End: len(r.Text)})
		}
		return r
	}
	batches := [][]corpus.Report{
		{report("a", "推进普法宣传", "深化行政复议"), report("b", "加强组织领导")},
		{report("c", "推进普法宣传", "完善制度建设", "强化监督"), report("a", "深化行政复议")},
	}
	rewritten := report("d", "优化营商环境")
	rewritten.Sections[0].Heading = "优化营商环境和政务服务"
	batches[1] = append(batches[1], rewritten)
	for _, reports := range batches {
		applyReports(t, ix, reports...)
	}
	sets := snapshotSets(t, ix)
	refs := func(set *DocSet, live bool) []string {
		var out []string
		for seg := range sets.Segments() {
			bm := set.Segment(seg)
			if live {
				bm = roaring.And(bm, sets.Live().Segment(seg))
			}
			it := bm.Iterator()
			for it.HasNext() {
				id, section := sets.Ref(seg, it.Next())
				out = append(out, fmt.Sprintf("%s/%d", id, section))
			}
		}
		slices.Sort(out)
		return out
	}
	tests := []struct {
		query     string
		all, live []string
	}{
		// a's first version had 推进普法宣传 as section 0; its new
		// version has no such section.
		{"普法", []string{"a/0", "a/1", "c/0", "c/1", "c/2"}, []string{"c/0", "c/1", "c/2"}},
		{"复议", []string{"a/0", "a/0", "a/1"}, []string{"a/0"}},
		{"领导", []string{"b/0"}, []string{"b/0"}},
		{"政务", []string{"d/0"}, []string{"d/0"}},
		{"桥", nil, nil},
	}
	for _, tt := range tests {
		holding, err := sets.HoldingAny(FieldLit, QueryTerms(tt.query)...)
		if err != nil {
			t.Fatal(err)
		}
		sections := sets.SectionsOf(holding)
		if got := refs(sections, false); !slices.Equal(got, tt.all) {
			t.Errorf("%v: sections of the reports holding it, deleted too: %v, want %v", tt.query, got, tt.all)
		}
		if got := refs(sections, true); !slices.Equal(got, tt.live) {
			t.Errorf("%v: live sections: %v, want %v", tt.query, got, tt.live)
		}
		// Report by report, with the orphans, the same sections.
		var bits []*roaring.Bitmap
		for seg := range sets.Segments() {
			bm := sets.OrphanSections(seg).Clone()
			it := holding.Segment(seg).Iterator()
			for it.HasNext() {
				report := it.Next()
				bm.AddMany(sets.SectionsOfReport(seg, report))
			}
			bits = append(bits, bm)
		}
		if got := refs(sets.NewDocSet(bits), false); !slices.Equal(got, tt.all) {
			t.Errorf("%v: sections report by report: %v, want %v", tt.query, got, tt.all)
		}
	}
	lits, err := sets.HoldingAny(FieldLit, BigramTerm("宣传"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs(lits, false) {
		if !strings.HasSuffix(ref, "/-1") {
			t.Errorf("section %s has a literal field", ref)
		}
	}
}

// TestJointlyIssuedDocuments checks that a document issued by several
// bodies together passes the agency filter of each of them, and of any
// of them together, and counts in the agency facet under each; its
// sections likewise. A body's short name and full name are one issuer.
func TestJointlyIssuedDocuments(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"), testSeg)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var reports []corpus.Report
	for id, agency := range map[string]string{"joint": "公安部、外交部、交通部", "transport": "交通部", "finance": "财政部", "padded": "国务院办公厅， 中央军委办公厅"} {
		reports = append(reports, corpus.Report{ID: id, Title: id, Agency: agency, Text: "一、总体情况\n推进依法行政。\n",
			Sections: []corpus.Section{{ID: "1", Level: 1, Heading: "总体情况", Text: "推进依法行政。"}}})
	}
	applyReports(t, ix, reports...)
	sets := snapshotSets(t, ix)
	for _, tt := range []struct {
		agency string
		want   []string
	}{
		{"交通部", []string{"joint", "transport"}},
		{"外交部", []string{"joint"}},
		{"公安部、交通部", []string{"joint"}},
		{"公安部、外交部、交通部", []string{"joint"}},
		{"交通部，财政部", nil},
		{"中央军委办公厅", []string{"padded"}},
		{"中央军事委员会办公厅", []string{"padded"}},
		{"财政部", []string{"finance"}},
		{"农业部", nil},
		{"、", nil},
	} {
		for _, docType := range []string{TypeReport, TypeSection} {
			set, err := sets.Matching(Filter{Type: docType, Agency: tt.agency})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for seg := range sets.Segments() {
				it := set.Segment(seg).Iterator()
				for it.HasNext() {
					id, _ := sets.Ref(seg, it.Next())
					got = append(got, id)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("agency %q, %ss: %v, want %v", tt.agency, docType, got, tt.want)
			}
		}
	}
	q := bleve.NewTermQuery(TypeReport)
	q.SetField(FieldType)
	c, err := ix.Collect(context.Background(), CollectRequest{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"公安部": 1, "外交部": 1, "交通部": 2, "财政部": 1, "国务院办公厅": 1, "中央军事委员会办公厅": 1}
	if got := c.Facets[FieldAgency]; !maps.Equal(got, want) {
		t.Errorf("agency facet %v, want %v", got, want)
	}
}

// applyReports indexes reports in one batch.
func applyReports(t *testing.T, ix *Index, reports ...corpus.Report) {
	t.Helper()
	b := ix.NewBatch()
	for _, r := range reports {
		if err := b.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Apply(b); err != nil {
		t.Fatal(err)
	}
}

// snapshotSets are the sets of the index's current snapshot.
func snapshotSets(t *testing.T, ix *Index) *Sets {
	t.Helper()
	sets, err := ix.Sets(snapshot(t, ix.bleve))
	if err != nil {
		t.Fatal(err)
	}
	return sets
}
