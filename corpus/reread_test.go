package corpus

import (
	"strings"
	"testing"
)

func TestReread(t *testing.T) {
	text := "青溪县2023年度法治政府建设情况的报告\n\n索引号\nQX-2023-01\n发文机构\n青溪县人民政府\n日期\n2023-12-20\n\n一、主要工作\n全年办理行政复议案件12件。\n二、下一步打算\n持续推进依法行政。\n"
	docs, errs := Read("qx/2023.txt", []byte(text))
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatal(errs)
	}
	current := docs[0].Report
	current.ID = "0123456789abcdef"

	t.Run("unchanged", func(t *testing.T) {
		if _, changed := Reread(current, []byte(text)); changed {
			t.Error("a report parsed by this version reads differently")
		}
	})
	t.Run("stale sections of a whole file", func(t *testing.T) {
		stale := current
		stale.Sections = nil
		stale.Agency = "旧的解析"
		r, changed := Reread(stale, []byte(text))
		if !changed || len(r.Sections) != 2 || r.Agency != "青溪县人民政府" || r.ID != current.ID {
			t.Errorf("changed %v, %d sections, agency %q, id %q", changed, len(r.Sections), r.Agency, r.ID)
		}
	})
	t.Run("a CSV row keeps its metadata", func(t *testing.T) {
		row := Report{Source: "hebei/x.csv#7", Format: FormatCSV, Title: "通知", Agency: "河北省教育厅",
			Text: "一、总体要求\n内容。\n二、工作任务\n内容。"}
		r, changed := Reread(row, []byte("通知,\"一、总体要求\n内容。\"\n"))
		if !changed || len(r.Sections) != 2 || r.Agency != "河北省教育厅" || r.Source != row.Source {
			t.Errorf("changed %v, %+v", changed, r)
		}
	})
	t.Run("a page whose body came from its attachment", func(t *testing.T) {
		page := current
		page.Text = "一、总体情况\n附件里的正文。\n二、主要工作\n内容。"
		page.Sections = nil
		page.Files = []File{{Name: "qx/P0201.pdf", SHA256: strings.Repeat("ab", 32), Format: "pdf"}}
		r, changed := Reread(page, []byte(text))
		if !changed || r.Text != page.Text || len(r.Files) != 1 || len(r.Sections) != 2 {
			t.Errorf("changed %v, text %q, files %d, %d sections: want the attachment's text and files kept, sections parsed again", changed, r.Text, len(r.Files), len(r.Sections))
		}
	})
	t.Run("an attached file on its own", func(t *testing.T) {
		pdf := Report{Source: "qx/a.pdf", Format: "pdf", Title: "报告", Text: "一、总体情况\n内容。"}
		r, changed := Reread(pdf, []byte("%PDF-1.7 binary"))
		if !changed || r.Text != pdf.Text || r.Title != "报告" || len(r.Sections) != 1 {
			t.Errorf("changed %v, %+v: want the extracted text kept and its sections parsed", changed, r)
		}
	})
	t.Run("a reread that would be another report", func(t *testing.T) {
		other := current
		other.IndexNo = "QX-OTHER"
		other.Sections = nil
		r, changed := Reread(other, []byte(text))
		if !changed || r.IndexNo != "QX-OTHER" || len(r.Sections) != 2 {
			t.Errorf("changed %v, 索引号 %q, %d sections: want the stored metadata with new sections", changed, r.IndexNo, len(r.Sections))
		}
	})
}
