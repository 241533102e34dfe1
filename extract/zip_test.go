package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"flag"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// zipUpdate rewrites the golden files of the package's tests; the other
// readers' tests look the flag up by name and share it.
var zipUpdate = flag.Bool("update", false, "rewrite the golden files with the current output")

// zipCheckGolden compares got with the golden file next to path, or
// rewrites it under -update.
func zipCheckGolden(t *testing.T, path, got string) {
	t.Helper()
	golden := strings.TrimSuffix(path, filepath.Ext(path)) + ".golden"
	if *zipUpdate {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s: the text differs from %s (go test -update rewrites it):\n%s", path, golden, zipLineDiff(string(want), got))
	}
}

// zipLineDiff shows the first lines where want and got differ.
func zipLineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 5; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want " + wl + "\n  got  " + gl + "\n")
			shown++
		}
	}
	return b.String()
}

// zipOf builds a zip of name, content pairs, deflated, in their order.
func zipOf(t testing.TB, pairs ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(pairs); i += 2 {
		w, err := zw.Create(pairs[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, pairs[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxOf builds a DOCX from its document body (inside w:body) and any
// further name, content pairs.
func docxOf(t testing.TB, body string, parts ...string) []byte {
	t.Helper()
	return zipOf(t, append([]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` +
		body + `</w:body></w:document>`}, parts...)...)
}

var (
	bombOnce sync.Once
	bombData []byte // a deflated document.xml of bombSize bytes
	bombCRC  uint32
)

const bombSize = 300 << 20

// zipBomb returns a DOCX whose word/document.xml expands to size bytes
// from a few hundred kilobytes; with lying, its headers declare 1,000.
func zipBomb(size int, lying bool) []byte {
	bombOnce.Do(func() {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestCompression)
		crc := crc32.NewIEEE()
		w := io.MultiWriter(fw, crc)
		chunk := []byte(strings.Repeat("<w:p/>", 1<<16/6))
		head := `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
		io.WriteString(w, head)
		for n := len(head); n < bombSize; {
			c := chunk[:min(len(chunk), bombSize-n)]
			w.Write(c)
			n += len(c)
		}
		fw.Close()
		bombData, bombCRC = buf.Bytes(), crc.Sum32()
	})
	if size != bombSize {
		panic("zipBomb makes one size")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: bombCRC,
		CompressedSize64: uint64(len(bombData)), UncompressedSize64: uint64(size)}
	if lying {
		h.UncompressedSize64 = 1000
	}
	w, _ := zw.CreateRaw(h)
	w.Write(bombData)
	zw.Close()
	return buf.Bytes()
}

// zipHugeText returns a DOCX with one text of n bytes: no markup for
// the XML decoder to stop at.
func zipHugeText(n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	io.WriteString(w, `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`)
	chunk := bytes.Repeat([]byte("法"), 1<<16/3)
	for written := 0; written < n; written += len(chunk) {
		w.Write(chunk)
	}
	io.WriteString(w, `</w:t></w:r></w:p></w:body></w:document>`)
	zw.Close()
	return buf.Bytes()
}

// zipManyEntries returns a DOCX of n entries, stored.
func zipManyEntries(n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store})
	io.WriteString(w, `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:body></w:document>`)
	for i := 1; i < n; i++ {
		zw.CreateHeader(&zip.FileHeader{Name: "word/media/image" + strconv.Itoa(i) + ".png", Method: zip.Store})
	}
	zw.Close()
	return buf.Bytes()
}

// isKind reports whether err is one of the package's error kinds, or the
// end of a context (which Extract turns into ErrTimeout).
func isKind(err error) bool {
	for _, k := range errKinds {
		if errors.Is(err, k.err) {
			return true
		}
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

func TestDetectZip(t *testing.T) {
	ofd, err := os.ReadFile("testdata/ofd/songxi-2023-jihua.ofd")
	if err != nil {
		t.Fatal(err)
	}
	truncated, err := os.ReadFile("testdata/hostile/truncated.docx")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want Format
	}{
		{"DOCX cut short", truncated, FormatDOCX},
		{"OFD cut short", ofd[:len(ofd)*2/3], FormatOFD},
		{"OFD.xml in lower case", zipOf(t, "ofd.xml", "<OFD/>"), FormatOFD},
		{"an insecure name beside the document", zipOf(t, "../../etc/passwd", "x", "word/document.xml", "<w:document/>"), FormatDOCX},
		{"another zip", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<office:document/>"), FormatUnknown},
		{"a local header cut in its name", []byte("PK\x03\x04" + strings.Repeat("\x00", 22) + "\x40\x00\x00\x00word/"), FormatUnknown},
		{"a zip signature and nothing", []byte("PK\x03\x04"), FormatUnknown},
	}
	for _, tt := range tests {
		if got := Detect(tt.data); got != tt.want {
			t.Errorf("%s: Detect = %q, want %q", tt.name, got, tt.want)
		}
	}
	if _, err := readDOCX(context.Background(), truncated, Limits{}.withDefaults()); !errors.Is(err, ErrCorrupt) {
		t.Errorf("truncated DOCX: error %v, want ErrCorrupt", err)
	}
}
