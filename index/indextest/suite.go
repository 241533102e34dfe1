package indextest

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lantai/lantai/index"
)

// Run runs, as subtests, everything an index backend must do, each
// answer checked against what the archive's texts and metadata say (a
// model of them, never the backend's own answers): literal recall on the
// real corpus, filters (report ids too), facets, orders and paging,
// scopes, identifiers, more-like-this, exclusions and id lists, writes,
// versions and the vocabulary. newBackend makes a fresh backend: each subtest opens its
// own, so that no cache outlives it. The real corpus (internal/testcorpus)
// is indexed at most once per Run, by the first subtest that needs it;
// without it that subtest is skipped, except under CI=true.
//
// A backend's package runs it from a test:
//
//	func TestSuite(t *testing.T) {
//		indextest.Run(t, func(t testing.TB) index.Backend { return newBackend(t) })
//	}
func Run(t *testing.T, newBackend func(t testing.TB) index.Backend) {
	real := &realCorpus{parent: t, newBackend: newBackend}
	open := func(t *testing.T) (*Fixture, *model) {
		t.Helper()
		f := Open(t, newBackend(t), suiteReports)
		m, err := newModel(f.Archive)
		if err != nil {
			t.Fatal(err)
		}
		return f, m
	}
	t.Run("LiteralRecallOnCorpus", func(t *testing.T) { testLiteralRecall(t, real) })
	for _, st := range []struct {
		name string
		test func(*testing.T, *Fixture, *model)
	}{
		{"Filters", testFilters},
		{"Facets", testFacets},
		{"Orders", testOrders},
		{"Paging", testPaging},
		{"Window", testWindow},
		{"Scopes", testScopes},
		{"Identifiers", testIdentifiers},
		{"Like", testLike},
		{"Exclude", testExclude},
		{"ReportIDs", testReportIDs},
		{"IDsUpTo", testIDsUpTo},
		{"Writes", testWrites},
		{"Vocabulary", testVocabulary},
	} {
		t.Run(st.name, func(t *testing.T) {
			f, m := open(t)
			st.test(t, f, m)
		})
	}
	t.Run("Versions", func(t *testing.T) { testVersions(t, newBackend) })
	t.Run("Verify", func(t *testing.T) { testVerify(t, newBackend) })
}

// suiteQueries are the queries the fixture's tests run: a word, one
// character, several words, a phrase, OR, NOT, a field, and none (every
// document).
var suiteQueries = []string{"", "行政复议", "法律援助", "法", "法治 政府", `"法治政府建设"`, "政府信息公开 OR 营商环境", "法治政府 -行政复议", "title:法治政府", "2022"}

// scopes are both scopes.
var scopes = []index.Scope{index.Reports, index.Sections}

// all is a request for q in scope with every hit on one page.
func all(q string, scope index.Scope) index.Request {
	return Request(q, scope, index.MaxWindow)
}

// describe names a request in failures.
func describe(q string, req index.Request) string {
	return "«" + q + "» " + req.Scope.String()
}

func testFilters(t *testing.T, f *Fixture, m *model) {
	filters := []struct {
		name    string
		filter  index.Filter
		nothing bool // the filter lets nothing through
	}{
		{name: "agency", filter: index.Filter{Agency: "临江市云溪区人民政府"}},
		{name: "an issuer of joint reports", filter: index.Filter{Agency: "临江市司法局"}},
		{name: "both issuers", filter: index.Filter{Agency: "临江市司法局、临江市财政局"}},
		{name: "both issuers, the other order", filter: index.Filter{Agency: "临江市财政局；临江市司法局"}},
		{name: "catalog", filter: index.Filter{Catalog: "法治政府建设"}},
		{name: "year range", filter: index.Filter{YearFrom: 2021, YearTo: 2022}},
		{name: "years from", filter: index.Filter{YearFrom: 2023}},
		{name: "years to", filter: index.Filter{YearTo: 2020}},
		{name: "date range, bounds included", filter: index.Filter{DateFrom: "2022-01-20", DateTo: "2023-02-14"}},
		{name: "dates from", filter: index.Filter{DateFrom: "2023-03-06"}},
		{name: "dates to", filter: index.Filter{DateTo: "2021-01-18"}},
		{name: "combined", filter: index.Filter{Agency: "临江市云溪区人民政府", Catalog: "法治政府建设", YearFrom: 2021, YearTo: 2022, DateFrom: "2021-12-27"}},
		{name: "no such agency", filter: index.Filter{Agency: "临江市海洋渔业局"}, nothing: true},
		{name: "no such catalog", filter: index.Filter{Catalog: "人事任免"}, nothing: true},
		{name: "no report of the years", filter: index.Filter{YearFrom: 2030, YearTo: 2031}, nothing: true},
		{name: "an empty date range", filter: index.Filter{DateFrom: "2023-01-01", DateTo: "2022-12-31"}, nothing: true},
		{name: "issuers never joint", filter: index.Filter{Agency: "临江市财政局、临江市云溪区人民政府"}, nothing: true},
	}
	for _, tt := range filters {
		t.Run(tt.name, func(t *testing.T) {
			cut := false
			for _, q := range suiteQueries {
				for _, scope := range scopes {
					req := all(q, scope)
					unfiltered := m.matches(req)
					req.Filter = tt.filter
					want := m.matches(req)
					if len(want) < len(unfiltered) {
						cut = true
					}
					if tt.nothing && len(want) > 0 {
						t.Fatalf("the model lets %d documents through", len(want))
					}
					checkMatches(t, f, m, describe(q, req), req, want)
				}
			}
			if !cut {
				t.Error("the filter cuts no query's matches: the test proves nothing")
			}
		})
	}
}

func testFacets(t *testing.T, f *Fixture, m *model) {
	joint := false
	for _, q := range suiteQueries {
		for _, scope := range scopes {
			for _, filter := range []index.Filter{{}, {Agency: "临江市司法局"}, {YearFrom: 2022}} {
				req := all(q, scope)
				req.Filter, req.Size = filter, 3
				want := m.matches(req)
				res := f.Search(t, req)
				if res.Total != uint64(len(want)) {
					t.Errorf("%s %+v: total %d, want %d", describe(q, req), filter, res.Total, len(want))
				}
				wf := facets(want)
				checkFacets(t, describe(q, req), res.Facets, wf)
				// A facet limit keeps the values of the most matches,
				// ties by the lesser value.
				for _, limit := range []int{1, 2} {
					req.FacetLimit = limit
					top := index.Facets{Agency: topFacets(wf.Agency, limit), Year: topFacets(wf.Year, limit), Catalog: topFacets(wf.Catalog, limit)}
					checkFacets(t, fmt.Sprintf("%s, facet limit %d", describe(q, req), limit), f.Search(t, req).Facets, top)
				}
				// A jointly issued report counts under each of its
				// issuers: the counts add up to more than the matches.
				n := 0
				for _, c := range wf.Agency {
					n += c
				}
				joint = joint || n > len(want)
			}
		}
	}
	if !joint {
		t.Error("no query matched a jointly issued report: the test proves nothing")
	}
	// The two joint reports are the only ones of 临江市财政局.
	res := f.Search(t, Request("法律援助", index.Reports, 0))
	if res.Facets.Agency["临江市财政局"] != 2 || res.Facets.Agency["临江市司法局"] != 3 {
		t.Errorf("法律援助: agency facets %v, want 临江市财政局 2 and 临江市司法局 3", res.Facets.Agency)
	}
}

// orders are the orders, with what each requires of consecutive hits a
// and b: < 0 when a must come before b, 0 when the order leaves it to
// the score and the ties' rule.
var orders = []struct {
	name  string
	order index.Order
	cmp   func(a, b *modelDoc) int
}{
	{"relevance", index.ByRelevance, func(a, b *modelDoc) int { return 0 }},
	{"date", index.ByDate, func(a, b *modelDoc) int { return compareDates(a, b, false) }},
	{"date, newest first", index.ByDateDesc, func(a, b *modelDoc) int { return compareDates(a, b, true) }},
	{"year and agency", index.ByYearAgency, func(a, b *modelDoc) int {
		if a.report.Year != b.report.Year {
			return b.report.Year - a.report.Year
		}
		switch {
		case a.report.Agency < b.report.Agency:
			return -1
		case a.report.Agency > b.report.Agency:
			return 1
		}
		return 0
	}},
}

// compareDates orders documents by date, those without one last.
func compareDates(a, b *modelDoc, desc bool) int {
	ad, bd := dateOf(a.report), dateOf(b.report)
	switch {
	case ad == bd:
		return 0
	case ad == "":
		return 1
	case bd == "":
		return -1
	case (ad < bd) != desc:
		return -1
	}
	return 1
}

// checkOrder checks that hits come in the order: by its keys, then by
// score, equal scores the newer document first (no date counting as the
// oldest).
func checkOrder(t *testing.T, what string, m *model, hits []index.Hit, cmp func(a, b *modelDoc) int) (ties int) {
	t.Helper()
	docs := docsOf(t, what, m, hits)
	for i := 1; i < len(hits); i++ {
		a, b, ha, hb := docs[i-1], docs[i], hits[i-1], hits[i]
		c := cmp(a, b)
		if c == 0 && ha.Score == hb.Score {
			ties++
			if ad, bd := dateOf(a.report), dateOf(b.report); ad < bd {
				t.Errorf("%s: hits %d and %d tie at %g, but %s (%s) comes before the newer %s (%s)", what, i-1, i, ha.Score, ha.DocID, ad, hb.DocID, bd)
			}
		}
		if c > 0 || c == 0 && ha.Score < hb.Score {
			t.Errorf("%s: hit %d %s (score %g) comes before hit %d %s (score %g)", what, i-1, ha.DocID, ha.Score, i, hb.DocID, hb.Score)
		}
	}
	return ties
}

// docsOf is the model's document of each hit.
func docsOf(t *testing.T, what string, m *model, hits []index.Hit) []*modelDoc {
	t.Helper()
	byID := map[string]*modelDoc{}
	for _, scope := range scopes {
		for _, d := range m.docs[scope] {
			byID[d.id] = d
		}
	}
	out := make([]*modelDoc, len(hits))
	for i, h := range hits {
		if out[i] = byID[h.DocID]; out[i] == nil {
			t.Fatalf("%s: hit %s is no document of the archive", what, h.DocID)
		}
	}
	return out
}

func testOrders(t *testing.T, f *Fixture, m *model) {
	ties := 0
	for _, o := range orders {
		for _, q := range suiteQueries {
			for _, scope := range scopes {
				req := all(q, scope)
				req.Order = o.order
				what := describe(q, req) + " by " + o.name
				res := f.Search(t, req)
				var got []string
				for _, h := range res.Hits {
					got = append(got, h.DocID)
				}
				compareSets(t, what, m.ids(req), got)
				ties += checkOrder(t, what, m, res.Hits, o.cmp)
				// The same search gives the same order.
				again := f.Search(t, req)
				if !slices.Equal(res.Hits, again.Hits) {
					t.Errorf("%s: a second run ordered the hits otherwise", what)
				}
			}
		}
	}
	if ties == 0 {
		t.Error("no two hits tied: the ties' rule was not tested")
	}
	// The twins tie on every score; the newer comes first.
	for _, scope := range scopes {
		res := f.Search(t, Request(twinTerm, scope, 10))
		docs := docsOf(t, twinTerm, m, res.Hits)
		if len(docs) != 2 || res.Hits[0].Score != res.Hits[1].Score || docs[0].report.Date != "2022-03-15" {
			t.Errorf("%s %s: hits %+v, want the twins tied, the one of 2022 first", twinTerm, scope, res.Hits)
		}
	}
}

func testPaging(t *testing.T, f *Fixture, m *model) {
	for _, o := range orders {
		for _, q := range []string{"", "行政复议", "法", "2022"} {
			for _, scope := range scopes {
				req := all(q, scope)
				req.Order = o.order
				whole := f.Search(t, req).Hits
				if len(whole) != len(m.matches(req)) {
					t.Fatalf("%s: %d hits, want %d", describe(q, req), len(whole), len(m.matches(req)))
				}
				for _, size := range []int{1, 3, 7} {
					var paged []index.Hit
					for from := 0; from < len(whole)+size; from += size {
						page := req
						page.From, page.Size = from, size
						res := f.Search(t, page)
						if len(res.Hits) > size || res.Total != uint64(len(whole)) {
							t.Fatalf("%s by %s from %d: %d hits of %d, want at most %d of %d", describe(q, req), o.name, from, len(res.Hits), res.Total, size, len(whole))
						}
						paged = append(paged, res.Hits...)
					}
					// Disjoint pages, together the whole, in its order.
					if !slices.EqualFunc(paged, whole, func(a, b index.Hit) bool { return a.DocID == b.DocID }) {
						t.Errorf("%s by %s, pages of %d: %d hits paged unlike the %d of one page", describe(q, req), o.name, size, len(paged), len(whole))
					}
				}
			}
		}
	}
}

func testWindow(t *testing.T, f *Fixture, m *model) {
	ok := []struct{ from, size int }{{0, index.MaxWindow}, {index.MaxWindow - 10, 10}, {index.MaxWindow, 0}}
	for _, p := range ok {
		req := all("法", index.Reports)
		req.From, req.Size = p.from, p.size
		res := f.Search(t, req)
		if len(res.Hits) != max(0, min(p.size, len(m.matches(req))-p.from)) || res.Total != uint64(len(m.matches(req))) {
			t.Errorf("page from %d of %d: %d hits of %d", p.from, p.size, len(res.Hits), res.Total)
		}
	}
	// A page past the window is refused before anything is allocated for
	// it: a backend that sized its hits by these would run out of memory.
	bad := []struct{ from, size int }{
		{index.MaxWindow, 1}, {index.MaxWindow - 1, 2}, {0, index.MaxWindow + 1}, {-1, 10}, {0, -1},
		{math.MaxInt, 10}, {10, math.MaxInt}, {math.MaxInt, math.MaxInt}, {1 << 40, 1 << 40},
	}
	for _, p := range bad {
		for _, o := range orders {
			req := all("法", index.Reports)
			req.From, req.Size, req.Order = p.from, p.size, o.order
			if res, err := f.Index.Search(t.Context(), req); err == nil {
				t.Errorf("page from %d of %d, by %s: %d hits and no error", p.from, p.size, o.name, len(res.Hits))
			}
		}
	}
}

func testScopes(t *testing.T, f *Fixture, m *model) {
	for _, q := range suiteQueries {
		for _, scope := range scopes {
			req := all(q, scope)
			res := f.Search(t, req)
			docs := docsOf(t, describe(q, req), m, res.Hits)
			if len(docs) == 0 && len(m.matches(req)) > 0 {
				t.Errorf("%s: no hits", describe(q, req))
			}
			for i, h := range res.Hits {
				// docsOf found the document by DocID: a section's is
				// index.SectionDocID of its report and ordinal.
				d := docs[i]
				if h.ReportID != d.report.ID || h.Section != d.section {
					t.Errorf("%s: hit %+v, want report %s section %d", describe(q, req), h, d.report.ID, d.section)
				}
				if (d.section >= 0) != (scope == index.Sections) {
					t.Errorf("%s: hit %s is not of the scope", describe(q, req), h.DocID)
				}
			}
		}
	}
}

// topFacets is the limit values of counts with the most, ties by the
// lesser value (index.Request.FacetLimit).
func topFacets(counts map[string]int, limit int) map[string]int {
	values := slices.Collect(maps.Keys(counts))
	slices.SortFunc(values, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	out := map[string]int{}
	for _, v := range values[:min(limit, len(values))] {
		out[v] = counts[v]
	}
	return out
}
