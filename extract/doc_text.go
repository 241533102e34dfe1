package extract

import (
	"context"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// docPiece is one Pcd of the piece table: the characters [cpStart, cpEnd)
// stored from byte fc of the WordDocument stream, one byte each when
// compressed, else two (UTF-16LE).
type docPiece struct {
	cpStart, cpEnd uint32
	fc             uint32
	compressed     bool
}

// docParseClx finds the piece table (Pcdt) in the CLX at tbl[fc:fc+lcb],
// skipping the Prc property records in front of it ([MS-DOC] 2.9.38).
func docParseClx(tbl []byte, fc, lcb uint32) ([]docPiece, error) {
	clx, ok := docSpan(tbl, fc, lcb)
	if !ok {
		return nil, fmt.Errorf("%w: CLX at %d+%d passes the %d-byte table stream", ErrCorrupt, fc, lcb, len(tbl))
	}
	for i := 0; i < len(clx); {
		switch clx[i] {
		case 0x01: // Prc: clxt, cbGrpprl, grpprl
			if i+3 > len(clx) {
				return nil, fmt.Errorf("%w: CLX ends inside a Prc", ErrCorrupt)
			}
			cb := int(int16(docU16(clx, i+1)))
			if cb < 0 || i+3+cb > len(clx) {
				return nil, fmt.Errorf("%w: CLX Prc of %d bytes passes its end", ErrCorrupt, cb)
			}
			i += 3 + cb
		case 0x02: // Pcdt: clxt, lcb, PlcPcd
			if i+5 > len(clx) {
				return nil, fmt.Errorf("%w: CLX ends inside the Pcdt", ErrCorrupt)
			}
			plc, ok := docSpan(clx[i+5:], 0, docU32(clx, i+1))
			if !ok {
				return nil, fmt.Errorf("%w: piece table of %d bytes passes the CLX's end", ErrCorrupt, docU32(clx, i+1))
			}
			return docParsePlcPcd(plc)
		default:
			return nil, fmt.Errorf("%w: CLX entry type %#02x", ErrCorrupt, clx[i])
		}
	}
	return nil, fmt.Errorf("%w: CLX holds no piece table", ErrCorrupt)
}

// docParsePlcPcd reads a PlcPcd: n+1 character positions, then n 8-byte
// Pcds whose bytes 2–5 are the FcCompressed of the piece.
func docParsePlcPcd(plc []byte) ([]docPiece, error) {
	if len(plc) < 4+12 || (len(plc)-4)%12 != 0 {
		return nil, fmt.Errorf("%w: piece table of %d bytes is not n*12+4", ErrCorrupt, len(plc))
	}
	n := (len(plc) - 4) / 12
	pieces := make([]docPiece, n)
	for i := range pieces {
		p := &pieces[i]
		p.cpStart, p.cpEnd = docU32(plc, 4*i), docU32(plc, 4*i+4)
		if p.cpEnd < p.cpStart {
			return nil, fmt.Errorf("%w: piece table positions not ascending (%d after %d)", ErrCorrupt, p.cpEnd, p.cpStart)
		}
		fc := docU32(plc, 4*(n+1)+8*i+2)
		p.compressed = fc&(1<<30) != 0
		p.fc = fc &^ (3 << 30)
		if p.compressed {
			p.fc /= 2 // a compressed piece's bytes start at fc/2 ([MS-DOC] 2.9.73)
		}
	}
	return pieces, nil
}

// docCompressedRunes maps the bytes of a compressed piece that are not
// their own code point ([MS-DOC] 2.4.1); every other byte is.
var docCompressedRunes = map[byte]rune{
	0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020,
	0x87: 0x2021, 0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039,
	0x8C: 0x0152, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D,
	0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC, 0x99: 0x2122,
	0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9F: 0x0178,
}

// docMainText decodes the first ccpText characters — the main document —
// from the pieces, in character-position order, into w.
func docMainText(ctx context.Context, word []byte, pieces []docPiece, ccpText uint32, w *docWriter) (string, error) {
	if last := pieces[len(pieces)-1].cpEnd; ccpText > last {
		return "", fmt.Errorf("%w: FIB's ccpText %d passes the piece table's %d characters", ErrCorrupt, ccpText, last)
	}
	for _, p := range pieces {
		hi := min(p.cpEnd, ccpText)
		if p.cpStart >= hi {
			continue
		}
		n := hi - p.cpStart
		width := uint32(2)
		if p.compressed {
			width = 1
		}
		var b []byte
		ok := uint64(n)*uint64(width) <= uint64(len(word))
		if ok {
			b, ok = docSpan(word, p.fc, n*width)
		}
		if !ok {
			return "", fmt.Errorf("%w: piece of %d characters at %d passes the %d-byte WordDocument stream", ErrCorrupt, n, p.fc, len(word))
		}
		for i := uint32(0); i < n; i++ {
			if i&0xFFFF == 0 {
				if err := ctx.Err(); err != nil {
					return "", err
				}
			}
			fc := p.fc + i*width
			var r rune
			switch {
			case p.compressed:
				r = rune(b[i])
				if m, ok := docCompressedRunes[b[i]]; ok {
					r = m
				}
			default:
				r = rune(docU16(b, int(2*i)))
				if utf16.IsSurrogate(r) && i+1 < n {
					if pair := utf16.DecodeRune(r, rune(docU16(b, int(2*i+2)))); pair != utf8.RuneError {
						r = pair
						i++
					}
				}
			}
			if w.deleted.has(fc) {
				continue
			}
			if err := w.put(r, fc); err != nil {
				return "", err
			}
		}
	}
	return w.text(), nil
}

// docWriter turns Word's characters into text, one paragraph a line.
type docWriter struct {
	rows    docRuns // the table-row ends
	deleted docRuns // the tracked deletions, left out
	max     int     // Limits.MaxTextBytes

	buf    []byte
	fields []bool // the open fields, innermost last: true once past the separator
	inCode int    // open fields still in their code, which is not shown
}

// docMaxFieldDepth bounds the fields open at once. Word nests a few (a
// PAGE in an IF in a hyperlink); a run of field-begin characters only
// makes the stack grow.
const docMaxFieldDepth = 1 << 10

// put writes r, stored at byte fc, mapping Word's control characters
// ([MS-DOC] 2.4.3 and 2.8.25).
func (w *docWriter) put(r rune, fc uint32) error {
	switch r {
	case 0x13: // field begin: its code follows
		if len(w.fields) == docMaxFieldDepth {
			return fmt.Errorf("%w: fields nested over %d deep", ErrCorrupt, docMaxFieldDepth)
		}
		w.fields = append(w.fields, false)
		w.inCode++
		return nil
	case 0x14: // field separator: its result follows
		if k := len(w.fields) - 1; k >= 0 && !w.fields[k] {
			w.fields[k] = true
			w.inCode--
		}
		return nil
	case 0x15: // field end
		if k := len(w.fields) - 1; k >= 0 {
			if !w.fields[k] {
				w.inCode--
			}
			w.fields = w.fields[:k]
		}
		return nil
	}
	if w.inCode > 0 {
		return nil
	}
	switch {
	case r == 0x0D, r == 0x0B, r == 0x0C, r == 0x0E, r == 0x0A:
		// paragraph end, line break, page or section break, column
		// break, and the line feed some converters write
		w.buf = append(w.buf, '\n')
	case r == 0x07 && w.rows.has(fc):
		if n := len(w.buf); n > 0 && w.buf[n-1] == '\t' {
			w.buf = w.buf[:n-1] // the last cell's tab: the row ends instead
		}
		w.buf = append(w.buf, '\n')
	case r == 0x07, r == 0x09: // cell end, tab
		w.buf = append(w.buf, '\t')
	case r == 0x1E: // non-breaking hyphen
		w.buf = append(w.buf, '-')
	case r < 0x20:
		// pictures (0x01), drawn objects (0x08), optional hyphens (0x1F),
		// note and comment marks: nothing of the text
	default:
		w.buf = utf8.AppendRune(w.buf, r)
	}
	if len(w.buf) > w.max {
		return fmt.Errorf("%w: text passes %d bytes", ErrTooLarge, w.max)
	}
	return nil
}

// text returns what was written, without the document's final paragraph
// marks.
func (w *docWriter) text() string {
	end := len(w.buf)
	for end > 0 && (w.buf[end-1] == '\n' || w.buf[end-1] == ' ' || w.buf[end-1] == '\t') {
		end--
	}
	return string(w.buf[:end])
}
