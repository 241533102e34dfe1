package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/lantai/lantai/internal/fsutil"
)

// CompactResult is what Compact did.
type CompactResult struct {
	// Reports is how many reports were written again.
	Reports int
	// PacksBefore and PacksAfter count the pack files; BytesBefore and
	// BytesAfter their sizes.
	PacksBefore, PacksAfter int
	BytesBefore, BytesAfter int64
}

// compactWriters is how many reports Compact writes at once, so that the
// group commit fills its packs.
const compactWriters = 256

// Compact writes every report's current record and the originals of all
// its versions into new packs, then removes the packs there were before:
// superseded records, deleted reports and their originals go. It is
// crash-safe: the new packs, numbered above every old one, hold the whole
// current state before any old pack is removed, and old packs go oldest
// first, so a deletion never goes before the record it deletes. It needs
// the archive whole (run check and repair first) and as much free space
// as the archive takes; the old layout's files are left as they are.
func (a *Archive) Compact(ctx context.Context, progress func(done, total int)) (CompactResult, error) {
	var res CompactResult
	if a.readOnly {
		return res, fmt.Errorf("compact %s: %w", a.dir, ErrReadOnly)
	}
	if probs := a.Problems(); len(probs) > 0 {
		return res, fmt.Errorf("compact %s: the archive has problems (%v): run lantai check and lantai repair first", a.dir, probs[0])
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	old, err := a.packNumbers()
	if err != nil {
		return res, err
	}
	res.PacksBefore, res.BytesBefore = len(old), a.packBytes(old)
	a.mu.RLock()
	ids := make([]string, 0, len(a.byID))
	for id := range a.byID {
		ids = append(ids, id)
	}
	a.mu.RUnlock()
	sort.Strings(ids)

	var (
		mu      sync.Mutex
		written = map[string]bool{}
		first   error
		done    int
	)
	claim := func(sha string) bool {
		mu.Lock()
		defer mu.Unlock()
		if written[sha] {
			return false
		}
		written[sha] = true
		return true
	}
	work := make(chan string)
	var wg sync.WaitGroup
	for range compactWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				err := a.rewrite(id, claim)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				done++
				n := done
				mu.Unlock()
				progress(n, len(ids))
			}
		}()
	}
	for _, id := range ids {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		work <- id
	}
	close(work)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	if first != nil {
		return res, fmt.Errorf("compact %s: %w; no pack was removed", a.dir, first)
	}
	res.Reports = len(ids)

	oldSet := map[uint64]bool{}
	for _, seq := range old {
		oldSet[seq] = true
		if err := os.Remove(filepath.Join(a.packsDir(), packName(seq))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return res, fmt.Errorf("compact %s: removing pack %d: %w", a.dir, seq, err)
		}
	}
	if err := fsutil.SyncDir(a.packsDir()); err != nil {
		return res, err
	}
	a.mu.Lock()
	for sha, loc := range a.objectAt {
		if oldSet[loc.pack] {
			delete(a.objectAt, sha)
		}
	}
	a.mu.Unlock()
	now, err := a.packNumbers()
	if err != nil {
		return res, err
	}
	res.PacksAfter, res.BytesAfter = len(now), a.packBytes(now)
	return res, nil
}

// rewrite writes report id's record again, with every original and
// attached file its versions name that claim gives it to write (each once
// per Compact).
func (a *Archive) rewrite(id string, claim func(sha string) bool) error {
	rec, err := a.readRecord(id)
	if errors.Is(err, ErrNotFound) {
		return nil // deleted meanwhile
	}
	if err != nil {
		return err
	}
	latest := latestSHA(rec)
	// Older versions' originals and every version's attached files go in
	// frames of their own; the latest original shares the record's.
	for _, sha := range versionObjects(rec) {
		if sha == latest || !claim(sha) {
			continue
		}
		b, _, err := a.Original(sha)
		if err != nil {
			return fmt.Errorf("report %s: %w", id, err)
		}
		if err := a.storeObject(sha, b); err != nil {
			return err
		}
	}
	var original []byte
	store := claim(latest)
	if store {
		if original, _, err = a.Original(latest); err != nil {
			return fmt.Errorf("report %s: %w", id, err)
		}
	}
	return a.write(latest, original, &rec, store)
}

// packBytes is the size of the packs numbered seqs.
func (a *Archive) packBytes(seqs []uint64) int64 {
	var n int64
	for _, seq := range seqs {
		if info, err := os.Stat(filepath.Join(a.packsDir(), packName(seq))); err == nil {
			n += info.Size()
		}
	}
	return n
}
