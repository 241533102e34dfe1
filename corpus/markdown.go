package corpus

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"
)

// infoEndMarker closes the history block of a lawrefbook regulation.
const infoEndMarker = "<!-- INFO END -->"

// readMarkdown reads a regulation in the lawrefbook layout:
//
//	# 标题
//	1996年9月19日 经国务院批准
//	1996年10月3日 中华人民共和国交通部令第8号发布
//	<!-- INFO END -->
//	## 第一章 总则
//	第一条 ……
//
// The history lines above the marker give the date, the 令号 and the
// issuing agency (see regulationHistory); they are kept verbatim in
// Extra["history"]. The file name's date ("标题(2021-05-01).md") is the
// latest revision or publication, so it wins over the history. Without
// the marker there is no history and everything after the title is text.
//
// Report.Text is the body as a reader reads it: heading markers ("## ")
// and the blank lines that separate Markdown paragraphs are removed, so
// every paragraph is one line; sections come from ParseRegulationSections.
func readMarkdown(in input) ([]Document, []error) {
	title, history, body := splitMarkdown(in.Text)
	r := Report{
		Title:    title,
		Text:     markdownBody(body),
		Source:   in.Name,
		SHA256:   SHA256Hex(in.Data),
		Format:   FormatMarkdown,
		Encoding: in.Encoding,
	}
	if r.Text == "" {
		return nil, []error{&InputError{Source: in.Name, Err: fmt.Errorf("%w: the Markdown file has no text after its title and history", ErrUnreadable)}}
	}
	if r.Title == "" {
		r.Title = fileTitle(in.Name)
	}
	h := regulationHistory(history)
	r.Date, r.DocNo, r.Agency = h.date, h.docNo, h.agency
	if d := fileDate(in.Name); d != "" {
		r.Date = d
	}
	if r.Agency == "" {
		r.Agency = regulationFolderAgency(in.Name)
	}
	r.Catalog = regulationCatalog(in.Name)
	if len(history) > 0 {
		setExtra(&r, "history", strings.Join(history, "\n"))
	}
	r.Sections = ParseRegulationSections(r.Text)
	finishReport(&r)
	mediaType := "text/markdown; charset=utf-8"
	if in.Encoding == EncodingGB18030 {
		mediaType = "text/markdown; charset=gb18030"
	}
	return []Document{{Original: in.Data, MediaType: mediaType, Report: r}}, nil
}

// splitMarkdown cuts a regulation into its title (the first "# " line),
// its history lines (non-empty lines between the title and the INFO END
// marker, trailing spaces trimmed) and the body lines after the marker.
// Lines before the title are body when there is no marker.
func splitMarkdown(text string) (title string, history, body []string) {
	lines := strings.Split(text, "\n")
	titleAt := -1
	for i, l := range lines {
		if t, ok := strings.CutPrefix(strings.TrimSpace(l), "# "); ok {
			title, titleAt = strings.TrimSpace(t), i
			break
		}
		if strings.TrimSpace(l) != "" {
			break // a title comes first or not at all
		}
	}
	rest := lines[titleAt+1:]
	for i, l := range rest {
		if strings.TrimSpace(l) != infoEndMarker {
			continue
		}
		for _, h := range rest[:i] {
			if h = strings.TrimRightFunc(h, unicode.IsSpace); strings.TrimSpace(h) != "" {
				history = append(history, strings.TrimSpace(h))
			}
		}
		return title, history, rest[i+1:]
	}
	return title, nil, rest
}

// markdownHeading matches the marker of a Markdown heading line.
var markdownHeading = regexp.MustCompile(`^\s{0,3}#{1,6}(?:[ \t]+|$)`)

// markdownComment matches a line that is only an HTML comment.
var markdownComment = regexp.MustCompile(`^\s*<!--.*-->\s*$`)

// markdownBody joins body lines into the report text: heading markers
// and comment lines dropped, trailing spaces trimmed, blank lines (the
// Markdown paragraph separators) removed.
func markdownBody(lines []string) string {
	var out []string
	for _, l := range lines {
		if markdownComment.MatchString(l) {
			continue
		}
		l = markdownHeading.ReplaceAllString(l, "")
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// fileNameDate matches the date lawrefbook puts in a file name:
// "标题(2021-05-01).md".
var fileNameDate = regexp.MustCompile(`[(（](\d{4}-\d{1,2}-\d{1,2})[)）]\.(?:md|markdown)$`)

// fileDate returns the file-name date of a regulation as YYYY-MM-DD, or "".
func fileDate(name string) string {
	m := fileNameDate.FindStringSubmatch(path.Base(name))
	if m == nil {
		return ""
	}
	d, _ := NormalizeDate(m[1])
	return d
}

// fileTitle is the title a file name gives when the file has no "# " line.
func fileTitle(name string) string {
	base := path.Base(name)
	base = fileNameDate.ReplaceAllString(base, "")
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(base, ".md"), ".markdown"))
}

// regulationCatalog is the kind of regulation the folder holds.
func regulationCatalog(name string) string {
	for _, part := range strings.Split(name, "/") {
		switch part {
		case "行政法规", "部门规章", "地方性法规":
			return part
		}
	}
	return ""
}

// regulationFolderAgency is the issuer implied by the folder when the
// history names none: 部门规章/<ministry>/ → that ministry, 行政法规 → 国务院,
// a 北京 local regulation → 北京市人民代表大会常务委员会.
func regulationFolderAgency(name string) string {
	parts := strings.Split(name, "/")
	for i, part := range parts {
		switch {
		case part == "部门规章" && i+2 < len(parts):
			return parts[i+1]
		case part == "行政法规":
			return "国务院"
		case part == "北京" || part == "北京地方法规":
			return "北京市人民代表大会常务委员会"
		}
	}
	return ""
}

// historyFacts is what a regulation's history says about it.
type historyFacts struct {
	date   string // latest publication or revision, YYYY-MM-DD
	docNo  string // the 令号 of the latest order that has one
	agency string // the issuer of the latest event that names one
}

// historyEvent is one dated event of a regulation's history.
type historyEvent struct {
	date string // YYYY-MM-DD
	text string // the event after its date
}

// historyDate matches a date opening an event, digits in either width.
var historyDate = regexp.MustCompile(`([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日`)

// historyEvents splits history lines into dated events; a line may hold
// several ("…公布 根据2003年6月5日…修订").
func historyEvents(lines []string) []historyEvent {
	var events []historyEvent
	for _, l := range lines {
		locs := historyDate.FindAllStringSubmatchIndex(l, -1)
		for i, loc := range locs {
			end := len(l)
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			d, ok := NormalizeDate(l[loc[2]:loc[3]] + "-" + l[loc[4]:loc[5]] + "-" + l[loc[6]:loc[7]])
			if !ok {
				continue
			}
			text := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l[loc[1]:end]), "根据"))
			text = strings.TrimRight(text, "　 ）)，,。;；")
			events = append(events, historyEvent{date: d, text: text})
		}
	}
	return events
}

var (
	// eventPublished marks events that publish or change the text; their
	// latest date is the regulation's date.
	eventPublished = regexp.MustCompile(`发布|公布|修订|修正`)
	// eventAdopted marks adoption and approval, the date to fall back on
	// when nothing was published (local regulations are "通过").
	eventAdopted = regexp.MustCompile(`通过|批准`)
	// orderNo matches a 令号 and the issuer before it: "中华人民共和国交通部令第8号",
	// "海关总署第61号令", "国务院令第656号",
	// "河北省人民政府令〔2001〕第15号".
	orderNo = regexp.MustCompile(`^([^\s《》，,。；;（）()〔]+?)(令(?:[〔\[(（][0-9０-９]{4}[〕\])）])?第[0-9０-９]+号|第[0-9０-９]+号令)`)
	// announcementNo matches an issuer's 公告, numbered or not.
	announcementNo = regexp.MustCompile(`^([^\s《》，,。；;（）()]+?)公告((?:[〔\[(（][0-9０-９]{4}[〕\])）])?第[0-9０-９]+号)?`)
	// meetingIssuer matches the body whose meeting adopted a text:
	// "国务院第123次常务会议通过", "公安部部长办公会议通过".
	meetingIssuer = regexp.MustCompile(`^([^\s《》，,。；;（）()]+?(?:院|部|委员会|委|局|署|政府|总局|办公厅))(?:第[0-9０-９一二三四五六七八九十百]+次)?(?:常务会议|部务会议|部长办公会议|局务会议|署务会议|委务会议|主任办公会议|全体会议|办公会议)`)
	// congressIssuer matches a people's congress or its standing committee:
	// "北京市第十一届人民代表大会常务委员会第九次会议通过".
	congressIssuer = regexp.MustCompile(`^([^\s《》，,。；;（）()第]*?)第[一二三四五六七八九十]+届(人民代表大会(?:常务委员会)?)`)
	// releaseIssuer matches "国务院发布", "公安部、外交部、交通部发布".
	releaseIssuer = regexp.MustCompile(`^([^\s《》，,。；;（）()]+?(?:院|部|委|委员会|局|署|会|厅|行|军委|政府|办公厅))(?:发布|公布)`)
)

// regulationHistory reads the facts a regulation's history lines give.
// The issuer is taken from the event itself: "X令第N号", "X公告", "X发布",
// a meeting of X, or a people's congress; an approval ("经国务院批准") names
// no issuer. Each party's "中华人民共和国" prefix is dropped, so the agency
// reads as the folder names it (交通部, 国务院).
func regulationHistory(lines []string) historyFacts {
	var f historyFacts
	var adopted string
	for _, e := range historyEvents(lines) {
		if eventPublished.MatchString(e.text) && e.date >= f.date {
			f.date = e.date
		} else if eventAdopted.MatchString(e.text) && e.date >= adopted {
			adopted = e.date
		}
		if m := orderNo.FindStringSubmatch(e.text); m != nil {
			f.docNo = m[0]
			f.agency = shortAgency(m[1])
			continue
		}
		if m := announcementNo.FindStringSubmatch(e.text); m != nil {
			if m[2] != "" {
				f.docNo = m[0]
			}
			f.agency = shortAgency(m[1])
			continue
		}
		if strings.HasPrefix(e.text, "经") || strings.Contains(e.text, "批准") {
			continue
		}
		if m := meetingIssuer.FindStringSubmatch(e.text); m != nil {
			f.agency = shortAgency(m[1])
		} else if m := congressIssuer.FindStringSubmatch(e.text); m != nil {
			f.agency = m[1] + m[2]
		} else if m := releaseIssuer.FindStringSubmatch(e.text); m != nil {
			f.agency = shortAgency(m[1])
		}
	}
	if f.date == "" {
		f.date = adopted
	}
	return f
}

// shortAgency drops the "中华人民共和国" prefix of each party of an issuer
// ("中华人民共和国国务院、中华人民共和国中央军事委员会" → "国务院、中央军事委员会").
func shortAgency(s string) string {
	parts := strings.Split(s, "、")
	for i, p := range parts {
		if short := strings.TrimPrefix(p, "中华人民共和国"); short != "" {
			parts[i] = short
		}
	}
	return strings.Join(parts, "、")
}

// regulationNumber matches the number opening a part, chapter, section or
// article: "第一编", "第三章", "第二节", "第十五条", "第十条之一".
var regulationNumber = regexp.MustCompile(`^第([零〇一二三四五六七八九十百千两0-9０-９]+)(编|章|节|条)(之[一二三四五六七八九十]+)?`)

// regulationRank orders the kinds of regulation headings, outermost first.
var regulationRank = map[string]int{"编": 0, "章": 1, "节": 2, "条": 3}

// regHeading is one heading line found by ParseRegulationSections.
type regHeading struct {
	rank     int
	start    int // offset of the number (relative to its line until placed)
	lineEnd  int // offset of the end of the heading's line
	number   string
	headLine string // rest of the heading's line after the number
}

// ParseRegulationSections finds the structure of a regulation: 第N编,
// 第N章 and 第N节 headings and 第N条 articles, each at the start of a line
// (after indentation) and followed by a space or the end of the line
// (a chapter heading may also run straight on into a short title).
//
// Levels follow nesting: a heading is one level below the nearest open
// heading of an outer kind (编 > 章 > 节 > 条). So in the usual layout
// chapters are level 1 and their articles level 2; with 节, articles are
// level 3; a regulation without chapters has its articles at level 1, and
// a 编 pushes everything one level down. IDs are the dotted ordinal paths.
//
// For a chapter, Heading is its title ("总则"); for an article, its first
// sentence, and Text the rest of the article. Start is where the number
// begins, End the end of the section's own text (before the next heading,
// trailing whitespace excluded). A text with no such headings (a 决定 with
// 一、二、 items) is parsed with ParseSections.
func ParseRegulationSections(text string) []Section {
	heads := findRegulationHeadings(text)
	if len(heads) == 0 {
		return ParseSections(text)
	}
	type open struct {
		rank     int
		id       string
		children int
	}
	var stack []open
	rootChildren := 0
	sections := make([]Section, 0, len(heads))
	for i, h := range heads {
		for len(stack) > 0 && stack[len(stack)-1].rank >= h.rank {
			stack = stack[:len(stack)-1]
		}
		var id string
		if len(stack) == 0 {
			rootChildren++
			id = fmt.Sprint(rootChildren)
		} else {
			top := &stack[len(stack)-1]
			top.children++
			id = fmt.Sprintf("%s.%d", top.id, top.children)
		}
		level := len(stack) + 1
		stack = append(stack, open{rank: h.rank, id: id})

		end := len(text)
		if i+1 < len(heads) {
			end = heads[i+1].start
		}
		end = h.start + len(strings.TrimRightFunc(text[h.start:end], unicode.IsSpace))
		heading, rest := h.headLine, ""
		if h.rank == regulationRank["条"] {
			heading, rest = splitFirstSentence(h.headLine)
		}
		own := ""
		if h.lineEnd < end {
			own = text[h.lineEnd:end]
		}
		sections = append(sections, Section{
			ID:      id,
			Level:   level,
			Number:  h.number,
			Heading: heading,
			Text:    strings.TrimSpace(rest + own),
			Start:   h.start,
			End:     end,
		})
	}
	return sections
}

// reportSections parses the sections of a text whose layout is not known
// in advance (a CSV or JSON Lines row): a regulation, recognised by at
// least two 第N条 articles, is parsed with ParseRegulationSections, so
// that its articles are not mistaken for the （一） items inside them;
// anything else with ParseSections.
func reportSections(text string) []Section {
	articles := 0
	for _, h := range findRegulationHeadings(text) {
		if h.rank == regulationRank["条"] {
			if articles++; articles == 2 {
				return ParseRegulationSections(text)
			}
		}
	}
	return ParseSections(text)
}

// findRegulationHeadings returns the heading lines of text in order.
func findRegulationHeadings(text string) []regHeading {
	var heads []regHeading
	for lineStart := 0; lineStart < len(text); {
		lineEnd := len(text)
		if i := strings.IndexByte(text[lineStart:], '\n'); i >= 0 {
			lineEnd = lineStart + i
		}
		line := text[lineStart:lineEnd]
		indent := len(line) - len(strings.TrimLeftFunc(line, unicode.IsSpace))
		if h, ok := regulationHeading(line[indent:]); ok {
			h.start += lineStart + indent
			h.lineEnd = lineEnd
			heads = append(heads, h)
		}
		lineStart = lineEnd + 1
	}
	return heads
}

// regulationHeading recognises a heading at the start of line (indent
// removed); offsets in the result are relative to line.
func regulationHeading(line string) (regHeading, bool) {
	m := regulationNumber.FindStringSubmatchIndex(line)
	if m == nil {
		return regHeading{}, false
	}
	kind := line[m[4]:m[5]]
	if m[6] >= 0 && kind != "条" {
		return regHeading{}, false // 之一 only numbers articles
	}
	after := line[m[1]:]
	trimmed := strings.TrimLeftFunc(after, unicode.IsSpace)
	separated := trimmed == "" || len(trimmed) < len(after)
	if !separated {
		// "第一章总则" runs on into its title; "第三条规定的…" is a sentence.
		if kind == "条" || strings.ContainsAny(trimmed, "，。；：,;:") || len([]rune(trimmed)) > 30 {
			return regHeading{}, false
		}
	}
	return regHeading{
		rank:     regulationRank[kind],
		number:   line[:m[1]],
		headLine: strings.TrimRightFunc(trimmed, unicode.IsSpace),
	}, true
}

// splitFirstSentence cuts s after its first sentence (。！？；, or the end
// of s), returning the sentence and the rest.
func splitFirstSentence(s string) (string, string) {
	for i, r := range s {
		switch r {
		case '。', '！', '？', '；':
			j := i + len(string(r))
			return s[:j], strings.TrimSpace(s[j:])
		}
	}
	return s, ""
}
