package indextest

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/lantai/lantai/index"
)

// testVerify checks that a whole index verifies clean and that one flipped
// byte in its largest file (where the postings and stored fields are) is
// either refused at open, as an index of another version, or named by
// Verify.
func testVerify(t *testing.T, newBackend func(testing.TB) index.Backend) {
	f := Open(t, newBackend(t), nil)
	m, err := newModel(f.Archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "index")
	ix := indexModel(t, f.Backend, m, dir)
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	if problems, err := ix.Verify(context.Background()); err != nil || len(problems) != 0 {
		t.Fatalf("Verify of a whole index = %v, %v; want no problems", problems, err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	largest, size := "", int64(0)
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil && info.Size() > size {
				largest, size = path, info.Size()
			}
		}
		return nil
	})
	b, err := os.ReadFile(largest)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/3] ^= 0x01
	if err := os.WriteFile(largest, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err = f.Backend.Open(dir)
	if errors.Is(err, index.ErrVersionMismatch) {
		t.Logf("the flipped byte of %s was refused at open: %v", largest, err)
		return
	}
	if err != nil {
		t.Fatalf("opening an index with a flipped byte: %v", err)
	}
	defer ix.Close()
	problems, err := ix.Verify(context.Background())
	t.Logf("Verify after the flipped byte: %v", problems)
	if err != nil || len(problems) == 0 {
		t.Fatalf("Verify after flipping a byte of %s = %v, %v; want the file named", largest, problems, err)
	}
}
