package corpus

import (
	"reflect"
	"slices"
	"testing"
)

func TestNormalizeLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"文      号", "文号"},
		{"文\u00a0\u00a0\u00a0号", "文号"},
		{"索 引 号：", "索引号"},
		{"标　　题：", "标题"},
		{"发布日期:", "发布日期"},
		{"\u200b成文日期 ", "成文日期"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeLabel(tt.in); got != tt.want {
			t.Errorf("NormalizeLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2022-12-19", "2022-12-19", true},
		{"2022年12月19日", "2022-12-19", true},
		{"2022年1月5日", "2022-01-05", true},
		{"2022/12/19", "2022-12-19", true},
		{"2022.12.19", "2022-12-19", true},
		{"2024-01-15 17:29:00", "2024-01-15", true},
		{" 2024-08-01", "2024-08-01", true},
		{"2023-10-23 08:59", "2023-10-23", true},
		{"20221219", "2022-12-19", true},
		{"２０２２年１２月１９日", "2022-12-19", true},
		{"2019年01月27日", "2019-01-27", true},
		{"2022-02-30", "", false},
		{"2022-13-01", "", false},
		{"20221332", "", false},
		{"2022年度", "", false},
		{"昨天", "", false},
		{"", "", false},
		{"2022-12-19 我们", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeDate(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeDate(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeDocNo(t *testing.T) {
	tests := []struct{ in, want string }{
		{"隆政办发[2022]26号", "隆政办发〔2022〕26号"},
		{"隆政办发（2022）26", "隆政办发〔2022〕26号"},
		{"隆政办发【2022】26号", "隆政办发〔2022〕26号"},
		{"隆政办发〔2022〕26号", "隆政办发〔2022〕26号"},
		{"隆政办发［2022］26号", "隆政办发〔2022〕26号"},
		{"隆政办发〈2022〉26号", "隆政办发〔2022〕26号"},
		{"隆政办发(2022)26号", "隆政办发〔2022〕26号"},
		{" 国发 〔2019〕 5号 ", "国发〔2019〕5号"},
		{"国令第707号", "国令第707号"},
		{"国令第707", "国令第707号"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeDocNo(tt.in); got != tt.want {
			t.Errorf("NormalizeDocNo(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestApplyMetadata(t *testing.T) {
	var r Report
	pairs := [][2]string{
		{"索 引 号：", "000014349/2019-00007"},
		{"发文机关", "国务院办公厅"},
		{"发布机构", "市政府"}, // the first agency stays
		{"主题分类：", "市场监管"},
		{"类别", "其他"}, // the first catalog stays
		{"发文字号", "国办函［2004］57号"},
		{"日期", "2019-02-15"},
		{"成文日期", "2019年01月27日"}, // wins over 日期
		{"发布时间", "2019-02-16"},
		{"发布日期", "2019年02月15日"},
		{"浏览量", "1,234"},
		{"标　　题：", "关于某事的通知"},
		{"公开方式", "主动公开"},
		{"主 题 词", ""},
		{"文      号", ""},
		{"时间", "不详"},
	}
	for _, p := range pairs {
		applyMetadata(&r, p[0], p[1])
	}
	want := Report{
		Title:     "关于某事的通知",
		IndexNo:   "000014349/2019-00007",
		Agency:    "国务院办公厅",
		Catalog:   "市场监管",
		DocNo:     "国办函［2004］57号",
		DocNoNorm: "国办函〔2004〕57号",
		Date:      "2019-01-27",
		Published: "2019-02-15",
		Views:     1234,
		Extra:     map[string]string{"公开方式": "主动公开", "时间": "不详"},
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("applyMetadata:\n got %+v\nwant %+v", r, want)
	}
}

func TestFinishReport(t *testing.T) {
	tests := []struct {
		name string
		in   Report
		want Report
	}{
		{
			name: "year of report from title",
			in:   Report{Title: " 隆阳区2022年度法治政府建设情况的报告 ", Date: "2022-12-19", Published: "2022-12-19"},
			want: Report{Title: "隆阳区2022年度法治政府建设情况的报告", Date: "2022-12-19", Year: 2022, Sections: []Section{}},
		},
		{
			name: "年度 wins over an earlier 年",
			in:   Report{Title: "2024年发布的2023年度报告", Date: "2024-01-02"},
			want: Report{Title: "2024年发布的2023年度报告", Date: "2024-01-02", Year: 2023, Sections: []Section{}},
		},
		{
			name: "plan year",
			in:   Report{Title: "关于印发2023年工作计划的通知", Date: "2022-12-30", Published: "2023-01-04"},
			want: Report{Title: "关于印发2023年工作计划的通知", Date: "2022-12-30", Published: "2023-01-04", Year: 2023, Sections: []Section{}},
		},
		{
			name: "range end is not the year",
			in:   Report{Title: "某区2021—2025年规划", Date: "2021-06-01"},
			want: Report{Title: "某区2021—2025年规划", Date: "2021-06-01", Year: 2021, Sections: []Section{}},
		},
		{
			name: "year of date",
			in:   Report{Title: "政府工作报告", Date: "2019-03-04", DocNo: "海政发(2019)1号", Extra: map[string]string{}},
			want: Report{Title: "政府工作报告", Date: "2019-03-04", DocNo: "海政发(2019)1号", DocNoNorm: "海政发〔2019〕1号", Year: 2019, Sections: []Section{}},
		},
		{
			name: "no year",
			in:   Report{Title: "报告"},
			want: Report{Title: "报告", Sections: []Section{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			finishReport(&got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("finishReport:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestIssuers(t *testing.T) {
	tests := []struct {
		agency string
		want   []string
	}{
		{"河北省人民政府", []string{"河北省人民政府"}},
		{"公安部、外交部、交通部", []string{"公安部", "外交部", "交通部"}},
		{"中国证券监督管理委员会,财政部", []string{"中国证券监督管理委员会", "财政部"}},
		{"国务院办公厅；中央军委办公厅", []string{"国务院办公厅", "中央军事委员会办公厅"}},
		{" 农业部 、财政部、 农业部、", []string{"农业部", "财政部"}},
		{"河北省　人民政府", []string{"河北省　人民政府"}},
		{"", nil},
		{"、，", nil},
		{"国务院、中央军委", []string{"国务院", "中央军事委员会"}},
		{"国务院、中央军事委员会", []string{"国务院", "中央军事委员会"}},
		{"中共中央、国务院", []string{"中国共产党中央委员会", "国务院"}},
		{"人力资源社会保障部、人社部", []string{"人力资源和社会保障部"}},
		{"中共中央纪委", []string{"中共中央纪委"}},
	}
	for _, tt := range tests {
		if got := Issuers(tt.agency); !slices.Equal(got, tt.want) {
			t.Errorf("Issuers(%q) = %q, want %q", tt.agency, got, tt.want)
		}
	}
}
