package bleveindex

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
)

// TestUpdatedReportConfirmedInNewText ingests a report, searches it (its
// text is cached), then a new version: the new text matches and the old
// no longer does.
func TestUpdatedReportConfirmedInNewText(t *testing.T) {
	f, _ := openSamples(t, nil)
	version := func(work string) string {
		return "更新区年度报告\n\n索引号\nGX-0001/2024-00001\n发文机构\n更新区人民政府\n日期\n2024-12-20\n\n一、主要工作\n" + work + "\n"
	}
	literals := []string{"推进旧城改造项目", "推进新区建设项目"}
	for i, work := range literals {
		f.Upload(t, "update.txt", version(work))
		for j, lit := range literals {
			for _, scope := range []index.Scope{index.Reports, index.Sections} {
				res := f.Search(t, parsed(lit, scope))
				if got, want := len(res.Hits), map[bool]int{true: 1, false: 0}[i == j]; got != want {
					t.Errorf("version %d, %s in %s: %d exact hits, want %d", i+1, lit, scope, got, want)
				}
			}
		}
	}
}

func TestNeedle(t *testing.T) {
	long := strings.Repeat("推进依法行政，建设法治政府。", 10)
	var counts [256]uint64
	for i := 0; i < len(long); i++ {
		counts[long[i]]++
	}
	tests := []struct {
		pattern, text string
		want          bool
	}{
		{"法治政府", long, true},
		{"法治政协", long, false},
		{"法治政府", long[:len(long)-len("府。")], true},
		{"府。推", long, true},
		{"。", long, true},
		{"推进依法", long, true},
		{"法治", "短文本法治", true},
		{"法治政府", "短文本", false},
		{"a", strings.Repeat("b", 100) + "a", true},
		{"ab", strings.Repeat("b", 100) + "a", false},
		{"", long, true},
	}
	for _, tt := range tests {
		for _, c := range []*[256]uint64{&counts, new([256]uint64)} {
			if got := newNeedle(tt.pattern, c).in(tt.text); got != tt.want {
				t.Errorf("%q in %.30q… = %v, want %v", tt.pattern, tt.text, got, tt.want)
			}
		}
	}
}

// FuzzNeedle checks needle.in against strings.Contains, with the rare byte
// at every offset of the pattern.
func FuzzNeedle(f *testing.F) {
	f.Add("法治政府", strings.Repeat("建设法治政府，", 12), uint8(3))
	f.Add("ab", strings.Repeat("xa", 40)+"ab", uint8(1))
	f.Fuzz(func(t *testing.T, pattern, text string, rare uint8) {
		if pattern == "" {
			return
		}
		n := needle{pattern: pattern, rare: int(rare) % len(pattern)}
		if got, want := n.index(text), strings.Index(text, pattern); got != want {
			t.Errorf("needle %+v index in %q = %d, strings.Index %d", n, text, got, want)
		}
	})
}

// TestMatchTextWeights checks where a report's match text, encoded and
// decoded, says a pattern stands, in the report and in each section, one
// section at a time and all at once (sectionWeights): a character or a
// pair in one section only, one in a heading, and one that reads across
// two headings, which no heading holds.
func TestMatchTextWeights(t *testing.T) {
	r := corpus.Report{ID: "r", Title: "某区2023年法治政府建设情况报告"}
	for _, s := range []struct{ heading, text string }{
		{"推进依法行政", "全面落实行政执法三项制度。"},
		{"深化行政复议", "办理复议案件31件，修缮乡村桥梁两座。"},
		{"加强组织领导", "行政复议工作纳入考核，依法行政。"},
	} {
		start := len(r.Text)
		r.Text += s.heading + "\n" + s.text + "\n"
		r.Sections = append(r.Sections, corpus.Section{Heading: s.heading, Text: s.text, Start: start, End: len(r.Text)})
	}
	r.Text += "复议加强领导小组。\n"
	var text matchText
	if err := text.decode(newMatchText(r).encode()); err != nil {
		t.Fatal(err)
	}
	var counts [256]uint64
	tests := []struct {
		pattern  string
		report   float64
		sections []float64
	}{
		{"桥", bodyWeight, []float64{0, bodyWeight, 0}},
		{"复议", bodyWeight + headingWeight, []float64{0, headingWeight + bodyWeight, bodyWeight}},
		{"依法行政", bodyWeight + headingWeight, []float64{headingWeight, 0, bodyWeight}},
		{"法治政府", titleWeight, []float64{0, 0, 0}},
		// 议加强 reads across the last two headings joined; only the
		// body's last line holds it.
		{"议加强", bodyWeight, []float64{0, 0, 0}},
		{"31件", bodyWeight, []float64{0, bodyWeight, 0}},
		{"鹰", 0, []float64{0, 0, 0}},
		{"行政诉讼", 0, []float64{0, 0, 0}},
	}
	for _, tt := range tests {
		n := newNeedle(MatchPattern(tt.pattern), &counts)
		if got := text.weight(n, -1, false); got != tt.report {
			t.Errorf("%s in the report: weight %v, want %v", tt.pattern, got, tt.report)
		}
		for i, want := range tt.sections {
			if got := text.weight(n, i, false); got != want {
				t.Errorf("%s in section %d: weight %v, want %v", tt.pattern, i, got, want)
			}
		}
		if got := text.weight(n, len(tt.sections), false); got != 0 {
			t.Errorf("%s in a section the report does not have: weight %v", tt.pattern, got)
		}
		if got := text.sectionWeights(n, nil); !slices.Equal(got, tt.sections) {
			t.Errorf("%s: section weights %v, want %v", tt.pattern, got, tt.sections)
		}
	}
}

// TestSectionTextsShareTheBody checks that a section's match text is a
// piece of its report's body when the body holds it, and its own copy,
// still searched, when it does not.
func TestSectionTextsShareTheBody(t *testing.T) {
	r := corpus.Report{ID: "r", Title: "报告", Text: "一、执法\n推进严格执法。\n二、复议\n办理复议案件。\n",
		Sections: []corpus.Section{{Heading: "执法", Text: "推进严格执法。"}, {Heading: "复议", Text: "办理复议案件。"}, {Heading: "附", Text: "正文之外的修桥说明。"}}}
	var text matchText
	if err := text.decode(newMatchText(r).encode()); err != nil {
		t.Fatal(err)
	}
	for i, own := range []bool{false, false, true} {
		if got := text.sections[i].at < 0; got != own {
			t.Errorf("section %d: own copy %v, want %v", i, got, own)
		}
	}
	var counts [256]uint64
	for i, want := range []float64{0, 0, bodyWeight} {
		if got := text.weight(newNeedle("修桥", &counts), i, false); got != want {
			t.Errorf("修桥 in section %d: weight %v, want %v", i, got, want)
		}
	}
	if got := text.weight(newNeedle("复议案件", &counts), 1, false); got != bodyWeight {
		t.Errorf("复议案件 in section 1: weight %v, want %v", got, bodyWeight)
	}
	if got := text.sectionWeights(newNeedle("修桥", &counts), nil); !slices.Equal(got, []float64{0, 0, bodyWeight}) {
		t.Errorf("修桥: section weights %v", got)
	}
}

// FuzzMatchTextDecode decodes arbitrary bytes as a stored match text:
// never a panic, and what decodes has its strings inside the input; a
// report's encoding decodes to the same text, and weighs every pattern
// as the text it was encoded from.
func FuzzMatchTextDecode(f *testing.F) {
	r := corpus.Report{Title: "某区报告", Text: "一、执法\n推进严格执法。\n二、复议\n办理复议案件。\n",
		Sections: []corpus.Section{{Heading: "执法", Text: "推进严格执法。"}, {Heading: "复议", Text: "办理复议案件。"}, {Heading: "附", Text: "正文之外。"}}}
	f.Add(newMatchText(r).encode(), "复议")
	f.Add(newMatchText(r).pack(), "复议")
	f.Add([]byte{matchTextFormat, 0, 0, 0, 1, 5, 9, 9}, "a")
	f.Add([]byte{matchTextFormat, 2, 'a', 'b', 1, 'x', 1, 'y', 1, 1, 0, 3, 'z'}, "z")
	f.Fuzz(func(t *testing.T, b []byte, pattern string) {
		// A literal is never empty (literalQuery).
		if pattern == "" {
			return
		}
		n := newNeedle(pattern, new([256]uint64))
		err := unpackMatchText(b, func(text *matchText) {
			w := text.sectionWeights(n, nil)
			for i := range text.sections {
				if got := text.weight(n, i, false); got != w[i] {
					t.Errorf("section %d: weight %v, section weights say %v", i, got, w[i])
				}
			}
			var again matchText
			if err := again.decode(text.encode()); err != nil {
				t.Fatalf("re-encoding a decoded text: %v", err)
			}
			if again.title != text.title || again.body != text.body || again.headings != text.headings || len(again.sections) != len(text.sections) {
				t.Errorf("re-encoded text differs")
			}
			if err := unpackMatchText(text.pack(), func(packed *matchText) {
				if packed.body != text.body || len(packed.sections) != len(text.sections) {
					t.Errorf("packed text differs")
				}
			}); err != nil {
				t.Errorf("unpacking a packed text: %v", err)
			}
		})
		if err != nil && !errors.Is(err, errBadMatchText) {
			t.Errorf("decode error %v does not wrap errBadMatchText", err)
		}
	})
}
