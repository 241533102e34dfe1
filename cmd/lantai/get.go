package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
)

// get implements "lantai get ID|INDEX_NO [--json|--raw]".
func (c *cli) get(ctx context.Context, args []string) error {
	flags := c.flagSet("get", "ID|INDEX_NO [--json|--raw]")
	asJSON := flags.Bool("json", false, "print the report and its versions as JSON")
	raw := flags.Bool("raw", false, "write the original bytes exactly as ingested")
	pos, err := c.parseArgs(flags, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("get: give exactly one report ID or 索引号, got %d arguments", len(pos))
	case *asJSON && *raw:
		return usagef("get: --json and --raw exclude each other")
	}
	a, err := c.openArchiveReadOnly()
	if err != nil {
		return err
	}
	defer a.Close()
	id, err := resolveReport(a, pos[0])
	if err != nil {
		return err
	}
	switch {
	case *raw:
		o, err := a.OriginalOf(id)
		if err != nil {
			return err
		}
		_, err = c.stdout.Write(o.Data)
		return err
	case *asJSON:
		vs, err := a.Versions(id)
		if err != nil {
			return err
		}
		return writeJSON(c.stdout, reportWithVersions(vs), "  ")
	}
	vs, err := a.Versions(id)
	if err != nil {
		return err
	}
	return writeReportText(c.stdout, vs)
}

// openArchiveReadOnly opens the archive for the read-only commands, with
// a hint when nothing was ingested yet.
func (c *cli) openArchiveReadOnly() (*archive.Archive, error) {
	a, err := archive.OpenReadOnly(c.archiveDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no archive in %s (run \"lantai ingest\" first, or pass --data)", c.dataDir)
	}
	if err != nil {
		return nil, err
	}
	for _, p := range a.Problems() {
		c.log.Warn("archive problem", "err", p)
	}
	return a, nil
}

// resolveReport accepts a report ID or a 索引号 and returns the report ID.
func resolveReport(a *archive.Archive, arg string) (string, error) {
	if _, err := a.Get(arg); err == nil || errors.Is(err, archive.ErrDamaged) {
		// A damaged report is known: the command reading it says so.
		return arg, nil
	}
	ids, err := a.LookupIndexNo(arg)
	if errors.Is(err, archive.ErrNotFound) {
		return "", fmt.Errorf("no report has the ID or 索引号 %q", arg)
	}
	if err != nil {
		return "", err
	}
	if len(ids) > 1 {
		return "", fmt.Errorf("索引号 %q names %d reports (%s); ask for one by ID", arg, len(ids), strings.Join(ids, ", "))
	}
	return ids[0], nil
}

// versionInfo describes one stored version without its parsed report.
type versionInfo struct {
	SHA256     string    `json:"sha256"`
	MediaType  string    `json:"media_type,omitempty"`
	Source     string    `json:"source"`
	IngestedAt time.Time `json:"ingested_at"`
}

// reportJSON is the latest report with the list of its versions.
type reportJSON struct {
	corpus.Report
	Versions []versionInfo `json:"versions"`
}

func reportWithVersions(vs []archive.Version) reportJSON {
	out := reportJSON{Report: vs[len(vs)-1].Report}
	for _, v := range vs {
		out.Versions = append(out.Versions, versionInfo{SHA256: v.SHA256, MediaType: v.MediaType, Source: v.Source, IngestedAt: v.IngestedAt})
	}
	return out
}

func writeJSON(w io.Writer, v any, indent string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	return enc.Encode(v)
}

// writeReportText prints the latest version for reading in a terminal:
// title, metadata, an outline of the sections, then the text.
func writeReportText(w io.Writer, vs []archive.Version) error {
	r := vs[len(vs)-1].Report
	var b strings.Builder
	b.WriteString(r.Title + "\n\n")
	field := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-11s %s\n", label+":", value)
		}
	}
	field("ID", r.ID)
	field("Index no", r.IndexNo)
	field("Agency", r.Agency)
	field("Catalog", r.Catalog)
	field("Doc no", r.DocNo)
	field("Date", r.Date)
	field("Published", r.Published)
	if r.Year != 0 {
		field("Year", strconv.Itoa(r.Year))
	}
	if r.Views != 0 {
		field("Views", strconv.Itoa(r.Views))
	}
	field("Source", r.Source)
	field("URL", r.URL)
	field("SHA-256", r.SHA256)
	field("Format", r.Format+" ("+r.Encoding+")")
	field("Versions", strconv.Itoa(len(vs)))
	if len(r.Sections) > 0 {
		b.WriteString("\nSections:\n")
		for _, s := range r.Sections {
			fmt.Fprintf(&b, "%s%s %s\n", strings.Repeat("  ", max(s.Level, 1)), s.Number, s.Heading)
		}
	}
	b.WriteString("\n" + r.Text)
	if !strings.HasSuffix(r.Text, "\n") {
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
