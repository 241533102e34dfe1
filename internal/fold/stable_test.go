package fold

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestStableEveryRune checks the tables against their definitions for
// every rune, each alone between two stable ones.
func TestStableEveryRune(t *testing.T) {
	intoHan, intoWord := 0, 0
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue
		}
		f := foldRune(r)
		want := HanStable | WordStable
		if !IsBasicHan(r) && holdsBasicHan(f) {
			want &^= HanStable
			intoHan++
		}
		if holdsWordByte(f) {
			want &^= WordStable
			intoWord++
		}
		if got := Stable("行a" + string(r) + "1政"); got != want {
			t.Fatalf("Stable with %U (folded %q) = %b, want %b", r, f, got, want)
		}
	}
	if intoHan < 500 || intoWord < 500 {
		t.Errorf("only %d runes fold into basic ideographs and %d into ASCII words; the Kangxi radicals alone are 214, the full-width forms 62", intoHan, intoWord)
	}
}

func TestStable(t *testing.T) {
	both := HanStable | WordStable
	for _, tc := range []struct {
		text string
		want Stability
	}{
		{"", both},
		{"坚持依法行政，推进“放管服”改革。GDP（一）2022年 pm2.5 é", both},
		{"第㈠项", WordStable},        // U+3220 PARENTHESIZED IDEOGRAPH ONE → (一)
		{"㊀等奖", WordStable},        // U+3280 CIRCLED IDEOGRAPH ONE → 一
		{"⼀是", WordStable},         // U+2F00 KANGXI RADICAL ONE → 一
		{"\uF901", WordStable},     // U+F901 CJK COMPATIBILITY IDEOGRAPH → 更
		{"\U0001F214", WordStable}, // SQUARED CJK UNIFIED IDEOGRAPH-4E8C → 二
		{"ＧＤＰ增长", HanStable},       // full-width letters
		{"２０２２年", HanStable},       // full-width digits
		{"①项", HanStable},          // circled digit → 1
		{"面积100㎡", HanStable},      // ㎡ → m2
		{"第㈠项，ＧＤＰ", 0},             // neither
		{"\xe3\x80", both},         // cut short: not a rune, nothing folds
		{"㐀㐁", both},               // Extension A folds to itself
		{"\U0001F600", both},       // an emoji folds to itself
	} {
		if got := Stable(tc.text); got != tc.want {
			t.Errorf("Stable(%q) = %b, want %b", tc.text, got, tc.want)
		}
	}
	// A stable text's basic ideographs and ASCII (lowercased) stand
	// where its fold has them.
	text := "二〇二二年，GDP（国内生产总值）增长Pm2.5。"
	if Stable(text) != both {
		t.Fatalf("%q is not stable", text)
	}
	lowered := ASCIILower(text)
	folded, origin := Fold(text)
	for i, r := range folded {
		if (IsBasicHan(r) || r < utf8.RuneSelf && holdsWordByte(string(r))) && !strings.HasPrefix(lowered[origin[i]:], string(r)) {
			t.Errorf("%q at %d of the fold is not at %d of the lowered text", r, i, origin[i])
		}
	}
}

func TestASCIILower(t *testing.T) {
	for in, want := range map[string]string{"": "", "abc依法": "abc依法", "GDP增长Pm2.5": "gdp增长pm2.5", "ＧＤＰ": "ＧＤＰ"} {
		if got := ASCIILower(in); got != want || len(got) != len(in) {
			t.Errorf("ASCIILower(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkStable(b *testing.B) {
	text := strings.Repeat("坚持依法行政，推进“放管服”改革。2022年完成行政复议案件88件。\n", 100)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if Stable(text) == 0 {
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

// offsetsByRune is Offsets as first written, rune by rune through
// foldRune: the reference its faster form must agree with.
func offsetsByRune(s string) (string, []int) {
	var b strings.Builder
	var origin []int
	for i, r := range s {
		piece := foldRune(r)
		switch {
		case r < utf8.RuneSelf:
			piece = strings.ToLower(string(r))
		case IsBasicHan(r):
			piece = s[i : i+utf8.RuneLen(r)]
		}
		b.WriteString(piece)
		for range len(piece) {
			origin = append(origin, i)
		}
	}
	return b.String(), append(origin, len(s))
}

func FuzzOffsets(f *testing.F) {
	f.Add("坚持ＧＤＰ①\xe3\x80㈠⼀\U0001F214\uFFFDAbc")
	f.Fuzz(func(t *testing.T, s string) {
		got, gotOrigin := Fold(s)
		want, wantOrigin := offsetsByRune(s)
		if got != want || !slices.Equal(gotOrigin, wantOrigin) {
			t.Fatalf("Fold(%q) = %q %v, want %q %v", s, got, gotOrigin, want, wantOrigin)
		}
		if st := Stable(s); st&WordStable != 0 && strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf && holdsWordByte(foldRune(r)) }) {
			t.Fatalf("%q is not word-stable", s)
		}
	})
}
