package archive

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lantai/lantai/corpus"
)

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

// has reports whether one of the report's versions has the original sha.
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

// checkHead rejects a head that cannot be report id's: the catalogue
// trusts what it holds, so a damaged head must not enter it.
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

func isSHA256(s string) bool { return len(s) == 64 && isLowerHex(s) }

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
