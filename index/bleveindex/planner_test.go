package bleveindex

import (
	"slices"
	"strings"
	"testing"

	"github.com/lantai/lantai/internal/fold"
)

// candidate reports whether a document with text holds every query term
// of query in its literal set field.
func candidate(text, query string) bool {
	toks := SetTokens(text)
	for _, term := range QueryTerms(query) {
		if !slices.ContainsFunc(toks, func(t Token) bool { return t.Term == term }) {
			return false
		}
	}
	return len(QueryTerms(query)) > 0
}

// literalMatch is the two steps of a literal query on one text: the
// candidate test on the set field, then the confirmation, skipped when
// needsConfirming says it is not needed.
func literalMatch(text, query string) bool {
	if !candidate(text, query) {
		return false
	}
	pattern := MatchPattern(query)
	if !needsConfirming(pattern, QueryTerms(query)) {
		return true
	}
	return strings.Contains(MatchForm(text), pattern)
}

func TestLiteralMatch(t *testing.T) {
	tests := []struct {
		query, text string
		want        bool
	}{
		{"安全生产", "加强安全生产工作", true},
		{"安全生产", "安全、生产", false},
		{"安全生产", "生产安全，全生", false},
		{"通办", "推进一网通办", true},
		{"31件", "办理案件31件次", true},
		{"31件", "办理案件31个件", false},
		{"第656号", "国务院令第656号", true},
		{"5g", "5G基站", true},
		{"5g", "25G基站", false},
		{"国发〔2019〕5号", "依据国发[2019]5号文件", true},
		{"行政复议", "行政诉讼和复议", false},
		{"桥", "修建大桥", true},
		{"法治", "法，治", false},
	}
	for _, tt := range tests {
		if got := literalMatch(tt.text, tt.query); got != tt.want {
			t.Errorf("%q in %q: matched %v, want %v", tt.query, tt.text, got, tt.want)
		}
	}
}

// FuzzLiteralMatch checks both steps of a literal query against the
// definition: a text made of the query with anything around it matches
// (literal recall rests on it), and a query that skips the confirmation
// matches a text only when the text contains it.
func FuzzLiteralMatch(f *testing.F) {
	for _, s := range []string{"法治政府建设", "31件", "国发〔2019〕5号", "ＰＭ2.5", "桥", "、一公开", "a、b", "法治"} {
		f.Add(s, "推进", "工作")
	}
	f.Fuzz(func(t *testing.T, query, before, after string) {
		if MatchPattern(query) == "" {
			return // nothing searchable in the query (only punctuation)
		}
		text := before + "。" + query + "。" + after
		if !literalMatch(text, query) {
			t.Errorf("%q does not match %q", query, text)
		}
		// A query that starts and ends with Chinese characters is found
		// inside other characters too: inside a word, whatever jieba does.
		runs := fold.Runs(fold.String(query))
		if runs[0].Kind == fold.Han && runs[len(runs)-1].Kind == fold.Han {
			if text := before + query + after; !literalMatch(text, query) {
				t.Errorf("%q does not match %q", query, text)
			}
		}
		text = before + after
		pattern := MatchPattern(query)
		if !needsConfirming(pattern, QueryTerms(query)) && candidate(text, query) && !strings.Contains(MatchForm(text), pattern) {
			t.Errorf("%q holds the term of %q without containing it", text, query)
		}
	})
}
