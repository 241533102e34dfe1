package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/lantai/lantai/internal/fsutil"
)

// BackupResult counts what Backup copied.
type BackupResult struct {
	// Files is the number of files the backup holds; Copied of them were
	// copied this time, the others were there already (packs never
	// change, so a backup into the same folder again copies only the
	// packs written since).
	Files, Copied int
	// Bytes is the size of what was copied.
	Bytes int64
}

// Backup copies the archive into dest, a folder that is empty or holds an
// earlier backup of this archive: every pack (they are immutable: each is
// copied whole through a temporary file, and one already in dest with the
// same size is kept), then the old layout's files if any. It takes no
// lock and writes nothing here, so it runs beside a writer (`lantai
// serve`); the copy is the archive as of the packs listed when it began,
// a consistent state since every commit is one pack. Progress is files
// done of all.
func (a *Archive) Backup(ctx context.Context, dest string, progress func(done, total int)) (BackupResult, error) {
	if err := a.checkOpen(); err != nil {
		return BackupResult{}, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	abs, err1 := filepath.Abs(dest)
	own, err2 := filepath.Abs(a.dir)
	if err := errors.Join(err1, err2); err != nil {
		return BackupResult{}, err
	}
	if abs == own || isWithin(abs, own) {
		return BackupResult{}, fmt.Errorf("backup to %s: the destination is inside the archive %s", dest, a.dir)
	}
	var files []string // relative to the archive folder
	seqs, err := a.packNumbers()
	if err != nil {
		return BackupResult{}, err
	}
	for _, seq := range seqs {
		files = append(files, filepath.Join("packs", packName(seq)))
	}
	for _, legacy := range []string{"objects", "reports"} {
		err := filepath.WalkDir(filepath.Join(a.dir, legacy), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				rel, err := filepath.Rel(a.dir, path)
				if err != nil {
					return err
				}
				files = append(files, rel)
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return BackupResult{}, fmt.Errorf("backup of %s: %w", a.dir, err)
		}
	}
	var res BackupResult
	for i, rel := range files {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		n, err := copyIfAbsent(filepath.Join(a.dir, rel), filepath.Join(dest, rel))
		if err != nil {
			return res, fmt.Errorf("backup to %s: %w", dest, err)
		}
		res.Files++
		if n >= 0 {
			res.Copied++
			res.Bytes += n
		}
		progress(i+1, len(files))
	}
	return res, nil
}

// isWithin reports whether path lies under dir.
func isWithin(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// copyIfAbsent copies src to dst durably unless dst exists with src's
// size; it returns the bytes copied, -1 when it kept dst.
func copyIfAbsent(src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return 0, err
	}
	if have, err := os.Stat(dst); err == nil && have.Size() == info.Size() {
		return -1, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, err
	}
	out, err := fsutil.Create(dst, 0o644)
	if err != nil {
		return 0, err
	}
	defer out.Abort()
	n, err := io.Copy(out, in)
	if err != nil {
		return 0, fmt.Errorf("copying %s: %w", src, err)
	}
	if n != info.Size() {
		return 0, fmt.Errorf("copying %s: %d bytes of %d", src, n, info.Size())
	}
	return n, out.Commit()
}
