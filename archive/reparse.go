package archive

import (
	"context"
	"errors"
	"sort"

	"github.com/lantai/lantai/corpus"
)

// ReparseSummary counts what Reparse did.
type ReparseSummary struct {
	// Reports is how many reports were read; Changed how many of them
	// were rewritten because this version parses them differently.
	Reports, Changed int
}

// Reparse parses every stored version again from its original with this
// version's readers (corpus.Reread) and rewrites the records whose parse
// changed, so that parser improvements reach what was ingested before
// them. Originals, IDs and versions stay as they are; the index must be
// rebuilt afterwards. progress, if not nil, is called after each report.
//
// A report whose record or original is damaged is left as it is and named
// at the end in a *DamagedReports, after every other report was done.
func (a *Archive) Reparse(ctx context.Context, progress func(done, total int)) (ReparseSummary, error) {
	if err := a.checkOpen(); err != nil {
		return ReparseSummary{}, err
	}
	if a.readOnly {
		return ReparseSummary{}, ErrReadOnly
	}
	a.mu.RLock()
	ids := make([]string, 0, len(a.byID))
	for id := range a.byID {
		ids = append(ids, id)
	}
	a.mu.RUnlock()
	sort.Strings(ids)
	var sum ReparseSummary
	var damaged []*DamagedError
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		changed, err := a.reparseOne(id)
		var d *DamagedError
		switch {
		case errors.As(err, &d):
			damaged = append(damaged, d)
		case errors.Is(err, ErrNotFound): // deleted meanwhile
		case err != nil:
			return sum, err
		default:
			sum.Reports++
			if changed {
				sum.Changed++
			}
		}
		if progress != nil {
			progress(i+1, len(ids))
		}
	}
	if len(damaged) > 0 {
		return sum, &DamagedReports{Reports: damaged}
	}
	return sum, nil
}

// reparseOne rereads every version of report id and rewrites its record
// when any of them parses differently now.
func (a *Archive) reparseOne(id string) (bool, error) {
	stripe := &a.stripes[stripeOf(id)]
	stripe.Lock()
	defer stripe.Unlock()
	rec, err := a.readRecord(id)
	if err != nil {
		return false, err
	}
	changed := false
	for i, v := range rec.Versions {
		original, _, err := a.Original(v.SHA256)
		if err != nil {
			if err = a.damaged(id, v.SHA256, err); errors.Is(err, ErrDamaged) {
				return false, err
			}
			return false, err
		}
		if r, diff := corpus.Reread(v.Report, original); diff {
			rec.Versions[i].Report = r
			changed = true
		}
	}
	if !changed {
		return false, nil
	}
	last := rec.Versions[len(rec.Versions)-1]
	return true, a.write(last.SHA256, nil, &rec, false)
}
