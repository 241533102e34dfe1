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
// from sets (one term, ranked by the title holding it or not): they are
// recognised, and collecting from the sets gives what stepping through
// the searcher gives, with and without filters, in both scopes.
func TestMatchSetAgreesWithSearcher(t *testing.T) {
	f, _ := openSamples(t, nil)
	ctx := context.Background()
	ix := liveIndex(f)
	tests := []struct {
		query    string
		fromSets bool
	}{
		{"法", true}, {"桥", true}, {"政府", false}, {"5g", false}, {"行政复议", false}, {"法 政", false},
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
			summary := func(matches func(context.Context, *Sets) (MatchSet, error)) string {
				res, err := ix.Collect(ctx, CollectRequest{Query: p.query, Size: 10, Sort: collectOrder(req.Order), Fields: storedFields, Matches: matches})
				if err != nil {
					t.Fatal(err)
				}
				out := fmt.Sprintf("total %d facets %v:", res.Total, res.Facets)
				for _, h := range res.Hits {
					out += fmt.Sprintf(" %s %.4f", h.ID, h.Score)
				}
				return out
			}
			got, want := summary(p.matches), summary(nil)
			if got != want {
				t.Errorf("%+v:\n from sets %s\nsearcher  %s", req, got, want)
			}
		}
	}
}
