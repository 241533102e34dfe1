// Command mkpdf makes the PDF fixtures of package extract from the source
// texts beside them, the way portals' PDFs are made: each
// testdata/pdf/NAME.txt is laid out as HTML and printed by headless
// Chromium (NAME-chromium.pdf) and as a flat ODF text converted by
// LibreOffice (NAME-libreoffice.pdf), with a running header and a page
// number footer; gbk-cmap.txt is also typeset by hand with a font that is
// not embedded and has no ToUnicode map (NAME-handmade.pdf), as older
// portals' PDFs are, and from that an owner-password and a rotated copy.
// It then makes the hostile files of testdata/hostile.
//
// Run it from the extract directory: go run ./internal/mkpdf. It needs
// chromium, soffice, qpdf, pdftoppm and img2pdf, and fonts-noto-cjk.
package main

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func main() {
	log.SetFlags(0)
	pdfDir := filepath.Join("testdata", "pdf")
	hostileDir := filepath.Join("testdata", "hostile")
	for _, s := range []struct {
		name           string
		header         string
		chromiumFooter string // CSS content of the footer box
		loFooter       func() string
	}{
		{"qinghe-2023-xxgk", "青禾县人民政府办公室", `"- " counter(page) " -"`, footerPageOfPages},
		{"minghu-2022-fazhi", "丰溪市明湖区人民政府", `counter(page) "/" counter(pages)`, footerDashes},
	} {
		text := must(os.ReadFile(filepath.Join(pdfDir, s.name+".txt")))
		blocks := parse(string(text))
		tmp := must(os.MkdirTemp("", "mkpdf"))
		html := filepath.Join(tmp, s.name+".html")
		check(os.WriteFile(html, []byte(toHTML(blocks, s.header, s.chromiumFooter)), 0o644))
		chromium(html, filepath.Join(pdfDir, s.name+"-chromium.pdf"), tmp)
		fodt := filepath.Join(tmp, s.name+".fodt")
		check(os.WriteFile(fodt, []byte(toFODT(blocks, s.header, s.loFooter())), 0o644))
		run("soffice", "-env:UserInstallation=file://"+tmp+"/lo", "--headless", "--convert-to", "pdf", "--outdir", tmp, fodt)
		check(os.Rename(filepath.Join(tmp, s.name+".pdf"), filepath.Join(pdfDir, s.name+"-libreoffice.pdf")))
		check(os.RemoveAll(tmp))
	}

	gbk := string(must(os.ReadFile(filepath.Join(pdfDir, "gbk-cmap.txt"))))
	handmade := filepath.Join(pdfDir, "gbk-cmap-handmade.pdf")
	check(os.WriteFile(handmade, typeset(parse(gbk)), 0o644))
	// A password that only forbids copying and printing, as many portals
	// set: the text must still come out.
	run("qpdf", "--encrypt", "", "owner-secret", "256", "--extract=n", "--print=none", "--", handmade, filepath.Join(pdfDir, "gbk-cmap-ownerpw.pdf"))
	// Pages shown sideways and upside down, as scanned-in or landscape
	// pages are.
	run("qpdf", "--rotate=+90:1", "--rotate=+180:2", "--", handmade, filepath.Join(pdfDir, "gbk-cmap-rotated.pdf"))

	hostile(hostileDir, handmade, filepath.Join(pdfDir, "qinghe-2023-xxgk-libreoffice.pdf"))
}

// hostile writes the files a reader must refuse, each with a clear error.
func hostile(dir, small, large string) {
	run("qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", small, filepath.Join(dir, "encrypted.pdf"))

	data := must(os.ReadFile(large))
	check(os.WriteFile(filepath.Join(dir, "truncated.pdf"), data[:len(data)/2], 0o644))

	// A scan: the first page rendered to a grey JPEG and wrapped in a PDF
	// with no text.
	tmp := must(os.MkdirTemp("", "mkpdf"))
	run("pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-gray", "-jpeg", "-singlefile", large, filepath.Join(tmp, "page"))
	run("img2pdf", "-o", filepath.Join(dir, "scan.pdf"), filepath.Join(tmp, "page.jpg"))
	check(os.RemoveAll(tmp))

	// A page whose content stream inflates, through two Flate filters, to
	// 1 GiB of spaces, from a file of a few KiB.
	inner := deflate(bytes.Repeat([]byte(" "), 1<<20), 1024)
	outer := deflate(inner, 1)
	var w pdfWriter
	w.obj("<< /Type /Catalog /Pages 2 0 R >>")
	w.obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
	w.stream("/Filter [/FlateDecode /FlateDecode]", outer)
	check(os.WriteFile(filepath.Join(dir, "bomb.pdf"), w.finish(1), 0o644))

	// A header and then noise.
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	check(os.WriteFile(filepath.Join(dir, "garbage.pdf"), append([]byte("%PDF-1.7\n"), noise...), 0o644))
}

// deflate compresses n copies of b with zlib.
func deflate(b []byte, n int) []byte {
	var buf bytes.Buffer
	zw := must(zlib.NewWriterLevel(&buf, zlib.BestCompression))
	for range n {
		must(zw.Write(b))
	}
	check(zw.Close())
	return buf.Bytes()
}

func chromium(html, out, tmp string) {
	run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(tmp, "chromium"), "--print-to-pdf="+out,
		"--no-pdf-header-footer", "file://"+html)
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		log.Fatalf("%s: %v\n%s", name, err, out)
	}
}

func must[T any](v T, err error) T {
	check(err)
	return v
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// kind is how a block of the source text is laid out.
type kind int

const (
	body      kind = iota
	banner         // 某某人民政府文件, large and red
	docNo          // 明政〔2023〕8号, centred
	title          // centred, large and bold
	meta           // label and value lines, laid out as a table
	heading1       // 一、 on a line of its own
	heading2       // （一） on a line of its own
	addressee      // 市人民政府：
	table          // tab-separated rows
	signature      // the sender and the date, at the right
)

type block struct {
	kind  kind
	lines []string
}

var (
	reDocNo    = regexp.MustCompile(`^\p{Han}+〔\d{4}〕\d+号$`)
	reHeading1 = regexp.MustCompile(`^[一二三四五六七八九十]+、[^。]*$`)
	reHeading2 = regexp.MustCompile(`^（[一二三四五六七八九十]+）[^。]*$`)
	metaLabels = map[string]bool{"索引号": true, "发文机构": true, "文号": true, "日期": true}
)

// parse splits a source text into its blocks (separated by blank lines)
// and tells their kinds by their content.
func parse(text string) []block {
	var blocks []block
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		blocks = append(blocks, block{lines: strings.Split(strings.TrimSpace(para), "\n")})
	}
	seenTitle := false
	for i := range blocks {
		b := &blocks[i]
		first := b.lines[0]
		switch {
		case i == 0 && strings.HasSuffix(first, "文件"):
			b.kind = banner
		case len(b.lines) == 1 && reDocNo.MatchString(first):
			b.kind = docNo
		case !seenTitle:
			b.kind = title
			seenTitle = true
		case metaLabels[first]:
			b.kind = meta
		case strings.Contains(b.lines[0], "\t") || len(b.lines) > 1 && strings.Contains(b.lines[1], "\t"):
			b.kind = table
		case i >= len(blocks)-2:
			b.kind = signature
		case reHeading1.MatchString(first):
			b.kind = heading1
		case reHeading2.MatchString(first):
			b.kind = heading2
		case strings.HasSuffix(first, "：") && len([]rune(first)) < 30:
			b.kind = addressee
		}
	}
	return blocks
}

// columns is the widest row of a table block.
func columns(b block) int {
	n := 1
	for _, l := range b.lines {
		n = max(n, len(strings.Split(l, "\t")))
	}
	return n
}

func toHTML(blocks []block, header, footer string) string {
	var h strings.Builder
	fmt.Fprintf(&h, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 30mm 26mm 28mm 28mm;
  @top-center { content: %q; font: 10.5pt "Noto Serif CJK SC"; border-bottom: 0.5pt solid #000; }
  @bottom-center { content: %s; font: 12pt "Noto Serif CJK SC"; } }
body { font: 16pt/1.75 "Noto Serif CJK SC"; margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.banner { color: #c00; font: bold 30pt "Noto Serif CJK SC"; text-align: center; text-indent: 0; margin: 12pt 0 24pt; }
.docno, .title { text-align: center; text-indent: 0; }
.title { font: bold 22pt/1.5 "Noto Sans CJK SC"; margin: 12pt 0 18pt; }
.h1 { font-family: "Noto Sans CJK SC"; }
.h2 { font-weight: bold; }
.to, .sign { text-indent: 0; }
.sign { text-align: right; padding-right: 2em; }
table { border-collapse: collapse; width: 100%%; margin: 8pt 0; font-size: 12pt; line-height: 1.5; }
td { border: 0.75pt solid #000; padding: 3pt 5pt; }
</style></head><body>
`, header, footer)
	for _, b := range blocks {
		switch b.kind {
		case meta:
			h.WriteString("<table>")
			for i := 0; i+1 < len(b.lines); i += 4 {
				h.WriteString("<tr>")
				for _, c := range b.lines[i:min(i+4, len(b.lines))] {
					fmt.Fprintf(&h, "<td>%s</td>", esc(c))
				}
				h.WriteString("</tr>")
			}
			h.WriteString("</table>\n")
		case table:
			n := columns(b)
			h.WriteString("<table>")
			for _, l := range b.lines {
				cells := strings.Split(l, "\t")
				h.WriteString("<tr>")
				for i, c := range cells {
					span := ""
					if i == len(cells)-1 && len(cells) < n {
						span = fmt.Sprintf(` colspan="%d"`, n-len(cells)+1)
					}
					fmt.Fprintf(&h, "<td%s>%s</td>", span, esc(c))
				}
				h.WriteString("</tr>")
			}
			h.WriteString("</table>\n")
		default:
			class := map[kind]string{banner: "banner", docNo: "docno", title: "title", heading1: "h1",
				heading2: "h2", addressee: "to", signature: "sign"}[b.kind]
			for _, l := range b.lines {
				fmt.Fprintf(&h, "<p class=%q>%s</p>\n", class, esc(l))
			}
		}
	}
	h.WriteString("</body></html>\n")
	return h.String()
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func footerPageOfPages() string {
	return `第 <text:page-number text:select-page="current">1</text:page-number> 页 共 <text:page-count>1</text:page-count> 页`
}

func footerDashes() string {
	return `— <text:page-number text:select-page="current">1</text:page-number> —`
}

// toFODT lays the blocks out as a flat ODF text document in the manner of
// a 公文: 仿宋-like body at 16 pt, 28 pt lines, first lines indented.
func toFODT(blocks []block, header, footer string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
<style:font-face style:name="Serif" svg:font-family="'Noto Serif CJK SC'"/>
<style:font-face style:name="Sans" svg:font-family="'Noto Sans CJK SC'"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:text-align="justify" fo:line-height="28pt"/>
<style:text-properties style:font-name="Serif" style:font-name-asian="Serif" fo:font-size="16pt" style:font-size-asian="16pt" fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/>
</style:default-style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt"/></style:style>
<style:style style:name="Banner" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:line-height="60pt" fo:margin-bottom="24pt"/><style:text-properties fo:color="#cc0000" fo:font-size="30pt" style:font-size-asian="30pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="DocNo" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/></style:style>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:line-height="36pt" fo:margin-top="12pt" fo:margin-bottom="18pt"/><style:text-properties style:font-name="Sans" style:font-name-asian="Sans" fo:font-size="22pt" style:font-size-asian="22pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="H1" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt"/><style:text-properties style:font-name="Sans" style:font-name-asian="Sans"/></style:style>
<style:style style:name="H2" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="To" style:family="paragraph"/>
<style:style style:name="Sign" style:family="paragraph"><style:paragraph-properties fo:text-align="end" fo:margin-right="32pt"/></style:style>
<style:style style:name="Cell" style:family="paragraph"><style:paragraph-properties fo:text-align="start" fo:line-height="18pt"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
<style:style style:name="Header" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:line-height="14pt" fo:border-bottom="0.5pt solid #000000"/><style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt"/></style:style>
<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:line-height="16pt"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.8cm" fo:margin-bottom="1.6cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/>
<style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.8cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.8cm"/></style:footer-style></style:page-layout>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="15.6cm" table:align="margins" fo:margin-top="6pt" fo:margin-bottom="6pt"/></style:style>
<style:style style:name="Td" style:family="table-cell"><style:table-cell-properties fo:border="0.75pt solid #000000" fo:padding="0.08cm"/></style:style>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="A4">
`)
	fmt.Fprintf(&b, "<style:header><text:p text:style-name=\"Header\">%s</text:p></style:header>\n", esc(header))
	fmt.Fprintf(&b, "<style:footer><text:p text:style-name=\"Footer\">%s</text:p></style:footer>\n", footer)
	b.WriteString("</style:master-page>\n</office:master-styles>\n<office:body><office:text>\n")
	cell := func(s string, span int) {
		if span > 1 {
			fmt.Fprintf(&b, `<table:table-cell table:style-name="Td" table:number-columns-spanned="%d" office:value-type="string"><text:p text:style-name="Cell">%s</text:p></table:table-cell>`, span, esc(s))
			b.WriteString(strings.Repeat("<table:covered-table-cell/>", span-1))
			return
		}
		fmt.Fprintf(&b, `<table:table-cell table:style-name="Td" office:value-type="string"><text:p text:style-name="Cell">%s</text:p></table:table-cell>`, esc(s))
	}
	tables := 0
	for _, bl := range blocks {
		switch bl.kind {
		case meta, table:
			tables++
			var rows [][]string
			n := 4
			if bl.kind == meta {
				for i := 0; i < len(bl.lines); i += 4 {
					rows = append(rows, bl.lines[i:min(i+4, len(bl.lines))])
				}
			} else {
				n = columns(bl)
				for _, l := range bl.lines {
					rows = append(rows, strings.Split(l, "\t"))
				}
			}
			fmt.Fprintf(&b, `<table:table table:name="T%d" table:style-name="Tbl"><table:table-column table:number-columns-repeated="%d"/>`, tables, n)
			for _, r := range rows {
				b.WriteString("<table:table-row>")
				for i, c := range r {
					span := 1
					if i == len(r)-1 {
						span = n - len(r) + 1
					}
					cell(c, span)
				}
				b.WriteString("</table:table-row>")
			}
			b.WriteString("</table:table>\n")
		default:
			style := map[kind]string{body: "Body", banner: "Banner", docNo: "DocNo", title: "Title",
				heading1: "H1", heading2: "H2", addressee: "To", signature: "Sign"}[bl.kind]
			for _, l := range bl.lines {
				fmt.Fprintf(&b, "<text:p text:style-name=%q>%s</text:p>\n", style, esc(l))
			}
		}
	}
	b.WriteString("</office:text></office:body></office:document>\n")
	return b.String()
}

// typeset lays the blocks out by hand in a PDF whose Chinese font
// (STSong-Light) is not embedded and has no ToUnicode map, as older
// portals' PDFs are: the title is written in UCS-2 (UniGB-UCS2-H), the
// rest in GBK (GBK-EUC-H), so a reader needs both CMaps to map the codes
// to Unicode. Lines wrap at a fixed count of characters; every page has
// a running header and a 第N页 footer.
func typeset(blocks []block) []byte {
	const (
		size    = 15.0
		left    = 80.0
		top     = 760.0
		bottom  = 90.0
		perLine = 29
		leading = 26.0
	)
	gbkEnc := simplifiedchinese.GBK.NewEncoder()
	hexGBK := func(s string) string {
		b, err := gbkEnc.Bytes([]byte(s))
		check(err)
		return fmt.Sprintf("<%X>", b)
	}
	hexUCS2 := func(s string) string {
		var h strings.Builder
		h.WriteString("<")
		for _, r := range s {
			fmt.Fprintf(&h, "%04X", r)
		}
		h.WriteString(">")
		return h.String()
	}
	var pages []string
	var page strings.Builder
	y := top
	newPage := func() {
		if page.Len() > 0 {
			fmt.Fprintf(&page, "BT /G 10.5 Tf %.1f 60 Td %s Tj ET\n", 297.0-10.5*2, hexGBK(fmt.Sprintf("第%d页", len(pages)+1)))
			pages = append(pages, page.String())
			page.Reset()
		}
		fmt.Fprintf(&page, "BT /G 10.5 Tf %.1f 800 Td %s Tj ET\n", 297.0-10.5*5, hexGBK("白鹭镇人民政府"))
		y = top
	}
	line := func(font string, sz, x float64, s string) {
		if y < bottom {
			newPage()
		}
		enc := hexGBK(s)
		if font == "U" {
			enc = hexUCS2(s)
		}
		fmt.Fprintf(&page, "BT /%s %.1f Tf %.1f %.1f Td %s Tj ET\n", font, sz, x, y, enc)
		y -= leading
	}
	newPage()
	for _, b := range blocks {
		for _, l := range b.lines {
			switch b.kind {
			case title:
				r := []rune(l)
				for len(r) > 0 {
					n := min(len(r), 20)
					line("U", 20, 297-float64(n)*10, string(r[:n]))
					r = r[n:]
				}
				y -= leading / 2
			case signature:
				line("G", size, 515-float64(len([]rune(l)))*size-2*size, l)
			default:
				// First lines are indented two characters, except in a
				// table, whose cells are written one after another.
				r := []rune(strings.ReplaceAll(l, "\t", "  "))
				indent := 2.0
				if b.kind == table || b.kind == meta {
					indent = 0
				}
				for len(r) > 0 {
					// ASCII is half as wide as Chinese (the /W below).
					n, w := 0, indent
					for n < len(r) && w+width(r[n]) <= perLine {
						w += width(r[n])
						n++
					}
					line("G", size, left+indent*size, string(r[:n]))
					r = r[n:]
					indent = 0
				}
			}
		}
	}
	newPage()
	page.Reset()

	var w pdfWriter
	w.obj("<< /Type /Catalog /Pages 2 0 R >>")
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 6+2*i)
	}
	w.obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	cid := "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 /W [1 95 500 814 939 500 7712 7810 500] >>"
	w.obj("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-GBK-EUC-H /Encoding /GBK-EUC-H /DescendantFonts [" + cid + "] >>")
	w.obj("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [" + cid + "] >>")
	w.obj("<< /Font << /G 3 0 R /U 4 0 R >> >>")
	for i, p := range pages {
		w.obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 5 0 R /Contents %d 0 R >>", 7+2*i))
		w.stream("/Filter /FlateDecode", deflate([]byte(p), 1))
	}
	return w.finish(1)
}

// width is the advance of r in ems in the hand-typeset PDF.
func width(r rune) float64 {
	if r < 0x80 {
		return 0.5
	}
	return 1
}

// pdfWriter writes a PDF's objects, numbered from 1, and its xref table.
type pdfWriter struct {
	buf     bytes.Buffer
	offsets []int
}

func (w *pdfWriter) start() {
	if w.buf.Len() == 0 {
		w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	}
	w.offsets = append(w.offsets, w.buf.Len())
	fmt.Fprintf(&w.buf, "%d 0 obj\n", len(w.offsets))
}

func (w *pdfWriter) obj(s string) {
	w.start()
	w.buf.WriteString(s)
	w.buf.WriteString("\nendobj\n")
}

func (w *pdfWriter) stream(dict string, data []byte) {
	w.start()
	fmt.Fprintf(&w.buf, "<< %s /Length %d >>\nstream\n", dict, len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

func (w *pdfWriter) finish(root int) []byte {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for _, o := range w.offsets {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets)+1, root, xref)
	return w.buf.Bytes()
}
