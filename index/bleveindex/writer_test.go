package bleveindex

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// TestWriterConcurrentAdds adds reports from many goroutines at once, as
// an ingest's store workers do: every one is indexed, with its version.
func TestWriterConcurrentAdds(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"), testSeg)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := ix.newWriter()
	const adders, each = 8, 150
	var wg sync.WaitGroup
	for a := range adders {
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("r%d-%d", a, i)
				r := corpus.Report{ID: id, SHA256: "sha-" + id, Title: "并发写入测试报告" + id, Text: "推进行政复议。",
					Sections: []corpus.Section{{ID: "1", Heading: "举措", Text: "推进行政复议。"}}}
				if err := w.Add(r); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for a := range adders {
		for i := range each {
			id := fmt.Sprintf("r%d-%d", a, i)
			sections, sha, err := ix.indexed(id)
			if err != nil || sha != "sha-"+id || sections != 1 {
				t.Fatalf("%s: %d sections, sha %q, %v", id, sections, sha, err)
			}
		}
	}
	if err := w.Add(corpus.Report{ID: "late"}); !errors.Is(err, errWriterClosed) {
		t.Errorf("Add after Close: %v, want errWriterClosed", err)
	}
}

// TestWriterReportsAFailedReport adds a report that cannot be indexed (no
// id) among good ones: Close returns its error, and so does a later Add.
func TestWriterReportsAFailedReport(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"), testSeg)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := ix.newWriter()
	// The failure surfaces asynchronously: the Add after the bad one
	// may already return it.
	for _, id := range []string{"a", "", "b"} {
		_ = w.Add(corpus.Report{ID: id, Title: "报告", Text: "正文。"})
	}
	if err := w.Close(); err == nil || !errors.Is(w.Close(), err) {
		t.Fatalf("Close: %v, want the failed report's error, twice", err)
	}
	if err := w.Add(corpus.Report{ID: "c"}); err == nil {
		t.Error("Add after a failure returned no error")
	}
}
