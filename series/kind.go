package series

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind returns the kind of report a title names: the title with its body
// prefix, its years and its bracketed parts removed, so that a body's
// reports of one kind share it from year to year:
//
//	国务院2014年政府工作报告              -> 政府工作报告
//	河北省教育厅2019年政府信息公开工作年度报告 -> 政府信息公开工作年度报告
//	关于2021年调整退休人员基本养老金的通知     -> 调整退休人员基本养老金的通知
//	2018年度法治政府建设情况报告            -> 法治政府建设情况报告
//
// Years are Arabic (2019年, 2019年度, 2018—2035年) or Chinese (二〇一九年).
// Brackets （…） (…) 【…】 〔…〕 [...] go with their contents; 《》 and
// quotation marks go, their contents stay. A leading 关于 goes; 关于印发X的通知
// is the kind X (the notice issues X). X的报告 and a bare X情况 are X报告 and
// X情况报告, so that the forms a body alternates between group; the
// annual 政府信息公开工作年度报告 and 政府网站工作年度报表 are so named under
// their other names (政府信息公开报告, 信息公开年报, 政府网站工作年报 …). A
// subtitle after 政府工作报告, or after a …报告 and a space or dash, goes;
// so does a trailing ... or … of a title cut short.
//
// The body is recognised only where it precedes the first year or 关于
// (see BodyFromTitle); Group also strips the member's own agency.
func Kind(title string) string {
	t := cleanTitle(title)
	if body := bodyPrefix(t); body != "" {
		t = t[len(body):]
	}
	return kindOfRest(t)
}

// BodyFromTitle returns the issuing body a title starts with, or "" when it
// starts with none: the text before the first year or 关于, when it ends
// as a body name does (…人民政府, …厅, …局, …区, 国务院 …):
// "海拉尔区人民政府2015年政府工作报告" -> "海拉尔区人民政府",
// "海拉尔区2012年政府工作报告" -> "海拉尔区". Of several bodies issuing
// jointly (河北省人力资源和社会保障厅河北省财政厅关于…) it returns the first.
func BodyFromTitle(title string) string {
	body := bodyPrefix(cleanTitle(title))
	return leadBody(strings.Join(strings.Fields(body), ""))
}

// kindFor is the Kind of a member's title with its agency (or a short form
// of it) removed from the start, or from just after a leading year
// (1982年国务院政府工作报告).
func kindFor(title, agency string) string {
	t := cleanTitle(title)
	rest := strings.TrimLeftFunc(t[yearPrefixLen(t):], unicode.IsSpace)
	for _, form := range agencyForms(agency) {
		if strings.HasPrefix(rest, form) {
			t = rest[len(form):]
			break
		}
	}
	return Kind(t)
}

// agencyForms lists the names an agency may be written by at the head of
// its titles, longest first: as given, without 人民政府, and without its
// parent province or city.
func agencyForms(agency string) []string {
	a := strings.Join(strings.Fields(agency), "")
	forms := []string{a, strings.TrimSuffix(a, "人民政府")}
	if p := stripParents(a); p != a {
		forms = append(forms, p, strings.TrimSuffix(p, "人民政府"))
	}
	var out []string
	for _, f := range forms {
		if utf8.RuneCountInString(f) >= 2 {
			out = append(out, f)
		}
	}
	return out
}

// cleanTitle folds full-width digits, drops brackets with their contents
// and quotation marks, and trims spaces.
func cleanTitle(title string) string {
	var b strings.Builder
	depth := 0
	for _, r := range title {
		switch {
		case strings.ContainsRune("（(【〔[［", r):
			depth++
		case strings.ContainsRune("）)】〕]］", r):
			depth = max(depth-1, 0)
		case depth > 0, strings.ContainsRune("《》〈〉“”‘’\"'「」", r):
		case r == utf8.RuneError:
		case '０' <= r && r <= '９':
			b.WriteRune(r - '０' + '0')
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// kindOfRest finishes Kind once the body is gone: years, 关于, subtitles
// and the spellings of the document type.
func kindOfRest(t string) string {
	t = strings.TrimSpace(removeYears(t))
	t = strings.TrimLeft(t, "，,、：:-—")
	if i := subtitleCut(t); i >= 0 {
		t = t[:i]
	}
	t = strings.Join(strings.Fields(t), "")
	t = strings.TrimPrefix(t, "关于")
	if strings.HasPrefix(t, "印发") && strings.HasSuffix(t, "的通知") {
		t = strings.TrimSuffix(strings.TrimPrefix(t, "印发"), "的通知")
	}
	if strings.HasSuffix(t, "的报告") {
		t = strings.TrimSuffix(t, "的报告") + "报告"
	}
	t = strings.Trim(strings.TrimRight(t, ".…"), "，,、：:-—。.;；")
	if strings.HasSuffix(t, "情况") && t != "情况" {
		t += "报告"
	}
	if k, ok := kindSpellings[t]; ok {
		return k
	}
	return t
}

// kindSpellings gives the usual name of the two annual reports every body
// publishes under the 政府信息公开条例 and the 政府网站 rules, for the other
// names bodies give them from year to year. A year's 政府信息公开(工作)总结
// is that year's annual report under the name some bodies used before the
// 2019 template fixed it.
var kindSpellings = map[string]string{
	"政府信息公开工作报告": "政府信息公开工作年度报告",
	"政府信息公开报告":   "政府信息公开工作年度报告",
	"政府信息公开年度报告": "政府信息公开工作年度报告",
	"政府信息公开工作年报": "政府信息公开工作年度报告",
	"政府信息公开年报":   "政府信息公开工作年度报告",
	"信息公开年报":     "政府信息公开工作年度报告",
	"信息公开工作年度报告": "政府信息公开工作年度报告",
	"政府信息公开总结":   "政府信息公开工作年度报告",
	"政府信息公开工作总结": "政府信息公开工作年度报告",
	"政府网站工作年报":   "政府网站工作年度报表",
	"政府网站年度报表":   "政府网站工作年度报表",
	"网站工作年度报表":   "政府网站工作年度报表",
	"网站工作报表":     "政府网站工作年度报表",
	"政府网站工作报表":   "政府网站工作年度报表",
	"政府网站工作年度报告": "政府网站工作年度报表",
}

// subtitleCut returns where a subtitle begins in t, or -1: after a leading
// 政府工作报告, or at a space or dash that follows a …报告.
func subtitleCut(t string) int {
	const gwr = "政府工作报告"
	if strings.HasPrefix(t, gwr) && len(t) > len(gwr) && !strings.HasPrefix(t[len(gwr):], "的") {
		return len(gwr)
	}
	for i, r := range t {
		if r != ' ' && r != '—' && r != '-' {
			continue
		}
		if head := strings.TrimSpace(t[:i]); strings.HasSuffix(head, "报告") {
			return len(head)
		}
	}
	return -1
}

// removeYears drops every year from s, with the 年 or 年度 after it: 2019年,
// 2019年度, a bare 2019, a range 2018—2035年, 二〇一九年.
func removeYears(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if n := yearLen(s[i:], i > 0 && isASCIIDigit(s[i-1])); n > 0 {
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

// yearPrefixLen is the length of the year s starts with (with its 年 or
// 年度), or 0.
func yearPrefixLen(s string) int { return yearLen(s, false) }

// yearLen returns the length of the year at the start of s with its 年/年度
// and any range to a second year, or 0; afterDigit says a digit precedes s
// (then the digits there are no year of their own).
func yearLen(s string, afterDigit bool) int {
	n := 0
	switch {
	case !afterDigit && len(s) >= 4 && isYearDigits(s[:4]) && (len(s) == 4 || !isASCIIDigit(s[4])):
		n = 4
	case hasCNYear(s):
		n = len(s) - len(dropCNDigits(s, 4))
		if !strings.HasPrefix(s[n:], "年") {
			return 0
		}
	default:
		return 0
	}
	for _, sep := range []string{"—", "-", "～", "~", "至", "到"} {
		if rest, ok := strings.CutPrefix(s[n:], sep); ok {
			if m := yearLen(rest, false); m > 0 {
				return n + len(sep) + m
			}
		}
	}
	switch {
	case strings.HasPrefix(s[n:], "年度"):
		n += len("年度")
	case strings.HasPrefix(s[n:], "年"):
		n += len("年")
	}
	return n
}

// isYearDigits reports four ASCII digits that read as a year 1900–2099.
func isYearDigits(s string) bool {
	for i := range 4 {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return s[:2] == "19" || s[:2] == "20"
}

// isASCIIDigit reports c in 0–9.
func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

// cnYearDigits are the digits of a year written in Chinese (二〇一九).
const cnYearDigits = "〇零○一二三四五六七八九"

// hasCNYear reports whether s starts with four Chinese year digits.
func hasCNYear(s string) bool {
	rest := dropCNDigits(s, 4)
	return utf8.RuneCountInString(s)-utf8.RuneCountInString(rest) == 4
}

// dropCNDigits drops up to n Chinese year digits from the start of s.
func dropCNDigits(s string, n int) string {
	for range n {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || !strings.ContainsRune(cnYearDigits, r) {
			break
		}
		s = s[size:]
	}
	return s
}

// bodySuffixes end the names of issuing bodies.
var bodySuffixes = []string{
	"政府", "厅", "局", "委员会", "委", "部", "院", "署", "办", "室", "会",
	"中心", "处", "所", "站", "省", "市", "区", "县", "旗", "州", "盟", "镇", "乡",
	"街道", "办事处", "银行", "公司", "集团", "大学", "学校",
}

// bodyPrefix returns the part of t before its first year or 关于 when that
// part reads as a body name (at least two characters, no punctuation but
// the 、 between joint issuers, ending in a body suffix), else "".
func bodyPrefix(t string) string {
	end := strings.Index(t, "关于")
	for i := 0; i < len(t) && (end < 0 || i < end); i++ {
		if yearLen(t[i:], i > 0 && isASCIIDigit(t[i-1])) > 0 {
			end = i
			break
		}
	}
	if end <= 0 {
		return ""
	}
	p := strings.TrimSpace(t[:end])
	if utf8.RuneCountInString(p) < 2 || strings.IndexFunc(p, func(r rune) bool { return unicode.IsPunct(r) && r != '、' }) >= 0 {
		return ""
	}
	for _, suf := range bodySuffixes {
		if strings.HasSuffix(p, suf) {
			return t[:end]
		}
	}
	return ""
}

// leadBody returns the first of several bodies written one after another:
// the cut is after a …部, …厅, …局 or …委员会 of at least three characters
// when what follows is itself a body (not its 办公厅 or 机关); or at the
// first 、.
func leadBody(p string) string {
	if first, _, ok := strings.Cut(p, "、"); ok {
		return first
	}
	for i := range p {
		head, rest := p[:i], p[i:]
		if utf8.RuneCountInString(head) < 3 || utf8.RuneCountInString(rest) < 2 ||
			strings.HasPrefix(rest, "办公") || strings.HasPrefix(rest, "机关") || strings.HasPrefix(rest, "直属") {
			continue
		}
		if !hasAnySuffix(head, "部", "厅", "局", "委员会") {
			continue
		}
		if hasAnySuffix(rest, bodySuffixes...) {
			return head
		}
	}
	return p
}

// hasAnySuffix reports whether s ends with one of suffixes.
func hasAnySuffix(s string, suffixes ...string) bool {
	for _, suf := range suffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}
