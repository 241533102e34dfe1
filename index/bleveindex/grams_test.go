package bleveindex

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzGramFilter checks the filter's promise: every pattern a text
// contains may be held (no false negatives), whatever the text, the
// pattern's place in it and the other texts filtered with it.
func FuzzGramFilter(f *testing.F) {
	f.Add("推进依法行政，建设法治政府。", "第5g条", uint8(2), uint8(9))
	f.Add("ＰＭ２．５浓度下降", "", uint8(0), uint8(40))
	f.Fuzz(func(t *testing.T, a, b string, at, length uint8) {
		texts := []string{MatchForm(a), MatchForm(b)}
		filter := newGramFilter(utf8.RuneCountInString(texts[0]+texts[1]), texts...)
		// Sections' filters hold the characters too; the texts as
		// headings and as texts of sections of different sizes.
		sections := newSectionGrams([][2]string{{texts[0], texts[1]}, {"", texts[0]}, {texts[1], ""}, {"", ""}})
		holding := [][]int{{0, 1}, {0, 2}}
		for ti, text := range texts {
			if text == "" {
				continue
			}
			start := int(at) % len(text)
			for start > 0 && !utf8.RuneStart(text[start]) {
				start--
			}
			end := min(len(text), start+int(length))
			for end < len(text) && !utf8.RuneStart(text[end]) {
				end++
			}
			p := text[start:end]
			if !filter.mayHold(windowHashes(p)) {
				t.Errorf("pattern %q of %q not held by the filter", p, text)
			}
			windows := sectionWindowHashes(p)
			var each []int
			sections.each(windows, func(section int) { each = append(each, section) })
			for _, section := range holding[ti] {
				if !sections.mayHold(section, windows) || !slices.Contains(each, section) {
					t.Errorf("pattern %q of %q not held by the filter of section %d (each: %v)", p, text, section, each)
				}
			}
		}
	})
}

func TestGramFilterRejects(t *testing.T) {
	text := MatchForm(strings.Repeat("推进依法行政，建设法治政府，开展行政复议工作。", 20))
	filter := newGramFilter(utf8.RuneCountInString(text), text)
	for _, p := range []string{"法治政府", "依法行政", "行政复议工作", "复议", MatchPattern("政，建")} {
		if !filter.mayHold(windowHashes(p)) {
			t.Errorf("%q rejected", p)
		}
	}
	// Bigrams all present, literals absent: what the filter is for; and
	// two-character literals absent.
	rejected := 0
	absent := []string{"法治政协", "行政法治", "复议依法", "政府建设", "工作开展", "依法复议", "通办", "治行", "建法"}
	for _, p := range absent {
		if !filter.mayHold(windowHashes(p)) {
			rejected++
		}
	}
	if rejected < len(absent)-1 {
		t.Errorf("only %d of %d absent literals rejected", rejected, len(absent))
	}
	sections := newSectionGrams([][2]string{{"", text}, {"依法行政", ""}, {"", ""}})
	for _, c := range []string{"法", "建", "复"} {
		if !sections.mayHold(0, sectionWindowHashes(c)) {
			t.Errorf("character %q rejected by a section's filter", c)
		}
	}
	if sections.mayHold(0, sectionWindowHashes("桥")) && sections.mayHold(0, sectionWindowHashes("鹰")) {
		t.Error("a section's filter holds characters its text does not")
	}
	var holding []int
	sections.each(sectionWindowHashes("依法"), func(section int) { holding = append(holding, section) })
	slices.Sort(holding)
	if !slices.Equal(holding, []int{0, 1}) {
		t.Errorf("sections that may hold 依法: %v, want [0 1]", holding)
	}
	if sections.mayHold(2, sectionWindowHashes("法")) || !sections.mayHold(2, nil) {
		t.Error("an empty section's filter must hold nothing, and pass a pattern without windows")
	}
	if !filter.mayHold(nil) || (gramFilter(nil)).mayHold(windowHashes("法治政府")) {
		t.Error("no windows must pass; an empty filter must hold nothing")
	}
}
