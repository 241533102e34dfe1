package search

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lantai/lantai/samples"
)

// logBuffer collects a service's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestCitationCacheKeptAcrossOpens: the graph built once is kept in the
// data folder; a service reopened on the unchanged archive loads it
// instead of building it, a write it follows keeps it again, and a
// damaged or stale file is ignored, logged and the graph rebuilt.
func TestCitationCacheKeptAcrossOpens(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	src := filepath.Join(t.TempDir(), "samples")
	if _, err := samples.WriteTo(src); err != nil {
		t.Fatal(err)
	}
	var logs *logBuffer
	open := func() *Service {
		t.Helper()
		logs = &logBuffer{}
		s, err := Open(ctx, Config{DataDir: data, Backend: testBackend(t), Logger: slog.New(slog.NewTextHandler(logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s := open()
	if _, err := s.IngestPaths(ctx, []string{src}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	cited := doSearch(t, s, Request{Query: "title:云溪区2021年度法治政府建设情况的报告"}).Hits[0]
	// kept waits for the file to hold the graph of the archive's state.
	kept := func(s *Service) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for s.keptCitationsStamp() != s.archive.Stamp() {
			if time.Now().After(deadline) {
				t.Fatalf("the graph of %q was not kept (file: %q)", s.archive.Stamp(), s.keptCitationsStamp())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	// graphOf waits for the graph and reports whether it was loaded.
	graphOf := func(s *Service) (loaded bool) {
		t.Helper()
		if _, err := s.citationGraph(ctx); err != nil {
			t.Fatal(err)
		}
		l := logs.String()
		return strings.Contains(l, "citation graph loaded") && !strings.Contains(l, "citation graph built")
	}
	if graphOf(s) {
		t.Fatal("the first graph was loaded, not built")
	}
	kept(s)
	s.Close()

	s = open()
	s.Warm(ctx)
	if !graphOf(s) {
		t.Fatalf("reopened on the unchanged archive, the graph was built again:\n%s", logs)
	}
	// A write the loaded graph follows: kept again, under the new stamp.
	report := citingReport("青溪县司法局2024年工作报告", "QX-2024-0001", "", "一、主要工作\n依照《"+cited.Title+"》办理。")
	if _, err := s.Ingest(ctx, "later.txt", []byte(report)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "citation graph built") {
		t.Fatalf("the write rebuilt the graph:\n%s", logs)
	}
	kept(s)
	s.Close()

	s = open()
	if !graphOf(s) {
		t.Fatalf("reopened after a write, the graph was built again:\n%s", logs)
	}
	cs, err := s.Citations(ctx, cited.ID)
	if err != nil || len(cs.CitedBy) == 0 || cs.CitedBy[0].Title != "青溪县司法局2024年工作报告" {
		t.Fatalf("the loaded graph lacks the write's citation: %+v %v", cs, err)
	}
	s.Close()

	// Damaged: the stamp is right, the rest is not.
	path := filepath.Join(data, citationCacheName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) - 40; i < len(b)-20; i++ {
		b[i] ^= 0xff
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s = open()
	if graphOf(s) || !strings.Contains(logs.String(), "damaged") {
		t.Fatalf("a damaged file was trusted:\n%s", logs)
	}
	if cs, err := s.Citations(ctx, cited.ID); err != nil || len(cs.CitedBy) == 0 {
		t.Errorf("after the rebuild: %+v %v", cs, err)
	}
	kept(s)
	s.Close()

	// Stale: a file of another archive state.
	b, _ = os.ReadFile(path)
	b = bytes.Replace(b, []byte("\npack "), []byte("\npack 1"), 1)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s = open()
	if graphOf(s) || !strings.Contains(logs.String(), "another archive state") {
		t.Fatalf("a stale file was trusted:\n%s", logs)
	}
}
