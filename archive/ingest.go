package archive

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lantai/lantai/corpus"
)

// IngestOptions configures Ingest. Every field is optional.
type IngestOptions struct {
	// OnStored is called for every document Put accepted, whatever its
	// Status, so the caller can make sure its index holds the report (an
	// unchanged report may be missing from a rebuilt or lost index). An
	// error counts the document as failed; its original stays archived.
	// It is called from several goroutines at once.
	OnStored func(ctx context.Context, r PutResult) error
	// Progress is called after each file with the number of files done,
	// the total and the file's source name. Calls never overlap.
	Progress func(done, total int, current string)
	// Logger receives per-file debug lines and failures; nil discards.
	Logger *slog.Logger
	// Workers bounds how many files are read and parsed at once, and how
	// many attached files are extracted at once; 0 means
	// runtime.NumCPU(). Memory holds at most Workers files plus a bounded
	// number of parsed documents waiting to be stored.
	Workers int
	// Extract reads the text of attached files (PDF, DOCX, DOC/WPS, OFD);
	// nil means extract.Extract in this process with its default limits.
	Extract Extractor
}

// IngestSummary counts what Ingest did.
type IngestSummary struct {
	// Files is the number of files read.
	Files int
	// Added, Updated, Unchanged and Repaired count documents by
	// PutResult.Status.
	Added, Updated, Unchanged, Repaired int
	// Failed counts failed inputs: whole files, rows of collection files,
	// paths that do not exist, and documents OnStored rejected.
	Failed int
	// Failures names each failed input and why, sorted by source.
	Failures []IngestFailure
	// Notes names inputs that were stored with a problem a user should
	// know of (an attached scan with no text layer), sorted by source.
	Notes []IngestFailure
	// Bytes is the total size of the files read.
	Bytes int64
	// Duration is the wall time Ingest took.
	Duration time.Duration
}

// IngestFailure is one input that could not be stored or indexed.
type IngestFailure struct {
	// Source is the input's source name ("#N" for a row), or the path as
	// given when it does not exist.
	Source string
	// Reason says what was wrong.
	Reason string
}

// InputFile is one file found under the paths given to Ingest.
type InputFile struct {
	// Path is where the file is on disk.
	Path string
	// Source is the name recorded in corpus.Report.Source: a slash path
	// relative to the parent of the given path.
	Source string
}

// Ingest reads files, folders (recursively) and collection files into a.
// Source names are slash paths relative to the parent of each given path,
// so ingesting "../shared/corpus" records "corpus/seed/x.txt" and a single
// file records its base name. Hidden files and folders and collection
// documentation (SOURCE.md, README.md, LICENSE*, _index.md) are skipped
// inside folders.
//
// Bad inputs do not stop the run: they are counted and named in the
// summary. Ingest returns an error only when it could not go on: ctx was
// cancelled or the archive failed to write; the summary then counts what
// was done.
func Ingest(ctx context.Context, a *Archive, paths []string, opt IngestOptions) (IngestSummary, error) {
	in := &ingestRun{a: a, opt: opt, log: opt.Logger, start: time.Now()}
	if in.log == nil {
		in.log = slog.New(slog.DiscardHandler)
	}
	files, failures := InputFiles(paths)
	in.sum.Failures = failures
	in.total = len(files)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	// Attached files (PDF, DOCX, DOC/WPS, OFD) are never read as text:
	// they go with the page that links to them, or, linked by none, are
	// read as reports of their own once every page has been read.
	var pages, attached []InputFile
	for _, f := range files {
		if isAttachmentFile(f.Path) {
			attached = append(attached, f)
		} else {
			pages = append(pages, f)
		}
	}
	in.attachments = newAttachmentIndex(attached)
	in.extracting = make(chan struct{}, workers)
	ctx, in.cancel = context.WithCancel(ctx)
	defer in.cancel()

	// Parsing is CPU-bound: one worker per CPU. Storing mostly waits for
	// the archive's group commit, which only batches Puts that wait at the
	// same time: many store workers keep the batches full.
	fileCh := make(chan InputFile)
	docCh := make(chan storeJob)
	var parsers, storers sync.WaitGroup
	for range workers {
		parsers.Go(func() {
			for f := range fileCh {
				in.parse(ctx, f, docCh)
			}
		})
	}
	for range ingestStoreWorkers {
		storers.Go(func() {
			for j := range docCh {
				in.store(ctx, j)
			}
		})
	}
feed:
	for _, f := range pages {
		select {
		case fileCh <- f:
		case <-ctx.Done():
			break feed
		}
	}
	close(fileCh)
	parsers.Wait()
	in.feedUnclaimed(ctx, attached, docCh)
	close(docCh)
	storers.Wait()

	sum := in.sum
	sort.SliceStable(sum.Failures, func(i, j int) bool { return sum.Failures[i].Source < sum.Failures[j].Source })
	sort.SliceStable(sum.Notes, func(i, j int) bool { return sum.Notes[i].Source < sum.Notes[j].Source })
	sum.Failed = len(sum.Failures)
	sum.Duration = time.Since(in.start)
	if in.fatal != nil {
		return sum, in.fatal
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("ingest interrupted after %d of %d files: %w", in.done, in.total, err)
	}
	return sum, nil
}

// ingestStoreWorkers is how many Puts Ingest keeps in flight. A Put waits
// for its group commit (a pack written and two fsyncs), so the store rate is
// about ingestStoreWorkers per commit: it must be large. It also bounds the
// parsed documents held in memory.
const ingestStoreWorkers = 512

// ingestRun is the shared state of one Ingest call.
type ingestRun struct {
	a      *Archive
	opt    IngestOptions
	log    *slog.Logger
	start  time.Time
	cancel context.CancelFunc
	total  int

	attachments *attachmentIndex
	extracting  chan struct{} // a slot per attached file being extracted

	mu    sync.Mutex // guards the fields below and serialises Progress
	sum   IngestSummary
	done  int
	fatal error
}

// storeJob is one parsed document on its way to the archive, with the
// attached files it links to (attach[i] found by links[i]); or, with
// standalone set, an attached file to be read as a report of its own.
type storeJob struct {
	doc        corpus.Document
	file       *fileState
	attach     []InputFile
	links      []string
	standalone *InputFile
}

// fileState tracks a file until its last document is stored.
type fileState struct {
	source    string
	remaining atomic.Int64
}

func (in *ingestRun) fail(source, reason string) {
	in.mu.Lock()
	in.sum.Failures = append(in.sum.Failures, IngestFailure{Source: source, Reason: reason})
	in.mu.Unlock()
}

func (in *ingestRun) note(source, reason string) {
	in.mu.Lock()
	in.sum.Notes = append(in.sum.Notes, IngestFailure{Source: source, Reason: reason})
	in.mu.Unlock()
}

// feedUnclaimed sends the attached files no page linked to to the store
// workers as reports of their own, and counts the linked ones done.
func (in *ingestRun) feedUnclaimed(ctx context.Context, attached []InputFile, out chan<- storeJob) {
	unclaimed := in.attachments.unclaimed()
	alone := map[string]bool{}
	for _, f := range unclaimed {
		alone[f.Source] = true
	}
	for _, f := range attached {
		if !alone[f.Source] {
			in.fileDone(f.Source)
		}
	}
	for i := range unclaimed {
		st := &fileState{source: unclaimed[i].Source}
		st.remaining.Store(1)
		select {
		case out <- storeJob{file: st, standalone: &unclaimed[i]}:
		case <-ctx.Done():
			return
		}
	}
}

// fileDone counts a finished file and reports progress.
func (in *ingestRun) fileDone(source string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.done++
	if in.opt.Progress != nil {
		in.opt.Progress(in.done, in.total, source)
	}
}

// parse reads one file and hands its documents to the store workers.
func (in *ingestRun) parse(ctx context.Context, f InputFile, out chan<- storeJob) {
	if ctx.Err() != nil {
		return
	}
	data, err := os.ReadFile(f.Path)
	if err != nil {
		in.fail(f.Source, ioReason(err))
		in.fileDone(f.Source)
		return
	}
	in.mu.Lock()
	in.sum.Files++
	in.sum.Bytes += int64(len(data))
	in.mu.Unlock()
	// Documents go to the store workers as they are read; the file's
	// count starts at one for the reading itself, so that it is done only
	// when reading and every document's store are.
	st := &fileState{source: f.Source}
	st.remaining.Store(1)
	sent := 0
	errs := in.read(f.Source, data, func(doc corpus.Document) {
		if ctx.Err() != nil {
			return
		}
		st.remaining.Add(1)
		job := storeJob{doc: doc, file: st}
		if len(doc.Report.Attachments) > 0 {
			job.attach, job.links = in.attachments.resolve(f.Source, doc.Report.Attachments)
		}
		select {
		case out <- job:
			sent++
		case <-ctx.Done():
		}
	})
	for _, err := range errs {
		fl := failureOf(f.Source, err)
		in.fail(fl.Source, fl.Reason)
	}
	in.log.Debug("parsed", "source", f.Source, "documents", sent, "failures", len(errs))
	if ctx.Err() == nil && st.remaining.Add(-1) == 0 {
		in.fileDone(f.Source)
	}
}

// read is corpus.ReadEach with a guard: a panic in a reader is a bug, but
// one bad file must not take down a batch of thousands, so it becomes a
// failure of that file (after the documents read before it).
func (in *ingestRun) read(source string, data []byte, each func(corpus.Document)) (errs []error) {
	defer func() {
		if p := recover(); p != nil {
			in.log.Error("reader panicked", "source", source, "panic", p, "stack", string(debug.Stack()))
			errs = []error{&corpus.InputError{Source: source, Err: fmt.Errorf("internal error while reading: %v", p)}}
		}
	}()
	return corpus.ReadEach(source, data, each)
}

// store puts one document into the archive and passes it to OnStored;
// with attached files, it first reads them (one extraction slot per
// worker, held until the documents are stored, so that memory holds at
// most that many pages' files) and stores each document that makes.
func (in *ingestRun) store(ctx context.Context, j storeJob) {
	if ctx.Err() != nil {
		return
	}
	if len(j.attach) == 0 && j.standalone == nil {
		in.put(ctx, j.doc)
	} else {
		select {
		case in.extracting <- struct{}{}:
		case <-ctx.Done():
			return
		}
		docs := []corpus.Document{j.doc}
		if j.standalone != nil {
			doc, ok := in.standalone(ctx, *j.standalone)
			docs = nil
			if ok {
				docs = append(docs, doc)
			}
		} else {
			docs = in.attach(ctx, j.doc, j.attach, j.links)
		}
		for _, d := range docs {
			if ctx.Err() != nil {
				break
			}
			in.put(ctx, d)
		}
		<-in.extracting
	}
	if j.file.remaining.Add(-1) == 0 {
		in.fileDone(j.file.source)
	}
}

// put stores one document and passes it to OnStored; a failure to write
// stops the whole ingest.
func (in *ingestRun) put(ctx context.Context, doc corpus.Document) {
	pr, err := in.a.Put(doc)
	if err != nil {
		in.mu.Lock()
		if in.fatal == nil {
			in.fatal = err
		}
		in.mu.Unlock()
		in.cancel()
		return
	}
	in.mu.Lock()
	switch pr.Status {
	case Added:
		in.sum.Added++
	case Updated:
		in.sum.Updated++
	case Unchanged:
		in.sum.Unchanged++
	case Repaired:
		in.sum.Repaired++
	}
	in.mu.Unlock()
	if in.opt.OnStored != nil {
		if err := in.opt.OnStored(ctx, pr); err != nil {
			in.fail(doc.Report.Source, "archived, but not indexed: "+err.Error())
		}
	}
}

// failureOf turns a reader error into a failure, naming the row when the
// error is an *InputError.
func failureOf(source string, err error) IngestFailure {
	var ie *corpus.InputError
	if errors.As(err, &ie) {
		return IngestFailure{Source: ie.Source, Reason: ie.Err.Error()}
	}
	return IngestFailure{Source: source, Reason: err.Error()}
}

// ioReason shortens a *PathError to its cause: the failure already names
// the path.
func ioReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// InputFiles expands paths into the files Ingest reads, in a stable order:
// each path in the order given, each folder's files sorted by name; hidden
// files and folders and collection documentation (SOURCE.md, README,
// LICENSE, _index.md) are left out. A path that cannot be read is a failure.
func InputFiles(paths []string) ([]InputFile, []IngestFailure) {
	var files []InputFile
	var failures []IngestFailure
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			failures = append(failures, IngestFailure{Source: p, Reason: err.Error()})
			continue
		}
		st, err := os.Stat(abs)
		if err != nil {
			failures = append(failures, IngestFailure{Source: p, Reason: ioReason(err)})
			continue
		}
		parent := filepath.Dir(abs)
		if !st.IsDir() {
			files = append(files, InputFile{Path: abs, Source: filepath.Base(abs)})
			continue
		}
		err = filepath.WalkDir(abs, func(fp string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(parent, fp)
			source := filepath.ToSlash(rel)
			if err != nil {
				failures = append(failures, IngestFailure{Source: source, Reason: ioReason(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if fp != abs && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || skipName(d.Name()) {
				return nil
			}
			if !d.Type().IsRegular() {
				// Follow symlinks to files; skip sockets, devices, and
				// links to folders (which could loop).
				st, err := os.Stat(fp)
				if err != nil || !st.Mode().IsRegular() {
					return nil
				}
			}
			files = append(files, InputFile{Path: fp, Source: source})
			return nil
		})
		if err != nil {
			failures = append(failures, IngestFailure{Source: p, Reason: err.Error()})
		}
	}
	return files, failures
}

// skipName reports collection documentation that is not a report.
func skipName(name string) bool {
	upper := strings.ToUpper(name)
	switch upper {
	case "SOURCE.MD", "README.MD", "README", "README.TXT", "_INDEX.MD":
		return true
	}
	return strings.HasPrefix(upper, "LICENSE") || strings.HasPrefix(upper, "LICENCE")
}
