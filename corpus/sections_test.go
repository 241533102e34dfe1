package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lantai/lantai/internal/testcorpus"
)

// checkSections asserts the invariants every section list must keep.
func checkSections(t testing.TB, text string, secs []Section) {
	t.Helper()
	prev := -1
	for _, s := range secs {
		if s.Start < 0 || s.Start > s.End || s.End > len(text) || s.Start <= prev {
			t.Fatalf("section %s: span [%d,%d] out of order or range (text %d bytes, previous start %d)", s.ID, s.Start, s.End, len(text), prev)
		}
		prev = s.Start
		if s.Level < 1 || s.Level > 3 || s.ID == "" {
			t.Fatalf("section %+v: bad level or ID", s)
		}
		span := text[s.Start:s.End]
		if !utf8.ValidString(span) || !utf8.ValidString(s.Heading) || !utf8.ValidString(s.Text) {
			t.Fatalf("section %s: invalid UTF-8", s.ID)
		}
		if !strings.HasPrefix(span, s.Number) || !strings.Contains(span, s.Heading) || !strings.Contains(span, s.Text) {
			t.Fatalf("section %s: number %q, heading %q or text %q not in its span %q", s.ID, s.Number, s.Heading, s.Text, span)
		}
	}
}

// outline renders sections as "ID level number heading|text" lines.
func outline(secs []Section) string {
	var b strings.Builder
	for _, s := range secs {
		b.WriteString(s.ID + " " + string(rune('0'+s.Level)) + " " + s.Number + " " + s.Heading + "|" + s.Text + "\n")
	}
	return b.String()
}

func TestParseSections(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{
			name: "levels and run-on heading",
			text: "一、总体情况\n（一）对法治建设认识有待提高。个别乡镇重视不够。\n(二)执法力量薄弱\n二、下一步计划\n",
			want: "1 1 一、 总体情况|\n1.1 2 （一） 对法治建设认识有待提高|个别乡镇重视不够。\n1.2 2 (二) 执法力量薄弱|\n2 1 二、 下一步计划|\n",
		},
		{
			name: "inline points",
			text: "（一）加强领导。全年开会3次。一是健全机制；二是强化考核，占比8%；三是抓好培训。",
			want: "1 2 （一） 加强领导|全年开会3次。\n1.1 3 一是 健全机制|\n1.2 3 二是 强化考核，占比8%|\n1.3 3 三是 抓好培训|\n",
		},
		{
			name: "（N） numbered on across chapters",
			text: "一、总体要求\n（一）甲\n（二）乙\n二、重点任务\n（三）丙\n（四）丁\n三、保障\n（五）戊\n（七）不在序列\n",
			want: "1 1 一、 总体要求|\n1.1 2 （一） 甲|\n1.2 2 （二） 乙|\n2 1 二、 重点任务|\n2.1 2 （三） 丙|\n2.2 2 （四） 丁|\n3 1 三、 保障|\n3.1 2 （五） 戊|（七）不在序列\n",
		},
		{
			name: "points restart under a new parent",
			text: "（一）甲\n一是子甲；二是子乙。\n（二）乙\n一是丑甲；二是丑乙。",
			want: "1 2 （一） 甲|\n1.1 3 一是 子甲|\n1.2 3 二是 子乙|\n2 2 （二） 乙|\n2.1 3 一是 丑甲|\n2.2 3 二是 丑乙|\n",
		},
		{
			name: "a lone 一是 is prose",
			text: "一、情况\n统一是原则，一是一，没有二。",
			want: "1 1 一、 情况|统一是原则，一是一，没有二。\n",
		},
		{
			name: "numbers must run in sequence",
			text: "一、甲\n三、不是标题\n二、乙\n（二）不是标题\n（一）丙",
			want: "1 1 一、 甲|三、不是标题\n2 1 二、 乙|（二）不是标题\n2.1 2 （一） 丙|\n",
		},
		{
			name: "years and figures are not numbers",
			text: "一、情况\n2022年，全区完成投资。\n1.5亿元用于民生。\n12月召开会议。\n(2022)号文件",
			want: "1 1 一、 情况|2022年，全区完成投资。\n1.5亿元用于民生。\n12月召开会议。\n(2022)号文件\n",
		},
		{
			name: "arabic lists under a chapter stay level 3",
			text: "一、计划\n1.推进决策。完善程序。\n2、加强队伍\n（1）培训\n（2）考核",
			want: "1 1 一、 计划|\n1.1 3 1. 推进决策|完善程序。\n1.2 3 2、 加强队伍|\n1.3 3 （1） 培训|\n1.4 3 （2） 考核|\n",
		},
		{
			name: "bare numbers are not headings",
			text: "一、\n（一）\n一、情况",
			want: "1 1 一、 情况|\n",
		},
		{
			name: "indented, national style paragraphs",
			text: "　　各位代表：　　一、工作回顾 　　过去一年很不平凡。　　（一）稳定经济。做了很多。\t二、今年安排",
			want: "1 1 一、 工作回顾|过去一年很不平凡。\n1.1 2 （一） 稳定经济|做了很多。\n2 1 二、 今年安排|\n",
		},
		{
			name: "一要 lists",
			text: "（一）加强自身建设\n一要转变作风。二要依法行政。",
			want: "1 2 （一） 加强自身建设|\n1.1 3 一要 转变作风|\n1.2 3 二要 依法行政|\n",
		},
		{
			name: "lines ended by a bare carriage return",
			text: "一、总体情况\r本区坚持依法行政。\r（一）主动公开\r全年公开信息120条。\r二、存在问题\r人员不足。",
			want: "1 1 一、 总体情况|本区坚持依法行政。\n1.1 2 （一） 主动公开|全年公开信息120条。\n2 1 二、 存在问题|人员不足。\n",
		},
		{
			name: "rows of a flattened table are not headings",
			text: "一、总体情况\r概述。\r二、主动公开情况\r略。\r三、收到和处理申请情况\r\r\r申请人情况\r\r\r一、本年新收申请数量\r\r\r18\r\r\r二、上年结转申请数量\r\r\r0\r\r\r三、本年度办理结果\r\r\r（一）予以公开\r\r\r9\r\r\r四、结转下年度继续办理\r\r\r0\r\r\r四、行政复议情况\r无。\r五、存在问题\r人员不足。",
			want: "1 1 一、 总体情况|概述。\n2 1 二、 主动公开情况|略。\n3 1 三、 收到和处理申请情况|申请人情况\r\r\r一、本年新收申请数量\r\r\r18\r\r\r二、上年结转申请数量\r\r\r0\r\r\r三、本年度办理结果\r\r\r（一）予以公开\r\r\r9\r\r\r四、结转下年度继续办理\r\r\r0\n" +
				"4 1 四、 行政复议情况|无。\n5 1 五、 存在问题|人员不足。\n",
		},
		{
			name: "headings run into the sentences of a text without line breaks",
			text: "现将有关事项通知如下：一、总体要求坚持统一、规范的原则。二、主要任务（一）完善制度依照第三条（一）项执行。（二）强化监督（区司法局负责）三、保障措施加强领导。",
			want: "1 1 一、 总体要求坚持统一、规范的原则|\n2 1 二、 主要任务|\n2.1 2 （一） 完善制度依照第三条（一）项执行|\n" +
				"2.2 2 （二） 强化监督（区司法局负责）|\n3 1 三、 保障措施加强领导|\n",
		},
		{
			name: "headings run into each other in a text without line breaks",
			text: "编制本报告。一、总体情况全年公开文件58件。二、主动公开政府信息情况三、收到和处理政府信息公开申请情况四、因政府信息公开工作被申请行政复议、提起行政诉讼情况五、存在的主要问题及改进情况仍存在不足。六、其他需要报告的事项无。",
			want: "1 1 一、 总体情况全年公开文件58件|\n2 1 二、 主动公开政府信息情况|\n3 1 三、 收到和处理政府信息公开申请情况|\n" +
				"4 1 四、 因政府信息公开工作被申请行政复议、提起行政诉讼情况|\n5 1 五、 存在的主要问题及改进情况仍存在不足|\n6 1 六、 其他需要报告的事项无|\n",
		},
		{
			name: "a run-on number must be the next one",
			text: "说明如下。一、总体情况全年公开文件。二、主动公开情况四、收到申请情况。",
			want: "1 1 一、 总体情况全年公开文件|\n2 1 二、 主动公开情况四、收到申请情况|\n",
		},
		{
			name: "a run-on number must follow a heading, not a sentence",
			text: "说明如下。一、总体情况全年公开文件，其中规范性文件二、三件。",
			want: "1 1 一、 总体情况全年公开文件，其中规范性文件二、三件|\n",
		},
		{
			name: "chapters lost in a text without line breaks",
			text: "说明如下。一、总体情况全年公开文件。二、主动公开情况三、收到申请情况仍有不足。六、其他需要报告的事项无。",
			want: "1 1 一、 总体情况全年公开文件|\n2 1 二、 主动公开情况|\n3 1 三、 收到申请情况仍有不足|\n4 1 六、 其他需要报告的事项无|\n",
		},
		{
			name: "no chapter is lost when its number comes later",
			text: "说明如下。一、总体情况全年公开。二、主动公开。五、其他事项。三、收到申请。",
			want: "1 1 一、 总体情况全年公开|\n2 1 二、 主动公开|五、其他事项。\n3 1 三、 收到申请|\n",
		},
		{
			name: "a numeral after a skipped number is prose",
			text: "说明如下。一、总体情况全年公开。二、主动公开工作。五、六月份开展检查。",
			want: "1 1 一、 总体情况全年公开|\n2 1 二、 主动公开工作|五、六月份开展检查。\n",
		},
		{
			name: "no chapter is lost in a text with line breaks",
			text: "一、总体情况\n全年公开。\n二、主动公开\n工作。\n五、其他事项\n无。\n",
			want: "1 1 一、 总体情况|全年公开。\n2 1 二、 主动公开|工作。\n五、其他事项\n无。\n",
		},
		{name: "no sections", text: "各位代表：现在我代表区政府作报告。", want: ""},
		{name: "empty", text: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secs := ParseSections(tt.text)
			checkSections(t, tt.text, secs)
			if got := outline(secs); got != tt.want {
				t.Errorf("ParseSections(%q):\n got:\n%s\nwant:\n%s", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseCNNumber(t *testing.T) {
	tests := []struct {
		in      string
		n, size int
	}{
		{"一、", 1, 3}, {"九是", 9, 3}, {"十、", 10, 3}, {"十一、", 11, 6}, {"二十）", 20, 6},
		{"二十三、", 23, 9}, {"九十九", 99, 9}, {"一十", 0, 0}, {"十十", 0, 0}, {"十二五", 0, 0},
		{"二二", 0, 0}, {"百", 0, 0}, {"", 0, 0},
	}
	for _, tt := range tests {
		if n, size := parseCNNumber(tt.in); n != tt.n || size != tt.size {
			t.Errorf("parseCNNumber(%q) = %d, %d; want %d, %d", tt.in, n, size, tt.n, tt.size)
		}
	}
}

func TestParseSectionsOffsets(t *testing.T) {
	text := "　　一、情况  \n\n（一）甲。乙。一是丙；二是丁。\n\n"
	secs := ParseSections(text)
	checkSections(t, text, secs)
	want := []struct{ span string }{
		{"一、情况"},
		{"（一）甲。乙。"},
		{"一是丙；"},
		{"二是丁。"},
	}
	if len(secs) != len(want) {
		t.Fatalf("got %d sections, want %d:\n%s", len(secs), len(want), outline(secs))
	}
	for i, w := range want {
		if got := text[secs[i].Start:secs[i].End]; got != w.span {
			t.Errorf("section %s span = %q, want %q", secs[i].ID, got, w.span)
		}
	}
}

// TestParseSectionsSeed checks the outline of the real seed report: three
// chapters holding 6, 4 and 8 （一）-level sections, with the 一是 points of
// chapters 一 and 三 under them at level 3.
func TestParseSectionsSeed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testcorpus.Dir(t), "seed", "longyang-2022-fazhi.txt"))
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := Read("seed/longyang-2022-fazhi.txt", data)
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("Read: %d documents, errors %v", len(docs), errs)
	}
	r := docs[0].Report
	checkSections(t, r.Text, r.Sections)
	var chapters []string
	subs := map[string]int{}
	points := map[string]int{}
	for _, s := range r.Sections {
		parent, _, _ := strings.Cut(s.ID, ".") // the chapter
		switch s.Level {
		case 1:
			chapters = append(chapters, s.Heading)
		case 2:
			subs[parent]++
		case 3:
			if strings.Count(s.ID, ".") != 2 || !strings.HasSuffix(s.Number, "是") {
				t.Errorf("point %s %q is not a 一是 point under a level-2 section", s.ID, s.Number)
			}
			points[parent]++
		}
	}
	if got := strings.Join(chapters, "/"); got != "法治政府建设工作情况/存在困难和问题/下一步工作计划" {
		t.Errorf("chapters = %s", got)
	}
	if subs["1"] != 6 || subs["2"] != 4 || subs["3"] != 8 {
		t.Errorf("level-2 sections per chapter = %v, want 1:6 2:4 3:8", subs)
	}
	if points["1"] == 0 || points["2"] != 0 || points["3"] == 0 {
		t.Errorf("一是 points per chapter = %v, want some under 1 and 3, none under 2", points)
	}
	first := r.Sections[2]
	if first.ID != "1.1.1" || first.Number != "一是" || first.Heading != "持续深入学习贯彻习近平法治思想" {
		t.Errorf("first point = %+v", first)
	}
}

// TestParseSectionsNational checks the national reports (TABs and "　　"
// as paragraph breaks) give sane chapters.
func TestParseSectionsNational(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testcorpus.Dir(t), "gov-work-reports-national", "gov_reports1954-2022.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		year, text, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		secs := ParseSections(text)
		checkSections(t, text, secs)
		if year == "2022" {
			var chapters []string
			for _, s := range secs {
				if s.Level == 1 {
					chapters = append(chapters, s.Heading)
				}
			}
			want := "2021年工作回顾/2022年经济社会发展总体要求和政策取向/2022年政府工作任务"
			if got := strings.Join(chapters, "/"); got != want {
				t.Errorf("2022 chapters = %s, want %s", got, want)
			}
		}
	}
}

func FuzzParseSections(f *testing.F) {
	for _, s := range []string{
		"一、总体情况\n（一）对认识有待提高。个别乡镇。\n一是甲；二是乙。",
		"十一、甲\n(1)乙\n1.丙\n2、丁",
		"　　一、回顾　　（一）甲。　　二、安排\t三、",
		"一是\n二是",
		"通知如下：一、要求（一）甲。（二）乙）二、任务",
		"一、情况\r\r\r一、本年新收\r\r\r18\r二、",
		"（",
		"一",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		secs := ParseSections(text)
		if !utf8.ValidString(text) {
			return // decoded text is always valid; this only proves no panic
		}
		checkSections(t, text, secs)
	})
}
