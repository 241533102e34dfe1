package archive

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// damageEntry flips a byte in the middle of the entry a pack's index
// locates for key (a report id or a SHA-256).
func damageEntry(t *testing.T, dir, key string) {
	t.Helper()
	packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*.pack"))
	for _, p := range packs {
		idx, err := readPackIndex(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range slices.Concat(idx.Records, idx.Objects) {
			if e.Key != key {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			data[e.Off+e.Len/2] ^= 0x5a
			writeFile(t, p, data)
			return
		}
	}
	t.Fatalf("no pack in %s holds %s", dir, key)
}

// threeReports stores three reports, one per pack, and returns them.
func threeReports(t *testing.T, dir string) []corpus.Document {
	t.Helper()
	a := openTestArchive(t, dir)
	docs := []corpus.Document{
		testDoc("a.txt", "QX-A", "第一份报告：行政复议案件12件。"),
		testDoc("b.txt", "QX-B", "第二份报告：行政复议案件34件。"),
		testDoc("c.txt", "QX-C", "第三份报告：行政复议案件56件。"),
	}
	for _, d := range docs {
		mustPut(t, a, d)
	}
	a.Close()
	return docs
}

func idOf(d corpus.Document) string { return corpus.ReportID(corpus.IdentityKey(d.Report)) }

// TestDamagedRecordCostsOneReport damages one report's record: reading it
// is a *DamagedError naming the report, the pack and the source to ingest
// again; every read of the others goes on; EachVersions visits them all
// and names the damaged one at the end; ingesting the original again
// repairs it.
func TestDamagedRecordCostsOneReport(t *testing.T) {
	dir := t.TempDir()
	docs := threeReports(t, dir)
	bad := idOf(docs[1])
	damageEntry(t, dir, bad)

	a := openTestArchive(t, dir)
	_, err := a.Get(bad)
	var d *DamagedError
	if !errors.As(err, &d) || !errors.Is(err, ErrDamaged) || d.ID != bad {
		t.Fatalf("Get(damaged) = %v, want a *DamagedError for %s", err, bad)
	}
	for _, want := range []string{bad, "b.txt", ".pack", "checksum"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("damage message %q does not name %q", err, want)
		}
	}
	if _, err := a.Versions(bad); !errors.Is(err, ErrDamaged) {
		t.Errorf("Versions(damaged) = %v, want ErrDamaged", err)
	}
	if _, err := a.OriginalOf(bad); !errors.Is(err, ErrDamaged) {
		t.Errorf("OriginalOf(damaged) = %v, want ErrDamaged (record and original share a frame)", err)
	}

	var visited []string
	err = a.EachVersions(func(id string, _ []Version) error {
		visited = append(visited, id)
		return nil
	})
	if len(visited) != 2 || slices.Contains(visited, bad) {
		t.Errorf("EachVersions visited %v, want the two intact reports", visited)
	}
	if got := Damaged(err); len(got) != 1 || got[0].ID != bad || !errors.Is(err, ErrDamaged) {
		t.Errorf("EachVersions err = %v, want the damaged report named", err)
	}

	res, err := a.Put(docs[1])
	if err != nil || res.Status != Repaired {
		t.Fatalf("Put of the damaged report's original = %+v, %v; want Repaired", res.Status, err)
	}
	a.Close()
	b := openTestArchive(t, dir)
	r, err := b.Get(bad)
	if err != nil || r.Text != docs[1].Report.Text {
		t.Fatalf("after repair Get = %q, %v", r.Text, err)
	}
	o, err := b.OriginalOf(bad)
	if err != nil || string(o.Data) != string(docs[1].Original) {
		t.Fatalf("after repair original = %q, %v", o.Data, err)
	}
	if err := b.Each(func(corpus.Report) error { return nil }); err != nil {
		t.Errorf("after repair Each = %v", err)
	}
	if res, err := b.Put(docs[1]); err != nil || res.Status != Unchanged {
		t.Errorf("second Put after repair = %v, %v; want Unchanged", res.Status, err)
	}
}

// TestDamagedOriginalRepaired damages only an original (a loose file of
// the old layout, so that no record shares its bytes) and checks that the
// record still reads, the original is named damaged, and a Put of the
// same bytes stores it again, in a pack, without a new version.
func TestDamagedOriginalRepaired(t *testing.T) {
	dir := t.TempDir()
	doc := testDoc("old.txt", "QX-OLD", "旧格式的原件：推进行政复议体制改革。")
	id := writeLegacy(t, dir, doc)
	sum := corpus.SHA256Hex(doc.Original)
	writeFile(t, filepath.Join(dir, "objects", sum[:2], sum), []byte("旧格式的原件：推进行政复议体制改革！"))

	b := openTestArchive(t, dir)
	if _, err := b.Get(id); err != nil {
		t.Fatalf("the record of a report whose original is damaged: %v", err)
	}
	_, err := b.OriginalOf(id)
	var d *DamagedError
	if !errors.As(err, &d) || d.ID != id || d.SHA256 != sum || !strings.Contains(err.Error(), "SHA-256") {
		t.Fatalf("OriginalOf = %v, want a *DamagedError naming the report and its original", err)
	}
	if _, _, err := b.Original(sum); !errors.Is(err, ErrDamaged) {
		t.Errorf("Original(sha) = %v, want ErrDamaged", err)
	}
	again, err := b.Put(doc)
	if err != nil || again.Status != Repaired {
		t.Fatalf("Put of the damaged original = %v, %v; want Repaired", again.Status, err)
	}
	o, err := b.OriginalOf(id)
	if err != nil || string(o.Data) != string(doc.Original) {
		t.Fatalf("after repair: %q, %v", o.Data, err)
	}
	vs, err := b.Versions(id)
	if err != nil || len(vs) != 1 {
		t.Errorf("a repaired original adds no version: %d versions, %v", len(vs), err)
	}
}
