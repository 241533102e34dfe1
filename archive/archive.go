package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lantai/lantai/internal/fsutil"
)

// Archive errors, to be tested with errors.Is.
var (
	// ErrNotFound means no report, version or original has the given ID,
	// 索引号 or SHA-256.
	ErrNotFound = errors.New("not found")
	// ErrReadOnly is returned by Put and Delete on an archive opened with
	// OpenReadOnly.
	ErrReadOnly = errors.New("archive opened read-only")
	// ErrBusy means another process holds the archive's write lock.
	ErrBusy = errors.New("archive is in use by another lantai process")
	// ErrClosed is returned by every method after Close.
	ErrClosed = errors.New("archive is closed")
)

// Archive is Lantai's source of truth: every original exactly as received,
// content-addressed, and one record per report listing its versions. The
// search index is derived from it and can always be rebuilt from it.
//
// Layout under the archive directory:
//
//	packs/000000000001.pack   what one group commit wrote: originals, records
//	                          and deletions, zstd-compressed, with an index at
//	                          the end (see packMagic)
//	lock                      held (flock) by the one process that may write
//
// A record is {"id","key","versions":[{sha256,media_type,source,ingested_at,
// report}]}; a later pack's record of a report replaces an earlier one.
// Archives written before packs keep their originals in objects/ab/<sha256>
// and records in reports/<id>.json; they are read as they are, and every
// new write goes to a pack.
//
// Puts running at the same time share one commit (see runCommitter): their
// originals and records go into one pack, which is written to a temporary
// file, synced and renamed into place, so a process killed at any moment
// leaves either the old state or the new one, and at worst a stray *.tmp
// file (removed when the archive is next opened for writing). When Put
// returns, the original and the record are on disk.
//
// One process writes at a time: Open takes an exclusive lock and
// fails with ErrBusy if another process has it. Readers (get, export,
// serve) use OpenReadOnly, which takes no lock: packs are immutable
// and appear whole, so a reader always sees whole records. Its catalogue is
// a snapshot taken at open time, which it extends with newer packs when
// asked for a report or original it does not know.
//
// An Archive is safe for concurrent use by multiple goroutines; Puts of
// different reports proceed in parallel.
type Archive struct {
	dir      string
	readOnly bool
	lock     *os.File

	// stripes serialise writers of the same report ID while letting
	// different reports be written in parallel.
	stripes [256]sync.Mutex

	// commits feeds the group committer (see runCommitter); writers only.
	commits       chan *commitReq
	committerDone chan struct{}
	// nextPack is the number the next pack gets; only the committer uses it.
	nextPack uint64

	// refreshMu serialises a read-only archive's look for newer packs.
	refreshMu sync.Mutex

	mu        sync.RWMutex // guards the fields below
	closed    bool
	byID      map[string]*recordHead
	byIndexNo map[string][]string
	bySHA     map[string][]string
	// recordAt and objectAt locate records and originals stored in packs;
	// a catalogued report missing from recordAt is in the old layout.
	recordAt map[string]packLoc
	objectAt map[string]packLoc
	lastPack uint64 // the highest pack number loaded
	problems []error
}

// Open opens the archive in dir for reading and writing, creating
// it if needed. It fails with ErrBusy while another process has it
// open for writing. A record file that cannot be read does not fail the
// open; it is left out of the catalogue and reported by Problems.
func Open(dir string) (*Archive, error) {
	return openArchive(dir, false)
}

// OpenReadOnly opens an existing archive for reading only, without
// taking the write lock, so it works while another process ingests.
func OpenReadOnly(dir string) (*Archive, error) {
	return openArchive(dir, true)
}

func openArchive(dir string, readOnly bool) (*Archive, error) {
	a := &Archive{
		dir:       dir,
		readOnly:  readOnly,
		byID:      map[string]*recordHead{},
		byIndexNo: map[string][]string{},
		bySHA:     map[string][]string{},
		recordAt:  map[string]packLoc{},
		objectAt:  map[string]packLoc{},
	}
	if readOnly {
		if !isDir(a.packsDir()) && !isDir(a.reportsDir()) {
			return nil, fmt.Errorf("open archive %s: no archive there (%w)", dir, fs.ErrNotExist)
		}
	} else {
		if err := os.MkdirAll(a.packsDir(), 0o755); err != nil {
			return nil, fmt.Errorf("open archive %s: %w", dir, err)
		}
		if err := a.takeLock(); err != nil {
			return nil, err
		}
		if err := a.removeTemps(); err != nil {
			a.releaseLock()
			return nil, err
		}
	}
	if err := a.load(); err != nil {
		a.releaseLock()
		return nil, err
	}
	if !readOnly {
		a.nextPack = a.lastPack + 1
		a.commits = make(chan *commitReq)
		a.committerDone = make(chan struct{})
		go a.runCommitter()
	}
	return a, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func (a *Archive) packsDir() string { return filepath.Join(a.dir, "packs") }

// takeLock holds an exclusive flock on <dir>/lock until Close; the kernel
// releases it if the process dies, so a crash never leaves it stuck.
func (a *Archive) takeLock() error {
	f, err := os.OpenFile(filepath.Join(a.dir, "lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("open archive %s: %w", a.dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if holder := lockHolder(f.Name()); holder != "" {
				return fmt.Errorf("%w: %s is held by %s", ErrBusy, a.dir, holder)
			}
			return fmt.Errorf("%w: %s (is `lantai serve` or another ingest running on this data folder?)", ErrBusy, a.dir)
		}
		return fmt.Errorf("lock archive %s: %w", a.dir, err)
	}
	// Who holds the lock, for the message of the next process that
	// wants it; the lock itself is the flock, not this text.
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "%s%d\n%s%s\n%s%s\n", lockPID, os.Getpid(), lockCommand, strings.Join(os.Args, " "), lockSince, time.Now().Format(time.RFC3339))
	}
	a.lock = f
	return nil
}

// The lines the lock holder writes into the lock file.
const (
	lockPID     = "pid "
	lockCommand = "command "
	lockSince   = "since "
)

// lockHolder describes the process whose lines are in the lock file at
// path, "" when it has written none.
func lockHolder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) > 64<<10 {
		return ""
	}
	var pid, command, since string
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, lockPID):
			pid = strings.TrimPrefix(line, lockPID)
		case strings.HasPrefix(line, lockCommand):
			command = strings.TrimPrefix(line, lockCommand)
		case strings.HasPrefix(line, lockSince):
			since = strings.TrimPrefix(line, lockSince)
		}
	}
	if pid == "" {
		return ""
	}
	return fmt.Sprintf("process %s (`%s`, since %s)", pid, command, since)
}

func (a *Archive) releaseLock() {
	if a.lock != nil {
		a.lock.Close() // closing the descriptor releases the flock
		a.lock = nil
	}
}

// removeTemps deletes temporary files left by an interrupted write, in
// packs/ and in the old layout's folders. Only the lock holder may do
// this: in a live writer they are files in flight.
func (a *Archive) removeTemps() error {
	dirs := []string{a.packsDir()}
	if isDir(a.reportsDir()) {
		dirs = append(dirs, a.reportsDir())
	}
	subs, err := os.ReadDir(a.objectsDir())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("open archive %s: %w", a.dir, err)
	}
	for _, s := range subs {
		if s.IsDir() {
			dirs = append(dirs, filepath.Join(a.objectsDir(), s.Name()))
		}
	}
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			return fmt.Errorf("open archive %s: %w", a.dir, err)
		}
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), fsutil.TempSuffix) {
				if err := os.Remove(filepath.Join(d, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("open archive %s: removing a stray temporary file: %w", a.dir, err)
				}
			}
		}
	}
	return nil
}

// Problems lists the packs and record files that could not be read when
// the archive was opened, each error naming the file. Those reports are
// missing from the catalogue until repaired; a Put of the same report
// starts a fresh record in a new pack and leaves the damaged file for
// inspection (it is no longer reported once a pack holds the report).
func (a *Archive) Problems() []error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return slices.Clone(a.problems)
}

// Dir returns the archive's directory.
func (a *Archive) Dir() string { return a.dir }

// Len returns the number of reports.
func (a *Archive) Len() int {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return len(a.byID)
}

// Stamp names the archive's state: it changes with every write (each
// writes a pack), so that what is derived from every report (completion
// candidates) can be kept on disk and trusted while the stamp is the same.
func (a *Archive) Stamp() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return fmt.Sprintf("pack %d, %d reports", a.lastPack, len(a.byID))
}

func (a *Archive) checkOpen() error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.closed {
		return ErrClosed
	}
	return nil
}

// Close releases the write lock. Puts in progress finish first.
func (a *Archive) Close() error {
	for i := range a.stripes {
		a.stripes[i].Lock()
	}
	defer func() {
		for i := range a.stripes {
			a.stripes[i].Unlock()
		}
	}()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil
	}
	a.closed = true
	if a.commits != nil {
		// Every stripe is held, so no Put is waiting on the committer.
		close(a.commits)
		<-a.committerDone
	}
	a.releaseLock()
	return nil
}
