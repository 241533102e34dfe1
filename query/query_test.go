package query

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lantai/lantai/index"
)

// render writes a parsed query back in a compact form for comparison:
// literals as «text», fields as name:value, AND as (a b), OR as (a | b),
// NOT as -x.
func render(n *index.Node) string {
	if n == nil {
		return ""
	}
	switch n.Kind {
	case index.Literal:
		return "«" + n.Text + "»"
	case index.Field:
		return n.Field + ":" + n.Text
	case index.Not:
		return "-" + render(n.Kids[0])
	}
	sep := " "
	if n.Kind == index.Or {
		sep = " | "
	}
	parts := make([]string, len(n.Kids))
	for i, k := range n.Kids {
		parts[i] = render(k)
	}
	return "(" + strings.Join(parts, sep) + ")"
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		q, want, ignored string
	}{
		{"行政复议", "«行政复议»", ""},
		{"行政复议 行政诉讼", "(«行政复议» «行政诉讼»)", ""},
		{`"双随机 一公开"`, "«双随机 一公开»", ""},
		{`“法治政府”`, "«法治政府»", ""},
		{"放管服 -征求意见", "(«放管服» -«征求意见»)", ""},
		{"一网通办 OR 跨省通办", "(«一网通办» | «跨省通办»)", ""},
		{"(一网通办 OR 跨省通办) 营商环境", "((«一网通办» | «跨省通办») «营商环境»)", ""},
		{"（一网通办 或 跨省通办）", "(«一网通办» | «跨省通办»)", ""},
		{"title:法治政府 agency:国务院", "(title:法治政府 agency:国务院)", ""},
		{"catalog:法治政府建设 doc_no:国发〔2019〕5号", "(catalog:法治政府建设 doc_no:国发〔2019〕5号)", ""},
		{"index_no:000014349/2019-00007", "index_no:000014349/2019-00007", ""},
		{"文号：国发〔2019〕5号", "doc_no:国发〔2019〕5号", ""},
		{"year:2021 行政复议", "(year:2021 «行政复议»)", ""},
		{"year:2019..2022", "year:2019..2022", ""},
		{"cites:国办发〔2017〕47号", "cites:国办发〔2017〕47号", ""},
		{"cites:国办发（2017）47号 行政复议 year:2022", "(cites:国办发(2017)47号 «行政复议» year:2022)", ""},
		{"(cites:国发(2019)5号 OR cites:国发〔2019〕6号) 法治", "((cites:国发(2019)5号 | cites:国发〔2019〕6号) «法治»)", ""},
		{"引用：《中华人民共和国行政复议法》", "cites:《中华人民共和国行政复议法》", ""},
		{`cites:"国务院 关于"`, "cites:国务院 关于", ""},
		{"cites:《关于“放管服” 改革的意见》 法治", `(cites:《关于"放管服" 改革的意见》 «法治»)`, ""},
		{"(cites:《A（试行）》)", "cites:《A(试行)》", ""},
		{"cites:《未闭合 法治", "(cites:《未闭合 «法治»)", ""},
		{"cited_by:0123456789abcdef", "cited_by:0123456789abcdef", ""},
		{"doc_no:国发（2019）5号", "doc_no:国发(2019)5号", ""},
		{"(doc_no:国发(2019)5号)", "doc_no:国发(2019)5号", ""},
		{"cites:", "", "cites:"},
		// Malformed input degrades to literal search and says what it ignored.
		{`"未闭合的引号`, "«未闭合的引号»", ""},
		{"(行政复议", "«行政复议»", "("},
		{"行政复议)", "«行政复议»", ")"},
		{"OR 行政复议", "«行政复议»", "OR"},
		{"行政复议 OR", "«行政复议»", "OR"},
		{"行政复议 -", "(«行政复议» «-»)", ""},
		{"year:去年", "«去年»", "year:去年"},
		{"title:", "", "title:"},
		{"a-b 2019-2022", "(«a-b» «2019-2022»)", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		root, ignored := Parse(tt.q)
		if got := render(root); got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.q, got, tt.want)
		}
		if got := strings.Join(ignored, " "); got != tt.ignored {
			t.Errorf("Parse(%q) ignored %q, want %q", tt.q, got, tt.ignored)
		}
	}
}

func TestParseYearRange(t *testing.T) {
	tests := []struct {
		s        string
		from, to int
		ok       bool
	}{
		{"2021", 2021, 2021, true},
		{"2021年", 2021, 2021, true},
		{"2019..2022", 2019, 2022, true},
		{"2019-2022", 2019, 2022, true},
		{"2019..", 2019, 9999, true},
		{"..2022", 1000, 2022, true},
		{"2022..2019", 0, 0, false},
		{"..", 0, 0, false},
		{"21", 0, 0, false},
		{"abc", 0, 0, false},
	}
	for _, tt := range tests {
		from, to, ok := parseYearRange(tt.s)
		if ok != tt.ok || ok && (from != tt.from || to != tt.to) {
			t.Errorf("parseYearRange(%q) = %d, %d, %v; want %d, %d, %v", tt.s, from, to, ok, tt.from, tt.to, tt.ok)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, q := range []string{`"a b" -c (d OR e) title:f year:2019..2022`, `((("`, `-`, `OR OR`, `year:`, "（）“”：－", "\x00\xff",
		"cites:国办发（2017）47号 行政复议", "(cites:a) OR cites:b)", "-cites:(x", "cited_by:x OR y"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		root, _ := Parse(q)
		var walk func(n *index.Node, depth int)
		walk = func(n *index.Node, depth int) {
			if n == nil {
				return
			}
			if depth > len(q)+2 {
				t.Fatalf("tree deeper than the query is long: %q", q)
			}
			switch n.Kind {
			case index.Literal, index.Field:
				if n.Text == "" && n.Kind == index.Literal {
					t.Fatalf("empty literal from %q", q)
				}
				if utf8.ValidString(q) && !utf8.ValidString(n.Text) {
					t.Fatalf("invalid UTF-8 literal from %q", q)
				}
			case index.Not:
				if len(n.Kids) != 1 {
					t.Fatalf("NOT with %d children", len(n.Kids))
				}
			case index.And, index.Or:
				if len(n.Kids) < 2 {
					t.Fatalf("%v with %d children from %q", n.Kind, len(n.Kids), q)
				}
			}
			for _, k := range n.Kids {
				walk(k, depth+1)
			}
		}
		walk(root, 0)
		PositiveLiterals(root)
		rest, cites, err := SplitCitations(root)
		if err != nil {
			if !errors.Is(err, ErrCitationPlacement) || citationIn(root) == "" {
				t.Fatalf("SplitCitations(%q): %v", q, err)
			}
			return
		}
		if rest != nil && citationIn(rest) != "" {
			t.Fatalf("SplitCitations(%q) left a citation filter in %s", q, render(rest))
		}
		if cites != nil && !onlyCitations(cites) {
			t.Fatalf("SplitCitations(%q) took %s as citation filters", q, render(cites))
		}
	})
}

func TestSplitCitations(t *testing.T) {
	tests := []struct {
		q, rest, cites, err string
	}{
		{"行政复议", "«行政复议»", "", ""},
		{"cites:国办发〔2017〕47号", "", "cites:国办发〔2017〕47号", ""},
		{"cites:国办发〔2017〕47号 行政复议 year:2022", "(«行政复议» year:2022)", "cites:国办发〔2017〕47号", ""},
		{"行政复议 cites:a cited_by:b", "«行政复议»", "(cites:a cited_by:b)", ""},
		{"(cites:a OR cites:b) 法治", "«法治»", "(cites:a | cites:b)", ""},
		{"cites:a OR cited_by:b", "", "(cites:a | cited_by:b)", ""},
		{"-cites:a 法治", "", "", "cites: narrows the whole query"},
		{"cites:a OR 法治", "", "", "cites: narrows"},
		{"法治 (行政 OR cited_by:b)", "", "", "cited_by: narrows"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		root, _ := Parse(tt.q)
		rest, cites, err := SplitCitations(root)
		switch {
		case tt.err != "":
			if !errors.Is(err, ErrCitationPlacement) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("SplitCitations(%q): error %v, want ErrCitationPlacement mentioning %q", tt.q, err, tt.err)
			}
		case err != nil:
			t.Errorf("SplitCitations(%q): %v", tt.q, err)
		case render(rest) != tt.rest || render(cites) != tt.cites:
			t.Errorf("SplitCitations(%q) = %s, %s; want %s, %s", tt.q, render(rest), render(cites), tt.rest, tt.cites)
		}
	}
}

func TestCheckCost(t *testing.T) {
	tests := []struct {
		q       string
		mention string // "" when the query is within the limits
	}{
		{"法治 政府 建设", ""},
		{`(行政复议 OR 行政诉讼) -"征求意见" title:报告 year:2020..2022`, ""},
		{strings.Repeat("-(", MaxDepth/2) + "x", ""},
		{strings.Repeat("-(", 1000) + "x", "at most 8 deep"},
		{strings.Repeat("(", 20) + "x", ""}, // parentheses alone build no nodes
		{strings.Repeat("a (", 20) + "x", "at most 8 deep"},
		{strings.Repeat("a ", MaxTerms), ""},
		{strings.Repeat("a ", MaxTerms+1), "at most 32 words"},
		{strings.Repeat("a OR ", 100) + "b", "at most 32 words"},
	}
	for _, tt := range tests {
		root, _ := Parse(tt.q)
		err := CheckCost(root)
		switch {
		case tt.mention == "" && err != nil:
			t.Errorf("%.40q: %v", tt.q, err)
		case tt.mention != "" && (err == nil || !errors.Is(err, ErrTooCostly) || !strings.Contains(err.Error(), tt.mention)):
			t.Errorf("%.40q: error %v, want ErrTooCostly mentioning %q", tt.q, err, tt.mention)
		}
	}
}
