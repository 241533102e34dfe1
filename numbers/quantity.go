package numbers

import (
	"math"
	"slices"
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

// matcher finds the mentions of one metric, under any of its spellings.
type matcher struct {
	forms []form
	// head and measure split a metric of output (粮食 and 产量 of 粮食产量),
	// for the measure mentioned alone after its head (see ellipticNext).
	head, measure string
}

// form is one spelling of a metric, cut of its measure suffix.
type form struct {
	base     string // the spelling without its measure suffix
	stripped bool   // base is shorter than the spelling
}

func newMatcher(metric string) matcher {
	var m matcher
	for _, sp := range spellings(metric) {
		m.forms = append(m.forms, formOf(sp))
	}
	for _, w := range totalMeasures {
		if head, ok := strings.CutSuffix(metric, w); ok {
			head = strings.TrimSuffix(head, "总")
			if utf8.RuneCountInString(head) >= 2 {
				m.head, m.measure = head, w
			}
			break
		}
	}
	return m
}

// formOf cuts a measure suffix off a spelling of a metric.
func formOf(metric string) form {
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
			return form{base: base, stripped: true}
		}
		break
	}
	return form{base: metric}
}

// spellings returns metric and the other ways reports write the same
// metric, by rules that hold for any metric so worded:
//
//   - 总 before a measure of output, or not: 粮食产量 is also written
//     粮食总产量, 工业产值 工业总产值 (and the other way round);
//   - 新增 before the whole phrase or inside it: 城镇新增就业 is also
//     新增城镇就业 (累计新增城镇就业5870万人);
//   - the 条例's two names for a request for disclosure: 政府信息公开申请 is
//     also 政府信息依申请公开 (受理政府信息依申请公开30件), and the other way
//     round;
//   - 政府信息 shortened to 信息: 政府信息公开申请 is also 信息公开申请.
func spellings(metric string) []string {
	out := []string{metric}
	add := func(f func(string) (string, bool)) {
		for _, s := range out {
			if v, ok := f(s); ok && v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	add(func(s string) (string, bool) {
		for _, w := range totalMeasures {
			if k := strings.LastIndex(s, "总"+w); k > 0 {
				return s[:k] + s[k+len("总"):], true
			}
			if k := strings.LastIndex(s, w); k > 0 && !strings.HasSuffix(s[:k], "总") {
				return s[:k] + "总" + s[k:], true
			}
		}
		return "", false
	})
	add(func(s string) (string, bool) {
		k := strings.Index(s, "新增")
		if k <= 0 || k+len("新增") == len(s) {
			return "", false
		}
		return "新增" + s[:k] + s[k+len("新增"):], true
	})
	add(func(s string) (string, bool) {
		if k := strings.Index(s, "依申请公开"); k >= 0 {
			return s[:k] + "公开申请" + s[k+len("依申请公开"):], true
		}
		if k := strings.Index(s, "公开申请"); k >= 0 {
			return s[:k] + "依申请公开" + s[k+len("公开申请"):], true
		}
		return "", false
	})
	add(func(s string) (string, bool) {
		rest, ok := strings.CutPrefix(s, "政府信息")
		return "信息" + rest, ok
	})
	return out
}

// totalMeasures are the measures of output that take a 总 before them.
var totalMeasures = []string{"产量", "产值"}

// next returns the first mention at or after pos, under any spelling, with
// any measure suffix that follows it; of spellings starting at one place
// the longest.
func (m matcher) next(text string, pos int) (start, end int, ok bool) {
	start = -1
	for _, f := range m.forms {
		if s, e, ok := f.next(text, pos); ok && (start < 0 || s < start || s == start && e > end) {
			start, end = s, e
		}
	}
	if s, e, ok := m.ellipticNext(text, pos); ok && (start < 0 || s < start) {
		start, end = s, e
	}
	return start, end, start >= 0
}

// ellipticNext returns the first mention at or after pos of the measure of
// a metric of output alone, its head being the subject of the clause
// before: in 粮食连续五年增产，总产量52850万吨 and 全国粮食连续四年增产，2007年产量
// 达到50150万吨 the 总产量 and 产量 are 粮食's. The measure (with 总 or not)
// must open its clause, after a time word or date if any, and the clause
// before, in the same sentence, must name the head.
func (m matcher) ellipticNext(text string, pos int) (start, end int, ok bool) {
	if m.measure == "" {
		return 0, 0, false
	}
	for {
		k := strings.Index(text[pos:], m.measure)
		if k < 0 {
			return 0, 0, false
		}
		from := pos
		start, end = pos+k, pos+k+len(m.measure)
		pos = end
		if strings.HasSuffix(text[from:start], "总") {
			start -= len("总")
		}
		open := start - timeBefore(text[:start])
		r, size := utf8.DecodeLastRuneInString(text[:open])
		if r != '，' && r != ',' {
			continue
		}
		clause := text[:open-size]
		if k := strings.LastIndexFunc(clause, func(r rune) bool { return isTerminator(r) || isClauseBreak(r) }); k >= 0 {
			clause = clause[k:]
		}
		if strings.Contains(clause, m.head) {
			return start, end, true
		}
	}
}

// timeBefore returns the length of the time word (去年, 全年 ...) or year
// (2007年) that s ends with, or 0.
func timeBefore(s string) int {
	for _, w := range timeWords {
		if strings.HasSuffix(s, w) {
			return len(w)
		}
	}
	rest, ok := strings.CutSuffix(s, "年")
	if !ok {
		return 0
	}
	digits := 0
	for {
		r, size := utf8.DecodeLastRuneInString(rest)
		if !(r >= '0' && r <= '9' || r >= '０' && r <= '９') {
			break
		}
		rest = rest[:len(rest)-size]
		digits++
	}
	if digits != 4 {
		return 0
	}
	return len(s) - len(rest)
}

func (f form) next(text string, pos int) (start, end int, ok bool) {
	for {
		k := strings.Index(text[pos:], f.base)
		if k < 0 {
			return 0, 0, false
		}
		start, end = pos+k, pos+k+len(f.base)
		if suf := prefixIn(text[end:], measureSuffixes); suf != "" {
			return start, end + len(suf), true
		}
		r, _ := utf8.DecodeRuneInString(text[end:])
		if !f.stripped || !strings.ContainsRune(differentMeasure, r) {
			return start, end, true
		}
		pos = end
	}
}

// at reports whether a mention, under any spelling, starts s.
func (m matcher) at(s string) bool {
	for _, f := range m.forms {
		if strings.HasPrefix(s, f.base) {
			return true
		}
	}
	return false
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
	date       bool   // a skip word follows it: a date, a span of time or a number (2002年, 1-2月, 6个月, 3号)
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
				return quantity{n: at + hi.n, date: true}, at + hi.n
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
	q.date = last.skip
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
