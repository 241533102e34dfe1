package fsutil

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// TempSuffix ends the name of every temporary file Create makes, so that
// the owner of a folder can recognise what an interrupted write left
// behind and remove it. Temporary names also start with a dot, so that
// they never look like the file they will become.
const TempSuffix = ".tmp"

// AtomicFile is a file being written under a temporary name in its
// destination's folder. Write to it, then Commit to put it in place or
// Abort to drop it. Abort after Commit does nothing, so a deferred Abort
// cleans up after every early return.
type AtomicFile struct {
	f    *os.File
	path string
	done bool
}

// Create starts an atomic write of path with permissions perm (exactly
// perm: the temporary file's mode is set explicitly, not through the
// umask).
func Create(path string, perm fs.FileMode) (*AtomicFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*"+TempSuffix)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &AtomicFile{f: f, path: path}, nil
}

// Write writes to the temporary file.
func (a *AtomicFile) Write(b []byte) (int, error) {
	if a.done {
		return 0, errFinished
	}
	return a.f.Write(b)
}

var errFinished = errors.New("fsutil: write to a committed or aborted file")

// Commit syncs the file, renames it to its destination and syncs the
// destination's folder. When it fails the temporary file is gone; the
// destination holds the old file, unless only the folder sync failed, in
// which case the new file may or may not survive a crash.
func (a *AtomicFile) Commit() error {
	if a.done {
		return errFinished
	}
	a.done = true
	err := a.f.Sync()
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.f.Name(), a.path)
	}
	if err != nil {
		os.Remove(a.f.Name())
		return err
	}
	return SyncDir(filepath.Dir(a.path))
}

// Abort drops the temporary file and leaves the destination as it was.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	os.Remove(a.f.Name())
}

// WriteFileAtomic replaces path with data, durably: a crash leaves the old
// file or the new one.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// SyncDir flushes a folder's entries to disk: a rename or removal in it
// survives a crash only once its folder is synced.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
