package indextest

import (
	"slices"
	"testing"

	"github.com/lantai/lantai/index"
)

// testReportIDs checks Filter.ReportIDs, the restriction citation
// searches (cites:, cited_by:) become: only the listed reports pass, with
// their sections in the sections scope, whatever the query, combined with
// the other filters; an empty list passes nothing, an unknown id is no
// error, and a deleted report stops passing.
func testReportIDs(t *testing.T, f *Fixture, m *model) {
	var ids []string
	for id := range m.reports {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var third []string
	for i := 0; i < len(ids); i += 3 {
		third = append(third, ids[i])
	}
	lists := []struct {
		name   string
		filter index.Filter
	}{
		{"every third report", index.Filter{ReportIDs: append(slices.Clone(third), "no-such-report")}},
		{"one report", index.Filter{ReportIDs: ids[len(ids)/2 : len(ids)/2+1]}},
		{"with an agency", index.Filter{ReportIDs: third, Agency: "临江市云溪区人民政府"}},
		{"with years", index.Filter{ReportIDs: third, YearFrom: 2021, YearTo: 2022}},
		{"none", index.Filter{ReportIDs: []string{}}},
		{"an unknown report only", index.Filter{ReportIDs: []string{"no-such-report"}}},
	}
	check := func(t *testing.T, m *model, filter index.Filter) (cut bool) {
		for _, q := range suiteQueries {
			for _, scope := range scopes {
				req := all(q, scope)
				unfiltered := m.matches(req)
				req.Filter = filter
				want := m.matches(req)
				cut = cut || len(want) < len(unfiltered)
				for _, d := range want {
					if !slices.Contains(filter.ReportIDs, d.report.ID) {
						t.Fatalf("the model lets %s through", d.id)
					}
				}
				checkMatches(t, f, m, describe(q, req), req, want)
			}
		}
		return cut
	}
	for _, tt := range lists {
		t.Run(tt.name, func(t *testing.T) {
			if !check(t, m, tt.filter) {
				t.Error("the list cuts no query's matches: the test proves nothing")
			}
		})
	}
	t.Run("after a deletion", func(t *testing.T) {
		f.Delete(t, third[0])
		after, err := newModel(f.Archive)
		if err != nil {
			t.Fatal(err)
		}
		check(t, after, index.Filter{ReportIDs: third})
		if got := f.IDs(t, index.Request{Filter: index.Filter{ReportIDs: third[:1]}}); len(got) != 0 {
			t.Errorf("the deleted report still passes: %v", got)
		}
	})
}
