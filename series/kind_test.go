package series

import (
	"strings"
	"testing"
)

func TestKind(t *testing.T) {
	tests := []struct{ title, want string }{
		{"国务院2014年政府工作报告", "政府工作报告"},
		{"2014年政府工作报告", "政府工作报告"},
		{"河北省教育厅2019年政府信息公开工作年度报告", "政府信息公开工作年度报告"},
		{"河北省教育厅2018年度政府信息公开工作年度报告", "政府信息公开工作年度报告"},
		{"河北省工业和信息化厅2017年政府信息公开报告", "政府信息公开工作年度报告"},
		{"河北省教育厅2013年度政府信息公开总结", "政府信息公开工作年度报告"},
		{"2012年政府信息公开工作总结", "政府信息公开工作年度报告"},
		{"河北省教育厅2019年政府网站工作年度报表", "政府网站工作年度报表"},
		{"河北省科学技术厅政府网站工作年报（2022年度）", "河北省科学技术厅政府网站工作年报"},
		{"关于2021年调整退休人员基本养老金的通知", "调整退休人员基本养老金的通知"},
		{"河北省人力资源和社会保障厅河北省财政厅关于2020年调整退休人员基本养老金有关问题的通知", "调整退休人员基本养老金有关问题的通知"},
		{"河北省人民政府办公厅关于印发2018年立法工作计划的通知", "立法工作计划"},
		{"河北省人民政府办公厅 关于印发2017年立法工作计划的通知", "立法工作计划"},
		{"2018年度法治政府建设情况报告", "法治政府建设情况报告"},
		{"河北省工业和信息化厅2018年法治政府建设情况", "法治政府建设情况报告"},
		{"河北省工业和信息化厅关于2019年法治政府建设情况的报告", "法治政府建设情况报告"},
		{"海拉尔区人民政府2015年政府工作报告", "政府工作报告"},
		{"呼伦贝尔市海拉尔区2019年政府工作报告", "政府工作报告"},
		{"青山区人民政府二〇一九年政府工作报告", "政府工作报告"},
		{"青山区二零二零年度法治政府建设情况报告", "法治政府建设情况报告"},
		{"1964年国务院政府工作报告（摘要）", "国务院政府工作报告"},
		{"1986年政府工作报告关于第七个五年计划的报告", "政府工作报告"},
		{"1990年政府工作报告为我国政治经济和社会的进一步稳定发展而奋斗", "政府工作报告"},
		{"1982年国务院政府工作报告 关于第六个五年计划的报告", "国务院政府工作报告"},
		{"１９９６年政府工作报告", "政府工作报告"},
		{"青山区“十四五”规划【征求意见稿】", "青山区十四五规划"},
		{"青山区2016—2020年规划纲要", "规划纲要"},
		{"〔2021〕青山区2021年工作要点", "工作要点"},
		{"河北省科学技术厅2017年政府信息公开工作年度报...", "政府信息公开工作年度报"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Kind(tt.title); got != tt.want {
			t.Errorf("Kind(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestKindFor(t *testing.T) {
	tests := []struct{ title, agency, want string }{
		{"1982年国务院政府工作报告 关于第六个五年计划的报告", "国务院", "政府工作报告"},
		{"1964年国务院政府工作报告（摘要）", "国务院", "政府工作报告"},
		{"河北省科学技术厅政府网站工作年报（2022年度）", "河北省科学技术厅", "政府网站工作年度报表"},
		{"海拉尔区2012年政府工作报告", "海拉尔区人民政府", "政府工作报告"},
		{"呼伦贝尔市海拉尔区2019年政府工作报告", "呼伦贝尔市海拉尔区人民政府", "政府工作报告"},
	}
	for _, tt := range tests {
		if got := kindFor(tt.title, tt.agency); got != tt.want {
			t.Errorf("kindFor(%q, %q) = %q, want %q", tt.title, tt.agency, got, tt.want)
		}
	}
}

func TestBodyFromTitle(t *testing.T) {
	tests := []struct{ title, want string }{
		{"海拉尔区人民政府2015年政府工作报告", "海拉尔区人民政府"},
		{"海拉尔区2012年政府工作报告", "海拉尔区"},
		{"国务院2014年政府工作报告", "国务院"},
		{"河北省人民政府办公厅关于印发2018年立法工作计划的通知", "河北省人民政府办公厅"},
		{"河北省人力资源和社会保障厅河北省财政厅关于2020年调整退休人员基本养老金有关问题的通知", "河北省人力资源和社会保障厅"},
		{"人力资源社会保障部财政部关于2018年提高全国城乡居民基本养老保险基础养老金最低标准的通知", "人力资源社会保障部"},
		{"财政部、科技部关于印发中央引导地方科技发展资金管理办法的通知", "财政部"},
		{"教育部办公厅关于2020年做好招生工作的通知", "教育部办公厅"},
		{"关于2021年调整退休人员基本养老金的通知", ""},
		{"2014年政府工作报告", ""},
		{"信息公开年报", ""},
		{"请于2020年底前完成", ""},
	}
	for _, tt := range tests {
		if got := BodyFromTitle(tt.title); got != tt.want {
			t.Errorf("BodyFromTitle(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestAgencyKey(t *testing.T) {
	aliases, err := ParseAliases(strings.NewReader("西安市长安区人民政府 长安区政府\n青山区人民政府 青山区政府\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		agency string
		a      *Aliases
		want   string
	}{
		{"呼伦贝尔市海拉尔区人民政府", nil, "海拉尔区人民政府"},
		{"海拉尔区人民政府", nil, "海拉尔区人民政府"},
		{"海拉尔区", nil, "海拉尔区人民政府"},
		{"呼伦贝尔市海拉尔区", nil, "海拉尔区人民政府"},
		{"内蒙古自治区呼伦贝尔市海拉尔区人民政府", nil, "海拉尔区人民政府"},
		{" 海拉尔区 人民政府 ", nil, "海拉尔区人民政府"},
		{"河北省石家庄市人民政府", nil, "石家庄市人民政府"},
		{"济南市市中区人民政府", nil, "市中区人民政府"},
		{"荆州市沙市区人民政府", nil, "沙市区人民政府"},
		{"沙市区人民政府", nil, "沙市区人民政府"},
		{"北京市人民政府", nil, "北京市人民政府"},
		{"河北省教育厅", nil, "河北省教育厅"},
		{"河北省科技厅", nil, "河北省科学技术厅"},
		{"河北省人社厅", nil, "河北省人力资源和社会保障厅"},
		{"河北省人力资源和社会保障厅、河北省财政厅", nil, "河北省人力资源和社会保障厅"},
		{"河北省人民政府办公厅", nil, "河北省人民政府办公厅"},
		{"人社部", nil, "人力资源和社会保障部"},
		{"国务院", nil, "国务院"},
		{"", nil, ""},
		{"长安区政府", aliases, "西安市长安区人民政府"},
		{"西安市长安区人民政府", aliases, "西安市长安区人民政府"},
		{"石家庄市长安区人民政府", aliases, "长安区人民政府"},
		{"青山区", aliases, "青山区人民政府"},
		{"青山区政府", aliases, "青山区人民政府"},
	}
	for _, tt := range tests {
		if got := AgencyKey(tt.agency, tt.a); got != tt.want {
			t.Errorf("AgencyKey(%q) = %q, want %q", tt.agency, got, tt.want)
		}
	}
}

func TestParseAliases(t *testing.T) {
	tests := []struct {
		name, file string
		wantErr    string // "" for none
		name1      string // a name to look up
		want       string
	}{
		{"tab and spaces", "# bodies\n\n海拉尔区人民政府\t海区政府  海拉尔政府 # old names\n", "", "海拉尔政府", "海拉尔区人民政府"},
		{"canonical maps to itself", "甲区人民政府 甲区政府\n", "", "甲区人民政府", "甲区人民政府"},
		{"repeated line", "甲区人民政府 甲区政府\n甲区人民政府 甲区政府 甲政府\n", "", "甲政府", "甲区人民政府"},
		{"no alias", "甲区人民政府 甲区政府\n乙区人民政府\n", "aliases line 2", "", ""},
		{"alias of two bodies", "甲区人民政府 区政府\n\n乙区人民政府 区政府\n", "aliases line 3", "", ""},
		{"canonical is an alias", "甲区人民政府 甲区政府\n甲区政府 甲政府\n", "aliases line 2", "", ""},
		{"alias is a canonical", "甲区人民政府 甲区政府\n乙区人民政府 甲区人民政府\n", "aliases line 2", "", ""},
		{"not utf-8", "甲区人民政府 甲区政府\n\xff\xfe 乙\n", "aliases line 2", "", ""},
	}
	for _, tt := range tests {
		a, err := ParseAliases(strings.NewReader(tt.file))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want one naming %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := AgencyKey(tt.name1, a); got != tt.want {
			t.Errorf("%s: AgencyKey(%q) = %q, want %q", tt.name, tt.name1, got, tt.want)
		}
	}
}

func FuzzKind(f *testing.F) {
	for _, s := range []string{"国务院2014年政府工作报告", "关于印发2018年立法工作计划的通知", "（2022年度", "二〇一九年", "2018—", "…", "\xff年"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		Kind(title)
		BodyFromTitle(title)
		kindFor(title, title)
		AgencyKey(title, nil)
	})
}

func FuzzParseAliases(f *testing.F) {
	f.Add("甲区人民政府 甲区政府\n# c\n乙 丙\t丁\n")
	f.Add("甲\n")
	f.Fuzz(func(t *testing.T, file string) {
		a, err := ParseAliases(strings.NewReader(file))
		if err == nil {
			AgencyKey(file, a)
		}
	})
}
