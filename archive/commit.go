package archive

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lantai/lantai/corpus"
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
	// Repaired means the report's record or original was damaged and was
	// written again: a record damaged beyond reading is replaced by one
	// with this version alone, a damaged original is stored again.
	Repaired
)

// String returns "added", "updated", "unchanged" or "repaired".
func (s Status) String() string {
	switch s {
	case Added:
		return "added"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	case Repaired:
		return "repaired"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// PutResult is what Put did with one document.
type PutResult struct {
	// ID is the report's ID (see corpus.ReportID).
	ID string
	// Status says whether a record or version was written.
	Status Status
	// Report is the report's latest stored version, ID and SHA256 set.
	Report corpus.Report
}

// Put stores doc: its original under its SHA-256 and its report as a new
// record, as a new version of the report with the same identity key (see
// corpus.IdentityKey), or not at all when that report already has a
// version with these bytes. The archive computes the SHA-256 itself and
// sets Report.ID and Report.SHA256.
func (a *Archive) Put(doc corpus.Document) (PutResult, error) {
	r := doc.Report
	if a.readOnly {
		return PutResult{}, fmt.Errorf("store %s: %w", r.Source, ErrReadOnly)
	}
	if len(doc.Original) == 0 {
		return PutResult{}, fmt.Errorf("store %s: the original is empty", r.Source)
	}
	if len(doc.Original) > maxFrameSize {
		return PutResult{}, fmt.Errorf("store %s: the original's %d bytes are more than the archive stores (%d)", r.Source, len(doc.Original), maxFrameSize)
	}
	if strings.TrimSpace(r.IndexNo) == "" && r.Source == "" {
		return PutResult{}, errors.New("store: the report has neither a 索引号 nor a source to identify it")
	}
	key := corpus.IdentityKey(r)
	id := corpus.ReportID(key)
	sum := corpus.SHA256Hex(doc.Original)
	r.ID, r.SHA256 = id, sum
	if err := describeFiles(&r, doc.Files); err != nil {
		return PutResult{}, fmt.Errorf("store %s: %w", r.Source, err)
	}

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
	status := Added
	if exists {
		var err error
		rec, err = a.readRecord(id)
		switch {
		case errors.Is(err, ErrDamaged):
			// The record cannot be read back: one with this version
			// replaces it. The versions it listed are lost; their
			// originals stay stored.
			rec, status = record{ID: id, Key: key}, Repaired
		case err != nil:
			return PutResult{}, fmt.Errorf("store %s: %w", r.Source, err)
		case head.has(sum) && sameFiles(rec, sum, r.Files):
			latest := rec.Versions[len(rec.Versions)-1].Report
			if a.sharesRecordFrame(id, sum) || a.objectIntact(sum) {
				return PutResult{ID: id, Status: Unchanged, Report: latest}, nil
			}
			if err := a.write(sum, doc.Original, &rec, true); err != nil {
				return PutResult{}, fmt.Errorf("store %s: %w", r.Source, err)
			}
			return PutResult{ID: id, Status: Repaired, Report: latest}, nil
		default:
			status = Updated
		}
	} else {
		rec = record{ID: id, Key: key}
	}

	if err := a.storeFiles(r.Files, doc.Files); err != nil {
		return PutResult{}, fmt.Errorf("store %s: %w", r.Source, err)
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
	if err := a.write(sum, doc.Original, &rec, !a.objectIntact(sum)); err != nil {
		return PutResult{}, fmt.Errorf("store %s: %w", r.Source, err)
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

// write compresses a record and (storeOriginal) an original, hands them
// to the group commit and waits until they are durable and catalogued.
// They share a frame (see compress.go) unless that would be larger than a
// frame may be.
func (a *Archive) write(sum string, original []byte, rec *record, storeOriginal bool) error {
	req := &commitReq{head: headOf(rec), done: make(chan error, 1)}
	b, err := encodeRecord(rec)
	if err != nil {
		return fmt.Errorf("encode record %s: %w", rec.ID, err)
	}
	if len(b) > maxFrameSize {
		return fmt.Errorf("record %s: its %d bytes are more than the archive stores (%d)", rec.ID, len(b), maxFrameSize)
	}
	switch {
	case !storeOriginal:
		req.frames = []frame{compressFrame(b)}
	case len(original)+len(b) > maxFrameSize:
		req.objectSHA = sum
		req.frames = []frame{compressFrame(original), compressFrame(b)}
	default:
		req.objectSHA = sum
		req.frames = []frame{compressFrame(original, b)}
	}
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

// objectIntact reports whether the original with this SHA-256 is stored
// and reads back whole. Only a stored original is read, which is what a
// Put of unchanged bytes costs: the check is what lets re-ingesting an
// original repair it.
func (a *Archive) objectIntact(sum string) bool {
	if !a.hasObject(sum) {
		return false
	}
	_, _, err := a.Original(sum)
	return !errors.Is(err, ErrDamaged)
}

// sharesRecordFrame reports whether the original is stored in the frame
// of report id's record: the record just read back from that frame, its
// checksum and decompression, vouch for the original too.
func (a *Archive) sharesRecordFrame(id, sum string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	rl, rok := a.recordAt[id]
	ol, ook := a.objectAt[sum]
	return rok && ook && rl.pack == ol.pack && rl.off == ol.off
}

// commitReq is one Put's or Delete's writes waiting for the group commit.
type commitReq struct {
	// objectSHA is the original to store, if not stored yet; it is the
	// first part of the frames.
	objectSHA string
	// head is the report's new record, for a Put, the last part of the
	// frames.
	head *recordHead
	// frames are the original and record compressed, in one frame or two.
	frames []frame
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
		var parts []packEntry
		for _, f := range r.frames {
			parts = append(parts, pw.add(f)...)
		}
		// Two Puts of one original in a batch both carry it; the first
		// is the one indexed.
		if r.objectSHA != "" && !written[r.objectSHA] {
			written[r.objectSHA] = true
			pw.addObject(r.objectSHA, parts[0])
		}
		if r.head != nil {
			pw.addRecord(r.head, parts[len(parts)-1])
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
