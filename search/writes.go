package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fsutil"
)

// ErrBusy marks a write that could not start before its deadline because
// other writes held the index; the request may be retried.
var ErrBusy = errors.New("busy with other writes")

// writeState serialises the service's writes (ingests, uploads, deletes)
// and lets a rebuild of the index run beside them: the rebuild reads the
// archive into a new index without holding the write turn, every write
// meanwhile goes to the live index and names the reports it changed in
// the rebuild's journal, and the rebuild takes the turn only at the end,
// to bring those reports up to date in the new index and swap it in. So a
// reindex of the whole archive blocks an upload for the replay of the
// reports changed during it, not for the whole rebuild.
type writeState struct {
	// turn is held by the one write running, and by a rebuild while it
	// starts and while it catches up and swaps; a channel so that waiting
	// for it can end with the request's deadline.
	turn chan struct{}
	// rebuilding serialises rebuilds: a second reindex waits for the
	// first and then builds again.
	rebuilding sync.Mutex
	// journal, when a rebuild runs, collects the ids of the reports
	// written since it started reading the archive; guarded by turn.
	journal *rebuildJournal
}

// rebuildJournal is the set of reports changed during a rebuild.
type rebuildJournal struct {
	mu  sync.Mutex
	ids map[string]bool
}

func (j *rebuildJournal) add(id string) {
	j.mu.Lock()
	j.ids[id] = true
	j.mu.Unlock()
}

func (w *writeState) init() { w.turn = make(chan struct{}, 1) }

// takeTurn waits for the write turn as long as ctx allows.
func (w *writeState) takeTurn(ctx context.Context) error {
	select {
	case w.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrBusy, ctx.Err())
	}
}

func (w *writeState) releaseTurn() { <-w.turn }

// changed records a written report in the running rebuild's journal; the
// caller holds the turn.
func (w *writeState) changed(id string) {
	if w.journal != nil {
		w.journal.add(id)
	}
}

// lockForWrite takes the write turn and returns the live index, which no
// rebuild can swap away until unlock is called. It does not hold the
// index lock searches take, so a swap waits for no write.
func (s *Service) lockForWrite(ctx context.Context) (ix index.Index, unlock func(), err error) {
	if err := s.writes.takeTurn(ctx); err != nil {
		return nil, nil, err
	}
	s.citations.writeStarts(s.archive.Stamp())
	s.mu.RLock()
	live, err := s.index()
	s.mu.RUnlock()
	if err != nil {
		s.writes.releaseTurn()
		return nil, nil, err
	}
	return live, s.writes.releaseTurn, nil
}

// Reindex builds a new index from the archive while the current one keeps
// answering searches and taking writes, then swaps it in atomically.
func (s *Service) Reindex(ctx context.Context) error {
	if s.cfg.ReadOnly {
		return fmt.Errorf("%w: the service was opened read-only", ErrBadRequest)
	}
	return s.rebuild(ctx)
}

// Reparse parses every archived report again from its original with this
// version's readers (see archive.Archive.Reparse), then rebuilds the index
// from the result. It returns how many reports the parser now reads
// differently. Damaged reports are left as they were, named in the error
// (matching ErrDamaged), after the rebuild of every other report.
func (s *Service) Reparse(ctx context.Context, progress func(done, total int)) (changed int, err error) {
	if s.cfg.ReadOnly {
		return 0, fmt.Errorf("%w: the service was opened read-only", ErrBadRequest)
	}
	sum, err := s.archive.Reparse(ctx, progress)
	var damaged *archive.DamagedReports
	if err != nil && !errors.As(err, &damaged) {
		return sum.Changed, err
	}
	s.texts.Purge()
	if rerr := s.rebuild(ctx); rerr != nil {
		return sum.Changed, rerr
	}
	return sum.Changed, err
}

func (s *Service) rebuild(ctx context.Context) error {
	s.writes.rebuilding.Lock()
	defer s.writes.rebuilding.Unlock()
	if err := os.MkdirAll(s.indexRoot(), 0o755); err != nil {
		return err
	}
	name := "idx-" + time.Now().UTC().Format("20060102T150405.000000000")
	dir := filepath.Join(s.indexRoot(), name)
	ix, err := s.backend.Open(dir)
	if err != nil {
		return err
	}
	start := time.Now()
	// From here every write names what it changed, so the pass over the
	// archive below may miss it and the catch-up still brings it in.
	if err := s.writes.takeTurn(ctx); err != nil {
		ix.Close()
		os.RemoveAll(dir)
		return err
	}
	journal := &rebuildJournal{ids: map[string]bool{}}
	s.writes.journal = journal
	s.writes.releaseTurn()

	n, damaged, err := s.fill(ctx, ix)
	if err == nil {
		err = ix.Compact(ctx)
	}
	// The catch-up and the swap hold the turn, which a write holds for
	// one upload or ingest at most; the journal ends here in any case.
	s.writes.takeTurn(context.Background())
	defer s.writes.releaseTurn()
	s.writes.journal = nil
	if err == nil {
		var more []*archive.DamagedError
		more, err = s.catchUp(ix, journal)
		damaged = append(damaged, more...)
	}
	if err == nil {
		err = fsutil.WriteFileAtomic(filepath.Join(s.indexRoot(), "CURRENT"), []byte(name+"\n"), 0o644)
	}
	if err != nil {
		ix.Close()
		os.RemoveAll(dir)
		return fmt.Errorf("rebuilding index: %w", err)
	}
	s.mu.Lock()
	old := s.ix
	s.ix, s.words = ix, ix.Words
	s.skipped = damaged
	s.mu.Unlock()
	for _, d := range damaged {
		s.log.Error("a damaged report was left out of the index", "report", d.ID, "err", d)
	}
	s.results.invalidate()
	s.invalidateSuggest()
	if old != nil {
		old.Close()
	}
	s.removeStaleIndexes(name)
	s.progress()(n, n)
	s.log.Info("index rebuilt", "reports", n, "changed during the rebuild", len(journal.ids), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// progress is the rebuild progress callback, never nil.
func (s *Service) progress() func(done, total int) {
	if s.cfg.RebuildProgress != nil {
		return s.cfg.RebuildProgress
	}
	return func(int, int) {}
}

// fill adds every archived report to a new index, reporting progress, and
// returns how many it added and the damaged ones it could not read.
func (s *Service) fill(ctx context.Context, ix index.Index) (int, []*archive.DamagedError, error) {
	w := ix.NewWriter()
	n, total := 0, s.archive.Len()
	progress := s.progress()
	err := s.archive.Each(func(r corpus.Report) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		n++
		if err := w.Add(r); err != nil {
			return err
		}
		progress(n, max(total, n))
		return nil
	})
	var damaged *archive.DamagedReports
	if errors.As(err, &damaged) {
		err = nil
	}
	if werr := w.Close(); err == nil {
		err = werr
	}
	if damaged == nil {
		return n, nil, err
	}
	return n, damaged.Reports, err
}

// catchUp brings the reports written during a rebuild up to date in the
// new index: their current version, or their deletion. It returns the
// damaged ones it could not read.
func (s *Service) catchUp(ix index.Index, journal *rebuildJournal) ([]*archive.DamagedError, error) {
	journal.mu.Lock()
	defer journal.mu.Unlock()
	w := ix.NewWriter()
	var err error
	var damaged []*archive.DamagedError
	for id := range journal.ids {
		r, gerr := s.archive.Get(id)
		var d *archive.DamagedError
		switch {
		case errors.Is(gerr, archive.ErrNotFound):
			err = ix.Delete(context.Background(), id)
		case errors.As(gerr, &d):
			damaged = append(damaged, d)
			err = ix.Delete(context.Background(), id)
		case gerr != nil:
			err = gerr
		default:
			err = w.Add(r)
		}
		if err != nil {
			break
		}
	}
	if werr := w.Close(); err == nil {
		err = werr
	}
	return damaged, err
}

// removeStaleIndexes deletes index folders other than the live one.
func (s *Service) removeStaleIndexes(live string) {
	entries, _ := os.ReadDir(s.indexRoot())
	for _, e := range entries {
		if e.IsDir() && e.Name() != live && strings.HasPrefix(e.Name(), "idx-") {
			os.RemoveAll(filepath.Join(s.indexRoot(), e.Name()))
		}
	}
}
