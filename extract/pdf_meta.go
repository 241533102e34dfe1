package extract

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The metadata a PDF report shows in its layout: the title in the
// largest type on the first page (under a 红头 banner, if any), the
// document number (发文字号) on a line or in a table cell of its own there,
// and the date the sender signed it with at the end, or else the date
// labelled on the first page.

var (
	// reDocNo is a document number: 青府办函〔2024〕6号, 国办发[2023]12号.
	reDocNo = regexp.MustCompile(`^[\p{Han}A-Za-z0-9]{1,20}[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\d{1,5}\s*号$`)
	// reDocNoLabel and reDateLabel are the labels that may stand before
	// a document number or a date, in the same cell or the one before.
	reDocNoLabel = regexp.MustCompile(`^(?:发文字号|发文文号|文号|字号)[:：]?`)
	reDateLabel  = regexp.MustCompile(`^(?:成文日期|发文日期|发布日期|印发日期|日期)[:：]?`)
	reDateArabic = regexp.MustCompile(`^(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-./](\d{1,2})[-./](\d{1,2}))$`)
	reDateHan    = regexp.MustCompile(`^([〇○零OО一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$`)
)

// pdfTitle is the text of the largest type on the first page but a
// banner (…人民政府文件), a document number or a date, its consecutive
// rows joined; or, where nothing is larger than the body, the first row
// when it stands centred and ends no sentence.
func pdfTitle(rows []pdfRow, pages []pdfPage, body float64) string {
	isCandidate := func(r *pdfRow) bool {
		t := r.text()
		return r.page == 0 && len(r.cells) == 1 && !strings.HasSuffix(t, "文件") &&
			!reDocNo.MatchString(t) && pdfDateOf(t) == ""
	}
	best := -1
	for i := range rows {
		r := &rows[i]
		if r.page != 0 {
			break
		}
		if isCandidate(r) && r.size >= 1.15*body && (best < 0 || r.size > rows[best].size+0.5) {
			best = i
		}
	}
	if best < 0 {
		if len(rows) == 0 || !isCandidate(&rows[0]) {
			return ""
		}
		r := &rows[0]
		center := (r.x0() + r.x1()) / 2
		if math.Abs(center-pages[0].width/2) > 2*r.size || endsSentence(r.text()) || utf8.RuneCountInString(r.text()) > 60 {
			return ""
		}
		return r.text()
	}
	title := rows[best].text()
	for i := best + 1; i < len(rows); i++ {
		r, prev := &rows[i], &rows[i-1]
		if r.page != 0 || len(r.cells) != 1 || math.Abs(r.size-rows[best].size) > 0.5 ||
			r.baseline-prev.baseline > 2.3*r.size || endsSentence(prev.text()) {
			break
		}
		title = joinText(title, r.text())
	}
	return title
}

// pdfDocNo is the first document number on the first page standing in a
// row or cell of its own, or after a 文号 label; a number cited inside a
// sentence is not the document's.
func pdfDocNo(rows []pdfRow) string {
	return firstOnPage(rows, reDocNoLabel, func(s string) string {
		if reDocNo.MatchString(s) {
			return strings.Join(strings.Fields(s), "")
		}
		return ""
	})
}

// pdfDate is the date on one of the last rows (the sender's signature),
// else a date labelled on the first page, as YYYY-MM-DD.
func pdfDate(rows []pdfRow) string {
	for i := len(rows) - 1; i >= 0 && i >= len(rows)-6; i-- {
		for _, c := range rows[i].cells {
			if d := pdfDateOf(c.text); d != "" {
				return d
			}
		}
	}
	return firstOnPage(rows, reDateLabel, pdfDateOf)
}

// firstOnPage returns the first value that match finds in a cell of the
// first page, the cell alone, after label in it, or after a cell that is
// only the label.
func firstOnPage(rows []pdfRow, label *regexp.Regexp, match func(string) string) string {
	for _, r := range rows {
		if r.page != 0 {
			break
		}
		for i, c := range r.cells {
			t := c.text
			if loc := label.FindStringIndex(t); loc != nil {
				if loc[1] == len(t) && i+1 < len(r.cells) {
					t = r.cells[i+1].text
				} else {
					t = strings.TrimSpace(t[loc[1]:])
				}
			}
			if v := match(t); v != "" {
				return v
			}
		}
	}
	return ""
}

// pdfDateOf reads s as a date alone (2024年1月26日, 2024-01-26,
// 二〇二四年一月二十六日) and returns it as YYYY-MM-DD, or "".
func pdfDateOf(s string) string {
	s = strings.TrimSpace(s)
	var y, m, d int
	if g := reDateArabic.FindStringSubmatch(s); g != nil {
		y, _ = strconv.Atoi(g[1])
		ms, ds := g[2], g[3]
		if ms == "" {
			ms, ds = g[4], g[5]
		}
		m, _ = strconv.Atoi(ms)
		d, _ = strconv.Atoi(ds)
	} else if g := reDateHan.FindStringSubmatch(s); g != nil {
		for _, r := range g[1] {
			y = y*10 + strings.IndexRune("〇一二三四五六七八九", hanDigit(r))/len("〇")
		}
		m, d = hanNumber(g[2]), hanNumber(g[3])
	} else {
		return ""
	}
	if y < 1949 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// hanDigit maps the other ways of writing a zero in a year to 〇.
func hanDigit(r rune) rune {
	if strings.ContainsRune("○零OО", r) {
		return '〇'
	}
	return r
}

// hanNumber reads a Chinese numeral from 一 to 三十九; 0 if it is none.
func hanNumber(s string) int {
	const digits = "〇一二三四五六七八九"
	tens, units, seenTen := 0, 0, false
	for _, r := range s {
		if r == '十' {
			if seenTen {
				return 0
			}
			seenTen = true
			tens, units = max(units, 1), 0
			continue
		}
		i := strings.IndexRune(digits, r)
		if i <= 0 {
			return 0
		}
		units = i / len("一")
	}
	return tens*10 + units
}
