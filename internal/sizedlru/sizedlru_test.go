package sizedlru

import "testing"

// TestBudgetAndReplacement fills a cache of 10 bytes with values of 4:
// the newest two stay, replacing and removing keep the count right, and
// a value larger than the budget is kept alone.
func TestBudgetAndReplacement(t *testing.T) {
	c := New[string, string](100, 10, func(v string) int { return len(v) })
	for _, k := range []string{"a", "b", "c", "d"} {
		c.Add(k, k+k+k+k)
	}
	for k, want := range map[string]bool{"a": false, "b": false, "c": true, "d": true} {
		if _, ok := c.Get(k); ok != want {
			t.Errorf("%s kept %v, want %v", k, ok, want)
		}
	}
	if c.Bytes() != 8 || c.Len() != 2 {
		t.Errorf("%d bytes in %d values, want 8 in 2", c.Bytes(), c.Len())
	}
	c.Add("d", "dd")
	c.Remove("c")
	if v, _ := c.Get("d"); v != "dd" || c.Bytes() != 2 || c.Len() != 1 {
		t.Errorf("after replacing d and removing c: d=%q, %d bytes in %d values", v, c.Bytes(), c.Len())
	}
	c.Add("big", "0123456789abc")
	if _, ok := c.Get("big"); !ok || c.Len() != 1 || c.Bytes() != 13 {
		t.Errorf("a value over the budget: kept %v, %d values, %d bytes", ok, c.Len(), c.Bytes())
	}
	c.Purge()
	if c.Len() != 0 || c.Bytes() != 0 {
		t.Errorf("after Purge: %d values, %d bytes", c.Len(), c.Bytes())
	}
}

// TestEntryBound: the bound by entries holds however small the values.
func TestEntryBound(t *testing.T) {
	c := New[int, int](3, 1<<20, func(int) int { return 1 })
	for i := range 10 {
		c.Add(i, i)
	}
	if c.Len() != 3 || c.Bytes() != 3 {
		t.Errorf("%d values, %d bytes, want 3 and 3", c.Len(), c.Bytes())
	}
	if _, ok := c.Get(9); !ok {
		t.Error("the newest value was dropped")
	}
}
