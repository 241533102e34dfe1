package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lantai/lantai/internal/testcorpus"
)

func TestReadMarkdownGolden(t *testing.T) {
	docs, errs := readRowFixture(t, "regulation(2021-05-01).md", "部门规章/清河县/regulation(2021-05-01).md", "markdown-regulation")
	if len(docs) != 1 || len(errs) != 0 {
		t.Fatalf("got %d documents and errors %v, want 1 and none", len(docs), errs)
	}
	r := docs[0].Report
	if r.Title != "清河县农村集体资产管理办法" || r.Date != "2021-05-01" || r.DocNo != "清河县人民政府令第9号" || r.Agency != "清河县人民政府" || r.Catalog != "部门规章" {
		t.Errorf("title %q date %q doc no %q agency %q catalog %q", r.Title, r.Date, r.DocNo, r.Agency, r.Catalog)
	}
	if strings.Contains(r.Text, "#") || strings.Contains(r.Text, "INFO END") || strings.Contains(r.Text, "\n\n") {
		t.Errorf("text keeps Markdown syntax: %q", r.Text)
	}
	if !strings.HasPrefix(r.Extra["history"], "2019年3月1日 清河县人民政府第12次常务会议通过\n") {
		t.Errorf("history %q", r.Extra["history"])
	}
	for _, s := range r.Sections {
		if !strings.HasPrefix(r.Text[s.Start:s.End], s.Number) {
			t.Errorf("section %s does not start with its number %q: %q", s.ID, s.Number, r.Text[s.Start:s.End])
		}
	}
}

func TestReadMarkdownHostile(t *testing.T) {
	tests := []struct {
		name, file, data string
		title, date      string
		sections         int
		err              string
	}{
		{name: "no INFO END marker", file: "部门规章/公安部/规定.md", data: "# 清河县测试规定\n\n1999年1月1日 公安部令第1号发布\n\n第一条 本规定自发布之日起施行。\n", title: "清河县测试规定", sections: 1},
		{name: "no title line", file: "行政法规/东光县办法(2030-02-03).md", data: "第一条 为了测试，制定本办法。\n第二条 本办法自公布之日起施行。\n", title: "东光县办法", date: "2030-02-03", sections: 2},
		{name: "title and history only", file: "x.md", data: "# 标题\n\n2020年1月1日 发布\n\n<!-- INFO END -->\n\n", err: "no text after its title and history"},
		{name: "marker only", file: "x.md", data: "<!-- INFO END -->\n", err: "no text"},
		{name: "bad dates", file: "x.md", data: "# 标题\n2020年13月45日 发布\n０２０年1月1日\n<!-- INFO END -->\n正文。\n", title: "标题"},
		{name: "heading markers only", file: "x.md", data: "# 标题\n<!-- INFO END -->\n##\n### \n", err: "no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			docs, errs := Read(tt.file, data)
			checkRowInvariants(t, data, docs, errs)
			if tt.err != "" {
				if len(docs) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.err) {
					t.Fatalf("got %d documents, errors %v; want the error %q", len(docs), errs, tt.err)
				}
				return
			}
			if len(docs) != 1 || len(errs) != 0 {
				t.Fatalf("got %d documents, errors %v", len(docs), errs)
			}
			r := docs[0].Report
			if r.Title != tt.title || r.Date != tt.date || len(r.Sections) != tt.sections {
				t.Errorf("title %q date %q %d sections; want %q %q %d", r.Title, r.Date, len(r.Sections), tt.title, tt.date, tt.sections)
			}
		})
	}
}

func TestRegulationHistory(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  historyFacts
	}{
		{"ministry order", []string{"1996年9月19日 经国务院批准", "1996年10月3日 中华人民共和国交通部令第8号发布　"}, historyFacts{"1996-10-03", "中华人民共和国交通部令第8号", "交通部"}},
		{"state council revisions", []string{"2013年7月1日 中华人民共和国国务院令第638号公布", "根据2016年2月6日《国务院关于修改部分行政法规的决定》第一次修订", "2013年10月1日 施行"}, historyFacts{"2016-02-06", "中华人民共和国国务院令第638号", "国务院"}},
		{"joint release", []string{"1986年12月3日 国务院批准", "1986年12月26日 公安部、外交部、交通部发布"}, historyFacts{"1986-12-26", "", "公安部、外交部、交通部"}},
		{"local congress", []string{"1999年3月30日 北京市第十一届人民代表大会常务委员会第九次会议通过"}, historyFacts{"1999-03-30", "", "北京市人民代表大会常务委员会"}},
		{"full-width digits, order after number", []string{"２０１２年１２月１９日 中华人民共和国公安部令第１２５号发布，", "1997年4月10日 海关总署第61号令发布"}, historyFacts{"2012-12-19", "海关总署第61号令", "海关总署"}},
		{"meeting", []string{"2006年11月17日 北京市人民政府第56次常务会议审议通过", "2007年1月1日 施行"}, historyFacts{"2006-11-17", "", "北京市人民政府"}},
		{"bracketed order number", []string{"(2001年9月25日河北省人民政府令〔2001〕第15号公布 根据2003年6月5日河北省人民政府令〔2003〕第3号第一次修订)"}, historyFacts{"2003-06-05", "河北省人民政府令〔2003〕第3号", "河北省人民政府"}},
		{"announcement", []string{"2020年5月1日 北京市人民代表大会常务委员会公告〔2020〕第3号公布"}, historyFacts{"2020-05-01", "北京市人民代表大会常务委员会公告〔2020〕第3号", "北京市人民代表大会常务委员会"}},
		{"nothing dated", []string{"劳部发〔1994〕489号", "劳动部"}, historyFacts{}},
	}
	for _, tt := range tests {
		if got := regulationHistory(tt.lines); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// sectionShape is the part of a Section the structure tests compare.
type sectionShape struct {
	ID      string
	Level   int
	Number  string
	Heading string
}

func TestParseRegulationSections(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []sectionShape
	}{
		{
			name: "chapters and articles",
			text: "第一章 总则\n第一条 为了测试，制定本办法。适用于全县。\n第二条　本办法所称资产：\n（一）资源性资产。\n第二章  附则\n第三条 本办法自公布之日起施行。",
			want: []sectionShape{{"1", 1, "第一章", "总则"}, {"1.1", 2, "第一条", "为了测试，制定本办法。"}, {"1.2", 2, "第二条", "本办法所称资产："}, {"2", 1, "第二章", "附则"}, {"2.1", 2, "第三条", "本办法自公布之日起施行。"}},
		},
		{
			name: "articles without chapters",
			text: "　　第一条 一。\n　　第二条 二。\n",
			want: []sectionShape{{"1", 1, "第一条", "一。"}, {"2", 1, "第二条", "二。"}},
		},
		{
			name: "sections (节) and 之一",
			text: "第一章总则\n第一节 一般规定\n第一条 甲。\n第一条之一 乙。\n第二节 特别规定\n第二条 丙。\n第二章 附则\n第三条 丁。",
			want: []sectionShape{{"1", 1, "第一章", "总则"}, {"1.1", 2, "第一节", "一般规定"}, {"1.1.1", 3, "第一条", "甲。"}, {"1.1.2", 3, "第一条之一", "乙。"}, {"1.2", 2, "第二节", "特别规定"}, {"1.2.1", 3, "第二条", "丙。"}, {"2", 1, "第二章", "附则"}, {"2.1", 2, "第三条", "丁。"}},
		},
		{
			name: "parts (编)",
			text: "第一编 总则\n第一章 基本规定\n第一条 甲。",
			want: []sectionShape{{"1", 1, "第一编", "总则"}, {"1.1", 2, "第一章", "基本规定"}, {"1.1.1", 3, "第一条", "甲。"}},
		},
		{
			name: "references are not headings",
			text: "第一条 甲。\n第三条规定的事项，从其规定。\n第二章规定的程序，适用本条。\n第二条 乙。",
			want: []sectionShape{{"1", 1, "第一条", "甲。"}, {"2", 1, "第二条", "乙。"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseRegulationSections(tt.text)
			var shapes []sectionShape
			for _, s := range got {
				shapes = append(shapes, sectionShape{s.ID, s.Level, s.Number, s.Heading})
				if s.Start < 0 || s.Start > s.End || s.End > len(tt.text) || !strings.HasPrefix(tt.text[s.Start:], s.Number) {
					t.Errorf("section %s span [%d,%d) is wrong", s.ID, s.Start, s.End)
				}
			}
			if !reflect.DeepEqual(shapes, tt.want) {
				t.Errorf("got  %+v\nwant %+v", shapes, tt.want)
			}
		})
	}
}

func TestParseRegulationSectionsText(t *testing.T) {
	text := "第一章 总则\n第一条 为了测试，制定本办法。适用于全县。\n其他段落。\n第二条 乙。"
	got := ParseRegulationSections(text)
	if len(got) != 3 {
		t.Fatalf("got %d sections", len(got))
	}
	if got[0].Text != "" || got[0].End != len("第一章 总则") {
		t.Errorf("chapter text %q end %d", got[0].Text, got[0].End)
	}
	if got[1].Text != "适用于全县。\n其他段落。" || text[got[1].End-len("其他段落。"):got[1].End] != "其他段落。" {
		t.Errorf("article text %q, span ends %q", got[1].Text, text[got[1].Start:got[1].End])
	}
}

// TestReadMarkdownRealCorpus reads the 899 lawrefbook regulations.
func TestReadMarkdownRealCorpus(t *testing.T) {
	root := filepath.Join(testcorpus.Dir(t), "lawrefbook-regs")
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "SOURCE.md" {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) != 899 {
		t.Fatalf("found %d regulations (%v), want 899", len(files), err)
	}
	var dated, sectioned, withDocNo int
	catalogs := make(map[string]int)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(root, f)
		docs, errs := Read(filepath.ToSlash(name), data)
		checkRowInvariants(t, data, docs, errs)
		if len(docs) != 1 || len(errs) != 0 {
			t.Errorf("%s: %d documents, errors %v", name, len(docs), errs)
			continue
		}
		r := docs[0].Report
		if r.Title == "" || r.Agency == "" || r.Format != FormatMarkdown || strings.Contains(r.Text, "## ") {
			t.Errorf("%s: title %q agency %q format %q", name, r.Title, r.Agency, r.Format)
		}
		catalogs[r.Catalog]++
		if r.Date != "" {
			dated++
		}
		if len(r.Sections) > 0 {
			sectioned++
		}
		if r.DocNo != "" {
			withDocNo++
		}
	}
	if dated < 890 || sectioned < 890 || withDocNo < 450 {
		t.Errorf("%d dated, %d with sections, %d with a 令号 of 899", dated, sectioned, withDocNo)
	}
	want := map[string]int{"行政法规": 683, "部门规章": 29, "地方性法规": 187}
	if !reflect.DeepEqual(catalogs, want) {
		t.Errorf("catalogs %v, want %v", catalogs, want)
	}
}

func FuzzReadMarkdown(f *testing.F) {
	addFuzzFixtures(f, "regulation(2021-05-01).md")
	f.Add([]byte("# t\n1999年1月1日 国务院令第1号公布\n<!-- INFO END -->\n## 第一章\n第一条\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "行政法规/f(2020-01-01).md", data) })
}

func FuzzParseRegulationSections(f *testing.F) {
	f.Add("第一章 总则\n第一条 为了测试，制定本办法。\n第二节\n第一条之一 乙。\n")
	f.Add("第一编\n第一章总则\n第二章\n第三条 \n第四条")
	f.Add("一、总体\n（一）分项\n")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			t.Skip("report texts are valid UTF-8")
		}
		for _, s := range ParseRegulationSections(text) {
			if s.Start < 0 || s.Start > s.End || s.End > len(text) {
				t.Fatalf("section %s spans [%d,%d) of %d bytes", s.ID, s.Start, s.End, len(text))
			}
			if !utf8.ValidString(text[s.Start:s.End]) || !utf8.ValidString(s.Heading) || !utf8.ValidString(s.Text) {
				t.Fatalf("section %s cuts a character", s.ID)
			}
			if s.Level < 1 || s.ID == "" {
				t.Fatalf("section %+v has no level or id", s)
			}
		}
	})
}
