package corpus

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// stepString writes a step as "date kind[N] by=… no=… body=…", leaving
// out what it does not have.
func stepString(e HistoryEvent) string {
	s := e.Date + " " + e.Kind
	if e.Nth > 0 {
		s += fmt.Sprint(e.Nth)
	}
	for _, f := range []struct{ k, v string }{{"by", e.By}, {"no", e.DocNo}, {"body", e.Body}} {
		if f.v != "" {
			s += " " + f.k + "=" + f.v
		}
	}
	return s
}

func TestParseHistory(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"lawrefbook block",
			"2001年6月15日 中华人民共和国国务院令第306号公布\n2002年12月28日 《国务院关于修改〈中华人民共和国专利法实施细则〉的决定》第一次修订　\n2023年12月11日 《国务院关于修改〈中华人民共和国专利法实施细则〉的决定》第三次修订）",
			[]string{
				"2001-06-15 公布 no=中华人民共和国国务院令第306号 body=中华人民共和国国务院",
				"2002-12-28 修订1 by=国务院关于修改〈中华人民共和国专利法实施细则〉的决定",
				"2023-12-11 修订3 by=国务院关于修改〈中华人民共和国专利法实施细则〉的决定",
			}},
		{"adopted, promulgated, in force",
			"2006年11月1日 国务院第154次常务会议通过\n2006年11月13日 中华人民共和国国务院令第479号公布\n2007年1月1日 施行",
			[]string{
				"2006-11-01 通过 body=国务院第154次常务会议",
				"2006-11-13 公布 no=中华人民共和国国务院令第479号 body=中华人民共和国国务院",
				"2007-01-01 施行",
			}},
		{"a law's note, several steps on one line",
			"1999年4月29日第九届全国人民代表大会常务委员会第九次会议通过　根据2009年8月27日第十一届全国人民代表大会常务委员会第十次会议《全国人民代表大会常务委员会关于修改部分法律的决定》第一次修正　根据2017年9月1日第十二届全国人民代表大会常务委员会第二十九次会议《关于修改〈中华人民共和国法官法〉等八部法律的决定》第二次修正　2023年9月1日第十四届全国人民代表大会常务委员会第五次会议修订",
			[]string{
				"1999-04-29 通过 body=第九届全国人民代表大会常务委员会第九次会议",
				"2009-08-27 修正1 by=全国人民代表大会常务委员会关于修改部分法律的决定 body=第十一届全国人民代表大会常务委员会第十次会议",
				"2017-09-01 修正2 by=关于修改〈中华人民共和国法官法〉等八部法律的决定 body=第十二届全国人民代表大会常务委员会第二十九次会议",
				"2023-09-01 修订 body=第十四届全国人民代表大会常务委员会第五次会议",
			}},
		{"a 规章's note with its order numbers",
			"2001年9月25日河北省人民政府令〔2001〕第15号公布 根据2003年6月5日河北省人民政府令〔2003〕第3号第一次修订 根据2024年5月20日河北省人民政府令〔2024〕第1号修正",
			[]string{
				"2001-09-25 公布 no=河北省人民政府令〔2001〕第15号 body=河北省人民政府",
				"2003-06-05 修订1 no=河北省人民政府令〔2003〕第3号 body=河北省人民政府",
				"2024-05-20 修正 no=河北省人民政府令〔2024〕第1号 body=河北省人民政府",
			}},
		{"in force from a later date",
			"2023年11月17日河北省人民政府令〔2023〕第10号公布，自2024年1月1日起施行",
			[]string{"2023-11-17 公布 no=河北省人民政府令〔2023〕第10号 body=河北省人民政府", "2024-01-01 施行"}},
		{"a revision adopted by a meeting is a revision",
			"2008年11月5日 国务院第34次常务会议修订通过",
			[]string{"2008-11-05 修订 body=国务院第34次常务会议"}},
		{"approval then a revision it made",
			"1993年8月31日 国务院批准\n1999年6月12日 国务院批准修订",
			[]string{"1993-08-31 批准 body=国务院", "1999-06-12 修订 body=国务院"}},
		{"废止 inside the deciding title is no repeal",
			"2011年1月8日 《国务院关于废止和修改部分行政法规的决定》第一次修订",
			[]string{"2011-01-08 修订1 by=国务院关于废止和修改部分行政法规的决定"}},
		{"a repeal",
			"2016年2月6日 《国务院关于废止部分行政法规的决定》废止",
			[]string{"2016-02-06 废止 by=国务院关于废止部分行政法规的决定"}},
		{"joint issuers one a line, then an undated step",
			"1980年12月9日 国务院批准\n1980年12月27日 国家经济委员会\n国家基本建设委员会\n国家档案局发布\n发布之日施行",
			[]string{"1980-12-09 批准 body=国务院", "1980-12-27 发布 body=国家经济委员会、国家基本建设委员会、国家档案局", " 施行"}},
		{"undated issuers gathered until one issues",
			"1981年10月13日 国务院批准\n文化部\n海关总署发布",
			[]string{"1981-10-13 批准 body=国务院", " 发布 body=文化部、海关总署"}},
		{"a local order and its amendment",
			"1994年8月17日市人民政府第17号令发布、根据1997年12月31日市人民政府第12号令修改",
			[]string{"1994-08-17 发布 no=市人民政府第17号令 body=市人民政府", "1997-12-31 修正 no=市人民政府第12号令 body=市人民政府"}},
		{"a date in Chinese numerals, nothing said of it",
			"一九九四年十二月六日",
			[]string{"1994-12-06 "}},
		{"a date alone, then who", "1984年4月4日 国务院", []string{"1984-04-04  body=国务院"}},
		{"a date that does not exist is no step", "2019年2月30日 公布", nil},
		{"prose is no history", "为配合《劳动法》的贯彻实施，充分保障劳动者通过劳动获得劳动报酬的合法权益，规范用人单位的工资支付行为，特制定《工资支付暂行规定》。现印发给你们，请结合实际情况贯彻执行。", nil},
		{"a date inside a title starts no step",
			"2020年1月1日 《关于2019年12月31日前施行的规定的决定》修正",
			[]string{"2020-01-01 修正 by=关于2019年12月31日前施行的规定的决定"}},
		{"a document number alone", "劳社部发[2008]3号", []string{"  no=劳社部发[2008]3号"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseHistory(tt.text)
			var gs []string
			for _, e := range got {
				gs = append(gs, stepString(e))
			}
			if strings.Join(gs, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(gs, "\n  "), strings.Join(tt.want, "\n  "))
			}
			checkSteps(t, tt.text, got)
		})
	}
}

// checkSteps checks what every step must be: its Text where Start and End
// say, in order, not overlapping, with a valid date or none.
func checkSteps(t *testing.T, text string, steps []HistoryEvent) {
	t.Helper()
	last := 0
	for _, e := range steps {
		if e.Start < last || e.End < e.Start || e.End > len(text) || text[e.Start:e.End] != e.Text {
			t.Fatalf("step %+v out of place in %q (last end %d)", e, text, last)
		}
		last = e.End
		if e.Date != "" {
			if d, ok := NormalizeDate(e.Date); !ok || d != e.Date {
				t.Fatalf("step %+v has a bad date", e)
			}
		}
		if e.Date == "" && e.Kind == "" && e.DocNo == "" {
			t.Fatalf("step %+v has no date, kind or number", e)
		}
		if utf8.ValidString(text) && !utf8.ValidString(e.Text+e.By+e.DocNo+e.Body) {
			t.Fatalf("step %+v splits a character", e)
		}
	}
}

func TestHistoryText(t *testing.T) {
	tests := []struct {
		name string
		r    Report
		want string
	}{
		{"lawrefbook block", Report{Extra: map[string]string{"history": "2007年1月1日 施行"}}, "2007年1月1日 施行"},
		{"a 规章's 摘要", Report{Extra: map[string]string{"摘要": "(2004年5月15日河北省人民政府令〔2004〕第3号公布 根据2007年4月22日河北省人民政府令〔2007〕第5号第一次修正)"}, Text: "为规范……"},
			"2004年5月15日河北省人民政府令〔2004〕第3号公布 根据2007年4月22日河北省人民政府令〔2007〕第5号第一次修正"},
		{"a law's note under its title", Report{Text: "中华人民共和国行政复议法\n（1999年4月29日第九届全国人民代表大会常务委员会第九次会议通过　2023年9月1日第十四届全国人民代表大会常务委员会第五次会议修订）\n第一章　总则"},
			"1999年4月29日第九届全国人民代表大会常务委员会第九次会议通过　2023年9月1日第十四届全国人民代表大会常务委员会第五次会议修订"},
		{"a summary that is no history", Report{Extra: map[string]string{"摘要": "(一)主要工作"}}, ""},
		{"a bracket further down is no note", Report{Text: "标题\n正文第一段。\n（2020年1月1日起施行）"}, ""},
		{"an unclosed note", Report{Text: "（2020年1月1日公布"}, ""},
	}
	for _, tt := range tests {
		if got := HistoryText(tt.r); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func FuzzParseHistory(f *testing.F) {
	for _, s := range []string{
		"2001年6月15日 中华人民共和国国务院令第306号公布\n2002年12月28日 《国务院关于修改〈X〉的决定》第一次修订　",
		"(2001年9月25日河北省人民政府令〔2001〕第15号公布 根据2003年6月5日河北省人民政府令〔2003〕第3号第一次修订)",
		"1980年12月27日 国家经济委员会\n国家档案局发布\n发布之日施行",
		"一九九四年十二月六日\n○○○○年十月十日",
		"《《2020年1月1日》\n》》第十次修正 根据",
		"２０２０年１月１日 施行\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSteps(t, text, ParseHistory(text))
		HistoryText(Report{Text: text, Extra: map[string]string{"摘要": text}})
	})
}
