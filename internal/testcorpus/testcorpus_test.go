package testcorpus

import (
	"os"
	"path/filepath"
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

func TestModuleRoot(t *testing.T) {
	root := moduleRoot()
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root %s has no go.mod: %v", root, err)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "testcorpus", "queries.txt")); err != nil {
		t.Errorf("module root %s is not this repository's: %v", root, err)
	}
}
