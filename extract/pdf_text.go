package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The tests on the text of PDF rows that the layout decides by.

// marginKey is a row's text without spaces and with each run of digits
// as #, so that 第3页 and 第4页 are the same footer.
func marginKey(s string) string {
	var b strings.Builder
	digits := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case r >= '0' && r <= '9':
			if !digits {
				b.WriteByte('#')
			}
			digits = true
			continue
		default:
			b.WriteRune(r)
		}
		digits = false
	}
	return b.String()
}

// isPageNumber reports whether s is a page number as printed in a
// footer: 3, - 3 -, —3—, 第3页, 第3页 共10页, 共10页 第3页, 3/10, Page 3 of 10.
func isPageNumber(s string) bool {
	k := strings.ToLower(marginKey(s))
	k = strings.Trim(k, "-—–－―~～·•")
	k = strings.TrimPrefix(k, "page")
	switch k {
	case "#", "第#页", "第#页共#页", "共#页第#页", "第#页/共#页", "第#页,共#页", "第#页，共#页", "#/#", "#of#", "(#)", "（#）":
		return true
	}
	return false
}

// endsSentence reports whether s ends a sentence or a clause that opens a
// list: 。！？；： possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "”’」』）)\"'")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？!?；;：:…", r)
}

// startsSection reports whether s starts with a section number: 一、
// （一） (一) 1. 1、 （1） ① 第一条 第一章 一是.
func startsSection(s string) bool {
	rs := []rune(s)
	numeral := func(i int) int { // the end of a run of Chinese numerals from i
		for i < len(rs) && strings.ContainsRune("一二三四五六七八九十百零〇", rs[i]) {
			i++
		}
		return i
	}
	digits := func(i int) int {
		for i < len(rs) && rs[i] >= '0' && rs[i] <= '9' {
			i++
		}
		return i
	}
	at := func(i int, set string) bool { return i < len(rs) && strings.ContainsRune(set, rs[i]) }
	if len(rs) == 0 {
		return false
	}
	if rs[0] >= '①' && rs[0] <= '⑳' {
		return true
	}
	if e := numeral(0); e > 0 {
		return at(e, "、．.") || at(e, "是")
	}
	if at(0, "（(") {
		e := numeral(1)
		if e == 1 {
			e = digits(1)
		}
		return e > 1 && at(e, "）)")
	}
	if e := digits(0); e > 0 && e <= 2 {
		// 1. and 1、 but not 1.5万.
		return at(e, "、") || at(e, ".．") && !(e+1 < len(rs) && rs[e+1] >= '0' && rs[e+1] <= '9')
	}
	if rs[0] == '第' {
		e := numeral(1)
		if e == 1 {
			e = digits(1)
		}
		return e > 1 && at(e, "条章节部")
	}
	return false
}

// startsPoint reports whether s starts with an enumerated point written
// inside a paragraph: 一是, 二是.
func startsPoint(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("一二三四五六七八九十", r) && strings.HasPrefix(s[n:], "是")
}

// isCJK reports whether r is Chinese (or Japanese) script or the
// punctuation set with it, around which no space belongs.
func isCJK(r rune) bool {
	switch {
	case unicode.Is(unicode.Han, r),
		r >= 0x3000 && r <= 0x30ff, // CJK punctuation, kana
		r >= 0xff00 && r <= 0xffef, // full-width forms
		r >= 0x2010 && r <= 0x2027: // dashes, quotes, ellipsis
		return true
	}
	return false
}

// normalizeSpace collapses runs of white space to one space and drops
// the spaces next to Chinese characters, which are the gaps of justified
// or letter-spaced text (文　　号, 2023 年), not words.
func normalizeSpace(s string) string {
	fields := strings.FieldsFunc(s, unicode.IsSpace)
	if len(fields) == 0 {
		return ""
	}
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(fields[i-1])
			next, _ := utf8.DecodeRuneInString(f)
			if !isCJK(prev) && !isCJK(next) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(f)
	}
	return b.String()
}

// joinText joins two pieces of a wrapped line or split row: directly, as
// Chinese wraps, but with a space between two Latin letters (a wrapped
// word boundary).
func joinText(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	if isCJK(last) || isCJK(first) {
		return a + b
	}
	if last < utf8.RuneSelf && unicode.IsLetter(last) && first < utf8.RuneSelf && unicode.IsLetter(first) {
		return a + " " + b
	}
	return a + b
}
