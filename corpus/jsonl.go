package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// jsonlRecord is one line of a JSON Lines export: the report's own JSON
// fields, with Sections and the ignored versions history read apart so
// that an absent sections field can be told from an empty one.
type jsonlRecord struct {
	Report
	// Sections shadows Report.Sections: nil means the line has none.
	Sections *[]Section `json:"sections"`
	// Versions is the export's list of earlier versions; a re-import
	// stores the current version only.
	Versions json.RawMessage `json:"versions"`
}

// readJSONLEach reads JSON Lines in the shape `lantai export` writes: one
// report object per line. Each line's original is the line itself. The
// record's metadata is kept as exported, but what a reader derives is
// checked: dates are normalised, the SHA-256 is recomputed over the line
// (a different exported one is kept in Extra["original_sha256"]), sections
// are parsed when absent and reparsed when their offsets do not fit the
// text. A line that is not a JSON object, or that has neither title nor
// text, is a per-line error.
func readJSONLEach(in input, each func(Document)) []error {
	var errs []error
	enc := rowEncoding(in.Encoding)
	for _, line := range splitRawLines(in.Data) {
		text := decodeRow(in.Encoding, line.bytes)
		if strings.TrimSpace(text) == "" {
			continue
		}
		src := rowSource(in.Name, line.num)
		r, err := parseJSONLLine(text)
		if err != nil {
			errs = append(errs, &InputError{Source: src, Err: fmt.Errorf("line %d: %w", line.num, err)})
			continue
		}
		if r.Source == "" {
			r.Source = src
		}
		sum := SHA256Hex(line.bytes)
		if r.SHA256 != "" && r.SHA256 != sum {
			setExtra(&r, "original_sha256", r.SHA256)
		}
		r.SHA256 = sum
		r.Format = FormatJSONL
		r.Encoding = enc
		finishReport(&r)
		each(Document{Original: line.bytes, MediaType: "application/json", Report: r})
	}
	return errs
}

// errJSONLEmpty is the reason for a record with neither title nor text.
var errJSONLEmpty = errors.New("the record has neither a title nor a text")

// parseJSONLLine decodes and checks one exported report.
func parseJSONLLine(line string) (Report, error) {
	var rec jsonlRecord
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		return Report{}, fmt.Errorf("invalid JSON: %w", err)
	}
	r := rec.Report
	if strings.TrimSpace(r.Title) == "" && strings.TrimSpace(r.Text) == "" {
		return Report{}, errJSONLEmpty
	}
	if r.ID != "" {
		// IDs belong to the archive that stores the report; the exported
		// one is kept so that links to it can be traced.
		setExtra(&r, "original_id", r.ID)
		r.ID = ""
	}
	// An exported line describes attached files but cannot carry their
	// bytes, and names its parent by the other archive's id.
	r.Files = nil
	if r.ParentID != "" {
		setExtra(&r, "original_parent_id", r.ParentID)
		r.ParentID = ""
	}
	if r.Format != "" && r.Format != FormatJSONL {
		setExtra(&r, "original_format", r.Format)
	}
	r.Date = normalizeExportDate(&r, "date", r.Date)
	r.Published = normalizeExportDate(&r, "published", r.Published)
	r.Text = strings.ToValidUTF8(r.Text, "\uFFFD")
	if rec.Sections != nil && sectionsFit(*rec.Sections, r.Text) {
		r.Sections = *rec.Sections
	} else {
		r.Sections = reportSections(r.Text)
	}
	if r.Year < 0 || r.Year > 9999 {
		setExtra(&r, "original_year", fmt.Sprint(r.Year))
		r.Year = 0
	}
	if r.Views < 0 {
		r.Views = 0
	}
	return r, nil
}

// normalizeExportDate returns date as YYYY-MM-DD; a value that is no date
// is moved to Extra["original_<field>"] rather than lost.
func normalizeExportDate(r *Report, field, date string) string {
	if strings.TrimSpace(date) == "" {
		return ""
	}
	if d, ok := NormalizeDate(date); ok {
		return d
	}
	setExtra(r, "original_"+field, date)
	return ""
}

// sectionsFit reports whether every section's span lies in text, starts
// no later than it ends and falls on character boundaries.
func sectionsFit(sections []Section, text string) bool {
	for _, s := range sections {
		if s.Start < 0 || s.End < s.Start || s.End > len(text) || s.Level < 1 {
			return false
		}
		if !utf8.RuneStart(byteAt(text, s.Start)) || !utf8.RuneStart(byteAt(text, s.End)) {
			return false
		}
	}
	return true
}

// byteAt returns text[i], or an ASCII byte at the end of text, which is a
// valid boundary.
func byteAt(text string, i int) byte {
	if i >= len(text) {
		return 0
	}
	return text[i]
}

// setExtra records one extra metadata value.
func setExtra(r *Report, key, value string) {
	if r.Extra == nil {
		r.Extra = make(map[string]string)
	}
	r.Extra[key] = value
}
