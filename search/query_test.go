package search

import (
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// render writes a parsed query back in a compact form for comparison:
// literals as «text», fields as name:value, AND as (a b), OR as (a | b),
// NOT as -x.
func render(n *node) string {
	if n == nil {
		return ""
	}
	switch n.kind {
	case nodeLiteral:
		return "«" + n.text + "»"
	case nodeField:
		return n.field + ":" + n.text
	case nodeNot:
		return "-" + render(n.kids[0])
	}
	sep := " "
	if n.kind == nodeOr {
		sep = " | "
	}
	parts := make([]string, len(n.kids))
	for i, k := range n.kids {
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
		root, ignored := parseQuery(tt.q)
		if got := render(root); got != tt.want {
			t.Errorf("parseQuery(%q) = %s, want %s", tt.q, got, tt.want)
		}
		if got := strings.Join(ignored, " "); got != tt.ignored {
			t.Errorf("parseQuery(%q) ignored %q, want %q", tt.q, got, tt.ignored)
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
	for _, q := range []string{`"a b" -c (d OR e) title:f year:2019..2022`, `((("`, `-`, `OR OR`, `year:`, "（）“”：－", "\x00\xff"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		root, _ := parseQuery(q)
		var walk func(n *node, depth int)
		walk = func(n *node, depth int) {
			if n == nil {
				return
			}
			if depth > len(q)+2 {
				t.Fatalf("tree deeper than the query is long: %q", q)
			}
			switch n.kind {
			case nodeLiteral, nodeField:
				if n.text == "" && n.kind == nodeLiteral {
					t.Fatalf("empty literal from %q", q)
				}
				if utf8.ValidString(q) && !utf8.ValidString(n.text) {
					t.Fatalf("invalid UTF-8 literal from %q", q)
				}
			case nodeNot:
				if len(n.kids) != 1 {
					t.Fatalf("NOT with %d children", len(n.kids))
				}
			case nodeAnd, nodeOr:
				if len(n.kids) < 2 {
					t.Fatalf("%v with %d children from %q", n.kind, len(n.kids), q)
				}
			}
			for _, k := range n.kids {
				walk(k, depth+1)
			}
		}
		walk(root, 0)
		positiveLiterals(root)
	})
}

func TestCheckCost(t *testing.T) {
	tests := []struct {
		q       string
		mention string // "" when the query is within the limits
	}{
		{"法治 政府 建设", ""},
		{`(行政复议 OR 行政诉讼) -"征求意见" title:报告 year:2020..2022`, ""},
		{strings.Repeat("-(", MaxQueryDepth/2) + "x", ""},
		{strings.Repeat("-(", 1000) + "x", "at most 8 deep"},
		{strings.Repeat("(", 20) + "x", ""}, // parentheses alone build no nodes
		{strings.Repeat("a (", 20) + "x", "at most 8 deep"},
		{strings.Repeat("a ", MaxQueryTerms), ""},
		{strings.Repeat("a ", MaxQueryTerms+1), "at most 32 words"},
		{strings.Repeat("a OR ", 100) + "b", "at most 32 words"},
	}
	for _, tt := range tests {
		root, _ := parseQuery(tt.q)
		err := checkCost(root)
		switch {
		case tt.mention == "" && err != nil:
			t.Errorf("%.40q: %v", tt.q, err)
		case tt.mention != "" && (err == nil || !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), tt.mention)):
			t.Errorf("%.40q: error %v, want ErrBadRequest mentioning %q", tt.q, err, tt.mention)
		}
	}
}

func TestNormalizeBoundsPagingAndLength(t *testing.T) {
	tests := []struct {
		req     Request
		mention string
	}{
		{Request{Page: 100, Size: 100}, ""},
		{Request{Page: 1000}, ""},
		{Request{Page: 1001}, "page must be at most 1000 with size 10"},
		{Request{Page: 101, Size: 100}, "result window of 10000"},
		{Request{Page: math.MaxInt, Size: 100}, "page must be at most 100"},
		{Request{Page: math.MaxInt / 2, Size: 3}, "page must be at most 3333"},
		{Request{Query: strings.Repeat("法", MaxQueryRunes)}, ""},
		{Request{Query: strings.Repeat("法", MaxQueryRunes+1)}, "q must be at most 1000 characters long, not 1001"},
	}
	for _, tt := range tests {
		err := tt.req.Normalize()
		switch {
		case tt.mention == "" && err != nil:
			t.Errorf("page %d size %d: %v", tt.req.Page, tt.req.Size, err)
		case tt.mention != "" && (err == nil || !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), tt.mention)):
			t.Errorf("page %d size %d: error %v, want ErrBadRequest mentioning %q", tt.req.Page, tt.req.Size, err, tt.mention)
		}
	}
}
