package bleveindex

import (
	"errors"
	"fmt"
	"maps"
	"runtime"
	"sync"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
)

// Batches are handed to Bleve at whichever limit comes first; the byte
// bound keeps ingest memory flat however large the corpus. Bleve holds the
// analysis of a whole batch while it builds the batch's segment (in index
// version 11, a 4 MB batch held 300 MB of it); at 512 KB of text ingest
// also ran faster, and 2 MB batches still thrashed the collector under
// ingest's 160 MiB heap limit in version 12: docs/BENCHMARKS.md, sessions
// 3 and 4.
const (
	batchBytes = 512 << 10
	batchDocs  = 1000
)

// Writer adds many reports to an index in batches. It is a pipeline:
// reports are prepared (their documents built and analysed, jieba's work
// and most of an ingest's) on every core, queued into the current batch
// in the order Add was called, and each full batch is applied in the
// background (Bleve builds its segment on one core) while the next fills.
// At most one batch is being applied and one filled, and at most a few
// reports per core are being prepared, so memory stays flat. A Writer is
// safe for concurrent use; Close must be called.
type Writer struct {
	ix *Index

	// jobs carries the reports of Add to the preparers, numbered;
	// prepared carries them on to the assembler, in any order.
	jobs      chan writeJob
	prepared  chan writeJob
	preparers sync.WaitGroup
	assembled chan struct{}

	// current is the batch being filled (by the assembler only), full the
	// batches handed to the applier.
	current *Batch
	full    chan *Batch
	applied chan struct{}

	// addMu orders the Adds: it guards next and closed, and is held while
	// a job is sent, so that jobs enter in their numbers' order.
	addMu  sync.Mutex
	next   uint64
	closed bool

	mu  sync.Mutex
	err error // the first error preparing, queuing or applying

	closeOnce sync.Once
}

// writeJob is one report on its way through a Writer.
type writeJob struct {
	seq    uint64
	report corpus.Report
	p      *preparedReport
	err    error
}

// NewWriter implements index.Index: it starts a Writer.
func (ix *Index) NewWriter() index.Writer { return ix.newWriter() }

func (ix *Index) newWriter() *Writer {
	workers := runtime.GOMAXPROCS(0)
	w := &Writer{
		ix: ix, current: ix.NewBatch(),
		jobs: make(chan writeJob, workers), prepared: make(chan writeJob, workers),
		assembled: make(chan struct{}), full: make(chan *Batch), applied: make(chan struct{}),
	}
	for range workers {
		w.preparers.Go(w.prepare)
	}
	go w.assemble()
	go w.apply()
	return w
}

// prepare builds the documents of the reports of jobs.
func (w *Writer) prepare() {
	for j := range w.jobs {
		if w.failed() == nil {
			j.p, j.err = w.prepareGuarded(j.report)
		}
		j.report = corpus.Report{}
		w.prepared <- j
	}
}

// prepareGuarded is Index.prepare with a panic (a bug in analysis) turned
// into an error of that report, as the caller's goroutine is not this one.
func (w *Writer) prepareGuarded(r corpus.Report) (p *preparedReport, err error) {
	defer func() {
		if v := recover(); v != nil {
			p, err = nil, fmt.Errorf("bleveindex: preparing report %s: %v", r.ID, v)
		}
	}()
	return w.ix.prepare(r)
}

// assemble queues the prepared reports into batches in the order of Add,
// so that of two versions of a report added in turn the later stays.
func (w *Writer) assemble() {
	defer close(w.assembled)
	waiting := map[uint64]writeJob{}
	var next uint64
	for j := range w.prepared {
		waiting[j.seq] = j
		for {
			j, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			w.queue(j)
		}
	}
	if w.current.Len() > 0 && w.failed() == nil {
		w.handOff()
	}
	close(w.full)
}

// queue adds one prepared report to the current batch, handing the batch
// off when it is full.
func (w *Writer) queue(j writeJob) {
	err := j.err
	if err == nil && j.p != nil && w.failed() == nil {
		err = w.current.add(j.p)
	}
	if err != nil {
		w.fail(err)
		return
	}
	if w.current.Size() > batchBytes || w.current.Len() > batchDocs {
		w.handOff()
	}
}

// apply applies the full batches in turn.
func (w *Writer) apply() {
	defer close(w.applied)
	for b := range w.full {
		if w.failed() != nil {
			continue
		}
		if err := w.ix.Apply(b); err != nil {
			w.fail(err)
		}
	}
}

func (w *Writer) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

func (w *Writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Add queues a report and its sections, replacing a previous version's.
// It returns an earlier report's or batch's error, if any.
func (w *Writer) Add(r corpus.Report) error {
	w.addMu.Lock()
	defer w.addMu.Unlock()
	if err := w.failed(); err != nil {
		return err
	}
	if w.closed {
		return errWriterClosed
	}
	// Sent under the lock, so that the jobs enter in their numbers'
	// order and the assembler never waits for a number behind a full
	// channel.
	w.jobs <- writeJob{seq: w.next, report: r}
	w.next++
	return nil
}

// errWriterClosed is the error of an Add after Close.
var errWriterClosed = errors.New("bleveindex: adding to a closed index writer")

// handOff passes the current batch to the background apply, once the one
// before it is applied, and starts a new one.
func (w *Writer) handOff() {
	b := w.current
	w.full <- b
	w.current = w.ix.NewBatch()
	// Until b is applied, the index does not show its sections; Apply
	// clears b's map, so the new batch keeps a copy.
	w.current.unapplied = maps.Clone(b.sections)
}

// Close applies what is queued, waits for every batch to be applied and
// returns the first error. Calling it again only returns that error.
func (w *Writer) Close() error {
	w.closeOnce.Do(func() {
		w.addMu.Lock()
		w.closed = true
		close(w.jobs)
		w.addMu.Unlock()
		w.preparers.Wait()
		close(w.prepared)
		<-w.assembled
		<-w.applied
	})
	return w.failed()
}
