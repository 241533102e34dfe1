package archive

import (
	"context"
	"slices"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// staleDoc is a text report as the corpus reader parses it, with the
// sections an older parser found (none), as if ingested before a parser
// change.
func staleDoc(t *testing.T, source, body string) corpus.Document {
	t.Helper()
	docs, errs := corpus.Read(source, []byte(body))
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("read %s: %v", source, errs)
	}
	d := docs[0]
	if len(d.Report.Sections) == 0 {
		t.Fatalf("%s: the fixture must have sections", source)
	}
	d.Report.Sections = nil
	return d
}

func TestReparseRewritesWhatParsesDifferently(t *testing.T) {
	dir := t.TempDir()
	a := openTestArchive(t, dir)
	body := "青溪县2023年度法治政府建设情况的报告\n\n索引号\nQX-2023-01\n发文机构\n青溪县人民政府\n日期\n2023-12-20\n\n一、主要工作\n全年办理行政复议案件12件。\n二、下一步打算\n持续推进依法行政。\n"
	stale := staleDoc(t, "qx/2023.txt", body)
	r := mustPut(t, a, stale)
	fresh := testDoc("qx/fresh.txt", "QX-2023-02", "一、只有一节\n正文。\n")
	fresh.Report.Sections = corpus.ParseSections(fresh.Report.Text)
	mustPut(t, a, fresh)
	before, err := a.Versions(r.ID)
	if err != nil {
		t.Fatal(err)
	}

	var calls [][2]int
	sum, err := a.Reparse(context.Background(), func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Reports != 2 || sum.Changed != 1 {
		t.Errorf("summary %+v, want 2 reports, 1 changed", sum)
	}
	if !slices.Equal(calls, [][2]int{{1, 2}, {2, 2}}) {
		t.Errorf("progress %v", calls)
	}
	got, err := a.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Sections) != 2 || got.Sections[1].Heading != "下一步打算" {
		t.Errorf("after reparse: sections %+v, want the two 一、 二、 sections", got.Sections)
	}
	after, _ := a.Versions(r.ID)
	if len(after) != len(before) || after[0].SHA256 != before[0].SHA256 || !after[0].IngestedAt.Equal(before[0].IngestedAt) {
		t.Errorf("versions changed: %+v → %+v", before, after)
	}
	if b, _, err := a.Original(r.Report.SHA256); err != nil || string(b) != body {
		t.Errorf("original after reparse: %q, %v", b, err)
	}

	// A second pass finds nothing to do, and the rewrite survives a reopen.
	if sum, err := a.Reparse(context.Background(), nil); err != nil || sum.Changed != 0 {
		t.Errorf("second reparse: %+v, %v; want nothing changed", sum, err)
	}
	a.Close()
	b := openTestArchive(t, dir)
	if got, err := b.Get(r.ID); err != nil || len(got.Sections) != 2 {
		t.Errorf("after reopen: %d sections, %v", len(got.Sections), err)
	}
}

func TestReparseReadOnly(t *testing.T) {
	dir := t.TempDir()
	a := openTestArchive(t, dir)
	mustPut(t, a, testDoc("x.txt", "X-1", "正文"))
	a.Close()
	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Reparse(context.Background(), nil); err == nil {
		t.Error("a read-only archive reparsed")
	}
}
