package corpus

import (
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
