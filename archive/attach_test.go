package archive

import (
	"context"
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/internal/testdocs"
)

// docxOf is a DOCX holding text.
func docxOf(_ *testing.T, text string) string { return string(testdocs.DOCX(text)) }

// portalPage is an invented disclosure page whose body is only a link to
// its attachments.
func portalPage(title, indexNo string, links ...string) string {
	var a strings.Builder
	for _, l := range links {
		a.WriteString(`<p><a href="` + l + `">` + l + `</a></p>`)
	}
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title>` +
		`<meta name="ArticleTitle" content="` + title + `"><meta name="PubDate" content="2024-01-20"></head><body>` +
		`<table><tr><td>索引号：</td><td>` + indexNo + `</td></tr><tr><td>发布机构：</td><td>青溪县人民政府办公室</td></tr></table>` +
		`<div class="article"><h1>` + title + `</h1><p>详见附件。</p>` + a.String() + `</div></body></html>`
}

const attachedReport = "青溪县2023年政府信息公开工作年度报告\n一、总体情况\n2023年，青溪县主动公开政府信息1286条。\n二、收到和处理政府信息公开申请情况\n全年共收到政府信息公开申请57件。\n三、存在的主要问题及改进情况\n公开质量有待提高。"

func TestIngestAttachments(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		// A page with one attachment saved beside it: its text becomes
		// the page's body.
		"site/2024/page1.html":            portalPage("青溪县2023年政府信息公开工作年度报告", "QX-2024-0001", "files/P020240120.docx"),
		"site/2024/files/P020240120.docx": docxOf(t, attachedReport),
		// A page with two attachments, found by name in the download
		// folder: each becomes a report of its own, linked to the page.
		"site/2024/page2.html": portalPage("关于印发两个方案的通知", "QX-2024-0002",
			"https://www.qingxi.gov.cn/xxgk/P0201.docx", "https://www.qingxi.gov.cn/xxgk/P0202.docx"),
		"downloads/P0201.docx": docxOf(t, "青溪县营商环境优化方案\n一、总体要求\n持续优化营商环境。"),
		"downloads/P0202.docx": docxOf(t, "青溪县法治宣传教育方案\n一、工作目标\n全面开展普法。"),
		// A file no page links to, and one that is no document at all.
		"downloads/alone.docx": docxOf(t, "青溪县2022年法治政府建设情况报告\n一、主要工作\n依法行政。"),
		"downloads/broken.pdf": "%PDF-1.7 this is not a PDF at all",
	})
	a := openTestArchive(t, t.TempDir())
	sum, err := Ingest(context.Background(), a, []string{root}, IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 5 || sum.Failed != 1 || !strings.Contains(sum.Failures[0].Source, "broken.pdf") {
		t.Fatalf("summary: added %d, failures %+v; want 5 added (2 pages, 2 children, 1 alone) and broken.pdf failed", sum.Added, sum.Failures)
	}
	byTitle := map[string]corpus.Report{}
	if err := a.Each(func(r corpus.Report) error { byTitle[r.Title] = r; return nil }); err != nil {
		t.Fatal(err)
	}

	one := byTitle["青溪县2023年政府信息公开工作年度报告"]
	if !strings.Contains(one.Text, "全年共收到政府信息公开申请57件") || len(one.Sections) != 3 || len(one.Files) != 1 {
		t.Fatalf("page with one attachment: text %q, %d sections, files %+v", one.Text, len(one.Sections), one.Files)
	}
	f := one.Files[0]
	if f.Name != root[strings.LastIndex(root, "/")+1:]+"/site/2024/files/P020240120.docx" || f.Format != "docx" || f.URL != "files/P020240120.docx" || f.Problem != "" {
		t.Errorf("its file: %+v", f)
	}
	if b, _, err := a.Original(f.SHA256); err != nil || string(b) != docxOf(t, attachedReport) {
		t.Errorf("the attached file is not stored byte for byte: %v", err)
	}

	two := byTitle["关于印发两个方案的通知"]
	if len(two.Files) != 2 || two.Files[0].ReportID == "" || two.Files[1].ReportID == "" {
		t.Fatalf("page with two attachments: files %+v", two.Files)
	}
	for _, title := range []string{"青溪县营商环境优化方案", "青溪县法治宣传教育方案"} {
		c, ok := byTitle[title]
		if !ok || c.ParentID != two.ID || c.Agency != two.Agency || c.Format != "docx" || len(c.Sections) != 1 {
			t.Errorf("child %s: %+v", title, c)
		}
		if orig, err := a.OriginalOf(c.ID); err != nil || !strings.HasPrefix(string(orig.Data), "PK") || !strings.Contains(orig.MediaType, "wordprocessingml") {
			t.Errorf("child %s's original: %v", title, err)
		}
	}
	if alone, ok := byTitle["青溪县2022年法治政府建设情况报告"]; !ok || alone.Year != 2022 || alone.Format != "docx" {
		t.Errorf("unlinked file: %+v", alone)
	}

	// The same inputs again change nothing.
	sum, err = Ingest(context.Background(), a, []string{root}, IngestOptions{})
	if err != nil || sum.Unchanged != 5 || sum.Added+sum.Updated != 0 {
		t.Errorf("second ingest: %+v, %v; want all 5 unchanged", sum, err)
	}

	// A reparse cannot read attached files again without an extractor:
	// their texts, the pages' bodies and files stay as stored.
	if rs, err := a.Reparse(context.Background(), nil); err != nil || rs.Changed != 0 {
		t.Errorf("reparse: %+v, %v; want nothing changed", rs, err)
	}
	if again, err := a.Get(one.ID); err != nil || again.Text != one.Text || len(again.Files) != 1 {
		t.Errorf("after reparse: %d files, text kept %v, %v", len(again.Files), again.Text == one.Text, err)
	}
}
