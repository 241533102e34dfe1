package extract

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/internal/textmetric"
)

// The DOC fixtures are made by testdata/doc/gen.go from the .txt reports
// beside them; their goldens are this reader's output, rewritten with
// -update.

func init() {
	// Other tests of the package may define -update too; share it.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files with the current output")
	}
}

func docUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// docFixtures are the readable fixtures: file, the report it was made
// from, and its golden.
var docFixtures = []struct{ file, source, golden string }{
	{"fazhi.doc", "fazhi.txt", "fazhi.golden"}, // a table, hyperlinks, header and footer fields
	{"fazhi.wps", "fazhi.txt", "fazhi.golden"}, // the same bytes under a WPS name
	{"waizi.doc", "waizi.txt", "waizi.golden"}, // 8-bit and UTF-16 pieces in turn
	{"xinxi.doc", "xinxi.txt", "xinxi.golden"}, // 114 KB of text, 241 PAPX FKPs, 40 tables
}

func docRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDOCGolden(t *testing.T) {
	for _, fx := range docFixtures {
		t.Run(fx.file, func(t *testing.T) {
			dir := filepath.Join("testdata", "doc")
			data := docRead(t, filepath.Join(dir, fx.file))
			if f := Detect(data); f != FormatDOC {
				t.Fatalf("Detect = %q, want %q", f, FormatDOC)
			}
			res, err := Extract(context.Background(), fx.file, data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != FormatDOC {
				t.Errorf("Format = %q", res.Format)
			}
			src := string(docRead(t, filepath.Join(dir, fx.source)))
			if title, _, _ := strings.Cut(src, "\n"); res.Title != title {
				t.Errorf("Title = %q, want %q", res.Title, title)
			}
			golden := filepath.Join(dir, fx.golden)
			if docUpdating() && strings.HasSuffix(fx.file, ".doc") {
				if err := os.WriteFile(golden, []byte(res.Text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if want := string(docRead(t, golden)); res.Text != want {
				t.Errorf("text differs from %s (run with -update to accept):\n%s", golden, docFirstDiff(res.Text, want))
			}
		})
	}
}

// docFirstDiff shows the first line where got and want differ.
func docFirstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got  %q\n want %q", i+1, gl, wl)
		}
	}
	return ""
}

// TestDOCFidelity compares the text with the report it was made from: the
// same characters (F1 over the multiset of non-space runes), the same
// level-1 headings, table rows as tab-separated lines, and nothing of
// field codes, page headers, footers or tracked deletions.
func TestDOCFidelity(t *testing.T) {
	for _, fx := range docFixtures {
		t.Run(fx.file, func(t *testing.T) {
			dir := filepath.Join("testdata", "doc")
			data := docRead(t, filepath.Join(dir, fx.file))
			res, err := Extract(context.Background(), fx.file, data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			// gen.go's tracked deletion: in the file, not in the text.
			const deletion = "（旧稿：此处删去的表述不应出现在正文中。）"
			if !bytes.Contains(data, docPieceText(deletion)) {
				t.Errorf("the fixture lacks its tracked deletion")
			}
			if strings.Contains(res.Text, "旧稿") {
				t.Errorf("text holds the tracked deletion")
			}
			src := string(docRead(t, filepath.Join(dir, fx.source)))
			if f1 := textmetric.CharF1(src, res.Text); f1 < 0.99 {
				t.Errorf("character F1 = %.4f, want ≥ 0.99", f1)
			}
			got, want := docHeadings(res.Text), docHeadings(src)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("level-1 headings:\n got %q\nwant %q", got, want)
			}
			if len(want) < 3 {
				t.Errorf("the source has %d level-1 headings; the fixture should test more", len(want))
			}
			for _, bad := range []string{"HYPERLINK", "PAGE", "NUMPAGES", "政务公开专用页眉", "共1页"} {
				if strings.Contains(res.Text, bad) {
					t.Errorf("text holds %q (a field code, header or footer)", bad)
				}
			}
			gotLines := map[string]bool{}
			for _, l := range strings.Split(res.Text, "\n") {
				gotLines[l] = true
			}
			for _, l := range strings.Split(src, "\n") {
				if strings.Contains(l, "\t") && !gotLines[l] {
					t.Errorf("table row %q is not a line of the text", l)
				}
			}
		})
	}
}

// docHeadings lists the level-1 sections of text, number and heading.
func docHeadings(text string) []string {
	var hs []string
	for _, s := range corpus.ParseSections(text) {
		if s.Level == 1 {
			hs = append(hs, s.Number+s.Heading)
		}
	}
	return hs
}

// TestDOCHostile runs the files the reader must refuse: each fails with
// the right error, names the file, and fails fast.
func TestDOCHostile(t *testing.T) {
	tests := []struct {
		file string
		want error
	}{
		{"doc-truncated.doc", ErrCorrupt},
		{"doc-garbage.doc", ErrCorrupt},
		{"doc-huge-stream.doc", ErrCorrupt},
		{"doc-clx-past-stream.doc", ErrCorrupt},
		{"doc-ccp-past-pieces.doc", ErrCorrupt},
		{"doc-piece-past-stream.doc", ErrCorrupt},
		{"doc-fkp-past-stream.doc", ErrCorrupt},
		{"doc-no-table-stream.doc", ErrCorrupt},
		{"doc-encrypted-flag.doc", ErrEncrypted},
		{"doc-encrypted-password.doc", ErrEncrypted},
		{"doc-encrypted-ooxml.doc", ErrEncrypted},
		{"doc-word95.doc", ErrUnsupported},
		{"doc-spreadsheet.doc", ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := docRead(t, filepath.Join("testdata", "hostile", tt.file))
			name := "attachments/" + tt.file
			start := time.Now()
			_, err := Extract(context.Background(), name, data, Limits{})
			took := time.Since(start)
			t.Logf("%s: %v (%s)", tt.file, err, took)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Name != name || !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name %s", err, name)
			}
			if e != nil && e.Format != FormatDOC {
				t.Errorf("Format = %q, want %q", e.Format, FormatDOC)
			}
			if took > 2*time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
}

// TestDOCLimits checks that the text, the stream sizes and the deadline
// bound a reading.
func TestDOCLimits(t *testing.T) {
	data := docRead(t, filepath.Join("testdata", "doc", "xinxi.doc"))
	tests := []struct {
		name string
		lim  Limits
		want error
	}{
		{"text", Limits{MaxTextBytes: 10000}, ErrTooLarge},
		{"streams", Limits{MaxExpandedBytes: 100000}, ErrTooLarge},
		{"deadline", Limits{Timeout: time.Nanosecond}, ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Extract(context.Background(), "xinxi.doc", data, tt.lim); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// docPieceText is the UTF-16 of s.
func docPieceText(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// TestDOCCharacters feeds the text decoder pieces of Word's control
// characters and 8-bit bytes.
func TestDOCCharacters(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs and breaks", "一、总体情况\r正文\v续行\f第二节\r", "一、总体情况\n正文\n续行\n第二节"},
		{"field result kept, code dropped", "第\x13 PAGE \x14" + "3\x15页\r", "第3页"},
		{"nested fields", "见\x13 HYPERLINK \"u\" \x14网站\x13 PAGE \x14" + "2\x15\x15。", "见网站2。"},
		{"field without result", "甲\x13 TC \"x\" \x15乙", "甲乙"},
		{"stray separators", "甲\x14乙\x15丙", "甲乙丙"},
		{"objects and hyphens", "图\x01表\x08非\x1E断\x1F字", "图表非-断字"},
		{"surrogate pair", "𠀋字\r", "𠀋字"},
		{"cells without row marks", "甲\a乙\a", "甲\t乙"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			word := docPieceText(tt.in)
			n := uint32(len(utf16.Encode([]rune(tt.in))))
			got, err := docMainText(context.Background(), word, []docPiece{{0, n, 0, false}}, n, &docWriter{max: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}

	// An 8-bit piece: the bytes [MS-DOC] 2.4.1 remaps, and one it keeps.
	word := []byte("\x93quoted\x94 \x96 \x85 caf\xe9 \x80\r")
	n := uint32(len(word))
	got, err := docMainText(context.Background(), word, []docPiece{{0, n, 0, true}}, n, &docWriter{max: 1 << 20})
	if want := "“quoted” – … café \u0080"; err != nil || got != want {
		t.Errorf("8-bit piece: got %q, %v; want %q", got, err, want)
	}

	// A row's last cell mark is a row end when its paragraph is a TTP.
	word = docPieceText("甲\a乙\a\a丙\a丁\a\a")
	rows := docRuns{{8, 10}, {18, 20}} // the row marks' bytes
	got, err = docMainText(context.Background(), word, []docPiece{{0, 10, 0, false}}, 10, &docWriter{rows: rows, max: 1 << 20})
	if want := "甲\t乙\n丙\t丁"; err != nil || got != want {
		t.Errorf("table: got %q, %v; want %q", got, err, want)
	}

	// A tracked deletion is left out, paragraph mark and all.
	word = docPieceText("甲乙\r删除\r丙")
	deleted := docRuns{{6, 12}} // 删除 and its paragraph mark
	got, err = docMainText(context.Background(), word, []docPiece{{0, 7, 0, false}}, 7, &docWriter{deleted: deleted, max: 1 << 20})
	if want := "甲乙\n丙"; err != nil || got != want {
		t.Errorf("deletion: got %q, %v; want %q", got, err, want)
	}

	// Field begins without end: refused once past any real nesting.
	word = docPieceText(strings.Repeat("\x13", docMaxFieldDepth+1))
	n = docMaxFieldDepth + 1
	if _, err := docMainText(context.Background(), word, []docPiece{{0, n, 0, false}}, n, &docWriter{max: 1 << 20}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("deep fields: err = %v, want ErrCorrupt", err)
	}
}

// TestDOCSprms walks property runs: sizes of every operand kind, the
// special ones, and a truncated one.
func TestDOCSprms(t *testing.T) {
	le := binary.LittleEndian
	var g []byte
	g = le.AppendUint16(g, 0x2403) // sprmPJc80, 1 byte
	g = append(g, 1)
	g = le.AppendUint16(g, 0x840F) // sprmPDxaLeft80, 2 bytes
	g = append(g, 0, 0)
	g = le.AppendUint16(g, 0x6412) // sprmPDyaLine, 4 bytes
	g = append(g, 0, 0, 0, 0)
	g = le.AppendUint16(g, sprmTDefTable) // cb of 5: 4 more bytes
	g = append(g, 5, 0, 0x24, 0x17, 1, 0)
	g = le.AppendUint16(g, sprmPChgTabs) // cb 255: 1 deletion, 1 addition
	g = append(g, 255, 1, 0, 0, 0, 0, 1, 0, 0, 0)
	g = le.AppendUint16(g, 0xE601) // spra 7, 3 bytes
	g = append(g, 0x24, 0x17, 1)
	g = le.AppendUint16(g, sprmPFTtp)
	g = append(g, 1)
	if v, ok := docSprmByte(g, sprmPFTtp); !ok || v != 1 {
		t.Errorf("sprmPFTtp = %d, %v; want 1 (an operand mistaken for a sprm?)", v, ok)
	}
	if _, ok := docSprmByte(g[:len(g)-1], sprmPFTtp); ok {
		t.Error("a sprm without its operand was read")
	}
	trunc := le.AppendUint16(nil, sprmTDefTable)
	trunc = append(trunc, 0xFF, 0xFF, 0x17, 0x24)
	if _, ok := docSprmByte(append(trunc, 0x17, 0x24, 1), sprmPFTtp); ok {
		t.Error("read past an operand larger than the properties")
	}

	// One ChpxFkp page: two runs, the second deleted.
	fkp := make([]byte, 512)
	for i, fc := range []uint32{100, 110, 120} {
		le.PutUint32(fkp[4*i:], fc)
	}
	fkp[511] = 2
	fkp[12], fkp[13] = 0, 200 // the first run has no properties; the second's at byte 400
	fkp[400] = 3
	le.PutUint16(fkp[401:], sprmCFRMarkDel)
	fkp[403] = 1
	runs, err := docFKP(fkp, false, func(g []byte) bool { v, ok := docSprmByte(g, sprmCFRMarkDel); return ok && v == 1 }, nil)
	if err != nil || len(runs) != 1 || runs[0] != [2]uint32{110, 120} {
		t.Errorf("CHPX runs = %v, %v", runs, err)
	}
	if !runs.has(110) || !runs.has(119) || runs.has(120) || runs.has(109) {
		t.Error("docRuns.has is wrong at the bounds")
	}
	fkp[13], fkp[500] = 250, 0xFF // properties at byte 500 running past the page
	if _, err := docFKP(fkp, false, func([]byte) bool { return true }, nil); err == nil {
		t.Error("properties past the page were read")
	}
}

// docPropertySet builds a SummaryInformation stream holding a code page
// and a title of the given type, count (its length, or a vector's size)
// and bytes.
func docPropertySet(codePage uint16, titleType uint16, count uint32, title []byte) []byte {
	le := binary.LittleEndian
	var b []byte
	b = le.AppendUint16(b, 0xFFFE)
	b = le.AppendUint16(b, 0)
	b = le.AppendUint32(b, 0x00020006)
	b = append(b, make([]byte, 16)...) // CLSID
	b = le.AppendUint32(b, 1)
	fmtid := []byte{0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9}
	b = append(b, fmtid...)
	b = le.AppendUint32(b, 48)
	var props []byte
	props = le.AppendUint32(props, 2) // VT_I2
	props = le.AppendUint16(props, codePage)
	props = le.AppendUint16(props, 0)
	titleAt := len(props)
	props = le.AppendUint32(props, uint32(titleType))
	props = le.AppendUint32(props, count)
	props = append(props, title...)
	for len(props)%4 != 0 {
		props = append(props, 0)
	}
	var set []byte
	set = le.AppendUint32(set, uint32(8+16+len(props)))
	set = le.AppendUint32(set, 2)
	set = le.AppendUint32(set, 1) // PID_CODEPAGE
	set = le.AppendUint32(set, 8+16)
	set = le.AppendUint32(set, 2) // PIDSI_TITLE
	set = le.AppendUint32(set, uint32(8+16+titleAt))
	return append(append(b, set...), props...)
}

func TestDOCTitle(t *testing.T) {
	gbk := []byte{0xD4, 0xC6, 0xCF, 0xAA, 0xC7, 0xF8, 0xB1, 0xA8, 0xB8, 0xE6, 0} // 云溪区报告 in GBK
	if got := oleTitle(docPropertySet(936, 0x1E, uint32(len(gbk)), gbk)); got != "云溪区报告" {
		t.Errorf("GBK title = %q", got)
	}
	utf := []byte("云溪区报告\x00")
	if got := oleTitle(docPropertySet(65001, 0x1E, uint32(len(utf)), utf)); got != "云溪区报告" {
		t.Errorf("UTF-8 title = %q", got)
	}
	// Without a terminating NUL, where msoleps's own String would panic.
	if got := oleTitle(docPropertySet(1252, 0x1E, 6, []byte("Report"))); got != "Report" {
		t.Errorf("1252 title = %q", got)
	}
	// A vector of four billion titles: refused before msoleps allocates it.
	if got := oleTitle(docPropertySet(1252, 0x101E, 0xFFFFFFF0, []byte("Report"))); got != "" {
		t.Errorf("vector title = %q", got)
	}
	// A property table longer than the stream.
	short := docPropertySet(1252, 0x1E, 6, []byte("Report"))
	binary.LittleEndian.PutUint32(short[52:], 0x7FFFFFFF)
	if got := oleTitle(short); got != "" {
		t.Errorf("short stream title = %q", got)
	}
}

// FuzzDOC runs the reader on mutations of the fixtures: it must not
// panic, and it returns bounded, valid text or one of the Err* values.
func FuzzDOC(f *testing.F) {
	for _, pattern := range []string{"testdata/doc/*.doc", "testdata/doc/*.wps", "testdata/hostile/doc-*.doc"} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			f.Add(docRead(f, p))
		}
	}
	lim := Limits{MaxTextBytes: 1 << 20, MaxExpandedBytes: 8 << 20, Timeout: 5 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, oleMagic) {
			return
		}
		res, err := Extract(context.Background(), "fuzz.doc", data, lim)
		if err != nil {
			for _, e := range []error{ErrCorrupt, ErrEncrypted, ErrUnsupported, ErrTooLarge, ErrTimeout} {
				if errors.Is(err, e) {
					return
				}
			}
			t.Fatalf("error %v is none of the Err* values", err)
		}
		if len(res.Text) > lim.MaxTextBytes || !utf8.ValidString(res.Text) || !utf8.ValidString(res.Title) {
			t.Fatalf("text of %d bytes, valid UTF-8 %v", len(res.Text), utf8.ValidString(res.Text))
		}
	})
}
