package corpus

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/unicode/norm"
)

// tsvYearLine matches the start of a TSV report line: a four-digit year
// and a TAB.
var tsvYearLine = regexp.MustCompile(`^\d{4}\t`)

// looksLikeTSV reports whether text is a one-report-per-line collection:
// its first non-empty line starts with YEAR<TAB>, and so do at least four
// of every five of the first ten non-empty lines (a stray bad row must not
// turn the whole file into one plain-text report).
func looksLikeTSV(text string) bool {
	var seen, matched int
	for len(text) > 0 && seen < 10 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		seen++
		if tsvYearLine.MatchString(line) {
			matched++
		} else if seen == 1 {
			return false
		}
	}
	return seen > 0 && matched*5 >= seen*4
}

// rawLine is one line of a collection file: its exact bytes without the
// line end, and its 1-based line number.
type rawLine struct {
	num   int
	bytes []byte
}

// splitRawLines cuts data into lines on LF, dropping a CR before it and a
// UTF-8 BOM at the start, so that each line's bytes are exactly what a row
// document keeps as its original.
func splitRawLines(data []byte) []rawLine {
	data = bytes.TrimPrefix(data, utf8BOM)
	var lines []rawLine
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		lines = append(lines, rawLine{num: n, bytes: bytes.TrimSuffix(line, []byte{'\r'})})
	}
	return lines
}

// rowEncoding is the encoding of one row cut out of a file read as enc: a
// row never carries the file's BOM.
func rowEncoding(enc string) string {
	if enc == EncodingUTF8BOM {
		return EncodingUTF8
	}
	return enc
}

// decodeRow decodes the bytes of one row of a file whose encoding Decode
// detected as enc. Decode has already vetted the whole file, so the only
// damage left to guard against is a row cut inside a character, which
// becomes U+FFFD rather than invalid UTF-8.
func decodeRow(enc string, b []byte) string {
	if enc == EncodingGB18030 {
		if out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b); err == nil {
			return validUTF8(string(out))
		}
	}
	return validUTF8(string(bytes.TrimPrefix(b, utf8BOM)))
}

// validUTF8 replaces invalid UTF-8 in s with U+FFFD; a valid s, nearly
// always the case, is checked at ValidString's speed and returned as is.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// rowMediaType is the content type of a row original of the given base
// type, with the charset the file was decoded from.
func rowMediaType(base, enc string) string {
	if enc == EncodingGB18030 {
		return base + "; charset=gb18030"
	}
	return base + "; charset=utf-8"
}

// rowSource names row n of the collection file name.
func rowSource(name string, n int) string {
	return name + "#" + strconv.Itoa(n)
}

// readTSV reads a one-report-per-line collection (the national 政府工作报告
// set): YEAR<TAB>text, where the original paragraph breaks became TABs.
// Each line is one document whose original is the line itself; blank lines
// are skipped, and a line without a year or without text is a per-row
// error that does not stop the others.
func readTSV(in input) ([]Document, []error) {
	var docs []Document
	var errs []error
	enc := rowEncoding(in.Encoding)
	for _, line := range splitRawLines(in.Data) {
		text := decodeRow(in.Encoding, line.bytes)
		if strings.TrimSpace(text) == "" {
			continue
		}
		src := rowSource(in.Name, line.num)
		r, err := parseTSVLine(text)
		if err != nil {
			errs = append(errs, &InputError{Source: src, Err: err})
			continue
		}
		r.Source = src
		r.SHA256 = SHA256Hex(line.bytes)
		r.Format = FormatTSV
		r.Encoding = enc
		docs = append(docs, Document{
			Original:  line.bytes,
			MediaType: rowMediaType("text/tab-separated-values", enc),
			Report:    r,
		})
	}
	return docs, errs
}

// errTSVNoYear and errTSVNoText are the two ways a TSV row can be unusable.
var (
	errTSVNoYear = errors.New("the line does not start with a four-digit year and a TAB (YEAR<TAB>text)")
	errTSVNoText = errors.New("the line has a year but no report text after the TAB")
)

// parseTSVLine parses one decoded TSV line into a report.
func parseTSVLine(line string) (Report, error) {
	if !tsvYearLine.MatchString(line) {
		return Report{}, errTSVNoYear
	}
	year, _ := strconv.Atoi(line[:4])
	body := line[5:]
	if strings.TrimSpace(body) == "" {
		return Report{}, errTSVNoText
	}
	text := tsvText(body)
	r := Report{
		Title: tsvTitle(text, year),
		Date:  tsvDateline(text),
		Year:  year,
		Text:  text,
	}
	if isStateCouncilWorkReport(r.Title, text) {
		r.Agency = "国务院"
	}
	r.Sections = ParseSections(text)
	finishReport(&r)
	r.Year = year // the collection's year is authoritative, whatever the title says
	return r, nil
}

// tsvText turns a TSV report body into the report text: TABs are the
// collection's paragraph breaks. Most lines lost their breaks when they
// were scraped and only keep each paragraph's full-width indent ("　　");
// those are left as written (ParseSections treats them as paragraph
// starts) rather than guessed into line breaks.
func tsvText(body string) string {
	return trimBlankLines(strings.ReplaceAll(body, "\t", "\n"))
}

// trimBlankLines drops whitespace-only lines at the start of s and trailing
// whitespace at its end, keeping the indent of the first real line.
func trimBlankLines(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 || strings.TrimSpace(s[:i]) != "" {
			return s
		}
		s = s[i+1:]
	}
}

// tsvTitleEnd marks where a title line ends: the dash of the dateline, a
// line break, or a paragraph indent (two or more spaces of any width).
var tsvTitleEnd = regexp.MustCompile(`——|－－|--|\n|\p{Zs}{2,}`)

// tsvTitleLine matches a title line: an optional year and 国务院, then
// 政府工作报告 (a photo caption that mentions the report is no title).
var tsvTitleLine = regexp.MustCompile(`^(?:\d{4}年)?(?:国务院)?政府工作报告`)

// tsvTitle finds the report's title: the title line when the text opens
// with one ("1954年政府工作报告——…" keeps the part before the dash; a bare
// "政府工作报告" gets the year the collection gives it, as every other title
// in the collection carries one), else "YYYY年政府工作报告" for a text
// addressed to the deputies (各位代表), else the first sentence.
func tsvTitle(text string, year int) string {
	head := strings.TrimLeftFunc(text, unicode.IsSpace)
	if loc := tsvTitleEnd.FindStringIndex(head); loc != nil {
		head = head[:loc[0]]
	}
	head = joinSpacedLetters(head)
	if tsvTitleLine.MatchString(head) && utf8.RuneCountInString(head) <= 120 {
		if strings.HasPrefix(head, "政府工作报告") {
			return strconv.Itoa(year) + "年" + head
		}
		return head
	}
	if strings.Contains(text, "各位代表") {
		return strconv.Itoa(year) + "年政府工作报告"
	}
	return firstSentence(text, 60)
}

// joinSpacedLetters undoes letter-spacing ("政 府 工 作 报 告"): a space
// next to a one-character word is dropped, other spaces become one.
func joinSpacedLetters(s string) string {
	words := strings.Fields(s)
	var b strings.Builder
	for i, w := range words {
		if i > 0 && utf8.RuneCountInString(w) > 1 && utf8.RuneCountInString(words[i-1]) > 1 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// firstSentence returns the first sentence of text, at most max characters
// (an ellipsis marks a cut).
func firstSentence(text string, max int) string {
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, "。！？\n"); i >= 0 {
		text = strings.TrimSpace(text[:i])
	}
	if utf8.RuneCountInString(text) > max {
		runes := []rune(text)
		text = string(runes[:max]) + "…"
	}
	return text
}

// datelineDate matches the date opening a dateline once digits are folded
// to ASCII and spaces removed: "——1954年9月23日在…".
var datelineDate = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日`)

// tsvDateline returns the date of the dateline ("——2019年3月5日在第十三届…")
// near the start of a report, as YYYY-MM-DD, or "". Older texts write the
// digits full-width or letter-spaced ("——1 9 9 8 年3 月5 日"); of a dateline
// naming two days ("11月30日和12月1日") the first is taken.
func tsvDateline(text string) string {
	head := text
	if len(head) > 3000 {
		head = head[:3000]
	}
	for _, dash := range []string{"——", "－－"} {
		rest := head
		for {
			i := strings.Index(rest, dash)
			if i < 0 {
				break
			}
			rest = rest[i+len(dash):]
			cand := rest
			if len(cand) > 80 {
				cand = cand[:80]
			}
			cand = strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, norm.NFKC.String(strings.ToValidUTF8(cand, "")))
			if m := datelineDate.FindStringSubmatch(cand); m != nil {
				if d, ok := NormalizeDate(m[1] + "-" + m[2] + "-" + m[3]); ok {
					return d
				}
			}
		}
	}
	return ""
}

// stateCouncilSpeaker matches the ways a work report says it is delivered
// for the State Council: by its premier or a vice-premier, "代表国务院",
// "受国务院委托", or a title naming 国务院.
var stateCouncilSpeaker = regexp.MustCompile(`国务院(?:副)?总理|代表(?:中华人民共和国)?国务院|受(?:中共中央和)?国务院(?:的)?委托|国务院政府工作报告`)

// isStateCouncilWorkReport reports whether a TSV text is a 政府工作报告 of
// the State Council. The collection names no agency, so it is derived, and
// only when the text says so itself: the report is a 政府工作报告 (its title,
// or an address to 各位代表 speaking of 政府工作) and its speaker speaks for
// 国务院. A provincial work report in the same layout gets no agency.
func isStateCouncilWorkReport(title, text string) bool {
	workReport := strings.Contains(title, "政府工作报告") ||
		(strings.Contains(text, "各位代表") && strings.Contains(text, "政府工作"))
	if !workReport {
		return false
	}
	head := text
	if len(head) > 4000 {
		head = head[:4000]
	}
	return stateCouncilSpeaker.MatchString(title) || stateCouncilSpeaker.MatchString(head)
}
