package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/internal/fsutil"
)

// exportLine is one line of "lantai export": a report's latest metadata,
// text and sections, and where each of its versions came from.
type exportLine struct {
	ID        string           `json:"id"`
	Title     string           `json:"title"`
	IndexNo   string           `json:"index_no"`
	Agency    string           `json:"agency"`
	Catalog   string           `json:"catalog"`
	DocNo     string           `json:"doc_no"`
	Date      string           `json:"date"`
	Published string           `json:"published"`
	Year      int              `json:"year"`
	Views     int              `json:"views"`
	Source    string           `json:"source"`
	SHA256    string           `json:"sha256"`
	Text      string           `json:"text"`
	Sections  []corpus.Section `json:"sections"`
	Versions  []exportVersion  `json:"versions"`
}

// exportVersion is one version in an export line.
type exportVersion struct {
	SHA256     string    `json:"sha256"`
	IngestedAt time.Time `json:"ingested_at"`
	Source     string    `json:"source"`
}

// export implements "lantai export [--out FILE]".
func (c *cli) export(ctx context.Context, args []string) error {
	flags := c.flagSet("export", "[--out FILE]")
	out := flags.String("out", "", "write to FILE (replaced only when the export is complete) instead of stdout")
	pos, err := c.parseArgs(flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("export: unexpected argument %q (use --out FILE to name the output)", pos[0])
	}
	a, err := c.openArchiveReadOnly()
	if err != nil {
		return err
	}
	defer a.Close()
	// A damaged report costs its own line: the export goes on, writes
	// (and with --out, keeps) every other report, and fails at the end.
	var damaged []*archive.DamagedError
	exportReadable := func(w io.Writer) error {
		err := exportAll(ctx, a, w)
		if damaged = archive.Damaged(err); damaged != nil {
			return nil
		}
		return err
	}
	if *out == "" {
		bw := bufio.NewWriterSize(c.stdout, 1<<20)
		if err := exportReadable(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
	} else if err := writeFileAtomic(*out, exportReadable); err != nil {
		return err
	}
	return c.reportDamaged("export", damaged, "every other report was exported")
}

// reportDamaged names each damaged report on stderr and returns the error
// that makes the command exit non-zero, or nil when there are none.
func (c *cli) reportDamaged(command string, damaged []*archive.DamagedError, done string) error {
	if len(damaged) == 0 {
		return nil
	}
	for _, d := range damaged {
		fmt.Fprintf(c.stderr, "lantai: %s: %v\n", command, d)
	}
	return fmt.Errorf("%s: %d damaged report(s) left out (named above); %s", command, len(damaged), done)
}

// exportAll writes every report in ID order as JSON Lines.
func exportAll(ctx context.Context, a *archive.Archive, w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return a.EachVersions(func(id string, vs []archive.Version) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := vs[len(vs)-1].Report
		line := exportLine{
			ID: id, Title: r.Title, IndexNo: r.IndexNo, Agency: r.Agency, Catalog: r.Catalog,
			DocNo: r.DocNo, Date: r.Date, Published: r.Published, Year: r.Year, Views: r.Views,
			Source: r.Source, SHA256: r.SHA256, Text: r.Text, Sections: r.Sections,
		}
		if line.Sections == nil {
			line.Sections = []corpus.Section{}
		}
		for _, v := range vs {
			line.Versions = append(line.Versions, exportVersion{SHA256: v.SHA256, IngestedAt: v.IngestedAt, Source: v.Source})
		}
		return enc.Encode(line)
	})
}

// writeFileAtomic writes name through fsutil, so an interrupted export
// never leaves a truncated file behind.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	f, err := fsutil.Create(name, 0o644)
	if err != nil {
		return fmt.Errorf("export to %s: %w", name, err)
	}
	defer f.Abort()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := write(bw); err != nil {
		return fmt.Errorf("export to %s: %w", name, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export to %s: %w", name, err)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("export to %s: %w", name, err)
	}
	return nil
}
