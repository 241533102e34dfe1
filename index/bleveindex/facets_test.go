package bleveindex

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/lantai/lantai/index"
)

// TestFacetLimitKeepsTheTop checks that a facet limit keeps exactly the
// values a caller ranking the full counts would keep: most matches first,
// ties by the lesser value, agencies by issuer.
func TestFacetLimitKeepsTheTop(t *testing.T) {
	f, _ := openSamples(t, nil)
	ix := liveIndex(f)
	ctx := context.Background()
	for _, q := range []string{"", "法", "行政复议"} {
		for _, scope := range []index.Scope{index.Reports, index.Sections} {
			req := parsed(q, scope)
			full, err := ix.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			for _, limit := range []int{1, 2, 3, 1000} {
				req.FacetLimit = limit
				got, err := ix.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				for name, pair := range map[string][2]map[string]int{
					"agency":  {full.Facets.Agency, got.Facets.Agency},
					"year":    {full.Facets.Year, got.Facets.Year},
					"catalog": {full.Facets.Catalog, got.Facets.Catalog},
				} {
					if want := topOf(pair[0], limit); !maps.Equal(want, pair[1]) {
						t.Errorf("%q %v limit %d: %s facet %v, want %v", q, scope, limit, name, pair[1], want)
					}
				}
			}
			if len(full.Facets.Agency) < 3 {
				t.Errorf("%q %v: %d agencies, too few to test a limit", q, scope, len(full.Facets.Agency))
			}
		}
	}
}

// topOf is the limit values of counts with the most, ties by the lesser
// value.
func topOf(counts map[string]int, limit int) map[string]int {
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
