package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lantai/lantai/internal/testdocs"
)

// citationArchive is the samples with invented 青溪县 reports: one cited
// by 文号 and title, two citing it, one citing a 文号 no report carries, and
// a page whose two attached files are reports of their own, one of them
// citing the 文号 too.
type citationArchive struct {
	s                                  *Service
	cited, both, byDocNo, unheld, page string
	child1, child2                     string
}

func openCitationArchive(t *testing.T) *citationArchive {
	t.Helper()
	s, _ := openSamples(t, nil)
	root := t.TempDir()
	files := map[string][]byte{
		"cited.txt":  []byte(citingReport("青溪县人民政府关于推进证明事项告知承诺制的实施意见", "QX-2023-0101", "青政发〔2023〕5号", "一、总体要求\n全面推行证明事项告知承诺制。")),
		"both.txt":   []byte(citingReport("青溪县司法局2023年法治政府建设情况报告", "QX-2023-0102", "", "一、主要工作\n根据《青溪县人民政府关于推进证明事项告知承诺制的实施意见》（青政发〔2023〕5号），全面清理证明事项。")),
		"docno.txt":  []byte(citingReport("青溪县市场监管局2023年法治政府建设情况报告", "QX-2023-0103", "", "一、主要工作\n落实青政发[2023]5号，推行告知承诺。")),
		"unheld.txt": []byte(citingReport("青溪县应急管理局2023年工作总结", "QX-2023-0104", "", "一、主要工作\n依据青政发〔2023〕99号开展应急演练。")),
		"page.html":  []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>青溪县人民政府办公室关于印发两项制度的通知</title></head><body><div class="article"><h1>青溪县人民政府办公室关于印发两项制度的通知</h1><p>附件：<a href="a.docx">办法</a>、<a href="b.docx">细则</a></p></div></body></html>`),
		"a.docx":     testdocs.DOCX("青溪县证明事项清单管理办法\n第一条 为规范证明事项清单管理，制定本办法。\n第二条 依照青政发〔2023〕5号执行。"),
		"b.docx":     testdocs.DOCX("青溪县证明事项告知承诺实施细则\n第一条 为细化告知承诺，制定本细则。"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(root, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if sum, err := s.IngestPaths(context.Background(), []string{root}, IngestOptions{}); err != nil || sum.Failed > 0 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}
	id := func(q string) string {
		t.Helper()
		res := doSearch(t, s, Request{Query: q})
		if len(exactHits(res)) != 1 {
			t.Fatalf("%s: %d hits, want 1", q, len(exactHits(res)))
		}
		return res.Hits[0].ID
	}
	a := &citationArchive{s: s,
		cited: id("title:推进证明事项告知承诺制的实施意见"), both: id("全面清理证明事项"), byDocNo: id("推行告知承诺"),
		unheld: id("开展应急演练"), page: id("title:关于印发两项制度的通知"),
		child1: id("为规范证明事项清单管理"), child2: id("为细化告知承诺"),
	}
	return a
}

// TestCitationSearch runs cites: and cited_by: in every form the syntax
// takes, alone and with the rest of a query, against what the archive's
// texts cite.
func TestCitationSearch(t *testing.T) {
	a := openCitationArchive(t)
	ctx := context.Background()
	citers := []string{a.both, a.byDocNo, a.child1}
	tests := []struct {
		q    string
		want []string
	}{
		{"cites:青政发〔2023〕5号", citers},
		{"cites:青政发（2023）5号", citers},
		{"cites:青政发[2023]5号", citers},
		{"cites:《青溪县人民政府关于推进证明事项告知承诺制的实施意见》", citers},
		{`cites:"青溪县人民政府关于推进证明事项告知承诺制的实施意见"`, citers},
		{"cites:" + a.cited, citers},
		{"引用:青政发〔2023〕5号", citers},
		{"cites:青政发〔2023〕5号 全面清理", []string{a.both}},
		{"全面清理 cites:青政发〔2023〕5号 year:2023", []string{a.both}},
		{"cites:青政发〔2023〕5号 year:2022", nil},
		{"cites:青政发〔2023〕5号 -全面清理", []string{a.byDocNo, a.child1}},
		{"cites:青政发〔2023〕99号", []string{a.unheld}},
		{"cites:青政发〔2023〕5号 cites:青政发〔2023〕99号", nil},
		{"cites:青政发〔2023〕99号 OR cited_by:" + a.page, []string{a.unheld, a.child1, a.child2}},
		{"cited_by:" + a.both, []string{a.cited}},
		{"cited_by:" + a.page, []string{a.child1, a.child2}},
		{"cited_by:" + a.page + " 细化", []string{a.child2}},
		{"cites:" + a.child2, []string{a.page}},
		{"cites:青政发〔2023〕6号", nil},
		{"cited_by:0000000000000000", nil},
	}
	for _, tt := range tests {
		ids, err := a.s.MatchingIDs(ctx, Request{Query: tt.q})
		if err != nil {
			t.Errorf("%s: %v", tt.q, err)
			continue
		}
		want := slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(ids, want) && !(len(ids) == 0 && len(want) == 0) {
			t.Errorf("%s: %v, want %v", tt.q, ids, want)
		}
	}

	// The search itself: hits, total and facets of the citing reports
	// only, and no 文号 typed as the query ranks the cited one first.
	res := doSearch(t, a.s, Request{Query: "cites:青政发〔2023〕5号"})
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	if res.Total != 3 || !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(citers))) {
		t.Errorf("search: total %d, hits %v; want %v", res.Total, got, citers)
	}
	// Sections: the sections of the citing reports that match the rest.
	secs := doSearch(t, a.s, Request{Query: "cites:青政发〔2023〕5号 全面清理", Scope: ScopeSections})
	if secs.Total == 0 {
		t.Error("no section of the citing report")
	}
	for _, h := range secs.Hits {
		if h.ID != a.both || h.Section == nil {
			t.Errorf("section hit %+v, want one of %s", h, a.both)
		}
	}
	for _, q := range []string{"cites:青政发〔2023〕5号 OR 法治", "-cites:青政发〔2023〕5号", "法治 (政府 OR cited_by:" + a.page + ")"} {
		if _, err := a.s.Search(ctx, Request{Query: q}); !errors.Is(err, ErrBadRequest) {
			t.Errorf("%s: %v, want ErrBadRequest", q, err)
		}
	}
}

// TestAttachmentCitations: a page with several attached files cites each
// of the reports they became, and each lists the page as citing it.
func TestAttachmentCitations(t *testing.T) {
	a := openCitationArchive(t)
	ctx := context.Background()
	cs, err := a.s.Citations(ctx, a.page)
	if err != nil {
		t.Fatal(err)
	}
	var attached []string
	for _, c := range cs.Cites {
		if c.Kind == "attachment" && c.ID != nil && c.Match == "attachment" {
			attached = append(attached, *c.ID)
		}
	}
	if want := slices.Sorted(slices.Values([]string{a.child1, a.child2})); !slices.Equal(attached, want) {
		t.Errorf("the page cites %+v, want its attachments %v", cs.Cites, want)
	}
	back, err := a.s.Citations(ctx, a.child2)
	if err != nil || len(back.CitedBy) != 1 || back.CitedBy[0].ID != a.page || back.CitedBy[0].Sentence != "附件" {
		t.Errorf("the attachment is cited by %+v (%v), want the page", back, err)
	}
}

// TestCitationCounts: once the graph is current every hit carries how
// many reports it cites and how many cite it; before, a search does not
// wait for the graph and its hits go without counts, until the build it
// started is done.
func TestCitationCounts(t *testing.T) {
	a := openCitationArchive(t)
	// No graph, and a build that takes as long as the test holds its
	// lock: a search answers at once, without counts.
	st := &a.s.citations
	st.mu.Lock()
	st.current = nil
	st.mu.Unlock()
	a.s.results.invalidate()
	st.build.Lock()
	start := time.Now()
	first := doSearch(t, a.s, Request{Query: "title:推进证明事项告知承诺制的实施意见"})
	took := time.Since(start)
	st.build.Unlock()
	if h := first.Hits[0]; h.CitedByCount != nil || h.CitesCount != nil || took > 2*time.Second {
		t.Errorf("while the graph is built: %+v after %v; want no counts, at once", h, took)
	}
	// The search started the build; when it is done the next has counts.
	var hit Hit
	deadline := time.Now().Add(30 * time.Second)
	for {
		res := doSearch(t, a.s, Request{Query: "title:推进证明事项告知承诺制的实施意见"})
		if hit = res.Hits[0]; hit.CitedByCount != nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if hit.CitedByCount == nil {
		t.Fatal("no counts 30 s after the search that started the graph's build")
	}
	if *hit.CitedByCount != 3 || *hit.CitesCount != 0 {
		t.Errorf("the cited report: cited by %d, cites %d; want 3 and 0", *hit.CitedByCount, *hit.CitesCount)
	}
	counts := map[string][2]int{}
	for _, h := range doSearch(t, a.s, Request{Query: "青溪县", Size: 50}).Hits {
		if h.CitesCount == nil || h.CitedByCount == nil {
			t.Fatalf("hit without counts: %+v", h)
		}
		counts[h.ID] = [2]int{*h.CitesCount, *h.CitedByCount}
	}
	for id, want := range map[string][2]int{a.both: {1, 0}, a.byDocNo: {1, 0}, a.unheld: {0, 0}, a.page: {2, 0}, a.child1: {1, 1}, a.child2: {0, 1}} {
		if got, ok := counts[id]; !ok || got != want {
			t.Errorf("%s: cites, cited by = %v (found %v), want %v", id, got, ok, want)
		}
	}
}
