package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/lantai/lantai/archive"
)

// check implements "lantai check": read back every pack, record, original
// and index segment, compare the index with the archive, and say what is
// wrong. It writes nothing, so it runs beside `lantai serve` and on a
// read-only mount.
func (c *cli) check(ctx context.Context, args []string) error {
	fs := c.flagSet("check", "[--json]")
	var sf serviceFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print the findings as JSON")
	if rest, err := c.parseArgs(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("check: unexpected argument %q", rest[0])
	}
	svc, err := c.openService(ctx, sf, true)
	if err != nil {
		return err
	}
	defer svc.Close()
	progress, finish := c.progress("check", "checking the archive")
	rep, err := svc.Check(ctx, func(done, total int) { progress(done, total, "") })
	finish()
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		a := rep.Archive
		w := c.stdout
		fmt.Fprintf(w, "archive: %d packs, %d entries, %d reports, %d originals read back\n", a.Packs, a.Entries, a.Reports, a.Originals)
		for _, p := range a.Problems {
			fmt.Fprintf(w, "  DAMAGED %s\n", p)
		}
		for _, p := range a.Superseded {
			fmt.Fprintf(w, "  harmless: superseded %s (a newer pack replaced it)\n", p)
		}
		fmt.Fprintf(w, "index: %d problem(s)\n", len(rep.Index))
		for _, p := range rep.Index {
			fmt.Fprintf(w, "  DAMAGED %s\n", p)
		}
		for _, l := range []struct {
			what string
			ids  []string
		}{
			{"in the archive but not in the index", rep.Missing},
			{"indexed at an older version than the archive's", rep.Stale},
			{"in the index but not in the archive", rep.Extra},
		} {
			if len(l.ids) > 0 {
				fmt.Fprintf(w, "  %d report(s) %s: %s\n", len(l.ids), l.what, strings.Join(l.ids, " "))
			}
		}
	}
	if rep.OK() {
		fmt.Fprintln(c.stderr, "lantai: check: everything reads back whole and the index matches the archive")
		return nil
	}
	var fixes []string
	if rep.Archive.Unreadable > 0 {
		fixes = append(fixes, "run `lantai repair` to salvage the packs whose index is unreadable")
	}
	if len(rep.Archive.Damaged) > 0 {
		fixes = append(fixes, "ingest the damaged reports' originals again")
	}
	if len(rep.Index) > 0 || len(rep.Missing)+len(rep.Stale)+len(rep.Extra) > 0 {
		fixes = append(fixes, "run `lantai reindex` to rebuild the index from the archive")
	}
	msg := "check: problems found (listed above)"
	if len(fixes) > 0 {
		msg += "; to repair: " + strings.Join(fixes, ", then ")
	}
	return errors.New(msg)
}

// repair implements "lantai repair": salvage the packs whose index cannot
// be read (cut short), move them aside, then bring the index in step with
// the archive. Damaged records in whole packs are named, for their
// originals to be ingested again.
func (c *cli) repair(ctx context.Context, args []string) error {
	fs := c.flagSet("repair", "")
	var sf serviceFlags
	sf.register(fs)
	if rest, err := c.parseArgs(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("repair: unexpected argument %q", rest[0])
	}
	a, err := archive.Open(c.archiveDir())
	if err != nil {
		return err
	}
	res, err := a.Repair(ctx)
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	for _, p := range res.Packs {
		fmt.Fprintf(c.stdout, "moved the damaged pack %s to %s\n", p, filepath.Join(c.archiveDir(), "damaged"))
	}
	fmt.Fprintf(c.stdout, "salvaged %d record(s) from damaged packs (%d superseded by newer packs)\n", res.Salvaged, res.Superseded)
	for _, l := range res.Lost {
		fmt.Fprintf(c.stdout, "  lost: %s\n", l)
	}
	// Opening for writing catches the index up with what was stored again.
	svc, err := c.openService(ctx, sf, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	rep, err := svc.Check(ctx, nil)
	if err != nil {
		return err
	}
	if len(rep.Archive.Damaged) > 0 {
		return c.reportDamaged("repair", rep.Archive.Damaged, "ingest their originals again to repair them")
	}
	fmt.Fprintln(c.stdout, "the archive reads back whole and the index matches it")
	return nil
}
