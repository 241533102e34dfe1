package corpus

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// numbering is the kind of number that opens a section; it fixes the level.
type numbering int

const (
	numChapter     numbering = iota // 一、 — level 1
	numParenCN                      // （一） or (一) — level 2
	numPoint                        // 一是 or 一要 — level 3
	numArabic                       // 1. 1． 1、 — level 3
	numParenArabic                  // （1） or (1) — level 3
	numberingKinds                  // count of kinds, for per-kind counters
)

// level returns the Section.Level of a numbering kind. Levels follow the
// kind of number, not the nesting: a 1. list directly under 一、 (with no
// （一） in between) is still level 3, so a level means the same thing in
// every report and a search filter on it is predictable.
func (k numbering) level() int {
	switch k {
	case numChapter:
		return 1
	case numParenCN:
		return 2
	}
	return 3
}

// candidate is a number that may open a section: where it starts and ends
// in the text, its kind and its value.
type candidate struct {
	start, numEnd int
	kind          numbering
	n             int
}

// ParseSections finds the numbered sections of a government report and
// returns them flat, in document order.
//
// Headings are recognised at the start of a paragraph (after indentation):
// 一、 (level 1), （一）/(一) (level 2), and 一是, 1./1．/1、 and （1）/(1)
// (level 3; 一要/二要 lists count as 一是). A paragraph starts at the
// beginning of the text, after a line break or TAB, or after a run of two
// or more spaces (the national reports separate paragraphs with "　　"
// inside one line). 一是/二是 points also
// count inside a paragraph when they open a clause (after 。；：，).
//
// False headings are guarded against: a number must be followed by text on
// its line; numbers must run in sequence (一, 二, 三…, restarting at 一
// under a new parent); a 一是 needs a 二是 after it before the next higher
// heading; and arabic numbers are at most two digits followed by a
// separator and no digit, so "2022年" and "1.5亿元" are not headings.
//
// IDs are dotted ordinal paths ("2", "2.3", "2.3.1"). A section with no
// parent, such as a （一） or 1. before any 一、, is numbered at the top.
//
// Section.Start is where the number begins; End is the end of the
// section's own text, before its first child or next section, trailing
// whitespace excluded. Heading is the first sentence after the number (up
// to 。！？；, a paragraph break or the next section); Text is the rest of
// its own span.
func ParseSections(text string) []Section {
	cands := findCandidates(text, false)
	inline := !strings.ContainsAny(text, "\n\r\t") && !hasChapter(cands)
	if inline {
		// A text published without line breaks runs its headings into
		// the sentences before them (。二、主动公开…) and into each other
		// (…情况三、…): look for 一、 and （一） there as well. Such texts
		// have often lost headings with their tables (see skipsLost).
		cands = findCandidates(text, true)
	}
	return buildSections(text, inSequence(text, cands, inline))
}

// hasChapter reports whether cands hold a 一、-level heading.
func hasChapter(cands []candidate) bool {
	for _, c := range cands {
		if c.kind == numChapter {
			return true
		}
	}
	return false
}

// citesPart reports whether a bracketed numeral after r cites a part of
// something (第三条（一）, 2号（二）) rather than opening a section.
func citesPart(r rune) bool {
	return isDigit(r) || strings.ContainsRune("条款项第号之", r)
}

// isHeadingBoundary reports whether a heading may follow r inside a
// paragraph of a text without line breaks: after a sentence, a colon, or
// a closing bracket (（省科技厅负责落实）七、…), never inside a word (统一、).
func isHeadingBoundary(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '：', '）', ')', '」', '”', '!', '?', ';', ':':
		return true
	}
	return false
}

// maxRunOnHeading is the longest heading, in runes, that the next 一、 may
// run on from (see runsOnFrom).
const maxRunOnHeading = 40

// runsOnFrom reports whether the chapter number c, found inside a
// paragraph of a text without line breaks, runs straight on from the
// heading of the chapter before, last, which has no text of its own:
// 二、主动公开政府信息情况三、收到和处理… . c must be numbered next, and the
// words between be a heading: a few, none ending a sentence or a clause.
func runsOnFrom(text string, c, last candidate) bool {
	if c.n != last.n+1 || last.numEnd > c.start {
		return false
	}
	between := text[last.numEnd:c.start]
	n := utf8.RuneCountInString(between)
	return n >= 2 && n <= maxRunOnHeading && !strings.ContainsAny(between, "。！？；，：;!?,:（(")
}

// findCandidates scans text once and returns every number at a paragraph
// start, and every 一是-style point at a clause start; inline, also every
// 一、 and （一） after a heading boundary (isHeadingBoundary), and every 一、
// that runs on from the heading before it (runsOnFrom).
func findCandidates(text string, inline bool) []candidate {
	var out []candidate
	var lastChapter candidate // the last 一、 found, inline
	haveChapter := false
	paraStart, clauseStart, boundary := true, true, false
	var prev rune
	next := 0 // the scan resumes here after a run of spaces
	for i, r := range text {
		if i < next {
			continue
		}
		if isSpace(r) {
			j, runes, brk := i, 0, false
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !isSpace(r2) {
					break
				}
				if r2 == '\n' || r2 == '\r' || r2 == '\t' {
					// A bare \r ends lines in some portals' texts.
					brk = true
				}
				runes++
				j += s2
			}
			if brk || runes >= 2 {
				paraStart, clauseStart = true, true
			}
			next = j
			continue
		}
		switch {
		case paraStart:
			if c, ok := matchHeading(text, i); ok && !isTableRow(text, c) {
				out = append(out, c)
			}
		case inline && boundary:
			if c, ok := matchHeading(text, i); ok && (c.kind == numChapter || c.kind == numParenCN) {
				out = append(out, c)
			} else if c, ok := matchPoint(text, i); ok {
				out = append(out, c)
			}
		case inline && haveChapter && cnDigits[r] != 0 && !isDigit(prev) && cnDigits[prev] == 0:
			if c, ok := matchHeading(text, i); ok && c.kind == numChapter && runsOnFrom(text, c, lastChapter) {
				out = append(out, c)
			}
		case inline && (r == '（' || r == '(') && !citesPart(prev):
			// （一） runs on from its parent's heading (三、推荐范围和条件
			// （一）推荐范围): a bracketed numeral is rarely prose.
			if c, ok := matchHeading(text, i); ok && c.kind == numParenCN {
				out = append(out, c)
			}
		case clauseStart:
			if c, ok := matchPoint(text, i); ok {
				out = append(out, c)
			}
		}
		if n := len(out); inline && n > 0 && out[n-1].kind == numChapter && out[n-1].start == i {
			lastChapter, haveChapter = out[n-1], true
		}
		paraStart = false
		clauseStart = isClauseEnd(r)
		boundary = isHeadingBoundary(r)
		prev = r
	}
	return out
}

// isSpace is unicode.IsSpace, answered at once for the CJK characters
// above U+3000, the last white space character.
func isSpace(r rune) bool {
	return r <= '\u3000' && unicode.IsSpace(r)
}

// isClauseEnd reports whether r ends a clause, after which a 一是-style
// point may start.
func isClauseEnd(r rune) bool {
	switch r {
	case '。', '；', '：', '，', ';', ':', ',', '！', '？', '!', '?':
		return true
	}
	return false
}

// matchHeading recognises any numbering kind at text[i:].
func matchHeading(text string, i int) (candidate, bool) {
	r, size := utf8.DecodeRuneInString(text[i:])
	if r == '（' || r == '(' {
		j := i + size
		kind := numParenCN
		n, m := parseCNNumber(text[j:])
		if m == 0 {
			kind = numParenArabic
			n, m = parseArabic(text[j:])
		}
		if m == 0 {
			return candidate{}, false
		}
		j += m
		c, cs := utf8.DecodeRuneInString(text[j:])
		if c != '）' && c != ')' {
			return candidate{}, false
		}
		return followedByText(text, candidate{start: i, numEnd: j + cs, kind: kind, n: n})
	}
	if n, m := parseArabic(text[i:]); m > 0 {
		j := i + m
		c, cs := utf8.DecodeRuneInString(text[j:])
		if c != '.' && c != '．' && c != '、' {
			return candidate{}, false
		}
		if next, _ := utf8.DecodeRuneInString(text[j+cs:]); isDigit(next) {
			return candidate{}, false
		}
		return followedByText(text, candidate{start: i, numEnd: j + cs, kind: numArabic, n: n})
	}
	n, m := parseCNNumber(text[i:])
	if m == 0 {
		return candidate{}, false
	}
	c, cs := utf8.DecodeRuneInString(text[i+m:])
	switch c {
	case '、':
		return followedByText(text, candidate{start: i, numEnd: i + m + cs, kind: numChapter, n: n})
	case '是', '要':
		return followedByText(text, candidate{start: i, numEnd: i + m + cs, kind: numPoint, n: n})
	}
	return candidate{}, false
}

// matchPoint recognises a 一是-style point at text[i:].
func matchPoint(text string, i int) (candidate, bool) {
	n, m := parseCNNumber(text[i:])
	if m == 0 {
		return candidate{}, false
	}
	if c, cs := utf8.DecodeRuneInString(text[i+m:]); c == '是' || c == '要' {
		return followedByText(text, candidate{start: i, numEnd: i + m + cs, kind: numPoint, n: n})
	}
	return candidate{}, false
}

// isTableRow reports whether c is a row label of a table flattened into
// text (一、本年新收政府信息公开申请数量 then a paragraph holding only 18):
// its line is followed by a paragraph that is a number alone.
func isTableRow(text string, c candidate) bool {
	end := strings.IndexAny(text[c.numEnd:], "\n\r\t")
	if end < 0 {
		return false
	}
	rest := strings.TrimLeftFunc(text[c.numEnd+end:], unicode.IsSpace)
	cell := rest
	if next := strings.IndexAny(rest, "\n\r\t"); next >= 0 {
		cell = rest[:next]
	}
	cell = strings.TrimSpace(cell)
	if cell == "" || len(cell) > 24 {
		return false
	}
	for _, r := range cell {
		if !isDigit(r) && !strings.ContainsRune(".,%．，％-", r) {
			return false
		}
	}
	return true
}

// followedByText accepts c only when text follows its number on the same
// line: a bare "一、" is not a heading.
func followedByText(text string, c candidate) (candidate, bool) {
	for j := c.numEnd; j < len(text); {
		r, size := utf8.DecodeRuneInString(text[j:])
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return c, false
		case unicode.IsSpace(r):
			j += size
		default:
			return c, true
		}
	}
	return c, false
}

// cnDigits maps the Chinese numerals used in section numbers to values.
var cnDigits = map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}

// parseCNNumber reads a Chinese numeral from 一 to 九十九 at the start of s
// and returns its value and byte length (0 when there is none). Forms:
// 一…九, 十, 十一…十九, 二十…九十, 二十一…九十九.
func parseCNNumber(s string) (n, size int) {
	var vals []int
	for len(vals) < 3 {
		r, rs := utf8.DecodeRuneInString(s[size:])
		v, ok := cnDigits[r]
		if !ok {
			break
		}
		vals = append(vals, v)
		size += rs
	}
	switch {
	case len(vals) == 1:
		return vals[0], size
	case len(vals) == 2 && vals[0] == 10 && vals[1] < 10:
		return 10 + vals[1], size
	case len(vals) == 2 && vals[0] > 1 && vals[0] < 10 && vals[1] == 10:
		return vals[0] * 10, size
	case len(vals) == 3 && vals[0] > 1 && vals[0] < 10 && vals[1] == 10 && vals[2] < 10:
		return vals[0]*10 + vals[2], size
	}
	return 0, 0
}

func isDigit(r rune) bool { return ('0' <= r && r <= '9') || ('０' <= r && r <= '９') }

// parseArabic reads a one- or two-digit number (ASCII or full-width digits)
// at the start of s; longer digit runs are years or figures, not numbers of
// sections.
func parseArabic(s string) (n, size int) {
	digits := 0
	for size < len(s) {
		r, rs := utf8.DecodeRuneInString(s[size:])
		if !isDigit(r) {
			break
		}
		if digits == 2 {
			return 0, 0
		}
		if r >= '０' {
			r = r - '０' + '0'
		}
		n = n*10 + int(r-'0')
		digits++
		size += rs
	}
	if digits == 0 || n == 0 {
		return 0, 0
	}
	return n, size
}

// accepted is a candidate kept by inSequence, with the index of its parent
// in the accepted list (-1 for the top).
type accepted struct {
	candidate
	parent int
}

// maxLostChapters is how many chapter numbers a text may have lost between
// two of its chapters (see skipsLost).
const maxLostChapters = 3

// skipsLost reports whether the chapter c, numbered past the next one after
// last, follows chapters whose headings the text lost (a page whose 四、
// and 五、 went with their tables: 三、… then 六、其他需要报告的事项). No
// chapter numbered in between may come after it, at most maxLostChapters
// are lost, and its heading must not start with a numeral (六、七月份 is
// prose).
func skipsLost(text string, c candidate, last int, rest []candidate) bool {
	if last == 0 || c.n <= last+1 || c.n > last+1+maxLostChapters {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(text[c.numEnd:]); cnDigits[r] != 0 || isDigit(r) {
		return false
	}
	for _, o := range rest {
		if o.kind == numChapter && o.n > last && o.n < c.n {
			return false
		}
	}
	return true
}

// inSequence keeps the candidates whose numbers run in order under their
// parent and attaches each to its parent: a chapter to the top, a （一） to
// the current chapter, a point to the current （一） or else chapter. The
// first （N） of a chapter may also go on from the previous chapter's last,
// and in a text without line breaks (inline) a chapter may follow lost
// ones (skipsLost).
func inSequence(text string, cands []candidate, inline bool) []accepted {
	var out []accepted
	chapter, sub := -1, -1 // indexes in out of the current parents
	lastChapter, lastSub := 0, 0
	// carrySub is the last （N） accepted anywhere: some reports number
	// their （一）…（二十三） on across chapters instead of restarting.
	carrySub := 0
	var lastPoint [numberingKinds]int
	resetPoints := func() { lastPoint = [numberingKinds]int{} }
	for i, c := range cands {
		switch c.kind {
		case numChapter:
			if c.n != 1 && c.n != lastChapter+1 && !(inline && skipsLost(text, c, lastChapter, cands[i+1:])) {
				continue
			}
			out = append(out, accepted{c, -1})
			chapter, sub, lastChapter, lastSub = len(out)-1, -1, c.n, 0
			resetPoints()
		case numParenCN:
			if c.n != 1 && c.n != lastSub+1 && (lastSub != 0 || c.n != carrySub+1) {
				continue
			}
			out = append(out, accepted{c, chapter})
			sub, lastSub, carrySub = len(out)-1, c.n, c.n
			resetPoints()
		default:
			if c.n != 1 && c.n != lastPoint[c.kind]+1 {
				continue
			}
			if c.kind == numPoint && c.n == 1 && !hasSecondPoint(cands[i+1:]) {
				continue
			}
			parent := sub
			if parent < 0 {
				parent = chapter
			}
			out = append(out, accepted{c, parent})
			lastPoint[c.kind] = c.n
		}
	}
	return out
}

// hasSecondPoint reports whether a 二是 follows before the next 一、 or （一）:
// a lone 一是 is more likely ordinary prose than a list.
func hasSecondPoint(rest []candidate) bool {
	for _, c := range rest {
		switch {
		case c.kind == numChapter || c.kind == numParenCN:
			return false
		case c.kind == numPoint && c.n == 2:
			return true
		case c.kind == numPoint && c.n == 1:
			return false
		}
	}
	return false
}

// buildSections turns accepted numbers into sections with spans, headings,
// own text and dotted IDs.
func buildSections(text string, acc []accepted) []Section {
	out := make([]Section, len(acc))
	children := make([]int, len(acc))
	topCount := 0
	for i, a := range acc {
		limit := len(text)
		if i+1 < len(acc) {
			limit = acc[i+1].start
		}
		end := a.start + len(strings.TrimRightFunc(text[a.start:limit], unicode.IsSpace))
		heading, rest := splitHeading(text, a.numEnd, end)
		var id string
		if a.parent < 0 {
			topCount++
			id = strconv.Itoa(topCount)
		} else {
			children[a.parent]++
			id = out[a.parent].ID + "." + strconv.Itoa(children[a.parent])
		}
		out[i] = Section{
			ID:      id,
			Level:   a.kind.level(),
			Number:  text[a.start:a.numEnd],
			Heading: heading,
			Text:    strings.TrimSpace(text[rest:end]),
			Start:   a.start,
			End:     end,
		}
	}
	return out
}

// splitHeading returns the heading that starts after a number at from —
// its first sentence, ending at 。！？；, at a paragraph break or at end —
// and the offset where the section's own text resumes after it.
func splitHeading(text string, from, end int) (heading string, rest int) {
	j := from
	for j < end {
		r, size := utf8.DecodeRuneInString(text[j:])
		if strings.ContainsRune("。！？；;!?", r) {
			return trimHeading(text[from:j]), j + size
		}
		if r == '\n' || r == '\r' || r == '\t' || (unicode.IsSpace(r) && j+size < end && startsWithSpace(text[j+size:])) {
			return trimHeading(text[from:j]), j
		}
		j += size
	}
	return trimHeading(text[from:end]), end
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// trimHeading drops spaces and a dangling colon or comma, left where a
// heading runs straight into a 一是 list ("主要做法：一是…").
func trimHeading(s string) string {
	return strings.TrimRightFunc(strings.TrimSpace(s), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("：:，,、", r)
	})
}
