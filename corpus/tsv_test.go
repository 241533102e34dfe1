package corpus

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/lantai/lantai/internal/testcorpus"
)

// rowGoldenDoc is what a golden file records of a document: the report and
// how its original is served. The original bytes themselves are checked
// against the input by checkRowInvariants.
type rowGoldenDoc struct {
	MediaType     string `json:"media_type"`
	OriginalBytes int    `json:"original_bytes"`
	Report        Report `json:"report"`
}

// rowGoldenRead is the golden form of one Read call.
type rowGoldenRead struct {
	Docs   []rowGoldenDoc `json:"docs"`
	Errors []string       `json:"errors"`
}

func rowGolden(docs []Document, errs []error) rowGoldenRead {
	g := rowGoldenRead{Docs: []rowGoldenDoc{}, Errors: []string{}}
	for _, d := range docs {
		g.Docs = append(g.Docs, rowGoldenDoc{MediaType: d.MediaType, OriginalBytes: len(d.Original), Report: d.Report})
	}
	for _, e := range errs {
		g.Errors = append(g.Errors, e.Error())
	}
	return g
}

// readRowFixture reads testdata/file through Read under the source name name,
// checks the invariants every reader keeps, and compares the result with
// testdata/<golden>.golden.json.
func readRowFixture(t *testing.T, file, name, golden string) ([]Document, []error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := Read(name, data)
	checkRowInvariants(t, data, docs, errs)
	checkGolden(t, golden, rowGolden(docs, errs))
	return docs, errs
}

// checkRowInvariants checks what every reader promises whatever the
// input: each original is part of the input and hashed into SHA256, every
// string is valid UTF-8, section spans lie in the text on character
// boundaries, and every error is an *InputError naming its source.
func checkRowInvariants(t testing.TB, data []byte, docs []Document, errs []error) {
	t.Helper()
	pos := 0 // documents come in file order: search on from the last one
	for _, d := range docs {
		r := d.Report
		if i := bytes.Index(data[pos:], d.Original); i >= 0 {
			pos += i
		} else if !bytes.Contains(data, d.Original) {
			t.Errorf("%s: the original is not part of the input", r.Source)
		}
		if r.SHA256 != SHA256Hex(d.Original) {
			t.Errorf("%s: SHA256 %s is not the hash of the original", r.Source, r.SHA256)
		}
		if r.Source == "" || r.Format == "" || r.Encoding == "" || d.MediaType == "" {
			t.Errorf("%q: source, format, encoding or media type missing: %+v", r.Source, r)
		}
		fields := []string{r.Title, r.IndexNo, r.Agency, r.Catalog, r.DocNo, r.DocNoNorm, r.Date, r.Published, r.Source, r.URL, r.Text}
		fields = append(fields, r.Attachments...)
		for k, v := range r.Extra {
			fields = append(fields, k, v)
		}
		for _, s := range r.Sections {
			fields = append(fields, s.ID, s.Number, s.Heading, s.Text)
			if s.Start < 0 || s.Start > s.End || s.End > len(r.Text) {
				t.Errorf("%s: section %s spans [%d,%d) outside the text (%d bytes)", r.Source, s.ID, s.Start, s.End, len(r.Text))
				continue
			}
			if !utf8.ValidString(r.Text[s.Start:s.End]) {
				t.Errorf("%s: section %s span [%d,%d) cuts a character", r.Source, s.ID, s.Start, s.End)
			}
		}
		for _, f := range fields {
			if !utf8.ValidString(f) {
				t.Errorf("%s: invalid UTF-8 in %q", r.Source, f)
			}
		}
	}
	for _, err := range errs {
		var ie *InputError
		if !errors.As(err, &ie) || ie.Source == "" {
			t.Errorf("error %v is not an *InputError naming its source", err)
		}
		if !utf8.ValidString(err.Error()) {
			t.Errorf("error message is not valid UTF-8: %q", err.Error())
		}
	}
}

func TestReadTSVGolden(t *testing.T) {
	docs, errs := readRowFixture(t, "national-like.tsv", "national-like.tsv", "tsv-national-like")
	if len(docs) != 3 || len(errs) != 0 {
		t.Fatalf("got %d documents and errors %v, want 3 and none", len(docs), errs)
	}
	want := []struct {
		title, date, source string
		year                int
	}{
		{"2031年政府工作报告", "2031-03-05", "national-like.tsv#1", 2031},
		{"2030年政府工作报告", "", "national-like.tsv#2", 2030},
		{"2029年政府工作报告", "2029-03-05", "national-like.tsv#3", 2029},
	}
	for i, w := range want {
		r := docs[i].Report
		if r.Title != w.title || r.Date != w.date || r.Source != w.source || r.Year != w.year || r.Agency != "国务院" {
			t.Errorf("document %d: got %q %q %q %d %q, want %q %q %q %d 国务院", i, r.Title, r.Date, r.Source, r.Year, r.Agency, w.title, w.date, w.source, w.year)
		}
	}
	if got := docs[0].Report.Text; !strings.Contains(got, "\n一、2030年工作回顾\n") {
		t.Errorf("TABs were not turned into line breaks: %q", got)
	}
}

// TestReadTSVBySniffing checks that a TSV collection saved as .txt (as the
// national set is) is still read as one report per line.
func TestReadTSVBySniffing(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "national-like.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if !looksLikeTSV(string(data)) {
		t.Fatal("looksLikeTSV is false for a TSV collection")
	}
	docs, errs := Read("reports.txt", data)
	if len(docs) != 3 || len(errs) != 0 || docs[0].Report.Format != FormatTSV {
		t.Fatalf("got %d documents, errors %v; want 3 TSV documents", len(docs), errs)
	}
}

func TestLooksLikeTSV(t *testing.T) {
	tests := []struct {
		name, text string
		want       bool
	}{
		{"collection", "2031\t各位代表：\n2030\t各位代表：\n", true},
		{"leading blank lines", "\n\n2031\t正文\n", true},
		{"one bad row in ten", "2031\ta\n2030\tb\n2029\tc\n2028\td\nx\n2027\te\n", true},
		{"plain report", "清河县2031年政府工作报告\n2031\t年\n", false},
		{"year without tab", "2031年政府工作报告\n", false},
		{"mostly bad", "2031\ta\nb\nc\nd\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := looksLikeTSV(tt.text); got != tt.want {
			t.Errorf("%s: looksLikeTSV = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestReadTSVBadRows(t *testing.T) {
	data := []byte("2031\t各位代表：现在，我代表国务院，向大会报告政府工作。\n不是年份\t正文\n\n2030\t \t\n2029\r\n2028\t清河县2028年工作要点。其他内容。\r\n")
	docs, errs := Read("rows.tsv", data)
	checkRowInvariants(t, data, docs, errs)
	if len(docs) != 2 {
		t.Fatalf("got %d documents, want 2 (rows 1 and 6)", len(docs))
	}
	if got := docs[1].Report; got.Source != "rows.tsv#6" || got.Title != "清河县2028年工作要点" || got.Agency != "" {
		t.Errorf("row 6: source %q title %q agency %q; want rows.tsv#6, the first sentence, no agency", got.Source, got.Title, got.Agency)
	}
	if string(docs[1].Original) != "2028\t清河县2028年工作要点。其他内容。" {
		t.Errorf("row 6 original %q keeps its line end", docs[1].Original)
	}
	wantErrs := []string{"rows.tsv#2: the line does not start", "rows.tsv#4: the line has a year but no report text", "rows.tsv#5: the line does not start"}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors %v, want %d", errs, len(wantErrs))
	}
	for i, w := range wantErrs {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want prefix %q", i, errs[i], w)
		}
	}
}

func TestReadTSVGB18030(t *testing.T) {
	line := "2031\t2031年政府工作报告——2031年3月5日在第十六届全国人民代表大会第二次会议上\t国务院总理　王明远\t各位代表：\t一、过去一年工作回顾"
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(line + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := Read("gb.tsv", gb)
	checkRowInvariants(t, gb, docs, errs)
	if len(docs) != 1 || len(errs) != 0 {
		t.Fatalf("got %d documents, errors %v", len(docs), errs)
	}
	d := docs[0]
	if d.Report.Encoding != EncodingGB18030 || d.MediaType != "text/tab-separated-values; charset=gb18030" {
		t.Errorf("encoding %q media type %q", d.Report.Encoding, d.MediaType)
	}
	if !bytes.Equal(d.Original, bytes.TrimSuffix(gb, []byte("\n"))) || d.Report.Title != "2031年政府工作报告" {
		t.Errorf("original %d bytes, title %q", len(d.Original), d.Report.Title)
	}
}

func TestTSVTitleAndDateline(t *testing.T) {
	tests := []struct {
		text, title, date string
	}{
		{"1954年政府工作报告——1954年9月23日在第一届全国人民代表大会第一次会议上", "1954年政府工作报告", "1954-09-23"},
		{"2006年政 府 工 作 报 告\n\n——2006年3月5日在会议上", "2006年政府工作报告", "2006-03-05"},
		{"政府工作报告\n——２０１０年３月５日在会议上", "2010年政府工作报告", "2010-03-05"},
		{"1998年政府工作报告　　——1 9 9 8 年3 月5 日在会议上", "1998年政府工作报告", "1998-03-05"},
		{"1981年政府工作报告　　当前的经济形势——1981年11月30日和12月1日在会议上", "1981年政府工作报告", "1981-11-30"},
		{"3月5日，总理作《政府工作报告》。　　各位代表：", "2010年政府工作报告", ""},
		{"清河县关于春耕的通知。正文", "清河县关于春耕的通知", ""},
	}
	for _, tt := range tests {
		if got := tsvTitle(tt.text, 2010); got != tt.title {
			t.Errorf("tsvTitle(%q) = %q, want %q", tt.text, got, tt.title)
		}
		if got := tsvDateline(tt.text); got != tt.date {
			t.Errorf("tsvDateline(%q) = %q, want %q", tt.text, got, tt.date)
		}
	}
}

// TestReadTSVRealCorpus reads the national 政府工作报告 collection.
func TestReadTSVRealCorpus(t *testing.T) {
	path := filepath.Join(testcorpus.Dir(t), "gov-work-reports-national", "gov_reports1954-2022.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := Read("gov-work-reports-national/gov_reports1954-2022.txt", data)
	checkRowInvariants(t, data, docs, errs)
	if len(docs) != 53 || len(errs) != 0 {
		t.Fatalf("got %d documents and %d errors (%v), want 53 and 0", len(docs), len(errs), errs)
	}
	years := make(map[int]bool)
	var dated, sectioned int
	for _, d := range docs {
		r := d.Report
		years[r.Year] = true
		if r.Agency != "国务院" || !strings.Contains(r.Title, "政府工作报告") || r.Format != FormatTSV {
			t.Errorf("%s: agency %q title %q format %q", r.Source, r.Agency, r.Title, r.Format)
		}
		if !bytes.HasPrefix(d.Original, []byte(strconv.Itoa(r.Year)+"\t")) {
			t.Errorf("%s: original does not start with its year %d", r.Source, r.Year)
		}
		if r.Date != "" {
			dated++
			if r.Date[:4] != strconv.Itoa(r.Year) {
				t.Errorf("%s: date %s is not in year %d", r.Source, r.Date, r.Year)
			}
		}
		if len(r.Sections) > 0 {
			sectioned++
		}
	}
	if len(years) != 53 {
		t.Errorf("%d distinct years, want 53", len(years))
	}
	if dated < 40 || sectioned < 45 {
		t.Errorf("%d reports dated, %d with sections; want at least 40 and 45", dated, sectioned)
	}
}

// fuzzRead reads data under name and checks the invariants every reader
// keeps; it is the body of the reader fuzz tests.
func fuzzRead(t *testing.T, name string, data []byte) {
	docs, errs := Read(name, data)
	checkRowInvariants(t, data, docs, errs)
}

// addFuzzFixtures seeds f with the named testdata files.
func addFuzzFixtures(f *testing.F, files ...string) {
	for _, file := range files {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzReadTSV(f *testing.F) {
	addFuzzFixtures(f, "national-like.tsv")
	f.Add([]byte("2031\t\t\n1\t2\n20311\tx\n"))
	f.Add([]byte("2031\t政府工作报告——２０３１年１３月５日\t一、\t（一）"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.tsv", data) })
}
