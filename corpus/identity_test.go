package corpus

import "testing"

func TestIdentityKey(t *testing.T) {
	tests := []struct {
		r           Report
		key, number string
	}{
		{Report{IndexNo: " QX-0001/2023-00017 ", Source: "a.txt"}, "index_no:QX-0001/2023-00017", "QX-0001/2023-00017"},
		{Report{IndexNo: "  ", Source: "dir/a.txt"}, "source:dir/a.txt", ""},
		// A source that looks like a key prefix still keys by source.
		{Report{Source: "index_no:x"}, "source:index_no:x", ""},
	}
	for _, tt := range tests {
		key := IdentityKey(tt.r)
		if key != tt.key {
			t.Errorf("IdentityKey(%+v) = %q, want %q", tt.r, key, tt.key)
		}
		if got := IndexNoOfKey(key); got != tt.number {
			t.Errorf("IndexNoOfKey(%q) = %q, want %q", key, got, tt.number)
		}
	}
	// The ID is part of every archive on disk: it must never change.
	if id := ReportID("index_no:QX-0001/2023-00017"); id != "88c267a6cb2d4d3a" {
		t.Errorf("ReportID = %q, want 88c267a6cb2d4d3a", id)
	}
}
