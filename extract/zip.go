package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// Bounds of the zip containers (DOCX, OFD) that Limits does not name.
const (
	// maxZipEntries refuses a zip with more entries: a DOCX holds a few
	// dozen, an OFD of 2,000 pages some 6,000; the central directory of
	// each entry costs memory before any is read.
	maxZipEntries = 20000
	// maxXMLDepth refuses XML nested deeper: WordprocessingML with tables
	// in tables stays under 60 levels, OFD under 20, and the decoder keeps
	// a record of every open element.
	maxXMLDepth = 256
	// ctxCheckEvery is how many XML tokens pass between context checks.
	ctxCheckEvery = 4096
	// maxLocalScan bounds the local headers detectZip walks in a zip
	// whose central directory cannot be read.
	maxLocalScan = 1000
	// maxMarkupGap refuses an XML entry with a longer run of bytes
	// between two '<': the decoder holds a whole text, name or attribute
	// in memory before handing it on, and no part of a DOCX or OFD has a
	// text of megabytes. (A comment or CDATA section may hold '<' and so
	// pass; the isolated worker's memory limit stops those.)
	maxMarkupGap = 8 << 20
)

// detectZip tells a DOCX from an OFD by the names in the zip's central
// directory; any other zip is FormatUnknown. A zip cut short has no
// central directory: its local headers still name the entries, so a
// truncated DOCX or OFD is recognised and its reader says it is truncated
// rather than Extract calling it an unknown format.
func detectZip(data []byte) Format {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return detectLocalHeaders(data)
	}
	for _, f := range zr.File {
		if format := formatOfEntry(f.Name); format != FormatUnknown {
			return format
		}
	}
	return FormatUnknown
}

// formatOfEntry returns the format whose container holds an entry of
// this name: word/document.xml marks a DOCX, OFD.xml an OFD.
func formatOfEntry(name string) Format {
	switch {
	case name == "word/document.xml":
		return FormatDOCX
	case strings.EqualFold(name, "OFD.xml"):
		return FormatOFD
	}
	return FormatUnknown
}

// detectLocalHeaders walks the local file headers from the start of data
// (signature, fixed fields, name; [APPNOTE] 4.3.7) looking for an entry
// name that marks a format. Data descriptors make the compressed size in
// a local header unreliable, so the walk searches for the next signature
// instead of skipping by size.
func detectLocalHeaders(data []byte) Format {
	sig := []byte("PK\x03\x04")
	for i, n := 0, 0; n < maxLocalScan; n++ {
		j := bytes.Index(data[i:], sig)
		if j < 0 {
			break
		}
		h := data[i+j:]
		if len(h) < 30 {
			break
		}
		nameLen := int(binary.LittleEndian.Uint16(h[26:]))
		if len(h) < 30+nameLen {
			break
		}
		if format := formatOfEntry(string(h[30 : 30+nameLen])); format != FormatUnknown {
			return format
		}
		i += j + 4
	}
	return FormatUnknown
}

// zipArchive is an opened DOCX or OFD container whose reads are counted
// against one expansion budget.
type zipArchive struct {
	byName map[string]*zip.File
	byFold map[string]*zip.File // lower-cased names, for producers that vary the case
	budget int64                // bytes decompression may still produce
}

// openZip opens data as a zip container within lim.
func openZip(data []byte, lim Limits) (*zipArchive, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// Entry names are looked up, never written to disk, so an
		// insecure path is harmless here.
		return nil, fmt.Errorf("%w: not a readable zip (cut short, or its central directory damaged): %v", ErrCorrupt, err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("%w: the zip holds %d entries, the limit is %d", ErrTooLarge, len(zr.File), maxZipEntries)
	}
	a := &zipArchive{byName: map[string]*zip.File{}, byFold: map[string]*zip.File{},
		budget: lim.MaxExpandedBytes}
	for _, f := range zr.File {
		// The first of duplicate names wins, as in detectZip.
		if _, dup := a.byName[f.Name]; !dup {
			a.byName[f.Name] = f
		}
		if low := strings.ToLower(f.Name); a.byFold[low] == nil {
			a.byFold[low] = f
		}
	}
	return a, nil
}

// lookup returns the entry of this name, matched exactly or else without
// regard to case, or nil.
func (a *zipArchive) lookup(name string) *zip.File {
	name = strings.TrimPrefix(name, "/")
	if f := a.byName[name]; f != nil {
		return f
	}
	return a.byFold[strings.ToLower(name)]
}

// open returns a reader of the named entry's decompressed bytes, counted
// against the archive's budget; missing entries are an error wrapping
// ErrCorrupt.
func (a *zipArchive) open(name string) (*entryReader, error) {
	f := a.lookup(name)
	if f == nil {
		return nil, fmt.Errorf("%w: no %s in the zip", ErrCorrupt, name)
	}
	if f.Flags&0x1 != 0 {
		return nil, fmt.Errorf("%w: %s is encrypted in the zip", ErrEncrypted, f.Name)
	}
	if f.UncompressedSize64 > uint64(max(a.budget, 0)) {
		return nil, fmt.Errorf("%w: %s expands to %d bytes, over what is left of the %d-byte expansion limit",
			ErrTooLarge, f.Name, f.UncompressedSize64, a.budget)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, f.Name, err)
	}
	return &entryReader{rc: rc, name: f.Name, a: a}, nil
}

// entryReader counts what an entry expands to against the archive's
// budget, whatever its header declared, refuses runs of bytes without
// markup past maxMarkupGap, and names the entry in its errors. Its first
// error sticks: the XML decoder may report the text it was cut off in
// as malformed instead, and this error is the cause.
type entryReader struct {
	rc   io.ReadCloser
	name string
	a    *zipArchive
	gap  int // bytes since the last '<'
	err  error
}

func (r *entryReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.rc.Read(p)
	r.a.budget -= int64(n)
	if i := bytes.LastIndexByte(p[:n], '<'); i >= 0 {
		r.gap = n - i - 1
	} else {
		r.gap += n
	}
	switch {
	case r.a.budget < 0:
		r.err = fmt.Errorf("%w: %s expands past the expansion limit", ErrTooLarge, r.name)
	case r.gap > maxMarkupGap:
		r.err = fmt.Errorf("%w: %s holds more than %d bytes without markup", ErrTooLarge, r.name, maxMarkupGap)
	case errors.Is(err, zip.ErrFormat):
		// archive/zip's only format error while reading: more bytes
		// than the header declares.
		r.err = fmt.Errorf("%w: %s expands past the size its header declares", ErrCorrupt, r.name)
	case err != nil && err != io.EOF:
		// A checksum that does not match, a broken deflate stream, an
		// entry cut short.
		r.err = fmt.Errorf("%w: %s: %v", ErrCorrupt, r.name, err)
	default:
		return n, err
	}
	return 0, r.err
}

func (r *entryReader) Close() error { return r.rc.Close() }

// xmlStream reads the tokens of one XML entry, refusing nesting past
// maxXMLDepth and stopping at the context's end.
type xmlStream struct {
	ctx   context.Context
	name  string
	src   *entryReader
	d     *xml.Decoder
	depth int
	n     int
}

// newXMLStream decodes the entry r. Declared encodings other than UTF-8
// (GB18030 and GBK occur in Chinese producers' OFD files) are converted.
func newXMLStream(ctx context.Context, r *entryReader) *xmlStream {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unknown encoding %q", label)
		}
		return enc.NewDecoder().Reader(in), nil
	}
	return &xmlStream{ctx: ctx, name: r.name, src: r, d: d}
}

// next returns the next token, or io.EOF at the end of the document. The
// token's bytes are the decoder's own until the next call.
func (s *xmlStream) next() (xml.Token, error) {
	s.n++
	if s.n%ctxCheckEvery == 0 {
		if err := s.ctx.Err(); err != nil {
			return nil, err
		}
	}
	tok, err := s.d.Token()
	if err != nil {
		if err == io.EOF {
			// The strict decoder reports an element left open as a
			// syntax error, so EOF is a complete document.
			return nil, io.EOF
		}
		return nil, s.wrap(err)
	}
	switch tok.(type) {
	case xml.StartElement:
		s.depth++
		if s.depth > maxXMLDepth {
			return nil, fmt.Errorf("%w: %s nests elements deeper than %d levels", ErrCorrupt, s.name, maxXMLDepth)
		}
	case xml.EndElement:
		s.depth--
	}
	return tok, nil
}

// skip consumes the rest of the element whose start was just returned.
func (s *xmlStream) skip() error {
	for target := s.depth - 1; s.depth > target; {
		if _, err := s.next(); err != nil {
			return err
		}
	}
	return nil
}

// text returns the character data of the element whose start was just
// returned, up to its end, at most limit bytes of it.
func (s *xmlStream) text(limit int) (string, error) {
	var b strings.Builder
	for target := s.depth - 1; s.depth > target; {
		tok, err := s.next()
		if err != nil {
			return "", err
		}
		if cd, ok := tok.(xml.CharData); ok && b.Len() < limit {
			b.Write(cd[:min(len(cd), limit-b.Len())])
		}
	}
	return b.String(), nil
}

// wrap names the entry in a decoding error; errors of the entry reader
// and the context keep their kind, anything else is malformed XML.
func (s *xmlStream) wrap(err error) error {
	if s.src.err != nil {
		return s.src.err
	}
	for _, kind := range []error{ErrTooLarge, ErrCorrupt, ErrEncrypted, context.DeadlineExceeded, context.Canceled} {
		if errors.Is(err, kind) {
			return err
		}
	}
	return fmt.Errorf("%w: %s: %v", ErrCorrupt, s.name, err)
}

// attr returns the value of the attribute with this local name, ignoring
// its namespace, or "".
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readEntryXML streams the tokens of the named entry to fn, which may
// consume an element with s.skip or s.text. A missing entry is
// reported as such (ErrCorrupt); callers for optional parts look it up
// first.
func (a *zipArchive) readEntryXML(ctx context.Context, name string, fn func(s *xmlStream, tok xml.Token) error) error {
	rc, err := a.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	s := newXMLStream(ctx, rc)
	for {
		tok, err := s.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(s, tok); err != nil {
			return err
		}
	}
}
