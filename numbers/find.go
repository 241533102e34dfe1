// Package numbers finds, in the plain text of one report, the statements of
// a metric (国内生产总值, 行政复议申请, 城镇新增就业 ...) and reads the number
// each one states, so that a series of yearly reports becomes a timeline.
//
// Values are normalised for charting across years: magnitude words are
// folded into the value and the unit keeps only the base unit, so 1.2万亿元
// is 1.2e12 元, 9800亿元 is 9.8e11 元 and 6600万人 is 6.6e7 人. Percentages
// stay as written: 百分之十二点八 is 12.8 with unit "%", and 个百分点 is a
// unit of its own.
//
// Find never guesses: a mention of the metric with no number in its clause
// yields nothing.
package numbers

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Statement is one statement of a metric in a text.
type Statement struct {
	// Value is the number in Unit, with magnitude words folded in (6.6e7
	// for 6600万人), or the lower bound of a range. Find only returns
	// statements it could read a number for, so Value is never nil there.
	Value *float64
	// ValueMax is the upper bound of a range (6.5 for 6%—6.5%), else nil.
	ValueMax *float64
	// Unit is the base unit: "%", "个百分点", "元", "人", "件", "吨",
	// "公斤", "斤", "千瓦时" ..., or "" for a bare number.
	Unit string
	// Qualifier is the word bounding or describing the number: a word after
	// it (左右, 以上, 以下, 以内, 多, 余 ...) if there is one, else the
	// nearest word before it (约, 近, 超过, 不低于, 不少于, 达到, 控制在 ...),
	// else a change word (增长, 下降 ...), else "". 预期增长6.5%左右 gives
	// 左右: the target sense of 预期 is left to Sentence.
	Qualifier string
	// Change is the word before the number saying it is a change rather
	// than a level (增长, 下降, 提高, 涨幅 ...), else "". 增加到 introduces a
	// level and gives "".
	Change string
	// Text is the number with its unit as written: "百分之十二点八",
	// "6600万人", "6%—6.5%", "1100万人以上".
	Text string
	// Sentence is the whole sentence containing the statement, split at
	// 。；！？ and line breaks and trimmed of spaces.
	Sentence string
	// Mention is the metric phrase as found, under any of its spellings
	// (粮食总产量 for 粮食产量, see spellings) or the measure alone after its
	// head (the 总产量 of 粮食连续五年增产，总产量52850万吨), with a trailing
	// 数, 量, 数量, 总量 or 总额 that was present.
	Mention string
	// Offset is the byte offset in the text of Mention.
	Offset int
	// NumberOffset is the byte offset in the text of Text.
	NumberOffset int
}

// maxGap is how many runes may separate a mention from its number: enough
// for 全年收到公民、法人和其他组织政府信息公开申请共19件 style wording between
// them, short enough not to pick up an unrelated number.
const maxGap = 30

// Find returns every statement of metric in text, in text order. A
// statement is a mention of metric followed, within its clause (no 。；！？
// line break or ，、 between) and maxGap runes, by a number. A clause with
// no subject of its own (去年达到…, 又增产…, see continuesClause) goes on with
// the clause before it; a magnitude word after a qualifier stands for one
// of itself (稳定在万亿斤以上); 从X增加到Y states Y; and the 行政复议 of the
// national template's flattened table states its 总计 (see reviewTable). The first
// number that is a value is taken: dates (2022年, 3月15日), ordinals (第三),
// document numbers (〔2020〕) and identifiers (PM2.5) are passed over, and so
// are Chinese numerals that are parts of words (一是, 统一, 进一步). A bare
// number with no unit counts only when punctuation, a space or the end of
// the text follows it, so that the glued cells of a flattened table
// (数量110000011二、) are not read as one value.
func Find(text, metric string) []Statement {
	metric = strings.TrimSpace(metric)
	if metric == "" || strings.ContainsFunc(metric, isTerminator) {
		return nil
	}
	m := newMatcher(metric)
	var out []Statement
	for pos := 0; ; {
		start, end, ok := m.next(text, pos)
		if !ok {
			return out
		}
		if st, ok := reviewTable(text, start, end); ok {
			out = append(out, st)
		} else if st, ok := statementAfter(text, m, start, end); ok {
			out = append(out, st)
		}
		pos = end
	}
}

// statementAfter looks for the number of the mention text[start:end].
func statementAfter(text string, m matcher, start, end int) (Statement, bool) {
	// lead is where the words leading to the number start: after the
	// mention, or after the last number passed over, whose 近 in 近6个月
	// is not the value's.
	lead := end
	continued := false // the statement went on into the next clause
	for i, gap := end, 0; i < len(text) && gap <= maxGap; gap++ {
		r, size := utf8.DecodeRuneInString(text[i:])
		if (r == '，' || r == ',') && !continued && continuesClause(text[i+size:]) {
			// 粮食产量屡创历史新高，去年达到54641万吨: the next clause has
			// no subject of its own and goes on stating the metric.
			continued = true
			i += size
			lead = i
			continue
		}
		if isTerminator(r) || isClauseBreak(r) || m.at(text[i:]) {
			// The clause is over, or the next mention owns what follows.
			break
		}
		q, n := readQuantity(text[i:])
		if n == 0 {
			if q, n := bareMagnitude(text[lead:i], text[i:]); n > 0 {
				return makeStatement(text, start, end, lead, i, q), true
			}
			i += size
			continue
		}
		if q.ok && !badPrefix(text[:i], text[i:]) {
			if at, to, ok := levelReached(text, end, i, q); ok {
				return makeStatement(text, start, end, at, to.at, to.q), true
			}
			return makeStatement(text, start, end, lead, i, q), true
		}
		gap += utf8.RuneCountInString(text[i:i+n]) - 1
		i += n
		lead = i
	}
	return Statement{}, false
}

// continuesClause reports whether the clause s, after a comma, has no
// subject of its own and goes on with the one before: it opens, after a
// time word (去年, 全年, 2007年) if any, with a word that can only
// continue a statement: a qualifier (达到, 超过, 保持在 ...), a change word
// (增长, 增产 ...) or 又, 再, 共, 累计.
func continuesClause(s string) bool {
	if w := prefixIn(s, timeWords); w != "" {
		s = s[len(w):]
	} else if q, n := readQuantity(s); n > 0 && q.date {
		s = s[n:]
		s = s[len(skipWordAt(s)):]
	}
	return prefixIn(s, prefixQualifiers) != "" || prefixIn(s, changeWords) != "" || prefixIn(s, continuers) != ""
}

// timeWords may open a clause that goes on with the subject before it.
var timeWords = []string{"去年", "今年", "全年", "当年", "上年", "同年", "年末", "年底"}

// continuers are the adverbs and verbs that open a clause going on with
// the subject before it (又增产1454万吨).
var continuers = []string{"又", "再", "共", "累计"}

// bareMagnitude reads a magnitude word standing for one of itself before a
// unit, after a qualifier that makes it a level: 稳定在万亿斤以上 states
// 1万亿斤, 突破百万亿元 1百万亿元. gap is what lies between the mention and
// s; without the qualifier (万人空巷, 千亿斤粮食) nothing is read.
func bareMagnitude(gap, s string) (quantity, int) {
	if w, end := lastWord(gap, prefixQualifiers); w == "" || end != len(gap) {
		return quantity{}, 0
	}
	r, _ := utf8.DecodeRuneInString(s)
	if _, ok := magnitudes[r]; !ok {
		return quantity{}, 0
	}
	q, n := readQuantity("1" + s)
	if n <= 1 || !q.ok || q.unit == "" || q.hasMax || q.value == 1 {
		return quantity{}, 0 // no unit, or the magnitude begins it (千瓦时)
	}
	q.n = n - 1
	return q, q.n
}

// reached is a quantity found at text[at:].
type reached struct {
	at int
	q  quantity
}

// levelReached reads 从X增加到Y (or 由X增加到Y): when the quantity q at
// text[at:] follows a 从 or 由 (with at most a qualifier between, 从不到70万亿元,
// and dates passed over, 从1997年的7.4万亿元) and a 到 or 至 comes after it in
// the same clause, the statement is the level reached, Y, not the base it
// grew from; a date before Y is passed over too (增加到2002年的10.2万亿元). It
// returns where the words leading to Y start (after X) and Y itself.
func levelReached(text string, from, at int, q quantity) (int, reached, bool) {
	if !fromBefore(text[from:at]) {
		return 0, reached{}, false
	}
	after := at + q.n
	i, gap := after, 0
	for ; i < len(text) && gap <= 8; gap++ {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isTerminator(r) || isClauseBreak(r) {
			return 0, reached{}, false
		}
		i += size
		if r == '到' || r == '至' {
			break
		}
	}
	for gap = 0; i < len(text) && gap <= 6; gap++ {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isTerminator(r) || isClauseBreak(r) {
			break
		}
		if y, n := readQuantity(text[i:]); n > 0 {
			if !y.ok {
				if !y.date {
					break
				}
				i += n
				continue
			}
			return after, reached{at: i, q: y}, true
		}
		i += size
	}
	return 0, reached{}, false
}

// fromBefore reports whether gap, the words between a mention and its
// number, ends in 从 or 由 and at most four runes more, dates not counted.
func fromBefore(gap string) bool {
	k := max(strings.LastIndex(gap, "从"), strings.LastIndex(gap, "由"))
	if k < 0 {
		return false
	}
	runes := 0
	for i := k + len("从"); i < len(gap); {
		if q, n := readQuantity(gap[i:]); n > 0 && q.date {
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(gap[i:])
		i += size
		runes++
	}
	return runes <= 4
}

// makeStatement builds the statement of the mention text[start:end] whose
// quantity q is at text[at:], led to by the words text[lead:at].
func makeStatement(text string, start, end, lead, at int, q quantity) Statement {
	gap := text[lead:at]
	st := Statement{
		Value:        &q.value,
		Unit:         q.unit,
		Qualifier:    q.qual,
		Change:       changeIn(gap),
		Text:         text[at : at+q.n],
		Sentence:     sentenceAround(text, start, at+q.n),
		Mention:      text[start:end],
		Offset:       start,
		NumberOffset: at,
	}
	if q.hasMax {
		st.ValueMax = &q.max
	}
	if st.Qualifier == "" {
		st.Qualifier, _ = lastWord(gap, prefixQualifiers)
	}
	if st.Qualifier == "" {
		st.Qualifier = st.Change
	}
	return st
}

// changeIn returns the change word of the gap between a mention and its
// number, unless it introduces a level (增加到, 提高至, 下降为).
func changeIn(gap string) string {
	w, end := lastWord(gap, changeWords)
	if w == "" || prefixIn(gap[end:], []string{"到", "至", "为"}) != "" {
		return ""
	}
	return w
}

// lastWord returns the one of words that ends last in s, the longer one on
// a tie (达到 over 达), and where it ends.
func lastWord(s string, words []string) (string, int) {
	best, bestEnd := "", -1
	for _, w := range words {
		k := strings.LastIndex(s, w)
		if k < 0 {
			continue
		}
		if e := k + len(w); e > bestEnd || e == bestEnd && len(w) > len(best) {
			best, bestEnd = w, e
		}
	}
	return best, bestEnd
}

// badPrefix reports whether the number at rest is, by what precedes it,
// an ordinal (第三), a document number (〔2020〕2号) or part of an identifier
// (PM2.5, G20).
func badPrefix(before, rest string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	switch r {
	case '第', '〔', '﹝', '[', '【', '〕', '﹞', ']', '】':
		return true
	}
	_, _, arabic := digitAt(rest, 0)
	return arabic && r < utf8.RuneSelf && unicode.IsLetter(r)
}

// sentenceAround returns the sentence holding text[from:to], trimmed of
// spaces outside that span only, so that it always contains the span.
func sentenceAround(text string, from, to int) string {
	a := from
	for a > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:a])
		if isTerminator(r) {
			break
		}
		a -= size
	}
	b := to
	for b < len(text) {
		r, size := utf8.DecodeRuneInString(text[b:])
		if isTerminator(r) {
			break
		}
		b += size
	}
	return strings.TrimLeftFunc(text[a:from], unicode.IsSpace) + text[from:to] +
		strings.TrimRightFunc(text[to:b], unicode.IsSpace)
}
