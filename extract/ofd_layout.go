package extract

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// ofdLine is a line of a page: its runs joined left to right.
type ofdLine struct {
	x, end, y, size float64
	text            string
	cells           bool // the runs lie apart like table cells (joined by tabs)
}

// Layout tolerances, in ems of the font size.
const (
	// ofdSameLine: baselines closer than this belong to one line; the
	// per-character producers jitter baselines by a tenth of an em.
	ofdSameLine = 0.4
	// ofdCellGap: a gap wider than this between runs separates table
	// cells (the padding of two cells).
	ofdCellGap = 0.9
	// ofdSpaceGap: a gap wider than this is a space; between Latin
	// runs, ofdWordGap is.
	ofdSpaceGap = 0.5
	ofdWordGap  = 0.2
	// ofdDoubleStrike: a run repeating its neighbour's text within this
	// share of its width is the second stroke of simulated bold, which
	// producers draw by setting the text twice a little apart.
	ofdDoubleStrike = 0.2
	// ofdFullLine: a line ending this close to the right margin was
	// wrapped, not ended: Chinese typesetting leaves up to a character
	// and a half when it moves a character down so that no line starts
	// with a comma.
	ofdFullLine = 2.0
	// ofdIndent: a line starting this far right of the left margin
	// opens a paragraph (公文 indent two characters).
	ofdIndent = 0.5
	// ofdLeading: baselines this far apart, at most, are lines of one
	// paragraph (公文 set 22 lines of 三号 on 225 mm: 1.8 ems).
	ofdLeading = 2.5
	// ofdCentred: a line whose middle is this close to the text block's
	// is centred; ofdTitleSize: a size this much above the body's is a
	// title's, whose centred lines are one paragraph.
	ofdCentred   = 1.0
	ofdTitleSize = 1.15
	// ofdMinBlock: a text block narrower than this (in body ems) is no
	// page of prose but a list of short lines, which are never wrapped.
	ofdMinBlock = 15
)

// ofdLines groups the runs of one page into lines, top to bottom.
func ofdLines(runs []ofdRun) []ofdLine {
	slices.SortStableFunc(runs, func(a, b ofdRun) int {
		return cmp.Or(cmp.Compare(a.y, b.y), cmp.Compare(a.x, b.x))
	})
	var lines []ofdLine
	for i := 0; i < len(runs); {
		j := i + 1
		for j < len(runs) && runs[j].y-runs[i].y <= ofdSameLine*max(runs[i].size, runs[j].size) {
			j++
		}
		lines = append(lines, ofdJoinRuns(runs[i:j]))
		i = j
	}
	return lines
}

// ofdJoinRuns joins the runs of one line left to right: wide gaps become
// tabs, gaps between Latin words spaces, and double strikes one run.
func ofdJoinRuns(runs []ofdRun) ofdLine {
	slices.SortStableFunc(runs, func(a, b ofdRun) int { return cmp.Compare(a.x, b.x) })
	line := ofdLine{x: runs[0].x, end: runs[0].end, y: runs[0].y, size: runs[0].size}
	var b strings.Builder
	b.WriteString(runs[0].text)
	prev := runs[0]
	for _, r := range runs[1:] {
		em := min(prev.size, r.size)
		if r.text == prev.text && math.Abs(r.x-prev.x) < ofdDoubleStrike*(prev.end-prev.x) {
			continue
		}
		gap := r.x - line.end
		switch {
		case gap > ofdCellGap*em:
			b.WriteByte('\t')
			line.cells = true
		case gap > ofdSpaceGap*em,
			gap > ofdWordGap*em && latinEdge(prev.text, true) && latinEdge(r.text, false):
			b.WriteByte(' ')
		}
		b.WriteString(r.text)
		line.end = max(line.end, r.end)
		line.size = max(line.size, r.size)
		prev = r
	}
	line.text = b.String()
	return line
}

// latinEdge reports whether s ends (last) or starts with a Latin letter
// or digit, between which a gap is a space.
func latinEdge(s string, last bool) bool {
	var r rune
	if last {
		r, _ = utf8.DecodeLastRuneInString(s)
	} else {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return r < 0x80 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
}

// ofdPageNumber matches the page numbers producers set on the page
// itself: "— 3 —", "- 3 -", "第3页", "第3页 共9页", "3/9", and a bare
// "3", which is taken for one only at the foot of a page.
var (
	ofdPageNumber     = regexp.MustCompile(`^[-—–－~·\s]*(第\s*)?[0-9]{1,4}(\s*页)?(\s*[/／]\s*[0-9]{1,4})?([，,\s]*共\s*[0-9]{1,4}\s*页)?[-—–－~·\s]*$`)
	ofdBarePageNumber = regexp.MustCompile(`^\s*[0-9]{1,4}\s*$`)
)

// ofdIsPageNumber reports whether a line at the head (or foot) of a page
// is its page number.
func ofdIsPageNumber(text string, foot bool) bool {
	return ofdPageNumber.MatchString(text) && (foot || !ofdBarePageNumber.MatchString(text))
}

// layoutOFD drops page numbers and writes the pages' lines, joining a
// line to the one before when that one was wrapped: it reaches the right
// margin, and this one starts at the left margin, in the same size, on
// the next baseline or at the top of the next page. The centred lines of
// a title are joined too.
func layoutOFD(pages [][]ofdLine) string {
	var all []ofdLine
	var first []bool // all[i] is the first line of its page
	for _, lines := range pages {
		if n := len(lines); n > 0 && ofdIsPageNumber(lines[n-1].text, true) {
			lines = lines[:n-1]
		}
		if len(lines) > 0 && ofdIsPageNumber(lines[0].text, false) {
			lines = lines[1:]
		}
		for i, l := range lines {
			all = append(all, l)
			first = append(first, i == 0)
		}
	}
	block, ok := ofdMargins(all)
	var b strings.Builder
	for i, l := range all {
		if i > 0 {
			if ok && block.continues(all[i-1], l, first[i]) {
				if latinEdge(all[i-1].text, true) && latinEdge(l.text, false) {
					b.WriteByte(' ')
				}
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// ofdBlock is the text block of a document: its margins and body size.
type ofdBlock struct {
	left, right, bodySize float64
}

// continues reports whether cur goes on the paragraph of prev.
func (k ofdBlock) continues(prev, cur ofdLine, newPage bool) bool {
	em := prev.size
	if prev.cells || cur.cells || math.Abs(cur.size-prev.size) > 0.15*em {
		return false
	}
	gap := cur.y - prev.y
	nextLine := newPage || gap > 0 && gap <= ofdLeading*em
	mid := (k.left + k.right) / 2
	if em > ofdTitleSize*k.bodySize && !newPage && nextLine &&
		math.Abs((prev.x+prev.end)/2-mid) < ofdCentred*em && math.Abs((cur.x+cur.end)/2-mid) < ofdCentred*em {
		return true
	}
	return prev.end >= k.right-ofdFullLine*em && cur.x <= k.left+ofdIndent*em && nextLine
}

// ofdMargins finds the text block: the left margin where lines most
// often start, the right one where they most often end (1 mm bins; a
// wrapped line ends at the margin, so the right one is the most common
// end), and the most common size. It says false when too few lines agree
// for joining to be safe, or the block is too narrow to be prose.
func ofdMargins(lines []ofdLine) (ofdBlock, bool) {
	starts, ends, sizes := map[int]int{}, map[int]int{}, map[int]int{}
	for _, l := range lines {
		if !l.cells {
			starts[int(math.Round(l.x))]++
			ends[int(math.Round(l.end))]++
			sizes[int(math.Round(l.size*10))]++
		}
	}
	end, n := mostCommon(ends)
	if n < 3 {
		return ofdBlock{}, false
	}
	start := math.MaxInt
	for s, c := range starts {
		if c >= 2 && s < start {
			start = s
		}
	}
	if start == math.MaxInt {
		return ofdBlock{}, false
	}
	size, _ := mostCommon(sizes)
	// Lines in a bin round to it from half a millimetre either side.
	k := ofdBlock{left: float64(start) + 0.5, right: float64(end) - 0.5, bodySize: float64(size) / 10}
	return k, k.right-k.left >= ofdMinBlock*k.bodySize
}

// mostCommon returns the key with the highest count, the larger key on a
// tie, and its count.
func mostCommon(m map[int]int) (key, count int) {
	for k, c := range m {
		if c > count || c == count && k > key {
			key, count = k, c
		}
	}
	return key, count
}
