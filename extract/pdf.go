//go:build cgo && !nocgo && (linux || darwin)

package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
)

// The PDF reader: MuPDF (pdf_mupdf.go) finds the lines of text on each
// page with their positions, pdf_layout.go makes them a report's text and
// pdf_meta.go finds its title, document number and date.

func init() {
	readers[FormatPDF] = readPDF
}

// pdfMinHeap is the least heap MuPDF is given.
const pdfMinHeap = 64 << 20

// readPDF extracts the text of a PDF. Before reading a page it refuses a
// file that needs a password, has more than lim.MaxPages pages, was cut
// short, or whose streams decode to more than lim.MaxExpandedBytes; it
// stops when the text passes lim.MaxTextBytes or ctx ends, or MuPDF needs
// more memory than its cap. A PDF whose pages hold no text is
// ErrNoTextLayer.
//
// MuPDF's heap is capped at a quarter of lim.MaxMemoryBytes (what the
// isolated worker may take in all) or lim.MaxExpandedBytes if less, but
// never below pdfMinHeap: MuPDF cannot even start in less, and a context
// that fails half made ends the process.
func readPDF(ctx context.Context, data []byte, lim Limits) (res Result, err error) {
	defer func() {
		// The Go side of the reader indexes what MuPDF returned; a bug
		// there must not take the process down with it.
		if r := recover(); r != nil {
			res, err = Result{}, fmt.Errorf("%w: the PDF reader failed: %v", ErrCorrupt, r)
		}
	}()
	heap := max(min(lim.MaxMemoryBytes/4, lim.MaxExpandedBytes), pdfMinHeap)
	doc, err := openMuPDF(data, heap)
	if err != nil {
		return Result{}, pdfError(ctx, err, heap, "")
	}
	defer doc.close()
	stop := context.AfterFunc(ctx, doc.abort)
	defer stop()

	locked, err := doc.needsPassword()
	if err != nil {
		return Result{}, pdfError(ctx, err, heap, "")
	}
	if locked {
		return Result{}, fmt.Errorf("%w: it needs a password to open", ErrEncrypted)
	}
	// MuPDF rebuilds a damaged cross-reference table and reads what is
	// left; a file that needed it and has no end is a cut-off download
	// whose text would be silently short. It may rebuild at opening or,
	// for a broken object, at the page that needs it.
	cutShort := func() bool {
		return doc.repaired() && !bytes.Contains(data[max(0, len(data)-1024):], []byte("%%EOF"))
	}
	errCutShort := fmt.Errorf("%w: cut short (no %%%%EOF at the end, the cross-reference table is gone)", ErrCorrupt)
	if cutShort() {
		return Result{}, errCutShort
	}
	n, err := doc.countPages()
	if err != nil {
		return Result{}, pdfError(ctx, err, heap, "")
	}
	switch {
	case n <= 0:
		return Result{}, fmt.Errorf("%w: no pages", ErrCorrupt)
	case n > lim.MaxPages:
		return Result{}, fmt.Errorf("%w: %d pages, the limit is %d", ErrTooLarge, n, lim.MaxPages)
	}
	expanded, err := doc.expanded(lim.MaxExpandedBytes)
	if err != nil {
		return Result{}, pdfError(ctx, err, heap, "")
	}
	if expanded > lim.MaxExpandedBytes {
		return Result{}, fmt.Errorf("%w: its streams decode to more than %s", ErrTooLarge, pdfSize(lim.MaxExpandedBytes))
	}

	pages := make([]pdfPage, 0, n)
	textBytes := 0
	for i := range n {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		// Records carry about 60 bytes of position per line besides
		// the text; twice the text left and some is a bound on them.
		records, over, w, h, err := doc.page(i, 2*(lim.MaxTextBytes-textBytes)+256<<10)
		if err != nil {
			return Result{}, pdfError(ctx, err, heap, fmt.Sprintf("page %d: ", i+1))
		}
		recs := parseRecords(records)
		for _, r := range recs {
			textBytes += len(r.text)
		}
		if over || textBytes > lim.MaxTextBytes {
			return Result{}, fmt.Errorf("%w: the text passes %s by page %d", ErrTooLarge, pdfSize(int64(lim.MaxTextBytes)), i+1)
		}
		pages = append(pages, orientPage(recs, w, h))
	}
	if cutShort() {
		return Result{}, errCutShort
	}
	lay := layoutPDF(pages)
	if lay.letters == 0 {
		return Result{}, fmt.Errorf("%w: none of its %d pages has text", ErrNoTextLayer, n)
	}
	return Result{Text: lay.text, Pages: n, Title: lay.title, DocNo: lay.docNo, Date: lay.date}, nil
}

// pdfError turns a MuPDF failure into the Err* value it is; heap is the
// cap MuPDF ran under, where says where it failed ("page 3: " or "").
func pdfError(ctx context.Context, err error, heap int64, where string) error {
	var me *mupdfError
	if !errors.As(err, &me) {
		return fmt.Errorf("%w: %s%v", ErrCorrupt, where, err)
	}
	switch {
	case me.over:
		return fmt.Errorf("%w: %sit needs more than %s of memory", ErrTooLarge, where, pdfSize(heap))
	case me.code == mupdfErrAbort:
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return ErrTimeout
	case me.code == mupdfErrStart:
		return fmt.Errorf("%w: %s", ErrUnsupported, me.msg)
	case strings.Contains(me.msg, "crypt") || strings.Contains(me.msg, "password"):
		// MuPDF opens neither unknown security handlers (SM4, PubSec)
		// nor broken encryption dictionaries.
		return fmt.Errorf("%w: %s%s", ErrEncrypted, where, me.msg)
	}
	return fmt.Errorf("%w: %s%s", ErrCorrupt, where, me.msg)
}

// pdfSize says n bytes in MiB where that is exact.
func pdfSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
