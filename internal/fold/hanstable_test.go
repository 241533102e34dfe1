package fold

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFoldsIntoHanEveryRune checks the table against its definition for
// every rune, and HanStable against it on each rune alone.
func TestFoldsIntoHanEveryRune(t *testing.T) {
	n := 0
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		if 0xD800 <= r && r <= 0xDFFF || IsBasicHan(r) {
			continue
		}
		want := holdsBasicHan(foldRune(r))
		if got := foldsIntoHan(r); got != want {
			t.Fatalf("foldsIntoHan(%U) = %v, its fold is %q", r, got, foldRune(r))
		}
		if HanStable("行"+string(r)+"政") == want {
			t.Fatalf("HanStable with %U (%q) = %v", r, foldRune(r), !want)
		}
		if want {
			n++
		}
	}
	if n < 500 {
		t.Errorf("only %d runes fold into basic ideographs; the Kangxi radicals alone are 214", n)
	}
}

func TestHanStable(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"", true},
		{"坚持依法行政，推进“放管服”改革。ＡＢＣ（一）2022年", true},
		{"第㈠项", false},        // U+3220 PARENTHESIZED IDEOGRAPH ONE → (一)
		{"㊀等奖", false},        // U+3280 CIRCLED IDEOGRAPH ONE → 一
		{"⼀是", false},         // U+2F00 KANGXI RADICAL ONE → 一
		{"\uF901", false},     // U+F901 CJK COMPATIBILITY IDEOGRAPH → 更
		{"\U0001F214", false}, // SQUARED CJK UNIFIED IDEOGRAPH-4E8C → 二
		{"\xe3\x80", true},    // cut short: not a rune, nothing folds
		{"㐀㐁", true},          // Extension A folds to itself
	} {
		if got := HanStable(tc.text); got != tc.want {
			t.Errorf("HanStable(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
	// A stable text's basic ideographs stand where its fold has them.
	text := "二〇二二年，Ｗ市推进“一网通办”。"
	folded, origin := Fold(text)
	for i, r := range folded {
		if IsBasicHan(r) && !strings.HasPrefix(text[origin[i]:], string(r)) {
			t.Errorf("%q at %d of the fold is not at %d of the text", r, i, origin[i])
		}
	}
}

func BenchmarkHanStable(b *testing.B) {
	text := strings.Repeat("坚持依法行政，推进“放管服”改革。2022年完成行政复议案件88件。\n", 100)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if !HanStable(text) {
			b.Fatal("unstable")
		}
	}
}

func BenchmarkOffsets(b *testing.B) {
	text := strings.Repeat("坚持依法行政，推进“放管服”改革。2022年完成行政复议案件88件。\n", 100)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Offsets[int32](text)
	}
}
