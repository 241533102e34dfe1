package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lantai/lantai/corpus"
)

// writeLegacy stores doc as an archive written before packs did: its
// original under objects/ and a record under reports/.
func writeLegacy(t *testing.T, dir string, doc corpus.Document) string {
	t.Helper()
	r := doc.Report
	key := corpus.IdentityKey(r)
	id, sum := corpus.ReportID(key), corpus.SHA256Hex(doc.Original)
	r.ID, r.SHA256 = id, sum
	rec := record{ID: id, Key: key, Versions: []Version{{
		SHA256: sum, MediaType: doc.MediaType, Source: r.Source, IngestedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Report: r,
	}}}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "objects", sum[:2], sum), doc.Original)
	writeFile(t, filepath.Join(dir, "reports", id+".json"), b)
	return id
}

// TestArchiveLegacyLayout opens an archive of the old layout: its reports
// read as before, new versions and deletions go to packs and win.
func TestArchiveLegacyLayout(t *testing.T) {
	dir := t.TempDir()
	one := testDoc("one.txt", "QX-1", "旧格式第一份")
	two := testDoc("two.txt", "QX-2", "旧格式第二份")
	oneID, twoID := writeLegacy(t, dir, one), writeLegacy(t, dir, two)

	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatalf("read-only open of an old archive: %v", err)
	}
	if ro.Len() != 2 {
		t.Errorf("read-only Len = %d, want 2", ro.Len())
	}
	a := openTestArchive(t, dir)
	if r, err := a.Get(oneID); err != nil || r.Text != "旧格式第一份" {
		t.Fatalf("Get old record = %+v, %v", r, err)
	}
	if o, err := a.OriginalOf(twoID); err != nil || !bytes.Equal(o.Data, two.Original) || o.Source != "two.txt" {
		t.Errorf("OriginalOf old original = %q from %q, %v", o.Data, o.Source, err)
	}
	if r := mustPut(t, a, one); r.Status != Unchanged {
		t.Errorf("re-Put of an old original: %v, want unchanged", r.Status)
	}
	if r := mustPut(t, a, testDoc("one.txt", "QX-1", "新版本")); r.Status != Updated {
		t.Errorf("new version of an old report: %v, want updated", r.Status)
	}
	if err := a.Delete(twoID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", twoID+".json")); !os.IsNotExist(err) {
		t.Errorf("old record file of a deleted report still there: %v", err)
	}
	three := mustPut(t, a, testDoc("three.txt", "QX-3", "第三份"))

	// The reader opened before these writes finds them when asked.
	if vs, err := ro.Versions(three.ID); err != nil || len(vs) != 1 {
		t.Errorf("read-only Versions of a report written after open = %d, %v", len(vs), err)
	}
	if o, err := ro.OriginalOf(three.ID); err != nil || string(o.Data) != "第三份" {
		t.Errorf("read-only OriginalOf a report written after open = %q, %v", o.Data, err)
	}
	if _, err := ro.Get(twoID); !errors.Is(err, ErrNotFound) {
		t.Errorf("read-only Get of a deleted report err = %v, want ErrNotFound", err)
	}
	ro.Close()
	a.Close()

	b := openTestArchive(t, dir)
	if b.Len() != 2 || len(b.Problems()) != 0 {
		t.Fatalf("reopened: Len %d, problems %v", b.Len(), b.Problems())
	}
	vs, err := b.Versions(oneID)
	if err != nil || len(vs) != 2 || vs[0].Report.Text != "旧格式第一份" || vs[1].Report.Text != "新版本" {
		t.Errorf("versions after reopen = %+v, %v", vs, err)
	}
	if _, err := b.Get(twoID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted old report after reopen: %v", err)
	}
}

func TestArchiveDamagedRecord(t *testing.T) {
	dir := t.TempDir()
	good := writeLegacy(t, dir, testDoc("good.txt", "QX-GOOD", "完好"))
	bad := writeLegacy(t, dir, testDoc("bad.txt", "QX-BAD", "将被损坏"))
	badPath := filepath.Join(dir, "reports", bad+".json")
	writeFile(t, badPath, []byte(`{"id":"`+bad+`","key":`))

	b := openTestArchive(t, dir)
	if b.Len() != 1 {
		t.Errorf("Len = %d, want 1 (the good record)", b.Len())
	}
	probs := b.Problems()
	if len(probs) != 1 || !strings.Contains(probs[0].Error(), badPath) {
		t.Fatalf("Problems = %v, want one naming %s", probs, badPath)
	}
	if _, err := b.Get(good); err != nil {
		t.Errorf("good record lost: %v", err)
	}
	// Storing the report again starts a fresh record and keeps the damaged
	// file for inspection; it is no longer a problem.
	if r := mustPut(t, b, testDoc("bad.txt", "QX-BAD", "将被损坏")); r.Status != Added {
		t.Errorf("re-Put: %v, want added", r.Status)
	}
	b.Close()
	if _, err := os.Stat(badPath); err != nil {
		t.Errorf("damaged record not kept: %v", err)
	}
	c := openTestArchive(t, dir)
	if c.Len() != 2 || len(c.Problems()) != 0 {
		t.Errorf("after re-Put: Len %d, problems %v", c.Len(), c.Problems())
	}
	c.Close()
}
