package corpus

import (
	"encoding/json"
	"slices"
	"strings"
)

// Reread parses a stored report again with this version's readers, so
// that parser improvements reach reports ingested before them. original
// is the version's original bytes and stored what was parsed from it then.
//
// A self-contained original (a whole file, or one JSON Lines line) is read
// again through Read under its source's name; the result replaces stored
// when it is one report with the same identity (see IdentityKey), keeping
// stored's ID, SHA256 and Source. Otherwise — a CSV row, whose header is
// not in its original; an attached file or a page with attached files,
// whose text an extractor gave; or a reread that would change which
// report it is — only the sections are parsed again from the stored text,
// everything else kept. changed reports
// whether the result differs from stored.
func Reread(stored Report, original []byte) (r Report, changed bool) {
	r = stored
	name, _, _ := strings.Cut(stored.Source, "#")
	if rereadable(stored) && name != "" {
		docs, _ := Read(name, original)
		if len(docs) == 1 {
			// A row read alone is row 1 of its file: it keeps its source.
			fresh := docs[0].Report
			fresh.ID, fresh.SHA256, fresh.Source = stored.ID, stored.SHA256, stored.Source
			if IdentityKey(fresh) == IdentityKey(stored) {
				return fresh, !sameReport(fresh, stored)
			}
		}
	}
	r.Sections = sectionsFor(stored.Format, stored.Text)
	return r, !slices.Equal(r.Sections, stored.Sections)
}

// sameReport reports whether a and b hold the same values, an empty list
// or map equal to a missing one (as they are after a JSON round trip).
func sameReport(a, b Report) bool {
	norm := func(r Report) Report {
		if len(r.Sections) == 0 {
			r.Sections = nil
		}
		if len(r.Extra) == 0 {
			r.Extra = nil
		}
		if len(r.Attachments) == 0 {
			r.Attachments = nil
		}
		return r
	}
	ja, errA := json.Marshal(norm(a))
	jb, errB := json.Marshal(norm(b))
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// rereadable reports whether a stored report's original can be read again
// through Read alone: not a CSV row (its header is elsewhere), not an
// attached file (PDF, DOCX …: its text came from an extractor), and not a
// page whose body came from its attached files.
func rereadable(r Report) bool {
	switch r.Format {
	case FormatText, FormatDateline, FormatTSV, FormatMarkdown, FormatHTML, FormatJSONL:
		return len(r.Files) == 0 && r.ParentID == ""
	}
	return false
}

// sectionsFor parses text's sections the way the reader of format does.
func sectionsFor(format, text string) []Section {
	switch format {
	case FormatMarkdown:
		return ParseRegulationSections(text)
	case FormatCSV, FormatJSONL:
		return reportSections(text)
	}
	return ParseSections(text)
}
