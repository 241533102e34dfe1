package archive

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// fixtureDocs are the documents stored in testdata/ltpack01, an archive of
// LTPACK01 packs written by the code from before packs were compressed
// (one pack per Put, in this order; the last report then deleted). The
// originals are chosen to break anything that is not byte-exact: a BOM and
// CRLF line ends, GB18030 bytes that are not UTF-8, every byte value, a
// JSON Lines row, and a second version of the first report.
func fixtureDocs() []corpus.Document {
	every := make([]byte, 0, 512)
	for i := range 512 {
		every = append(every, byte(i), byte(255-i%256))
	}
	docs := []corpus.Document{
		fixtureDoc("fixture/bom-crlf.txt", "", []byte("\ufeff青溪县2023年度法治政府建设情况的报告\r\n一、主要举措\r\n推进依法行政。\r\n")),
		fixtureDoc("fixture/gb18030.txt", "QX-GB-1", []byte{0xc7, 0xe0, 0xcf, 0xaa, 0xcf, 0xd8, 0xc8, 0xcb, 0xc3, 0xf1, 0xd5, 0xfe, 0xb8, 0xae, 0x0d, 0x0a, 0x81, 0x30, 0x81, 0x30}),
		fixtureDoc("fixture/bytes.bin", "", every),
		fixtureDoc("fixture/rows.jsonl#2", "QX-JSONL-2", []byte(`{"title":"青溪县2022年度法治政府建设情况的报告","index_no":"QX-JSONL-2","text":"`+strings.Repeat("坚持依法行政，", 200)+`"}`)),
		fixtureDoc("fixture/bom-crlf.txt", "", []byte("\ufeff青溪县2023年度法治政府建设情况的报告\r\n一、主要举措\r\n推进依法行政，第二版。\r\n")),
		fixtureDoc("fixture/deleted.txt", "QX-DEL", []byte("这份报告随后被删除。")),
	}
	return docs
}

func fixtureDoc(source, indexNo string, original []byte) corpus.Document {
	text := string(bytes.ToValidUTF8(original, []byte("\uFFFD")))
	return corpus.Document{
		Original:  original,
		MediaType: "application/octet-stream",
		Report: corpus.Report{
			Title:   "青溪县法治政府建设情况的报告",
			IndexNo: indexNo,
			Agency:  "青溪县人民政府",
			Source:  source,
			Format:  corpus.FormatText,
			Text:    text,
		},
	}
}

// copyFixture copies testdata/<name> into a temporary folder, so that
// tests may open it for writing.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestLTPACK01Fixture reads an archive written by the uncompressed pack
// format: every original byte-exact through Original and OriginalOf (the
// paths of "get --raw" and the web's raw endpoint), every record, the
// deletion applied; and a new version written beside the old packs wins.
func TestLTPACK01Fixture(t *testing.T) {
	dir := copyFixture(t, "ltpack01")
	docs := fixtureDocs()
	a, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if p := a.Problems(); len(p) != 0 {
		t.Fatalf("problems: %v", p)
	}
	if a.Len() != 4 {
		t.Errorf("Len = %d, want 4 (five reports, one deleted)", a.Len())
	}
	checkOriginals(t, a, docs[:5])
	deleted := corpus.ReportID(corpus.IdentityKey(docs[5].Report))
	if _, err := a.Get(deleted); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted report: %v, want ErrNotFound", err)
	}
	first := corpus.ReportID(corpus.IdentityKey(docs[0].Report))
	vs, err := a.Versions(first)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions of %s = %d, %v; want 2", first, len(vs), err)
	}
	if got := vs[1].Report.Text; got != docs[4].Report.Text {
		t.Errorf("latest text = %q, want %q", got, docs[4].Report.Text)
	}
}

// checkOriginals checks that every doc's original reads back exactly,
// by SHA-256 and as its report's latest original (for docs that are).
func checkOriginals(t *testing.T, a *Archive, docs []corpus.Document) {
	t.Helper()
	latest := map[string][]byte{}
	for _, d := range docs {
		sum := corpus.SHA256Hex(d.Original)
		got, _, err := a.Original(sum)
		if err != nil {
			t.Errorf("Original(%s) of %s: %v", sum, d.Report.Source, err)
		} else if !bytes.Equal(got, d.Original) {
			t.Errorf("Original of %s = %q, want %q", d.Report.Source, got, d.Original)
		}
		latest[corpus.ReportID(corpus.IdentityKey(d.Report))] = d.Original
	}
	for id, want := range latest {
		o, err := a.OriginalOf(id)
		if err != nil {
			t.Errorf("OriginalOf(%s): %v", id, err)
		} else if !bytes.Equal(o.Data, want) {
			t.Errorf("OriginalOf(%s) = %q, want %q", id, o.Data, want)
		}
		if _, err := a.Get(id); err != nil {
			t.Errorf("Get(%s): %v", id, err)
		}
	}
}

// packMagics returns the magic number of every pack in the archive at dir.
func packMagics(t *testing.T, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "packs", "*.pack"))
	if err != nil {
		t.Fatal(err)
	}
	var magics []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		magics = append(magics, string(b[:len(packMagic)]))
	}
	return magics
}

// TestCompressedPacksByteExact stores originals that compress well, badly
// and not at all, larger than a zstd window, and one original under two
// reports in one commit; each reads back byte for byte, from the writing
// archive and from a reader opened after it.
func TestCompressedPacksByteExact(t *testing.T) {
	dir := t.TempDir()
	a := openTestArchive(t, dir)
	docs := fixtureDocs()
	random := make([]byte, 9<<20)
	rand.NewChaCha8([32]byte{1}).Read(random)
	docs = append(docs,
		fixtureDoc("fixture/random.bin", "", random),
		fixtureDoc("fixture/zeros.bin", "", make([]byte, 3<<20)),
		fixtureDoc("fixture/once.txt", "", []byte("同一原件，两份报告。")),
	)
	for _, d := range docs {
		mustPut(t, a, d)
	}
	// Two reports of the same bytes, Put at once so that they share a
	// commit.
	twin := fixtureDoc("fixture/twin-a.txt", "", []byte("孪生原件：两份报告，同一字节。"))
	twinB := twin
	twinB.Report.Source = "fixture/twin-b.txt"
	var wg sync.WaitGroup
	for _, d := range []corpus.Document{twin, twinB} {
		wg.Go(func() { mustPut(t, a, d) })
	}
	wg.Wait()
	docs = append(docs, twin, twinB)
	checkOriginals(t, a, docs)
	b, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	checkOriginals(t, b, docs)
	for _, m := range packMagics(t, dir) {
		if m != packMagic {
			t.Errorf("a new pack begins %q, want %q", m, packMagic)
		}
	}
}

// TestLTPACK01FixtureWritten opens the old packs for writing and adds to
// them: the new pack is compressed, the old ones are left as they are,
// and every original, old and new, reads back exactly.
func TestLTPACK01FixtureWritten(t *testing.T) {
	dir := copyFixture(t, "ltpack01")
	a := openTestArchive(t, dir)
	docs := fixtureDocs()[:5]
	third := fixtureDoc("fixture/bom-crlf.txt", "", []byte("\ufeff第三版。\r\n"))
	other := fixtureDoc("fixture/new.txt", "QX-NEW", []byte("压缩包中的新报告。"))
	if r := mustPut(t, a, third); r.Status != Updated {
		t.Errorf("new version: %v, want updated", r.Status)
	}
	mustPut(t, a, other)
	docs = append(docs, third, other)
	checkOriginals(t, a, docs)
	a.Close()
	b, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	checkOriginals(t, b, docs)
	vs, err := b.Versions(corpus.ReportID(corpus.IdentityKey(third.Report)))
	if err != nil || len(vs) != 3 {
		t.Errorf("versions: %d, %v; want 3", len(vs), err)
	}
	magics := packMagics(t, dir)
	want := []string{"LTPACK01", "LTPACK01", "LTPACK01", "LTPACK01", "LTPACK01", "LTPACK01", "LTPACK01", "LTPACK02", "LTPACK02"}
	if !slices.Equal(magics, want) {
		t.Errorf("packs %v, want %v", magics, want)
	}
}
