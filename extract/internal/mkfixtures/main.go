// Command mkfixtures writes the DOCX, OFD and hostile test files of
// package extract from the report texts in its testdata, deterministically,
// so the committed files can be made again and checked:
//
//	go run ./extract/internal/mkfixtures            # the files built here
//	go run ./extract/internal/mkfixtures -soffice   # and the LibreOffice DOCX
//
// The DOCX that LibreOffice writes (the real producer among the fixtures)
// carries LibreOffice's timestamps, so it is made only with -soffice; the
// truncated DOCX is cut from it. OFD has no producer on this machine: its
// files are laid out here following GB/T 33190-2016.
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

func main() {
	dir := flag.String("dir", "extract/testdata", "the testdata folder of package extract")
	soffice := flag.Bool("soffice", false, "also convert the report with LibreOffice (soffice must be on PATH)")
	flag.Parse()
	if err := run(*dir, *soffice); err != nil {
		log.Fatal(err)
	}
}

func run(dir string, soffice bool) error {
	fazhi, err := readLines(filepath.Join(dir, "docx", "songxi-2023-fazhi.txt"))
	if err != nil {
		return err
	}
	jihua, err := readLines(filepath.Join(dir, "ofd", "songxi-2023-jihua.txt"))
	if err != nil {
		return err
	}
	if soffice {
		if err := sofficeDOCX(dir, fazhi); err != nil {
			return err
		}
	}
	real, err := os.ReadFile(filepath.Join(dir, "docx", "songxi-2023-fazhi.docx"))
	if err != nil {
		return fmt.Errorf("%v (run with -soffice once to make it)", err)
	}
	truncated, err := truncateDOCX(real)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"docx/songxi-2023-fazhi-numbered.docx": numberedDOCX(fazhi),
		"ofd/songxi-2023-jihua.ofd":            lineOFD(jihua),
		"ofd/songxi-2023-jihua-chars.ofd":      charOFD(jihua),
		"hostile/truncated.docx":               truncated,
		"hostile/encrypted.docx":               encryptedOOXML(),
		"hostile/scan.ofd":                     scanOFD(),
		"hostile/deep-nesting.docx":            deepDOCX(),
		"hostile/deep-nesting.ofd":             deepOFD(),
		"hostile/invalid-xml.docx":             invalidDOCX(),
		"hostile/invalid-xml.ofd":              invalidOFD(),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// readLines returns the lines of a report text.
func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n"), nil
}

// kind is the role of a line of a report text.
type kind int

const (
	body      kind = iota
	title          // the first line
	meta           // 索引号：… and the like after the title
	heading1       // 一、
	heading2       // （一）
	heading3       // 1.
	row            // a table row: cells separated by tabs
	signature      // the closing lines: issuer and date
)

var (
	metaLine  = regexp.MustCompile(`^(索引号|发文机构|文号|日期)：`)
	h1Line    = regexp.MustCompile(`^[一二三四五六七八九十]+、`)
	h2Line    = regexp.MustCompile(`^（[一二三四五六七八九十]+）`)
	h3Line    = regexp.MustCompile(`^[0-9]{1,2}\.`)
	issuerEnd = regexp.MustCompile(`(政府|局|委员会)$`)
	dateLine  = regexp.MustCompile(`^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日$`)
)

// classify gives each line its role.
func classify(lines []string) []kind {
	kinds := make([]kind, len(lines))
	n := len(lines)
	for i, l := range lines {
		switch {
		case i == 0:
			kinds[i] = title
		case metaLine.MatchString(l):
			kinds[i] = meta
		case strings.Contains(l, "\t"):
			kinds[i] = row
		case h1Line.MatchString(l):
			kinds[i] = heading1
		case h2Line.MatchString(l):
			kinds[i] = heading2
		case h3Line.MatchString(l):
			kinds[i] = heading3
		case i == n-1 && dateLine.MatchString(l), i == n-2 && issuerEnd.MatchString(l) && dateLine.MatchString(lines[n-1]):
			kinds[i] = signature
		}
	}
	return kinds
}

// stripNumber removes the section number that a list will render.
func stripNumber(l string, k kind) string {
	switch k {
	case heading1:
		return h1Line.ReplaceAllString(l, "")
	case heading2:
		return h2Line.ReplaceAllString(l, "")
	case heading3:
		return h3Line.ReplaceAllString(l, "")
	}
	return l
}

// entry is a file in a zip made here.
type entry struct {
	name  string
	data  []byte
	store bool // stored rather than deflated
}

// fixedTime stamps every entry, so the zips are the same on every run.
var fixedTime = time.Date(2024, 1, 29, 9, 30, 0, 0, time.UTC)

// makeZip writes entries into a zip in their order.
func makeZip(entries []entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: fixedTime}
		if e.store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			log.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
