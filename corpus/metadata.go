package corpus

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/lantai/lantai/internal/fold"
)

// NormalizeLabel reduces a metadata label as pages write it to its bare
// form: every kind of space is removed (labels are padded with ASCII, full-width
// U+3000 and no-break spaces to line up in tables) and a trailing colon
// dropped, so "文      号", "索 引 号：" and "标　　题：" become "文号",
// "索引号" and "标题".
func NormalizeLabel(label string) string {
	var b strings.Builder
	for _, r := range label {
		if unicode.IsSpace(r) || isInvisible(r) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), ":：")
}

// isInvisible reports format characters that sneak into scraped labels
// (zero-width spaces, BOMs) and that unicode.IsSpace does not cover.
func isInvisible(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}

var (
	// dateSeparated matches year, month and day with any of the separators
	// the corpus uses (-, /, ., 年月日), optionally followed by a time of day.
	dateSeparated = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`)
	// dateCompact matches YYYYMMDD as in index numbers (20221219).
	dateCompact = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
)

// NormalizeDate turns any date form found in the corpus ("2022-12-19",
// "2022年1月5日", "2022/12/19", "2022.12.19", "2024-01-15 17:29:00",
// " 2024-08-01", "20221219", full-width digits) into YYYY-MM-DD. It
// reports false for anything that is not one calendar date, including
// impossible ones such as 2022-02-30.
func NormalizeDate(s string) (string, bool) {
	s = strings.TrimSpace(norm.NFKC.String(s))
	m := dateSeparated.FindStringSubmatch(s)
	if m == nil {
		m = dateCompact.FindStringSubmatch(s)
	}
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if y < 1800 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return "", false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // time.Date rolls 02-30 over into March
		return "", false
	}
	return t.Format("2006-01-02"), true
}

var (
	// docNoYear matches the year of a 文号 in any of the bracket pairs that
	// portals use for it (after NFKC, which already folds （）［］﹝﹞).
	docNoYear = regexp.MustCompile(`[〔\[【(〈〖]\s*(\d{4})\s*[〕\]】)〉〗]`)
	// docNoBareNumber matches a 文号 whose serial number lacks its 号.
	docNoBareNumber = regexp.MustCompile(`(?:〕|第)\d+$`)
)

// NormalizeIndexNo is the matching form of an 索引号: folded (fold.String),
// without spaces.
func NormalizeIndexNo(s string) string {
	return strings.Join(strings.Fields(fold.String(s)), "")
}

// NormalizeDocNo folds the variants of a 文号 to one form so that the same
// document number matches however a page wrote it: full-width and
// half-width characters are unified (NFKC), spaces removed, the bracket pair
// around the year becomes 〔YYYY〕 and a missing trailing 号 is added.
// "隆政办发[2022]26号", "隆政办发（2022）26" and "隆政办发【2022】26号" all become
// "隆政办发〔2022〕26号".
func NormalizeDocNo(s string) string {
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || isInvisible(r) {
			return -1
		}
		return r
	}, s)
	s = docNoYear.ReplaceAllString(s, "〔$1〕")
	if docNoBareNumber.MatchString(s) {
		s += "号"
	}
	return s
}

// metaSetter stores one metadata value in a report. It returns false when
// the value does not fit the field (e.g. a date that does not parse), so the
// caller keeps it in Extra instead of losing it.
type metaSetter func(r *Report, value string) bool

// setAgency, setCatalog, … are the field setters that metadataFields maps
// labels to.
var (
	setIndexNo = func(r *Report, v string) bool { r.IndexNo = v; return true }
	setAgency  = func(r *Report, v string) bool {
		if r.Agency == "" {
			r.Agency = v
		}
		return true
	}
	// The first catalog label wins: portals list the most specific one
	// (公开目录, 主题分类) before generic ones (类别, 主题).
	setCatalog = func(r *Report, v string) bool {
		if r.Catalog == "" {
			r.Catalog = v
		}
		return true
	}
	setDocNo = func(r *Report, v string) bool {
		r.DocNo = v
		r.DocNoNorm = NormalizeDocNo(v)
		return true
	}
	// 成文日期 is the document's own date, so it wins over every other date.
	setWrittenDate = func(r *Report, v string) bool {
		d, ok := NormalizeDate(v)
		if ok {
			r.Date = d
		}
		return ok
	}
	setDate = func(r *Report, v string) bool {
		d, ok := NormalizeDate(v)
		if ok && r.Date == "" {
			r.Date = d
		}
		return ok
	}
	setPublished = func(r *Report, v string) bool {
		d, ok := NormalizeDate(v)
		if ok {
			r.Published = d
		}
		return ok
	}
	// Views take the leading number, so "1,234" and "35次" both count.
	setViews = func(r *Report, v string) bool {
		v = strings.ReplaceAll(norm.NFKC.String(v), ",", "")
		end := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
		if end < 0 {
			end = len(v)
		}
		n, err := strconv.Atoi(v[:end])
		if err != nil {
			return false
		}
		r.Views = n
		return true
	}
	setTitle = func(r *Report, v string) bool {
		if r.Title == "" {
			r.Title = v
		}
		return true
	}
)

// metadataFields maps normalised labels (see NormalizeLabel) to the field
// they fill. Add a label here when a new portal names a field differently.
var metadataFields = map[string]metaSetter{
	"索引号": setIndexNo,

	"发文机构": setAgency,
	"发文机关": setAgency,
	"发布机构": setAgency,
	"发布机关": setAgency,
	"发文单位": setAgency,
	"来源单位": setAgency,

	"公开目录":   setCatalog,
	"主题分类":   setCatalog,
	"组配分类":   setCatalog,
	"类别":     setCatalog,
	"一级类别":   setCatalog,
	"所属一级类别": setCatalog,
	"主题":     setCatalog,
	"分类":     setCatalog,

	"文号":   setDocNo,
	"发文字号": setDocNo,

	"成文日期": setWrittenDate,
	"日期":   setDate,
	"发文日期": setDate,
	"时间":   setDate,
	"发布时间": setDate,
	"发布日期": setPublished,

	"浏览量": setViews,
	"访问量": setViews,
	"点击量": setViews,

	"标题": setTitle,
}

// isKnownLabel reports whether a normalised label maps to a report field.
func isKnownLabel(label string) bool {
	_, ok := metadataFields[label]
	return ok
}

// applyMetadata records one label/value pair read from a page's metadata
// block. Known labels fill their field; a value that does not fit its field,
// and any unknown label, is kept in Extra under the normalised label. Empty
// values leave the field empty and are not recorded in Extra: an empty cell
// says nothing.
func applyMetadata(r *Report, label, value string) {
	label = NormalizeLabel(label)
	value = strings.TrimSpace(value)
	if label == "" || value == "" {
		return
	}
	if set, ok := metadataFields[label]; ok && set(r, value) {
		return
	}
	if r.Extra == nil {
		r.Extra = make(map[string]string)
	}
	if _, dup := r.Extra[label]; !dup {
		r.Extra[label] = value
	}
}

var (
	// titleYearOfReport matches "2022年度", the surest sign of the year a
	// report covers.
	titleYearOfReport = regexp.MustCompile(`((?:19|20)\d{2})\s*年度`)
	// titleYear matches "2023年" not preceded by a range dash or 至, so that
	// "2021—2025年规划" does not claim 2025.
	titleYear = regexp.MustCompile(`(^|[^-—–~～至到\d])((?:19|20)\d{2})\s*年`)
)

// finishReport tidies what a reader filled in: trims fields, derives
// DocNoNorm and Year, and drops Published when it repeats Date.
func finishReport(r *Report) {
	for _, f := range []*string{&r.Title, &r.IndexNo, &r.Agency, &r.Catalog, &r.DocNo, &r.Source, &r.URL} {
		*f = strings.TrimSpace(*f)
	}
	r.DocNoNorm = ""
	if r.DocNo != "" {
		r.DocNoNorm = NormalizeDocNo(r.DocNo)
	}
	if r.Published == r.Date {
		r.Published = ""
	}
	if r.Year == 0 {
		r.Year = reportYear(r.Title, r.Date)
	}
	if len(r.Extra) == 0 {
		r.Extra = nil
	}
	if r.Sections == nil {
		r.Sections = []Section{}
	}
}

// reportYear is the year a report is about: "YYYY年度" in the title, else
// the first "YYYY年" in it, else the year of date, else 0.
func reportYear(title, date string) int {
	title = norm.NFKC.String(title)
	if m := titleYearOfReport.FindStringSubmatch(title); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	if m := titleYear.FindStringSubmatch(title); m != nil {
		y, _ := strconv.Atoi(m[2])
		return y
	}
	if len(date) >= 4 {
		if y, err := strconv.Atoi(date[:4]); err == nil {
			return y
		}
	}
	return 0
}

// Issuers splits a 发文机构 into the bodies that issued the document
// together, as a jointly issued document names them: 公安部、外交部、交通部
// is three issuers. They are separated by 、，,；or ;, and each is trimmed
// of spaces (a space alone does not separate: portal tables pad names
// with them); one named twice counts once. An agency with no separator is
// its one issuer; an empty one has none.
//
// A body written by a common short name is given by its full name
// (issuerNames: 中央军委 is 中央军事委员会), so that the documents it issued
// under either name come together.
func Issuers(agency string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(agency, isIssuerSeparator) {
		part = strings.TrimFunc(part, unicode.IsSpace)
		if full, ok := issuerNames[part]; ok {
			part = full
		}
		if part != "" && !slices.Contains(out, part) {
			out = append(out, part)
		}
	}
	return out
}

// issuerNames gives the full names of national bodies that documents name
// by a short one as their issuer. Only whole names are replaced: a short
// form inside a longer name (中共中央纪委, the discipline commission, not
// the Central Committee) may stand for something else.
var issuerNames = map[string]string{
	"中央军委":      "中央军事委员会",
	"中央军委办公厅":   "中央军事委员会办公厅",
	"中共中央":      "中国共产党中央委员会",
	"中共中央办公厅":   "中国共产党中央委员会办公厅",
	"全国人大":      "全国人民代表大会",
	"全国人大常委会":   "全国人民代表大会常务委员会",
	"全国政协":      "中国人民政治协商会议全国委员会",
	"国家发改委":     "国家发展和改革委员会",
	"国家发展改革委":   "国家发展和改革委员会",
	"国家卫健委":     "国家卫生健康委员会",
	"国家卫生健康委":   "国家卫生健康委员会",
	"人社部":       "人力资源和社会保障部",
	"人力资源社会保障部": "人力资源和社会保障部",
	"住房城乡建设部":   "住房和城乡建设部",
	"住建部":       "住房和城乡建设部",
	"工信部":       "工业和信息化部",
	"市场监管总局":    "国家市场监督管理总局",
	"国家市场监管总局":  "国家市场监督管理总局",
	"最高法":       "最高人民法院",
	"最高检":       "最高人民检察院",
}

// isIssuerSeparator reports whether r separates the issuers of a jointly
// issued document.
func isIssuerSeparator(r rune) bool {
	switch r {
	case '、', '，', ',', '；', ';':
		return true
	}
	return false
}
