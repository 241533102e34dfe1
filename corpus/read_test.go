package corpus

import (
	"strings"
	"testing"
)

// TestReadTextStartingWithMarkup: a .txt report whose title starts with
// markup is read as text (its markup kept as characters), a .txt that is
// an HTML page as a page.
func TestReadTextStartingWithMarkup(t *testing.T) {
	text := "<script>alert(1)</script>测试区2024年工作报告\n\n发文机构\n测试区人民政府\n日期\n2024-05-06\n\n一、主要工作\n推进依法行政。\n"
	docs, errs := Read("upload/hostile.txt", []byte(text))
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("read: %d docs, %v", len(docs), errs)
	}
	r := docs[0].Report
	if !strings.HasPrefix(r.Title, "<script>") || r.Agency != "测试区人民政府" || len(r.Sections) != 1 {
		t.Errorf("read as %q / %q / %d sections, want the text layout with its markup kept as text", r.Title, r.Agency, len(r.Sections))
	}
	page := "<!DOCTYPE html><html><head><title>测试页</title></head><body><div class=\"article\"><p>测试区推进依法行政工作的报告正文。</p></div></body></html>"
	docs, errs = Read("upload/page.txt", []byte(page))
	if len(errs) > 0 || len(docs) != 1 || strings.Contains(docs[0].Report.Text, "<p>") {
		t.Errorf("an HTML page named .txt: %d docs, %v", len(docs), errs)
	}
}
