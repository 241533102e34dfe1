package query

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lantai/lantai/index"
)

// queryFields are the field: prefixes the syntax knows.
var queryFields = map[string]bool{
	"title": true, "agency": true, "catalog": true, "doc_no": true, "index_no": true, "year": true,
	"标题": true, "机构": true, "目录": true, "文号": true, "索引号": true, "年份": true,
	FieldCites: true, FieldCitedBy: true, "引用": true,
}

// identifierFields are the fields whose value is a 文号, a title or an id:
// it runs to the next space, brackets included (国发（2019）5号), but for a
// ")" that closes a group the field is in; a value that opens with 《 runs
// to its 》 first, spaces and quotes included (《关于“放管服”改革的意见》).
var identifierFields = map[string]bool{
	"doc_no": true, "文号": true, FieldCites: true, FieldCitedBy: true, "引用": true,
}

// fieldAliases maps Chinese field names to the canonical ones.
var fieldAliases = map[string]string{
	"标题": "title", "机构": "agency", "目录": "catalog", "文号": "doc_no", "索引号": "index_no", "年份": "year",
	"引用": FieldCites,
}

// Parse parses the query syntax: words (ANDed), "exact phrases",
// -exclusions, A OR B, parentheses and field:value filters
// (title:, agency:, catalog:, doc_no:, index_no:, year:2021,
// year:2019..2022, and the citation filters cites: and cited_by:, which
// SplitCitations takes out for the caller to resolve). Nothing a person types is an error: what does not
// parse is searched literally or dropped, and listed in ignored.
func Parse(q string) (root *index.Node, ignored []string) {
	p := &parser{toks: lexQuery(q)}
	root = p.parseOr(0)
	for p.pos < len(p.toks) {
		// Only a stray ")" stops parseOr early.
		p.ignored = append(p.ignored, p.toks[p.pos].Text)
		p.pos++
		if more := p.parseOr(0); more != nil {
			root = andOf(root, more)
		}
	}
	return root, p.ignored
}

type tokKind int

const (
	tokWord tokKind = iota + 1
	tokPhrase
	tokLParen
	tokRParen
	tokOr
	tokNot
	tokField // text = field name; the value follows as the next token
)

type qtoken struct {
	Kind tokKind
	Text string
}

// lexQuery splits a query into tokens. Full-width quotes, parentheses,
// colons and minus signs count as their ASCII forms.
func lexQuery(q string) []qtoken {
	q = strings.NewReplacer("“", `"`, "”", `"`, "（", "(", "）", ")", "：", ":", "－", "-", "　", " ").Replace(q)
	var toks []qtoken
	rs := []rune(q)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			if text := strings.TrimSpace(string(rs[i+1 : j])); text != "" {
				toks = append(toks, qtoken{tokPhrase, text})
			}
			i = j + 1
		case r == '(':
			toks = append(toks, qtoken{tokLParen, "("})
			i++
		case r == ')':
			toks = append(toks, qtoken{tokRParen, ")"})
			i++
		case r == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) && (i == 0 || unicode.IsSpace(rs[i-1]) || rs[i-1] == '('):
			toks = append(toks, qtoken{tokNot, "-"})
			i++
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' && rs[j] != '(' && rs[j] != ')' {
				j++
			}
			word := string(rs[i:j])
			if name, _, ok := strings.Cut(word, ":"); ok && identifierFields[name] {
				j = identifierEnd(rs, i+utf8.RuneCountInString(name)+1)
				word = string(rs[i:j])
			}
			if word == "OR" || word == "|" || word == "或" {
				toks = append(toks, qtoken{tokOr, word})
			} else if name, value, ok := strings.Cut(word, ":"); ok && queryFields[name] {
				toks = append(toks, qtoken{tokField, name})
				if value != "" {
					toks = append(toks, qtoken{tokWord, value})
				}
			} else {
				toks = append(toks, qtoken{tokWord, word})
			}
			i = j
		}
	}
	return toks
}

// identifierEnd is where an identifier field's value starting at rs[j]
// ends: after the 》 that closes a 《 it opens with, then at a space or
// quote, or at a ")" that no "(" of the value opened.
func identifierEnd(rs []rune, j int) int {
	if j < len(rs) && rs[j] == '《' {
		marks := 0
		for k := j; k < len(rs); k++ {
			if rs[k] == '《' {
				marks++
			} else if rs[k] == '》' {
				if marks--; marks == 0 {
					j = k + 1
					break
				}
			}
		}
	}
	depth := 0
	for ; j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"'; j++ {
		switch rs[j] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return j
			}
			depth--
		}
	}
	return j
}

type parser struct {
	toks    []qtoken
	pos     int
	ignored []string
}

func (p *parser) peek() *qtoken {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

func (p *parser) parseOr(depth int) *index.Node {
	var alts []*index.Node
	if n := p.parseAnd(depth); n != nil {
		alts = append(alts, n)
	}
	for t := p.peek(); t != nil && t.Kind == tokOr; t = p.peek() {
		p.pos++
		n := p.parseAnd(depth)
		if n == nil || len(alts) == 0 {
			p.ignored = append(p.ignored, t.Text)
			if n != nil {
				alts = append(alts, n)
			}
			continue
		}
		alts = append(alts, n)
	}
	switch len(alts) {
	case 0:
		return nil
	case 1:
		return alts[0]
	}
	return &index.Node{Kind: index.Or, Kids: alts}
}

func (p *parser) parseAnd(depth int) *index.Node {
	var parts []*index.Node
	for t := p.peek(); t != nil && t.Kind != tokOr; t = p.peek() {
		if t.Kind == tokRParen {
			if depth > 0 {
				break
			}
			p.ignored = append(p.ignored, t.Text)
			p.pos++
			continue
		}
		if n := p.parseUnary(depth); n != nil {
			parts = append(parts, n)
		}
	}
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	return &index.Node{Kind: index.And, Kids: parts}
}

func (p *parser) parseUnary(depth int) *index.Node {
	t := p.peek()
	if t.Kind == tokNot {
		p.pos++
		if next := p.peek(); next == nil || next.Kind == tokOr || next.Kind == tokRParen {
			p.ignored = append(p.ignored, t.Text)
			return nil
		}
		inner := p.parseUnary(depth)
		if inner == nil {
			return nil
		}
		return &index.Node{Kind: index.Not, Kids: []*index.Node{inner}}
	}
	return p.parsePrimary(depth)
}

func (p *parser) parsePrimary(depth int) *index.Node {
	t := p.peek()
	p.pos++
	switch t.Kind {
	case tokWord, tokPhrase:
		return &index.Node{Kind: index.Literal, Text: t.Text}
	case tokLParen:
		inner := p.parseOr(depth + 1)
		if c := p.peek(); c != nil && c.Kind == tokRParen {
			p.pos++
		} else {
			p.ignored = append(p.ignored, "(")
		}
		return inner
	case tokField:
		v := p.peek()
		if v == nil || (v.Kind != tokWord && v.Kind != tokPhrase) {
			p.ignored = append(p.ignored, t.Text+":")
			return nil
		}
		p.pos++
		return fieldNode(t.Text, v.Text, &p.ignored)
	}
	p.ignored = append(p.ignored, t.Text)
	return nil
}

// fieldNode builds a field filter; a year that is not a year or range is
// searched as text instead.
func fieldNode(name, value string, ignored *[]string) *index.Node {
	if alias, ok := fieldAliases[name]; ok {
		name = alias
	}
	if name != "year" {
		return &index.Node{Kind: index.Field, Field: name, Text: value}
	}
	from, to, ok := parseYearRange(value)
	if !ok {
		*ignored = append(*ignored, "year:"+value)
		return &index.Node{Kind: index.Literal, Text: value}
	}
	return &index.Node{Kind: index.Field, Field: "year", Text: value, YearFrom: from, YearTo: to}
}

// parseYearRange reads 2021, 2019..2022, 2019-2022, 2019.. or ..2022.
func parseYearRange(s string) (from, to int, ok bool) {
	s = strings.TrimSuffix(s, "年")
	lo, hi, isRange := strings.Cut(s, "..")
	if !isRange {
		lo, hi, isRange = strings.Cut(s, "-")
	}
	year := func(s string, def int) (int, bool) {
		if s == "" {
			return def, true
		}
		n, err := strconv.Atoi(strings.TrimSuffix(s, "年"))
		return n, err == nil && n >= 1000 && n <= 9999
	}
	if !isRange {
		n, ok := year(lo, 0)
		return n, n, ok && lo != ""
	}
	if from, ok = year(lo, 1000); !ok {
		return 0, 0, false
	}
	if to, ok = year(hi, 9999); !ok || from > to || lo == "" && hi == "" {
		return 0, 0, false
	}
	return from, to, true
}

func andOf(a, b *index.Node) *index.Node {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &index.Node{Kind: index.And, Kids: []*index.Node{a, b}}
}

// Limits on a query's cost. Its cost grows with its length, its number of
// terms (each one a posting walk and a confirmation) and its nesting (each
// level of exclusion or grouping walks its documents again), so each is
// capped; past a cap the request is refused with the cap named rather than
// left to run past its deadline.
const (
	MaxRunes = 1000 // characters of a query
	MaxTerms = 32   // words, phrases and field:value filters
	MaxDepth = 8    // nested parentheses, OR and exclusions
)

// ErrTooCostly marks a query past one of the limits; the error names it.
var ErrTooCostly = errors.New("query too costly")

// CheckCost refuses a parsed query past MaxTerms or MaxDepth, naming the
// limit; the error wraps ErrTooCostly.
func CheckCost(root *index.Node) error {
	terms, depth := 0, 0
	var walk func(n *index.Node, level int)
	walk = func(n *index.Node, level int) {
		if n == nil {
			return
		}
		depth = max(depth, level)
		if n.Kind == index.Literal || n.Kind == index.Field {
			terms++
		}
		for _, k := range n.Kids {
			walk(k, level+1)
		}
	}
	walk(root, 0)
	if terms > MaxTerms {
		return fmt.Errorf("%w: q may hold at most %d words, phrases and filters, not %d", ErrTooCostly, MaxTerms, terms)
	}
	if depth > MaxDepth {
		return fmt.Errorf("%w: q may nest parentheses, OR and exclusions at most %d deep, not %d", ErrTooCostly, MaxDepth, depth)
	}
	return nil
}

// PositiveLiterals lists the literal texts a match must show, for
// highlighting: every literal not under a negation, title: values included.
func PositiveLiterals(n *index.Node) []string {
	var out []string
	var walk func(n *index.Node)
	walk = func(n *index.Node) {
		if n == nil {
			return
		}
		switch n.Kind {
		case index.Literal:
			out = append(out, n.Text)
		case index.Field:
			if n.Field == "title" {
				out = append(out, n.Text)
			}
		case index.Not:
			return
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(n)
	return out
}
