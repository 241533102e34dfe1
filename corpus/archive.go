package corpus

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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"
)

// Archive errors, to be tested with errors.Is.
var (
	// ErrNotFound means no report, version or original has the given ID,
	// 索引号 or SHA-256.
	ErrNotFound = errors.New("not found")
	// ErrReadOnly is returned by Put and Delete on an archive opened with
	// OpenArchiveReadOnly.
	ErrReadOnly = errors.New("archive opened read-only")
	// ErrArchiveBusy means another process holds the archive's write lock.
	ErrArchiveBusy = errors.New("archive is in use by another lantai process")
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
	Report Report
}

// Version is one stored version of a report: an original and what was
// parsed from it.
type Version struct {
	// SHA256 is the content address of the original under objects/.
	SHA256 string `json:"sha256"`
	// MediaType is the content type the original is served with.
	MediaType string `json:"media_type"`
	// Source is where this version was read from.
	Source string `json:"source"`
	// IngestedAt is when this version was stored (UTC).
	IngestedAt time.Time `json:"ingested_at"`
	// Report is the report parsed from this version's original.
	Report Report `json:"report"`
}

// record is the on-disk form of reports/<id>.json. Versions run oldest
// first; the last one is the report's current state.
type record struct {
	ID       string    `json:"id"`
	Key      string    `json:"key"`
	Versions []Version `json:"versions"`
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
func (h *recordHead) indexNo() string {
	no, _ := strings.CutPrefix(h.Key, keyIndexNo)
	if no == h.Key {
		return ""
	}
	return no
}

// Identity key prefixes; see IdentityKey.
const (
	keyIndexNo = "index_no:"
	keySource  = "source:"
)

// IdentityKey returns what makes two documents the same report: its 索引号
// when it has one, else its source. Documents with the same key are
// versions of one report.
func IdentityKey(r Report) string {
	if no := strings.TrimSpace(r.IndexNo); no != "" {
		return keyIndexNo + no
	}
	return keySource + r.Source
}

// ReportID returns the archive ID for an identity key: the first 16 hex
// digits of its SHA-256. IDs are stable across machines and re-ingests.
func ReportID(key string) string {
	return SHA256Hex([]byte(key))[:16]
}

// Archive is Lantai's source of truth: every original exactly as received,
// content-addressed, and one record per report listing its versions. The
// search index is derived from it and can always be rebuilt from it.
//
// Layout under the archive directory:
//
//	objects/ab/<sha256>   original bytes, written once, never rewritten
//	reports/<id>.json     {"id","key","versions":[{sha256,media_type,source,ingested_at,report}]}
//	lock                  held (flock) by the one process that may write
//
// Every file is written to a temporary file in its final directory, synced
// and renamed into place, object before record, so a process killed at any
// moment leaves either the old state or the new one: at worst an object no
// record names (harmless; the next Put of that document reuses it) and a
// stray *.tmp file (removed when the archive is next opened for writing).
// When Put returns, the original and the record are on disk. Puts running
// at the same time share their flushes (a group commit, see runCommitter),
// so throughput grows with the number of concurrent Puts.
//
// One process writes at a time: OpenArchive takes an exclusive lock and
// fails with ErrArchiveBusy if another process has it. Readers (get, export,
// serve) use OpenArchiveReadOnly, which takes no lock: records are replaced
// by rename, so a reader always sees whole records, but its catalogue is a
// snapshot taken at open time.
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

	mu        sync.RWMutex // guards the fields below
	closed    bool
	byID      map[string]*recordHead
	byIndexNo map[string][]string
	bySHA     map[string][]string
	problems  []error

	// objectDirs remembers the objects/xx folders known to exist.
	objectDirs sync.Map
}

// OpenArchive opens the archive in dir for reading and writing, creating
// it if needed. It fails with ErrArchiveBusy while another process has it
// open for writing. A record file that cannot be read does not fail the
// open; it is left out of the catalogue and reported by Problems.
func OpenArchive(dir string) (*Archive, error) {
	return openArchive(dir, false)
}

// OpenArchiveReadOnly opens an existing archive for reading only, without
// taking the write lock, so it works while another process ingests.
func OpenArchiveReadOnly(dir string) (*Archive, error) {
	return openArchive(dir, true)
}

func openArchive(dir string, readOnly bool) (*Archive, error) {
	a := &Archive{
		dir:       dir,
		readOnly:  readOnly,
		byID:      map[string]*recordHead{},
		byIndexNo: map[string][]string{},
		bySHA:     map[string][]string{},
	}
	if readOnly {
		if st, err := os.Stat(a.reportsDir()); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("open archive %s: no archive there (%w)", dir, fs.ErrNotExist)
		}
	} else {
		for _, d := range []string{dir, a.objectsDir(), a.reportsDir()} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return nil, fmt.Errorf("open archive %s: %w", dir, err)
			}
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
		a.commits = make(chan *commitReq)
		a.committerDone = make(chan struct{})
		go a.runCommitter()
	}
	return a, nil
}

func (a *Archive) objectsDir() string { return filepath.Join(a.dir, "objects") }
func (a *Archive) reportsDir() string { return filepath.Join(a.dir, "reports") }

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
			return fmt.Errorf("%w: %s (is `lantai serve` or another ingest running on this data folder?)", ErrArchiveBusy, a.dir)
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

// removeTemps deletes temporary files left by an interrupted write. Only
// the lock holder may do this: in a live writer they are files in flight.
func (a *Archive) removeTemps() error {
	dirs := []string{a.reportsDir()}
	subs, err := os.ReadDir(a.objectsDir())
	if err != nil {
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
			if strings.HasSuffix(e.Name(), ".tmp") {
				if err := os.Remove(filepath.Join(d, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("open archive %s: removing a stray temporary file: %w", a.dir, err)
				}
			}
		}
	}
	return nil
}

// load builds the catalogue from reports/*.json. Records are decoded in
// parallel and without their report bodies, which encoding/json skips.
func (a *Archive) load() error {
	ents, err := os.ReadDir(a.reportsDir())
	if err != nil {
		return fmt.Errorf("open archive %s: %w", a.dir, err)
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
	for i, h := range heads {
		if errs[i] != nil {
			a.problems = append(a.problems, errs[i])
			continue
		}
		a.catalogue(h)
	}
	return nil
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
	case ReportID(h.Key) != id:
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

// Problems lists the record files that could not be read when the archive
// was opened, each error naming the file. Those reports are missing from
// the catalogue until repaired; a Put of the same report moves the damaged
// file aside to <id>.json.damaged and starts a fresh record.
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
func (a *Archive) Put(doc Document) (PutResult, error) {
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
	key := IdentityKey(r)
	id := ReportID(key)
	sum := SHA256Hex(doc.Original)
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
		if err := a.setAsideDamaged(id); err != nil {
			return PutResult{}, fmt.Errorf("store %s: %w", r.Source, err)
		}
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

	newHead := &recordHead{ID: id, Key: key}
	for _, v := range rec.Versions {
		newHead.Versions = append(newHead.Versions, versionHead{
			SHA256: v.SHA256, MediaType: v.MediaType, Source: v.Source, IngestedAt: v.IngestedAt,
		})
	}
	a.mu.Lock()
	a.catalogue(newHead)
	a.mu.Unlock()

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

// setAsideDamaged renames a record file that is on disk but not in the
// catalogue (it failed to load) so a fresh record does not destroy it.
func (a *Archive) setAsideDamaged(id string) error {
	p := a.recordPath(id)
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	return os.Rename(p, p+".damaged")
}

// write makes an original (unless already stored) and a record durable,
// through temporary files handed to the group commit.
func (a *Archive) write(sum string, original []byte, rec *record) error {
	var files []pendingFile
	objPath := a.objectPath(sum)
	if !a.hasObject(sum, objPath) {
		if err := a.makeObjectDir(filepath.Dir(objPath)); err != nil {
			return err
		}
		tmp, err := writeTemp(objPath, original)
		if err != nil {
			return err
		}
		files = append(files, pendingFile{tmp: tmp, final: objPath, object: true})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		removeTemps(files)
		return fmt.Errorf("encode record %s: %w", rec.ID, err)
	}
	tmp, err := writeTemp(a.recordPath(rec.ID), buf.Bytes())
	if err != nil {
		removeTemps(files)
		return err
	}
	files = append(files, pendingFile{tmp: tmp, final: a.recordPath(rec.ID)})
	req := &commitReq{files: files, done: make(chan error, 1)}
	a.commits <- req
	return <-req.done
}

// writeTemp writes data to a new temporary file beside final, not synced:
// the group commit syncs a whole batch at once. The file is created with
// its final mode (0644 less the umask), which saves a chmod per file.
func writeTemp(final string, data []byte) (string, error) {
	dir, base := filepath.Split(final)
	for {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(tempSeq.Add(1), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue // a stray temporary file of a crashed run
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(name)
			return "", err
		}
		return name, nil
	}
}

// hasObject reports whether the original with this SHA-256 is stored. An
// existing object is complete: objects appear only by rename after their
// bytes are on disk. Only a SHA the catalogue knows is looked for on disk:
// a new original (nearly every one in a bulk ingest) is written without a
// stat, and rewriting an orphan left by a crash renames identical bytes.
func (a *Archive) hasObject(sum, objPath string) bool {
	a.mu.RLock()
	_, known := a.bySHA[sum]
	a.mu.RUnlock()
	if !known {
		return false
	}
	_, err := os.Stat(objPath)
	return err == nil
}

// tempSeq numbers temporary files; the archive's lock keeps other
// processes out, and a clash with a crashed run's file just moves on.
var tempSeq atomic.Uint64

// makeObjectDir creates an objects/xx folder once per process.
func (a *Archive) makeObjectDir(dir string) error {
	if _, ok := a.objectDirs.Load(dir); ok {
		return nil
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	a.objectDirs.Store(dir, true)
	return nil
}

// pendingFile is a temporary file waiting to be renamed to final.
type pendingFile struct {
	tmp, final string
	object     bool
}

// commitReq is one Put's files waiting for the group commit.
type commitReq struct {
	files []pendingFile
	done  chan error
}

// maxCommitBatch bounds how many Puts share one commit.
const maxCommitBatch = 512

// runCommitter is the group commit: it takes every Put waiting, makes
// their temporary files durable with one filesystem sync, renames the
// objects into place, syncs, renames the records, syncs, and releases them.
// A flush costs milliseconds on real disks; paying it once per batch
// rather than per file is what lets ingest run at parsing speed while
// every Put that returns is on disk, objects strictly before records.
func (a *Archive) runCommitter() {
	defer close(a.committerDone)
	for req := range a.commits {
		batch := []*commitReq{req}
	drain:
		for len(batch) < maxCommitBatch {
			select {
			case r, ok := <-a.commits:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		err := a.commitBatch(batch)
		for _, r := range batch {
			r.done <- err
		}
	}
}

func (a *Archive) commitBatch(batch []*commitReq) error {
	var objects, records []pendingFile
	for _, r := range batch {
		for _, f := range r.files {
			if f.object {
				objects = append(objects, f)
			} else {
				records = append(records, f)
			}
		}
	}
	all := append(slices.Clone(objects), records...)
	fail := func(err error) error {
		removeTemps(all)
		return fmt.Errorf("commit to archive %s: %w", a.dir, err)
	}
	if err := a.syncFiles(tempPaths(all)); err != nil {
		return fail(err)
	}
	for i, f := range objects {
		if err := os.Rename(f.tmp, f.final); err != nil {
			return fail(err)
		}
		objects[i].tmp = ""
	}
	if err := a.syncFiles(parentDirs(objects, a.objectsDir())); err != nil {
		return fail(err)
	}
	for i, f := range records {
		if err := os.Rename(f.tmp, f.final); err != nil {
			return fail(err)
		}
		records[i].tmp = ""
	}
	if err := a.syncFiles(parentDirs(records)); err != nil {
		return fail(err)
	}
	return nil
}

func tempPaths(files []pendingFile) []string {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.tmp
	}
	return paths
}

// parentDirs lists the distinct directories of files, plus extra.
func parentDirs(files []pendingFile, extra ...string) []string {
	if len(files) == 0 {
		return nil
	}
	dirs := slices.Clone(extra)
	for _, f := range files {
		dirs = append(dirs, filepath.Dir(f.final))
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

func removeTemps(files []pendingFile) {
	for _, f := range files {
		if f.tmp != "" {
			os.Remove(f.tmp)
		}
	}
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// readRecord reads reports/<id>.json in full.
func (a *Archive) readRecord(id string) (record, error) {
	if !isReportID(id) {
		return record{}, fmt.Errorf("report %q: %w (not a report id)", id, ErrNotFound)
	}
	p := a.recordPath(id)
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return record{}, fmt.Errorf("report %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return record{}, fmt.Errorf("report %s: %w", id, err)
	}
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		return record{}, fmt.Errorf("record %s is damaged: %w", p, err)
	}
	if len(rec.Versions) == 0 {
		return record{}, fmt.Errorf("record %s is damaged: it has no versions", p)
	}
	return rec, nil
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
func (a *Archive) Get(id string) (Report, error) {
	if err := a.checkOpen(); err != nil {
		return Report{}, err
	}
	rec, err := a.readRecord(id)
	if err != nil {
		return Report{}, err
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
	b, err := os.ReadFile(a.objectPath(sha256))
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
func (a *Archive) Each(fn func(Report) error) error {
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

// Delete removes report id's record. Its originals stay under objects/:
// they are content-addressed and may be shared with other reports.
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
	closed := a.closed
	a.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	if !ok {
		return fmt.Errorf("report %s: %w", id, ErrNotFound)
	}
	if err := os.Remove(a.recordPath(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete report %s: %w", id, err)
	}
	if err := syncDir(a.reportsDir()); err != nil {
		return fmt.Errorf("delete report %s: %w", id, err)
	}
	a.mu.Lock()
	a.uncatalogue(id)
	a.mu.Unlock()
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
