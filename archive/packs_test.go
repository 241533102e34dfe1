package archive

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
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
	parts := pw.add(compressFrame([]byte("原件"), []byte(`{"id":"x"}`)))
	pw.addObject(corpus.SHA256Hex([]byte("原件")), parts[0])
	head := &recordHead{ID: corpus.ReportID("source:a.txt"), Key: "source:a.txt", Versions: []versionHead{{SHA256: corpus.SHA256Hex([]byte("原件"))}}}
	pw.addRecord(head, parts[1])
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
	if string(data[:len(packMagic)]) != "LTPACK02" || string(data[len(data)-len(packMagic):]) != "LTPACK02" {
		t.Errorf("a new pack is framed by %q and %q, want LTPACK02", data[:8], data[len(data)-8:])
	}
	idx, err := readPackIndex(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Objects) != 1 || len(idx.Records) != 1 || len(idx.Deleted) != 1 || idx.Records[0].Head == nil || !idx.compressed {
		t.Fatalf("index = %+v", idx)
	}
	for _, e := range append(idx.Objects, idx.Records...) {
		got, err := readPacked(filepath.Dir(path), e.loc(7, idx.compressed))
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
	pw.addObject("a", pw.add(compressFrame([]byte("x")))[0])
	pw.idx.Objects[0].Len = 1<<63 - 1
	if err := pw.finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := readPackIndex(filepath.Join(dir, packName(1))); err == nil {
		t.Error("an entry running past the end was accepted")
	}
}

// TestReadPackIndexRejectsHugeFrame: a hostile decompressed length is
// refused when the index is read, and by decodeFrame, before anything is
// allocated for it.
func TestReadPackIndexRejectsHugeFrame(t *testing.T) {
	for name, damage := range map[string]func(e *packEntry){
		"frame beyond the limit": func(e *packEntry) { e.FrameSize, e.Size = maxFrameSize+1, maxFrameSize+1 },
		"entry beyond its frame": func(e *packEntry) { e.Size = e.FrameSize + 1 },
		"entry after its frame":  func(e *packEntry) { e.At = 1 << 62 },
		"negative size":          func(e *packEntry) { e.Size = -1 },
	} {
		dir := t.TempDir()
		pw, err := createPack(filepath.Join(dir, packName(1)))
		if err != nil {
			t.Fatal(err)
		}
		pw.addObject("a", pw.add(compressFrame([]byte("x")))[0])
		damage(&pw.idx.Objects[0])
		if err := pw.finish(); err != nil {
			t.Fatal(err)
		}
		if _, err := readPackIndex(filepath.Join(dir, packName(1))); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	f := compressFrame([]byte("x"))
	for _, size := range []int64{-1, maxFrameSize + 1, 1 << 62, 2} {
		if _, err := decodeFrame(f.data, size); err == nil {
			t.Errorf("decodeFrame with size %d accepted", size)
		}
	}
}

// packOfFrame writes pack 1 in dir holding one object whose frame's bytes
// are data, said to decompress to size bytes, and returns its index.
func packOfFrame(t testing.TB, dir string, data []byte, size int64) packIndex {
	t.Helper()
	pw, err := createPack(filepath.Join(dir, packName(1)))
	if err != nil {
		t.Fatal(err)
	}
	pw.addObject("a", pw.add(frame{data: data, sizes: []int64{size}})[0])
	if err := pw.finish(); err != nil {
		t.Fatal(err)
	}
	idx, err := readPackIndex(filepath.Join(dir, packName(1)))
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

// TestReadPackedDamagedFrame damages a compressed entry: on disk (its CRC
// fails) and in a frame whose CRC was computed over the damage (zstd
// refuses it). Either is an error naming the pack, never a panic or other
// bytes.
func TestReadPackedDamagedFrame(t *testing.T) {
	original := bytes.Repeat([]byte("各级政府坚持依法行政，"), 300)
	good := compressFrame(original)

	dir := t.TempDir()
	path := filepath.Join(dir, packName(1))
	idx := packOfFrame(t, dir, good.data, good.sizes[0])
	if got, err := readPacked(dir, idx.Objects[0].loc(1, true)); err != nil || !bytes.Equal(got, original) {
		t.Fatalf("intact frame: %d bytes, %v", len(got), err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[int(idx.Objects[0].Off)+len(good.data)/2] ^= 0x55
	writeFile(t, path, data)
	_, err = readPacked(dir, idx.Objects[0].loc(1, true))
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("damaged bytes: %v, want a checksum error naming %s", err, path)
	}

	for i := range len(good.data) {
		for _, flip := range []byte{0x01, 0x80} {
			damaged := bytes.Clone(good.data)
			damaged[i] ^= flip
			dir := t.TempDir()
			idx := packOfFrame(t, dir, damaged, good.sizes[0])
			got, err := readPacked(dir, idx.Objects[0].loc(1, true))
			if err == nil {
				if !bytes.Equal(got, original) {
					t.Fatalf("byte %d ^ %#x: other bytes without an error", i, flip)
				}
				continue
			}
			if !strings.Contains(err.Error(), filepath.Join(dir, packName(1))) || !errors.Is(err, ErrDamaged) {
				t.Fatalf("byte %d ^ %#x: %v, want ErrDamaged naming the pack", i, flip, err)
			}
		}
	}
}

// FuzzReadPackedFrame stores arbitrary bytes as a frame, its CRC right, so
// that they reach the zstd decoder: reading the entry must fail with an
// error or return exactly the size the index gives, never panic.
func FuzzReadPackedFrame(f *testing.F) {
	record := []byte(`{"id":"0123456789abcdef","versions":[{"report":{"text":"坚持依法行政"}}]}` + "\n")
	joint := compressFrame([]byte(`{"text":"坚持依法行政"}`), record)
	f.Add(joint.data, joint.sizes[0]+joint.sizes[1])
	f.Add(joint.data[:len(joint.data)-1], joint.sizes[0]+joint.sizes[1])
	f.Add(joint.data, int64(3))
	big := compressFrame(bytes.Repeat([]byte{0}, 1<<20))
	f.Add(big.data, big.sizes[0])
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd}, int64(0))
	f.Add([]byte{}, int64(0))
	f.Fuzz(func(t *testing.T, data []byte, size int64) {
		if size < 0 || size > 4<<20 {
			size %= 4 << 20
			if size < 0 {
				size = -size
			}
		}
		dir := t.TempDir()
		pw, err := createPack(filepath.Join(dir, packName(1)))
		if err != nil {
			t.Fatal(err)
		}
		parts := pw.add(frame{data: data, sizes: []int64{size / 2, size - size/2}})
		pw.addObject("a", parts[0])
		pw.addRecord(&recordHead{ID: "0123456789abcdef"}, parts[1])
		if err := pw.finish(); err != nil {
			t.Fatal(err)
		}
		idx, err := readPackIndex(filepath.Join(dir, packName(1)))
		if err != nil {
			return
		}
		for _, e := range append(idx.Objects, idx.Records...) {
			got, err := readPacked(dir, e.loc(1, true))
			if err == nil && int64(len(got)) != e.Size {
				t.Fatalf("entry %s: %d bytes, the index says %d", e.Key, len(got), e.Size)
			}
		}
	})
}

// FuzzDecodeFrame is FuzzReadPackedFrame without the pack around the
// frame, so that the fuzzer reaches the decoder many times faster.
func FuzzDecodeFrame(f *testing.F) {
	joint := compressFrame([]byte(`{"text":"坚持依法行政"}`), []byte(`{"id":"0123456789abcdef"}`+"\n"))
	f.Add(joint.data, joint.sizes[0]+joint.sizes[1])
	big := compressFrame(bytes.Repeat([]byte("依法"), 1<<18))
	f.Add(big.data, big.sizes[0])
	f.Add(big.data[:len(big.data)/2], big.sizes[0])
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x01, 0x00, 0x00}, int64(0))
	f.Fuzz(func(t *testing.T, data []byte, size int64) {
		if size > 64<<20 {
			size %= 64 << 20 // keep the fuzzer's memory sane; the limit is tested above
		}
		out, err := decodeFrame(data, size)
		if err == nil && int64(len(out)) != size {
			t.Fatalf("%d bytes decoded, %d declared", len(out), size)
		}
	})
}
