package bleveindex

import (
	"context"
	"fmt"
	"testing"

	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/query"
)

func TestFilteredByLiterals(t *testing.T) {
	tests := []struct {
		query string
		want  bool
	}{
		{"法治政府", true},
		{"法治 政府", true},
		{"title:法治", true},
		{"法治 OR 政府", true},
		{"法治 OR agency:司法局", false},
		{"法治 agency:司法局", true},
		{"agency:司法局", false},
		{"-法治", false},
		{"法治 -政府", true},
		{"year:2021", false},
		{"(法治 OR 政府) 建设", true},
		{"", false},
	}
	for _, tt := range tests {
		root, _ := query.Parse(tt.query)
		if got := filteredByLiterals(root); got != tt.want {
			t.Errorf("filteredByLiterals(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}

// TestMatchSetAgreesWithSearcher checks the plans whose matches are read
// from sets (one literal, ranked by where it stands and by its words'
// tf-idf, scored in batches): they are recognised, and collecting from the
// sets gives what stepping through the searcher gives, to the last bit of
// every score, with and without filters, in both scopes, on the first page
// and a later one.
func TestMatchSetAgreesWithSearcher(t *testing.T) {
	f, _ := openSamples(t, nil)
	ctx := context.Background()
	ix := liveIndex(f)
	tests := []struct {
		query    string
		fromSets bool
	}{
		{"法", true}, {"桥", true}, {"政府", true}, {"5g", true}, {"行政复议", true}, {"法治政府建设", true},
		{"依法行政工作", true}, {"法 政", false}, {"法治 OR 政府", false},
	}
	for _, tt := range tests {
		inYear := parsed(tt.query, index.Reports)
		inYear.Filter = index.Filter{YearFrom: 2022, YearTo: 2022}
		newest := parsed(tt.query, index.Sections)
		newest.Order = index.ByDateDesc
		for _, req := range []index.Request{parsed(tt.query, index.Reports), parsed(tt.query, index.Sections), inYear, newest} {
			p := ix.buildPlan(&req)
			if (p.matches != nil) != tt.fromSets {
				t.Errorf("%+v: read from sets %v, want %v", req, p.matches != nil, tt.fromSets)
			}
			if p.matches == nil {
				continue
			}
			summary := func(from int, matches func(context.Context, *Sets) (MatchSet, error)) string {
				// Each collect opens the plan's searcher anew, as a
				// search does.
				res, err := ix.Collect(ctx, CollectRequest{Query: p.query, From: from, Size: 10, Sort: collectOrder(req.Order), Fields: storedFields, Matches: matches})
				if err != nil {
					t.Fatal(err)
				}
				out := fmt.Sprintf("total %d facets %v:", res.Total, res.Facets)
				for _, h := range res.Hits {
					out += fmt.Sprintf(" %s %v", h.ID, h.Score)
				}
				return out
			}
			for _, from := range []int{0, 7} {
				got, want := summary(from, p.matches), summary(from, nil)
				if got != want {
					t.Errorf("%q %+v from %d:\n from sets %s\nsearcher  %s", tt.query, req, from, got, want)
				}
			}
		}
	}
}
