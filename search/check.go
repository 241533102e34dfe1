package search

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/index"
)

// CheckReport is what Check found: the archive's own check, the index's
// files, and whether the index holds exactly the archive's reports.
type CheckReport struct {
	// Archive is the archive's read-back of every pack, record and
	// original.
	Archive archive.CheckResult
	// Index names damaged or missing index files.
	Index []string
	// Missing are reports of the archive the index does not hold, Stale
	// those it holds an older version of, Extra those it holds that the
	// archive does not; each sorted. Damaged reports are left out of
	// Missing: Archive names them.
	Missing, Stale, Extra []string
}

// OK reports whether nothing is wrong.
func (r *CheckReport) OK() bool {
	return len(r.Archive.Problems) == 0 && len(r.Index) == 0 && len(r.Missing) == 0 && len(r.Stale) == 0 && len(r.Extra) == 0
}

// Check reads back the whole archive and index and compares them, the
// work of `lantai check`; progress is the archive's, packs done of all.
// It writes nothing: a rebuild (reindex) or a repair does that.
func (s *Service) Check(ctx context.Context, progress func(done, total int)) (*CheckReport, error) {
	ar, err := s.archive.Check(ctx, progress)
	if err != nil {
		return nil, err
	}
	rep := &CheckReport{Archive: ar}
	damaged := map[string]bool{}
	for _, d := range ar.Damaged {
		damaged[d.ID] = true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	if rep.Index, err = ix.Verify(ctx); err != nil {
		return nil, fmt.Errorf("verifying the index: %w", err)
	}
	latest := s.archive.Latest()
	for id, sha := range latest {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		got, err := ix.Indexed(id)
		switch {
		case err != nil:
			rep.Index = append(rep.Index, fmt.Sprintf("report %s: reading it from the index: %v", id, err))
		case got == "" && !damaged[id]:
			rep.Missing = append(rep.Missing, id)
		case got != "" && got != sha:
			rep.Stale = append(rep.Stale, id)
		}
	}
	all, err := ix.Search(ctx, index.Request{Scope: index.Reports, IDsUpTo: math.MaxInt})
	if err != nil {
		return nil, fmt.Errorf("listing the index's reports: %w", err)
	}
	for _, id := range all.IDs {
		if _, ok := latest[id]; !ok {
			rep.Extra = append(rep.Extra, id)
		}
	}
	for _, ids := range [][]string{rep.Missing, rep.Stale, rep.Extra} {
		sort.Strings(ids)
	}
	return rep, nil
}
