package search

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSuggestCacheKeptAcrossOpens builds the completion candidates once:
// a service reopened on the unchanged archive reads them from the data
// folder (a planted candidate shows it read the file, not the archive);
// after a write, or with a damaged file, they are read from the archive.
func TestSuggestCacheKeptAcrossOpens(t *testing.T) {
	s, data := openSamples(t, nil)
	if got, err := s.Suggest(context.Background(), "行政复议", 8); err != nil || len(got) == 0 {
		t.Fatalf("first build: %v %v", got, err)
	}
	path := filepath.Join(data, suggestCacheName)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no kept candidates: %v", err)
	}
	s.Close()

	// Plant a candidate no report has, under the archive's current stamp.
	reopen := func() *Service {
		t.Helper()
		s, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s = reopen()
	si := s.loadSuggestCache()
	if si == nil {
		t.Fatal("the kept candidates were not loaded on the unchanged archive")
	}
	si.entries = append(si.entries, suggestEntry{text: "植入的候选词", folded: "植入的候选词", kind: "title"})
	s.saveSuggestCache(si, s.archive.Stamp())
	s.Close()

	s = reopen()
	if got, _ := s.Suggest(context.Background(), "植入", 8); len(got) == 0 || got[0].Text != "植入的候选词" {
		t.Errorf("reopened: %+v, want the kept candidate", got)
	}
	// A write changes the stamp: the candidates are read again.
	if _, err := s.Ingest(context.Background(), "new.txt", []byte("新区2024年度报告\n\n发文机构\n新区人民政府\n日期\n2024-05-06\n\n一、情况\n推进工作。\n")); err != nil {
		t.Fatal(err)
	}
	if si := s.loadSuggestCache(); si != nil {
		t.Error("kept candidates loaded after a write")
	}
	s.Close()

	if err := os.WriteFile(path, []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	s = reopen()
	got, err := s.Suggest(context.Background(), "新区", 8)
	if err != nil || len(got) == 0 || !strings.Contains(got[0].Text, "新区") {
		t.Errorf("with a damaged file: %+v %v", got, err)
	}
	if got, _ := s.Suggest(context.Background(), "植入", 8); len(got) != 0 {
		t.Errorf("planted candidate survived a rebuild: %+v", got)
	}
}
