package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lantai/lantai/search"
)

// stats implements "lantai stats".
func (c *cli) stats(ctx context.Context, args []string) error {
	fs := c.flagSet("stats", "[--json]")
	var sf serviceFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if rest, err := c.parseArgs(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("stats: unexpected argument %q", rest[0])
	}
	svc, err := c.openService(ctx, sf, true)
	if err != nil {
		return err
	}
	defer svc.Close()
	st, err := svc.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	w := c.stdout
	fmt.Fprintf(w, "reports:    %d\nsections:   %d\nindex size: %.1f MB (%s)\n", st.Reports, st.Sections, float64(st.IndexBytes)/1e6, st.IndexVersion)
	fmt.Fprintln(w, "\nby agency:")
	for _, v := range st.Agencies {
		fmt.Fprintf(w, "  %6d  %s\n", v.Count, v.Value)
	}
	fmt.Fprintln(w, "\nby year:")
	for _, v := range st.Years {
		fmt.Fprintf(w, "  %6d  %s\n", v.Count, v.Value)
	}
	fmt.Fprintln(w, "\nby catalog:")
	for _, v := range st.Catalogs {
		fmt.Fprintf(w, "  %6d  %s\n", v.Count, v.Value)
	}
	return nil
}

// reindex implements "lantai reindex".
func (c *cli) reindex(ctx context.Context, args []string) error {
	fs := c.flagSet("reindex", "")
	reparse := fs.Bool("reparse", false, "first parse every stored original again with this version's readers (new section and metadata rules), then rebuild")
	var sf serviceFlags
	sf.register(fs)
	if rest, err := c.parseArgs(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("reindex: unexpected argument %q", rest[0])
	}
	svc, err := c.openService(ctx, sf, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	if *reparse {
		progress, doneParsing := c.progress("reparse", "parsing the originals again")
		var finish func()
		changed, err := svc.Reparse(ctx, func(done, total int) {
			progress(done, total, "")
			if done == total { // the index rebuild follows: its own bar
				doneParsing()
				finish = c.showRebuildProgress()
			}
		})
		if finish == nil {
			doneParsing()
		} else {
			finish()
		}
		if err != nil && !errors.Is(err, search.ErrDamaged) {
			return err
		}
		fmt.Fprintf(c.stdout, "reparsed: %d reports read differently now\n", changed)
	} else if svc.RebuiltAtOpen() {
		// Opening rebuilt it already: the index was missing or built by
		// another version.
		fmt.Fprintln(c.stderr, "lantai: the index was rebuilt from the archive when opening the data folder")
	} else {
		finish := c.showRebuildProgress()
		err := svc.Reindex(ctx)
		finish()
		if err != nil {
			return err
		}
	}
	st, err := svc.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "reindexed %d reports, %d sections\n", st.Reports, st.Sections)
	return c.reportDamaged("reindex", svc.Skipped(), "every other report was indexed")
}
