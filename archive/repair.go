package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/zstd"

	"github.com/lantai/lantai/corpus"
)

// RepairResult is what Repair did.
type RepairResult struct {
	// Packs are the damaged packs moved to archive/damaged/.
	Packs []string
	// Salvaged counts the records read back from them and stored again,
	// with their originals where those were readable too.
	Salvaged int
	// Superseded counts salvaged records a newer pack had replaced:
	// nothing needed them.
	Superseded int
	// Lost names what could not be read back: the frames after a
	// truncation, deletions the lost index held.
	Lost []string
}

// damagedDir holds packs Repair moved out of packs/.
const damagedDir = "damaged"

// Repair salvages the packs whose index cannot be read (a pack cut short,
// its end damaged): it walks their zstd frames from the start, reads
// every frame that is whole, splits each into its original and record
// (the record holds its latest version's SHA-256, which the original must
// hash to), stores again every record newer than the catalogue's, and
// moves the pack to archive/damaged/, where nothing reads it. A damaged
// pack's deletions are lost with its index: a report it deleted comes
// back. What a truncation cut off is lost too; ingesting the originals
// again restores it.
func (a *Archive) Repair(ctx context.Context) (RepairResult, error) {
	var res RepairResult
	if a.readOnly {
		return res, fmt.Errorf("repair %s: %w", a.dir, ErrReadOnly)
	}
	seqs, err := a.packNumbers()
	if err != nil {
		return res, err
	}
	for _, seq := range seqs {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		path := filepath.Join(a.packsDir(), packName(seq))
		if _, err := readPackIndex(path); err == nil {
			continue
		}
		if err := a.salvagePack(seq, path, &res); err != nil {
			return res, err
		}
		dst := filepath.Join(a.dir, damagedDir, packName(seq))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return res, err
		}
		if err := os.Rename(path, dst); err != nil {
			return res, fmt.Errorf("repair: moving %s aside: %w", path, err)
		}
		res.Packs = append(res.Packs, path)
	}
	return res, nil
}

// salvagePack stores again what pack seq holds that the archive needs.
func (a *Archive) salvagePack(seq uint64, path string, res *RepairResult) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if len(data) < len(packMagic) || string(data[:len(packMagic)]) != packMagic {
		res.Lost = append(res.Lost, fmt.Sprintf("pack %s: not an LTPACK02 pack; nothing salvaged", path))
		return nil
	}
	var pending []byte // an original whose record is in the next frame
	for off := len(packMagic); off < len(data); {
		n, content, err := nextFrame(data[off:])
		if err != nil {
			res.Lost = append(res.Lost, fmt.Sprintf("pack %s: from offset %d on (%d bytes): %v", path, off, len(data)-off, err))
			break
		}
		off += n
		rec, original, ok := splitFrame(content)
		if !ok {
			// An original too large to share its record's frame, or the
			// pack's index: kept for the frame after it.
			pending = content
			continue
		}
		if original == nil && pending != nil && corpus.SHA256Hex(pending) == latestSHA(rec) {
			original = pending
		}
		pending = nil
		if err := a.restoreRecord(seq, rec, original, res); err != nil {
			return err
		}
	}
	res.Lost = append(res.Lost, fmt.Sprintf("pack %s: the deletions its index held, if any", path))
	return nil
}

// nextFrame measures the zstd frame at the start of b and decodes it; it
// returns the frame's length and content.
func nextFrame(b []byte) (int, []byte, error) {
	var h zstd.Header
	if err := h.Decode(b); err != nil {
		return 0, nil, err
	}
	if !h.HasFCS || h.FrameContentSize > maxFrameSize {
		return 0, nil, errors.New("a frame without a declared size, or beyond the limit")
	}
	n := h.HeaderSize
	for {
		if n+3 > len(b) {
			return 0, nil, errors.New("the frame is cut short")
		}
		bh := int(b[n]) | int(b[n+1])<<8 | int(b[n+2])<<16
		last, kind, size := bh&1 == 1, (bh>>1)&3, bh>>3
		n += 3
		switch kind {
		case 0, 2: // raw, compressed
			n += size
		case 1: // RLE: one byte repeated
			n++
		default:
			return 0, nil, errors.New("a reserved block type")
		}
		if last {
			break
		}
	}
	if h.HasCheckSum {
		n += 4
	}
	if n > len(b) {
		return 0, nil, errors.New("the frame is cut short")
	}
	out, err := decodeFrame(b[:n], int64(h.FrameContentSize))
	return n, out, err
}

// recordStart begins every stored record.
var recordStart = []byte(`{"id":"`)

// splitFrame finds the record at the end of a frame's content: the last
// place a stored record starts from which the rest decodes as one whose
// latest version hashes to what precedes it (or nothing precedes it).
func splitFrame(content []byte) (rec record, original []byte, ok bool) {
	for at := bytes.LastIndex(content, recordStart); at >= 0; at = bytes.LastIndex(content[:at], recordStart) {
		r, err := decodeRecord(content[at:])
		if err != nil || len(r.Versions) == 0 || !isReportID(r.ID) {
			continue
		}
		if at == 0 {
			return r, nil, true
		}
		if corpus.SHA256Hex(content[:at]) == latestSHA(r) {
			return r, content[:at], true
		}
	}
	return record{}, nil, false
}

func latestSHA(r record) string { return r.Versions[len(r.Versions)-1].SHA256 }

// restoreRecord stores a salvaged record again unless a newer pack than
// the damaged one already holds the report.
func (a *Archive) restoreRecord(seq uint64, rec record, original []byte, res *RepairResult) error {
	a.mu.RLock()
	loc, packed := a.recordAt[rec.ID]
	a.mu.RUnlock()
	if packed && loc.pack > seq {
		res.Superseded++
		return nil
	}
	sum := latestSHA(rec)
	store := original != nil && !a.objectIntact(sum)
	if !store && !a.objectIntact(sum) {
		res.Lost = append(res.Lost, fmt.Sprintf("report %s: its record was salvaged but its original %s was not", rec.ID, sum))
	}
	if err := a.write(sum, original, &rec, store); err != nil {
		return fmt.Errorf("repair: storing report %s again: %w", rec.ID, err)
	}
	res.Salvaged++
	return nil
}
