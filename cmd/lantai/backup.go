package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/lantai/lantai/archive"
)

// backup implements "lantai backup DEST": a consistent copy of the
// archive into DEST/archive, beside a running server. DEST is then a data
// folder of its own (its index is rebuilt when first opened), and a
// backup into the same DEST again copies only the packs written since.
func (c *cli) backup(ctx context.Context, args []string) error {
	flags := c.flagSet("backup", "DEST")
	pos, err := c.parseArgs(flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("backup: give exactly one destination folder, got %d arguments", len(pos))
	}
	a, err := c.openArchiveReadOnly()
	if err != nil {
		return err
	}
	defer a.Close()
	progress, finish := c.progress("backup", "copying the archive")
	res, err := a.Backup(ctx, filepath.Join(pos[0], "archive"), func(done, total int) { progress(done, total, "") })
	finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "backed up %d reports to %s: %d files, %d copied (%.1f MB)\n", a.Len(), pos[0], res.Files, res.Copied, float64(res.Bytes)/1e6)
	return nil
}

// restore implements "lantai restore SRC": the archive of a backup (or of
// any data folder) copied into this data folder, which must hold no
// archive yet, and the index built from it.
func (c *cli) restore(ctx context.Context, args []string) error {
	flags := c.flagSet("restore", "SRC")
	var sf serviceFlags
	sf.register(flags)
	pos, err := c.parseArgs(flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("restore: give exactly one backup folder, got %d arguments", len(pos))
	}
	if ents, err := os.ReadDir(c.archiveDir()); err == nil && len(ents) > 0 {
		return fmt.Errorf("restore: %s already holds an archive; restore into an empty data folder (--data)", c.dataDir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("restore: %w", err)
	}
	src, err := archive.OpenReadOnly(filepath.Join(pos[0], "archive"))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("restore: no archive in %s (a folder `lantai backup` wrote, or a data folder)", pos[0])
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer src.Close()
	progress, finish := c.progress("restore", "copying the archive")
	res, err := src.Backup(ctx, c.archiveDir(), func(done, total int) { progress(done, total, "") })
	finish()
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	svc, err := c.openService(ctx, sf, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	fmt.Fprintf(c.stdout, "restored %d reports from %s (%d files, %.1f MB) and built the index\n", src.Len(), pos[0], res.Files, float64(res.Bytes)/1e6)
	return c.reportDamaged("restore", svc.Skipped(), "every other report was restored and indexed")
}

// compact implements "lantai compact": the archive rewritten into as few
// packs as the group commit makes, without superseded records and deleted
// reports.
func (c *cli) compact(ctx context.Context, args []string) error {
	flags := c.flagSet("compact", "")
	pos, err := c.parseArgs(flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("compact: unexpected argument %q", pos[0])
	}
	a, err := archive.Open(c.archiveDir())
	if err != nil {
		return err
	}
	progress, finish := c.progress("compact", "rewriting the archive")
	res, err := a.Compact(ctx, func(done, total int) { progress(done, total, "") })
	finish()
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "compacted %d reports: %d packs (%.1f MB) → %d packs (%.1f MB)\n",
		res.Reports, res.PacksBefore, float64(res.BytesBefore)/1e6, res.PacksAfter, float64(res.BytesAfter)/1e6)
	return nil
}
