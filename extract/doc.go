package extract

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/richardlehane/mscfb"
)

func init() { readers[FormatDOC] = readDOC }

// The FIB fields the reader uses, as offsets into the WordDocument stream
// or bits of FibBase's flags ([MS-DOC] 2.5.1–2.5.2).
const (
	fibIdent       = 0xA5EC // FibBase.wIdent of every Word binary file
	fibMinNFib     = 0x00C0 // Word 97 and later; Word 6/95 use 101–106
	fibFlagsOff    = 10     // FibBase's flags word
	fibEncrypted   = 1 << 8 // fEncrypted
	fibWhichTblStm = 1 << 9 // fWhichTblStm: the table stream is 1Table
	fibObfuscated  = 1 << 15
	fibBaseSize    = 32
	fibLwCcpText   = 12 // FibRgLw97.ccpText
	fibPairBteChpx = 12 // pair index of fcPlcfBteChpx/lcbPlcfBteChpx
	fibPairBtePapx = 13 // … of fcPlcfBtePapx/lcbPlcfBtePapx
	fibPairClx     = 33 // pair index of fcClx/lcbClx
	fibMinPairs    = fibPairClx + 1
)

// docFIB holds what the reader needs from a File Information Block.
type docFIB struct {
	flags                 uint16
	ccpText               uint32
	fcClx, lcbClx         uint32
	fcBteChpx, lcbBteChpx uint32
	fcBtePapx, lcbBtePapx uint32
}

// readDOC is the DOC/WPS reader: the binary Word 97–2003 format of
// [MS-DOC]. Kingsoft WPS Office (WPS 2000 and later) writes its .wps files
// in the same compound-file layout — a WordDocument stream, a 0Table or
// 1Table stream, the same FIB and piece table, with WPS's own additions,
// which are ignored — so they are read here too, told apart from other
// OLE2 files by their WordDocument stream, never by their extension. (A
// Microsoft Works .wps has no WordDocument stream and is unsupported; a
// DOS-era WPS file is not OLE2 at all.)
//
// It takes the main document's text through the piece table (so
// fast-saved documents read as well as fully saved ones), maps Word's
// control characters to lines, table rows to lines of tab-separated
// cells, keeps the results of fields and drops their codes, leaves out
// tracked deletions, and takes the title from the SummaryInformation
// property set. It does not read Word 6/95 files (their FIB has another
// layout and their text no table stream), headers, footers, footnotes,
// comments or text boxes (none belong to the body), nor decrypt
// password-protected files; Pages, DocNo and Date stay empty.
//
// mscfb trusts the sector chains it follows and may panic on hostile
// ones; the panic is taken as what it means, a malformed file.
func readDOC(ctx context.Context, data []byte, lim Limits) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = Result{}, fmt.Errorf("%w: compound file: %v", ErrCorrupt, p)
		}
	}()
	cf, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return Result{}, fmt.Errorf("%w: compound file: %v", ErrCorrupt, err)
	}
	streams := oleRootStreams(cf)
	wordFile := streams["WordDocument"]
	if wordFile == nil {
		if streams["EncryptedPackage"] != nil {
			// Office encrypts a DOCX (or XLSX) by wrapping it in an
			// OLE2 file with the package in this stream.
			return Result{}, fmt.Errorf("%w: an encrypted Office Open XML document", ErrEncrypted)
		}
		return Result{}, fmt.Errorf("%w: an OLE2 compound file without a WordDocument stream (a spreadsheet or presentation?)", ErrUnsupported)
	}
	budget := lim.MaxExpandedBytes
	word, err := oleReadStream(wordFile, len(data), &budget)
	if err != nil {
		return Result{}, err
	}
	f, err := docParseFIB(word)
	if err != nil {
		return Result{}, err
	}
	tblName := "0Table"
	if f.flags&fibWhichTblStm != 0 {
		tblName = "1Table"
	}
	tblFile := streams[tblName]
	if tblFile == nil {
		return Result{}, fmt.Errorf("%w: no %s stream", ErrCorrupt, tblName)
	}
	tbl, err := oleReadStream(tblFile, len(data), &budget)
	if err != nil {
		return Result{}, err
	}
	pieces, err := docParseClx(tbl, f.fcClx, f.lcbClx)
	if err != nil {
		return Result{}, err
	}
	w := &docWriter{max: lim.MaxTextBytes}
	if w.rows, err = docRowEnds(ctx, word, tbl, f.fcBtePapx, f.lcbBtePapx); err != nil {
		return Result{}, err
	}
	if w.deleted, err = docDeletions(ctx, word, tbl, f.fcBteChpx, f.lcbBteChpx); err != nil {
		return Result{}, err
	}
	text, err := docMainText(ctx, word, pieces, f.ccpText, w)
	if err != nil {
		return Result{}, err
	}
	return Result{Text: text, Title: docTitle(streams["SummaryInformation"], len(data))}, nil
}

// oleRootStreams maps the names of the streams at the root of cf to them.
// Streams inside storages belong to embedded objects (an ObjectPool may
// hold a whole Word document of its own) and are left out.
func oleRootStreams(cf *mscfb.Reader) map[string]*mscfb.File {
	m := make(map[string]*mscfb.File)
	for _, f := range cf.File {
		if len(f.Path) == 0 && !f.FileInfo().IsDir() {
			if _, dup := m[f.Name]; !dup {
				m[f.Name] = f
			}
		}
	}
	return m
}

// oleReadStream reads the whole of f, charging its size to budget. A stream
// cannot hold more than the file it is in, so a larger declared size is a
// malformed directory entry, refused before anything is allocated.
func oleReadStream(f *mscfb.File, fileSize int, budget *int64) ([]byte, error) {
	if f.Size > int64(fileSize) {
		return nil, fmt.Errorf("%w: stream %s declares %d bytes in a %d-byte file", ErrCorrupt, f.Name, f.Size, fileSize)
	}
	if f.Size > *budget {
		return nil, fmt.Errorf("%w: stream %s holds %d bytes, over what is left of the %d-byte expansion limit", ErrTooLarge, f.Name, f.Size, *budget)
	}
	*budget -= f.Size
	buf := make([]byte, f.Size)
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, fmt.Errorf("%w: stream %s: %v", ErrCorrupt, f.Name, err)
	}
	return buf, nil
}

// docParseFIB reads the FIB at the start of the WordDocument stream. Its
// variable parts (FibRgW97, FibRgLw97, FibRgFcLcb) are located by the
// counts in front of each, not by fixed offsets, and each is checked to
// lie inside the stream.
func docParseFIB(word []byte) (docFIB, error) {
	var f docFIB
	if len(word) < fibBaseSize+2 {
		return f, fmt.Errorf("%w: WordDocument stream of %d bytes has no FIB", ErrCorrupt, len(word))
	}
	if id := docU16(word, 0); id != fibIdent {
		return f, fmt.Errorf("%w: FIB identifier %#04x, not %#04x", ErrCorrupt, id, fibIdent)
	}
	f.flags = docU16(word, fibFlagsOff)
	if f.flags&(fibEncrypted|fibObfuscated) != 0 {
		return f, fmt.Errorf("%w: the FIB marks the document encrypted", ErrEncrypted)
	}
	if nFib := docU16(word, 2); nFib < fibMinNFib {
		return f, fmt.Errorf("%w: a Word 6/95 document (nFib %d); only Word 97 and later are read", ErrUnsupported, nFib)
	}
	off := fibBaseSize
	csw := int(docU16(word, off))
	off += 2 + 2*csw // FibRgW97
	if off+2 > len(word) {
		return f, fmt.Errorf("%w: FIB's FibRgW97 (%d words) passes the stream's end", ErrCorrupt, csw)
	}
	cslw := int(docU16(word, off))
	lw := off + 2
	off = lw + 4*cslw // FibRgLw97
	if cslw*4 < fibLwCcpText+4 || off+2 > len(word) {
		return f, fmt.Errorf("%w: FIB's FibRgLw97 (%d longs) is short or passes the stream's end", ErrCorrupt, cslw)
	}
	f.ccpText = docU32(word, lw+fibLwCcpText)
	if int32(f.ccpText) < 0 {
		return f, fmt.Errorf("%w: FIB's ccpText %d is negative", ErrCorrupt, int32(f.ccpText))
	}
	pairs := int(docU16(word, off))
	blob := off + 2
	if pairs < fibMinPairs || blob+8*pairs > len(word) {
		return f, fmt.Errorf("%w: FIB's FibRgFcLcb (%d pairs) is short or passes the stream's end", ErrCorrupt, pairs)
	}
	f.fcClx, f.lcbClx = docU32(word, blob+8*fibPairClx), docU32(word, blob+8*fibPairClx+4)
	f.fcBteChpx, f.lcbBteChpx = docU32(word, blob+8*fibPairBteChpx), docU32(word, blob+8*fibPairBteChpx+4)
	f.fcBtePapx, f.lcbBtePapx = docU32(word, blob+8*fibPairBtePapx), docU32(word, blob+8*fibPairBtePapx+4)
	return f, nil
}

// docU16 and docU32 read little-endian integers at off; callers check bounds.
func docU16(b []byte, off int) uint16 { return binary.LittleEndian.Uint16(b[off:]) }
func docU32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }

// docSpan returns b[off:off+n] when it lies inside b, computing in 64 bits so
// that no offset from the file can wrap around.
func docSpan(b []byte, off, n uint32) ([]byte, bool) {
	end := uint64(off) + uint64(n)
	if end > uint64(len(b)) {
		return nil, false
	}
	return b[off:end], true
}
