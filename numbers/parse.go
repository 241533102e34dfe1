package numbers

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// number is one numeral read at the start of a string, with its magnitude
// words already multiplied in.
type number struct {
	value float64
	n     int // bytes consumed
	// decimal is the numeral's value before magnitude words, in decimal,
	// so that scaling by them is exact: 274.4亿 is 2.744e10, not
	// 274.4 × 1e8 = 2.7439999999999996e10.
	decimal string
	exp     int  // the power of ten of the magnitude words after the numeral
	chinese bool // written in Chinese numerals
	// plain is true for a Chinese numeral that shows no sign of being a
	// quantity on its own: no 万/亿 and no 点. Such numerals (一, 十二) are
	// mostly parts of words (一是, 统一) or list markers, so Find needs a
	// unit after them.
	plain bool
}

// ParseNumber reads one number at the start of s and reports its value, the
// number of bytes consumed and whether a number was there at all.
//
// It accepts Arabic digits, ASCII or full-width (１２３４), with "," as a
// thousands separator when exactly three digits follow, "." or "．" as the
// decimal point, and digits spaced out one by one as PDF extraction leaves
// them ("4 9 2 5 0万吨") when a magnitude or unit follows. It accepts Chinese
// numerals 零〇一二两三四五六七八九十百千万亿 with 点 as the decimal point
// (十二 = 12, 一百零五 = 105, 一千二百亿 = 1.2e11, 二〇二二 = 2022, 一万二 =
// 12000). Magnitude words after a number are folded into the value
// (1.2万亿 = 1.2e12, 6600万 = 6.6e7), except where they begin a unit (the 千 of
// 5千瓦 is left unread).
//
// It reports false for numbers beyond the range of float64. ParseNumber
// only reads numerals: it accepts the 一 of 一是, leaving it to
// the caller to judge from what follows whether a numeral states a quantity.
func ParseNumber(s string) (value float64, n int, ok bool) {
	num, ok := scanNumber(s)
	if !ok {
		return 0, 0, false
	}
	return num.value, num.n, true
}

// scanNumber reads an Arabic or Chinese numeral followed by magnitude words.
func scanNumber(s string) (number, bool) {
	num, ok := scanArabic(s)
	if ok {
		num = withMagnitude(s, num)
	} else {
		num, ok = scanChinese(s)
	}
	// Hundreds of digits overflow; an infinite value is no reading.
	return num, ok && !math.IsInf(num.value, 0)
}

// withMagnitude multiplies num by the magnitude words (百千万亿, in runs
// such as 万亿 or 千万) after it, optionally after spaces. It stops where a
// unit starts, so that the 千 of 千瓦 stays part of the unit.
func withMagnitude(s string, num number) number {
	j := skipSpace(s, num.n)
	for count := 0; count < 3 && j < len(s); count++ {
		if unitAt(s[j:]) != "" {
			break
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		e, ok := magnitudes[r]
		if !ok {
			break
		}
		num.exp += e
		j += size
		num.n = j
	}
	num.value = scaled(num.decimal, num.exp)
	return num
}

// magnitudes are the powers of ten of the magnitude words.
var magnitudes = map[rune]int{'百': 2, '千': 3, '万': 4, '亿': 8}

// scaled returns decimal × 10^exp.
func scaled(decimal string, exp int) float64 {
	v, _ := strconv.ParseFloat(decimal+"e"+strconv.Itoa(exp), 64)
	return v
}

// digitAt reports the Arabic digit, ASCII or full-width, at s[i:].
func digitAt(s string, i int) (d byte, size int, ok bool) {
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case r >= '0' && r <= '9':
		return byte(r), size, true
	case r >= '０' && r <= '９':
		return byte(r-'０') + '0', size, true
	}
	return 0, 0, false
}

// scanArabic reads Arabic digits with thousands separators, a decimal part
// and spaced-out single digits.
func scanArabic(s string) (number, bool) {
	if num, ok := scanDigits(s, true); ok {
		// Spaced digits are joined only before a magnitude, unit or date
		// word, as in prose; elsewhere "1 0 1" is a row of table cells.
		rest := s[skipSpace(s, num.n):]
		if strings.Contains(s[:num.n], " ") && !followsQuantity(rest) {
			return scanDigits(s, false)
		}
		return num, true
	}
	return number{}, false
}

// followsQuantity reports whether s starts with something that marks the
// numeral before it as a quantity or a date.
func followsQuantity(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	_, mag := magnitudes[r]
	return mag || unitAt(s) != "" || skipWordAt(s) != ""
}

// scanDigits does the work of scanArabic; joinSpaced allows single digits
// separated by single spaces to form one number.
func scanDigits(s string, joinSpaced bool) (number, bool) {
	var buf []byte
	i, group := 0, 0 // group counts the digits since the last space
	for i < len(s) {
		if d, size, ok := digitAt(s, i); ok {
			buf = append(buf, d)
			i += size
			group++
			continue
		}
		if sep := thousandsSeparator(s, i); sep > 0 && len(buf) > 0 && threeDigits(s, i+sep) {
			i += sep
			group = 0
			continue
		}
		if joinSpaced && s[i] == ' ' && group == 1 && singleDigit(s, i+1) {
			i++
			group = 0
			continue
		}
		break
	}
	if len(buf) == 0 {
		return number{}, false
	}
	if j, ok := decimalPoint(s, i); ok {
		buf = append(buf, '.')
		i = j
		for i < len(s) {
			d, size, ok := digitAt(s, i)
			if !ok {
				break
			}
			buf = append(buf, d)
			i += size
		}
	}
	return number{value: scaled(string(buf), 0), n: i, decimal: string(buf)}, true
}

// decimalPoint reports whether s[i:] is a decimal point followed by a digit
// and where the digit starts.
func decimalPoint(s string, i int) (int, bool) {
	for _, p := range []string{".", "．"} {
		if strings.HasPrefix(s[i:], p) {
			if _, _, ok := digitAt(s, i+len(p)); ok {
				return i + len(p), true
			}
		}
	}
	return 0, false
}

// thousandsSeparator returns the length of the thousands separator at
// s[i:], or 0: "," anywhere, and "，" after a full-width digit, as
// full-width typography writes ３３，２１２; after ASCII digits "，" is the
// Chinese comma.
func thousandsSeparator(s string, i int) int {
	if s[i] == ',' {
		return 1
	}
	if strings.HasPrefix(s[i:], "，") && i >= 3 && s[i-3:i] >= "０" && s[i-3:i] <= "９" {
		return len("，")
	}
	return 0
}

// threeDigits reports whether exactly three digits start at s[i:], the
// shape of a thousands group; "1,2" is a list, not a number.
func threeDigits(s string, i int) bool {
	for k := 0; k < 3; k++ {
		_, size, ok := digitAt(s, i)
		if !ok {
			return false
		}
		i += size
	}
	_, _, ok := digitAt(s, i)
	return !ok
}

// singleDigit reports whether s[i:] is one digit not followed by another.
func singleDigit(s string, i int) bool {
	_, size, ok := digitAt(s, i)
	if !ok {
		return false
	}
	_, _, more := digitAt(s, i+size)
	return !more
}

var cnDigits = map[rune]float64{
	'零': 0, '〇': 0, '○': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

var cnSmallUnits = map[rune]float64{'十': 10, '百': 100, '千': 1000}

// scanChinese reads a Chinese numeral. Positional numerals (二〇二二) are
// read digit by digit; others by the usual grammar where 十百千 multiply the
// digit before them and 万亿 close a section.
func scanChinese(s string) (number, bool) {
	if num, ok := scanPositional(s); ok {
		return num, true
	}
	var big, mid, small, digit float64
	i, read := 0, 0
	prevDigit := false    // the previous rune was a non-zero digit
	lastSmall := 0.0      // the last of 十百千 in this section, to keep them descending
	unitBefore := 0.0     // the unit right before a trailing digit (一万二)
	hasMagnitude := false // 万 or 亿 seen
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if d, ok := cnDigits[r]; ok {
			if prevDigit {
				break // 十三五 is 十三 then 五
			}
			digit, prevDigit = d, d != 0
			if d == 0 {
				unitBefore = 0
			}
		} else if u, ok := cnSmallUnits[r]; ok {
			if (lastSmall != 0 && u >= lastSmall) || unitAt(s[i:]) != "" {
				break
			}
			if !prevDigit {
				if r != '十' {
					break // 百 and 千 need a digit before them
				}
				digit = 1
			}
			small += digit * u
			digit, prevDigit, lastSmall, unitBefore = 0, false, u, u
		} else if r == '万' || r == '亿' {
			if read == 0 || (r == '万' && mid != 0) || (r == '亿' && big != 0) {
				break
			}
			if r == '万' {
				mid, unitBefore = (small+digit)*1e4, 1e4
			} else {
				big, mid, unitBefore = (big+mid+small+digit)*1e8, 0, 1e8
			}
			small, digit, prevDigit, lastSmall, hasMagnitude = 0, 0, false, 0, true
		} else {
			break
		}
		i += size
		read++
	}
	if read == 0 {
		return number{}, false
	}
	if prevDigit && unitBefore > 10 {
		digit *= unitBefore / 10 // 一万二 is 12000, 一千二 is 1200
	}
	v := big + mid + small + digit
	return withFraction(s, chineseNumber(v, i, !hasMagnitude)), true
}

// withFraction extends a Chinese numeral by a 点 fraction and the magnitude
// words after it (三点五万 = 35000), when there is one.
func withFraction(s string, num number) number {
	if f, j, ok := scanFraction(s, num.n); ok {
		num.decimal += "." + f
		num.n, num.plain = j, false
		return withMagnitude(s, num)
	}
	return num
}

// chineseNumber is the integer v read from n bytes of Chinese numerals.
func chineseNumber(v float64, n int, plain bool) number {
	return number{value: v, n: n, decimal: strconv.FormatFloat(v, 'f', -1, 64), chinese: true, plain: plain}
}

// scanPositional reads a Chinese numeral written digit by digit, such as the
// year 二〇二二, with an optional 点 fraction. It needs two digits or more;
// 两 never appears in such numerals.
func scanPositional(s string) (number, bool) {
	v, i, count := 0.0, 0, 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		d, ok := cnDigits[r]
		if !ok || r == '两' {
			break
		}
		v = v*10 + d
		i += size
		count++
	}
	if count < 2 {
		return number{}, false
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); cnSmallUnits[r] != 0 || r == '万' || r == '亿' {
		return number{}, false // 二十 and 三五万 follow the grammar instead
	}
	return withFraction(s, chineseNumber(v, i, true)), true
}

// scanFraction reads 点 and the digits after it at s[i:], returning the
// digits in ASCII.
func scanFraction(s string, i int) (string, int, bool) {
	if !strings.HasPrefix(s[i:], "点") {
		return "", 0, false
	}
	j := i + len("点")
	var digits []byte
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		d, ok := cnDigits[r]
		if !ok || r == '两' {
			break
		}
		digits = append(digits, '0'+byte(d))
		j += size
	}
	return string(digits), j, len(digits) > 0
}

// skipSpace returns the index after the spaces at s[i:]: ASCII, ideographic
// and no-break spaces, which flattened tables put between a number and its
// unit.
func skipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != ' ' && r != '\t' && r != '\u3000' && r != '\u00a0' {
			break
		}
		i += size
	}
	return i
}
