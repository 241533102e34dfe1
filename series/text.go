package series

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// grams is a sorted set of character bigrams (or, for a one-character
// text, its character).
type grams []uint64

// gramsOf returns the bigram set of the letters of s (digits, spaces and
// punctuation skipped, so that a changed figure does not change the set).
func gramsOf(s string) grams {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) {
			rs = append(rs, r)
		}
	}
	if len(rs) == 1 {
		return grams{uint64(rs[0])}
	}
	g := make(grams, 0, max(len(rs)-1, 0))
	for i := 1; i < len(rs); i++ {
		g = append(g, uint64(rs[i-1])<<32|uint64(rs[i]))
	}
	slices.Sort(g)
	return slices.Compact(g)
}

// common counts the bigrams two sets share.
func common(a, b grams) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// dice is the Dice coefficient of two sets, 0 when both are empty.
func dice(a, b grams) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	return 2 * float64(common(a, b)) / float64(len(a)+len(b))
}

// normHeading is a heading as compared: years, digits, spaces and
// punctuation removed ("2013年工作回顾" is "工作回顾"), and a trailing 情况,
// which ends most headings of some reports (总体情况, 依申请收费及减免情况)
// and says nothing of what a part is about, with them.
func normHeading(h string) string {
	h = removeYears(cleanTitle(h))
	h = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, h)
	if rest := strings.TrimSuffix(h, "情况"); rest != "" {
		h = rest
	}
	return h
}

// sentenceEnds end sentences; a line break ends one too.
const sentenceEnds = "。！？；!?;\n"

// sentences splits s into trimmed sentences, each with its end mark;
// empty ones and ones of punctuation alone are dropped.
func sentences(s string) []string {
	spans := sentenceSpans(s)
	out := make([]string, len(spans))
	for k, sp := range spans {
		out[k] = s[sp[0]:sp[1]]
	}
	return out
}

// sentenceSpans is where in s each of its sentences (see sentences) lies,
// as byte offsets [start, end).
func sentenceSpans(s string) [][2]int {
	var out [][2]int
	for pos := 0; pos < len(s); {
		end := len(s)
		if i := strings.IndexAny(s[pos:], sentenceEnds); i >= 0 {
			_, size := utf8.DecodeRuneInString(s[pos+i:])
			end = pos + i + size
		}
		raw := s[pos:end]
		lead := len(raw) - len(strings.TrimLeftFunc(raw, unicode.IsSpace))
		sent := strings.TrimFunc(raw, unicode.IsSpace)
		if strings.IndexFunc(sent, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, [2]int{pos + lead, pos + lead + len(sent)})
		}
		pos = end
	}
	return out
}

// sentenceKey is a sentence as aligned: whitespace dropped, full-width
// digits folded and every run of digits (with its . and ,) one '#', so that
// a sentence whose figures changed keeps its key.
func sentenceKey(s string) string {
	var b strings.Builder
	inNum := false
	for _, r := range s {
		r = foldDigit(r)
		switch {
		case unicode.IsSpace(r):
		case '0' <= r && r <= '9', inNum && (r == '.' || r == ','):
			if !inNum {
				b.WriteByte('#')
			}
			inNum = true
			continue
		default:
			b.WriteRune(r)
		}
		inNum = false
	}
	return b.String()
}

// foldDigit folds a full-width digit to ASCII.
func foldDigit(r rune) rune {
	if '０' <= r && r <= '９' {
		return r - '０' + '0'
	}
	return r
}

// units may follow a number; longer ones first.
var units = []string{
	"个百分点", "万亿元", "亿美元", "万美元", "平方公里", "平方米", "千瓦时", "万人次",
	"万千瓦", "百分点", "亿元", "万元", "千元", "美元", "万亿", "万人", "万户", "万亩",
	"万吨", "人次", "公里", "千米", "元", "亿", "万", "千", "%", "％", "‰", "件", "个",
	"项", "人", "户", "家", "所", "座", "亩", "吨", "倍", "年", "月", "日", "天", "次",
	"台", "辆", "套", "条", "篇", "份", "起", "宗", "名", "位", "批", "场", "期", "米",
}

// cnNumerals are the characters of a number written in Chinese.
const cnNumerals = "零〇○一二三四五六七八九十百千万亿两"

// numbers returns the numbers in s as written, each with its unit: Arabic
// ones (12, 3.5, 1,200) with or without a unit, Chinese ones (三十五件,
// 百分之八) only with a unit or after 百分之.
func numbers(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isDigitRune(r):
			j := i + size
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !isDigitRune(r2) && !((r2 == '.' || r2 == ',') && j+n < len(s) && isDigitRune(firstRune(s[j+n:]))) {
					break
				}
				j += n
			}
			j += unitLen(s[j:])
			out = append(out, foldDigits(s[i:j]))
			i = j
		case strings.HasPrefix(s[i:], "百分之"):
			j := i + len("百分之") + cnRunLen(s[i+len("百分之"):])
			if j > i+len("百分之") {
				out = append(out, s[i:j])
			}
			i = j
		case strings.ContainsRune(cnNumerals, r):
			j := i + cnRunLen(s[i:])
			if u := unitLen(s[j:]); u > 0 {
				out = append(out, s[i:j+u])
				j += u
			}
			i = j
		default:
			i += size
		}
	}
	return out
}

// isDigitRune reports an ASCII or full-width digit.
func isDigitRune(r rune) bool { return '0' <= foldDigit(r) && foldDigit(r) <= '9' }

// firstRune is the first rune of s.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// foldDigits folds full-width digits in s to ASCII.
func foldDigits(s string) string { return strings.Map(foldDigit, s) }

// cnRunLen is the length of the run of Chinese numerals s starts with.
func cnRunLen(s string) int {
	n := 0
	for _, r := range s {
		if !strings.ContainsRune(cnNumerals, r) {
			break
		}
		n += utf8.RuneLen(r)
	}
	return n
}

// unitLen is the length of the unit s starts with, or 0.
func unitLen(s string) int {
	for _, u := range units {
		if strings.HasPrefix(s, u) {
			return len(u)
		}
	}
	return 0
}
