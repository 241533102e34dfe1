//go:build ignore

// gen makes the DOC/WPS test fixtures from the reports written as text
// beside it, with LibreOffice (soffice) for the Word 97 files and small
// byte edits for the rest. Run it from this folder:
//
//	go run gen.go
//
// It writes, from fazhi.txt, waizi.txt and xinxi.txt (xinxi.txt itself is
// generated, a long report of forty sections):
//
//   - NAME.doc: the report as LibreOffice's "MS Word 97" filter saves it,
//     through a flat ODT with a page header, a footer holding PAGE and
//     NUMPAGES fields, its tab-separated lines as a table and its URLs as
//     hyperlinks (HYPERLINK fields in the body);
//   - waizi.doc rewritten so that its cp1252 paragraphs are 8-bit
//     (fCompressed) pieces, as Word saves them, between UTF-16 pieces;
//   - fazhi.wps: fazhi.doc under a WPS name, the format being the same;
//   - ../hostile/doc-*.doc: truncated, lying and encrypted variants, an
//     OLE2 file of random bytes, an encrypted OOXML wrapper and a
//     spreadsheet.
//
// The test goldens are not made here: go test ./extract/ -run DOC -update.
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"html"
	"log"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// profile is a LibreOffice user profile of gen's own, so that gen neither
// waits on nor disturbs another soffice using the default one.
var profile = filepath.Join(os.TempDir(), "lantai-doc-gen-profile")

func main() {
	log.SetFlags(0)
	if err := os.WriteFile("xinxi.txt", []byte(longReport()), 0o644); err != nil {
		log.Fatal(err)
	}
	for _, name := range []string{"fazhi", "waizi", "xinxi"} {
		src, err := os.ReadFile(name + ".txt")
		if err != nil {
			log.Fatal(err)
		}
		toDoc(string(src), name+".doc", "")
	}
	compressPieces("waizi.doc")
	copyFile("fazhi.doc", "fazhi.wps")
	hostile()
}

// toDoc converts the text report src into the DOC file out, with password
// when it is not empty.
func toDoc(src, out, password string) {
	tmp, err := os.MkdirTemp("", "docgen")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	fodt := filepath.Join(tmp, "report.fodt")
	if err := os.WriteFile(fodt, []byte(flatODT(src)), 0o644); err != nil {
		log.Fatal(err)
	}
	if password == "" {
		soffice("--convert-to", "doc:MS Word 97", "--outdir", tmp, fodt)
		copyFile(filepath.Join(tmp, "report.doc"), out)
		return
	}
	// The command line's filter options cannot set a password; a Basic
	// macro in gen's profile (made by an earlier conversion) stores the
	// document with one.
	out, err = filepath.Abs(out)
	if err != nil {
		log.Fatal(err)
	}
	mod := filepath.Join(profile, "user", "basic", "Standard", "Module1.xba")
	if err := os.WriteFile(mod, []byte(saveWithPassword), 0o644); err != nil {
		log.Fatal(err)
	}
	soffice(fmt.Sprintf("macro:///Standard.Module1.SaveEnc(%q,%q,%q)", fodt, out, password))
	if _, err := os.Stat(out); err != nil {
		log.Fatal(err)
	}
}

const saveWithPassword = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveEnc(src As String, dst As String, pw As String)
  Dim a(0) As New com.sun.star.beans.PropertyValue
  a(0).Name = &quot;Hidden&quot;
  a(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, a())
  Dim b(1) As New com.sun.star.beans.PropertyValue
  b(0).Name = &quot;FilterName&quot;
  b(0).Value = &quot;MS Word 97&quot;
  b(1).Name = &quot;Password&quot;
  b(1).Value = pw
  doc.storeToURL(ConvertToURL(dst), b())
  doc.close(True)
End Sub
</script:module>
`

func soffice(args ...string) {
	args = append([]string{"-env:UserInstallation=file://" + profile, "--headless"}, args...)
	cmd := exec.Command("soffice", args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("soffice %q: %v", args, err)
	}
}

var urlRE = regexp.MustCompile(`https?://[A-Za-z0-9./_-]+[A-Za-z0-9/]`)

// flatODT writes src as a flat ODT document: the first line is its title
// (also the title property), lines holding tabs are table rows, URLs are
// hyperlinks; a page header and a footer with page fields are added, and
// tracked changes: a deleted sentence after the first paragraph ending in
// 。 and the last line inserted. The reader must leave out the header, the
// footer and the deletion, and keep the insertion.
func flatODT(src string) string {
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
`)
	fmt.Fprintf(&b, "<office:meta><dc:title>%s</dc:title></office:meta>\n", html.EscapeString(lines[0]))
	b.WriteString(`<office:automatic-styles><style:page-layout style:name="pm1"/></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p>政务公开专用页眉</text:p></style:header>
<style:footer><text:p>第<text:page-number text:select-page="current">1</text:page-number>页 共<text:page-count>1</text:page-count>页</text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
<text:tracked-changes>
<text:changed-region text:id="del1"><text:deletion><office:change-info><dc:creator>审校</dc:creator><dc:date>2024-01-20T10:00:00</dc:date></office:change-info><text:p>（旧稿：此处删去的表述不应出现在正文中。）</text:p></text:deletion></text:changed-region>
<text:changed-region text:id="ins1"><text:insertion><office:change-info><dc:creator>审校</dc:creator><dc:date>2024-01-20T10:05:00</dc:date></office:change-info></text:insertion></text:changed-region>
</text:tracked-changes>
`)
	deleted := false
	for i := 0; i < len(lines); {
		if !strings.Contains(lines[i], "\t") {
			p := inline(lines[i])
			if !deleted && strings.HasSuffix(lines[i], "。") {
				p += `<text:change text:change-id="del1"/>`
				deleted = true
			}
			if i == len(lines)-1 {
				p = `<text:change-start text:change-id="ins1"/>` + p + `<text:change-end text:change-id="ins1"/>`
			}
			fmt.Fprintf(&b, "<text:p>%s</text:p>\n", p)
			i++
			continue
		}
		cols := strings.Count(lines[i], "\t") + 1
		fmt.Fprintf(&b, "<table:table table:name=\"T%d\"><table:table-column table:number-columns-repeated=\"%d\"/>\n", i, cols)
		for ; i < len(lines) && strings.Contains(lines[i], "\t"); i++ {
			b.WriteString("<table:table-row>")
			for _, cell := range strings.Split(lines[i], "\t") {
				fmt.Fprintf(&b, "<table:table-cell><text:p>%s</text:p></table:table-cell>", inline(cell))
			}
			b.WriteString("</table:table-row>\n")
		}
		b.WriteString("</table:table>\n")
	}
	b.WriteString("</office:text></office:body></office:document>\n")
	return b.String()
}

// inline escapes a line and makes its URLs hyperlinks showing the URL.
func inline(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range urlRE.FindAllStringIndex(s, -1) {
		b.WriteString(html.EscapeString(s[last:m[0]]))
		u := html.EscapeString(s[m[0]:m[1]])
		fmt.Fprintf(&b, `<text:a xlink:type="simple" xlink:href="%s">%s</text:a>`, u, u)
		last = m[1]
	}
	b.WriteString(html.EscapeString(s[last:]))
	return b.String()
}

// ole is a compound file's root streams by their full names, in order.
type ole struct {
	names   []string
	streams map[string][]byte
}

// readOLE reads the root streams of the compound file at path.
func readOLE(path string) *ole {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	cf, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		log.Fatal(err)
	}
	o := &ole{streams: map[string][]byte{}}
	for _, f := range cf.File[1:] {
		if len(f.Path) != 0 || f.FileInfo().IsDir() {
			log.Fatalf("%s: storage %s: gen copies root streams only", path, f.Name)
		}
		name := f.Name
		if f.Initial < 0x20 { // mscfb drops the \x01 or \x05 of a name
			name = string(rune(f.Initial)) + name
		}
		buf := make([]byte, f.Size)
		if _, err := f.Read(buf); err != nil && f.Size > 0 {
			log.Fatal(err)
		}
		o.names = append(o.names, name)
		o.streams[name] = buf
	}
	return o
}

// write saves o as a version 3 compound file: 512-byte sectors, every
// stream padded to the 4096-byte mini-stream cutoff so that none needs the
// mini stream, directory entries chained as right siblings in the order
// the format sorts names (shorter first, then by upper case).
func (o *ole) write(path string) {
	const (
		ss       = 512
		free     = 0xFFFFFFFF
		end      = 0xFFFFFFFE
		fatSect  = 0xFFFFFFFD
		noStream = 0xFFFFFFFF
	)
	names := append([]string(nil), o.names...)
	sort.Slice(names, func(i, j int) bool {
		a, b := utf16.Encode([]rune(names[i])), utf16.Encode([]rune(names[j]))
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return strings.ToUpper(names[i]) < strings.ToUpper(names[j])
	})
	sectors := func(n int) int { return (n + ss - 1) / ss }
	dirSectors := sectors(128 * (len(names) + 1))
	data := 0
	for _, n := range names {
		data += sectors(max(len(o.streams[n]), 4096))
	}
	nFat := 1
	for nFat*ss/4 < nFat+dirSectors+data {
		nFat++
	}
	if nFat > 109 {
		log.Fatal("gen writes no DIFAT sectors")
	}
	fat := make([]uint32, nFat*ss/4)
	for i := range fat {
		fat[i] = free
	}
	body := make([]byte, 0, (nFat+dirSectors+data)*ss)
	for i := range nFat {
		fat[i] = fatSect
	}
	next := nFat
	chain := func(n int) uint32 {
		start := next
		for i := range n {
			fat[next+i] = uint32(next + i + 1)
		}
		fat[next+n-1] = end
		next += n
		return uint32(start)
	}
	dirStart := chain(dirSectors)
	dir := make([]byte, dirSectors*ss)
	entry := func(i int, name string, typ byte, child, right, start uint32, size int) {
		e := dir[128*i : 128*i+128]
		u := utf16.Encode([]rune(name))
		for k, c := range u {
			binary.LittleEndian.PutUint16(e[2*k:], c)
		}
		binary.LittleEndian.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1 // black
		binary.LittleEndian.PutUint32(e[68:], noStream)
		binary.LittleEndian.PutUint32(e[72:], right)
		binary.LittleEndian.PutUint32(e[76:], child)
		binary.LittleEndian.PutUint32(e[116:], start)
		binary.LittleEndian.PutUint32(e[120:], uint32(size))
	}
	for i := len(names)*128 + 128; i < len(dir); i += 128 { // unused entries
		binary.LittleEndian.PutUint32(dir[i+68:], noStream)
		binary.LittleEndian.PutUint32(dir[i+72:], noStream)
		binary.LittleEndian.PutUint32(dir[i+76:], noStream)
	}
	entry(0, "Root Entry", 5, 1, noStream, end, 0)
	var streamData []byte
	for i, n := range names {
		s := o.streams[n]
		padded := make([]byte, sectors(max(len(s), 4096))*ss)
		copy(padded, s)
		right := uint32(i + 2)
		if i == len(names)-1 {
			right = noStream
		}
		entry(i+1, n, 2, noStream, right, chain(len(padded)/ss), max(len(s), 4096))
		streamData = append(streamData, padded...)
	}
	fatBytes := make([]byte, 4*len(fat))
	for i, v := range fat {
		binary.LittleEndian.PutUint32(fatBytes[4*i:], v)
	}
	body = append(append(append(body, fatBytes...), dir...), streamData...)
	hdr := make([]byte, 512)
	copy(hdr, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	binary.LittleEndian.PutUint16(hdr[24:], 0x3E)
	binary.LittleEndian.PutUint16(hdr[26:], 3)
	binary.LittleEndian.PutUint16(hdr[28:], 0xFFFE)
	binary.LittleEndian.PutUint16(hdr[30:], 9)
	binary.LittleEndian.PutUint16(hdr[32:], 6)
	binary.LittleEndian.PutUint32(hdr[44:], uint32(nFat))
	binary.LittleEndian.PutUint32(hdr[48:], dirStart)
	binary.LittleEndian.PutUint32(hdr[56:], 4096)
	binary.LittleEndian.PutUint32(hdr[60:], end)
	binary.LittleEndian.PutUint32(hdr[68:], end)
	for i := range 109 {
		v := uint32(free)
		if i < nFat {
			v = uint32(i)
		}
		binary.LittleEndian.PutUint32(hdr[76+4*i:], v)
	}
	if err := os.WriteFile(path, append(hdr, body...), 0o644); err != nil {
		log.Fatal(err)
	}
}

// fibPair returns the offset in the WordDocument stream of FibRgFcLcb97's
// pair i (its fc; the lcb follows).
func fibPair(word []byte, i int) int {
	off := 32
	off += 2 + 2*int(binary.LittleEndian.Uint16(word[off:]))
	off += 2 + 4*int(binary.LittleEndian.Uint16(word[off:]))
	return off + 2 + 8*i
}

func u32(b []byte, off int) uint32      { return binary.LittleEndian.Uint32(b[off:]) }
func put32(b []byte, off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }

// tableStream returns the name of the document's table stream.
func tableStream(word []byte) string {
	if binary.LittleEndian.Uint16(word[10:])&(1<<9) != 0 {
		return "1Table"
	}
	return "0Table"
}

// compressed maps the runes an 8-bit piece can hold to their bytes
// ([MS-DOC] 2.4.1): bytes 0x00–0xFF stand for themselves, except those
// below, which stand for these runes instead.
var compressed = map[rune]byte{
	0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86,
	0x2021: 0x87, 0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B,
	0x0152: 0x8C, 0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94,
	0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98, 0x2122: 0x99,
	0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x0178: 0x9F,
}

func compressByte(c uint16) (byte, bool) {
	if b, ok := compressed[rune(c)]; ok {
		return b, true
	}
	if c > 0xFF {
		return 0, false
	}
	for _, b := range compressed {
		if uint16(b) == c {
			return 0, false // the byte stands for another rune
		}
	}
	return byte(c), true
}

// compressPieces rewrites the single UTF-16 piece LibreOffice writes into
// one piece a run of paragraphs: 8-bit where every character of the
// paragraphs fits, UTF-16 elsewhere. An 8-bit run keeps its place in the
// stream, written into the first half of its old bytes, and the FKPs'
// FCs inside it move with their characters.
func compressPieces(path string) {
	o := readOLE(path)
	word := o.streams["WordDocument"]
	tn := tableStream(word)
	tbl := o.streams[tn]
	clxAt := fibPair(word, 33)
	clx := tbl[u32(word, clxAt):][:u32(word, clxAt+4)]
	if clx[0] != 2 || u32(clx, 1) != 16 {
		log.Fatalf("%s: expected one piece, a Pcdt of 16 bytes", path)
	}
	plc := clx[5:]
	cpEnd := u32(plc, 4)
	pcd := plc[8:16]
	fc0 := u32(pcd, 2)
	if fc0&(1<<30) != 0 {
		log.Fatalf("%s: the piece is compressed already", path)
	}
	// Runs of whole paragraphs, each one kind.
	type run struct {
		a, b uint32
		comp bool
	}
	var runs []run
	for a := uint32(0); a < cpEnd; {
		b, comp := a, true
		for b < cpEnd {
			c := binary.LittleEndian.Uint16(word[fc0+2*b:])
			if _, ok := compressByte(c); !ok {
				comp = false
			}
			b++
			if c == 0x0D || c == 0x07 {
				break
			}
		}
		if n := len(runs); n > 0 && runs[n-1].comp == comp {
			runs[n-1].b = b
		} else {
			runs = append(runs, run{a, b, comp})
		}
		a = b
	}
	var newPlc []byte
	for _, r := range runs {
		newPlc = binary.LittleEndian.AppendUint32(newPlc, r.a)
	}
	newPlc = binary.LittleEndian.AppendUint32(newPlc, cpEnd)
	nComp := 0
	for _, r := range runs {
		fc := fc0 + 2*r.a
		p := append([]byte(nil), pcd...)
		put32(p, 2, fc)
		if r.comp {
			nComp++
			for i := r.a; i < r.b; i++ {
				c, _ := compressByte(binary.LittleEndian.Uint16(word[fc0+2*i:]))
				word[fc+(i-r.a)] = c
			}
			clear(word[fc+(r.b-r.a) : fc0+2*r.b])
			put32(p, 2, 2*fc|1<<30)
		}
		newPlc = append(newPlc, p...)
	}
	if nComp == 0 || nComp == len(runs) {
		log.Fatalf("%s: %d of %d runs compressed; the fixture wants both kinds", path, nComp, len(runs))
	}
	// The moved FCs: inside an 8-bit run, toward its start; at a run's
	// bounds they stay, shared with the run beside.
	move := func(fc uint32) uint32 {
		for _, r := range runs {
			lo, hi := fc0+2*r.a, fc0+2*r.b
			if r.comp && fc > lo && fc < hi {
				return lo + (fc-lo)/2
			}
		}
		return fc
	}
	for _, pair := range []int{12, 13} { // PlcBteChpx, PlcBtePapx
		at := fibPair(word, pair)
		bte := tbl[u32(word, at):][:u32(word, at+4)]
		n := (len(bte) - 4) / 8
		for i := range n + 1 {
			put32(bte, 4*i, move(u32(bte, 4*i)))
		}
		for i := range n {
			fkp := word[512*int(u32(bte, 4*(n+1)+4*i)&0x3FFFFF):][:512]
			for j := range int(fkp[511]) + 1 {
				put32(fkp, 4*j, move(u32(fkp, 4*j)))
			}
		}
	}
	// fComplex: the text is not one run from fcMin, read the pieces (Word
	// reads them anyway; LibreOffice only when this is set).
	word[10] |= 1 << 2
	clxNew := append([]byte{2}, binary.LittleEndian.AppendUint32(nil, uint32(len(newPlc)))...)
	put32(word, clxAt, uint32(len(tbl)))
	put32(word, clxAt+4, uint32(len(clxNew)+len(newPlc)))
	o.streams[tn] = append(append(tbl, clxNew...), newPlc...)
	o.write(path)
	log.Printf("%s: %d pieces, %d of them 8-bit", path, len(runs), nComp)
}

// hostile writes the variants of fazhi.doc the reader must refuse.
func hostile() {
	good, err := os.ReadFile("fazhi.doc")
	if err != nil {
		log.Fatal(err)
	}
	dir := filepath.Join("..", "hostile")
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	write("doc-truncated.doc", good[:len(good)/2])

	// Edits of one stream, through a rewritten compound file.
	edit := func(name string, f func(o *ole, word []byte)) {
		o := readOLE("fazhi.doc")
		f(o, o.streams["WordDocument"])
		o.write(filepath.Join(dir, name))
	}
	edit("doc-clx-past-stream.doc", func(o *ole, word []byte) { put32(word, fibPair(word, 33), 0x7FFF0000) })
	edit("doc-ccp-past-pieces.doc", func(o *ole, word []byte) {
		lw := 32 + 2 + 2*int(binary.LittleEndian.Uint16(word[32:])) + 2 // FibRgLw97
		put32(word, lw+12, 0x7FFFFFF0)                                  // ccpText
	})
	edit("doc-fkp-past-stream.doc", func(o *ole, word []byte) {
		at := fibPair(word, 13)
		bte := o.streams[tableStream(word)][u32(word, at):]
		n := (u32(word, at+4) - 4) / 8
		put32(bte, int(4*(n+1)), 0x3FFFF0)
	})
	edit("doc-piece-past-stream.doc", func(o *ole, word []byte) {
		at := fibPair(word, 33)
		clx := o.streams[tableStream(word)][u32(word, at):]
		put32(clx, 5+8+2, 0x3FFFF000) // the first Pcd's fc
	})
	edit("doc-encrypted-flag.doc", func(o *ole, word []byte) { word[11] |= 1 }) // fEncrypted
	edit("doc-word95.doc", func(o *ole, word []byte) { binary.LittleEndian.PutUint16(word[2:], 0x0068) })
	edit("doc-no-table-stream.doc", func(o *ole, word []byte) { word[11] ^= 1 << 1 }) // fWhichTblStm

	// A directory entry declaring a 4 GB WordDocument stream.
	huge := append([]byte(nil), good...)
	name := make([]byte, 0, 24)
	for _, c := range "WordDocument" {
		name = binary.LittleEndian.AppendUint16(name, uint16(c))
	}
	i := bytes.Index(huge, name)
	if i < 0 || i%128 != 0 {
		log.Fatal("fazhi.doc: no WordDocument directory entry")
	}
	put32(huge, i+120, 0xFFFFFFF0)
	write("doc-huge-stream.doc", huge)

	// An OLE2 file of random bytes after its header's magic.
	rng := rand.New(rand.NewSource(7))
	junk := make([]byte, 4096)
	rng.Read(junk)
	copy(junk, good[:8])
	write("doc-garbage.doc", junk)

	// An encrypted OOXML document as Office wraps one: no WordDocument.
	enc := &ole{names: []string{"EncryptionInfo", "EncryptedPackage"}, streams: map[string][]byte{
		"EncryptionInfo":   append([]byte{4, 0, 4, 0, 0x40, 0, 0, 0}, []byte("<?xml version=\"1.0\"?><encryption/>")...),
		"EncryptedPackage": junk[:2048],
	}}
	enc.write(filepath.Join(dir, "doc-encrypted-ooxml.doc"))

	// A spreadsheet under a .doc name: a BIFF8 Workbook stream holding
	// only its globals' BOF and EOF records (this LibreOffice has no Calc
	// to write a real one; the reader looks no further than the stream
	// names).
	bof := []byte{0x09, 0x08, 16, 0, 0x00, 0x06, 0x05, 0x00, 0xAF, 0x18, 0xCD, 0x07, 0xC1, 0x00, 0x01, 0x00, 0x06, 0x04, 0x00, 0x00}
	xls := &ole{names: []string{"Workbook"}, streams: map[string][]byte{"Workbook": append(bof, 0x0A, 0, 0, 0)}}
	xls.write(filepath.Join(dir, "doc-spreadsheet.doc"))

	// Encrypted by LibreOffice with the password "x".
	src, err := os.ReadFile("fazhi.txt")
	if err != nil {
		log.Fatal(err)
	}
	toDoc(string(src), filepath.Join(dir, "doc-encrypted-password.doc"), "x")
}

func copyFile(from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		log.Fatal(err)
	}
}

// longReport is a compilation of forty departments' information
// disclosure reports, its figures drawn from a fixed seed: more than 64 KB
// of text, hundreds of paragraphs, a table in each section.
func longReport() string {
	depts := []string{"区发展和改革局", "区教育局", "区科学技术局", "区工业和信息化局", "区民政局", "区司法局", "区财政局", "区人力资源和社会保障局", "区自然资源局", "区生态环境分局", "区住房和城乡建设局", "区交通运输局", "区水利局", "区农业农村局", "区商务局", "区文化和旅游局", "区卫生健康委员会", "区退役军人事务局", "区应急管理局", "区审计局", "区市场监督管理局", "区统计局", "区医疗保障局", "区城市管理局", "区林业局", "区信访局", "区政务服务数据管理局", "区机关事务服务中心", "区档案馆", "区地方志编纂室", "云溪街道办事处", "东湖街道办事处", "南塘街道办事处", "青石镇人民政府", "白沙镇人民政府", "柳溪镇人民政府", "石门镇人民政府", "龙泉镇人民政府", "桃源乡人民政府", "云溪经济开发区管理委员会"}
	focus := []string{"优化营商环境", "乡村振兴", "民生保障", "生态环境保护", "安全生产", "城市更新", "教育“双减”", "医疗卫生服务", "就业创业", "财政资金管理"}
	improve := []string{"丰富政策解读形式，提高解读质量", "健全信息发布协调机制，确保信息公开及时准确", "加强业务培训，提升工作人员业务能力", "加强政务新媒体建设，拓宽公开渠道"}
	rng := rand.New(rand.NewSource(2023))
	n := func(lo, hi int) int { return lo + rng.Intn(hi-lo+1) }
	var b strings.Builder
	b.WriteString("云溪区2023年政府信息公开工作年度报告汇编\n")
	b.WriteString("索引号：11350X-2024-000058\n发文机构：云溪区人民政府办公室\n文号：云政办报〔2024〕7号\n日期：2024-03-28\n")
	b.WriteString("根据《中华人民共和国政府信息公开条例》规定，现将云溪区各部门、各镇（街道）2023年政府信息公开工作年度报告汇编如下。本汇编所列数据统计期限为2023年1月1日至2023年12月31日。\n")
	for i, d := range depts {
		f := focus[i%len(focus)]
		r1 := n(5, 90)
		r4, r5 := n(0, r1/2), n(0, r1/4)
		r6 := n(0, (r1-r4-r5)/2)
		r7 := r1 - r4 - r5 - r6
		fmt.Fprintf(&b, "%s、%s2023年政府信息公开工作情况\n", chineseNumber(i+1), d)
		b.WriteString("（一）总体情况\n")
		fmt.Fprintf(&b, "2023年，%s深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，围绕%s等重点工作，全面推进决策、执行、管理、服务、结果公开，不断提高政府工作透明度，政府信息公开工作取得积极成效。全年召开政务公开专题会议%d次，调整充实政务公开工作领导小组，明确分管领导和专职工作人员%d名，形成了主要领导亲自抓、分管领导具体抓、业务科室协同配合的工作格局。\n", d, f, n(2, 6), n(1, 4))
		b.WriteString("（二）主动公开情况\n")
		fmt.Fprintf(&b, "一是及时公开机构职能、政策文件等基础信息。全年通过区政府门户网站主动公开政府信息%d条，其中规范性文件%d件、工作动态%d条、通知公告%d条。二是做好政策解读工作，围绕%s发布图文解读%d篇、视频解读%d个，开展“政策进万家”宣讲活动%d场，覆盖群众%d人次。三是加强重点领域信息公开，公开财政预决算、“三公”经费、政府采购等信息%d条，公开“双随机、一公开”抽查结果%d条。\n",
			n(120, 900), n(0, 12), n(60, 400), n(20, 150), f, n(5, 40), n(0, 8), n(3, 30), n(300, 9000), n(10, 80), n(0, 60))
		b.WriteString("项目\t本年新制发件数\t本年废止件数\t现行有效件数\n")
		fmt.Fprintf(&b, "规章\t0\t0\t0\n行政规范性文件\t%d\t%d\t%d\n", n(0, 6), n(0, 3), n(2, 40))
		fmt.Fprintf(&b, "行政许可\t%d\t—\t—\n行政处罚\t%d\t—\t—\n", n(0, 3000), n(0, 800))
		b.WriteString("（三）依申请公开情况\n")
		fmt.Fprintf(&b, "全年共收到政府信息公开申请%d件，其中自然人申请%d件、法人或其他组织申请%d件。已按期答复%d件，其中予以公开%d件，部分公开%d件，不予公开%d件，无法提供%d件，不予处理%d件。因政府信息公开工作被申请行政复议%d件，提起行政诉讼%d件，结果均为维持。\n",
			r1, r1-r1/5, r1/5, r1, r4, r5, r6, r7, 0, n(0, 3), n(0, 2))
		b.WriteString("（四）政府信息管理和平台建设情况\n")
		fmt.Fprintf(&b, "一是健全信息发布审查机制，严格落实“三审三校”制度，全年审查拟公开信息%d条，未发生泄密和侵犯个人隐私事件。二是加强政务新媒体管理，“云溪%s”微信公众号全年发布信息%d条，关注人数达%d人。三是规范政府信息公开指南和目录，及时更新公开事项%d项，确保公开内容准确、完整。四是做好历史信息清理，对%d条已失效信息作撤除处理。\n",
			n(150, 1200), strings.TrimPrefix(d, "区"), n(80, 700), n(2000, 60000), n(10, 120), n(0, 90))
		b.WriteString("（五）存在的主要问题及改进情况\n")
		fmt.Fprintf(&b, "一是政策解读形式不够丰富，图解、视频等解读方式运用较少；二是部分信息公开不够及时，信息更新存在滞后现象；三是工作人员业务水平有待提高。下一步，%s将进一步%s，不断提升政府信息公开工作质量和实效。\n", d, improve[i%len(improve)])
		b.WriteString("（六）其他需要报告的事项\n")
		fmt.Fprintf(&b, "本年度收取信息处理费0元。全年办理人大代表建议%d件、政协提案%d件，办理结果均已按规定公开。\n", n(0, 30), n(0, 30))
	}
	b.WriteString("云溪区人民政府办公室\n2024年3月28日\n")
	return b.String()
}

// chineseNumber writes 1–99 as a section number is written: 一, 十一, 二十.
func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}
