package search

import (
	"strings"
	"testing"
)

func TestHighlight(t *testing.T) {
	text := "优化营商环境改革：乡村振兴、脱贫攻坚与产业；不谈疫情。决算报告见政发〔2021〕5号。"
	tests := []struct {
		q    string
		want []string // the marked pieces, in order
	}{
		{"营商环境", []string{"营商环境"}},
		{`"优化 营商环境" 改革`, []string{"优化营商环境改革"}}, // adjacent marks merge
		{"乡村振兴 -疫情 -\"新冠 疫情\" 产业", []string{"乡村振兴", "产业"}},
		{"(乡村振兴 OR 脱贫攻坚) 产业", []string{"乡村振兴", "脱贫攻坚", "产业"}},
		{"title:决算 agency:财政局 year:2021", []string{"决算"}},
		{"政发〔2021〕5号", []string{"政发", "2021", "5号"}},
		{"", nil},
		{`"unterminated`, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range Highlight(text, tt.q) {
			got = append(got, text[sp.Start:sp.End])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Highlight(%q) marks %q, want %q", tt.q, got, tt.want)
		}
	}
}
