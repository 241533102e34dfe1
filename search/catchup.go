package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fsutil"
)

// cleanFile, beside index/CURRENT, holds the archive's stamp (see
// archive.Stamp) that the index reflected when the last writer closed
// cleanly. A writer removes it when it opens, so one that is killed, with
// reports stored in the archive but not yet in the index, leaves none, and
// the next writer catches the index up.
const cleanFile = "CLEAN"

func (s *Service) cleanPath() string { return filepath.Join(s.indexRoot(), cleanFile) }

// cleanStamp is the stamp the last clean close left, "" if none.
func (s *Service) cleanStamp() string {
	b, err := os.ReadFile(s.cleanPath())
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// checkBehind runs at Open, after the index is open. A writer whose index
// was not left by a clean close, or holds another number of reports than
// the archive, catches it up with the archive; a reader says when the
// index lags the archive (it cannot write). The count is what catches an
// index Bleve opened at an older snapshot because the newest one's
// segment files are gone: it opens without an error, holding less.
func (s *Service) checkBehind(ctx context.Context) error {
	indexed, err := s.ix.Search(ctx, index.Request{Scope: index.Reports})
	if err != nil {
		return err
	}
	counted := int(indexed.Total) == s.archive.Len()
	clean := counted && s.cleanStamp() == s.archive.Stamp()
	if s.cfg.ReadOnly {
		if !counted {
			s.log.Warn(fmt.Sprintf("the index holds %d reports and the archive %d: the index is behind the archive (a writer was stopped before it finished, is still running, or index files are missing); results may be incomplete until any writing command (ingest, reindex, serve) catches it up", indexed.Total, s.archive.Len()))
		}
		return nil
	}
	if err := os.Remove(s.cleanPath()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("index %s: %w", s.indexRoot(), err)
	}
	if clean || s.rebuiltAtOpen {
		return nil
	}
	return s.catchUpWithArchive(ctx)
}

// catchUpWithArchive makes the index hold exactly the archive's latest
// versions: it adds what is missing or stale and deletes what the archive
// no longer has. It reads one index entry per report, which a clean
// close spares every open but the first after a kill.
func (s *Service) catchUpWithArchive(ctx context.Context) error {
	start := time.Now()
	latest := s.archive.Latest()
	w := s.ix.NewWriter()
	added, deleted := 0, 0
	var damaged []*archive.DamagedError
	for id, sha := range latest {
		if err := ctx.Err(); err != nil {
			w.Close()
			return err
		}
		got, err := s.ix.Indexed(id)
		if err != nil {
			w.Close()
			return err
		}
		if got == sha {
			continue
		}
		r, err := s.archive.Get(id)
		var d *archive.DamagedError
		switch {
		case errors.As(err, &d):
			damaged = append(damaged, d)
			continue
		case errors.Is(err, archive.ErrNotFound):
			continue
		case err != nil:
			w.Close()
			return err
		}
		if err := w.Add(r); err != nil {
			w.Close()
			return err
		}
		added++
	}
	if err := w.Close(); err != nil {
		return err
	}
	all, err := s.ix.Search(ctx, index.Request{Scope: index.Reports, IDsUpTo: math.MaxInt})
	if err != nil {
		return err
	}
	for _, id := range all.IDs {
		if _, ok := latest[id]; !ok {
			if err := s.ix.Delete(ctx, id); err != nil {
				return err
			}
			deleted++
		}
	}
	for _, d := range damaged {
		s.log.Error("a damaged report could not be brought into the index", "report", d.ID, "err", d)
	}
	if added+deleted > 0 {
		s.log.Warn("the index was behind the archive (a writer stopped before it finished, or a repair stored reports again) and has caught up",
			"reports added", added, "reports removed", deleted, "took", time.Since(start).Round(time.Millisecond))
	} else {
		s.log.Info("checked the index against the archive after an unclean stop: nothing was missing", "reports", len(latest), "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// markClean records, after the index closed, the archive state it
// reflects.
func (s *Service) markClean() error {
	return fsutil.WriteFileAtomic(s.cleanPath(), []byte(s.archive.Stamp()+"\n"), 0o644)
}
