package corpus

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What a step of a regulation's history did (HistoryEvent.Kind), as its
// history line names it.
const (
	EventAdopted     = "通过" // adopted by a meeting
	EventApproved    = "批准" // approved (经国务院批准)
	EventPromulgated = "公布" // promulgated (颁布 too)
	EventIssued      = "发布" // issued (印发 too)
	EventAmended     = "修正" // amended by a decision or 修正案 (修改 too)
	EventRevised     = "修订" // revised as a whole
	EventEffective   = "施行" // in force from (执行 too)
	EventRepealed    = "废止" // repealed
)

// HistoryEvent is one step of a regulation's life as its history line
// states it: "2009年8月27日第十一届全国人民代表大会常务委员会第十次会议
// 《关于修改部分法律的决定》第一次修正".
type HistoryEvent struct {
	// Date is YYYY-MM-DD; empty when the step is not dated (公布之日施行).
	Date string `json:"date,omitempty"`
	// Kind is one of the Event* values, or empty when the line says only
	// who acted or under what number ("1984年4月4日 国务院"). A step has a
	// Date, a Kind or a DocNo.
	Kind string `json:"kind,omitempty"`
	// Nth is the N of 第N次修正/修订, 0 when the step is not numbered.
	Nth int `json:"nth,omitempty"`
	// By is the title, without its marks, of the document that made the
	// step (《国务院关于修改…的决定》, 《…修正案》), when the line names one.
	By string `json:"by,omitempty"`
	// DocNo is the order or document number that made it
	// (中华人民共和国国务院令第306号, 河北省人民政府令〔2003〕第3号).
	DocNo string `json:"doc_no,omitempty"`
	// Body is the meeting or body that acted (国务院第53次常务会议, 国务院).
	Body string `json:"body,omitempty"`
	// Text is the step as written, its date included, without the words
	// that lead into the next one (根据, 自).
	Text string `json:"text"`
	// Start and End delimit Text in the text given to ParseHistory.
	Start int `json:"start"`
	End   int `json:"end"`
}

// eventWords are the words that name a step, in the order they decide its
// kind when a step has several: 修订通过 is a revision, 公布，自公布之日起
// 施行 a promulgation, 国务院批准第二次修订 a revision.
var eventWords = []struct{ word, kind string }{
	{"废止", EventRepealed},
	{"修订", EventRevised},
	{"修正", EventAmended},
	{"修改", EventAmended},
	{"公布", EventPromulgated},
	{"颁布", EventPromulgated},
	{"发布", EventIssued},
	{"印发", EventIssued},
	{"通过", EventAdopted},
	{"批准", EventApproved},
	{"施行", EventEffective},
	{"执行", EventEffective},
}

var (
	// historyDates match a date in Arabic digits of either width, or in
	// Chinese numerals (一九九四年十二月六日).
	historyArabicDate  = regexp.MustCompile(`([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日`)
	historyChineseDate = regexp.MustCompile(`([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日`)
	// historyNth matches the number of an amendment or revision.
	historyNth = regexp.MustCompile(`第([一二三四五六七八九十]{1,3})次\s*(?:修正|修订|修改)`)
	// historyNthSuffix matches a 第N次 left before the word it numbers.
	historyNthSuffix = regexp.MustCompile(`第[一二三四五六七八九十]{1,3}次$`)
	// historyOrder matches an order or document number with the issuer
	// written right before it: 中华人民共和国国务院令第306号, 国务院、中央
	// 军事委员会令第418号, 河北省人民政府令〔2001〕第15号, 市人民政府第12号令,
	// 京政发〔1985〕167号.
	historyOrder = regexp.MustCompile(`[\p{Han}、]*?(?:令(?:[〔\[(（［][0-9０-９]{4}[〕\])）］])?第[0-9０-９]+号|第[0-9０-９]+号令|[〔\[(（［][0-9０-９]{4}[〕\])）］]第?[0-9０-９]+号)`)
	// historyMeeting matches the meeting that acted, from the step's start:
	// 国务院第53次常务会议, 北京市第十五届人民代表大会常务委员会第四十五次会议.
	historyMeeting = regexp.MustCompile(`^[\p{Han}、0-9０-９]*?会议`)
)

// maxHistoryLine bounds an undated line taken as part of a history, in
// runes: the history block of a few regulations holds the letter that
// issued them, whose prose lines are no steps.
const maxHistoryLine = 60

// ParseHistory reads the steps of a regulation's history from its history
// lines: the lawrefbook block ("2001年6月15日 中华人民共和国国务院令第306号
// 公布", one step a line), a 政府规章's note ("(2001年9月25日…公布 根据
// 2003年6月5日…第一次修订 …)") or a law's ("（1999年4月29日…通过　根据
// 2009年8月27日…第一次修正　…修订）"). Every date outside 《》 starts a
// step, which runs to the next date. An undated line continues the dated
// step before it while that one has no kind yet (joint issuers listed one
// a line, 发布 on the last); other undated lines are gathered until one
// names a kind, and make an undated step ("海关总署发布", "发布之日施行");
// an undated line that is a document number alone (劳社部发[2008]3号) is a
// step of its own, what the document was issued as.
// Text that is no history yields no steps; nothing panics on any input.
func ParseHistory(text string) []HistoryEvent {
	var out []HistoryEvent
	pending := -1      // start of the undated lines gathered, or -1
	continues := false // an undated line may continue the last step
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := strings.TrimSpace(text[start:end])
		lineStart := start + strings.Index(text[start:end], line)
		lineEnd := lineStart + len(line)
		switch dates := historyDates(line); {
		case line == "":
		case len(dates) > 0:
			pending = -1
			for k, d := range dates {
				segEnd := lineEnd
				if k+1 < len(dates) {
					segEnd = lineStart + dates[k+1].start
				}
				if e, ok := readStep(text, lineStart+d.start, segEnd); ok {
					out = append(out, e)
				}
			}
			continues = len(out) > 0 && out[len(out)-1].Kind == ""
		case utf8.RuneCountInString(line) > maxHistoryLine:
			pending, continues = -1, false
		case continues:
			if e, ok := readStep(text, out[len(out)-1].Start, lineEnd); ok {
				out[len(out)-1] = e
			}
			continues = out[len(out)-1].Kind == ""
		case historyOrder.FindString(line) == line:
			// A number alone: what the document was issued as.
			if e, ok := readStep(text, lineStart, lineEnd); ok {
				out = append(out, e)
			}
			pending = -1
		default:
			if pending < 0 {
				pending = lineStart
			}
			if e, ok := readStep(text, pending, lineEnd); ok && e.Kind != "" {
				out = append(out, e)
				pending = -1
			}
		}
		start = end + 1
	}
	return out
}

// dateAt is a date found in a line: where it lies and what it says.
type dateAt struct {
	start, end int
	y, m, d    int
}

// historyDates returns the dates outside 《》 in s, in order.
func historyDates(s string) []dateAt {
	masked := maskTitles(s)
	var out []dateAt
	for _, m := range historyArabicDate.FindAllStringSubmatchIndex(masked, -1) {
		out = append(out, dateAt{m[0], m[1], arabic(s[m[2]:m[3]]), arabic(s[m[4]:m[5]]), arabic(s[m[6]:m[7]])})
	}
	for _, m := range historyChineseDate.FindAllStringSubmatchIndex(masked, -1) {
		y := 0
		for _, r := range s[m[2]:m[3]] {
			y = y*10 + chineseDigit(r)
		}
		out = append(out, dateAt{m[0], m[1], y, chineseSmall(s[m[4]:m[5]]), chineseSmall(s[m[6]:m[7]])})
	}
	slices.SortFunc(out, func(a, b dateAt) int { return a.start - b.start })
	return out
}

// readStep reads the step text[start:end], dated when it starts with
// a date. It fails when nothing is left once the lead-in words of the
// next step are cut, or when its date does not exist (2月30日).
func readStep(text string, start, end int) (HistoryEvent, bool) {
	seg := trimLeadIns(text[start:end])
	start += strings.Index(text[start:end], seg)
	if seg == "" {
		return HistoryEvent{}, false
	}
	e := HistoryEvent{Text: seg, Start: start, End: start + len(seg)}
	rest := seg
	if ds := historyDates(seg); len(ds) > 0 && ds[0].start == 0 {
		d, ok := NormalizeDate(fmt.Sprintf("%04d-%02d-%02d", ds[0].y, ds[0].m, ds[0].d))
		if !ok {
			return HistoryEvent{}, false
		}
		e.Date, rest = d, seg[ds[0].end:]
	}
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	masked := maskTitles(rest)
	// 发布之日施行 is in force from the day of issue: 发布 names a date there.
	words := masked
	for _, w := range []string{"公布之日", "发布之日"} {
		words = strings.ReplaceAll(words, w, strings.Repeat(" ", len(w)))
	}
	first := len(words) // where the first word of any kind is
	for _, w := range eventWords {
		i := strings.Index(words, w.word)
		if i < 0 {
			continue
		}
		if e.Kind == "" {
			e.Kind = w.kind
		}
		first = min(first, i)
	}
	if m := historyNth.FindStringSubmatch(masked); m != nil {
		e.Nth = chineseSmall(m[1])
	}
	e.By = lastTitle(rest)
	if loc := historyOrder.FindStringIndex(masked); loc != nil {
		e.DocNo = rest[loc[0]:loc[1]]
	}
	e.Body = historyBody(words[:first], e.DocNo)
	return e, true
}

// historyBody is who acted in a step, from lead (what the step says
// before the first word of its kind, titles masked) and its order number:
// the meeting that adopted it, else the bodies written before the word
// (国务院批准, 公安部、外交部、交通部发布, or one a line), else the issuer of
// the order number.
func historyBody(lead, docNo string) string {
	lead = strings.TrimPrefix(lead, "经")
	if m := historyMeeting.FindString(lead); m != "" {
		return m
	}
	lead = historyNthSuffix.ReplaceAllString(strings.TrimSpace(lead), "")
	all := strings.Join(strings.Fields(strings.TrimSuffix(lead, "起")), "、")
	if utf8.RuneCountInString(all) >= 2 && strings.IndexFunc(all, func(r rune) bool { return !unicode.Is(unicode.Han, r) && r != '、' }) < 0 {
		return all
	}
	if i := strings.Index(docNo, "令"); i > 0 {
		if j := strings.Index(docNo[:i], "第"); j > 0 {
			i = j // 市人民政府第12号令
		}
		return docNo[:i]
	}
	return ""
}

// trimLeadIns cuts from the end of a step the words that lead into the
// next (根据, 自, 并), the punctuation between steps and a closing bracket
// left by a note in brackets; and from its start an opening one.
func trimLeadIns(s string) string {
	for {
		before := s
		s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("，,、；;。", r) })
		for _, w := range []string{"根据", "自", "并", "经", "于"} {
			s = strings.TrimSuffix(s, w)
		}
		if strings.HasSuffix(s, "）") && strings.Count(s, "（") < strings.Count(s, "）") {
			s = strings.TrimSuffix(s, "）")
		}
		if strings.HasSuffix(s, ")") && strings.Count(s, "(") < strings.Count(s, ")") {
			s = strings.TrimSuffix(s, ")")
		}
		s = strings.TrimPrefix(strings.TrimPrefix(s, "（"), "(")
		if s == before {
			return s
		}
	}
}

// maskTitles returns s with every byte inside 《》 (the marks included)
// made a space, so that what a title says (《国务院关于废止…的决定》) is no
// step's word or date, and offsets stay those of s. An unclosed 《 masks
// to the end.
func maskTitles(s string) string {
	if !strings.Contains(s, "《") {
		return s
	}
	b := []byte(s)
	depth := 0
	for i, r := range s {
		size := utf8.RuneLen(r)
		if size < 0 {
			size = 1
		}
		opened := r == '《'
		if opened {
			depth++
		}
		if depth > 0 {
			for k := i; k < i+size && k < len(b); k++ {
				b[k] = ' '
			}
		}
		if r == '》' && depth > 0 {
			depth--
		}
	}
	return string(b)
}

// lastTitle returns the text between the last outermost 《》 of s, or "".
func lastTitle(s string) string {
	depth, open, title := 0, 0, ""
	for i, r := range s {
		switch r {
		case '《':
			if depth == 0 {
				open = i + len("《")
			}
			depth++
		case '》':
			if depth == 0 {
				continue
			}
			if depth--; depth == 0 {
				title = s[open:i]
			}
		}
	}
	return strings.TrimSpace(title)
}

// arabic reads digits of either width.
func arabic(s string) int {
	n := 0
	for _, r := range s {
		if '０' <= r && r <= '９' {
			r = r - '０' + '0'
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// chineseDigit is the value of a Chinese digit (〇, ○ and 零 are 0).
func chineseDigit(r rune) int {
	if i := strings.IndexRune("一二三四五六七八九", r); i >= 0 {
		return i/len("一") + 1
	}
	return 0
}

// chineseSmall reads a Chinese number below 100 (六, 十二, 二十三, 三十).
func chineseSmall(s string) int {
	n, cur := 0, 0
	for _, r := range s {
		if r == '十' {
			n += max(cur, 1) * 10
			cur = 0
			continue
		}
		cur = chineseDigit(r)
	}
	return n + cur
}

// HistoryText returns where a report states its history, or "": the
// lawrefbook history block (Extra["history"]), a 政府规章's bracketed note
// in its 摘要, or such a note opening its text (a law's "（1999年4月29日…
// 通过…）" under its title, a 规章 whose 摘要 became its text).
func HistoryText(r Report) string {
	if h := r.Extra["history"]; h != "" {
		return h
	}
	if note := historyNote(r.Extra["摘要"]); note != "" {
		return note
	}
	text := r.Text
	for range 2 { // the note, or the title line and then the note
		if note := historyNote(text); note != "" {
			return note
		}
		_, text, _ = strings.Cut(text, "\n")
	}
	return ""
}

// maxHistoryNote bounds a bracketed history note, in bytes.
const maxHistoryNote = 4000

// historyNote returns the inside of the bracketed note s starts with (after
// spaces) when it is a history: a date right after the opening bracket,
// and the closing bracket within maxHistoryNote bytes; else "".
func historyNote(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	open := 0
	switch {
	case strings.HasPrefix(s, "（"):
		open = len("（")
	case strings.HasPrefix(s, "("):
		open = len("(")
	default:
		return ""
	}
	inner := strings.TrimLeftFunc(s[open:], unicode.IsSpace)
	if ds := historyDates(inner[:min(len(inner), 64)]); len(ds) == 0 || ds[0].start != 0 {
		return ""
	}
	depth := 0
	for i, r := range s[:min(len(s), maxHistoryNote)] {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			if depth--; depth == 0 {
				return s[open:i]
			}
		}
	}
	return ""
}
