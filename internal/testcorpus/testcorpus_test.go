package testcorpus

import (
	"strings"
	"testing"
)

func TestQueries(t *testing.T) {
	qs := Queries()
	if len(qs) < 60 {
		t.Fatalf("%d queries, the recall test needs at least 60", len(qs))
	}
	seen := map[string]bool{}
	for _, q := range qs {
		if strings.HasPrefix(q, "#") || strings.TrimSpace(q) != q || seen[q] {
			t.Errorf("bad or repeated query %q", q)
		}
		seen[q] = true
	}
}
