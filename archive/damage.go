package archive

import (
	"errors"
	"fmt"
	"strings"
)

// ErrDamaged is matched (errors.Is) by every error that says stored bytes
// were read back wrong: an entry that fails its checksum, a frame that
// does not decompress, a record that does not decode, a pack cut short.
// Damage costs the report it hits, never the reports around it.
var ErrDamaged = errors.New("damaged")

// DamagedError names a report whose record or original cannot be read
// back, and how to repair it.
type DamagedError struct {
	// ID is the damaged report.
	ID string
	// SHA256 is set when it is the original that is damaged, not the
	// record.
	SHA256 string
	// Source is where the report's latest version was read from: ingest
	// it again to repair the report.
	Source string
	// Err says what is wrong and where.
	Err error
}

// Error names the report, what is wrong and the repair.
func (e *DamagedError) Error() string {
	what := "report " + e.ID
	if e.SHA256 != "" {
		what = fmt.Sprintf("the original %s of report %s", e.SHA256, e.ID)
	}
	msg := fmt.Sprintf("%s is damaged: %v", what, e.Err)
	if e.Source != "" {
		msg += fmt.Sprintf("; ingesting its original again repairs it (it came from %s)", e.Source)
	}
	return msg
}

// Is makes a *DamagedError match ErrDamaged.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// Unwrap returns what is wrong.
func (e *DamagedError) Unwrap() error { return e.Err }

// DamagedReports is what Each and EachVersions return when they visited
// every readable report but could not read some.
type DamagedReports struct {
	// Reports are the reports skipped, in ID order.
	Reports []*DamagedError
}

// Error counts the damaged reports and names the first few.
func (e *DamagedReports) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d damaged report(s) skipped", len(e.Reports))
	for i, d := range e.Reports {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more (lantai check lists them all)", len(e.Reports)-i)
			break
		}
		b.WriteString("; ")
		b.WriteString(d.Error())
	}
	return b.String()
}

// Is makes a *DamagedReports match ErrDamaged.
func (e *DamagedReports) Is(target error) bool { return target == ErrDamaged }

// Damaged returns the damaged reports err names: one for a *DamagedError,
// all of them for a *DamagedReports, none otherwise.
func Damaged(err error) []*DamagedError {
	var all *DamagedReports
	if errors.As(err, &all) {
		return all.Reports
	}
	var one *DamagedError
	if errors.As(err, &one) {
		return []*DamagedError{one}
	}
	return nil
}

// corruption is what reads return when stored bytes are not what was
// written; readers turn it into a *DamagedError naming the report.
type corruption struct {
	// where names the bytes: a pack and offset, or a file.
	where string
	what  string
	err   error
}

// entryCorruption is damage to the entry at off in a pack.
func entryCorruption(pack string, off int64, what string, err error) *corruption {
	return &corruption{where: fmt.Sprintf("pack %s, the entry at offset %d,", pack, off), what: what, err: err}
}

func (c *corruption) Error() string {
	msg := c.where + " " + c.what
	if c.err != nil {
		msg += ": " + c.err.Error()
	}
	return msg
}

func (c *corruption) Unwrap() error { return c.err }

// Is makes a corruption match ErrDamaged however it is wrapped.
func (c *corruption) Is(target error) bool { return target == ErrDamaged }

// damaged turns a failed read of report id's record (or, sha set, of its
// original) into a *DamagedError when the failure is damage, and returns
// other errors as they are.
func (a *Archive) damaged(id, sha string, err error) error {
	var c *corruption
	if !errors.As(err, &c) {
		return err
	}
	return &DamagedError{ID: id, SHA256: sha, Source: a.sourceOf(id), Err: err}
}

// sourceOf is where report id's latest version was read from, "" if the
// catalogue does not know it.
func (a *Archive) sourceOf(id string) string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	h, ok := a.byID[id]
	if !ok || len(h.Versions) == 0 {
		return ""
	}
	return h.Versions[len(h.Versions)-1].Source
}
