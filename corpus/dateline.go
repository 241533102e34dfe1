package corpus

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// datelineSearchLines is how many non-blank lines at the top of a file may
// hold the title, dateline and speaker before the body starts.
const datelineSearchLines = 6

// defaultWorkReportTitle names a dateline report whose file has no title
// line (one Hailar year starts straight with the dateline): the dateline
// layout is the one of 政府工作报告 delivered to a people's congress.
const defaultWorkReportTitle = "政府工作报告"

var (
	// datelineRe matches "——2019年3月4日在呼伦贝尔市海拉尔区第十五届人民代表大会
	// 第三次会议上" after NFKC, with any dash style (----, --, —, ——) or an
	// opening parenthesis, or none.
	datelineRe = regexp.MustCompile(`^(?:[-—–―─~]+|\()?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在\s*(\S.*?会议)\s*上`)
	// sessionPlaceRe finds the place before "第N届人民代表大会" in a session.
	sessionPlaceRe = regexp.MustCompile(`^(.+?)第[一二三四五六七八九十百零〇\d]+届人民代表大会`)
	// spacedTitleRe matches a title written with a space between every
	// character, such as "政 府 工 作 报 告".
	spacedTitleRe = regexp.MustCompile(`^\S(?:\s+\S)+$`)
	// speakerTitleRe recognises the speaker line by its office.
	speakerTitleRe = regexp.MustCompile(`人民政府|[区市县旗州省]长|主席|主任|总理|书记`)
)

// dateline is what the top of a dateline work report says about it.
type dateline struct {
	year           int
	date, session  string
	title, speaker string
	agency         string
	place          string // the session's place, e.g. 海拉尔区
	bodyStart      int
}

// looksLikeDateline reports whether text opens like a work report delivered
// at a congress: a dateline "——YYYY年M月D日在…会议上" among the first few lines.
func looksLikeDateline(text string) bool {
	_, ok := parseDatelineHead(text)
	return ok
}

// parseDatelineHead reads the title, dateline and speaker lines at the top
// of text and returns where the body starts.
func parseDatelineHead(text string) (dateline, bool) {
	var d dateline
	var before []string
	off := 0
	for n := 0; n < datelineSearchLines; n++ {
		off = skipEmptyLines(text, off)
		if off >= len(text) {
			return d, false
		}
		line, next := lineAt(text, off)
		line = strings.TrimSpace(line)
		m := datelineRe.FindStringSubmatch(norm.NFKC.String(line))
		if m == nil {
			before = append(before, line)
			off = next
			continue
		}
		date, ok := NormalizeDate(m[1] + "-" + m[2] + "-" + m[3])
		if !ok {
			return d, false
		}
		d.date, d.session = date, strings.Join(strings.Fields(m[4]), "")
		d.year, _ = strconv.Atoi(date[:4])
		d.title = headTitle(before)
		d.bodyStart = next
		if p := sessionPlaceRe.FindStringSubmatch(d.session); p != nil {
			d.place = p[1]
			d.agency = p[1] + "人民政府"
		}
		d.readSpeaker(text, next)
		return d, true
	}
	return d, false
}

// readSpeaker takes the line after the dateline as the speaker when it names
// an office ("海拉尔区人民政府区长　　张天喜"); the agency is then its part up to
// and including 人民政府, which is more exact than the session's place.
func (d *dateline) readSpeaker(text string, off int) {
	off = skipEmptyLines(text, off)
	line, next := lineAt(text, off)
	line = strings.TrimSpace(line)
	if line == "" || utf8.RuneCountInString(line) > 40 || strings.HasSuffix(line, "：") ||
		strings.HasSuffix(line, ":") || !speakerTitleRe.MatchString(line) {
		return
	}
	d.speaker = strings.Join(strings.Fields(line), " ")
	if i := strings.Index(d.speaker, "人民政府"); i > 0 {
		d.agency = d.speaker[:i+len("人民政府")]
	}
	d.bodyStart = next
}

// headTitle makes a title of the lines above the dateline: the spaced
// "政 府 工 作 报 告" collapses to "政府工作报告".
func headTitle(lines []string) string {
	if len(lines) == 0 {
		return defaultWorkReportTitle
	}
	title := strings.Join(lines, "")
	if spacedTitleRe.MatchString(title) {
		return strings.Join(strings.Fields(title), "")
	}
	return cutTitle(strings.Join(strings.Fields(title), " "))
}

// readDateline reads a work report in the dateline layout of the Hailar
// reports: an optional (often spaced) title, the dateline with the date
// and the session, a speaker line, then the body from "各位代表：" on.
// A bare 政府工作报告 title gets the session's place and the year
// (海拉尔区2019年政府工作报告; the written title is kept in
// Extra["title_as_written"]); the session and speaker go to Extra["session"]
// and Extra["speaker"]; Date and Year come from the dateline; Agency is
// the speaker's 人民政府, else the session's place + 人民政府.
func readDateline(in input) ([]Document, []error) {
	d, ok := parseDatelineHead(in.Text)
	if !ok {
		return nil, []error{fmt.Errorf("%w: no dateline (——YYYY年M月D日在…会议上) in the first %d lines", ErrUnreadable, datelineSearchLines)}
	}
	r := Report{
		Title:    d.title,
		Agency:   d.agency,
		Date:     d.date,
		Year:     d.year,
		Source:   in.Name,
		SHA256:   SHA256Hex(in.Data),
		Format:   FormatDateline,
		Encoding: in.Encoding,
		Extra:    map[string]string{"session": d.session},
		Text:     trimBody(in.Text[d.bodyStart:]),
	}
	if d.speaker != "" {
		r.Extra["speaker"] = d.speaker
	}
	// Eight reports all titled 政府工作报告 cannot be told apart in a result
	// list: a bare generic title gets the place and year of its dateline,
	// and the title as written is kept.
	if r.Title == defaultWorkReportTitle && d.place != "" {
		r.Extra["title_as_written"] = r.Title
		r.Title = fmt.Sprintf("%s%d年政府工作报告", d.place, d.year)
	}
	r.Sections = ParseSections(r.Text)
	finishReport(&r)
	return []Document{{Original: in.Data, MediaType: textMediaType(in.Encoding), Report: r}}, nil
}
