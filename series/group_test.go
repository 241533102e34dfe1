package series

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// groupFixture is a small archive: two bodies, several kinds, duplicates,
// a body written two ways, a one-year kind and titles with no agency.
var groupFixture = []Member{
	{ID: "h12", Title: "海拉尔区2012年政府工作报告", Agency: "海拉尔区人民政府", Year: 2012, Date: "2012-02-29", TextSHA: "t12"},
	{ID: "h15", Title: "海拉尔区人民政府2015年政府工作报告", Year: 2015, Date: "2015-02-05", TextSHA: "t15"},
	{ID: "h19", Title: "呼伦贝尔市海拉尔区2019年政府工作报告", Agency: "呼伦贝尔市海拉尔区人民政府", Year: 2019, Date: "2019-03-04", TextSHA: "t19"},
	// The 2019 report again, from another crawl of the same page.
	{ID: "h19b", Title: "呼伦贝尔市海拉尔区2019年政府工作报告", Agency: "海拉尔区人民政府", Year: 2019, Date: "2019-03-04", TextSHA: "t19"},
	// The same original twice.
	{ID: "g1", Title: "河北省教育厅2019年政府信息公开工作年度报告", Agency: "河北省教育厅", Year: 2019, Date: "2020-01-16", SHA256: "o1"},
	{ID: "g2", Title: "河北省教育厅2019年政府信息公开工作年度报告", Agency: "河北省教育厅", Year: 2019, Date: "2020-01-16", SHA256: "o1"},
	{ID: "g3", Title: "河北省教育厅2020年政府信息公开工作年度报告", Agency: "河北省教育厅", Year: 2020, Date: "2021-01-31", SHA256: "o3"},
	{ID: "g4", Title: "河北省教育厅2021年政府信息公开工作年度报告", Agency: "河北省教育厅", Year: 2021, Date: "2022-01-20"},
	// Another kind of the same body: not in the 信息公开 series.
	{ID: "w1", Title: "河北省教育厅2019年政府网站工作年度报表", Agency: "河北省教育厅", Year: 2019, Date: "2020-01-14"},
	{ID: "w2", Title: "河北省教育厅2020年度政府网站工作年度报表", Agency: "河北省教育厅", Year: 2020, Date: "2021-01-21"},
	// Two notices with the same placeholder text are two notices.
	{ID: "p20", Title: "河北省人力资源和社会保障厅河北省财政厅关于2020年调整退休人员基本养老金有关问题的通知", Agency: "河北省人力资源和社会保障厅", Year: 2020, TextSHA: "stub"},
	{ID: "p21", Title: "河北省人力资源和社会保障厅河北省财政厅关于2021年调整退休人员基本养老金有关问题的通知", Agency: "河北省人力资源和社会保障厅", Year: 2021, TextSHA: "stub"},
	// A title cut short by a list page joins its kind.
	{ID: "p22", Title: "河北省人力资源和社会保障厅河北省财政厅关于2022年调整退休人员基本养老金有关问...", Agency: "河北省人力资源和社会保障厅", Year: 2022},
	// One year only: no series.
	{ID: "f1", Title: "河北省教育厅2019年法治政府建设情况报告", Agency: "河北省教育厅", Year: 2019},
	{ID: "f2", Title: "河北省教育厅关于2019年法治政府建设情况的报告", Agency: "河北省教育厅", Year: 2019},
	// No year: left out.
	{ID: "n1", Title: "河北省教育厅政府网站工作年度报表", Agency: "河北省教育厅"},
}

func TestGroup(t *testing.T) {
	got := Group(groupFixture, nil)
	var lines []string
	for _, s := range got {
		var ids []string
		for _, m := range s.Members {
			ids = append(ids, m.ID)
		}
		lines = append(lines, fmt.Sprintf("%s %v %s", s.Name, s.Years, strings.Join(ids, ",")))
	}
	want := []string{
		"河北省人力资源和社会保障厅 调整退休人员基本养老金有关问题的通知 [2020 2021 2022] p20,p21,p22",
		"河北省教育厅 政府信息公开工作年度报告 [2019 2020 2021] g1,g3,g4",
		"河北省教育厅 政府网站工作年度报表 [2019 2020] w1,w2",
		"海拉尔区人民政府 政府工作报告 [2012 2015 2019] h12,h15,h19",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("Group:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range got {
		if len(s.ID) != 16 || strings.Trim(s.ID, "0123456789abcdef") != "" {
			t.Errorf("%s: ID %q is not 16 hex digits", s.Name, s.ID)
		}
		if s.Agency+" "+s.Kind != s.Name {
			t.Errorf("%s: Agency %q, Kind %q", s.Name, s.Agency, s.Kind)
		}
	}

	// The same series, whatever the input order; IDs are stable.
	reversed := slices.Clone(groupFixture)
	slices.Reverse(reversed)
	again := Group(reversed, nil)
	if len(again) != len(got) {
		t.Fatalf("reversed input: %d series, want %d", len(again), len(got))
	}
	for i := range got {
		if again[i].ID != got[i].ID || !slices.Equal(again[i].Years, got[i].Years) || len(again[i].Members) != len(got[i].Members) {
			t.Errorf("reversed input: series %d is %s %v, want %s %v", i, again[i].ID, again[i].Years, got[i].ID, got[i].Years)
		}
	}
	if id := seriesID("海拉尔区人民政府", "政府工作报告"); got[3].ID != id {
		t.Errorf("ID %s, want %s", got[3].ID, id)
	}
}

func TestGroupAliases(t *testing.T) {
	members := []Member{
		{ID: "a", Title: "青山区2021年法治政府建设情况报告", Agency: "青山区政府", Year: 2021},
		{ID: "b", Title: "青山区人民政府2022年法治政府建设情况报告", Agency: "青山区人民政府", Year: 2022},
	}
	if got := Group(members, DefaultAliases()); len(got) != 0 {
		t.Errorf("without aliases: %d series, want none", len(got))
	}
	a, err := ParseAliases(strings.NewReader("青山区人民政府 青山区政府\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := Group(members, a)
	if len(got) != 1 || got[0].Name != "青山区人民政府 法治政府建设情况报告" || len(got[0].Members) != 2 {
		t.Errorf("with aliases: %+v", got)
	}
}
