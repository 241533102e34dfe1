package archive

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// writeTestPack writes a pack of one original and one record and returns
// its bytes.
func writeTestPack(t testing.TB) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), packName(1))
	pw, err := createPack(path)
	if err != nil {
		t.Fatal(err)
	}
	pw.addObject(corpus.SHA256Hex([]byte("原件")), []byte("原件"))
	head := &recordHead{ID: corpus.ReportID("source:a.txt"), Key: "source:a.txt", Versions: []versionHead{{SHA256: corpus.SHA256Hex([]byte("原件"))}}}
	pw.addRecord(head, []byte(`{"id":"x"}`))
	pw.idx.Deleted = []string{"0123456789abcdef"}
	if err := pw.finish(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPackRoundTrip(t *testing.T) {
	data := writeTestPack(t)
	path := filepath.Join(t.TempDir(), packName(7))
	writeFile(t, path, data)
	idx, err := readPackIndex(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Objects) != 1 || len(idx.Records) != 1 || len(idx.Deleted) != 1 || idx.Records[0].Head == nil {
		t.Fatalf("index = %+v", idx)
	}
	for _, e := range append(idx.Objects, idx.Records...) {
		got, err := readPacked(filepath.Dir(path), e.loc(7))
		if err != nil {
			t.Fatal(err)
		}
		want := []byte("原件")
		if e.Head != nil {
			want = []byte(`{"id":"x"}`)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("entry %s = %q, want %q", e.Key, got, want)
		}
	}
	for _, name := range []string{packName(12), "000000000012.pack"} {
		if seq, ok := parsePackName(name); !ok || seq != 12 {
			t.Errorf("parsePackName(%q) = %d, %v", name, seq, ok)
		}
	}
	for _, name := range []string{".000000000012.pack.tmp", ".000000000012.pack.123.tmp", "x.pack", ".pack", "12.json"} {
		if _, ok := parsePackName(name); ok {
			t.Errorf("parsePackName(%q) accepted", name)
		}
	}
}

// FuzzReadPackIndex feeds damaged and arbitrary files to the pack reader:
// it must refuse them with an error, never panic or accept an entry
// outside the file.
func FuzzReadPackIndex(f *testing.F) {
	good := writeTestPack(f)
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte(packMagic + packMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), packName(1))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		idx, err := readPackIndex(path)
		if err != nil {
			return
		}
		for _, e := range append(idx.Objects, idx.Records...) {
			if e.Off < int64(len(packMagic)) || e.Len < 0 || e.Off > int64(len(data)) || e.Len > int64(len(data))-e.Off {
				t.Fatalf("entry %+v outside a %d-byte pack", e, len(data))
			}
		}
	})
}

// TestReadPackIndexRejectsHugeEntry is the overflow a fuzzer would look
// for: an entry whose offset plus length wraps around.
func TestReadPackIndexRejectsHugeEntry(t *testing.T) {
	dir := t.TempDir()
	pw, err := createPack(filepath.Join(dir, packName(1)))
	if err != nil {
		t.Fatal(err)
	}
	pw.addObject("a", []byte("x"))
	pw.idx.Objects[0].Len = 1<<63 - 1
	if err := pw.finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := readPackIndex(filepath.Join(dir, packName(1))); err == nil {
		t.Error("an entry running past the end was accepted")
	}
}
