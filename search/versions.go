package search

import (
	"context"
	"fmt"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/series"
)

// versionInfo describes version number n (1-based) of a report: what the
// archive stores of it. The size of its original is not stored apart from
// the original itself, so the size given is that of the text read from it.
func versionInfo(n int, v archive.Version) VersionInfo {
	return VersionInfo{
		Number:     n,
		SHA256:     v.SHA256,
		MediaType:  v.MediaType,
		Source:     v.Source,
		IngestedAt: v.IngestedAt.UTC().Format(time.RFC3339),
		Title:      v.Report.Title,
		Date:       v.Report.Date,
		TextBytes:  len(v.Report.Text),
		Sections:   len(v.Report.Sections),
	}
}

// Versions returns the stored versions of report id, oldest first,
// numbered from 1.
func (s *Service) Versions(ctx context.Context, id string) ([]VersionInfo, error) {
	vs, err := s.archive.Versions(id)
	if err != nil {
		return nil, s.mapArchiveErr(err)
	}
	out := make([]VersionInfo, len(vs))
	for i, v := range vs {
		out[i] = versionInfo(i+1, v)
	}
	return out, nil
}

// VersionDiff is how version B of a report differs from version A,
// sentence by sentence, grouped by section (series.Diff).
type VersionDiff struct {
	ID string      `json:"id"`
	A  VersionInfo `json:"a"`
	B  VersionInfo `json:"b"`
	// Added, Removed and Changed count the changes, Unchanged the
	// sentences both versions have.
	Added     int         `json:"added"`
	Removed   int         `json:"removed"`
	Changed   int         `json:"changed"`
	Unchanged int         `json:"unchanged"`
	Groups    []DiffGroup `json:"groups"`
}

// DiffGroup is the changes within one section of each version. A section
// is null when it has no counterpart in that version (added or dropped as
// a whole); a section with an empty id is the text outside the numbered
// sections.
type DiffGroup struct {
	A       *SectionBrief `json:"a"`
	B       *SectionBrief `json:"b"`
	Changes []DiffChange  `json:"changes"`
}

// DiffChange is a sentence added, removed or changed; a changed one has
// its spans: the text both have and what each has alone, in order.
type DiffChange struct {
	SentenceChange
	Spans []DiffSpan `json:"spans,omitempty"`
}

// DiffSpan is a piece of a changed sentence: kind "same", "removed" (in A
// only) or "added" (in B only).
type DiffSpan struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// VersionDiff compares version a of report id with version b (1-based, as
// Versions numbers them; a may be after b, and equal to it). A number
// below 1 is a bad request, one past the last version not found; both
// errors name the parameter.
func (s *Service) VersionDiff(ctx context.Context, id string, a, b int) (*VersionDiff, error) {
	for _, p := range []struct {
		name string
		n    int
	}{{"a", a}, {"b", b}} {
		if p.n < 1 {
			return nil, fmt.Errorf("%w: %s must be a version number, 1 or more, not %d", ErrBadRequest, p.name, p.n)
		}
	}
	vs, err := s.archive.Versions(id)
	if err != nil {
		return nil, s.mapArchiveErr(err)
	}
	for _, p := range []struct {
		name string
		n    int
	}{{"a", a}, {"b", b}} {
		if p.n > len(vs) {
			return nil, fmt.Errorf("%w: %s=%d: report %s has %d version(s)", ErrNotFound, p.name, p.n, id, len(vs))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	va, vb := vs[a-1], vs[b-1]
	d := series.Diff(va.Report, vb.Report)
	out := &VersionDiff{
		ID: id, A: versionInfo(a, va), B: versionInfo(b, vb),
		Added: d.Added, Removed: d.Removed, Changed: d.Changed, Unchanged: d.Unchanged,
		Groups: make([]DiffGroup, 0, len(d.Groups)),
	}
	for _, g := range d.Groups {
		dg := DiffGroup{A: briefOf(g.A), B: briefOf(g.B), Changes: make([]DiffChange, 0, len(g.Changes))}
		for _, c := range g.Changes {
			dc := DiffChange{SentenceChange: SentenceChange{Kind: c.Kind, A: c.A, B: c.B, Numbers: make([]NumberChange, 0, len(c.Numbers))}}
			for _, n := range c.Numbers {
				dc.Numbers = append(dc.Numbers, NumberChange{A: n.A, B: n.B})
			}
			for _, sp := range c.Spans {
				dc.Spans = append(dc.Spans, DiffSpan{Kind: sp.Kind, Text: sp.Text})
			}
			dg.Changes = append(dg.Changes, dc)
		}
		out.Groups = append(out.Groups, dg)
	}
	return out, nil
}

// briefOf is a section of a diff group, nil for none.
func briefOf(r *series.SectionRef) *SectionBrief {
	if r == nil {
		return nil
	}
	b := brief(*r)
	return &b
}
