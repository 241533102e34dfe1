package extract

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file turns the positioned lines MuPDF finds on each page into the
// text of a report: rows in reading order, running headers, footers and
// page numbers dropped, wrapped lines rejoined into paragraphs, and the
// title, document number and date picked from the layout. It knows
// nothing of MuPDF, so its tests need no PDF.

// pdfLine is one line of text on a page, in points from the page's top
// left corner, turned so that the page's text runs left to right.
type pdfLine struct {
	x0, x1   float64
	baseline float64
	size     float64 // the largest font size on the line
	text     string
}

// pdfPage is the lines of one page and its size, turned as its lines.
type pdfPage struct {
	width, height float64
	lines         []pdfLine
}

// pdfRecord is a line as MuPDF gives it: its box, the origin of its first
// character and its direction on the page as shown.
type pdfRecord struct {
	x0, y0, x1, y1 float64
	ox, oy         float64
	dx, dy         float64
	size           float64
	text           string
}

// parseRecords reads the records lt_write makes; a record it cannot read
// is skipped.
func parseRecords(records []byte) []pdfRecord {
	var out []pdfRecord
	for len(records) > 0 {
		var rec []byte
		rec, records, _ = bytes.Cut(records, []byte("\n"))
		head, text, ok := bytes.Cut(rec, []byte("\t"))
		if !ok {
			continue
		}
		f := strings.Fields(string(head))
		if len(f) != 9 {
			continue
		}
		var v [9]float64
		bad := false
		for i := range v {
			x, err := strconv.ParseFloat(f[i], 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				bad = true
			}
			v[i] = x
		}
		if bad {
			continue
		}
		out = append(out, pdfRecord{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], string(text)})
	}
	return out
}

// orientPage turns a page of width w and height h so that most of its
// text runs left to right: a page shown sideways or upside down (a
// landscape table under /Rotate, vertical writing) reads as one shown
// upright. Lines in other directions, such as diagonal watermarks and
// stamps, are left out.
func orientPage(recs []pdfRecord, w, h float64) pdfPage {
	type axis struct{ x, y float64 }
	axisOf := func(r *pdfRecord) (axis, bool) {
		switch {
		case math.Abs(r.dx) >= 0.99:
			return axis{math.Copysign(1, r.dx), 0}, true
		case math.Abs(r.dy) >= 0.99:
			return axis{0, math.Copysign(1, r.dy)}, true
		}
		return axis{}, false
	}
	weight := map[axis]int{}
	for i := range recs {
		if a, ok := axisOf(&recs[i]); ok {
			weight[a] += utf8.RuneCountInString(recs[i].text)
		}
	}
	main, best := axis{1, 0}, 0
	for _, a := range []axis{{1, 0}, {0, 1}, {0, -1}, {-1, 0}} {
		if weight[a] > best {
			main, best = a, weight[a]
		}
	}
	// along runs with the text, across down the lines of it.
	along := func(x, y float64) float64 { return x*main.x + y*main.y }
	across := func(x, y float64) float64 { return -x*main.y + y*main.x }
	corners := [4][2]float64{{0, 0}, {w, 0}, {0, h}, {w, h}}
	minA, maxA, minC, maxC := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, c := range corners {
		minA, maxA = min(minA, along(c[0], c[1])), max(maxA, along(c[0], c[1]))
		minC, maxC = min(minC, across(c[0], c[1])), max(maxC, across(c[0], c[1]))
	}
	page := pdfPage{width: maxA - minA, height: maxC - minC}
	for i := range recs {
		r := &recs[i]
		if a, ok := axisOf(r); !ok || a != main {
			continue
		}
		a0, a1 := along(r.x0, r.y0), along(r.x1, r.y1)
		page.lines = append(page.lines, pdfLine{
			x0: min(a0, a1) - minA, x1: max(a0, a1) - minA,
			baseline: across(r.ox, r.oy) - minC,
			size:     r.size, text: r.text,
		})
	}
	return page
}

// pdfCell is a run of text on a row with no wide gap in it: the whole
// row in running text, one cell of a table.
type pdfCell struct {
	x0, x1 float64
	text   string
}

// pdfRow is the cells that share a baseline on one page.
type pdfRow struct {
	page     int
	baseline float64
	size     float64
	cells    []pdfCell
}

func (r *pdfRow) x0() float64 { return r.cells[0].x0 }
func (r *pdfRow) x1() float64 { return r.cells[len(r.cells)-1].x1 }

// text is the row's cells separated by tabs, as a text report writes a
// table row.
func (r *pdfRow) text() string {
	parts := make([]string, len(r.cells))
	for i, c := range r.cells {
		parts[i] = c.text
	}
	return strings.Join(parts, "\t")
}

// pdfLayout is what the layout of a document gives.
type pdfLayout struct {
	text               string
	title, docNo, date string
	letters            int // letters and digits in text
}

// layoutPDF reads the pages as a report.
func layoutPDF(pages []pdfPage) pdfLayout {
	var rows []pdfRow
	for i, p := range pages {
		pr := pageRows(i, p.lines)
		pr = mergeCellLines(pr)
		rows = append(rows, pr...)
	}
	rows = dropMargins(rows, pages)
	body := bodySize(rows)
	paras := paragraphs(rows, pages, body)
	var lay pdfLayout
	lay.text = strings.Join(paras, "\n")
	for _, r := range lay.text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			lay.letters++
		}
	}
	lay.title = pdfTitle(rows, pages, body)
	lay.docNo = pdfDocNo(rows)
	lay.date = pdfDate(rows)
	return lay
}

// pageRows groups a page's lines into rows, top to bottom, each row's
// cells left to right. Sorting by position rather than keeping the order
// MuPDF found them in puts headers drawn last, and table cells drawn
// column by column, where a reader sees them.
func pageRows(page int, lines []pdfLine) []pdfRow {
	var ls []pdfLine
	for _, l := range lines {
		l.text = normalizeSpace(l.text)
		if l.text == "" || !(l.size > 0) || l.x1 < l.x0 {
			continue
		}
		ls = append(ls, l)
	}
	slices.SortStableFunc(ls, func(a, b pdfLine) int {
		if c := cmp.Compare(a.baseline, b.baseline); c != 0 {
			return c
		}
		return cmp.Compare(a.x0, b.x0)
	})
	var rows []pdfRow
	var cur []pdfLine
	flush := func() {
		if len(cur) > 0 {
			rows = append(rows, makeRow(page, cur))
			cur = cur[:0]
		}
	}
	for _, l := range ls {
		if len(cur) > 0 && math.Abs(l.baseline-cur[0].baseline) > 0.35*max(l.size, cur[0].size) {
			flush()
		}
		cur = append(cur, l)
	}
	flush()
	return rows
}

// makeRow joins the lines of one row into cells: lines less than a
// quarter of a character apart are one run of text (MuPDF splits a line
// where the font changes); a wider gap separates cells, since MuPDF
// itself keeps the gaps of justified text within a line.
func makeRow(page int, ls []pdfLine) pdfRow {
	slices.SortStableFunc(ls, func(a, b pdfLine) int { return cmp.Compare(a.x0, b.x0) })
	r := pdfRow{page: page, baseline: ls[0].baseline}
	for _, l := range ls {
		r.size = max(r.size, l.size)
		if n := len(r.cells); n > 0 && l.x0-r.cells[n-1].x1 < 0.25*l.size {
			c := &r.cells[n-1]
			c.text = joinText(c.text, l.text)
			c.x1 = max(c.x1, l.x1)
			continue
		}
		r.cells = append(r.cells, pdfCell{x0: l.x0, x1: l.x1, text: l.text})
	}
	return r
}

// mergeCellLines puts the wrapped lines of table cells back into their
// cells: a row right below a table row, with fewer cells, each starting
// where one of the row's cells starts, continues those cells.
func mergeCellLines(rows []pdfRow) []pdfRow {
	var out []pdfRow
	for _, r := range rows {
		if n := len(out); n > 0 && continuesCells(&out[n-1], &r) {
			prev := &out[n-1]
			for _, c := range r.cells {
				for i := range prev.cells {
					if math.Abs(prev.cells[i].x0-c.x0) <= 3 {
						pc := &prev.cells[i]
						pc.text = joinText(pc.text, c.text)
						pc.x1 = max(pc.x1, c.x1)
					}
				}
			}
			// The next wrapped line is measured from this one.
			prev.baseline = r.baseline
			continue
		}
		out = append(out, r)
	}
	return out
}

// continuesCells reports whether r holds wrapped lines of prev's cells.
func continuesCells(prev, r *pdfRow) bool {
	if len(prev.cells) < 2 || len(r.cells) >= len(prev.cells) {
		return false
	}
	if r.baseline-prev.baseline > 1.7*prev.size || math.Abs(r.size-prev.size) > 0.5 {
		return false
	}
	for _, c := range r.cells {
		if !slices.ContainsFunc(prev.cells, func(p pdfCell) bool { return math.Abs(p.x0-c.x0) <= 3 }) {
			return false
		}
	}
	return true
}

// dropMargins removes running headers and footers (a row repeated at the
// same height in the top or bottom margin on at least half the pages,
// digits aside) and page numbers (- 3 -, 第3页, 3/10 there).
func dropMargins(rows []pdfRow, pages []pdfPage) []pdfRow {
	inMargin := func(r *pdfRow) bool {
		h := pages[r.page].height
		return h > 0 && (r.baseline < 0.15*h || r.baseline > 0.85*h)
	}
	// The rows in the margins by their text, each kind sorted by height.
	byKey := map[string][]int{}
	for i := range rows {
		if inMargin(&rows[i]) {
			k := marginKey(rows[i].text())
			byKey[k] = append(byKey[k], i)
		}
	}
	need := max(2, (len(pages)+1)/2)
	drop := make([]bool, len(rows))
	for key, idx := range byKey {
		// A running header or footer says something (河北省教育厅文件, a
		// title); a row of digits and punctuation alone that is no page
		// number is data — a table's telephone numbers at the foot of
		// two pages — and stays.
		if len(idx) < need || !strings.ContainsFunc(key, unicode.IsLetter) {
			continue
		}
		slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(rows[a].baseline, rows[b].baseline) })
		tol := 2.0
		for _, i := range idx {
			tol = max(tol, 0.01*pages[rows[i].page].height+2)
		}
		// For each row, the pages that have the same row within tol of
		// its height: a window sliding up the sorted rows.
		onPage := map[int]int{}
		lo, hi := 0, 0
		for _, i := range idx {
			b := rows[i].baseline
			for hi < len(idx) && rows[idx[hi]].baseline <= b+tol {
				onPage[rows[idx[hi]].page]++
				hi++
			}
			for rows[idx[lo]].baseline < b-tol {
				p := rows[idx[lo]].page
				if onPage[p]--; onPage[p] == 0 {
					delete(onPage, p)
				}
				lo++
			}
			drop[i] = len(onPage) >= need
		}
	}
	var out []pdfRow
	for i := range rows {
		r := &rows[i]
		if drop[i] || inMargin(r) && isPageNumber(r.text()) {
			continue
		}
		out = append(out, *r)
	}
	return out
}

// bodySize is the font size most of the text is set in.
func bodySize(rows []pdfRow) float64 {
	weight := map[float64]int{}
	for _, r := range rows {
		for _, c := range r.cells {
			weight[math.Round(r.size*2)/2] += utf8.RuneCountInString(c.text)
		}
	}
	best, bestN := 0.0, -1
	for s, n := range weight {
		if n > bestN || n == bestN && s < best {
			best, bestN = s, n
		}
	}
	return best
}

// paragraphs rejoins the rows into paragraphs. A row continues the one
// before it when it follows it on the page (or opens the next page), is
// set in the same size, and the row before reaches the right margin.
// Where the document indents first lines, an indented row opens a
// paragraph and any other continues one; elsewhere a row opens one when
// the row before ends a sentence or it starts with a section number
// (一、 （一） 1. 第一条 一是), so headings keep their own lines. Rows
// larger than the body (a title over two lines) join while no sentence
// ends. Table rows stay rows.
func paragraphs(rows []pdfRow, pages []pdfPage, body float64) []string {
	left, right := margins(rows, pages)
	indented := indentsFirstLines(rows, left)
	var paras []string
	var prev *pdfRow
	for i := range rows {
		r := &rows[i]
		if prev != nil && continues(prev, r, body, left, right, indented) {
			paras[len(paras)-1] = joinText(paras[len(paras)-1], r.text())
		} else {
			paras = append(paras, r.text())
		}
		prev = r
	}
	return paras
}

// continues reports whether r continues the paragraph prev ends (see
// paragraphs).
func continues(prev, r *pdfRow, body float64, left, right map[int]float64, indented bool) bool {
	if len(prev.cells) > 1 || len(r.cells) > 1 {
		return false
	}
	switch {
	case r.page == prev.page:
		if d := r.baseline - prev.baseline; d <= 0 || d > 2.3*prev.size {
			return false
		}
	case r.page == prev.page+1:
		// The last row of a page and the first of the next.
	default:
		return false
	}
	if math.Abs(r.size-prev.size) > 0.1*prev.size+0.5 {
		return false
	}
	pt, rt := prev.text(), r.text()
	if body > 0 && prev.size >= 1.15*body {
		return !endsSentence(pt) && !startsSection(rt)
	}
	if prev.x1() < right[prev.page]-1.5*prev.size {
		return false
	}
	if indented {
		if r.x0() > left[r.page]+1.0*r.size {
			return false
		}
		// A row at the margin continues the paragraph even after a
		// full stop, unless a heading starts there; 一是 points run on
		// inside paragraphs.
		return !(endsSentence(pt) && startsSection(rt) && !startsPoint(rt))
	}
	return !endsSentence(pt) && !startsSection(rt)
}

// margins finds each page's left text margin (the 10th percentile of
// where its single-cell rows start, or the whole document's where a page
// has few) and its right one: the left plus the width of a full line, the
// 90th percentile of the rows' widths over the document, so that a
// punctuation mark hanging into the margin does not move it and a page of
// short lines does not set its own. Where that width is under half the
// page's no row is taken to reach the right margin: nothing wraps.
func margins(rows []pdfRow, pages []pdfPage) (left, right map[int]float64) {
	starts := map[int][]float64{}
	var allStarts []float64
	for _, r := range rows {
		if len(r.cells) == 1 {
			starts[r.page] = append(starts[r.page], r.x0())
			allStarts = append(allStarts, r.x0())
		}
	}
	docLeft := percentile(allStarts, 0.1)
	left = map[int]float64{}
	for p, xs := range starts {
		left[p] = docLeft
		if len(xs) >= 8 {
			left[p] = percentile(xs, 0.1)
		}
	}
	var widths []float64
	for _, r := range rows {
		if len(r.cells) == 1 {
			widths = append(widths, r.x1()-left[r.page])
		}
	}
	width := percentile(widths, 0.9)
	right = map[int]float64{}
	for p, l := range left {
		right[p] = l + width
		if width < pages[p].width/2 {
			right[p] = math.Inf(1)
		}
	}
	return left, right
}

// indentsFirstLines reports whether paragraphs start with an indent of
// about two characters, as Chinese reports set them.
func indentsFirstLines(rows []pdfRow, left map[int]float64) bool {
	indent, flush := 0, 0
	for _, r := range rows {
		if len(r.cells) != 1 {
			continue
		}
		switch d := r.x0() - left[r.page]; {
		case math.Abs(d) < 0.5*r.size:
			flush++
		case d > 1.5*r.size && d < 2.6*r.size:
			indent++
		}
	}
	return indent >= 2 && indent*10 >= indent+flush
}

// percentile is the value a fraction p of xs lies at or below.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[int(p*float64(len(s)-1))]
}
