package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/lantai/lantai/corpus"
)

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
		if err = a.damaged(id, "", err); errors.Is(err, ErrDamaged) {
			return record{}, err
		}
		return record{}, fmt.Errorf("report %s: %w", id, err)
	}
	rec, err := decodeRecord(b)
	if err == nil && len(rec.Versions) == 0 {
		err = errors.New("it has no versions")
	}
	if err != nil {
		return record{}, &DamagedError{ID: id, Source: a.sourceOf(id), Err: fmt.Errorf("%s does not decode: %w", where, err)}
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
	if corpus.SHA256Hex(b) != sha256 {
		where := "file " + a.objectPath(sha256)
		if packed {
			where = fmt.Sprintf("pack %s, the entry at offset %d,", filepath.Join(a.packsDir(), packName(loc.pack)), loc.off)
		}
		return nil, "", fmt.Errorf("original %s: %w", sha256, &corruption{where: where, what: "does not hash to its SHA-256"})
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

// Original is the original of a report's latest version and what the
// archive stored with it.
type Original struct {
	// Data is the original exactly as received.
	Data []byte
	// MediaType is the content type it was stored with.
	MediaType string
	// Source is where the version was read from (corpus.Report.Source).
	Source string
}

// OriginalOf returns the original of report id's latest version.
func (a *Archive) OriginalOf(id string) (Original, error) {
	if err := a.checkOpen(); err != nil {
		return Original{}, err
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
			return Original{}, err
		}
		v := rec.Versions[len(rec.Versions)-1]
		latest = versionHead{SHA256: v.SHA256, MediaType: v.MediaType, Source: v.Source}
	}
	b, _, err := a.Original(latest.SHA256)
	if err != nil {
		if err = a.damaged(id, latest.SHA256, err); errors.Is(err, ErrDamaged) {
			return Original{}, err
		}
		return Original{}, fmt.Errorf("report %s: %w", id, err)
	}
	return Original{Data: b, MediaType: latest.MediaType, Source: latest.Source}, nil
}

// Each calls fn with the latest version of every report, in ID order,
// stopping at the first error fn returns; damaged reports are skipped and
// named at the end, as by EachVersions.
func (a *Archive) Each(fn func(corpus.Report) error) error {
	return a.EachVersions(func(_ string, vs []Version) error {
		return fn(vs[len(vs)-1].Report)
	})
}

// EachVersions calls fn with every report's versions (oldest first), in
// ID order, stopping at the first error fn returns. Reports deleted while
// it runs are skipped; damaged ones too, and named at the end in a
// *DamagedReports (which matches ErrDamaged) once every other report was
// visited.
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
	var damaged []*DamagedError
	for _, id := range ids {
		rec, err := a.readRecord(id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		var d *DamagedError
		if errors.As(err, &d) {
			damaged = append(damaged, d)
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(id, rec.Versions); err != nil {
			return err
		}
	}
	if len(damaged) > 0 {
		return &DamagedReports{Reports: damaged}
	}
	return nil
}
