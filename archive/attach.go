package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/extract"
)

// Extractor reads the text of one attached file named name. The default,
// extract.Extract, runs in the calling process; the lantai binary passes
// extract.Isolated, which bounds each file's memory and time in a child.
type Extractor func(ctx context.Context, name string, data []byte) (extract.Result, error)

// maxAttachmentBytes is the largest attached file ingest reads; larger
// ones are named as failures without being read.
const maxAttachmentBytes = 200 << 20

// sniffBytes is how much of each input is read to tell an attachment
// (PDF, zip, OLE2) from a page or a text.
const sniffBytes = 1024

// isAttachmentFile reports whether the file at p holds, by its first
// bytes, one of the formats extract reads: %PDF- near the start, a zip
// (DOCX, OFD) or an OLE2 compound file (DOC, WPS). Such files are never
// read as text.
func isAttachmentFile(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false // the read of the file itself will say why
	}
	defer f.Close()
	head := make([]byte, sniffBytes)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	return bytes.Contains(head, []byte("%PDF-")) || bytes.HasPrefix(head, []byte("PK\x03\x04")) ||
		bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
}

// attachmentIndex finds the downloaded files a page links to among the
// ingested inputs, and remembers which were claimed, so that the rest can
// be ingested as reports of their own.
type attachmentIndex struct {
	bySource map[string]InputFile
	byBase   map[string][]InputFile
	order    []InputFile

	mu      sync.Mutex
	claimed map[string]bool
}

func newAttachmentIndex(files []InputFile) *attachmentIndex {
	x := &attachmentIndex{bySource: map[string]InputFile{}, byBase: map[string][]InputFile{}, claimed: map[string]bool{}}
	for _, f := range files {
		x.bySource[f.Source] = f
		base := path.Base(f.Source)
		x.byBase[base] = append(x.byBase[base], f)
		x.order = append(x.order, f)
	}
	return x
}

// resolve returns the files a page at source links to, in link order
// with the link each was found by, and claims them. A link is looked up
// first relative to the page (href="files/a.pdf" next to the page), then
// by the last part of its path (a crawler that saved the downloads under
// their names, P020230315123.pdf): among several files of that name, the
// one whose folder shares most with the page's.
func (x *attachmentIndex) resolve(source string, links []string) (files []InputFile, found []string) {
	seen := map[string]bool{}
	for _, link := range links {
		f, ok := x.lookup(source, link)
		if !ok || seen[f.Source] {
			continue
		}
		seen[f.Source] = true
		files, found = append(files, f), append(found, link)
	}
	x.mu.Lock()
	for _, f := range files {
		x.claimed[f.Source] = true
	}
	x.mu.Unlock()
	return files, found
}

func (x *attachmentIndex) lookup(source, link string) (InputFile, bool) {
	p := link
	if u, err := url.Parse(link); err == nil {
		p = u.Path
		if u.Scheme == "" && u.Host == "" {
			if f, ok := x.bySource[path.Clean(path.Join(path.Dir(source), p))]; ok {
				return f, true
			}
		}
	}
	base := path.Base(p)
	if base == "." || base == "/" || base == "" {
		return InputFile{}, false
	}
	if unescaped, err := url.PathUnescape(base); err == nil {
		base = unescaped
	}
	cands := x.byBase[base]
	if len(cands) == 0 {
		return InputFile{}, false
	}
	best, bestShared := cands[0], -1
	for _, c := range cands {
		if n := sharedPrefix(path.Dir(c.Source), path.Dir(source)); n > bestShared {
			best, bestShared = c, n
		}
	}
	return best, true
}

// sharedPrefix counts the leading path elements a and b share.
func sharedPrefix(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}

// unclaimed returns the files no page linked to, in input order.
func (x *attachmentIndex) unclaimed() []InputFile {
	x.mu.Lock()
	defer x.mu.Unlock()
	var out []InputFile
	for _, f := range x.order {
		if !x.claimed[f.Source] {
			out = append(out, f)
		}
	}
	return out
}

// mediaTypes are the content types attached files are stored with.
var mediaTypes = map[extract.Format]string{
	extract.FormatPDF:  "application/pdf",
	extract.FormatDOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	extract.FormatDOC:  "application/msword",
	extract.FormatOFD:  "application/ofd",
}

// mediaTypeOf is the content type of an attached file of format.
func mediaTypeOf(format extract.Format) string {
	if mt, ok := mediaTypes[format]; ok {
		return mt
	}
	return "application/octet-stream"
}

// readAttached is one attached file read and, if its text could be taken
// out, extracted.
type readAttached struct {
	file   InputFile
	link   string // the link it was found by; empty for a file on its own
	data   []byte
	format extract.Format // recognised once, by content
	result extract.Result
	err    error // why no text was read; the file may still be stored
}

// extractRead recognises and extracts the bytes ra holds, with x; a text
// of nothing but spaces is no text layer.
func (ra *readAttached) extractRead(ctx context.Context, x Extractor) {
	ra.format = extract.Detect(ra.data)
	ra.result, ra.err = x(ctx, ra.file.Source, ra.data)
	if ra.err == nil && strings.TrimSpace(ra.result.Text) == "" {
		ra.err = extract.ErrNoTextLayer
	}
}

// readAttachment reads and extracts one file. A file that cannot be read
// from disk or is too large has no data; one whose text cannot be read
// has its data and err.
func (in *ingestRun) readAttachment(ctx context.Context, f InputFile, link string) readAttached {
	ra := readAttached{file: f, link: link}
	st, err := os.Stat(f.Path)
	if err != nil {
		ra.err = errors.New(ioReason(err))
		return ra
	}
	if st.Size() > maxAttachmentBytes {
		ra.err = fmt.Errorf("%w: %d bytes, the limit is %d", extract.ErrTooLarge, st.Size(), maxAttachmentBytes)
		return ra
	}
	if ra.data, err = os.ReadFile(f.Path); err != nil {
		ra.err = errors.New(ioReason(err))
		return ra
	}
	in.mu.Lock()
	in.sum.Files++
	in.sum.Bytes += int64(len(ra.data))
	in.mu.Unlock()
	ra.extractRead(ctx, in.extractor())
	return ra
}

func (in *ingestRun) extractor() Extractor {
	if in.opt.Extract != nil {
		return in.opt.Extract
	}
	return DefaultExtractor
}

// problemOf is what a File records about why its text was not read: the
// extraction error without the file name the File already carries.
func problemOf(err error) string {
	var xe *extract.Error
	if errors.As(err, &xe) {
		return xe.Err.Error()
	}
	return err.Error()
}

// fileOf describes an attached file for Report.Files.
func fileOf(ra readAttached) corpus.File {
	f := corpus.File{Name: ra.file.Source, URL: ra.link, MediaType: mediaTypeOf(ra.format), Format: string(ra.format), Pages: ra.result.Pages}
	if ra.err != nil {
		f.Problem = problemOf(ra.err)
	}
	return f
}

// attach reads the files a page links to (files[i] found by links[i]) and
// returns the documents to store: the page, its files described and
// stored with it, and, when several of the files have text, one child
// report per such file. With one such file, its text becomes the page's
// body (after the page's own text, when that says more than "see the
// attachment"). Files that could not be read are named as failures; scans
// as notes.
func (in *ingestRun) attach(ctx context.Context, doc corpus.Document, files []InputFile, links []string) []corpus.Document {
	r := doc.Report
	var read []readAttached
	withText := 0
	for i, f := range files {
		ra := in.readAttachment(ctx, f, links[i])
		in.noteAttachmentProblem(ra, r.Source)
		if ra.data == nil {
			continue
		}
		if ra.err == nil {
			withText++
		}
		read = append(read, ra)
	}
	parentID := corpus.ReportID(corpus.IdentityKey(r))
	var children []corpus.Document
	r.Files, doc.Files = nil, nil
	for _, ra := range read {
		f := fileOf(ra)
		switch {
		case ra.err != nil:
		case withText == 1:
			corpus.AttachmentBody(&r, ra.result.Text)
			fillFromFile(&r, ra.result)
		default:
			child := childOf(r, parentID, ra)
			f.ReportID = corpus.ReportID(corpus.IdentityKey(child.Report))
			children = append(children, child)
		}
		r.Files = append(r.Files, f)
		doc.Files = append(doc.Files, ra.data)
	}
	doc.Report = r
	return append([]corpus.Document{doc}, children...)
}

// fillFromFile takes the metadata a page lacks from its one attached file.
func fillFromFile(r *corpus.Report, x extract.Result) {
	if r.Title == "" {
		r.Title = x.Title
	}
	if r.DocNo == "" && x.DocNo != "" {
		r.DocNo, r.DocNoNorm = x.DocNo, corpus.NormalizeDocNo(x.DocNo)
	}
	if d, ok := corpus.NormalizeDate(x.Date); ok && r.Date == "" {
		r.Date = d
	}
}

// childOf is the report of one of a page's several attached files: its
// own text, title, 文号 and date, the page's agency, catalog and dates
// where the file has none, and a link to the page. It is identified by its
// file, never by the page's 索引号 (which would make it a version of the
// page): a 索引号 its text repeats is kept in Extra.
func childOf(page corpus.Report, parentID string, ra readAttached) corpus.Document {
	c := corpus.ReadExtracted(ra.file.Source, string(ra.result.Format), corpus.Extracted{
		Text: ra.result.Text, Title: ra.result.Title, DocNo: ra.result.DocNo, Date: ra.result.Date,
	})
	if c.IndexNo != "" {
		if c.Extra == nil {
			c.Extra = map[string]string{}
		}
		c.Extra["索引号"] = c.IndexNo
		c.IndexNo = ""
	}
	c.Agency = firstNonEmpty(c.Agency, page.Agency)
	c.Catalog = firstNonEmpty(c.Catalog, page.Catalog)
	if c.Date == "" {
		c.Date, c.Published = page.Date, page.Published
	}
	if c.Year == 0 {
		c.Year = page.Year
	}
	c.URL, c.ParentID = ra.link, parentID
	return corpus.Document{Original: ra.data, MediaType: mediaTypeOf(ra.format), Report: c}
}

// standalone is the report of an attached file no page linked to (see
// ReadAttachedFile); a file whose text cannot be read is a failure and not
// stored, a scan a note and stored.
func (in *ingestRun) standalone(ctx context.Context, f InputFile) (corpus.Document, bool) {
	ra := in.readAttachment(ctx, f, "")
	if ra.data == nil {
		in.fail(f.Source, problemOf(ra.err))
		return corpus.Document{}, false
	}
	doc, note, err := documentOf(f.Source, ra)
	switch {
	case err != nil:
		in.fail(f.Source, problemOf(err))
		return corpus.Document{}, false
	case note != "":
		in.note(f.Source, note)
	}
	return doc, true
}

// ReadAttachedFile reads an attached file (PDF, DOCX, DOC/WPS, OFD)
// uploaded or ingested on its own as a report: its text parsed as a
// plain-text report, its own title, 文号 and date preferred. A scan gives
// a report with no text, titled by the file's name, the problem in
// Extra["text_problem"] and as note, to be stored all the same; a file
// whose text cannot be read otherwise is an error saying what is wrong
// (matching extract's Err* values), which the caller prefixes with the
// file's name.
func ReadAttachedFile(ctx context.Context, x Extractor, source string, data []byte) (doc corpus.Document, note string, err error) {
	ra := readAttached{file: InputFile{Source: source}, data: data}
	ra.extractRead(ctx, x)
	doc, note, err = documentOf(source, ra)
	var xe *extract.Error
	if errors.As(err, &xe) {
		err = xe.Err // the caller names the file
	}
	return doc, note, err
}

// documentOf is the report of one read attached file (see ReadAttachedFile).
func documentOf(source string, ra readAttached) (corpus.Document, string, error) {
	format := string(ra.format)
	switch {
	case errors.Is(ra.err, extract.ErrNoTextLayer):
		r := corpus.ReadExtracted(source, format, corpus.Extracted{})
		r.Title = path.Base(source)
		r.Extra = map[string]string{"text_problem": problemOf(ra.err)}
		doc := corpus.Document{Original: ra.data, MediaType: mediaTypeOf(ra.format), Report: r}
		return doc, problemOf(ra.err) + "; the file is stored, but there is no text to search", nil
	case ra.err != nil:
		return corpus.Document{}, "", ra.err
	}
	r := corpus.ReadExtracted(source, format, corpus.Extracted{
		Text: ra.result.Text, Title: ra.result.Title, DocNo: ra.result.DocNo, Date: ra.result.Date,
	})
	return corpus.Document{Original: ra.data, MediaType: mediaTypeOf(ra.format), Report: r}, "", nil
}

// IsAttachedFile reports whether data is one of the formats of attached
// files (PDF, DOCX, DOC/WPS, OFD) by its content.
func IsAttachedFile(data []byte) bool { return extract.Detect(data) != extract.FormatUnknown }

// DefaultExtractor reads attached files in this process with extract's
// default limits.
func DefaultExtractor(ctx context.Context, name string, data []byte) (extract.Result, error) {
	return extract.Extract(ctx, name, data, extract.Limits{})
}

// noteAttachmentProblem names an attached file whose text was not read: a
// scan (stored, no text to search) as a note, anything else as a failure.
func (in *ingestRun) noteAttachmentProblem(ra readAttached, page string) {
	if ra.err == nil {
		return
	}
	reason := fmt.Sprintf("attached to %s: %s", page, problemOf(ra.err))
	if errors.Is(ra.err, extract.ErrNoTextLayer) {
		in.note(ra.file.Source, reason+"; the file is stored, but there is no text to search")
		return
	}
	in.fail(ra.file.Source, reason)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
