package series

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lantai/lantai/corpus"
)

// version1 is an invented report; the cases below edit it as a second
// version would.
const version1 = `青山区人民政府2022年法治政府建设情况报告
2022年，青山区扎实推进法治政府建设。现将有关情况报告如下。
一、主要工作
（一）深化行政审批制度改革。全年办理行政许可事项125件，办结率达到98.5%。推行一网通办。
（二）推进严格规范执法。全面推行行政执法公示制度。组织执法人员培训班六期。
二、存在的问题
基层执法力量依然薄弱。
三、下一步工作
加强执法队伍建设。
`

// groupSummary writes a diff's groups as "A→B: kind kind …", a missing
// section as "-" and the text outside sections as "0".
func groupSummary(d TextDiff) []string {
	name := func(r *SectionRef) string {
		switch {
		case r == nil:
			return "-"
		case r.ID == "":
			return "0"
		}
		return r.ID
	}
	var out []string
	for _, g := range d.Groups {
		var kinds []string
		for _, c := range g.Changes {
			kinds = append(kinds, c.Kind)
		}
		out = append(out, name(g.A)+"→"+name(g.B)+": "+strings.Join(kinds, " "))
	}
	return out
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(string) string
		groups []string
		// counts are added, removed, changed.
		counts [3]int
	}{
		{"same text", func(s string) string { return s }, nil, [3]int{}},
		{"whitespace only", func(s string) string { return strings.ReplaceAll(s, "。推行", "。 推行") }, nil, [3]int{}},
		{"figures changed", func(s string) string {
			return strings.Replace(s, "125件，办结率达到98.5%", "143件，办结率达到99.2%", 1)
		}, []string{"1.1→1.1: changed"}, [3]int{0, 0, 1}},
		{"a sentence added before the sections", func(s string) string {
			return strings.Replace(s, "现将有关情况报告如下。", "全区上下齐心协力。现将有关情况报告如下。", 1)
		}, []string{"0→0: added"}, [3]int{1, 0, 0}},
		{"a sentence reworded", func(s string) string {
			return strings.Replace(s, "全面推行行政执法公示制度。", "全面落实行政执法公示制度和执法全过程记录制度。", 1)
		}, []string{"1.2→1.2: changed"}, [3]int{0, 0, 1}},
		{"a section inserted, the later ones renumbered", func(s string) string {
			s = strings.Replace(s, "三、下一步工作", "四、下一步工作", 1)
			return strings.Replace(s, "二、存在的问题", "二、法治宣传\n开展宪法宣传周活动。发放宣传资料一万份。\n三、存在的问题", 1)
		}, []string{"-→2: added added added", "2→3: changed", "3→4: changed"}, [3]int{3, 0, 2}},
		{"a section dropped", func(s string) string {
			s = strings.Replace(s, "二、存在的问题\n基层执法力量依然薄弱。\n", "", 1)
			return strings.Replace(s, "三、下一步工作", "二、下一步工作", 1)
		}, []string{"2→-: removed removed", "3→2: changed"}, [3]int{0, 2, 1}},
		{"a sentence moved to another section", func(s string) string {
			s = strings.Replace(s, "推行一网通办。", "", 1)
			return strings.Replace(s, "组织执法人员培训班六期。", "组织执法人员培训班六期。推行一网通办。", 1)
		}, []string{"1.1→1.1: removed", "1.2→1.2: added"}, [3]int{1, 1, 0}},
	}
	a := report(2022, "青山区人民政府2022年法治政府建设情况报告", version1)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := report(2022, a.Title, tt.edit(version1))
			d := Diff(a, b)
			if got := groupSummary(d); !slices.Equal(got, tt.groups) {
				t.Errorf("groups %q, want %q", got, tt.groups)
			}
			if got := [3]int{d.Added, d.Removed, d.Changed}; got != tt.counts {
				t.Errorf("added, removed, changed = %v, want %v", got, tt.counts)
			}
			checkCounts(t, a, b, d)
		})
	}
}

// checkCounts checks that every sentence of each text is in the diff once:
// unchanged, or on its side of a change.
func checkCounts(t *testing.T, a, b corpus.Report, d TextDiff) {
	t.Helper()
	if na := len(sentences(a.Text)); d.Unchanged+d.Removed+d.Changed != na {
		t.Errorf("unchanged %d + removed %d + changed %d, want the %d sentences of A", d.Unchanged, d.Removed, d.Changed, na)
	}
	if nb := len(sentences(b.Text)); d.Unchanged+d.Added+d.Changed != nb {
		t.Errorf("unchanged %d + added %d + changed %d, want the %d sentences of B", d.Unchanged, d.Added, d.Changed, nb)
	}
}

func TestDiffChangedSpans(t *testing.T) {
	a := report(2022, "t", version1)
	b := report(2022, "t", strings.Replace(version1, "125件，办结率达到98.5%", "143件，办结率达到99.2%", 1))
	d := Diff(a, b)
	if len(d.Groups) != 1 || len(d.Groups[0].Changes) != 1 {
		t.Fatalf("groups %q", groupSummary(d))
	}
	c := d.Groups[0].Changes[0]
	want := "=全年办理行政许可事项 -125 +143 =件，办结率达到 -98.5% +99.2% =。"
	if got := spanString(c.Spans); got != want {
		t.Errorf("spans %s, want %s", got, want)
	}
	if len(c.Numbers) != 2 || c.Numbers[0] != (NumberChange{"125件", "143件"}) {
		t.Errorf("numbers %+v", c.Numbers)
	}
	if g := d.Groups[0]; g.A.Heading != "深化行政审批制度改革" || g.B.Level != 2 {
		t.Errorf("group sections %+v %+v", g.A, g.B)
	}
}

// spanString writes spans as "=same -removed +added".
func spanString(spans []Span) string {
	var parts []string
	for _, s := range spans {
		mark := map[string]string{Same: "=", Removed: "-", Added: "+"}[s.Kind]
		parts = append(parts, mark+s.Text)
	}
	return strings.Join(parts, " ")
}

func TestDiffUnsectionedText(t *testing.T) {
	a := corpus.Report{Text: "第一句。第二句话很长很长。第三句。"}
	b := corpus.Report{Text: "第一句。第二句话很长很长很长。第三句。第四句。"}
	d := Diff(a, b)
	if got, want := groupSummary(d), []string{"0→0: changed added"}; !slices.Equal(got, want) {
		t.Errorf("groups %q, want %q", got, want)
	}
	checkCounts(t, a, b, d)
}

func TestInlineDiff(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"相同。", "相同。", "=相同。"},
		{"办理36件。", "办理42件。", "=办理 -36 +42 =件。"},
		{"增长8.5%。", "增长12%。", "=增长 -8.5% +12% =。"},
		{"全面推行制度。", "全面落实制度。", "=全面 -推行 +落实 =制度。"},
		// One shared character between two edits is folded into them.
		{"甲的乙。", "丙的丁。", "-甲的乙 +丙的丁 =。"},
		{"推行OA系统。", "推行ERP系统。", "=推行 -OA +ERP =系统。"},
		{"", "新增。", "+新增。"},
		{"删去。", "", "-删去。"},
	}
	for _, tt := range tests {
		if got := spanString(inlineDiff(tt.a, tt.b)); got != tt.want {
			t.Errorf("inlineDiff(%q, %q) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
}

// joinSides rebuilds each side of a change from its spans.
func joinSides(spans []Span) (a, b string) {
	var sa, sb strings.Builder
	for _, s := range spans {
		if s.Kind != Added {
			sa.WriteString(s.Text)
		}
		if s.Kind != Removed {
			sb.WriteString(s.Text)
		}
	}
	return sa.String(), sb.String()
}

func FuzzInlineDiff(f *testing.F) {
	f.Add("全年办理行政许可事项125件。", "全年办理行政许可事项143件。")
	f.Add("甲的乙。", "丙的丁。")
	f.Add("a1,2.b", "a1.2,b")
	f.Add("\xff\xfe", "\xff")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 2000 || len(b) > 2000 {
			return
		}
		spans := inlineDiff(a, b)
		if ga, gb := joinSides(spans); ga != a || gb != b {
			t.Fatalf("spans %q rebuild %q and %q, want %q and %q", spans, ga, gb, a, b)
		}
		for k, s := range spans {
			if s.Text == "" {
				t.Fatalf("empty span %d in %q", k, spans)
			}
			if utf8.ValidString(a) && utf8.ValidString(b) && !utf8.ValidString(s.Text) {
				t.Fatalf("span %q splits a character", s.Text)
			}
		}
	})
}

func FuzzDiff(f *testing.F) {
	f.Add(version1, strings.Replace(version1, "二、存在的问题", "二、法治宣传\n开展宪法宣传周活动。\n三、存在的问题", 1))
	f.Add("一、甲\n乙。", "（一）甲\n乙丙。")
	f.Add("", "一、")
	f.Fuzz(func(t *testing.T, ta, tb string) {
		if len(ta) > 4000 || len(tb) > 4000 {
			return
		}
		a := corpus.Report{Text: ta, Sections: corpus.ParseSections(ta)}
		b := corpus.Report{Text: tb, Sections: corpus.ParseSections(tb)}
		d := Diff(a, b)
		checkCounts(t, a, b, d)
		for _, g := range d.Groups {
			if g.A == nil && g.B == nil {
				t.Fatalf("a group with no section on either side: %+v", g)
			}
			for _, c := range g.Changes {
				if c.Kind == Changed {
					if ga, gb := joinSides(c.Spans); ga != c.A || gb != c.B {
						t.Fatalf("spans of %q → %q rebuild %q → %q", c.A, c.B, ga, gb)
					}
				}
			}
		}
		if t.Failed() {
			t.Log(fmt.Sprintf("A %q\nB %q", ta, tb))
		}
	})
}
