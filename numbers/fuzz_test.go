package numbers

import (
	"math"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"全年共收到行政复议申请125件，同比增长10.6%",
	"国内生产总值增长6%—6.5%；城镇新增就业1100万人以上",
	"粮食产量达到4 9 2 5 0 万吨，比五年前增加5 0 0 0 万吨",
	"粮食产量３３，２１２万吨",
	"财政收入增长百分之十二点八，一千二百亿元",
	"一、本年新收政府信息公开申请数量110000011二、上年结转",
	"行政复议申请1-2月共收到30件\n行政复议申请：125",
	"国内生产总值二〇二二年达到一百二十万亿元",
}

func FuzzFind(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "行政复议申请")
		f.Add(s, "国内生产总值")
		f.Add(s, "粮食产量")
	}
	f.Add("a数b", "a数")
	f.Fuzz(func(t *testing.T, text, metric string) {
		sts := Find(text, metric)
		checkStatements(t, text, sts)
		for _, st := range sts {
			if math.IsNaN(*st.Value) || math.IsInf(*st.Value, 0) {
				t.Fatalf("value %v in %+v", *st.Value, st)
			}
			if !strings.Contains(text, st.Sentence) {
				t.Fatalf("sentence %q not in text", st.Sentence)
			}
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
		for i := range s {
			f.Add(s[i:])
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, n, ok := ParseNumber(s)
		if ok != (n > 0) || n > len(s) {
			t.Fatalf("ParseNumber(%q) = %v, %d, %v", s, v, n, ok)
		}
		if ok && (math.IsNaN(v) || math.IsInf(v, 0) || v < 0) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
	})
}
