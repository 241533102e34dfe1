// Package indextest is the test suite every index backend must pass (Run)
// and the fixture it runs on: a real archive of the built-in samples (plus
// any invented reports a test adds) indexed by the backend under test, in
// temporary folders. A backend's own tests use the fixture too.
package indextest

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/query"
	"github.com/lantai/lantai/samples"
)

// Fixture is an archive and the index a backend built of it.
type Fixture struct {
	Backend index.Backend
	Archive *archive.Archive
	// Index is the live index; Reindex replaces it.
	Index   index.Index
	dataDir string
	indexes int
}

// Open archives the built-in samples plus extra (file name → content, in
// any layout corpus reads) and indexes them with backend.
func Open(t testing.TB, backend index.Backend, extra map[string]string) *Fixture {
	t.Helper()
	src := filepath.Join(t.TempDir(), "samples")
	if _, err := samples.WriteTo(src); err != nil {
		t.Fatal(err)
	}
	for name, content := range extra {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return OpenPaths(t, backend, src)
}

// OpenPaths archives the files and folders of paths and indexes them with
// backend.
func OpenPaths(t testing.TB, backend index.Backend, paths ...string) *Fixture {
	t.Helper()
	f := &Fixture{Backend: backend, dataDir: t.TempDir()}
	a, err := archive.Open(filepath.Join(f.dataDir, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	f.Archive = a
	t.Cleanup(func() {
		if f.Index != nil {
			f.Index.Close()
		}
		a.Close()
	})
	f.Index = f.openIndex(t)
	w := f.Index.NewWriter()
	sum, err := archive.Ingest(context.Background(), a, paths, archive.IngestOptions{})
	if err != nil || sum.Failed > 0 {
		t.Fatalf("ingest: %v %+v", err, sum.Failures)
	}
	err = a.Each(func(r corpus.Report) error { return w.Add(r) })
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *Fixture) openIndex(t testing.TB) index.Index {
	t.Helper()
	f.indexes++
	ix, err := f.Backend.Open(filepath.Join(f.dataDir, fmt.Sprintf("index-%d", f.indexes)))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// Request is a request for q as the query syntax parses it, in scope, with
// a page of size hits.
func Request(q string, scope index.Scope, size int) index.Request {
	root, _ := query.Parse(q)
	return index.Request{Query: root, Scope: scope, Size: size}
}

// Search runs req on the live index.
func (f *Fixture) Search(t testing.TB, req index.Request) *index.Result {
	t.Helper()
	res, err := f.Index.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	return res
}

// IDs is the document id of every match of req.
func (f *Fixture) IDs(t testing.TB, req index.Request) []string {
	t.Helper()
	req.From, req.Size, req.IDsUpTo = 0, 0, math.MaxInt
	return f.Search(t, req).IDs
}

// Upload archives one file and indexes the reports read from it, returning
// their ids.
func (f *Fixture) Upload(t testing.TB, name, content string) []string {
	t.Helper()
	docs, errs := corpus.Read(name, []byte(content))
	if len(errs) > 0 {
		t.Fatalf("reading %s: %v", name, errs)
	}
	w := f.Index.NewWriter()
	var ids []string
	for _, d := range docs {
		put, err := f.Archive.Put(d)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Add(put.Report); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, put.ID)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// Delete removes a report from the index and the archive.
func (f *Fixture) Delete(t testing.TB, id string) {
	t.Helper()
	if err := f.Index.Delete(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if err := f.Archive.Delete(id); err != nil {
		t.Fatal(err)
	}
}

// Reindex builds a new index of the archive in a new folder and makes it
// the live one, closing the old.
func (f *Fixture) Reindex(t testing.TB) {
	t.Helper()
	ix := f.openIndex(t)
	w := ix.NewWriter()
	err := f.Archive.Each(func(r corpus.Report) error { return w.Add(r) })
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ix.Compact(context.Background())
	}
	if err != nil {
		t.Fatal(err)
	}
	f.Index.Close()
	f.Index = ix
}
