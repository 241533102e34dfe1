package corpus

import (
	"strings"
	"unicode"
)

// Extracted is what a reader of attached files (PDF, DOCX, DOC/WPS, OFD)
// took out of one: its text and the metadata its properties or first page
// gave, each empty when unknown.
type Extracted struct {
	Text, Title, DocNo, Date string
}

// ReadExtracted makes the report of an attached file read on its own: its
// text is parsed as a plain-text report (a title line, an optional
// metadata block, the body and its sections), and the file's own title,
// 文号 and date are preferred where it has them. format is the file's
// format (pdf, docx, doc, ofd).
func ReadExtracted(source, format string, x Extracted) Report {
	docs, _ := readTextReport(input{Name: source, Data: []byte(x.Text), Text: x.Text})
	r := docs[0].Report
	r.Format, r.Encoding, r.SHA256 = format, "", ""
	if t := strings.TrimSpace(x.Title); t != "" && utf8Len(t) <= maxTitleRunes {
		r.Title = t
	}
	if x.DocNo != "" && r.DocNo == "" {
		r.DocNo = x.DocNo
	}
	if d, ok := NormalizeDate(x.Date); ok && r.Date == "" {
		r.Date = d
	}
	r.Year = 0
	finishReport(&r)
	return r
}

// AttachmentBody is the body of a page whose one attachment was read: the
// page's own text, if it says anything beyond pointing at the attachment,
// then the attachment's text. Sections are parsed again from the result.
func AttachmentBody(r *Report, attached string) {
	own := strings.TrimSpace(r.Text)
	if !saysMoreThanSeeAttachment(own) {
		r.Text = strings.TrimSpace(attached)
	} else {
		r.Text = own + "\n\n" + strings.TrimSpace(attached)
	}
	r.Sections = ParseSections(r.Text)
}

// saysMoreThanSeeAttachment reports whether a page's text holds more than
// a pointer to its attachment (详见附件, 附件：…) or a site footer.
func saysMoreThanSeeAttachment(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 40
}

func utf8Len(s string) int { return len([]rune(s)) }
