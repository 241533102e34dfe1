package numbers

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// measureSuffixes may be missing from or added to a metric phrase:
// 行政复议申请 and 行政复议申请数 name the same thing. Longest first.
var measureSuffixes = []string{"数量", "总量", "总额", "人数", "件数", "数", "量"}

// differentMeasure holds the runes that, right after a metric stripped of
// its suffix, make it name another measure: 粮食总产 is the base of 粮食总产量
// but 粮食总产值 is money.
const differentMeasure = "值率能比额价费"

// matcher finds the mentions of one metric.
type matcher struct {
	base     string // the metric without its measure suffix
	stripped bool   // base is shorter than the metric
}

func newMatcher(metric string) matcher {
	for _, suf := range measureSuffixes {
		base, ok := strings.CutSuffix(metric, suf)
		if !ok {
			continue
		}
		// A one-rune suffix is only dropped from a long phrase: the 量 of
		// 产量 is part of the word.
		min := 2
		if utf8.RuneCountInString(suf) == 1 {
			min = 4
		}
		if utf8.RuneCountInString(base) >= min {
			return matcher{base: base, stripped: true}
		}
		break
	}
	return matcher{base: metric}
}

// next returns the first mention at or after pos, with any measure suffix
// that follows it.
func (m matcher) next(text string, pos int) (start, end int, ok bool) {
	for {
		k := strings.Index(text[pos:], m.base)
		if k < 0 {
			return 0, 0, false
		}
		start, end = pos+k, pos+k+len(m.base)
		if suf := prefixIn(text[end:], measureSuffixes); suf != "" {
			return start, end + len(suf), true
		}
		r, _ := utf8.DecodeRuneInString(text[end:])
		if !m.stripped || !strings.ContainsRune(differentMeasure, r) {
			return start, end, true
		}
		pos = end
	}
}

// quantity is a number with its unit, bounds and qualifier as read at the
// start of a string.
type quantity struct {
	value, max float64
	hasMax     bool
	unit       string
	qual       string // the qualifier after the number: 左右, 以上, 多 ...
	n          int    // bytes read
	ok         bool   // it states a value; when false n still covers it
}

// readQuantity reads a quantity at the start of s. n is 0 when no number
// starts there; otherwise it covers what was read even when it is no value
// (a date, a stray numeral), so that the caller can step over it whole.
func readQuantity(s string) (q quantity, n int) {
	lo, ok := readOne(s)
	if !ok {
		return quantity{}, 0
	}
	last := lo
	q = quantity{value: lo.num.value, unit: lo.unit, qual: lo.approx, n: lo.n}
	if sep := prefixIn(s[lo.n:], rangeSeparators); sep != "" && !lo.skip {
		at := lo.n + len(sep)
		if hi, ok := readOne(s[at:]); ok {
			if hi.skip {
				// 1-2月, 2019—2022年: a span of dates.
				return quantity{n: at + hi.n}, at + hi.n
			}
			if v, ok := rangeLow(lo, hi); ok {
				q = quantity{value: v, max: hi.num.value, hasMax: true, unit: hi.unit, qual: hi.approx, n: at + hi.n}
				last = hi
			}
		}
	}
	if w := prefixIn(s[q.n:], suffixQualifiers); w != "" {
		q.qual = w
		q.n += len(w)
	}
	q.ok = !last.skip && !leadingZero(lo.numeral) && plausible(last, q, s[q.n:])
	return q, q.n
}

// rangeLow returns the lower bound of the range lo–hi, or false when the
// two do not form one. A bare lower bound takes the magnitude of the upper
// one: 1000—1100万人 runs from 1000万 to 1100万.
func rangeLow(lo, hi one) (float64, bool) {
	if lo.unit != "" && lo.unit != hi.unit {
		return 0, false
	}
	v := lo.num.value
	if lo.unit == "" && lo.num.exp == 0 && hi.num.exp > 0 {
		v = scaled(lo.num.decimal, hi.num.exp)
	}
	return v, v <= hi.num.value
}

// plausible reports whether the quantity q, whose last number is last and
// which is followed by rest, states a value.
func plausible(last one, q quantity, rest string) bool {
	if q.unit == "" {
		// A bare number must stand apart; a Chinese one must also look like
		// a quantity (一千二百亿, 三点五), not like 一 or 十二 in a list.
		return delimited(rest) && !(last.num.chinese && last.num.plain)
	}
	if last.num.chinese && last.num.plain && !last.percent {
		// 一次性, 一项改革: a one-rune numeral and a unit inside a word.
		return utf8.RuneCountInString(last.numeral) > 1 || delimited(rest)
	}
	return true
}

// leadingZero reports whether an Arabic numeral starts with a zero that is
// not its only integer digit: 00000002 is the glued cells of a table row.
func leadingZero(numeral string) bool {
	d, size, ok := digitAt(numeral, 0)
	if !ok || d != '0' {
		return false
	}
	_, _, more := digitAt(numeral, size)
	return more
}

// delimited reports whether s starts with the end of a word: nothing,
// space or punctuation other than a full stop, which after a bare number
// makes a list marker (2.申请人逾期…).
func delimited(s string) bool {
	if s == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '.' && r != '．'
}

// one is a single number with its unit, as read by readOne.
type one struct {
	num     number
	numeral string // the numeral as written
	unit    string
	approx  string // 多 or 余 between number and unit
	percent bool   // written 百分之…
	skip    bool   // a date or other non-value: 2022年, 6个月
	n       int
}

// percentPrefixes put the unit before a Chinese number: 百分之十二点八.
var percentPrefixes = map[string]string{"百分之": "%", "千分之": "‰"}

// readOne reads a number, magnitude words and unit at the start of s.
func readOne(s string) (one, bool) {
	var o one
	i := 0
	for p, u := range percentPrefixes {
		if strings.HasPrefix(s, p) {
			o.unit, o.percent, i = u, true, len(p)
		}
	}
	start := i
	num, ok := scanNumber(s[start:])
	if !ok {
		return one{}, false
	}
	o.numeral = s[start : start+num.n]
	if !o.percent {
		if a := prefixIn(s[start+num.n:], approxWords); a != "" {
			// 多 and 余 may come before a magnitude (1000多万人) or after
			// it (1万多人).
			o.approx = a
			num.n += len(a)
			if num = withMagnitude(s[start:], num); math.IsInf(num.value, 0) {
				return one{}, false
			}
		}
	}
	o.num = num
	i = start + num.n
	o.n = i
	if o.percent {
		return o, true
	}
	k := skipSpace(s, i)
	if skipWordAt(s[k:]) != "" {
		o.skip = true
		return o, true
	}
	if u := unitAt(s[k:]); u != "" {
		o.unit = units[u]
		o.n = k + len(u)
	}
	return o, true
}
