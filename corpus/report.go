package corpus

// Report is one government report as Lantai understands it: normalised
// metadata, the full text as written and its numbered sections.
//
// Offsets (Section.Start, Section.End) are byte offsets into Text.
type Report struct {
	// ID is ReportID(IdentityKey(r)), set when the archive stores the
	// report; readers leave it empty.
	ID string `json:"id"`
	// Title is the report's title as written.
	Title string `json:"title"`
	// IndexNo is the 索引号 exactly as given.
	IndexNo string `json:"index_no"`
	// Agency is the issuing body (发文机构 / 发文机关 / 发布机构).
	Agency string `json:"agency"`
	// Catalog is the disclosure catalog or category (公开目录 / 类别 / 主题).
	Catalog string `json:"catalog"`
	// DocNo is the 文号 / 发文字号 as written.
	DocNo string `json:"doc_no"`
	// DocNoNorm is DocNo with its bracket variants folded (see NormalizeDocNo).
	DocNoNorm string `json:"doc_no_norm,omitempty"`
	// Date is the document's own date (成文日期 where known) as YYYY-MM-DD.
	Date string `json:"date"`
	// Published is the 发布日期 as YYYY-MM-DD when it differs from Date.
	Published string `json:"published,omitempty"`
	// Year is the year the report is about (e.g. "2022年度" in the title),
	// else the year of Date; 0 when unknown.
	Year int `json:"year"`
	// Views is the 浏览量 when the source gives one, else 0.
	Views int `json:"views"`
	// Source names where the original came from: a path relative to the
	// ingested root, with "#N" for row N of a collection file.
	Source string `json:"source"`
	// URL is the original web address when the input names one.
	URL string `json:"url,omitempty"`
	// SHA256 is the hex SHA-256 of the original bytes.
	SHA256 string `json:"sha256"`
	// Format names the reader that parsed the original (see Format* constants).
	Format string `json:"format"`
	// Encoding is the detected encoding of the original ("utf-8",
	// "utf-8-bom" or "gb18030").
	Encoding string `json:"encoding"`
	// Extra holds metadata whose label Lantai does not map to a field.
	Extra map[string]string `json:"extra,omitempty"`
	// Attachments lists links to attached files, when the source has them.
	Attachments []string `json:"attachments,omitempty"`
	// Files describes the attached files that were found and stored with
	// the report (see File), in the order of Attachments.
	Files []File `json:"files,omitempty"`
	// ParentID is, for a document read from one of several attachments of
	// a page, the ID of the page's report; else empty.
	ParentID string `json:"parent_id,omitempty"`
	// Text is the body as written (line breaks as "\n"), the heading lines
	// included, the metadata block excluded.
	Text string `json:"text"`
	// Sections is the flat, document-ordered list of numbered sections.
	Sections []Section `json:"sections"`
}

// Section is one numbered part of a report's body.
type Section struct {
	// ID is the dotted path of ordinal positions, e.g. "2", "2.3", "2.3.1".
	ID string `json:"id"`
	// Level is 1 for 一、 (or 第N章), 2 for （一）/(一) (or 第N条 under a
	// chapter), 3 for 一是/1./（1） points.
	Level int `json:"level"`
	// Number is the numbering as written, e.g. "一、", "（三）", "二是", "第五条".
	Number string `json:"number"`
	// Heading is the heading without its number; when a heading runs on
	// into its paragraph it is the first sentence.
	Heading string `json:"heading"`
	// Text is the section's own text after the heading, without the text
	// of its child sections.
	Text string `json:"text"`
	// Start and End delimit, in Report.Text, the section's own span: its
	// number, heading and own text, not its children.
	Start int `json:"start"`
	End   int `json:"end"`
}

// File is an attached file stored with a report: a PDF, DOCX, DOC/WPS or
// OFD that a page linked to, or that was ingested on its own.
type File struct {
	// Name is where the file was read from, as a Source is.
	Name string `json:"name"`
	// URL is the link to it as the page wrote it; empty for a file
	// ingested on its own.
	URL string `json:"url,omitempty"`
	// SHA256 is the hex SHA-256 of its bytes, under which the archive
	// stores them.
	SHA256 string `json:"sha256"`
	// MediaType is the content type it is served with.
	MediaType string `json:"media_type"`
	// Bytes is its size.
	Bytes int64 `json:"bytes"`
	// Format is the format its content was recognised as (pdf, docx,
	// doc, ofd).
	Format string `json:"format,omitempty"`
	// Pages is how many pages were read, where the format has pages.
	Pages int `json:"pages,omitempty"`
	// Problem says why no text was read from it ("no text layer (a
	// scanned document?)", "encrypted …"); empty when its text was read.
	Problem string `json:"problem,omitempty"`
	// ReportID is the report its text became, when that is a report of its
	// own (one of several attachments); empty when it is this report's
	// body or was not read.
	ReportID string `json:"report_id,omitempty"`
}

// Reader formats, recorded in Report.Format.
const (
	FormatText     = "text"     // seed-style plain-text report with a metadata block
	FormatDateline = "dateline" // work report with a ——date dateline (Hailar layout)
	FormatTSV      = "tsv"      // one report per line: YEAR<TAB>text
	FormatCSV      = "csv"      // crawl export with Chinese column names
	FormatMarkdown = "markdown" // lawrefbook regulation
	FormatHTML     = "html"     // portal detail page
	FormatJSONL    = "jsonl"    // one exported report per line
)

// Document is one report read from an input together with the exact bytes
// it was read from (the whole file, or the row of a collection file).
type Document struct {
	// Original holds the bytes exactly as received.
	Original []byte
	// MediaType is the content type for serving Original, with charset,
	// e.g. "text/plain; charset=gb18030".
	MediaType string
	// Report is the parsed record; its SHA256, Source, Format and Encoding
	// are filled by the reader.
	Report Report
	// Files holds the bytes of the attached files described by
	// Report.Files, in the same order, for the archive to store with it.
	Files [][]byte
}
