package corpus

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// csvRecord is one record of a CSV file as encoding/csv split it.
type csvRecord struct {
	num    int      // record number: the header is 0
	line   int      // line the record starts on, 1-based
	fields []string // decoded to UTF-8
	raw    []byte   // exact bytes, without the line end
	err    error    // why the record is malformed; nil for a good one
}

// csvBadRun is a run of consecutive records that could not be used; it is
// reported as one error so that one broken quote does not flood the report.
type csvBadRun struct {
	first, last         int // record numbers
	firstLine, lastLine int
	reason              error
}

func (b *csvBadRun) error(name string) error {
	what := fmt.Sprintf("record %d (line %d)", b.first, b.firstLine)
	if b.last > b.first {
		what = fmt.Sprintf("records %d–%d (lines %d–%d)", b.first, b.last, b.firstLine, b.lastLine)
	}
	return &InputError{Source: rowSource(name, b.first), Err: fmt.Errorf("%s skipped: %w", what, b.reason)}
}

// csvScanner reads the records of a CSV file and resynchronises after a
// malformed one: reading starts again on the line after the one the bad
// record started on, so one broken quote loses that record (and whatever
// lines of it cannot be read as records), not the rest of the file.
type csvScanner struct {
	name string
	enc  string
	data []byte // the file without its BOM

	lineOff, lineNum int // a cursor for line numbers, moving forward
	bad              *csvBadRun
	errs             []error
}

// lineAt returns the 1-based line number of byte offset off; offsets must
// be asked for in increasing order.
func (s *csvScanner) lineAt(off int) int {
	if off < s.lineOff {
		s.lineOff, s.lineNum = 0, 0
	}
	s.lineNum += bytes.Count(s.data[s.lineOff:off], []byte{'\n'})
	s.lineOff = off
	return s.lineNum + 1
}

// fail records that record num, starting on line, is unusable.
func (s *csvScanner) fail(num, line int, reason error) {
	if s.bad != nil && num <= s.bad.last+1 {
		s.bad.last, s.bad.lastLine = num, line
		return
	}
	s.flush()
	s.bad = &csvBadRun{first: num, last: num, firstLine: line, lastLine: line, reason: reason}
}

// flush ends the current run of bad records.
func (s *csvScanner) flush() {
	if s.bad != nil {
		s.errs = append(s.errs, s.bad.error(s.name))
		s.bad = nil
	}
}

// scan returns every record in file order; a malformed one has err set
// and no fields.
func (s *csvScanner) scan() []csvRecord {
	var recs []csvRecord
	num := 0
	for pos := 0; pos < len(s.data); {
		cr := csv.NewReader(bytes.NewReader(s.data[pos:]))
		cr.FieldsPerRecord = -1
		var prev int64
		for {
			fields, err := cr.Read()
			if err == io.EOF {
				return recs
			}
			start, end := pos+int(prev), pos+int(cr.InputOffset())
			start = skipBlankLines(s.data, start, end)
			if err != nil {
				var pe *csv.ParseError
				reason := err
				if errors.As(err, &pe) {
					reason = fmt.Errorf("malformed CSV: %w", pe.Err)
				}
				recs = append(recs, csvRecord{num: num, line: s.lineAt(start), err: reason})
				num++
				next := len(s.data)
				if i := bytes.IndexByte(s.data[start:], '\n'); i >= 0 {
					next = start + i + 1
				}
				pos = next
				break
			}
			for i, f := range fields {
				fields[i] = decodeRow(s.enc, []byte(f))
			}
			recs = append(recs, csvRecord{num: num, line: s.lineAt(start), fields: fields, raw: trimLineEnd(s.data[start:end])})
			num++
			prev = cr.InputOffset()
		}
	}
	return recs
}

// skipBlankLines moves start past the empty lines encoding/csv skips
// before a record, so that the record's bytes begin with the record.
func skipBlankLines(data []byte, start, end int) int {
	for start < end {
		switch {
		case data[start] == '\n':
			start++
		case data[start] == '\r' && start+1 < end && data[start+1] == '\n':
			start += 2
		default:
			return start
		}
	}
	return start
}

// trimLineEnd drops the LF or CRLF that ends a record.
func trimLineEnd(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}

// CSV column labels (after NormalizeLabel) that readCSV handles itself;
// every other label goes through applyMetadata.
const (
	colBody        = "内容"
	colSummary     = "摘要"
	colURL         = "访问地址"
	colAttachments = "附件链接"
	colSite        = "来源网站"
	colTitle       = "标题"
)

// csvBodyLabels are the columns that can hold a report's text.
var csvBodyLabels = map[string]bool{colBody: true, "正文": true, "全文": true}

// readCSV reads a crawl export with Chinese column names (the Hebei
// 信息公开 crawl): one report per record, the header naming the columns,
// whose set differs from file to file. Each record's original is its exact
// bytes in the file, quoted line breaks included.
//
// The text is 内容 (else 摘要); a record whose 内容 is empty is kept as a
// title-only report, since its body was an attachment. A malformed record
// is reported with its number and line, and reading goes on after it.
func readCSV(in input) ([]Document, []error) {
	data := bytes.TrimPrefix(in.Data, utf8BOM)
	s := &csvScanner{name: in.Name, enc: in.Encoding, data: data}
	recs := s.scan()
	if len(recs) == 0 || recs[0].err != nil {
		reason := errors.New("no records")
		if len(recs) > 0 {
			reason = recs[0].err
		}
		return nil, []error{&InputError{Source: in.Name, Err: fmt.Errorf("%w: the CSV header row cannot be read: %w", ErrUnreadable, reason)}}
	}
	header := make([]string, len(recs[0].fields))
	for i, h := range recs[0].fields {
		header[i] = NormalizeLabel(h)
	}
	if !hasTextColumn(header) {
		shown := header
		if len(shown) > 12 { // a hostile header must not make a megabyte error
			shown = append(shown[:12:12], "…")
		}
		return nil, []error{&InputError{Source: in.Name, Err: fmt.Errorf("%w: the CSV header names none of the columns 标题, 内容, 摘要 (it has: %s)", ErrUnreadable, strings.Join(shown, ", "))}}
	}
	enc := rowEncoding(in.Encoding)
	folderAgency := hebeiFolderAgency(in.Name)
	var docs []Document
	add := func(source string, fields []string, raw []byte) error {
		r, err := csvReport(header, fields)
		if err != nil {
			return err
		}
		if r.Agency == "" {
			r.Agency = folderAgency
		}
		r.Source = source
		r.SHA256 = SHA256Hex(raw)
		r.Format = FormatCSV
		r.Encoding = enc
		r.Sections = reportSections(r.Text)
		finishReport(&r)
		docs = append(docs, Document{Original: raw, MediaType: rowMediaType("text/csv", enc), Report: r})
		return nil
	}
	for _, rec := range recs[1:] {
		if rec.err != nil {
			s.fail(rec.num, rec.line, rec.err)
			continue
		}
		if isRepeatedHeader(header, rec.fields) || isEmptyRecord(rec.fields) {
			continue
		}
		src := rowSource(in.Name, rec.num)
		if len(rec.fields) != len(header) {
			parts, ok := splitGluedRecord(header, rec, in.Encoding)
			if !ok {
				s.fail(rec.num, rec.line, fmt.Errorf("it has %d fields, the header has %d", len(rec.fields), len(header)))
				continue
			}
			for i, p := range parts {
				if i > 0 {
					src = rowSource(in.Name, rec.num) + "." + strconv.Itoa(i+1)
				}
				if err := add(src, p.fields, p.raw); err != nil {
					s.fail(rec.num, rec.line, err)
				}
			}
			continue
		}
		if err := add(src, rec.fields, rec.raw); err != nil {
			s.fail(rec.num, rec.line, err)
		}
	}
	s.flush()
	if len(docs) == 0 && len(s.errs) == 0 {
		return nil, []error{&InputError{Source: in.Name, Err: fmt.Errorf("%w: no rows: the CSV has a header but no data rows", ErrUnreadable)}}
	}
	return docs, s.errs
}

// hasTextColumn reports whether a header has a column a report can be
// read from.
func hasTextColumn(header []string) bool {
	for _, h := range header {
		if h == colTitle || h == colSummary || csvBodyLabels[h] {
			return true
		}
	}
	return false
}

// isRepeatedHeader recognises the header row written again in the middle
// of an export (the crawler appended a second run to the same file).
func isRepeatedHeader(header, fields []string) bool {
	if len(fields) != len(header) {
		return false
	}
	for i, f := range fields {
		if NormalizeLabel(f) != header[i] {
			return false
		}
	}
	return true
}

// isEmptyRecord reports a record of empty cells (",,,,"), which says nothing.
func isEmptyRecord(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvPart is one record recovered from a glued record.
type csvPart struct {
	fields []string
	raw    []byte
}

// splitGluedRecord repairs two records that the crawler wrote without the
// line break between them: 2n−1 fields, where field n is the first
// record's link (its last column) immediately followed by the second
// record's title (its first column). The split is made where the link's
// URL characters end. It works on UTF-8 files whose glued field was not
// quoted, the only way the defect shows up.
func splitGluedRecord(header []string, rec csvRecord, enc string) ([]csvPart, bool) {
	n := len(header)
	if n < 2 || len(rec.fields) != 2*n-1 || enc == EncodingGB18030 || header[0] != colTitle {
		return nil, false
	}
	if last := header[n-1]; last != colURL && last != colAttachments {
		return nil, false
	}
	glued := rec.fields[n-1]
	cut := strings.IndexFunc(glued, func(r rune) bool { return r >= utf8.RuneSelf || r == ' ' })
	if cut < 0 || (cut > 0 && !strings.HasPrefix(glued, "http")) {
		return nil, false
	}
	at := bytes.Index(rec.raw, []byte(glued))
	if at < 0 || bytes.Contains([]byte(glued), []byte{'"'}) {
		return nil, false
	}
	at += cut
	first := append(append([]string{}, rec.fields[:n-1]...), glued[:cut])
	second := append([]string{glued[cut:]}, rec.fields[n:]...)
	return []csvPart{
		{fields: first, raw: rec.raw[:at]},
		{fields: second, raw: rec.raw[at:]},
	}, true
}

// errCSVEmptyRow is the reason for a record with neither title nor text.
var errCSVEmptyRow = errors.New("the record has neither 标题 nor 内容")

// csvReport maps one record's cells to a report.
func csvReport(header, fields []string) (Report, error) {
	var r Report
	var body, summary, site string
	for i, label := range header {
		v := fields[i]
		switch {
		case csvBodyLabels[label]:
			body = v
		case label == colSummary:
			summary = v
		case label == colURL:
			r.URL = strings.TrimSpace(v)
		case label == colAttachments:
			r.Attachments = splitLinks(v)
		case label == colSite:
			site = strings.TrimSpace(v)
			applyMetadata(&r, label, v)
		case strings.TrimSpace(v) == "[]":
			// the crawler's rendering of an empty list: no value
		default:
			applyMetadata(&r, label, v)
		}
	}
	r.Text = cleanCSVBody(body)
	summary = cleanCSVBody(summary)
	switch {
	case r.Text == "":
		r.Text = summary
	case summary != "":
		applyMetadata(&r, colSummary, summary)
	}
	if r.Title == "" && r.Text == "" {
		return Report{}, errCSVEmptyRow
	}
	if r.Date == "" || r.DocNo == "" {
		historyFromSummary(&r, summary)
	}
	r.Agency = siteAgency(site)
	if r.Agency == "" {
		r.Agency = siteAgency(r.URL)
	}
	return r, nil
}

// historyFromSummary fills a missing date and 文号 from a regulation's
// history, which the 政府规章 export gives as its 摘要: "(2001年9月25日河北省
// 人民政府令〔2001〕第15号公布 根据2003年6月5日…第一次修订 …)". The date is
// the latest publication or revision, the 文号 the latest 令号.
func historyFromSummary(r *Report, summary string) {
	if !strings.HasPrefix(summary, "(") && !strings.HasPrefix(summary, "（") {
		return
	}
	h := regulationHistory([]string{summary})
	if r.Date == "" {
		r.Date = h.date
	}
	if r.DocNo == "" {
		r.DocNo = h.docNo
	}
}

// cleanCSVBody trims the blank lines and trailing whitespace that crawled
// bodies carry; a body of whitespace only becomes "".
func cleanCSVBody(s string) string {
	return trimBlankLines(strings.ReplaceAll(s, "\r\n", "\n"))
}

// linkSeparators splits an attachment cell: links are separated by ";"
// (the crawler's choice), commas or whitespace.
var linkSeparators = regexp.MustCompile(`[\s;,；，]+`)

// splitLinks returns the links of an attachment cell, in order, without
// duplicates. The crawler prefixed absolute links with its own site
// ("https://kjt.hebei.gov.cnhttps://www.most.gov.cn/…"); such a link is
// cut back to the address after the last scheme.
func splitLinks(cell string) []string {
	var links []string
	seen := make(map[string]bool)
	for _, l := range linkSeparators.Split(cell, -1) {
		if i := max(strings.LastIndex(l, "http://"), strings.LastIndex(l, "https://")); i > 0 {
			l = l[i:]
		}
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		links = append(links, l)
	}
	return links
}

// siteAgencies maps the host names of the crawled sites to the agency that
// runs them. The exports have no 发文机关 column, so the publishing site's
// agency is the best the data says (a republished State Council notice is
// attributed to the site that published it).
var siteAgencies = map[string]string{
	"www.hebei.gov.cn":   "河北省人民政府",
	"hebei.gov.cn":       "河北省人民政府",
	"rst.hebei.gov.cn":   "河北省人力资源和社会保障厅",
	"kjt.hebei.gov.cn":   "河北省科学技术厅",
	"gxt.hebei.gov.cn":   "河北省工业和信息化厅",
	"jyt.hebei.gov.cn":   "河北省教育厅",
	"czt.hebei.gov.cn":   "河北省财政厅",
	"hbdrc.hebei.gov.cn": "河北省发展和改革委员会",
}

// siteAgency returns the agency of a site given by address or host name,
// or "" when the site is not known.
func siteAgency(site string) string {
	if site == "" {
		return ""
	}
	host := site
	if u, err := url.Parse(site); err == nil && u.Host != "" {
		host = u.Host
	}
	return siteAgencies[strings.ToLower(strings.TrimSuffix(host, ":80"))]
}

// hebeiFolder matches a folder of the Hebei crawl,
// "<n><agency>[(<site>)]-<section>".
var hebeiFolder = regexp.MustCompile(`^\d*([^-(（]+)(?:[(（][^)）]*[)）])?-`)

// hebeiFolderAgencies spells out the folder names that are abbreviations.
var hebeiFolderAgencies = map[string]string{
	"人民政府": "河北省人民政府",
	"发改委":  "河北省发展和改革委员会",
}

// hebeiFolderAgency derives the agency from the Hebei crawl's layout,
// 河北政府网站/<n><agency>-<section>/<file>.csv, for files whose rows name no
// site: "2人力资源和社会保障厅-政府信息公开" → 河北省人力资源和社会保障厅. Other
// layouts give "".
func hebeiFolderAgency(name string) string {
	parts := strings.Split(name, "/")
	for i := 0; i+2 < len(parts); i++ {
		if parts[i] != "河北政府网站" {
			continue
		}
		m := hebeiFolder.FindStringSubmatch(parts[i+1])
		if m == nil {
			return ""
		}
		if a, ok := hebeiFolderAgencies[m[1]]; ok {
			return a
		}
		if strings.HasPrefix(m[1], "河北省") {
			return m[1]
		}
		return "河北省" + m[1]
	}
	return ""
}
