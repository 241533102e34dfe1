package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
)

// ErrUnreadable marks an input that Lantai refuses to store: binary data,
// text in no supported encoding, or a layout with no report in it.
var ErrUnreadable = errors.New("unreadable input")

// InputError names one input (a file, or a row of a collection file) that
// could not be read, and why.
type InputError struct {
	// Source is the file name, with "#N" for row N of a collection file.
	Source string
	// Err is the reason.
	Err error
}

// Error implements error.
func (e *InputError) Error() string { return e.Source + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *InputError) Unwrap() error { return e.Err }

// input is what every reader receives: the source name, the raw bytes and,
// for whole-file layouts, the decoded text.
type input struct {
	// Name is the source name recorded in Report.Source (slash-separated).
	Name string
	// Data is the file exactly as received.
	Data []byte
	// Text is Data decoded to UTF-8, BOM stripped, CRLF/CR folded to LF.
	Text string
	// Encoding is the detected encoding of Data (see Decode).
	Encoding string
}

// readerFunc parses one input into documents; errs holds per-row failures
// of collection files or the single reason a whole file failed.
type readerFunc func(in input) (docs []Document, errs []error)

// streamReader parses one input, handing each document to each as it is
// read; it returns the errors as readerFunc does.
type streamReader func(in input, each func(Document)) []error

// whole makes a streamReader of a reader that parses its input whole.
func whole(read readerFunc) streamReader {
	return func(in input, each func(Document)) []error {
		docs, errs := read(in)
		for _, d := range docs {
			each(d)
		}
		return errs
	}
}

// Read parses one input file named name (the source recorded for it) and
// returns every report found in it. A collection file (TSV, CSV, JSON Lines)
// may yield documents and per-row errors together; every error is an
// *InputError naming the file or row.
func Read(name string, data []byte) ([]Document, []error) {
	var docs []Document
	errs := ReadEach(name, data, func(d Document) { docs = append(docs, d) })
	return docs, errs
}

// ReadEach is Read handing each document to each as soon as it is read, in
// the order of the input: a JSON Lines file line by line, so that a
// crawler's export of thousands of reports is never held parsed whole
// (ingest keeps memory flat and the collector idle).
func ReadEach(name string, data []byte, each func(Document)) []error {
	fail := func(err error) []error {
		return []error{&InputError{Source: name, Err: err}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(fmt.Errorf("%w: the file is empty", ErrUnreadable))
	}
	text, enc, err := Decode(data)
	if err != nil {
		return fail(err)
	}
	in := input{Name: name, Data: data, Text: text, Encoding: enc}
	found := 0
	count := func(d Document) {
		found++
		each(d)
	}
	errs := pickReader(name, text)(in, count)
	if found == 0 && len(errs) == 0 {
		return fail(fmt.Errorf("%w: no report found", ErrUnreadable))
	}
	for i := range errs {
		var ie *InputError
		if !errors.As(errs[i], &ie) {
			errs[i] = &InputError{Source: name, Err: errs[i]}
		}
	}
	return errs
}

// pickReader chooses a reader by file extension, then by content.
func pickReader(name, text string) streamReader {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".shtml", ".xhtml":
		return whole(readHTML)
	case ".md", ".markdown":
		return whole(readMarkdown)
	case ".csv":
		return whole(readCSV)
	case ".jsonl", ".ndjson":
		return readJSONLEach
	case ".tsv":
		return whole(readTSV)
	}
	head := strings.TrimSpace(text)
	switch {
	case strings.HasPrefix(head, "<") && (path.Ext(strings.ToLower(name)) != ".txt" || isHTMLDocument(head)):
		// A .txt file is HTML only when it says it is a page: one that
		// merely starts with markup (<script>…) is text, and stays text.
		return whole(readHTML)
	case strings.HasPrefix(head, "{"):
		return readJSONLEach
	case looksLikeTSV(text):
		return whole(readTSV)
	case looksLikeDateline(text):
		return whole(readDateline)
	}
	return whole(readTextReport)
}

// isHTMLDocument reports text that opens as an HTML page does.
func isHTMLDocument(head string) bool {
	h := strings.ToLower(head[:min(len(head), 64)])
	return strings.HasPrefix(h, "<!doctype html") || strings.HasPrefix(h, "<html") || strings.HasPrefix(h, "<?xml")
}

// SHA256Hex returns the hex SHA-256 of b, the content address of an original.
func SHA256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
