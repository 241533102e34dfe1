package cites

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// issuerMode says which shape of 文号 an issuer is read for: the issuer of
// an order (…令第N号) or of a yearly number (…公告2015年第89号) is a body's
// full name and may name several bodies joined by 、; the issuer of a plain
// 文号 (国办发〔2017〕47号) is an abbreviation of a few characters.
type issuerMode int

const (
	issuerPlain  issuerMode = iota // 国办发〔2017〕47号
	issuerOrder                    // 国务院令第588号 (the 令 is part of the issuer)
	issuerYearly                   // 国家税务总局公告2015年第89号
)

// Bounds on an issuer, in runes: an abbreviation has 2 to 12 characters
// (冀政, 国办发明电, 浙委退役军人办); a full name such as
// 中华人民共和国国务院、中华人民共和国中央军事委员会令 is longer.
const (
	minIssuer      = 2
	maxIssuer      = 12
	maxOrderIssuer = 40
)

// leadIns are words that come before a 文号 without punctuation between —
// prepositions and verbs (根据国办发〔…〕), the end of a title written
// without its marks (…的意见人社部发〔…〕), a date's 日 — and never inside
// an issuer: the issuer starts after the last of them. Words that do occur
// in abbreviations stay out (规划 in 发改规划, 经 in 冀经贸, 同 in 同政发).
var leadIns = []string{
	"根据", "依据", "依照", "按照", "参照", "对照", "遵照", "贯彻", "落实", "执行",
	"印发", "转发", "下发", "发布", "公布", "颁布", "施行", "详见", "参见", "对于",
	"已被", "仍按", "要求", "符合", "以及", "关于", "文号", "收到", "接到", "继续",
	"通知", "意见", "办法", "决定", "方案", "规定", "细则", "条例", "措施", "纲要", "要点", "批复", "复函", "报告", "请示", "你厅", "你局", "你委", "你省",
	"你市", "你们", "我省", "我市", "本省", "本市", "各地", "的", "按", "据", "见",
	"即", "是", "为", "在", "将", "由", "并", "或", "及", "与", "以", "附件",
}

// bodies are names of bodies that pages write before the abbreviation of
// the same body's 文号 (国务院办公厅国办发〔…〕, 国家科委国科发政字〔…〕); the
// abbreviation starts after the last of them. Orders and yearly numbers
// keep them: there the name is the issuer.
var bodies = []string{
	"国务院办公厅", "国务院", "办公厅", "办公室", "人民政府", "委员会", "等部门", "部门",
	"国家科委", "科技部", "财政部", "教育部", "海关总署", "总局", "财政厅", "中央军委",
	// 和 joins full names (住房和城乡建设部), never abbreviations: 和冀劳社办〔…〕.
	"和",
}

// issuerBefore finds the issuer that ends at byte end of text (where the
// year's bracket, the year or the order's 第 begins) and returns where it
// starts. floor is the end of the previous 文号, which the issuer may not
// reach into. It reports false when there is no plausible issuer: no Han
// characters before the year (2017年第47号, （2017）12), or too few or too
// many once the words before the issuer are cut off.
func issuerBefore(text string, end, floor int, mode issuerMode) (int, bool) {
	// Spaces may separate the issuer from its year.
	for end > floor {
		r, size := utf8.DecodeLastRuneInString(text[floor:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	if mode == issuerOrder {
		end -= len("令") // read the name before the 令, add it back below
	}
	limit := maxIssuer
	if mode != issuerPlain {
		limit = maxOrderIssuer
	}
	start, n := end, 0
	for start > floor && n < limit+8 { // read a little past the limit so that cuts can bring it under
		r, size := utf8.DecodeLastRuneInString(text[floor:start])
		if !unicode.Is(unicode.Han, r) && !(r == '、' && mode != issuerPlain && n > 0) {
			break
		}
		start -= size
		n++
	}
	run := strings.TrimLeft(text[start:end], "、")
	start = end - len(run)
	// 28日国科发计字〔…〕: a date's 年, 月 or 日 right after its digits.
	if r, _ := utf8.DecodeLastRuneInString(text[:start]); unicode.IsDigit(r) {
		for _, unit := range []string{"年", "月", "日"} {
			if strings.HasPrefix(run, unit) {
				run = run[len(unit):]
				break
			}
		}
	}
	run = cutIssuer(run, mode)
	if mode == issuerOrder {
		run += "令"
		end += len("令")
	}
	count := utf8.RuneCountInString(run)
	if count < minIssuer || count > limit || (mode == issuerOrder && count < minIssuer+1) {
		return 0, false
	}
	if mode == issuerOrder && strings.HasPrefix(run, "部门") {
		return 0, false // 发展改革委等10部门令: the issuers are before the count
	}
	if mode == issuerYearly && !yearlyIssuer(run) {
		return 0, false
	}
	return end - len(run), true
}

// cutIssuer returns the issuer at the end of run, the Han characters
// before a year: what follows the last lead-in word (and, for a plain
// 文号, the last body's name) that leaves at least two characters.
//
// No list of known issuers decides: the 文号 fields of the corpus hold
// some twenty abbreviations while its texts cite four hundred, and a
// known short one is the tail of longer real ones (财教 of 冀财教, 国发 of
// 冀国发), so taking the longest known suffix cut real issuers short.
func cutIssuer(run string, mode issuerMode) string {
	for _, w := range leadIns {
		if utf8.RuneCountInString(w) > 1 && strings.HasSuffix(run, w) {
			return "" // 印发〔2017〕5号: a verb, no issuer
		}
	}
	words := leadIns
	if mode == issuerPlain {
		words = append(words[:len(words):len(words)], bodies...)
	}
	cut := 0
	for _, w := range words {
		i := strings.LastIndex(run, w)
		if i < 0 {
			continue
		}
		if after := i + len(w); after > cut && utf8.RuneCountInString(run[after:]) >= minIssuer {
			cut = after
		}
	}
	run = run[cut:]
	if mode != issuerPlain {
		// 原国家工商行政管理总局令: 原 says the body has since been renamed;
		// the order's number is the body's.
		if rest, ok := strings.CutPrefix(run, "原"); ok && utf8.RuneCountInString(rest) >= minIssuer {
			run = rest
		}
	}
	return run
}

// yearlyIssuer reports whether an issuer can carry a number by year
// without brackets: announcements, orders and letters (公告2015年第89号,
// 令2009年第1号, 函2020年32号), not any words before a year.
func yearlyIssuer(s string) bool {
	for _, tail := range []string{"公告", "令", "函", "发", "字", "通告"} {
		if strings.HasSuffix(s, tail) {
			return true
		}
	}
	return false
}
