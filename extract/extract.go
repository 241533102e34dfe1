// Package extract reads the text out of the attachments government portals
// publish — PDF, DOCX, DOC/WPS and OFD — so that the corpus readers and the
// section parser see them as they see a text report.
//
// A format is picked by the file's content (its magic bytes and, for zip
// containers, the names inside), never by its extension. Every reader is
// bounded: it refuses inputs over Limits, stops at the context's deadline,
// and never panics on hostile bytes; its errors name the file and say what
// is wrong with it. Extract runs a reader in this process; the isolated
// runner (see Isolated) runs it in a child process with a hard memory and
// time limit, which is how ingest uses it.
//
// The package knows nothing of the archive or the index.
package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"
)

// Format names a file format recognised by its content.
type Format string

// The formats Lantai extracts.
const (
	FormatUnknown Format = ""
	FormatPDF     Format = "pdf"
	FormatDOCX    Format = "docx"
	FormatDOC     Format = "doc" // the binary Word format; WPS files share it
	FormatOFD     Format = "ofd"
)

// Result is what a reader took out of one file.
type Result struct {
	// Format is the format the content was recognised as.
	Format Format `json:"format"`
	// Text is the body in reading order, one paragraph per line ("\n"),
	// page headers, footers and page numbers removed.
	Text string `json:"text"`
	// Pages is the number of pages read (0 where the format has none).
	Pages int `json:"pages,omitempty"`
	// Title, DocNo and Date are metadata the reader found in the file's
	// own properties or its first page's layout; empty when not found.
	// Date is YYYY-MM-DD.
	Title string `json:"title,omitempty"`
	DocNo string `json:"doc_no,omitempty"`
	Date  string `json:"date,omitempty"`
}

// Limits bound one extraction. The zero value of a field means its default.
type Limits struct {
	// MaxInputBytes refuses larger files (default 200 MiB).
	MaxInputBytes int64
	// MaxExpandedBytes bounds what decompression may produce in total:
	// zip entries, PDF streams (default 256 MiB).
	MaxExpandedBytes int64
	// MaxPages refuses documents with more pages (default 2,000).
	MaxPages int
	// MaxTextBytes stops a document whose text grows past it (default 32 MiB).
	MaxTextBytes int
	// Timeout bounds the whole extraction (default 10 s).
	Timeout time.Duration
	// MaxMemoryBytes bounds the isolated child's memory (default 512 MiB);
	// Extract in this process cannot enforce it.
	MaxMemoryBytes int64
}

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	if l.MaxInputBytes <= 0 {
		l.MaxInputBytes = 200 << 20
	}
	if l.MaxExpandedBytes <= 0 {
		l.MaxExpandedBytes = 256 << 20
	}
	if l.MaxPages <= 0 {
		l.MaxPages = 2000
	}
	if l.MaxTextBytes <= 0 {
		l.MaxTextBytes = 32 << 20
	}
	if l.Timeout <= 0 {
		l.Timeout = 10 * time.Second
	}
	if l.MaxMemoryBytes <= 0 {
		l.MaxMemoryBytes = 512 << 20
	}
	return l
}

// Errors a reader returns, wrapped in an *Error naming the file.
var (
	// ErrUnsupported: the content is none of the formats above.
	ErrUnsupported = errors.New("not a PDF, DOCX, DOC/WPS or OFD file")
	// ErrNoTextLayer: a PDF or OFD whose pages hold no text (a scan).
	ErrNoTextLayer = errors.New("no text layer (a scanned document?)")
	// ErrEncrypted: the file is password-protected.
	ErrEncrypted = errors.New("encrypted or password-protected")
	// ErrTooLarge: the file, its expansion, its pages or its text pass Limits.
	ErrTooLarge = errors.New("over the extraction limits")
	// ErrCorrupt: the file is truncated or malformed.
	ErrCorrupt = errors.New("truncated or malformed")
	// ErrTimeout: the extraction ran past Limits.Timeout.
	ErrTimeout = errors.New("extraction timed out")
)

// Error is an extraction failure for one named file.
type Error struct {
	Name   string // the file, as the caller named it
	Format Format // what the content was recognised as, if anything
	Err    error  // one of the Err* values above, possibly wrapped with detail
}

func (e *Error) Error() string {
	if e.Format != FormatUnknown {
		return fmt.Sprintf("%s (%s): %v", e.Name, e.Format, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Name, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// reader extracts one format. It must honour ctx and lim and return one of
// the Err* values (wrapped with detail) on failure.
type reader func(ctx context.Context, data []byte, lim Limits) (Result, error)

// readers maps each format to its reader; each format's file registers
// itself in an init function.
var readers = map[Format]reader{}

// Detect recognises a format by content: %PDF- within the first 1 KiB; a
// zip holding word/document.xml (DOCX) or OFD.xml (OFD); an OLE2 compound
// file holding a WordDocument stream (DOC/WPS). Anything else is
// FormatUnknown.
func Detect(data []byte) Format {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return FormatPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return detectZip(data)
	case bytes.HasPrefix(data, oleMagic):
		return FormatDOC
	}
	return FormatUnknown
}

// oleMagic opens every OLE2 compound file (DOC, WPS, XLS, encrypted OOXML).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Extract reads the text of data, named name for errors, in this process.
// It recognises the format by content, then runs its reader within lim.
func Extract(ctx context.Context, name string, data []byte, lim Limits) (Result, error) {
	lim = lim.withDefaults()
	format := Detect(data)
	read := readers[format]
	if read == nil {
		return Result{}, &Error{Name: name, Format: format, Err: ErrUnsupported}
	}
	if int64(len(data)) > lim.MaxInputBytes {
		return Result{}, &Error{Name: name, Format: format,
			Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), lim.MaxInputBytes)}
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	res, err := read(ctx, data, lim)
	if err == nil && ctx.Err() != nil {
		err = ErrTimeout
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w after %s", ErrTimeout, lim.Timeout)
		}
		return Result{}, &Error{Name: name, Format: format, Err: err}
	}
	res.Format = format
	return res, nil
}
