package search

import (
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// TestReportCacheKeepsToItsBudget adds reports of 100 KB of text to a
// cache with room for three: the newest three stay, the bytes counted
// are theirs, and replacing or removing one keeps the count right.
func TestReportCacheKeepsToItsBudget(t *testing.T) {
	report := func(id string) *cachedReport {
		return &cachedReport{Report: corpus.Report{ID: id, Text: strings.Repeat("依法行政", 100_000/12)}}
	}
	one := report("x").size()
	c := newReportCache(100, 3*one+one/2)
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		c.Add(id, report(id))
	}
	for id, want := range map[string]bool{"a": false, "b": false, "c": true, "d": true, "e": true} {
		if _, ok := c.Get(id); ok != want {
			t.Errorf("report %s cached %v, want %v", id, ok, want)
		}
	}
	if c.Bytes() != 3*one {
		t.Errorf("%d bytes counted, want %d", c.Bytes(), 3*one)
	}
	c.Add("e", report("e"))
	c.Remove("d")
	if c.Bytes() != 2*one || c.Len() != 2 {
		t.Errorf("after replacing e and removing d: %d bytes in %d entries, want %d in 2", c.Bytes(), c.Len(), 2*one)
	}
}
