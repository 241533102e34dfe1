package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/lantai/lantai/index"
)

// TestFacetsTopN checks that the facet lists are the first n of every
// value sorted by count, then value, for n below, at and above the number
// of values, ties included; years come newest first.
func TestFacetsTopN(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, values := range []int{0, 1, 5, 30, 31, 500} {
		counts := map[string]int{}
		for i := range values {
			counts[fmt.Sprintf("机构%03d", i)] = rng.IntN(7)
		}
		var all []FacetValue
		for v, c := range counts {
			all = append(all, FacetValue{Value: v, Count: c})
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].Count != all[j].Count {
				return all[i].Count > all[j].Count
			}
			return all[i].Value < all[j].Value
		})
		for _, n := range []int{0, 1, 10, 30, 1000} {
			got := facetsOf(index.Facets{Agency: counts}, facetLimits{agency: n}).Agency
			want := all[:min(n, len(all))]
			if !slices.Equal(got, want) {
				t.Errorf("%d values, top %d: %v, want %v", values, n, got, want)
			}
		}
	}
	years := facetsOf(index.Facets{Year: map[string]int{"2019": 5, "2022": 1, "2020": 3}}, facetLimits{year: 2}).Year
	if want := []FacetValue{{Value: "2020", Count: 3}, {Value: "2019", Count: 5}}; !slices.Equal(years, want) {
		t.Errorf("years %v, want %v", years, want)
	}
}
