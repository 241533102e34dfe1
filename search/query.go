package search

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// nodeKind is the kind of a parsed query node.
type nodeKind int

const (
	nodeLiteral nodeKind = iota + 1 // text that must appear (a word or "a phrase")
	nodeField                       // field:value
	nodeAnd
	nodeOr
	nodeNot
)

// node is one element of a parsed query.
type node struct {
	kind  nodeKind
	text  string // literal text or field value
	field string // for nodeField: title, agency, catalog, doc_no, index_no, year
	// yearFrom and yearTo bound a year: filter (inclusive).
	yearFrom, yearTo int
	kids             []*node
}

// queryFields are the field: prefixes the syntax knows.
var queryFields = map[string]bool{
	"title": true, "agency": true, "catalog": true, "doc_no": true, "index_no": true, "year": true,
	"标题": true, "机构": true, "目录": true, "文号": true, "索引号": true, "年份": true,
}

// fieldAliases maps Chinese field names to the canonical ones.
var fieldAliases = map[string]string{
	"标题": "title", "机构": "agency", "目录": "catalog", "文号": "doc_no", "索引号": "index_no", "年份": "year",
}

// parseQuery parses the query syntax: words (ANDed), "exact phrases",
// -exclusions, A OR B, parentheses and field:value filters
// (title:, agency:, catalog:, doc_no:, index_no:, year:2021,
// year:2019..2022). Nothing a person types is an error: what does not
// parse is searched literally or dropped, and listed in ignored.
func parseQuery(q string) (root *node, ignored []string) {
	p := &parser{toks: lexQuery(q)}
	root = p.parseOr(0)
	for p.pos < len(p.toks) {
		// Only a stray ")" stops parseOr early.
		p.ignored = append(p.ignored, p.toks[p.pos].text)
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
	kind tokKind
	text string
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

func (p *parser) parseOr(depth int) *node {
	var alts []*node
	if n := p.parseAnd(depth); n != nil {
		alts = append(alts, n)
	}
	for t := p.peek(); t != nil && t.kind == tokOr; t = p.peek() {
		p.pos++
		n := p.parseAnd(depth)
		if n == nil || len(alts) == 0 {
			p.ignored = append(p.ignored, t.text)
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
	return &node{kind: nodeOr, kids: alts}
}

func (p *parser) parseAnd(depth int) *node {
	var parts []*node
	for t := p.peek(); t != nil && t.kind != tokOr; t = p.peek() {
		if t.kind == tokRParen {
			if depth > 0 {
				break
			}
			p.ignored = append(p.ignored, t.text)
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
	return &node{kind: nodeAnd, kids: parts}
}

func (p *parser) parseUnary(depth int) *node {
	t := p.peek()
	if t.kind == tokNot {
		p.pos++
		if next := p.peek(); next == nil || next.kind == tokOr || next.kind == tokRParen {
			p.ignored = append(p.ignored, t.text)
			return nil
		}
		inner := p.parseUnary(depth)
		if inner == nil {
			return nil
		}
		return &node{kind: nodeNot, kids: []*node{inner}}
	}
	return p.parsePrimary(depth)
}

func (p *parser) parsePrimary(depth int) *node {
	t := p.peek()
	p.pos++
	switch t.kind {
	case tokWord, tokPhrase:
		return &node{kind: nodeLiteral, text: t.text}
	case tokLParen:
		inner := p.parseOr(depth + 1)
		if c := p.peek(); c != nil && c.kind == tokRParen {
			p.pos++
		} else {
			p.ignored = append(p.ignored, "(")
		}
		return inner
	case tokField:
		v := p.peek()
		if v == nil || (v.kind != tokWord && v.kind != tokPhrase) {
			p.ignored = append(p.ignored, t.text+":")
			return nil
		}
		p.pos++
		return fieldNode(t.text, v.text, &p.ignored)
	}
	p.ignored = append(p.ignored, t.text)
	return nil
}

// fieldNode builds a field filter; a year that is not a year or range is
// searched as text instead.
func fieldNode(name, value string, ignored *[]string) *node {
	if alias, ok := fieldAliases[name]; ok {
		name = alias
	}
	if name != "year" {
		return &node{kind: nodeField, field: name, text: value}
	}
	from, to, ok := parseYearRange(value)
	if !ok {
		*ignored = append(*ignored, "year:"+value)
		return &node{kind: nodeLiteral, text: value}
	}
	return &node{kind: nodeField, field: "year", text: value, yearFrom: from, yearTo: to}
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

func andOf(a, b *node) *node {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &node{kind: nodeAnd, kids: []*node{a, b}}
}

// checkCost refuses a parsed query past MaxQueryTerms or MaxQueryDepth,
// naming the limit; the error wraps ErrBadRequest.
func checkCost(root *node) error {
	terms, depth := 0, 0
	var walk func(n *node, level int)
	walk = func(n *node, level int) {
		if n == nil {
			return
		}
		depth = max(depth, level)
		if n.kind == nodeLiteral || n.kind == nodeField {
			terms++
		}
		for _, k := range n.kids {
			walk(k, level+1)
		}
	}
	walk(root, 0)
	if terms > MaxQueryTerms {
		return fmt.Errorf("%w: q may hold at most %d words, phrases and filters, not %d", ErrBadRequest, MaxQueryTerms, terms)
	}
	if depth > MaxQueryDepth {
		return fmt.Errorf("%w: q may nest parentheses, OR and exclusions at most %d deep, not %d", ErrBadRequest, MaxQueryDepth, depth)
	}
	return nil
}

// positiveLiterals lists the literal texts a match must show, for
// highlighting: every literal not under a negation, title: values included.
func positiveLiterals(n *node) []string {
	var out []string
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		switch n.kind {
		case nodeLiteral:
			out = append(out, n.text)
		case nodeField:
			if n.field == "title" {
				out = append(out, n.text)
			}
		case nodeNot:
			return
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	return out
}
