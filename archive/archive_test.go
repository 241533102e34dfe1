package archive

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/lantai/lantai/corpus"
)

// testDoc builds a document as a reader would, without parsing anything.
func testDoc(source, indexNo, body string) corpus.Document {
	return corpus.Document{
		Original:  []byte(body),
		MediaType: "text/plain; charset=utf-8",
		Report: corpus.Report{
			Title:   "青溪县2023年度法治政府建设情况的报告",
			IndexNo: indexNo,
			Agency:  "青溪县人民政府",
			Source:  source,
			Format:  corpus.FormatText,
			Text:    body,
		},
	}
}

func openTestArchive(t *testing.T, dir string) *Archive {
	t.Helper()
	a, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func mustPut(t *testing.T, a *Archive, d corpus.Document) PutResult {
	t.Helper()
	r, err := a.Put(d)
	if err != nil {
		t.Fatalf("Put(%s): %v", d.Report.Source, err)
	}
	return r
}

func TestArchivePut(t *testing.T) {
	tests := []struct {
		name         string
		docs         []corpus.Document
		wantStatus   []Status
		wantLen      int
		wantVersions int // of the last document's report
	}{
		{
			name:         "new report is added",
			docs:         []corpus.Document{testDoc("a/qingxi.txt", "QX-2023-001", "一、总体情况\n正文。")},
			wantStatus:   []Status{Added},
			wantLen:      1,
			wantVersions: 1,
		},
		{
			name: "same bytes again are unchanged",
			docs: []corpus.Document{
				testDoc("a/qingxi.txt", "QX-2023-001", "一、总体情况\n正文。"),
				testDoc("a/qingxi.txt", "QX-2023-001", "一、总体情况\n正文。"),
			},
			wantStatus:   []Status{Added, Unchanged},
			wantLen:      1,
			wantVersions: 1,
		},
		{
			name: "same index_no, different bytes is a new version",
			docs: []corpus.Document{
				testDoc("a/qingxi.txt", "QX-2023-001", "一、总体情况\n正文。"),
				testDoc("b/qingxi-revised.txt", "QX-2023-001", "一、总体情况\n修订后的正文。"),
			},
			wantStatus:   []Status{Added, Updated},
			wantLen:      1,
			wantVersions: 2,
		},
		{
			name: "same source without index_no, changed bytes is a new version",
			docs: []corpus.Document{
				testDoc("a/report.txt", "", "第一稿"),
				testDoc("a/report.txt", "", "第二稿"),
			},
			wantStatus:   []Status{Added, Updated},
			wantLen:      1,
			wantVersions: 2,
		},
		{
			name: "an older version's bytes again are unchanged",
			docs: []corpus.Document{
				testDoc("a/report.txt", "", "第一稿"),
				testDoc("a/report.txt", "", "第二稿"),
				testDoc("a/report.txt", "", "第一稿"),
			},
			wantStatus:   []Status{Added, Updated, Unchanged},
			wantLen:      1,
			wantVersions: 2,
		},
		{
			name: "different index_no with identical bytes are two reports",
			docs: []corpus.Document{
				testDoc("a/x.txt", "QX-1", "同一份正文"),
				testDoc("a/y.txt", "QX-2", "同一份正文"),
			},
			wantStatus:   []Status{Added, Added},
			wantLen:      2,
			wantVersions: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := openTestArchive(t, t.TempDir())
			var last PutResult
			for i, d := range tt.docs {
				last = mustPut(t, a, d)
				if last.Status != tt.wantStatus[i] {
					t.Errorf("doc %d: status %v, want %v", i, last.Status, tt.wantStatus[i])
				}
				if last.Report.ID != last.ID || last.ID != corpus.ReportID(corpus.IdentityKey(d.Report)) {
					t.Errorf("doc %d: id %q, report id %q", i, last.ID, last.Report.ID)
				}
			}
			if a.Len() != tt.wantLen {
				t.Errorf("Len = %d, want %d", a.Len(), tt.wantLen)
			}
			vs, err := a.Versions(last.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) != tt.wantVersions {
				t.Errorf("%d versions, want %d", len(vs), tt.wantVersions)
			}
			got, err := a.Get(last.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := vs[len(vs)-1].Report; got.SHA256 != want.SHA256 || got.Text != want.Text {
				t.Errorf("Get returned %q, want the latest version %q", got.Text, want.Text)
			}
			if last.Report.SHA256 != got.SHA256 {
				t.Errorf("PutResult.Report.SHA256 = %s, latest is %s", last.Report.SHA256, got.SHA256)
			}

			// Everything survives a reopen.
			a.Close()
			b := openTestArchive(t, a.Dir())
			if b.Len() != tt.wantLen {
				t.Errorf("after reopen Len = %d, want %d", b.Len(), tt.wantLen)
			}
			if vs2, err := b.Versions(last.ID); err != nil || len(vs2) != tt.wantVersions {
				t.Errorf("after reopen: %d versions, %v", len(vs2), err)
			}
		})
	}
}

func TestArchiveOriginalByteExact(t *testing.T) {
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("政 府 工 作 报 告\r\n\r\n——2019年3月4日在青溪区第十五届人民代表大会第三次会议上\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	a := openTestArchive(t, t.TempDir())
	d := corpus.Document{
		Original:  gbk,
		MediaType: "text/plain; charset=gb18030",
		Report:    corpus.Report{Title: "政府工作报告", Source: "reportData/2019.txt"},
	}
	r := mustPut(t, a, d)

	got, mt, err := a.Original(r.Report.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, gbk) || mt != d.MediaType {
		t.Errorf("Original = %x (%s), want %x (%s)", got, mt, gbk, d.MediaType)
	}
	o, err := a.OriginalOf(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(o.Data, gbk) || o.MediaType != d.MediaType || o.Source != "reportData/2019.txt" {
		t.Errorf("OriginalOf = %x, %q, %q", o.Data, o.MediaType, o.Source)
	}
	if r.Report.SHA256 != corpus.SHA256Hex(gbk) {
		t.Errorf("sha256 %s, want %s", r.Report.SHA256, corpus.SHA256Hex(gbk))
	}
}

func TestArchiveLookups(t *testing.T) {
	a := openTestArchive(t, t.TempDir())
	r := mustPut(t, a, testDoc("x.csv#12", "QX-2023-7", "一行"))
	mustPut(t, a, testDoc("y.txt", "", "另一份"))

	ids, err := a.LookupIndexNo(" QX-2023-7 ")
	if err != nil || len(ids) != 1 || ids[0] != r.ID {
		t.Errorf("LookupIndexNo = %v, %v; want [%s]", ids, err, r.ID)
	}
	if _, err := a.LookupIndexNo("QX-0000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LookupIndexNo(unknown) err = %v, want ErrNotFound", err)
	}
	if o, err := a.OriginalOf(r.ID); err != nil || o.Source != "x.csv#12" || string(o.Data) != "一行" {
		t.Errorf("OriginalOf = %q from %q, %v; want the row's original from x.csv#12", o.Data, o.Source, err)
	}
	for _, bad := range []string{"0123456789abcdef", "../../etc/passwd", ""} {
		if _, err := a.Get(bad); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), bad) {
			t.Errorf("Get(%q) err = %v, want ErrNotFound naming it", bad, err)
		}
	}
	if _, _, err := a.Original("../../lock"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Original(path) err = %v, want ErrNotFound", err)
	}

	var seen []string
	if err := a.Each(func(r corpus.Report) error { seen = append(seen, r.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] > seen[1] {
		t.Errorf("Each visited %v, want 2 ids in order", seen)
	}

	if err := a.Delete(r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Get(r.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete err = %v", err)
	}
	if _, err := a.LookupIndexNo("QX-2023-7"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LookupIndexNo after Delete err = %v", err)
	}
	if err := a.Delete(r.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete err = %v", err)
	}
	if a.Len() != 1 {
		t.Errorf("Len = %d, want 1", a.Len())
	}
}

// TestArchiveCrashConsistency simulates a process killed while writing a
// pack, and leftovers of a crash in the old layout: an object no record
// names and half-written temporary files.
func TestArchiveCrashConsistency(t *testing.T) {
	dir := t.TempDir()
	a := openTestArchive(t, dir)
	mustPut(t, a, testDoc("one.txt", "QX-1", "第一份"))
	a.Close()

	orphan := testDoc("two.txt", "QX-2", "第二份：对象已写，记录未写")
	sum := corpus.SHA256Hex(orphan.Original)
	writeFile(t, filepath.Join(dir, "objects", sum[:2], sum), orphan.Original)
	strays := []string{
		filepath.Join(dir, "packs", ".000000000002.pack.123.tmp"),
		filepath.Join(dir, "reports", ".0123456789abcdef.json.123.tmp"),
		filepath.Join(dir, "objects", sum[:2], "."+sum+".456.tmp"),
	}
	for _, p := range strays {
		writeFile(t, p, []byte(packMagic+`{"id":"half-writ`))
	}

	// A reader sees the consistent state and leaves the temp files alone.
	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ro.Len() != 1 || len(ro.Problems()) != 0 {
		t.Errorf("read-only: Len %d, problems %v", ro.Len(), ro.Problems())
	}
	if _, err := ro.Put(orphan); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only Put err = %v", err)
	}
	ro.Close()

	b := openTestArchive(t, dir)
	if b.Len() != 1 || len(b.Problems()) != 0 {
		t.Errorf("after crash: Len %d, problems %v", b.Len(), b.Problems())
	}
	for _, p := range strays {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("stray temp file %s not cleaned: %v", p, err)
		}
	}
	r := mustPut(t, b, orphan)
	if r.Status != Added || b.Len() != 2 {
		t.Errorf("re-Put after crash: %v, Len %d", r.Status, b.Len())
	}
	got, _, err := b.Original(sum)
	if err != nil || !bytes.Equal(got, orphan.Original) {
		t.Errorf("Original = %q, %v", got, err)
	}
	if r := mustPut(t, b, orphan); r.Status != Unchanged {
		t.Errorf("third Put: %v, want unchanged", r.Status)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestArchiveDamagedPack damages a stored record's bytes and then a pack's
// index: the first is an error naming the pack on reading that report, the
// second a problem naming the file, and nothing else is lost.
func TestArchiveDamagedPack(t *testing.T) {
	dir := t.TempDir()
	a := openTestArchive(t, dir)
	first := mustPut(t, a, testDoc("first.txt", "QX-A", "第一个包"))
	second := mustPut(t, a, testDoc("second.txt", "QX-B", "第二个包"))
	a.Close()
	packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*.pack"))
	if len(packs) != 2 {
		t.Fatalf("packs %v, want one per Put", packs)
	}
	data, err := os.ReadFile(packs[1])
	if err != nil {
		t.Fatal(err)
	}
	idx, err := readPackIndex(packs[1])
	if err != nil || len(idx.Records) != 1 {
		t.Fatalf("index %+v, %v", idx, err)
	}
	rec := idx.Records[0]
	data[rec.Off+rec.Len/2] ^= 0xff
	writeFile(t, packs[1], data)

	b := openTestArchive(t, dir)
	if _, err := b.Get(first.ID); err != nil {
		t.Errorf("intact report: %v", err)
	}
	if _, err := b.Get(second.ID); err == nil || !strings.Contains(err.Error(), filepath.Base(packs[1])) || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("damaged record err = %v, want one naming %s as damaged", err, packs[1])
	}
	b.Close()

	writeFile(t, packs[1], data[:len(data)-3])
	c := openTestArchive(t, dir)
	probs := c.Problems()
	if c.Len() != 1 || len(probs) != 1 || !strings.Contains(probs[0].Error(), packs[1]) {
		t.Fatalf("truncated pack: Len %d, problems %v", c.Len(), probs)
	}
	// A new pack never reuses the damaged one's number.
	third := mustPut(t, c, testDoc("third.txt", "QX-C", "第三个包"))
	c.Close()
	d := openTestArchive(t, dir)
	if r, err := d.Get(third.ID); err != nil || r.Text != "第三个包" {
		t.Errorf("report stored after the damage = %+v, %v", r, err)
	}
}

func TestArchiveLock(t *testing.T) {
	dir := t.TempDir()
	a := openTestArchive(t, dir)
	if _, err := Open(dir); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), dir) {
		t.Errorf("second writer err = %v, want ErrBusy naming %s", err, dir)
	} else if holder := fmt.Sprintf("process %d (`", os.Getpid()); !strings.Contains(err.Error(), holder) {
		t.Errorf("second writer err = %v, want it to name the holder, %s…", err, holder)
	}
	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatalf("reader while a writer holds the lock: %v", err)
	}
	ro.Close()
	a.Close()
	b, err := Open(dir)
	if err != nil {
		t.Fatalf("writer after Close: %v", err)
	}
	b.Close()
	if _, err := a.Put(testDoc("x.txt", "", "x")); !errors.Is(err, ErrClosed) {
		t.Errorf("Put after Close err = %v", err)
	}
	if _, err := OpenReadOnly(filepath.Join(dir, "missing")); err == nil {
		t.Error("read-only open of a missing archive succeeded")
	}
}

func TestArchiveConcurrentPuts(t *testing.T) {
	a := openTestArchive(t, t.TempDir())
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for g := range 4 {
		wg.Go(func() {
			for i := range n {
				// Every goroutine stores the same n reports, and goroutine g
				// also adds a version of report i when i%4 == g.
				body := fmt.Sprintf("报告%d正文", i)
				if i%4 == g {
					body += "（修订）"
				}
				if _, err := a.Put(testDoc(fmt.Sprintf("r%d.txt", i), fmt.Sprintf("QX-%03d", i), body)); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if a.Len() != n {
		t.Errorf("Len = %d, want %d", a.Len(), n)
	}
	for i := range n {
		ids, err := a.LookupIndexNo(fmt.Sprintf("QX-%03d", i))
		if err != nil {
			t.Fatal(err)
		}
		vs, err := a.Versions(ids[0])
		if err != nil || len(vs) != 2 {
			t.Errorf("report %d: %d versions, %v; want 2", i, len(vs), err)
		}
	}
}

func TestArchivePutRejects(t *testing.T) {
	a := openTestArchive(t, t.TempDir())
	for _, d := range []corpus.Document{
		{Report: corpus.Report{Source: "empty.txt"}},
		{Original: []byte("x"), Report: corpus.Report{}},
	} {
		if _, err := a.Put(d); err == nil {
			t.Errorf("Put(%+v) succeeded", d.Report)
		}
	}
	if a.Len() != 0 {
		t.Errorf("Len = %d after rejected Puts", a.Len())
	}
}
