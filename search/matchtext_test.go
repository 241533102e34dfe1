package search

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// TestMatchTextDamagedRecord damages one report's record in its pack: its
// documents then match no literal, and the other report is confirmed as
// before; nothing fails the search.
func TestMatchTextDamagedRecord(t *testing.T) {
	dir := t.TempDir()
	a, err := corpus.OpenArchive(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, name := range []string{"intact.txt", "damaged.txt"} {
		text := "测试区" + name + "报告\n\n发文机构\n测试区人民政府\n日期\n2024-01-02\n\n一、情况\n推进" + strings.TrimSuffix(name, ".txt") + "工作。\n"
		docs, errs := corpus.Read(name, []byte(text))
		if len(errs) > 0 || len(docs) != 1 {
			t.Fatalf("reading %s: %v", name, errs)
		}
		put, err := a.Put(docs[0])
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, put.ID)
	}
	a.Close()
	packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*.pack"))
	damaged := false
	for _, p := range packs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// The last occurrence is in the record, after the original bytes.
		if at := bytes.LastIndex(data, []byte(`推进damaged`)); at >= 0 {
			data[at] ^= 0xff
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			damaged = true
		}
	}
	if !damaged {
		t.Fatal("the record's text is not in a pack")
	}
	b, err := corpus.OpenArchiveReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var logged bytes.Buffer
	c := newMatchTextCache(b, defaultMatchTextBudget, slog.New(slog.NewTextHandler(&logged, nil)))
	if text, err := c.matchText(ids[0]); err != nil || text == nil || !strings.Contains(text.body, "intact") {
		t.Errorf("intact report: %v, %v", text, err)
	}
	for range 2 {
		if text, err := c.matchText(ids[1]); err != nil || text != nil {
			t.Errorf("damaged report: %v, %v; want no text and no error", text, err)
		}
	}
	if n := strings.Count(logged.String(), "unreadable"); n != 1 {
		t.Errorf("damaged report logged %d times, want once: %s", n, logged.String())
	}
}
