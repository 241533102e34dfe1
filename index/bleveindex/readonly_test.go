package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
)

// TestOpenReadOnlyBesideAWriter opens an index for reading while another
// open holds it for writing, as `lantai search` beside `lantai serve`:
// the reader sees the index as it was, keeps answering while the writer
// adds and merges segments away, and leaves no copy behind.
func TestOpenReadOnlyBesideAWriter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	w, err := open(dir, testSeg, 10)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	add := func(from, to int) {
		b := w.NewBatch()
		for n := from; n < to; n++ {
			if err := b.Add(corpus.Report{ID: fmt.Sprintf("r%03d", n), Title: fmt.Sprintf("第%d号报告", n), Text: "推进行政复议。", Year: 2020}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Apply(b); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		add(i*10, i*10+10)
	}
	r, err := openReadOnlyForTest(t, dir)
	if err != nil {
		t.Fatalf("opening read-only beside a writer: %v", err)
	}
	copied := r.snapshotCopy
	if copied == "" {
		t.Error("the writer's lock was not in the way: the test proves nothing")
	}
	total := func() uint64 {
		t.Helper()
		res, err := r.Search(context.Background(), parsed("行政复议", index.Reports))
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if got := total(); got != 30 {
		t.Errorf("read-only: %d matches, want 30", got)
	}
	add(30, 60)
	if err := w.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 30 {
		t.Errorf("read-only after the writer added and merged: %d matches, want the 30 of its snapshot", got)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(copied); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the snapshot copy %s is still there after Close: %v", copied, err)
	}
}

// TestOpenReadOnlyWritesNothing opens an index nobody holds read-only,
// searches and closes it: no file of its folder changes, and an absent
// index is a version mismatch, not a new index.
func TestOpenReadOnlyWritesNothing(t *testing.T) {
	ix := threeSegmentIndex(t)
	dir := ix.dir
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	before := listing(t, dir)
	r, err := openReadOnlyForTest(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.snapshotCopy != "" {
		t.Error("an index nobody holds was read through a copy")
	}
	if _, err := r.Search(context.Background(), parsed("行政复议", index.Sections)); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	after := listing(t, dir)
	for name, m := range before {
		if after[name] != m {
			t.Errorf("%s changed: %v, was %v", name, after[name], m)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d files after, %d before", len(after), len(before))
	}
	missing := filepath.Join(t.TempDir(), "none")
	if _, err := OpenReadOnly(missing, testSeg); !errors.Is(err, index.ErrVersionMismatch) {
		t.Errorf("opening an absent index read-only: %v, want a version mismatch", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening an absent index read-only made %s", missing)
	}
}

// openReadOnlyForTest opens dir read-only through a backend, as the
// search service does.
func openReadOnlyForTest(t *testing.T, dir string) (*Index, error) {
	t.Helper()
	b, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := b.OpenReadOnly(dir)
	if err != nil {
		return nil, err
	}
	return ix.(*Index), nil
}

// listing is every file under dir with its size and modification time.
func listing(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%d %s", info.Size(), info.ModTime().Format(time.RFC3339Nano))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
