package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lantai/lantai/indexer"
)

// FuzzGramFilter checks the filter's promise: every pattern a text
// contains may be held (no false negatives), whatever the text, the
// pattern's place in it and the other texts filtered with it.
func FuzzGramFilter(f *testing.F) {
	f.Add("推进依法行政，建设法治政府。", "第5g条", uint8(2), uint8(9))
	f.Add("ＰＭ２．５浓度下降", "", uint8(0), uint8(40))
	f.Fuzz(func(t *testing.T, a, b string, at, length uint8) {
		texts := []string{indexer.MatchForm(a), indexer.MatchForm(b)}
		filter := newGramFilter(texts...)
		// A section's filter holds the characters too, in fewer bits
		// than its windows need.
		section := make(gramFilter, max(1, gramFilterWords(len(texts[0])/4, 3)))
		for _, text := range texts {
			section.addText(text, true)
		}
		for _, text := range texts {
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
			if !section.mayHold(sectionWindowHashes(p)) {
				t.Errorf("pattern %q of %q not held by the section filter", p, text)
			}
		}
	})
}

func TestGramFilterRejects(t *testing.T) {
	text := indexer.MatchForm(strings.Repeat("推进依法行政，建设法治政府，开展行政复议工作。", 20))
	filter := newGramFilter(text)
	for _, p := range []string{"法治政府", "依法行政", "行政复议工作", "复议", indexer.MatchPattern("政，建")} {
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
	section := make(gramFilter, gramFilterWords(utf8.RuneCountInString(text), 3))
	section.addText(text, true)
	for _, c := range []string{"法", "建", "复"} {
		if !section.mayHold(sectionWindowHashes(c)) {
			t.Errorf("character %q rejected by a section's filter", c)
		}
	}
	if section.mayHold(sectionWindowHashes("桥")) && section.mayHold(sectionWindowHashes("鹰")) {
		t.Error("a section's filter holds characters its text does not")
	}
	if !filter.mayHold(nil) || (gramFilter(nil)).mayHold(windowHashes("法治政府")) {
		t.Error("no windows must pass; an empty filter must hold nothing")
	}
}
