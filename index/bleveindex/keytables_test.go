package bleveindex

import (
	"cmp"
	"strings"
	"testing"
)

// TestPackedDatesOrderAsStrings checks that packed date keys compare as
// their strings do, and that what does not pack is refused.
func TestPackedDatesOrderAsStrings(t *testing.T) {
	keys := []string{"", "-", "0", "1999", "2021-12-31", "2022", "2022-", "2022-01-01", "2022-1-05", "2022-12-19", "2022-12-19-", "9999-99-99-99-99"}
	for _, a := range keys {
		pa, ok := packedDate(a)
		if !ok {
			t.Fatalf("%q does not pack", a)
		}
		for _, b := range keys {
			pb, _ := packedDate(b)
			if got, want := cmp.Compare(pa, pb), strings.Compare(a, b); got != want {
				t.Errorf("packed %q vs %q compare %d, strings %d", a, b, got, want)
			}
		}
	}
	for _, bad := range []string{"2022/12/19", "二〇二二", "2022-12-19T10:00", "12345678901234567"} {
		if _, ok := packedDate(bad); ok {
			t.Errorf("%q packed", bad)
		}
	}
	if packDates([]string{"", "2022-12-19", "2022年"}) != nil {
		t.Error("a table with an unpackable date has packed dates")
	}
}
