package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/lantai/lantai/indexer"
)

// docTerms is a termLister over the literal terms of one text.
type docTerms []indexer.Token

func (d docTerms) TermsWithPrefix(_, prefix string) ([]string, error) {
	var out []string
	for _, t := range d {
		if strings.HasPrefix(t.Term, prefix) && !slices.Contains(out, t.Term) {
			out = append(out, t.Term)
		}
	}
	return out, nil
}

// phraseAt reports whether the plan's slots stand at consecutive
// positions of toks starting anywhere; a position may hold several terms.
func phraseAt(toks []indexer.Token, slots [][]string) bool {
	at := map[int][]string{}
	last := 0
	for _, t := range toks {
		at[t.Position] = append(at[t.Position], t.Term)
		last = max(last, t.Position)
	}
	for start := 1; start+len(slots)-1 <= last; start++ {
		ok := true
		for j := 0; ok && j < len(slots); j++ {
			ok = slots[j][0] == "" || slices.ContainsFunc(at[start+j], func(term string) bool { return slices.Contains(slots[j], term) })
		}
		if ok {
			return true
		}
	}
	return false
}

func TestPlanLiteral(t *testing.T) {
	tests := []struct {
		query, text string
		want        bool
	}{
		{"安全生产", "加强安全生产工作", true},
		{"安全生产", "安全、生产", false},
		{"通办", "推进一网通办", true},
		{"31件", "办理案件31件次", true},
		{"31件", "办理案件31个件", false},
		{"第656号", "国务院令第656号", true},
		{"5g", "5G基站", true},
		{"5g", "25G基站", false},
		{"国发〔2019〕5号", "依据国发[2019]5号文件", true},
		{"行政复议", "行政诉讼和复议", false},
	}
	for _, tt := range tests {
		doc := docTerms(indexer.LiteralTokens(tt.text))
		slots, err := planLiteral(doc, indexer.FieldText, indexer.FoldString(tt.query))
		if err != nil {
			t.Fatal(err)
		}
		if got := slots != nil && phraseAt(doc, slots); got != tt.want {
			t.Errorf("%q in %q: matched %v, want %v (plan %q)", tt.query, tt.text, got, tt.want, slots)
		}
	}
}

// FuzzPlanLiteral checks that a query's plan matches a text made of the
// query with anything around it: literal recall rests on it.
func FuzzPlanLiteral(f *testing.F) {
	for _, s := range []string{"法治政府建设", "31件", "国发〔2019〕5号", "ＰＭ2.5", "桥", "、一公开", "a、b"} {
		f.Add(s, "推进", "工作")
	}
	f.Fuzz(func(t *testing.T, query, before, after string) {
		folded := indexer.FoldString(query)
		text := before + "。" + query + "。" + after
		doc := docTerms(indexer.LiteralTokens(text))
		slots, err := planLiteral(doc, indexer.FieldText, folded)
		if err != nil {
			t.Fatal(err)
		}
		if slots == nil {
			return // nothing searchable in the query (only punctuation)
		}
		if !phraseAt(doc, slots) {
			t.Errorf("plan %q of %q does not match %q (terms %v)", slots, query, text, doc)
		}
		// A query that starts and ends with Chinese characters is found
		// inside other characters too: inside a word, whatever jieba does.
		runs := trimGaps(indexer.Runs(folded))
		if runs[0].Kind != indexer.KindHan || runs[len(runs)-1].Kind != indexer.KindHan || folded != strings.TrimSpace(folded) {
			return
		}
		text = before + query + after
		doc = docTerms(indexer.LiteralTokens(text))
		if slots, err = planLiteral(doc, indexer.FieldText, folded); err != nil || !phraseAt(doc, slots) {
			t.Errorf("plan %q of %q does not match %q (terms %v, err %v)", slots, query, text, doc, err)
		}
	})
}
