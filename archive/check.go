package archive

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/lantai/lantai/corpus"
)

// CheckResult is what Check read and what it found wrong.
type CheckResult struct {
	// Packs, Entries, Reports and Originals count what was read back:
	// pack files, their entries (records and originals, superseded ones
	// included), the catalogued reports and the originals they name.
	Packs, Entries, Reports, Originals int
	// Problems names, one line each, every damaged pack, entry, record
	// or original and every report whose original is missing, with the
	// file and what is wrong.
	Problems []string
	// Superseded names damage to entries no report needs any more: older
	// records and originals that newer packs replaced (a repair leaves the
	// damaged ones behind). They cost nothing.
	Superseded []string
	// Unreadable counts the packs whose index cannot be read (cut short):
	// Repair salvages them.
	Unreadable int
	// Damaged are the reports whose current record or original cannot be
	// read back (each also a line of Problems): ingesting their originals
	// again repairs them.
	Damaged []*DamagedError
}

// Check reads back everything the archive stores: every pack's index and
// every entry in it against its checksum (frames decompressed, records
// decoded, originals hashed), the old layout's files, and every report's
// current record and the originals its versions name. It reports progress
// as packs done of all packs; it stops only when ctx ends.
func (a *Archive) Check(ctx context.Context, progress func(done, total int)) (CheckResult, error) {
	if err := a.checkOpen(); err != nil {
		return CheckResult{}, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	var res CheckResult
	for _, p := range a.Problems() {
		res.Problems = append(res.Problems, p.Error())
	}
	seqs, err := a.packNumbers()
	if err != nil {
		return res, err
	}
	for i, seq := range seqs {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		a.checkPack(seq, &res)
		progress(i+1, len(seqs))
	}
	if err := a.checkReports(ctx, &res); err != nil {
		return res, err
	}
	return res, nil
}

// packNumbers lists the pack files in packs/, in order.
func (a *Archive) packNumbers() ([]uint64, error) {
	ents, err := os.ReadDir(a.packsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("check archive %s: %w", a.dir, err)
	}
	var seqs []uint64
	for _, e := range ents {
		if seq, ok := parsePackName(e.Name()); ok && !e.IsDir() {
			seqs = append(seqs, seq)
		}
	}
	slices.Sort(seqs)
	return seqs, nil
}

// checkPack reads back the entries of pack seq that the catalogue does
// not point at: superseded records and originals. The current ones are
// read by checkReports, which names the report they cost.
func (a *Archive) checkPack(seq uint64, res *CheckResult) {
	path := filepath.Join(a.packsDir(), packName(seq))
	res.Packs++
	idx, err := readPackIndex(path)
	if err != nil {
		// Open reported it among the problems already.
		res.Unreadable++
		return
	}
	current := func(at map[string]packLoc, e packEntry) bool {
		a.mu.RLock()
		defer a.mu.RUnlock()
		loc, ok := at[e.Key]
		return ok && loc.pack == seq && loc.off == e.Off
	}
	for _, e := range idx.Objects {
		res.Entries++
		if current(a.objectAt, e) {
			continue
		}
		b, err := readPacked(a.packsDir(), e.loc(seq, idx.compressed))
		switch {
		case err != nil:
			res.Superseded = append(res.Superseded, fmt.Sprintf("original %s: %v", e.Key, err))
		case corpus.SHA256Hex(b) != e.Key:
			res.Superseded = append(res.Superseded, fmt.Sprintf("original %s: pack %s, the entry at offset %d, does not hash to its SHA-256", e.Key, path, e.Off))
		}
	}
	for _, e := range idx.Records {
		res.Entries++
		if current(a.recordAt, e) {
			continue
		}
		b, err := readPacked(a.packsDir(), e.loc(seq, idx.compressed))
		if err == nil {
			if _, err = decodeRecord(b); err != nil {
				err = fmt.Errorf("pack %s, the entry at offset %d, does not decode: %w", path, e.Off, err)
			}
		}
		if err != nil {
			res.Superseded = append(res.Superseded, fmt.Sprintf("record %s: %v", e.Key, err))
		}
	}
}

// checkReports reads every catalogued report's current record and each
// original its versions name, hashed.
func (a *Archive) checkReports(ctx context.Context, res *CheckResult) error {
	a.mu.RLock()
	ids := make([]string, 0, len(a.byID))
	for id := range a.byID {
		ids = append(ids, id)
	}
	a.mu.RUnlock()
	sort.Strings(ids)
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		res.Reports++
		rec, err := a.readRecord(id)
		var d *DamagedError
		switch {
		case errors.As(err, &d):
			res.Damaged = append(res.Damaged, d)
			res.Problems = append(res.Problems, d.Error())
			continue
		case errors.Is(err, ErrNotFound):
			continue // deleted while the check ran
		case err != nil:
			return err
		}
		for _, v := range rec.Versions {
			res.Originals++
			_, _, err := a.Original(v.SHA256)
			switch {
			case errors.Is(err, ErrNotFound):
				res.Problems = append(res.Problems, fmt.Sprintf("report %s: the original %s of its version from %s is missing", id, v.SHA256, v.Source))
			case err != nil:
				d := &DamagedError{ID: id, SHA256: v.SHA256, Source: v.Source, Err: err}
				if v.SHA256 == rec.Versions[len(rec.Versions)-1].SHA256 {
					res.Damaged = append(res.Damaged, d)
				}
				res.Problems = append(res.Problems, d.Error())
			}
			for _, f := range v.Report.Files {
				res.Originals++
				_, _, err := a.Original(f.SHA256)
				switch {
				case errors.Is(err, ErrNotFound):
					res.Problems = append(res.Problems, fmt.Sprintf("report %s: the attached file %s (%s) of its version from %s is missing", id, f.Name, f.SHA256, v.Source))
				case err != nil:
					res.Problems = append(res.Problems, fmt.Sprintf("report %s: the attached file %s: %v", id, f.Name, err))
				}
			}
		}
	}
	return nil
}

// Latest returns the SHA-256 of every report's latest version, by report
// id, from the catalogue: what an index of the archive should hold.
func (a *Archive) Latest() map[string]string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	out := make(map[string]string, len(a.byID))
	for id, h := range a.byID {
		if len(h.Versions) > 0 {
			out[id] = h.Versions[len(h.Versions)-1].SHA256
		}
	}
	return out
}
