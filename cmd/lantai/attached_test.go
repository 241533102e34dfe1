package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copyFixture copies a file of the extract package's testdata into dir.
func copyFixture(t *testing.T, dir, from, to string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "extract", "testdata", filepath.FromSlash(from)))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.FromSlash(to))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestIngestAttachedFiles runs the real binary over what a crawler leaves:
// a CSV export whose row's body was a PDF attachment, the downloaded PDF,
// and hostile files. The row's report gets the PDF's text and sections and
// keeps the PDF byte for byte (served by the API); every hostile file is
// named with what is wrong with it, a scan is stored with a note, and none
// of it takes more than the extraction limits.
func TestIngestAttachedFiles(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "crawl")
	data := filepath.Join(root, "data")
	pdf := copyFixture(t, in, "pdf/qinghe-2023-xxgk-chromium.pdf", "downloads/P020240115391275.pdf")
	csv := "标题,发布日期,内容,附件链接\n" +
		"青禾县2023年政府信息公开工作年度报告,2024-01-15,,https://www.qinghe.gov.cn/xxgk/P020240115391275.pdf\n"
	if err := os.WriteFile(filepath.Join(in, "年报.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"bomb.pdf", "encrypted.pdf", "truncated.pdf", "garbage.pdf", "scan.pdf", "truncated.docx", "encrypted.docx", "deep-nesting.docx", "doc-huge-stream.doc", "invalid-xml.ofd"} {
		copyFixture(t, in, "hostile/"+h, "hostile/"+h)
	}

	start := time.Now()
	r := lantai(t, data, "ingest", in)
	took := time.Since(start)
	if r.code != 1 {
		t.Fatalf("ingest: exit %d, want 1 (hostile files failed)\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, h := range []string{"bomb.pdf", "encrypted.pdf", "truncated.pdf", "garbage.pdf", "truncated.docx", "encrypted.docx", "deep-nesting.docx", "doc-huge-stream.doc", "invalid-xml.ofd"} {
		if !strings.Contains(r.stdout, "FAILED crawl/hostile/"+h+": ") {
			t.Errorf("%s is not named as failed:\n%s", h, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "NOTE crawl/hostile/scan.pdf: no text layer") || !strings.Contains(r.stdout, "added 2,") {
		t.Errorf("want the row's report and the scan added, the scan noted:\n%s", r.stdout)
	}
	t.Logf("ingest of 1 row, 1 PDF and 10 hostile files: %s", took.Round(time.Millisecond))

	g := lantai(t, data, "search", "--json", "政府信息公开申请")
	var res struct {
		Hits []struct{ ID, Title string } `json:"hits"`
	}
	if err := json.Unmarshal([]byte(g.stdout), &res); err != nil || len(res.Hits) == 0 || res.Hits[0].Title != "青禾县2023年政府信息公开工作年度报告" {
		t.Fatalf("search for the PDF's text: %v %s %s", err, g.stdout, g.stderr)
	}
	got := lantai(t, data, "get", "--json", res.Hits[0].ID)
	var rep struct {
		Text     string `json:"text"`
		Sections []struct {
			Level int `json:"level"`
		} `json:"sections"`
		Files []struct {
			Name, URL, SHA256, Format string
			Pages                     int
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(got.stdout), &rep); err != nil {
		t.Fatal(err, got.stdout)
	}
	level1 := 0
	for _, s := range rep.Sections {
		if s.Level == 1 {
			level1++
		}
	}
	if len(rep.Files) != 1 || rep.Files[0].Format != "pdf" || rep.Files[0].Pages == 0 || level1 < 5 {
		t.Fatalf("the row's report: %d level-1 sections, files %+v", level1, rep.Files)
	}

	base := startServe(t, data)
	resp, err := http.Get(base + "/api/reports/" + res.Hits[0].ID + "/files/" + rep.Files[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.Equal(body, pdf) {
		t.Errorf("download: %d %s, %d bytes (want the PDF's %d, byte for byte)", resp.StatusCode, resp.Header.Get("Content-Type"), len(body), len(pdf))
	}
	if r := lantai(t, data, "check"); r.code != 0 {
		t.Errorf("check after the ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
