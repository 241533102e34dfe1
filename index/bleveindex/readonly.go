package bleveindex

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/lantai/lantai/index"
)

// OpenReadOnly opens the index in dir for reading only, as the commands
// that only read (search, stats) do: nothing is written, so it works on a
// read-only mount, and it works while another process (`lantai serve`)
// holds the index for writing. Bleve keeps the list of an index's
// segments in a bolt file the writer locks for itself, and a reader's
// shared lock waits for it; the segment files themselves never change
// once written. So when the writer holds the lock, OpenReadOnly reads a
// copy of the list, made in a temporary folder beside links to the
// segment files, which the process maps as it opens them: a snapshot of
// the index as it was, which a merge removing a segment afterwards does
// not disturb. An index that is absent, of another version or unreadable
// is an error wrapping index.ErrVersionMismatch.
func OpenReadOnly(dir string, seg *Segmenter) (*Index, error) {
	Use(seg)
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return nil, fmt.Errorf("%w: no index in %s", index.ErrVersionMismatch, dir)
	}
	b, err := openExisting(dir, seg, map[string]interface{}{"read_only": true, "bolt_timeout": "200ms"})
	if err == nil {
		return newIndex(b, dir, seg, maxSegmentDocs)
	}
	if !errors.Is(err, index.ErrBusy) {
		return nil, err
	}
	// A merge may remove a segment the copied list names before it is
	// linked and opened: take a newer copy.
	for range snapshotCopyAttempts {
		var ix *Index
		if ix, err = openSnapshotCopy(dir, seg); err == nil {
			return ix, nil
		}
	}
	return nil, err
}

// snapshotCopyAttempts bounds OpenReadOnly's copies of a busy index.
const snapshotCopyAttempts = 3

// openSnapshotCopy opens a copy of the segment list of the index in dir,
// with links to its segment files, in a new temporary folder.
func openSnapshotCopy(dir string, seg *Segmenter) (*Index, error) {
	tmp, err := os.MkdirTemp("", "lantai-readonly-")
	if err != nil {
		return nil, fmt.Errorf("copying the snapshot of %s: %w", dir, err)
	}
	fail := func(err error) (*Index, error) {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("reading the index %s beside the process writing it: %w", dir, err)
	}
	if err := copyFile(filepath.Join(dir, "index_meta.json"), filepath.Join(tmp, "index_meta.json")); err != nil {
		return fail(err)
	}
	store, copied := filepath.Join(dir, "store"), filepath.Join(tmp, "store")
	if err := os.Mkdir(copied, 0o700); err != nil {
		return fail(err)
	}
	// The list first, then the segments it names: a segment written
	// meanwhile is linked too and never read.
	if err := copyFile(filepath.Join(store, "root.bolt"), filepath.Join(copied, "root.bolt")); err != nil {
		return fail(err)
	}
	entries, err := os.ReadDir(store)
	if err != nil {
		return fail(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zap") {
			if err := os.Symlink(filepath.Join(store, e.Name()), filepath.Join(copied, e.Name())); err != nil {
				return fail(err)
			}
		}
	}
	b, err := openExisting(tmp, seg, map[string]interface{}{"read_only": true})
	if err != nil {
		return fail(err)
	}
	ix, err := newIndex(b, dir, seg, maxSegmentDocs)
	if err != nil {
		return fail(err)
	}
	ix.snapshotCopy = tmp
	return ix, nil
}

// copyFile copies the file from to a new file to.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
