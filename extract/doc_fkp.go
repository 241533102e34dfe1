package extract

import (
	"context"
	"fmt"
	"sort"
)

// The sprms the reader looks for, and those whose operands it must size
// specially to walk past them ([MS-DOC] 2.6).
const (
	sprmPFTtp      = 0x2417 // the paragraph ends a table row
	sprmPFInnerTtp = 0x244C // … of a nested table
	sprmCFRMarkDel = 0x0800 // the characters are a tracked deletion
	sprmTDefTable  = 0xD608
	sprmPChgTabs   = 0xC615
)

// docRuns are byte ranges of the WordDocument stream, sorted.
type docRuns [][2]uint32

// has reports whether the byte at fc lies in one of the ranges.
func (rs docRuns) has(fc uint32) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i][1] > fc })
	return i < len(rs) && rs[i][0] <= fc
}

// docRowEnds returns the paragraphs that are table-row ends (TTP). Word
// ends each cell and each row with the same character, 0x07; only the
// paragraph properties in the PAPX FKPs tell a row's end from its last
// cell's.
func docRowEnds(ctx context.Context, word, tbl []byte, fc, lcb uint32) (docRuns, error) {
	return docFKPRuns(ctx, word, tbl, fc, lcb, true, func(grpprl []byte) bool {
		v, ok := docSprmByte(grpprl, sprmPFTtp, sprmPFInnerTtp)
		return ok && v == 1
	})
}

// docDeletions returns the characters that are tracked deletions: Word
// keeps a deleted passage in the text, marked in its CHPX, until the
// change is accepted.
func docDeletions(ctx context.Context, word, tbl []byte, fc, lcb uint32) (docRuns, error) {
	return docFKPRuns(ctx, word, tbl, fc, lcb, false, func(grpprl []byte) bool {
		v, ok := docSprmByte(grpprl, sprmCFRMarkDel)
		return ok && (v == 1 || v == 0x81) // on, or the opposite of the style's off
	})
}

// docFKPRuns returns the runs of the FKPs listed by the PlcBtePapx (papx)
// or PlcBteChpx at tbl[fc:fc+lcb] whose sprms satisfy match.
func docFKPRuns(ctx context.Context, word, tbl []byte, fc, lcb uint32, papx bool, match func([]byte) bool) (docRuns, error) {
	kind := "CHPX"
	if papx {
		kind = "PAPX"
	}
	if lcb == 0 {
		return nil, nil
	}
	plc, ok := docSpan(tbl, fc, lcb)
	if !ok {
		return nil, fmt.Errorf("%w: %s bin table at %d+%d passes the %d-byte table stream", ErrCorrupt, kind, fc, lcb, len(tbl))
	}
	if len(plc) < 4 || (len(plc)-4)%8 != 0 {
		return nil, fmt.Errorf("%w: %s bin table of %d bytes is not n*8+4", ErrCorrupt, kind, len(plc))
	}
	n := (len(plc) - 4) / 8
	// Each FKP is a distinct 512-byte page of the stream; more references
	// than pages would only make a hostile file repeat work.
	if n > len(word)/512 {
		return nil, fmt.Errorf("%w: %s bin table names %d FKPs in a %d-byte stream", ErrCorrupt, kind, n, len(word))
	}
	var runs docRuns
	for i := range n {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pn := docU32(plc, 4*(n+1)+4*i) & 0x3FFFFF
		fkp, ok := docSpan(word, pn*512, 512)
		if !ok {
			return nil, fmt.Errorf("%w: %s FKP page %d passes the %d-byte WordDocument stream", ErrCorrupt, kind, pn, len(word))
		}
		var err error
		if runs, err = docFKP(fkp, papx, match, runs); err != nil {
			return nil, fmt.Errorf("%w: %s FKP page %d: %v", ErrCorrupt, kind, pn, err)
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i][0] < runs[j][0] })
	return runs, nil
}

// docFKP appends to runs those of one PapxFkp or ChpxFkp ([MS-DOC]
// 2.9.175, 2.9.44) that match. Both open with crun+1 FCs and end with
// crun; a PAPX run's entry is a 13-byte BxPap whose first byte, and a CHPX
// run's a single byte, is the word offset of its properties in the page.
func docFKP(fkp []byte, papx bool, match func([]byte) bool, runs docRuns) (docRuns, error) {
	crun := int(fkp[511])
	entry := 1
	if papx {
		entry = 13
	}
	bx := 4 * (crun + 1)
	if crun == 0 || bx+entry*crun > 511 {
		return nil, fmt.Errorf("%d runs", crun)
	}
	for j := range crun {
		off := 2 * int(fkp[bx+entry*j])
		if off == 0 {
			continue // no properties beyond the defaults
		}
		if off+2 > 511 {
			return nil, fmt.Errorf("properties at %d", off)
		}
		// A Chpx is cb and cb bytes of sprms. A PapxInFkp is cb and
		// 2*cb-1 bytes, or, when cb is 0, cb' and 2*cb' bytes; either
		// way an istd of 2 bytes comes before the sprms.
		start, size := off+1, int(fkp[off])
		if papx {
			start, size = off+1, 2*int(fkp[off])-1
			if fkp[off] == 0 {
				start, size = off+2, 2*int(fkp[off+1])
			}
		}
		if start+size > 511 {
			return nil, fmt.Errorf("%d bytes of properties at %d", size, off)
		}
		grpprl := fkp[start : start+size]
		if papx {
			if len(grpprl) < 2 {
				continue
			}
			grpprl = grpprl[2:]
		}
		if match(grpprl) {
			runs = append(runs, [2]uint32{docU32(fkp, 4*j), docU32(fkp, 4*j+4)})
		}
	}
	return runs, nil
}

// docSprmByte returns the first operand byte of the last sprm in grpprl
// that is one of want. A sprm whose operand cannot be sized ends the walk:
// what follows it cannot be read.
func docSprmByte(grpprl []byte, want ...uint16) (v byte, found bool) {
	for i := 0; i+2 <= len(grpprl); {
		sprm := docU16(grpprl, i)
		i += 2
		n := 0
		switch sprm >> 13 { // spra: the operand's size
		case 0, 1:
			n = 1
		case 2, 4, 5:
			n = 2
		case 3:
			n = 4
		case 7:
			n = 3
		case 6:
			if i >= len(grpprl) {
				return v, found
			}
			switch sprm {
			case sprmTDefTable: // a 2-byte cb counting itself minus one
				if i+2 > len(grpprl) {
					return v, found
				}
				n = int(docU16(grpprl, i)) + 1
			case sprmPChgTabs:
				n = 1 + int(grpprl[i])
				if grpprl[i] == 255 {
					n = docChgTabsSize(grpprl[i+1:])
				}
			default:
				n = 1 + int(grpprl[i])
			}
		}
		if n <= 0 || i+n > len(grpprl) {
			return v, found
		}
		for _, w := range want {
			if sprm == w {
				v, found = grpprl[i], true
			}
		}
		i += n
	}
	return v, found
}

// docChgTabsSize sizes a sprmPChgTabs operand whose cb is 255: a
// PChgTabsDelClose (count, 4 bytes a tab) then a PChgTabsAdd (count, 3
// bytes a tab), after the cb byte. It returns 0 when b is too short.
func docChgTabsSize(b []byte) int {
	if len(b) < 1 {
		return 0
	}
	del := 1 + 4*int(b[0])
	if del >= len(b) {
		return 0
	}
	return 1 + del + 1 + 3*int(b[del])
}
