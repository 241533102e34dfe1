package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

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
	got, mt, name, err := a.OriginalOf(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, gbk) || mt != d.MediaType || name != "2019.txt" {
		t.Errorf("OriginalOf = %x, %q, %q", got, mt, name)
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
	_, _, name, err := a.OriginalOf(r.ID)
	if err != nil || name != "x-12.csv" {
		t.Errorf("OriginalOf name = %q, %v; want x-12.csv", name, err)
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
	if got, _, _, err := a.OriginalOf(twoID); err != nil || !bytes.Equal(got, two.Original) {
		t.Errorf("OriginalOf old original = %q, %v", got, err)
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
	if got, _, _, err := ro.OriginalOf(three.ID); err != nil || string(got) != "第三份" {
		t.Errorf("read-only OriginalOf a report written after open = %q, %v", got, err)
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
	at := bytes.Index(data, []byte(`"text":"第二个包`))
	if at < 0 {
		t.Fatal("the record's text is not in the pack")
	}
	data[at+len(`"text":"`)] ^= 0xff
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

func TestDecodeHead(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC)
	rec := record{ID: "0123456789abcdef", Key: `index_no:QX-"1"\2`, Versions: []Version{
		{SHA256: strings.Repeat("a", 64), MediaType: "text/plain; charset=utf-8", Source: "a/b.txt", IngestedAt: at,
			Report: corpus.Report{Title: `引号"和\反斜杠\"`, Text: "正文{[\"}]\\", Year: 2023, Sections: []corpus.Section{{ID: "1", Start: 0, End: 3}}, Extra: map[string]string{"k": "}"}}},
		{SHA256: strings.Repeat("b", 64), MediaType: "text/html", Source: "c.html#2", IngestedAt: at.Add(time.Hour)},
	}}
	compact, _ := json.Marshal(rec)
	indented, _ := json.MarshalIndent(rec, "", "  ")
	reordered := []byte(`{"versions":[{"report":{"title":"x"},"source":"s","sha256":"` + strings.Repeat("c", 64) + `","extra":[1,true,null,{"a":-2.5e3}]}],"other":null,"key":"source:s","id":"x"}`)
	tests := []struct {
		name string
		in   []byte
		fast bool // the fast path handles it
	}{
		{"compact", compact, true},
		{"indented", indented, true},
		{"reordered with unknown fields", reordered, true},
		{"escaped key", []byte(`{"i\u0064":"x","key":"k","versions":[]}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want recordHead
			if err := json.Unmarshal(tt.in, &want); err != nil {
				t.Fatal(err)
			}
			s := headScanner{b: tt.in}
			fast, ok := s.head()
			if ok != tt.fast {
				t.Errorf("fast path ok = %v, want %v", ok, tt.fast)
			}
			got, err := decodeHead(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, want) || (ok && !reflect.DeepEqual(*fast, want)) {
				t.Errorf("decodeHead = %+v, want %+v", got, want)
			}
		})
	}
	for _, bad := range []string{"", "{", `{"id":"x"`, `{"id":"x",}`, `{"id":"x"} trailing`, string(compact[:len(compact)/2])} {
		if _, err := decodeHead([]byte(bad)); err == nil {
			t.Errorf("decodeHead(%q) succeeded", bad)
		}
	}
}

// FuzzDecodeHead checks the fast record scanner never panics and, where
// it accepts input that is valid JSON, agrees with encoding/json.
func FuzzDecodeHead(f *testing.F) {
	rec := record{ID: "0123456789abcdef", Key: "source:x", Versions: []Version{{SHA256: strings.Repeat("a", 64), Source: "x", Report: corpus.Report{Text: `a"b\c`}}}}
	b, _ := json.Marshal(rec)
	f.Add(b)
	f.Add([]byte(`{"id":"x","versions":[{"report":[1,{"a":"]"}]}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		s := headScanner{b: in}
		fast, ok := s.head()
		var want recordHead
		if !ok || json.Unmarshal(in, &want) != nil {
			return
		}
		if len(fast.Versions) == 0 && len(want.Versions) == 0 {
			fast.Versions, want.Versions = nil, nil // [] and absent mean the same
		}
		if !reflect.DeepEqual(*fast, want) {
			t.Errorf("fast %+v, strict %+v", fast, want)
		}
	})
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
