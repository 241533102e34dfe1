package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/sizedlru"
)

// Config configures a Service; cmd builds it from flags and environment.
type Config struct {
	// DataDir holds archive/ and index/.
	DataDir string
	// Backend opens the index; required.
	Backend index.Backend
	// SynonymsPath is the operator's extra synonym groups, if any (one
	// group per line, words separated by spaces or 、).
	SynonymsPath string
	// SeriesAliasesPath is the operator's table of body aliases for
	// series, if any: one body per line, its canonical name then its
	// other names (see series.ParseAliases).
	SeriesAliasesPath string
	// QueryTimeout bounds one search (default 5 s).
	QueryTimeout time.Duration
	// ReadOnly opens the archive without its write lock, for commands that
	// only read; Ingest, Delete and Reindex then fail.
	ReadOnly bool
	// Logger receives structured logs; nil discards.
	Logger *slog.Logger
	// Extract reads the text of attached files (PDF, DOCX, DOC/WPS,
	// OFD) at ingest and upload; nil reads them in this process
	// (archive.DefaultExtractor). The lantai binary bounds each file's
	// memory and time in a child process.
	Extract archive.Extractor
	// RebuildProgress, when set, is called as a rebuild of the index
	// (Reindex, or Open finding none of this version) goes through the
	// archive: after each report, done of total, and once more when the
	// index is compacted and in use.
	RebuildProgress func(done, total int)
}

// Service answers searches over the archive and keeps the index in step
// with it. It is safe for concurrent use.
type Service struct {
	cfg     Config
	log     *slog.Logger
	archive *archive.Archive
	backend index.Backend
	// words cuts text into the index's Chinese words (index.Index.Words).
	words func(string) []string

	// mu guards ix: searches hold it for reading, the swap after a
	// reindex holds it for writing.
	mu sync.RWMutex
	ix index.Index
	// skipped are the damaged reports the last rebuild left out of ix
	// (Skipped); guarded by mu.
	skipped []*archive.DamagedError

	// writes serialises writes and lets a rebuild run beside them
	// (writes.go).
	writes writeState

	texts *sizedlru.Cache[string, *cachedReport]
	// rebuiltAtOpen says that Open built the index (RebuiltAtOpen).
	rebuiltAtOpen bool
	results       *resultCache

	suggest suggestions

	variantState serviceExtras

	series    seriesState
	citations citationState
}

// Open opens the archive and the index under cfg.DataDir, creating both
// when absent, and rebuilds the index from the archive when it is missing
// or was built by another index version.
func Open(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.QueryTimeout == 0 {
		cfg.QueryTimeout = 5 * time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	if cfg.Backend == nil {
		return nil, errors.New("search: Config.Backend is required")
	}
	open := archive.Open
	if cfg.ReadOnly {
		open = archive.OpenReadOnly
	}
	a, err := open(filepath.Join(cfg.DataDir, "archive"))
	if err != nil {
		return nil, err
	}
	for _, p := range a.Problems() {
		log.Warn("archive problem", "err", p)
	}
	s := &Service{cfg: cfg, log: log, archive: a, backend: cfg.Backend, texts: newReportCache(reportCacheSize, reportCacheBudget), results: newResultCache(1024)}
	s.writes.init()
	if err := s.loadAliases(); err != nil {
		a.Close()
		return nil, err
	}
	if cfg.SynonymsPath != "" {
		if err := s.LoadSynonyms(cfg.SynonymsPath); err != nil {
			a.Close()
			return nil, err
		}
	}
	if err := s.openIndex(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if err := s.checkBehind(ctx); err != nil {
		s.ix.Close()
		a.Close()
		return nil, err
	}
	return s, nil
}

// Archive is the archive of originals behind the service.
func (s *Service) Archive() *archive.Archive { return s.archive }

// Close closes the index and the archive.
func (s *Service) Close() error {
	// No suggestion build writes its file into the data folder after
	// Close returns.
	s.suggest.mu.Lock()
	s.suggest.closed = true
	s.suggest.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	if s.ix != nil {
		err := s.ix.Close()
		if err == nil && !s.cfg.ReadOnly {
			err = s.markClean()
		}
		errs = append(errs, err)
		s.ix = nil
	}
	errs = append(errs, s.archive.Close())
	return errors.Join(errs...)
}

func (s *Service) indexRoot() string { return filepath.Join(s.cfg.DataDir, "index") }

// currentIndexDir reads index/CURRENT, the name of the live index folder.
func (s *Service) currentIndexDir() string {
	b, err := os.ReadFile(filepath.Join(s.indexRoot(), "CURRENT"))
	name := strings.TrimSpace(string(b))
	if err != nil || name == "" || strings.ContainsAny(name, `/\`) {
		return ""
	}
	return filepath.Join(s.indexRoot(), name)
}

func (s *Service) openIndex(ctx context.Context) error {
	if dir := s.currentIndexDir(); dir != "" {
		open := s.backend.Open
		if s.cfg.ReadOnly {
			open = s.backend.OpenReadOnly
		}
		ix, err := open(dir)
		if err == nil {
			s.ix, s.words = ix, ix.Words
			if !s.cfg.ReadOnly {
				// A rebuild killed before its swap leaves its folder.
				s.removeStaleIndexes(filepath.Base(dir))
			}
			return nil
		}
		if !errors.Is(err, index.ErrVersionMismatch) {
			return err
		}
		if s.cfg.ReadOnly && errors.Is(err, index.ErrDamaged) {
			return fmt.Errorf("the index in %s is damaged (%v): run `lantai reindex` (or any command that writes) to rebuild it from the archive", s.indexRoot(), err)
		}
		if s.cfg.ReadOnly {
			return fmt.Errorf("the index in %s was built by another version (%v): run `lantai reindex` (or any command that writes) first", s.indexRoot(), err)
		}
		if errors.Is(err, index.ErrDamaged) {
			s.log.Warn("index damaged; rebuilding it from the archive", "reason", err)
		} else {
			s.log.Info("index built by another version; rebuilding from the archive", "reason", err)
		}
	}
	if s.cfg.ReadOnly {
		return fmt.Errorf("no usable index in %s: run `lantai reindex` (or any command that writes) first", s.indexRoot())
	}
	s.rebuiltAtOpen = true
	return s.rebuild(ctx)
}

// RebuiltAtOpen reports whether Open built the index from the archive,
// because there was none or it was built by another version: a reindex
// right after would build the same index again.
func (s *Service) RebuiltAtOpen() bool { return s.rebuiltAtOpen }

// Skipped names the damaged reports the last rebuild (at Open or by
// Reindex) could not read and left out of the index: their record or
// original fails its checksum. Ingesting their originals again repairs
// them.
func (s *Service) Skipped() []*archive.DamagedError {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.skipped)
}

// compactAfter is how many changed reports make an ingest compact the
// index afterwards.
const compactAfter = 200

// index returns the live index; callers hold s.mu for reading.
func (s *Service) index() (index.Index, error) {
	if s.ix == nil {
		return nil, errors.New("service is closed")
	}
	return s.ix, nil
}

// IngestOptions configures IngestPaths.
type IngestOptions struct {
	// Progress is called after each file (see archive.IngestOptions).
	Progress func(done, total int, current string)
}

// IngestPaths stores files and folders in the archive and indexes every
// report stored; a report is searchable when this returns.
func (s *Service) IngestPaths(ctx context.Context, paths []string, opt IngestOptions) (archive.IngestSummary, error) {
	ix, unlock, err := s.lockForWrite(ctx)
	if err != nil {
		return archive.IngestSummary{}, err
	}
	defer unlock()
	// The writer prepares reports on every core, in whichever order the
	// archive's store workers hand them over.
	w := ix.NewWriter()
	sum, err := archive.Ingest(ctx, s.archive, paths, archive.IngestOptions{
		Logger:   s.log,
		Progress: opt.Progress,
		Extract:  s.cfg.Extract,
		OnStored: func(ctx context.Context, r archive.PutResult) error {
			return s.addToIndex(ix, w, r)
		},
	})
	if ferr := w.Close(); ferr != nil && err == nil {
		err = ferr
	}
	if err == nil && sum.Added+sum.Updated >= compactAfter {
		err = ix.Compact(ctx)
	}
	s.afterWrite(sum.Added + sum.Updated + sum.Repaired)
	return sum, err
}

// addToIndex queues a stored report unless the index already holds that
// exact version (the check heals an index that missed an ingest: a crash
// between archive and index writes), and names it to a running rebuild.
func (s *Service) addToIndex(ix index.Index, w index.Writer, r archive.PutResult) error {
	if r.Status == archive.Unchanged {
		if sha, err := ix.Indexed(r.ID); err != nil || sha == r.Report.SHA256 {
			return err
		}
	}
	s.texts.Remove(r.ID)
	s.writes.changed(r.ID)
	s.citations.changed(r.Report)
	return w.Add(r.Report)
}

// afterWrite drops what a write made stale: cached results always, the
// completion candidates when reports changed.
func (s *Service) afterWrite(changed int) {
	s.citations.writeEnds(s.archive.Stamp())
	s.results.invalidate()
	if changed > 0 {
		s.invalidateSuggest()
	}
}

// Ingest stores and indexes one uploaded file, through the same readers
// and archive as `lantai ingest`.
func (s *Service) Ingest(ctx context.Context, name string, data []byte) (*IngestResult, error) {
	name = filepath.Base(filepath.Clean("/" + name))
	if name == "/" || name == "." {
		return nil, fmt.Errorf("%w: the upload needs a file name", ErrBadRequest)
	}
	ix, unlock, err := s.lockForWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	res := &IngestResult{IDs: []string{}, Failures: []Failure{}, Notes: []Failure{}}
	docs, errs := s.readUpload(ctx, "upload/"+name, data, res)
	for _, e := range errs {
		src, reason := name, e.Error()
		var ie *corpus.InputError
		if errors.As(e, &ie) {
			src, reason = ie.Source, ie.Err.Error()
		}
		res.Failures = append(res.Failures, Failure{Source: src, Reason: reason})
	}
	w := ix.NewWriter()
	defer w.Close()
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		put, err := s.archive.Put(d)
		if err != nil {
			res.Failures = append(res.Failures, Failure{Source: d.Report.Source, Reason: err.Error()})
			continue
		}
		switch put.Status {
		case archive.Added:
			res.Added++
		case archive.Updated:
			res.Updated++
		case archive.Repaired:
			res.Repaired++
		default:
			res.Unchanged++
		}
		res.IDs = append(res.IDs, put.ID)
		if err := s.addToIndex(ix, w, put); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	s.afterWrite(res.Added + res.Updated + res.Repaired)
	return res, nil
}

// readUpload reads an uploaded file: an attached-file format (PDF, DOCX,
// DOC/WPS, OFD) through the extractor, as a report of its own; anything
// else through the corpus readers. A scan is stored with a note.
func (s *Service) readUpload(ctx context.Context, source string, data []byte, res *IngestResult) ([]corpus.Document, []error) {
	if !archive.IsAttachedFile(data) {
		return corpus.Read(source, data)
	}
	x := s.cfg.Extract
	if x == nil {
		x = archive.DefaultExtractor
	}
	doc, note, err := archive.ReadAttachedFile(ctx, x, source, data)
	if err != nil {
		return nil, []error{&corpus.InputError{Source: source, Err: err}}
	}
	if note != "" {
		res.Notes = append(res.Notes, Failure{Source: source, Reason: note})
	}
	return []corpus.Document{doc}, nil
}

// Delete removes a report from the archive and the index.
func (s *Service) Delete(ctx context.Context, id string) error {
	ix, unlock, err := s.lockForWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := s.archive.Get(id); err != nil {
		return s.mapArchiveErr(err)
	}
	s.writes.changed(id)
	if err := ix.Delete(ctx, id); err != nil {
		return err
	}
	if err := s.archive.Delete(id); err != nil {
		return s.mapArchiveErr(err)
	}
	s.texts.Remove(id)
	s.citations.removed(id)
	s.afterWrite(1)
	return nil
}

func (s *Service) mapArchiveErr(err error) error {
	if errors.Is(err, archive.ErrNotFound) {
		return fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	return err
}

// report returns a report's latest version through a small cache: hits
// need the text for snippets, and the same reports come back often.
// reportCacheSize is how many parsed archive records the service keeps for
// snippets, hits and report pages: the reports behind a few hundred
// searches' first pages, some tens of megabytes. At 1,024 the query
// benchmark's 67 queries in two scopes (1,300 first-page reports) evicted
// each other and decoding records was 15% of a search. Since entries keep
// no folds (cachedReport) the byte budget is what binds: 48 MiB hold about
// 4,000 reports of the 10× corpus, the first pages of the scale
// benchmark's throughput run (3,350).
const reportCacheSize = 8192

// reportCacheBudget bounds the bytes the report cache holds (as
// cachedReport.size counts them).
const reportCacheBudget = 48 << 20

func (s *Service) report(id string) (corpus.Report, error) {
	c, err := s.cachedReport(id)
	if err != nil {
		return corpus.Report{}, err
	}
	return c.Report, nil
}

// cachedReport is an archived report's current record as the service
// caches it. It used to keep the fold of the start of its text for
// snippets, whose offset map (four bytes a byte) made an entry about three
// times its text: at 10× the corpus the cache then held fewer reports than
// the first pages of the benchmark's queries, and every hit read the
// archive. Snippets of basic ideographs now need no fold (Snippets).
type cachedReport struct {
	corpus.Report
}

// size is about the bytes the cached report holds: its strings and a
// little for the rest. (Snippets fold nothing they keep: see Snippets.)
func (c *cachedReport) size() int {
	n := 512 + len(c.Title) + len(c.Text)
	for _, sec := range c.Sections {
		n += 128 + len(sec.Heading) + len(sec.Text)
	}
	return n
}

func (s *Service) cachedReport(id string) (*cachedReport, error) {
	if c, ok := s.texts.Get(id); ok {
		return c, nil
	}
	r, err := s.archive.Get(id)
	if err != nil {
		return nil, s.mapArchiveErr(err)
	}
	c := &cachedReport{Report: r}
	s.texts.Add(id, c)
	return c, nil
}
