//go:build cgo && !nocgo && (linux || darwin)

package extract

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/internal/textmetric"
)

// The PDF fixtures are made by internal/mkpdf from the .txt reports
// beside them (go run ./internal/mkpdf in this directory); their goldens
// are this reader's output, rewritten with -update.

func init() {
	// Other tests of the package may define -update too; share it.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files with the current output")
	}
}

func pdfUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// pdfFixtures are the readable PDFs, each with the report it was made
// from and the metadata its layout shows.
var pdfFixtures = []struct {
	file, source       string
	title, docNo, date string
}{
	// Chromium's print to PDF: Noto CJK as Type 3 fonts with ToUnicode,
	// a CSS running header and - N - / N/M footers.
	{"qinghe-2023-xxgk-chromium.pdf", "qinghe-2023-xxgk.txt", "青禾县2023年政府信息公开工作年度报告", "青府办函〔2024〕6号", "2024-01-26"},
	{"minghu-2022-fazhi-chromium.pdf", "minghu-2022-fazhi.txt", "丰溪市明湖区人民政府关于2022年度法治政府建设情况的报告", "明政〔2023〕8号", "2023-03-20"},
	// LibreOffice: embedded CFF subsets with ToUnicode, justified lines
	// with hanging punctuation, 第 N 页 共 M 页 / — N — footers.
	{"qinghe-2023-xxgk-libreoffice.pdf", "qinghe-2023-xxgk.txt", "青禾县2023年政府信息公开工作年度报告", "青府办函〔2024〕6号", "2024-01-26"},
	{"minghu-2022-fazhi-libreoffice.pdf", "minghu-2022-fazhi.txt", "丰溪市明湖区人民政府关于2022年度法治政府建设情况的报告", "明政〔2023〕8号", "2023-03-20"},
	// STSong-Light not embedded, no ToUnicode: GBK-EUC-H and
	// UniGB-UCS2-H CMaps; then the same with an owner password that
	// forbids copying.
	{"gbk-cmap-handmade.pdf", "gbk-cmap.txt", "白鹭镇2023年度安全生产工作情况报告", "", "2024-01-15"},
	{"gbk-cmap-ownerpw.pdf", "gbk-cmap.txt", "白鹭镇2023年度安全生产工作情况报告", "", "2024-01-15"},
	// Its pages under /Rotate 90 and 180.
	{"gbk-cmap-rotated.pdf", "gbk-cmap.txt", "白鹭镇2023年度安全生产工作情况报告", "", "2024-01-15"},
}

func pdfRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pdfGolden is what a golden file holds: the metadata, then the text.
func pdfGolden(res Result) string {
	return fmt.Sprintf("pages: %d\ntitle: %s\ndoc_no: %s\ndate: %s\n\n%s\n", res.Pages, res.Title, res.DocNo, res.Date, res.Text)
}

func TestPDFGolden(t *testing.T) {
	for _, fx := range pdfFixtures {
		t.Run(fx.file, func(t *testing.T) {
			dir := filepath.Join("testdata", "pdf")
			res, err := Extract(context.Background(), fx.file, pdfRead(t, filepath.Join(dir, fx.file)), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			got := pdfGolden(res)
			golden := filepath.Join(dir, strings.TrimSuffix(fx.file, ".pdf")+".golden")
			if pdfUpdating() {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if want := string(pdfRead(t, golden)); got != want {
				t.Errorf("output differs from %s (go test -run TestPDFGolden -update to accept)\n got: %.300q\nwant: %.300q", golden, got, want)
			}
		})
	}
}

// TestPDFMatchesSource holds the extracted text to the report it was made
// from: character F1 ≥ 0.99, the same level-1 sections, the metadata.
func TestPDFMatchesSource(t *testing.T) {
	for _, fx := range pdfFixtures {
		t.Run(fx.file, func(t *testing.T) {
			dir := filepath.Join("testdata", "pdf")
			source := string(pdfRead(t, filepath.Join(dir, fx.source)))
			res, err := Extract(context.Background(), fx.file, pdfRead(t, filepath.Join(dir, fx.file)), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if f := textmetric.CharF1(source, res.Text); f < 0.99 {
				t.Errorf("character F1 %.4f < 0.99", f)
			}
			got, want := pdfLevel1(res.Text), pdfLevel1(source)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("level-1 sections\n got %q\nwant %q", got, want)
			}
			if res.Title != fx.title || res.DocNo != fx.docNo || res.Date != fx.date {
				t.Errorf("metadata %q %q %q, want %q %q %q", res.Title, res.DocNo, res.Date, fx.title, fx.docNo, fx.date)
			}
			if res.Format != FormatPDF {
				t.Errorf("format %q", res.Format)
			}
		})
	}
}

// pdfLevel1 is the numbers and headings of the level-1 sections the section
// parser finds in text.
func pdfLevel1(text string) []string {
	var out []string
	for _, s := range corpus.ParseSections(text) {
		if s.Level == 1 {
			out = append(out, s.Number+s.Heading)
		}
	}
	return out
}

// pdfBuild is a PDF of objs, numbered from 1, the first the catalog.
func pdfBuild(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pdfStream is a stream object of dict's entries and data.
func pdfStream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

const pdfHelvetica = "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"

// pdfTiny is a valid PDF of n pages that all show the one content stream.
func pdfTiny(n int, content string) []byte {
	var kids strings.Builder
	for i := range n {
		fmt.Fprintf(&kids, "%d 0 R ", 5+i)
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, kids.String()),
		pdfStream("", content),
		pdfHelvetica,
	}
	for range n {
		objs = append(objs, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 4 0 R /Contents 3 0 R >>")
	}
	return pdfBuild(objs...)
}

// pdfTextBomb is 60 KB whose one page draws ten million characters: a
// form of a thousand lines of text, drawn a thousand times.
func pdfTextBomb() []byte {
	var form, page strings.Builder
	form.WriteString("BT /F1 1 Tf 10 800 Td ")
	for range 1000 {
		form.WriteString("(abcdefghij) Tj 0 -0.7 Td ")
	}
	form.WriteString("ET")
	for i := range 1000 {
		fmt.Fprintf(&page, "q 1 0 0 1 %.1f 0 cm /X Do Q ", float64(i)/2)
	}
	return pdfBuild(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 5 0 R >> >> /Contents 4 0 R >>",
		pdfStream("", page.String()),
		pdfStream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources "+pdfHelvetica, form.String()),
	)
}

// pdfHostileFile is a file the reader must refuse and its error: a file
// in testdata/hostile, or one data makes.
type pdfHostileFile struct {
	name string
	data func() []byte
	want error
}

func (h *pdfHostileFile) bytes(t testing.TB) []byte {
	if h.data != nil {
		return h.data()
	}
	return pdfRead(t, filepath.Join("testdata", "hostile", h.name))
}

var pdfHostile = []pdfHostileFile{
	{"encrypted.pdf", nil, ErrEncrypted}, // a user password (qpdf --encrypt, AES-256)
	{"truncated.pdf", nil, ErrCorrupt},   // the first half of a LibreOffice fixture
	{"scan.pdf", nil, ErrNoTextLayer},    // a page image and no text (img2pdf)
	{"bomb.pdf", nil, ErrTooLarge},       // 4.7 KB whose content stream inflates to 1 GiB
	{"garbage.pdf", nil, ErrCorrupt},     // %PDF-1.7 and then noise
	{"pages-5000.pdf", func() []byte { // 5,000 pages in 0.7 MB
		return pdfTiny(5000, "BT /F1 12 Tf 72 720 Td (A page) Tj ET")
	}, ErrTooLarge},
	{"text-bomb.pdf", pdfTextBomb, ErrTooLarge}, // ten million characters from 60 KB
	{"empty-pages.pdf", func() []byte { // pages with nothing drawn
		return pdfTiny(3, "")
	}, ErrNoTextLayer},
	{"page-numbers-only.pdf", func() []byte { // a footer is no text layer
		return pdfTiny(2, "BT /F1 10 Tf 290 40 Td (- 1 -) Tj ET")
	}, ErrNoTextLayer},
	{"negative-count.pdf", func() []byte { // a page tree that counts -3 pages
		return bytes.Replace(pdfTiny(1, ""), []byte("/Count 1 "), []byte("/Count -3 "), 1)
	}, ErrCorrupt},
	{"pubsec.pdf", func() []byte { // encrypted for a certificate, which MuPDF cannot open
		return bytes.Replace(pdfTiny(1, "BT /F1 12 Tf 72 720 Td (Hello) Tj ET"), []byte("/Root 1 0 R >>"),
			[]byte("/Root 1 0 R /Encrypt << /Filter /Adobe.PubSec /V 4 /R 4 /Recipients [<00>] >> /ID [<00><00>] >>"), 1)
	}, ErrEncrypted},
	{"header-only.pdf", func() []byte { // nor is %PDF- and nothing
		return []byte("%PDF-1.7\n")
	}, ErrCorrupt},
}

// TestPDFHostile: each hostile file gives its error, as an *Error naming
// the file, well within the time limit.
func TestPDFHostile(t *testing.T) {
	for i := range pdfHostile {
		h := &pdfHostile[i]
		t.Run(h.name, func(t *testing.T) {
			data := h.bytes(t)
			name := "attachments/" + h.name
			start := time.Now()
			_, err := Extract(context.Background(), name, data, Limits{})
			elapsed := time.Since(start)
			if !errors.Is(err, h.want) {
				t.Fatalf("error %v, want %v", err, h.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Name != name || e.Format != FormatPDF || !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name the file as a PDF", err)
			}
			if elapsed > 10*time.Second {
				t.Errorf("took %s", elapsed)
			}
			t.Logf("%s in %s", err, elapsed.Round(time.Millisecond))
		})
	}
}

// TestPDFIsolatedHostile runs the hostile files in a child process, as
// ingest does, and bounds the child's peak RSS. The test binary is the
// worker (TestMain calls WorkerMain).
func TestPDFIsolatedHostile(t *testing.T) {
	if os.Getenv(workerEnv) != "" {
		t.Skip("a worker that runs tests has no TestMain calling WorkerMain; not starting another")
	}
	for i := range pdfHostile {
		h := &pdfHostile[i]
		t.Run(h.name, func(t *testing.T) {
			_, stats, err := IsolatedStats(context.Background(), h.name, h.bytes(t), Limits{})
			if !errors.Is(err, h.want) || !strings.Contains(fmt.Sprint(err), h.name) {
				t.Fatalf("error %v, want %v naming the file", err, h.want)
			}
			if stats.PeakRSS > 200<<20 || stats.Elapsed > 10*time.Second {
				t.Errorf("child peak RSS %d MiB, %s", stats.PeakRSS>>20, stats.Elapsed)
			}
			t.Logf("%s: child peak RSS %d MiB in %s", err, stats.PeakRSS>>20, stats.Elapsed.Round(time.Millisecond))
		})
	}
}

// TestPDFLimits: each bound of Limits stops the reader with its error.
func TestPDFLimits(t *testing.T) {
	data := pdfRead(t, filepath.Join("testdata", "pdf", "qinghe-2023-xxgk-libreoffice.pdf"))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		lim  Limits
		want error
	}{
		{"pages", context.Background(), Limits{MaxPages: 5}, ErrTooLarge},
		{"text", context.Background(), Limits{MaxTextBytes: 4 << 10}, ErrTooLarge},
		{"expanded", context.Background(), Limits{MaxExpandedBytes: 64 << 10}, ErrTooLarge},
		{"timeout", context.Background(), Limits{Timeout: time.Microsecond}, ErrTimeout},
		{"cancelled", cancelled, Limits{}, context.Canceled},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Extract(c.ctx, "report.pdf", data, c.lim)
			if !errors.Is(err, c.want) || !strings.Contains(fmt.Sprint(err), "report.pdf") {
				t.Errorf("error %v, want %v naming the file", err, c.want)
			}
		})
	}
}

// TestPDFAbortMidPage: a page whose content takes long to interpret is
// stopped within it when the time is up, not after it.
func TestPDFAbortMidPage(t *testing.T) {
	// Ten million operators that draw nothing: 0.7 s to interpret here.
	data := pdfTiny(1, strings.Repeat("q Q ", 5<<20))
	start := time.Now()
	_, err := Extract(context.Background(), "slow.pdf", data, Limits{Timeout: 100 * time.Millisecond})
	if elapsed := time.Since(start); !errors.Is(err, ErrTimeout) || elapsed > 400*time.Millisecond {
		t.Errorf("error %v after %s, want a timeout soon after 100ms", err, elapsed)
	}
}

// TestPDFConcurrent: documents read at once, each with its own MuPDF
// context, give what they give one at a time.
func TestPDFConcurrent(t *testing.T) {
	want, data := map[string]string{}, map[string][]byte{}
	for _, fx := range pdfFixtures[2:] {
		data[fx.file] = pdfRead(t, filepath.Join("testdata", "pdf", fx.file))
		res, err := Extract(context.Background(), fx.file, data[fx.file], Limits{})
		if err != nil {
			t.Fatal(err)
		}
		want[fx.file] = res.Text
	}
	errs := make(chan error)
	for range 3 {
		for file, text := range want {
			go func() {
				res, err := Extract(context.Background(), file, data[file], Limits{})
				if err == nil && res.Text != text {
					err = fmt.Errorf("%s: the text differs when read concurrently", file)
				}
				errs <- err
			}()
		}
	}
	for range 3 * len(want) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// FuzzPDF: any bytes that look like a PDF give a result or an *Error of
// one of the Err* kinds, within the limits, and never a panic.
func FuzzPDF(f *testing.F) {
	for _, fx := range []string{"pdf/gbk-cmap-handmade.pdf", "pdf/gbk-cmap-ownerpw.pdf", "hostile/encrypted.pdf", "hostile/garbage.pdf"} {
		f.Add(pdfRead(f, filepath.Join("testdata", fx)))
	}
	f.Add(pdfTiny(2, "BT /F1 12 Tf 72 720 Td (One) Tj 0 -14 Td (Two) Tj ET"))
	f.Add([]byte("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	lim := Limits{MaxPages: 50, MaxTextBytes: 1 << 20, MaxExpandedBytes: 16 << 20, Timeout: 5 * time.Second}
	kinds := []error{ErrUnsupported, ErrNoTextLayer, ErrEncrypted, ErrTooLarge, ErrCorrupt, ErrTimeout}
	f.Fuzz(func(t *testing.T, data []byte) {
		if Detect(data) != FormatPDF {
			return // another reader's input
		}
		res, err := Extract(context.Background(), "fuzz.pdf", data, lim)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !slices.ContainsFunc(kinds, func(k error) bool { return errors.Is(err, k) }) {
				t.Fatalf("error %v is not an *Error of a known kind", err)
			}
			return
		}
		if res.Format != FormatPDF || !utf8.ValidString(res.Text) || len(res.Text) > lim.MaxTextBytes+lim.MaxTextBytes/2 {
			t.Fatalf("result %q, %d bytes of text", res.Format, len(res.Text))
		}
	})
}

// BenchmarkPDF measures extraction throughput on each fixture, in pages
// and input megabytes per second.
func BenchmarkPDF(b *testing.B) {
	for _, fx := range pdfFixtures {
		b.Run(fx.file, func(b *testing.B) {
			data := pdfRead(b, filepath.Join("testdata", "pdf", fx.file))
			b.SetBytes(int64(len(data)))
			pages := 0
			for b.Loop() {
				res, err := Extract(context.Background(), fx.file, data, Limits{})
				if err != nil {
					b.Fatal(err)
				}
				pages += res.Pages
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
