package textmetric

import (
	"math"
	"testing"
)

func TestCharF1(t *testing.T) {
	for _, tt := range []struct {
		want, got string
		f1        float64
	}{
		{"一、总体情况\n全年办理12件。", "一、总体情况 全年办理12件。", 1},
		{"甲乙丙丁", "甲乙", 2 * 1 * 0.5 / 1.5},
		{"甲乙", "甲乙丙丁", 2 * 0.5 * 1 / 1.5},
		{"甲甲", "甲", 2 * 1 * 0.5 / 1.5},
		{"", "甲", 0},
		{"甲", "乙", 0},
	} {
		if got := CharF1(tt.want, tt.got); math.Abs(got-tt.f1) > 1e-9 {
			t.Errorf("CharF1(%q, %q) = %v, want %v", tt.want, tt.got, got, tt.f1)
		}
	}
}
