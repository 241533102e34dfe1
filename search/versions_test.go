package search

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// versionedReport is an invented report in the seed layout; version 2
// rewords a sentence, changes a figure and adds a section.
func versionedReport(version int) string {
	body := "2023年，枫林镇推进依法行政。现将有关情况报告如下。\n" +
		"一、规范执法\n全年开展执法检查40次。建立执法公示制度。\n" +
		"二、存在的问题\n执法人员不足。\n"
	if version == 2 {
		body = strings.NewReplacer("检查40次", "检查46次", "建立执法公示制度", "全面落实执法公示制度",
			"二、存在的问题", "二、法治宣传\n开展宪法宣传周活动。\n三、存在的问题").Replace(body)
	}
	return "枫林镇2023年法治政府建设情况报告\n\n索引号\nFL-0001/2023-00009\n发文机构\n枫林镇人民政府\n日期\n2023-12-20\n\n\n" + body
}

// ingestTwice stores versionedReport twice under one 索引号 and returns
// its id.
func ingestTwice(t *testing.T, s *Service) string {
	t.Helper()
	ctx := context.Background()
	first, err := s.Ingest(ctx, "fl.txt", []byte(versionedReport(1)))
	if err != nil || first.Added != 1 {
		t.Fatalf("first version: %+v, %v", first, err)
	}
	second, err := s.Ingest(ctx, "fl.txt", []byte(versionedReport(2)))
	if err != nil || second.Updated != 1 || second.IDs[0] != first.IDs[0] {
		t.Fatalf("second version: %+v, %v", second, err)
	}
	return first.IDs[0]
}

func TestVersionsAndDiff(t *testing.T) {
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	id := ingestTwice(t, s)

	vs, err := s.Versions(ctx, id)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions: %+v, %v", vs, err)
	}
	for i, v := range vs {
		if v.Number != i+1 || len(v.SHA256) != 64 || v.Title != "枫林镇2023年法治政府建设情况报告" || v.Date != "2023-12-20" || v.TextBytes == 0 || v.IngestedAt == "" {
			t.Errorf("version %d: %+v", i+1, v)
		}
	}
	if vs[0].Sections != 2 || vs[1].Sections != 3 || vs[0].SHA256 == vs[1].SHA256 {
		t.Errorf("versions differ in %d/%d sections, sha %s/%s", vs[0].Sections, vs[1].Sections, vs[0].SHA256, vs[1].SHA256)
	}
	view, err := s.Report(ctx, id)
	if err != nil || len(view.Versions) != 2 || view.Versions[1] != vs[1] {
		t.Errorf("the report's versions %+v, want %+v (%v)", view.Versions, vs, err)
	}

	d, err := s.VersionDiff(ctx, id, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if d.Added != 2 || d.Removed != 0 || d.Changed != 3 || d.A.Number != 1 || d.B.Number != 2 {
		t.Errorf("diff counts +%d -%d ~%d, versions %d→%d", d.Added, d.Removed, d.Changed, d.A.Number, d.B.Number)
	}
	var got []string
	for _, g := range d.Groups {
		name := func(b *SectionBrief) string {
			if b == nil {
				return "-"
			}
			return b.ID
		}
		for _, c := range g.Changes {
			got = append(got, name(g.A)+"→"+name(g.B)+" "+c.Kind+" "+c.B)
		}
	}
	want := []string{
		"1→1 changed 全年开展执法检查46次。",
		"1→1 changed 全面落实执法公示制度。",
		"-→2 added 二、法治宣传",
		"-→2 added 开展宪法宣传周活动。",
		"2→3 changed 三、存在的问题",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	first := d.Groups[0].Changes[0]
	if len(first.Numbers) != 1 || first.Numbers[0] != (NumberChange{A: "40次", B: "46次"}) || len(first.Spans) != 4 || first.Spans[1] != (DiffSpan{Kind: "removed", Text: "40"}) {
		t.Errorf("changed figure: numbers %+v spans %+v", first.Numbers, first.Spans)
	}

	back, err := s.VersionDiff(ctx, id, 2, 1)
	if err != nil || back.Added != d.Removed || back.Removed != d.Added {
		t.Errorf("the reverse diff: %+v, %v", back, err)
	}
	if same, err := s.VersionDiff(ctx, id, 2, 2); err != nil || len(same.Groups) != 0 || same.Unchanged == 0 {
		t.Errorf("a version against itself: %+v, %v", same, err)
	}
}

func TestVersionDiffErrors(t *testing.T) {
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	id := ingestTwice(t, s)
	tests := []struct {
		name    string
		id      string
		a, b    int
		want    error
		mention string
	}{
		{"a below 1", id, 0, 2, ErrBadRequest, "a must be"},
		{"b below 1", id, 1, -3, ErrBadRequest, "b must be"},
		{"a past the last version", id, 3, 1, ErrNotFound, "a=3"},
		{"b past the last version", id, 1, 9, ErrNotFound, "b=9: report " + id + " has 2 version(s)"},
		{"an unknown report", "0123456789abcdef", 1, 2, ErrNotFound, "0123456789abcdef"},
		{"not a report id", "../x", 1, 2, ErrNotFound, "../x"},
	}
	for _, tt := range tests {
		_, err := s.VersionDiff(ctx, tt.id, tt.a, tt.b)
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.mention) {
			t.Errorf("%s: %v, want %v naming %q", tt.name, err, tt.want, tt.mention)
		}
	}
	if _, err := s.Versions(ctx, "0123456789abcdef"); !errors.Is(err, ErrNotFound) {
		t.Errorf("versions of an unknown report: %v", err)
	}
}
