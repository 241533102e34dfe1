package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/lantai/lantai/search"
)

// ingest implements "lantai ingest PATH...".
func (c *cli) ingest(ctx context.Context, args []string) error {
	flags := c.flagSet("ingest", "PATH...")
	var sf serviceFlags
	sf.register(flags)
	paths, err := c.parseArgs(flags, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("ingest: give at least one PATH (a file, folder or collection file)")
	}
	svc, err := c.openService(ctx, sf, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	progress, finish := c.progress("ingest", "ingesting")
	sum, err := svc.IngestPaths(ctx, paths, search.IngestOptions{Progress: progress})
	finish()
	fmt.Fprintf(c.stdout, "added %d, updated %d, unchanged %d, failed %d", sum.Added, sum.Updated, sum.Unchanged, sum.Failed)
	if sum.Repaired > 0 {
		fmt.Fprintf(c.stdout, ", repaired %d", sum.Repaired)
	}
	fmt.Fprintln(c.stdout)
	for _, f := range sum.Failures {
		fmt.Fprintf(c.stdout, "FAILED %s: %s\n", f.Source, f.Reason)
	}
	for _, n := range sum.Notes {
		fmt.Fprintf(c.stdout, "NOTE %s: %s\n", n.Source, n.Reason)
	}
	mb := float64(sum.Bytes) / 1e6
	c.log.Info("ingest done", "files", sum.Files, "mb", fmt.Sprintf("%.1f", mb),
		"seconds", fmt.Sprintf("%.2f", sum.Duration.Seconds()),
		"mb_per_s", fmt.Sprintf("%.1f", mb/max(sum.Duration.Seconds(), 1e-9)),
		"reports", svc.Archive().Len())
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errInputsFailed
	}
	return nil
}

// progress returns a progress callback and a function to call when the
// work ends: a bar described as task when stderr is a terminal, else a
// log line (message) at most every two seconds.
func (c *cli) progress(task, message string) (func(done, total int, current string), func()) {
	if f, ok := c.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		update := func(done, total int, current string) {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(c.stderr),
					progressbar.OptionSetDescription(task),
					progressbar.OptionShowCount(),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			}
			bar.Set(done)
		}
		finish := func() {
			if bar != nil {
				bar.Finish()
			}
		}
		return update, finish
	}
	var last time.Time
	update := func(done, total int, current string) {
		if now := time.Now(); now.Sub(last) >= 2*time.Second || done == total {
			last = now
			args := []any{"done", done, "total", total}
			if current != "" {
				args = append(args, "current", current)
			}
			c.log.Info(message, args...)
		}
	}
	return update, func() {}
}
