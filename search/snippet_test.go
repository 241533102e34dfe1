package search

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lantai/lantai/internal/fold"
)

func TestSnippets(t *testing.T) {
	tests := []struct {
		name, text string
		literals   []string
		n          int
		want       []string
	}{
		{"escapes and marks exactly", "一是<b>行政复议</b>&申请", []string{"行政复议"}, 3,
			[]string{"一是&lt;b&gt;<mark>行政复议</mark>&lt;/b&gt;&amp;申请"}},
		{"folded match marks the original characters", "ＰＭ２．５浓度", []string{"pm2.5"}, 1,
			[]string{"<mark>ＰＭ２．５</mark>浓度"}},
		{"latin matches whole words only", "5g and 5gx", []string{"5g"}, 3,
			[]string{"<mark>5g</mark> and 5gx"}},
		{"line breaks flatten", "甲\n乙丙", []string{"乙"}, 1, []string{"甲 <mark>乙</mark>丙"}},
		{"no literal shows the start", "abc", nil, 1, []string{"abc"}},
		{"no match gives nothing", "abc", []string{"x"}, 1, nil},
	}
	for _, tt := range tests {
		got := Snippets(tt.text, tt.literals, tt.n)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSnippetsMatchAcrossWindowEdge(t *testing.T) {
	// A match that straddles the end of one passage starts the next.
	text := "复议" + strings.Repeat("甲", 49) + "行政复议" + strings.Repeat("乙", 60)
	got := Snippets(text, []string{"复议", "行政复议"}, 3)
	if len(got) == 0 {
		t.Fatal("no snippets")
	}
}

func FuzzSnippets(f *testing.F) {
	f.Add("复议甲甲甲行政复议乙乙", "复议", "行政复议")
	f.Add("<b>ＰＭ2.5</b>&", "pm2.5", "b")
	f.Add("GDP增长 1.5G x5g ＧＤＰ①pm2.5.", "gdp", "5g")
	f.Add("⼀是㈠一是"+strings.Repeat("依法行政。", 280)+"一是", "一是", "行政")
	f.Fuzz(func(t *testing.T, text, a, b string) {
		got := Snippets(text, []string{a, b}, 3)
		for _, s := range got {
			if strings.Count(s, "<mark>") != strings.Count(s, "</mark>") {
				t.Fatalf("unbalanced marks: %q", s)
			}
		}
		// Searching the text as it is, a piece at a time, gives what
		// folding all of it gives.
		folded, origin := fold.Fold(text)
		want, _ := snippetsFrom(text, folded, origin, true, []string{a, b}, 3)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("Snippets(%q, %q, %q):\n got %q\nwant %q", text, a, b, got, want)
		}
		if spans, wantSpans := MatchSpans(text, []string{a, b}), matchSpans(folded, origin, []string{a, b}, len(folded)); fmt.Sprint(spans) != fmt.Sprint(wantSpans) {
			t.Fatalf("MatchSpans(%q, %q, %q) = %v, folded %v", text, a, b, spans, wantSpans)
		}
	})
}

func TestSnippetsDoNotOverlap(t *testing.T) {
	text := strings.Repeat("甲", 80) + "复议" + strings.Repeat("乙", 70) + "复议" + strings.Repeat("丙", 80)
	got := Snippets(text, []string{"复议"}, 3)
	marks := 0
	for _, s := range got {
		marks += strings.Count(s, "<mark>")
		plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
		if strings.Count(plain, "复议") != strings.Count(s, "<mark>") {
			t.Errorf("unmarked match in %q", s)
		}
	}
	if marks != 2 {
		t.Errorf("%d marks in %q, want 2", marks, got)
	}
}

// TestSnippetsOfLongTexts checks that searching a long text a piece at a
// time gives the snippets that searching all of it gives, with matches
// on both sides of the pieces' edges, matches that are words, and none.
func TestSnippetsOfLongTexts(t *testing.T) {
	whole := func(text string, literals []string, n int) []string {
		folded, origin := fold.Fold(text)
		out, _ := snippetsFrom(text, folded, origin, true, literals, n)
		return out
	}
	filler := func(runes int) string { return strings.Repeat("推进依法行政，", runes/7) }
	var texts []string
	for _, at := range []int{1300, 1360, 1366, 1370, 5450, 5460, 21800, 90000} {
		texts = append(texts,
			filler(at)+"行政复议"+filler(30)+"复议"+filler(3000),
			filler(at)+"行政复议"+filler(3000)+"行政复议5G",
			filler(at)+"５ｇ"+filler(10)+"5gx 5g",
			// A Kangxi radical folds into 一: the search of the text as
			// it is (basic ideographs) must give way to the fold from
			// the piece that holds it on.
			filler(at)+"⼀是"+filler(40)+"一是"+filler(3000)+"一是",
			filler(at)+"一是"+filler(3000)+"㈠一是",
			filler(at)+"GDP增长5G，pm2.5"+filler(3000)+"ＧＤＰ 5g",
			filler(at)+"5G"+filler(3000)+"①5g.5 x5g 5g.x",
		)
	}
	texts = append(texts, filler(30000))
	literals := [][]string{{"行政复议"}, {"复议", "行政复议"}, {"5g"}, {"依法"}, {"不存在"}, {"一是"}, {"一是", "5g"}, {"gdp"}, {"pm2.5", "增长"}}
	for i, text := range texts {
		for _, lits := range literals {
			for _, n := range []int{1, 3} {
				want := whole(text, lits, n)
				if got := Snippets(text, lits, n); strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("text %d, %v, n %d:\n got %q\nwant %q", i, lits, n, got, want)
				}
			}
		}
	}
}

func TestWriteLine(t *testing.T) {
	tests := []struct {
		in, want string
		space    bool
	}{
		{"a\n\n b<&>\"'", `a b&lt;&amp;&gt;&#34;&#39;`, false},
		{"\t行政  复议\r\n", " 行政 复议 ", true},
		{"", "", false},
		{"。", "。", false},
	}
	for _, tt := range tests {
		var b strings.Builder
		if space := writeLine(&b, tt.in, false); b.String() != tt.want || space != tt.space {
			t.Errorf("writeLine(%q) = %q, space %v; want %q, %v", tt.in, b.String(), space, tt.want, tt.space)
		}
	}
	// A space already written swallows the next.
	var b strings.Builder
	writeLine(&b, "甲 ", false)
	b.WriteString("<mark>")
	writeLine(&b, " 乙", true)
	if got := b.String(); got != "甲 <mark>乙" {
		t.Errorf("across pieces: %q", got)
	}
}
