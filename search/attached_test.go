package search

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantai/lantai/internal/testdocs"
)

const attachedText = "澜河区2023年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息952条。\n二、收到和处理政府信息公开申请情况\n全年收到政府信息公开申请38件。"

// TestUploadAttachedFile: a DOCX uploaded on its own is read through the
// extractor as a report and found by its text; bytes that only look like
// a PDF are a failure naming the upload.
func TestUploadAttachedFile(t *testing.T) {
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	res, err := s.Ingest(ctx, "lanhe-2023.docx", testdocs.DOCX(attachedText))
	if err != nil || res.Added != 1 || len(res.Failures) != 0 {
		t.Fatalf("upload: %+v, %v", res, err)
	}
	hits := doSearch(t, s, Request{Query: "收到政府信息公开申请38件"})
	if hits.Total != 1 || hits.Hits[0].Title != "澜河区2023年政府信息公开工作年度报告" {
		t.Fatalf("search after upload: %+v", hits.Hits)
	}
	o, err := s.Original(ctx, res.IDs[0])
	if err != nil || !bytes.Equal(o.Data, testdocs.DOCX(attachedText)) || !strings.Contains(o.MediaType, "wordprocessingml") {
		t.Errorf("original: %v", err)
	}

	res, err = s.Ingest(ctx, "broken.pdf", []byte("%PDF-1.7 not really"))
	if err != nil || res.Added != 0 || len(res.Failures) != 1 || !strings.Contains(res.Failures[0].Source, "broken.pdf") {
		t.Errorf("a broken PDF upload: %+v, %v", res, err)
	}
}

// TestFileOfReport: a page's attached file is served by its SHA-256 to
// the page's report only.
func TestFileOfReport(t *testing.T) {
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	root := t.TempDir()
	page := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>澜河区2023年政府信息公开工作年度报告</title></head><body>" +
		"<div class=\"article\"><h1>澜河区2023年政府信息公开工作年度报告</h1><p>详见附件：<a href=\"P0203.docx\">年度报告</a></p></div></body></html>"
	for name, data := range map[string][]byte{"page.html": []byte(page), "P0203.docx": testdocs.DOCX(attachedText)} {
		if err := os.WriteFile(filepath.Join(root, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := s.IngestPaths(ctx, []string{root}, IngestOptions{})
	if err != nil || sum.Added != 1 || sum.Failed != 0 {
		t.Fatalf("ingest: %+v, %v", sum, err)
	}
	hits := doSearch(t, s, Request{Query: "收到政府信息公开申请38件"})
	if hits.Total != 1 {
		t.Fatalf("%d hits for the attachment's text", hits.Total)
	}
	rv, err := s.Report(ctx, hits.Hits[0].ID)
	if err != nil || len(rv.Report.Files) != 1 {
		t.Fatalf("report: %+v, %v", rv, err)
	}
	f := rv.Report.Files[0]
	o, err := s.File(ctx, rv.Report.ID, f.SHA256)
	if err != nil || !bytes.Equal(o.Data, testdocs.DOCX(attachedText)) || o.MediaType != f.MediaType {
		t.Errorf("file: %v", err)
	}
	other := doSearch(t, s, Request{Query: "行政复议"}).Hits[0].ID
	if _, err := s.File(ctx, other, f.SHA256); !errors.Is(err, ErrNotFound) {
		t.Errorf("another report's file: %v, want ErrNotFound", err)
	}
}
