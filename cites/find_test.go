package cites

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// found is a citation as the tables write it.
type found struct {
	kind, text, key, variant string
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, text string
		want       []found
	}{
		{"lead-in verb", "根据国办发〔2017〕47号文件", []found{{KindDocNo, "国办发〔2017〕47号", "国办发〔2017〕47号", ""}}},
		{"notice pattern", "印发《河北省数字经济促进办法》的通知（冀政办字〔2020〕1号）", []found{
			{KindTitle, "河北省数字经济促进办法", "河北省数字经济促进办法", ""},
			{KindDocNo, "冀政办字〔2020〕1号", "冀政办字〔2020〕1号", ""}}},
		{"square", "见国发[2017]5号", []found{{KindDocNo, "国发[2017]5号", "国发〔2017〕5号", ""}}},
		{"full-width square", "（国发［2017］5号）", []found{{KindDocNo, "国发［2017］5号", "国发〔2017〕5号", ""}}},
		{"round", "（国发(2017)5号）", []found{{KindDocNo, "国发(2017)5号", "国发〔2017〕5号", ""}}},
		{"full-width round", "（国发（2017）5号）", []found{{KindDocNo, "国发（2017）5号", "国发〔2017〕5号", ""}}},
		{"lenticular", "冀教职成【2019】23号", []found{{KindDocNo, "冀教职成【2019】23号", "冀教职成〔2019〕23号", ""}}},
		{"small tortoise", "冀政复终﹝2020﹞2号", []found{{KindDocNo, "冀政复终﹝2020﹞2号", "冀政复终〔2020〕2号", ""}}},
		{"full-width digits", "中办发〔２００２〕１７号", []found{{KindDocNo, "中办发〔２００２〕１７号", "中办发〔2002〕17号", ""}}},
		{"mixed pair", "（人社部发（2019〕12号）", []found{{KindDocNo, "人社部发（2019〕12号", "人社部发〔2019〕12号", ""}}},
		{"spaces", "冀政办字 〔2020〕 1 号", []found{{KindDocNo, "冀政办字 〔2020〕 1 号", "冀政办字〔2020〕1号", ""}}},
		{"no 号 at a clause end", "（冀政复终﹝2020﹞2）", []found{{KindDocNo, "冀政复终﹝2020﹞2", "冀政复终〔2020〕2号", ""}}},
		{"leading zero", "国科发高字〔1999〕097号", []found{{KindDocNo, "国科发高字〔1999〕097号", "国科发高字〔1999〕97号", ""}}},
		{"date before", "1997年9月10日国家科委国科发政字[1997]430号", []found{{KindDocNo, "国科发政字[1997]430号", "国科发政字〔1997〕430号", ""}}},
		{"body before", "按照国务院办公厅国办发明电〔2020〕6号", []found{{KindDocNo, "国办发明电〔2020〕6号", "国办发明电〔2020〕6号", ""}}},
		{"title before", "关于加快发展人力资源服务业的意见人社部发〔2014〕104号", []found{{KindDocNo, "人社部发〔2014〕104号", "人社部发〔2014〕104号", ""}}},
		{"two in a row", "国发〔2019〕4号、国办发〔2018〕126号", []found{
			{KindDocNo, "国发〔2019〕4号", "国发〔2019〕4号", ""}, {KindDocNo, "国办发〔2018〕126号", "国办发〔2018〕126号", ""}}},
		{"order", "（国务院令第588号）", []found{{KindDocNo, "国务院令第588号", "国务院令第588号", ""}}},
		{"order full name", "中华人民共和国国务院令第751号", []found{{KindDocNo, "中华人民共和国国务院令第751号", "国务院令第751号", ""}}},
		{"order joint", "（国务院、中央军委令第759号）", []found{{KindDocNo, "国务院、中央军委令第759号", "国务院、中央军事委员会令第759号", ""}}},
		{"order renamed body", "2014年7月30日原国家食品药品监督管理总局令第7号公布", []found{{KindDocNo, "国家食品药品监督管理总局令第7号", "国家食品药品监督管理总局令第7号", ""}}},
		{"order with year", "河北省人民政府令〔2017〕第1号", []found{{KindDocNo, "河北省人民政府令〔2017〕第1号", "河北省人民政府令〔2017〕第1号", ""}}},
		{"yearly", "国家税务总局公告2015年第89号", []found{{KindDocNo, "国家税务总局公告2015年第89号", "国家税务总局公告2015年第89号", ""}}},
		{"nested inner marks", "《关于印发〈国家职业教育改革实施方案〉的通知》", []found{
			{KindTitle, "关于印发〈国家职业教育改革实施方案〉的通知", "关于印发国家职业教育改革实施方案的通知", ""},
			{KindTitle, "国家职业教育改革实施方案", "国家职业教育改革实施方案", ""}}},
		{"nested double marks", "《关于印发《工伤保险条例》的通知》", []found{
			{KindTitle, "关于印发《工伤保险条例》的通知", "关于印发工伤保险条例的通知", ""},
			{KindTitle, "工伤保险条例", "工伤保险条例", ""}}},
		{"ascii inner marks", "《关于修改<人才市场管理规定>的决定》", []found{
			{KindTitle, "关于修改<人才市场管理规定>的决定", "关于修改人才市场管理规定的决定", ""},
			{KindTitle, "人才市场管理规定", "人才市场管理规定", ""}}},
		{"short name of a law", "依据《中华人民共和国劳动法》", []found{{KindTitle, "中华人民共和国劳动法", "劳动法", ""}}},
		{"trial edition", "《河北省科技计划管理办法（试行）》", []found{{KindTitle, "河北省科技计划管理办法（试行）", "河北省科技计划管理办法", "试行"}}},
		{"draft revision", "《北京市物业管理条例(修订草案)》", []found{{KindTitle, "北京市物业管理条例(修订草案)", "北京市物业管理条例", "修订草案"}}},
		{"newspaper", "刊登在《人民日报》上", nil},
		{"form", "领取《营业执照》和《申报书》", nil},
		{"short name introduced", "《国务院关于加强质量认证体系建设的意见》（以下简称《意见》）。《意见》提出", []found{
			{KindTitle, "国务院关于加强质量认证体系建设的意见", "国务院关于加强质量认证体系建设的意见", ""}}},
		{"bare kind", "这个《通知》", nil},
		{"unclosed mark", "《未闭合的标题\n第二行》", nil},
		{"number without issuer", "2017年第47号", nil},
		{"bracketed year without issuer", "（2017）12号", nil},
		{"article item", "第三条（一）项", nil},
		{"date", "2017年5月4日印发", nil},
		{"count, not a number", "国发〔2017〕5个", nil},
		{"verb only", "印发〔2017〕5号", nil},
		{"implausible year", "国发〔3017〕5号", nil},
		{"not a yearly issuer", "工作会议2017年第4号", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text)
			var gotF []found
			for _, c := range got {
				gotF = append(gotF, found{c.Kind, c.Text, c.Key, c.Variant})
				if tt.text[c.Offset:c.End] != c.Text {
					t.Errorf("text[%d:%d] = %q, Text %q", c.Offset, c.End, tt.text[c.Offset:c.End], c.Text)
				}
			}
			if len(gotF) != len(tt.want) {
				t.Fatalf("Find(%q) = %+v, want %+v", tt.text, gotF, tt.want)
			}
			for i := range gotF {
				if gotF[i] != tt.want[i] {
					t.Errorf("Find(%q)[%d] = %+v, want %+v", tt.text, i, gotF[i], tt.want[i])
				}
			}
		})
	}
}

func TestDocNoKeyOfDocuments(t *testing.T) {
	// A document's 文号 field and a citation of it meet on one key.
	for _, tt := range []struct{ field, cited string }{
		{"隆政办发[2022]26号", "隆政办发（2022）26号"},
		{"中华人民共和国国务院令第751号", "国务院令第751号"},
		{"国令第707号", "国务院令第707号"},
		{"中华人民共和国国务院、中华人民共和国中央军事委员会令第759号", "国务院、中央军委令第759号"},
		{"河北省人民政府令〔2017〕第1号", "河北省人民政府令[2017]第1号"},
	} {
		if a, b := DocNoKey(tt.field), DocNoKey(tt.cited); a != b {
			t.Errorf("DocNoKey(%q) = %q, DocNoKey(%q) = %q", tt.field, a, tt.cited, b)
		}
	}
}

func TestSentence(t *testing.T) {
	text := "第一句。根据国办发〔2017〕47号文件，做好工作；第三句"
	c := Find(text)[0]
	if got, want := Sentence(text, c.Offset, c.End), "根据国办发〔2017〕47号文件，做好工作；"; got != want {
		t.Errorf("Sentence = %q, want %q", got, want)
	}
	long := strings.Repeat("长", 300) + "《工伤保险条例》" + strings.Repeat("长", 300)
	c = Find(long)[0]
	got := Sentence(long, c.Offset, c.End)
	if n := utf8.RuneCountInString(got); n != 2*maxSide+len([]rune("工伤保险条例"))+2 {
		t.Errorf("long sentence is %d runes: %q", n, got)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"根据国办发〔2017〕47号文件", "《关于印发〈方案〉的通知》（冀政办字〔2020〕1号）", "《《《》〈〉<>",
		"国务院、中央军委令第759号", "国家税务总局公告2015年第89号", "中办发〔２００２〕１７号", "\xff《\xfe》令第1号",
		"（以下简称《意见》）《意见》", "1997年9月10日国家科委国科发政字[1997]430号",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// Rune boundaries as Go decodes text: an invalid byte is a rune of
		// its own, so the offsets must fall between runes even then.
		boundaries := map[int]bool{len(text): true}
		for i := range text {
			boundaries[i] = true
		}
		for _, c := range Find(text) {
			if c.Offset < 0 || c.End > len(text) || c.Offset > c.End {
				t.Fatalf("offsets %d:%d out of %d", c.Offset, c.End, len(text))
			}
			if text[c.Offset:c.End] != c.Text {
				t.Fatalf("text[%d:%d] = %q, Text %q", c.Offset, c.End, text[c.Offset:c.End], c.Text)
			}
			for _, at := range []int{c.Offset, c.End} {
				if !boundaries[at] {
					t.Fatalf("offset %d is inside a rune of %q", at, text)
				}
			}
			if c.Kind != KindDocNo && c.Kind != KindTitle || c.Key == "" {
				t.Fatalf("citation %+v", c)
			}
			_ = Sentence(text, c.Offset, c.End)
		}
	})
}
