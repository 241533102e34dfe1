package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/lantai/lantai/internal/fsutil"
)

// Delete removes report id's record: a deletion in a new pack, and its
// reports/<id>.json if it is in the old layout. Its originals stay: they
// are content-addressed and may be shared with other reports.
func (a *Archive) Delete(id string) error {
	if a.readOnly {
		return fmt.Errorf("delete %s: %w", id, ErrReadOnly)
	}
	if !isReportID(id) {
		return fmt.Errorf("report %q: %w (not a report id)", id, ErrNotFound)
	}
	stripe := &a.stripes[stripeOf(id)]
	stripe.Lock()
	defer stripe.Unlock()
	a.mu.RLock()
	_, ok := a.byID[id]
	_, packed := a.recordAt[id]
	closed := a.closed
	a.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	if !ok {
		return fmt.Errorf("report %s: %w", id, ErrNotFound)
	}
	req := &commitReq{deleteID: id, done: make(chan error, 1)}
	a.commits <- req
	if err := <-req.done; err != nil {
		return fmt.Errorf("delete report %s: %w", id, err)
	}
	if packed {
		return nil
	}
	// The deletion is durable; the old layout's file goes after it, so a
	// crash in between leaves a file the next open overrides.
	if err := os.Remove(a.recordPath(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete report %s: %w", id, err)
	}
	if err := fsutil.SyncDir(a.reportsDir()); err != nil {
		return fmt.Errorf("delete report %s: %w", id, err)
	}
	return nil
}
