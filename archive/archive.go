package archive

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/lantai/lantai/corpus"
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

// Status says what Put did with a document.
type Status int

// Put outcomes.
const (
	// Added means the report was new: a record was created.
	Added Status = iota + 1
	// Updated means the report existed and the original differed from
	// every stored version: a version was appended.
	Updated
	// Unchanged means one of the report's versions already has exactly
	// these bytes; nothing was written.
	Unchanged
)

// String returns "added", "updated" or "unchanged".
func (s Status) String() string {
	switch s {
	case Added:
		return "added"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// PutResult is what Put did with one document.
type PutResult struct {
	// ID is the report's archive ID (see ReportID).
	ID string
	// Status says whether a record or version was written.
	Status Status
	// Report is the report's latest stored version, ID and SHA256 set.
	Report corpus.Report
}

// Version is one stored version of a report: an original and what was
// parsed from it.
type Version struct {
	// SHA256 is the content address of the original.
	SHA256 string `json:"sha256"`
	// MediaType is the content type the original is served with.
	MediaType string `json:"media_type"`
	// Source is where this version was read from.
	Source string `json:"source"`
	// IngestedAt is when this version was stored (UTC).
	IngestedAt time.Time `json:"ingested_at"`
	// Report is the report parsed from this version's original.
	Report corpus.Report `json:"report"`
}

// versionHead is a Version without its report: what the catalogue keeps
// in memory. Decoding into it lets encoding/json skip the report text.
type versionHead struct {
	SHA256     string    `json:"sha256"`
	MediaType  string    `json:"media_type"`
	Source     string    `json:"source"`
	IngestedAt time.Time `json:"ingested_at"`
}

// recordHead is record without the reports.
type recordHead struct {
	ID       string        `json:"id"`
	Key      string        `json:"key"`
	Versions []versionHead `json:"versions"`
}

func (h *recordHead) has(sha string) bool {
	for _, v := range h.Versions {
		if v.SHA256 == sha {
			return true
		}
	}
	return false
}

// indexNo returns the 索引号 the record is keyed by, or "".
func (h *recordHead) indexNo() string { return corpus.IndexNoOfKey(h.Key) }

// Archive is Lantai's source of truth: every original exactly as received,
// content-addressed, and one record per report listing its versions. The
// search index is derived from it and can always be rebuilt from it.
//
// Layout under the archive directory:
//
//	packs/000000000001.pack   what one group commit wrote: originals, records
//	                          and deletions, with an index at the end (see packMagic)
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

func (a *Archive) packsDir() string   { return filepath.Join(a.dir, "packs") }
func (a *Archive) objectsDir() string { return filepath.Join(a.dir, "objects") }
func (a *Archive) reportsDir() string { return filepath.Join(a.dir, "reports") }

// objectPath and recordPath are where the old layout keeps an original
// and a record.
func (a *Archive) objectPath(sha string) string {
	return filepath.Join(a.objectsDir(), sha[:2], sha)
}

func (a *Archive) recordPath(id string) string {
	return filepath.Join(a.reportsDir(), id+".json")
}

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
			return fmt.Errorf("%w: %s (is `lantai serve` or another ingest running on this data folder?)", ErrBusy, a.dir)
		}
		return fmt.Errorf("lock archive %s: %w", a.dir, err)
	}
	a.lock = f
	return nil
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

// load builds the catalogue: first the old layout's records, then every
// pack in order, whose records replace older ones. A record or pack that
// cannot be read is left out and reported by Problems, unless a later
// pack stores that report again.
func (a *Archive) load() error {
	damaged, err := a.loadLegacy()
	if err != nil {
		return err
	}
	if _, err := a.loadPacks(); err != nil {
		return err
	}
	for _, d := range damaged {
		if _, ok := a.recordAt[d.id]; !ok {
			a.problems = append(a.problems, d.err)
		}
	}
	return nil
}

// damagedRecord is an old-layout record file that failed to load.
type damagedRecord struct {
	id  string
	err error
}

// loadLegacy catalogues reports/*.json, decoded in parallel and without
// their report bodies.
func (a *Archive) loadLegacy() ([]damagedRecord, error) {
	ents, err := os.ReadDir(a.reportsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open archive %s: %w", a.dir, err)
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			names = append(names, e.Name())
		}
	}
	heads := make([]*recordHead, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range next {
				heads[i], errs[i] = a.loadHead(names[i])
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	var damaged []damagedRecord
	for i, h := range heads {
		if errs[i] != nil {
			damaged = append(damaged, damagedRecord{strings.TrimSuffix(names[i], ".json"), errs[i]})
			continue
		}
		a.catalogue(h)
	}
	return damaged, nil
}

// loadPacks applies the packs numbered above lastPack, in order, and
// returns how many it applied; a.mu must be held for writing (or a must
// not be shared yet).
func (a *Archive) loadPacks() (int, error) {
	ents, err := os.ReadDir(a.packsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("open archive %s: %w", a.dir, err)
	}
	var seqs []uint64
	for _, e := range ents {
		if seq, ok := parsePackName(e.Name()); ok && !e.IsDir() && seq > a.lastPack {
			seqs = append(seqs, seq)
		}
	}
	slices.Sort(seqs)
	for _, seq := range seqs {
		path := filepath.Join(a.packsDir(), packName(seq))
		idx, err := readPackIndex(path)
		if err != nil {
			a.problems = append(a.problems, fmt.Errorf("pack %s is damaged and was skipped: %w", path, err))
		} else {
			a.applyPack(seq, path, idx)
		}
		a.lastPack = seq
	}
	return len(seqs), nil
}

// applyPack adds a pack's entries to the catalogue; a.mu must be held.
func (a *Archive) applyPack(seq uint64, path string, idx packIndex) {
	for _, e := range idx.Objects {
		a.objectAt[e.Key] = e.loc(seq)
	}
	for _, e := range idx.Records {
		if e.Head == nil {
			a.problems = append(a.problems, fmt.Errorf("pack %s: record %s has no head and was skipped", path, e.Key))
			continue
		}
		if err := checkHead(e.Head, e.Key); err != nil {
			a.problems = append(a.problems, fmt.Errorf("pack %s: record %s is damaged and was skipped: %w", path, e.Key, err))
			continue
		}
		a.catalogue(e.Head)
		a.recordAt[e.Key] = e.loc(seq)
	}
	for _, id := range idx.Deleted {
		a.uncatalogue(id)
		delete(a.recordAt, id)
	}
}

// refresh makes a read-only archive's catalogue include the packs written
// since it was opened, and reports whether there were any.
func (a *Archive) refresh() bool {
	if !a.readOnly {
		return false
	}
	a.refreshMu.Lock()
	defer a.refreshMu.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	n, err := a.loadPacks()
	return err == nil && n > 0
}

// loadHead reads and checks one record file.
func (a *Archive) loadHead(name string) (*recordHead, error) {
	p := filepath.Join(a.reportsDir(), name)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", p, err)
	}
	h, err := decodeHead(b)
	if err != nil {
		return nil, fmt.Errorf("record %s is damaged and was skipped: %w", p, err)
	}
	if err := checkHead(h, strings.TrimSuffix(name, ".json")); err != nil {
		return nil, fmt.Errorf("record %s is damaged and was skipped: %w", p, err)
	}
	return h, nil
}

// decodeHead decodes a record without its reports. encoding/json checks
// every byte of the report texts, at roughly 100 MB/s: most of the time of
// opening an archive. headScanner skips them with bytes.IndexByte instead;
// whatever it does not expect goes to the strict decoder, which then
// names the damage.
func decodeHead(b []byte) (*recordHead, error) {
	s := headScanner{b: b}
	if h, ok := s.head(); ok {
		return h, nil
	}
	var h recordHead
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// headScanner walks the JSON of a record just far enough to find its head
// fields, skipping other values without decoding them.
type headScanner struct {
	b []byte
	i int
}

func (s *headScanner) head() (*recordHead, bool) {
	var h recordHead
	ok := s.object(func(key string) bool {
		switch key {
		case "id":
			return s.decode(&h.ID)
		case "key":
			return s.decode(&h.Key)
		case "versions":
			return s.array(func() bool {
				var v versionHead
				ok := s.object(func(key string) bool {
					switch key {
					case "sha256":
						return s.decode(&v.SHA256)
					case "media_type":
						return s.decode(&v.MediaType)
					case "source":
						return s.decode(&v.Source)
					case "ingested_at":
						return s.decode(&v.IngestedAt)
					}
					return s.skip()
				})
				h.Versions = append(h.Versions, v)
				return ok
			})
		}
		return s.skip()
	})
	s.space()
	return &h, ok && s.i == len(s.b)
}

func (s *headScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// consume skips spaces and then c, reporting whether c was there.
func (s *headScanner) consume(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object walks an object, calling field with each key; field must consume
// the value.
func (s *headScanner) object(field func(key string) bool) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	for {
		s.space()
		start := s.i
		if s.i >= len(s.b) || s.b[s.i] != '"' || !s.skipString() {
			return false
		}
		key, plain := asciiKey(s.b[start+1 : s.i-1])
		if !plain || !s.consume(':') || !field(key) {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume('}')
	}
}

// array walks an array, calling elem to consume each element.
func (s *headScanner) array(elem func() bool) bool {
	if !s.consume('[') {
		return false
	}
	if s.consume(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume(']')
	}
}

// decode unmarshals the next value, which is small, into v.
func (s *headScanner) decode(v any) bool {
	s.space()
	start := s.i
	return s.skip() && json.Unmarshal(s.b[start:s.i], v) == nil
}

// skip passes over the next value without decoding it.
func (s *headScanner) skip() bool {
	s.space()
	depth := 0
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			if !s.skipString() {
				return false
			}
			if depth == 0 {
				return true
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth < 0 {
				return false
			}
			if depth == 0 {
				s.i++
				return true
			}
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return false
			}
		default:
			if depth == 0 {
				// A number or literal runs to the next delimiter.
				start := s.i
				for s.i < len(s.b) && !isDelimiter(s.b[s.i]) {
					s.i++
				}
				return s.i > start
			}
		}
		s.i++
	}
	return false
}

// asciiKey lower-cases an object key, as encoding/json matches keys
// without regard to case; keys with escapes or non-ASCII letters (which
// fold in subtler ways) are left to encoding/json.
func asciiKey(raw []byte) (string, bool) {
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			return "", false
		}
	}
	return strings.ToLower(string(raw)), true
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// skipString passes over the string starting at s.i (a quote).
func (s *headScanner) skipString() bool {
	j := s.i + 1
	for {
		k := bytes.IndexByte(s.b[j:], '"')
		if k < 0 {
			return false
		}
		j += k
		backslashes := 0
		for p := j - 1; p > s.i && s.b[p] == '\\'; p-- {
			backslashes++
		}
		j++
		if backslashes%2 == 0 {
			s.i = j
			return true
		}
	}
}

func checkHead(h *recordHead, id string) error {
	switch {
	case h.ID != id:
		return fmt.Errorf("it names id %q", h.ID)
	case corpus.ReportID(h.Key) != id:
		return fmt.Errorf("its key %q does not hash to its id", h.Key)
	case len(h.Versions) == 0:
		return errors.New("it has no versions")
	}
	for _, v := range h.Versions {
		if !isSHA256(v.SHA256) {
			return fmt.Errorf("a version has the malformed sha256 %q", v.SHA256)
		}
	}
	return nil
}

// catalogue adds or replaces h in the in-memory maps; a.mu must be held
// for writing (or a must not be shared yet).
func (a *Archive) catalogue(h *recordHead) {
	a.uncatalogue(h.ID)
	a.byID[h.ID] = h
	if no := h.indexNo(); no != "" {
		a.byIndexNo[no] = appendUnique(a.byIndexNo[no], h.ID)
	}
	for _, v := range h.Versions {
		a.bySHA[v.SHA256] = appendUnique(a.bySHA[v.SHA256], h.ID)
	}
}

// uncatalogue removes id from the in-memory maps; a.mu must be held.
func (a *Archive) uncatalogue(id string) {
	h, ok := a.byID[id]
	if !ok {
		return
	}
	delete(a.byID, id)
	if no := h.indexNo(); no != "" {
		a.byIndexNo[no] = removeValue(a.byIndexNo[no], id)
		if len(a.byIndexNo[no]) == 0 {
			delete(a.byIndexNo, no)
		}
	}
	for _, v := range h.Versions {
		a.bySHA[v.SHA256] = removeValue(a.bySHA[v.SHA256], id)
		if len(a.bySHA[v.SHA256]) == 0 {
			delete(a.bySHA, v.SHA256)
		}
	}
}

func appendUnique(ids []string, id string) []string {
	if slices.Contains(ids, id) {
		return ids
	}
	ids = append(ids, id)
	slices.Sort(ids)
	return ids
}

func removeValue(ids []string, id string) []string {
	return slices.DeleteFunc(ids, func(s string) bool { return s == id })
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

// Put stores doc: its original under its SHA-256 and its report as a new
// record, as a new version of the report with the same identity key (see
// IdentityKey), or not at all when that report already has a version with
// these bytes. The archive computes the SHA-256 itself and sets Report.ID
// and Report.SHA256.
func (a *Archive) Put(doc corpus.Document) (PutResult, error) {
	r := doc.Report
	if a.readOnly {
		return PutResult{}, fmt.Errorf("store %s: %w", r.Source, ErrReadOnly)
	}
	if len(doc.Original) == 0 {
		return PutResult{}, fmt.Errorf("store %s: the original is empty", r.Source)
	}
	if strings.TrimSpace(r.IndexNo) == "" && r.Source == "" {
		return PutResult{}, errors.New("store: the report has neither a 索引号 nor a source to identify it")
	}
	key := corpus.IdentityKey(r)
	id := corpus.ReportID(key)
	sum := corpus.SHA256Hex(doc.Original)
	r.ID, r.SHA256 = id, sum

	stripe := &a.stripes[stripeOf(id)]
	stripe.Lock()
	defer stripe.Unlock()

	a.mu.RLock()
	closed := a.closed
	head, exists := a.byID[id]
	a.mu.RUnlock()
	if closed {
		return PutResult{}, ErrClosed
	}
	if exists && head.Key != key {
		return PutResult{}, fmt.Errorf("store %s: report id %s already belongs to %q (hash collision)", r.Source, id, head.Key)
	}
	var rec record
	if exists {
		var err error
		if rec, err = a.readRecord(id); err != nil {
			return PutResult{}, fmt.Errorf("store %s: %w", r.Source, err)
		}
		if head.has(sum) {
			return PutResult{ID: id, Status: Unchanged, Report: rec.Versions[len(rec.Versions)-1].Report}, nil
		}
	} else {
		rec = record{ID: id, Key: key}
	}

	mediaType := doc.MediaType
	if mediaType == "" {
		mediaType = "application/octet-stream"
	}
	rec.Versions = append(rec.Versions, Version{
		SHA256:     sum,
		MediaType:  mediaType,
		Source:     r.Source,
		IngestedAt: time.Now().UTC(),
		Report:     r,
	})
	if err := a.write(sum, doc.Original, &rec); err != nil {
		return PutResult{}, fmt.Errorf("store %s: %w", r.Source, err)
	}
	status := Added
	if exists {
		status = Updated
	}
	return PutResult{ID: id, Status: status, Report: r}, nil
}

func stripeOf(id string) int {
	b, err := hex.DecodeString(id[:2])
	if err != nil {
		return 0
	}
	return int(b[0])
}

// write hands an original (unless already stored) and a record to the
// group commit and waits until they are durable and catalogued.
func (a *Archive) write(sum string, original []byte, rec *record) error {
	req := &commitReq{head: headOf(rec), done: make(chan error, 1)}
	if !a.hasObject(sum) {
		req.objectSHA, req.original = sum, original
	}
	b, err := encodeRecord(rec)
	if err != nil {
		return fmt.Errorf("encode record %s: %w", rec.ID, err)
	}
	req.record = b
	a.commits <- req
	return <-req.done
}

// headOf is rec's catalogue entry.
func headOf(rec *record) *recordHead {
	h := &recordHead{ID: rec.ID, Key: rec.Key}
	for _, v := range rec.Versions {
		h.Versions = append(h.Versions, versionHead{
			SHA256: v.SHA256, MediaType: v.MediaType, Source: v.Source, IngestedAt: v.IngestedAt,
		})
	}
	return h
}

// hasObject reports whether the original with this SHA-256 is stored: in
// a pack, or (for a SHA the catalogue knows) in the old layout.
func (a *Archive) hasObject(sum string) bool {
	a.mu.RLock()
	_, packed := a.objectAt[sum]
	_, known := a.bySHA[sum]
	a.mu.RUnlock()
	if packed {
		return true
	}
	if !known {
		return false
	}
	_, err := os.Stat(a.objectPath(sum))
	return err == nil
}

// commitReq is one Put's or Delete's writes waiting for the group commit.
type commitReq struct {
	// objectSHA and original are the original to store, if not stored yet.
	objectSHA string
	original  []byte
	// head and record are the report's new record, for a Put.
	head   *recordHead
	record []byte
	// deleteID is the report to delete, for a Delete.
	deleteID string
	done     chan error
}

// maxCommitBatch bounds how many Puts share one commit.
const maxCommitBatch = 512

// A commit of fewer than commitFill Puts waits up to commitLinger for more
// to arrive: a pack file created costs more system time than the
// kilobytes written into it, and a bulk ingest delivers Puts faster than
// that.
const (
	commitFill   = 128
	commitLinger = 4 * time.Millisecond
)

// runCommitter is the group commit: it takes every Put and Delete waiting,
// writes them into one pack, makes the pack durable (one fsync of the file,
// one of packs/), catalogues them and releases them. A flush costs
// milliseconds on real disks, and a file created costs more system time
// than the kilobytes written into it; paying both once per batch rather
// than per report is what lets ingest run at parsing speed while every Put
// that returns is on disk.
func (a *Archive) runCommitter() {
	defer close(a.committerDone)
	for req := range a.commits {
		batch := []*commitReq{req}
		linger := time.NewTimer(commitLinger)
	gather:
		for len(batch) < maxCommitBatch {
			select {
			case r, ok := <-a.commits:
				if !ok {
					break gather
				}
				batch = append(batch, r)
				continue
			default:
			}
			if len(batch) >= commitFill {
				break
			}
			select {
			case r, ok := <-a.commits:
				if !ok {
					break gather
				}
				batch = append(batch, r)
			case <-linger.C:
				break gather
			}
		}
		linger.Stop()
		err := a.commitBatch(batch)
		for _, r := range batch {
			r.done <- err
		}
	}
}

func (a *Archive) commitBatch(batch []*commitReq) error {
	seq := a.nextPack
	// The number is spent even if the commit fails: the pack may be in
	// place although syncing its folder failed.
	a.nextPack++
	final := filepath.Join(a.packsDir(), packName(seq))
	pw, err := createPack(final)
	if err != nil {
		return fmt.Errorf("commit to archive %s: %w", a.dir, err)
	}
	written := map[string]bool{}
	for _, r := range batch {
		if r.original != nil && !written[r.objectSHA] {
			written[r.objectSHA] = true
			pw.addObject(r.objectSHA, r.original)
		}
		if r.head != nil {
			pw.addRecord(r.head, r.record)
		}
		if r.deleteID != "" {
			pw.idx.Deleted = append(pw.idx.Deleted, r.deleteID)
		}
	}
	if err := pw.finish(); err != nil {
		return fmt.Errorf("commit to archive %s: %w", a.dir, err)
	}
	a.mu.Lock()
	a.applyPack(seq, final, pw.idx)
	a.lastPack = seq
	a.mu.Unlock()
	return nil
}

// readRecord reads report id's record in full: from its pack, or from
// reports/<id>.json in the old layout.
func (a *Archive) readRecord(id string) (record, error) {
	if !isReportID(id) {
		return record{}, fmt.Errorf("report %q: %w (not a report id)", id, ErrNotFound)
	}
	a.mu.RLock()
	loc, packed := a.recordAt[id]
	_, known := a.byID[id]
	a.mu.RUnlock()
	if !known && a.refresh() {
		return a.readRecord(id)
	}
	if !known {
		return record{}, fmt.Errorf("report %s: %w", id, ErrNotFound)
	}
	where := "record " + a.recordPath(id)
	if packed {
		where = fmt.Sprintf("record %s in pack %s", id, packName(loc.pack))
	}
	b, err := a.readStored(loc, packed, a.recordPath(id))
	if errors.Is(err, fs.ErrNotExist) {
		return record{}, fmt.Errorf("report %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return record{}, fmt.Errorf("report %s: %w", id, err)
	}
	rec, err := decodeRecord(b)
	if err != nil {
		return record{}, fmt.Errorf("%s is damaged: %w", where, err)
	}
	if len(rec.Versions) == 0 {
		return record{}, fmt.Errorf("%s is damaged: it has no versions", where)
	}
	return rec, nil
}

// readStored reads an entry from its pack, or (not packed) the old
// layout's file at legacy.
func (a *Archive) readStored(loc packLoc, packed bool, legacy string) ([]byte, error) {
	if packed {
		return readPacked(a.packsDir(), loc)
	}
	return os.ReadFile(legacy)
}

func (a *Archive) checkOpen() error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.closed {
		return ErrClosed
	}
	return nil
}

// Get returns the latest version of report id.
func (a *Archive) Get(id string) (corpus.Report, error) {
	if err := a.checkOpen(); err != nil {
		return corpus.Report{}, err
	}
	rec, err := a.readRecord(id)
	if err != nil {
		return corpus.Report{}, err
	}
	return rec.Versions[len(rec.Versions)-1].Report, nil
}

// Versions returns every stored version of report id, oldest first.
func (a *Archive) Versions(id string) ([]Version, error) {
	if err := a.checkOpen(); err != nil {
		return nil, err
	}
	rec, err := a.readRecord(id)
	if err != nil {
		return nil, err
	}
	return rec.Versions, nil
}

// LookupIndexNo returns the IDs of the reports with 索引号 indexNo, or
// ErrNotFound. There is at most one unless IDs collide, since the 索引号 is
// the identity key, but callers should not rely on that.
func (a *Archive) LookupIndexNo(indexNo string) ([]string, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.closed {
		return nil, ErrClosed
	}
	ids := a.byIndexNo[strings.TrimSpace(indexNo)]
	if len(ids) == 0 {
		return nil, fmt.Errorf("索引号 %q: %w", indexNo, ErrNotFound)
	}
	return slices.Clone(ids), nil
}

// Original returns the original bytes stored under sha256 and the media
// type they were stored with.
func (a *Archive) Original(sha256 string) ([]byte, string, error) {
	if err := a.checkOpen(); err != nil {
		return nil, "", err
	}
	if !isSHA256(sha256) {
		return nil, "", fmt.Errorf("original %q: %w (not a sha256)", sha256, ErrNotFound)
	}
	a.mu.RLock()
	loc, packed := a.objectAt[sha256]
	_, known := a.bySHA[sha256]
	a.mu.RUnlock()
	// Only a SHA the catalogue does not know sends a reader to look for
	// newer packs: an old-layout original is known and on disk.
	if !packed && !known && a.refresh() {
		return a.Original(sha256)
	}
	b, err := a.readStored(loc, packed, a.objectPath(sha256))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("original %s: %w", sha256, ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("original %s: %w", sha256, err)
	}
	return b, a.mediaTypeOf(sha256), nil
}

func (a *Archive) mediaTypeOf(sha string) string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	for _, id := range a.bySHA[sha] {
		for _, v := range a.byID[id].Versions {
			if v.SHA256 == sha {
				return v.MediaType
			}
		}
	}
	return "application/octet-stream"
}

// OriginalOf returns the original of report id's latest version, its
// media type and a file name to offer for download, derived from the
// source ("a/b/report.txt" → "report.txt", "x/rows.csv#12" → "rows-12.csv").
func (a *Archive) OriginalOf(id string) ([]byte, string, string, error) {
	if err := a.checkOpen(); err != nil {
		return nil, "", "", err
	}
	a.mu.RLock()
	h, ok := a.byID[id]
	var latest versionHead
	if ok {
		latest = h.Versions[len(h.Versions)-1]
	}
	a.mu.RUnlock()
	if !ok {
		// A read-only catalogue may predate the record; ask the disk.
		rec, err := a.readRecord(id)
		if err != nil {
			return nil, "", "", err
		}
		v := rec.Versions[len(rec.Versions)-1]
		latest = versionHead{SHA256: v.SHA256, MediaType: v.MediaType, Source: v.Source}
	}
	b, _, err := a.Original(latest.SHA256)
	if err != nil {
		return nil, "", "", fmt.Errorf("report %s: %w", id, err)
	}
	return b, latest.MediaType, downloadName(id, latest.Source, latest.MediaType), nil
}

// downloadName turns a source into a file name without directories.
func downloadName(id, source, mediaType string) string {
	name, row, isRow := strings.Cut(path.Base(filepath.ToSlash(source)), "#")
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if isRow {
		stem += "-" + row
	}
	if stem == "" || stem == "." || stem == "/" {
		stem = id
	}
	if ext == "" {
		ext = extensionFor(mediaType)
	}
	return stem + ext
}

func extensionFor(mediaType string) string {
	mt, _, _ := strings.Cut(mediaType, ";")
	switch strings.TrimSpace(mt) {
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "text/markdown":
		return ".md"
	case "text/csv":
		return ".csv"
	case "text/tab-separated-values":
		return ".tsv"
	case "application/jsonl", "application/x-ndjson", "application/json":
		return ".jsonl"
	}
	return ".bin"
}

// Each calls fn with the latest version of every report, in ID order,
// stopping at the first error fn returns.
func (a *Archive) Each(fn func(corpus.Report) error) error {
	return a.EachVersions(func(_ string, vs []Version) error {
		return fn(vs[len(vs)-1].Report)
	})
}

// EachVersions calls fn with every report's versions (oldest first), in
// ID order, stopping at the first error fn returns. Reports deleted while
// it runs are skipped.
func (a *Archive) EachVersions(fn func(id string, versions []Version) error) error {
	a.mu.RLock()
	if a.closed {
		a.mu.RUnlock()
		return ErrClosed
	}
	ids := make([]string, 0, len(a.byID))
	for id := range a.byID {
		ids = append(ids, id)
	}
	a.mu.RUnlock()
	sort.Strings(ids)
	for _, id := range ids {
		rec, err := a.readRecord(id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(id, rec.Versions); err != nil {
			return err
		}
	}
	return nil
}

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

func isSHA256(s string) bool   { return len(s) == 64 && isLowerHex(s) }
func isReportID(s string) bool { return len(s) == 16 && isLowerHex(s) }

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
