package corpus

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readHTML reads a portal detail page: the metadata table (gov.cn's
// table.bd1, the 信息公开 table.xxgk_article, or any table of label/value
// cells), the government-website <meta> tags, and the body text of the
// page's content block with the page chrome left out. One page is one
// report.
func readHTML(in input) ([]Document, []error) {
	fail := func(format string, a ...any) ([]Document, []error) {
		return nil, []error{&InputError{Source: in.Name, Err: fmt.Errorf("%w: "+format, append([]any{ErrUnreadable}, a...)...)}}
	}
	root, err := html.Parse(strings.NewReader(strings.ToValidUTF8(in.Text, "\uFFFD")))
	if err != nil {
		// x/net/html refuses pages nested deeper than 512 elements; no
		// portal page comes close, so such input is broken or hostile.
		return fail("the HTML cannot be parsed: %v", err)
	}
	doc := goquery.NewDocumentFromNode(root)

	r := Report{Source: in.Name, SHA256: SHA256Hex(in.Data), Format: FormatHTML, Encoding: in.Encoding}
	meta := pageMeta(doc)
	body, generic := contentRoot(doc)

	readMetadataTables(doc, body, &r)
	readMetadataLines(doc, body, generic, &r)
	applyPageMeta(meta, &r)

	if r.Title == "" {
		r.Title = pageTitle(doc)
	}
	r.Title = collapseSpaces(r.Title)
	if r.Date == "" {
		r.Date = r.Published
	}
	r.URL = pageURL(doc, meta)
	if body != nil {
		r.Text = htmlText(body, generic)
		r.Attachments = attachments(body, r.URL)
	}
	if full := fullAgency(r.Agency, meta["sitename"], r.Title+"\n"+r.Text); full != r.Agency {
		if r.Extra == nil {
			r.Extra = make(map[string]string)
		}
		r.Extra["发布机构原文"] = r.Agency
		r.Agency = full
	}
	if !hasWords(r.Text) && r.IndexNo == "" && r.DocNo == "" && r.Date == "" && len(r.Attachments) == 0 {
		// A page with neither words nor document metadata (an empty
		// template, a script-only page) is no report; a page whose body is
		// only an attachment still is one.
		return fail("the page has no body text and no document metadata")
	}
	r.Sections = ParseSections(r.Text)
	finishReport(&r)
	return []Document{{Original: in.Data, MediaType: htmlMediaType(in.Encoding), Report: r}}, nil
}

// hasWords reports whether s holds any letter or digit.
func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// htmlMediaType serves the original with the charset it was decoded from;
// a page declaring GBK is served as GB18030, its superset, which is what
// Decode detected.
func htmlMediaType(enc string) string {
	if enc == "gb18030" {
		return "text/html; charset=gb18030"
	}
	return "text/html; charset=utf-8"
}

// contentSelectors lists, most specific first, the elements that portal
// templates put the document body in. Within one group the match with the
// most CJK text wins, so a wrapper and its inner block cannot both be taken.
var contentSelectors = [][]string{
	{"#UCAP-CONTENT"},
	{".TRS_Editor", "#zoom", "#Zoom", ".zoom", "#fontzoom", ".pages_content", ".article-content", ".article_content", "#article-content"},
	{"article", ".article", "#content", ".content", "main", "[role=main]"},
}

// contentRoot returns the element holding the document body: the first
// group of contentSelectors with a match that has text, else the element
// whose own paragraphs hold the most CJK text. generic is true when the root
// is not a template's dedicated body block, so it may still hold the
// page's info bar (see isInfoLine). It returns nil for a page with no text.
func contentRoot(doc *goquery.Document) (root *html.Node, generic bool) {
	var weight map[*html.Node]int
	if len(doc.Nodes) > 0 {
		weight = textWeights(doc.Nodes[0])
	}
	for i, group := range contentSelectors {
		var best *html.Node
		bestScore := 0
		doc.Find(strings.Join(group, ", ")).Each(func(_ int, s *goquery.Selection) {
			n := s.Nodes[0]
			if isChrome(n) || insideChrome(n) {
				return
			}
			if score := weight[n]; score > bestScore {
				best, bestScore = n, score
			}
		})
		if best != nil {
			return best, i == len(contentSelectors)-1
		}
	}
	body := doc.Find("body")
	if body.Length() == 0 {
		return nil, true
	}
	return densestBlock(body.Nodes[0], weight), true
}

// textWeights measures, in one pass, the body text under every node: CJK
// characters count fully, other letters and digits a little, link text not
// at all (navigation is mostly links), skipped elements nothing.
func textWeights(root *html.Node) map[*html.Node]int {
	w := make(map[*html.Node]int)
	var walk func(*html.Node) int
	walk = func(n *html.Node) int {
		sum := 0
		switch n.Type {
		case html.TextNode:
			for _, r := range n.Data {
				if unicode.Is(unicode.Han, r) {
					sum += 4
				} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
					sum++
				}
			}
		case html.ElementNode, html.DocumentNode:
			if n.Type == html.ElementNode && skipElement(n) {
				return 0
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				sum += walk(c)
			}
			if n.DataAtom == atom.A {
				sum = 0
			}
		}
		w[n] = sum
		return sum
	}
	walk(root)
	return w
}

// densestBlock picks, for a page of unknown template, the element whose
// direct text, inline children and paragraph children weigh the most: the
// container of the article's paragraphs rather than the <body> that also
// holds the navigation.
func densestBlock(body *html.Node, weight map[*html.Node]int) *html.Node {
	best, bestScore := (*html.Node)(nil), 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && skipElement(n) {
			return
		}
		score := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode || (c.Type == html.ElementNode && (isParagraph(c) || !isBlock(c))) {
				score += weight[c]
			}
		}
		if score > bestScore {
			best, bestScore = n, score
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(body)
	return best
}

// isParagraph reports elements that hold one paragraph of running text.
func isParagraph(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Li:
		return true
	}
	return false
}

// skippedElements never contain document text.
var skippedElements = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true,
	atom.Canvas: true, atom.Audio: true, atom.Video: true, atom.Button: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Nav: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Title: true,
}

// chromeWords are class and id words that portal templates give to page
// chrome: share buttons, print/close links, breadcrumbs, menus, QR codes.
var chromeWords = map[string]bool{
	"share": true, "bdshare": true, "bdsharebuttonbox": true, "print": true, "close": true,
	"breadcrumb": true, "breadcrumbs": true, "crumb": true, "crumbs": true, "curpage": true,
	"position": true, "nav": true, "navbar": true, "menu": true, "footer": true, "header": true,
	"toolbar": true, "qr": true, "qrcode": true, "erweima": true, "sidebar": true, "jiucuo": true,
	"skip": true, "hidden": true,
}

// chromeWordSplit splits class and id values into words.
var chromeWordSplit = regexp.MustCompile(`[\s_\-]+`)

// isChrome reports an element marked as page chrome by its class or id, or
// hidden from readers.
func isChrome(n *html.Node) bool {
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "class", "id":
			for _, w := range chromeWordSplit.Split(strings.ToLower(a.Val), -1) {
				if chromeWords[w] {
					return true
				}
			}
		case "style":
			if strings.Contains(strings.ReplaceAll(strings.ToLower(a.Val), " ", ""), "display:none") {
				return true
			}
		case "hidden":
			return true
		}
	}
	return false
}

// insideChrome reports whether an ancestor of n is skipped.
func insideChrome(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && skipElement(p) {
			return true
		}
	}
	return false
}

// skipElement reports elements whose content is never body text.
func skipElement(n *html.Node) bool {
	return skippedElements[n.DataAtom] || isChrome(n)
}

// isBlock reports elements that start a new line of text.
func isBlock(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Dd, atom.Details,
		atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure,
		atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header,
		atom.Hgroup, atom.Hr, atom.Li, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Pre,
		atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Td,
		atom.Th, atom.Caption, atom.Ul, atom.Br, atom.Body, atom.Html:
		return true
	}
	return false
}

// lineBuilder assembles text line by line, collapsing white space inside a
// line and trimming it (full-width indentation included) at both ends.
type lineBuilder struct {
	lines   []string
	cur     strings.Builder
	pending bool // a space is due before the next visible character
}

// mangledSpaces are space entities that reached the text escaped twice
// ("&amp;nbsp;" in the source, and its truncated "&amp;sp;" seen on
// gov.cn): they render as the entity's name but mean a space.
var mangledSpaces = strings.NewReplacer("&nbsp;", " ", "&sp;", " ", "&ensp;", " ", "&emsp;", " ", "&thinsp;", " ")

// write appends text, folding every run of white space to one space.
func (b *lineBuilder) write(s string) {
	if strings.Contains(s, "&") {
		s = mangledSpaces.Replace(s)
	}
	for _, r := range s {
		switch {
		case isInvisible(r) || r == '\u00ad' || (unicode.IsControl(r) && !unicode.IsSpace(r)):
		case unicode.IsSpace(r) && r != '\u3000':
			b.pending = true
		default:
			if b.pending && b.cur.Len() > 0 {
				b.cur.WriteByte(' ')
			}
			b.pending = false
			b.cur.WriteRune(r)
		}
	}
}

// space separates two words (table cells, blocks inside a cell).
func (b *lineBuilder) space() { b.pending = true }

// newline ends the current line; empty lines are dropped so that spacer
// paragraphs (<p><br></p>) leave no trace.
func (b *lineBuilder) newline() {
	line := strings.TrimFunc(b.cur.String(), unicode.IsSpace)
	if line != "" {
		b.lines = append(b.lines, line)
	}
	b.cur.Reset()
	b.pending = false
}

// String returns the finished text.
func (b *lineBuilder) String() string {
	b.newline()
	return strings.Join(b.lines, "\n")
}

// htmlText renders the body text under n: block elements and <br> end
// lines, rows of data tables become one line with cells separated by a
// space, and chrome, scripts and styles are left out, as is, when the root
// is generic, the page's info bar.
func htmlText(n *html.Node, generic bool) string {
	var b lineBuilder
	var walk func(n *html.Node, inCell, inPre bool)
	walk = func(n *html.Node, inCell, inPre bool) {
		switch n.Type {
		case html.TextNode:
			if !inPre {
				b.write(n.Data)
				return
			}
			for i, line := range strings.Split(n.Data, "\n") {
				if i > 0 {
					b.newline()
				}
				b.write(line)
			}
			return
		case html.ElementNode:
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, inCell, inPre)
			}
			return
		}
		if skipElement(n) || (generic && isBlock(n) && !hasBlockChild(n) && isInfoNode(n)) {
			return
		}
		brk := b.newline
		if inCell {
			brk = b.space
		}
		if n.DataAtom == atom.Table && !inCell && isDataTable(n) {
			b.newline()
			for _, row := range tableRows(n) {
				for _, cell := range rowCells(row) {
					walk(cell, true, inPre)
					b.space()
				}
				b.newline()
			}
			return
		}
		block := isBlock(n)
		if block {
			brk()
		}
		pre := inPre || n.DataAtom == atom.Pre
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inCell, pre)
		}
		if block {
			brk()
		}
	}
	walk(n, false, false)
	return b.String()
}

// isDataTable tells a table of figures (rendered a row per line) from a
// layout table (whose cells are blocks of running text): it holds no other
// table and no cell carries more than a short passage.
func isDataTable(t *html.Node) bool {
	rows := tableRows(t)
	if len(rows) == 0 {
		return false
	}
	for _, row := range rows {
		for _, cell := range rowCells(row) {
			if text, ok := shortText(cell, 1200); !ok || utf8.RuneCountInString(text) > 300 || hasDescendant(cell, atom.Table) {
				return false
			}
		}
	}
	return true
}

// tableRows returns the rows of t itself, not of tables nested in it.
func tableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Tr:
			rows = append(rows, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.DataAtom == atom.Tr {
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}

// rowCells returns the td and th cells of one row.
func rowCells(row *html.Node) []*html.Node {
	var cells []*html.Node
	for c := row.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
			cells = append(cells, c)
		}
	}
	return cells
}

// hasDescendant reports whether an element of kind a sits under n.
func hasDescendant(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if (c.Type == html.ElementNode && c.DataAtom == a) || hasDescendant(c, a) {
			return true
		}
	}
	return false
}

// nodeText is the visible text under n on one line.
func nodeText(n *html.Node) string {
	text, _ := shortText(n, -1)
	return text
}

// shortText is nodeText for checks that only care about short texts
// (labels, info lines): it gives up, ok false, once max (bytes of text plus
// nodes visited) is passed, so that checking every element of a large or
// deeply nested page stays linear. max < 0 means no limit.
func shortText(n *html.Node, max int) (text string, ok bool) {
	var b lineBuilder
	budget := max
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if max >= 0 {
			budget--
			if budget < 0 || b.cur.Len() > max {
				return false
			}
		}
		if n.Type == html.TextNode {
			b.write(n.Data)
			return true
		}
		if n.Type == html.ElementNode && skipElement(n) {
			return true
		}
		if n.Type == html.ElementNode && isBlock(n) {
			b.space()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	if !walk(n) || (max >= 0 && b.cur.Len() > max) {
		return "", false
	}
	return b.String(), true
}

// collapseSpaces puts s on one line with single spaces.
func collapseSpaces(s string) string {
	var b lineBuilder
	b.write(s)
	return b.String()
}

// within reports whether n is root or sits under it.
func within(n, root *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}
