package numbers

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The annual 政府信息公开工作年度报告 follows, since 2019, a national template
// whose section 四 is a table of fixed columns, headed
//
//	行政复议 | 行政诉讼
//	结果维持 结果纠正 其他结果 尚未审结 总计 | 未经复议直接起诉 | 复议后起诉
//	                                          | 结果维持 结果纠正 其他结果 尚未审结 总计 (twice)
//
// and followed by one row of 15 cells: the five of 行政复议, then five for
// each kind of 行政诉讼. Pages flattened into text keep the labels in this
// order and the cells after them, separated by spaces or line breaks, or
// glued into one run of digits. reviewTable reads the 行政复议 总计, the
// fifth cell, as the statement of 行政复议 made at the head of the table.
// 行政诉讼 has two totals and no one value: the table states nothing for it.
var reviewHeader = []string{
	"行政复议", "行政诉讼",
	"结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
	"结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
	"结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
}

const (
	reviewCells = 15 // cells in the row under reviewHeader
	reviewTotal = 4  // the cell of the 行政复议 总计
)

// reviewTable reads the table of the template at the mention
// text[start:end] of 行政复议, when the mention heads one. The cells must
// be told apart: 15 numbers, or a glued run of 15 digits (one each), or
// fewer numbers whose empty neighbours the separators count, every cell
// separated by the run of spaces that separates the labels of a header
// row, and the row by the run that ends the header's first row. Anything
// else is no reading.
func reviewTable(text string, start, end int) (Statement, bool) {
	if text[start:end] != reviewHeader[0] {
		return Statement{}, false
	}
	i := start
	var runs []int // the space runs between labels, in runes
	for k, label := range reviewHeader {
		if k > 0 {
			j := skipBlank(text, i)
			runs = append(runs, utf8.RuneCountInString(text[i:j]))
			i = j
		}
		if !strings.HasPrefix(text[i:], label) {
			return Statement{}, false
		}
		i += len(label)
	}
	at, n, ok := reviewCell(text, i, runs[0], runs[1])
	if !ok {
		return Statement{}, false
	}
	v, _, _ := ParseNumber(text[at : at+n])
	return Statement{
		Value:        &v,
		Text:         text[at : at+n],
		Sentence:     sentenceAround(text, start, at+n),
		Mention:      text[start:end],
		Offset:       start,
		NumberOffset: at,
	}, true
}

// reviewCell finds the 行政复议 总计 in the row starting at text[i:], given
// the runs of spaces that separate cells (sep) and end a row (row) in the
// header, and returns where its digits are.
func reviewCell(text string, i, sep, row int) (at, n int, ok bool) {
	type token struct{ at, n, before int } // digits and the run before them
	var tokens []token
	for j := i; ; {
		k := skipBlank(text, j)
		d := digitsAt(text, k)
		if d == 0 {
			break
		}
		tokens = append(tokens, token{k, d, utf8.RuneCountInString(text[j:k])})
		j = k + d
	}
	switch {
	case len(tokens) == reviewCells:
		t := tokens[reviewTotal]
		return t.at, t.n, true
	case len(tokens) == 1 && tokens[0].n == reviewCells && isASCIIDigits(text[tokens[0].at:tokens[0].at+reviewCells]):
		return tokens[0].at + reviewTotal, 1, true
	case len(tokens) == 0 || sep == 0 || row < sep:
		return 0, 0, false
	}
	cell := -1
	for k, t := range tokens {
		run, skipped := t.before, row // the row's first cell follows the row end
		if k > 0 {
			skipped = sep
		}
		if run < skipped || (run-skipped)%sep != 0 {
			return 0, 0, false
		}
		cell += 1 + (run-skipped)/sep
		if cell == reviewTotal {
			return t.at, t.n, true
		}
		if cell > reviewTotal {
			break
		}
	}
	return 0, 0, false // the total is an empty cell
}

// skipBlank returns the index after the white space at s[i:], line
// breaks included.
func skipBlank(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// digitsAt returns the length of the run of Arabic digits at s[i:].
func digitsAt(s string, i int) int {
	j := i
	for j < len(s) {
		_, size, ok := digitAt(s, j)
		if !ok {
			break
		}
		j += size
	}
	return j - i
}

// isASCIIDigits reports whether s is all ASCII digits.
func isASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
