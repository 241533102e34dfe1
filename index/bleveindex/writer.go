package bleveindex

import (
	"maps"
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

// Writer adds many reports to an index in batches, applying each full batch
// in the background while the caller fills the next: Bleve builds a
// batch's segment on one core, and the next batch's reading, parsing and
// analysis use the other. At most one batch is being applied and one
// filled. A Writer is not safe for concurrent use; Close must be called.
type Writer struct {
	ix      *Index
	current *Batch
	full    chan *Batch
	done    chan struct{}

	mu  sync.Mutex
	err error // the first error applying a batch

	closeOnce sync.Once
}

// NewWriter implements index.Index: it starts a Writer.
func (ix *Index) NewWriter() index.Writer { return ix.newWriter() }

func (ix *Index) newWriter() *Writer {
	w := &Writer{ix: ix, current: ix.NewBatch(), full: make(chan *Batch), done: make(chan struct{})}
	go w.apply()
	return w
}

func (w *Writer) apply() {
	defer close(w.done)
	for b := range w.full {
		if err := w.failed(); err != nil {
			continue
		}
		if err := w.ix.Apply(b); err != nil {
			w.mu.Lock()
			w.err = err
			w.mu.Unlock()
		}
	}
}

func (w *Writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Add queues a report and its sections, replacing a previous version's.
// It returns an earlier batch's error, if any.
func (w *Writer) Add(r corpus.Report) error {
	if err := w.failed(); err != nil {
		return err
	}
	if err := w.current.Add(r); err != nil {
		return err
	}
	if w.current.Size() > batchBytes || w.current.Len() > batchDocs {
		w.handOff()
	}
	return nil
}

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
		if w.current.Len() > 0 {
			w.handOff()
		}
		close(w.full)
		<-w.done
	})
	return w.failed()
}
