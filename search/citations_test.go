package search

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// citingReport is an invented report in the seed layout whose body cites
// by 文号 and by 《title》.
func citingReport(title, indexNo, docNo, body string) string {
	return title + "\n\n索引号\n" + indexNo + "\n发文机构\n青溪县人民政府\n文号\n" + docNo + "\n日期\n2023-06-01\n\n\n" + body + "\n"
}

// TestCitationsBothWays: a report citing another by 文号 and title lists
// it resolved, the cited one lists it back with the sentence, and a report
// ingested later that cites it is linked too.
func TestCitationsBothWays(t *testing.T) {
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	root := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(root, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cited := write("cited.txt", citingReport("青溪县人民政府关于推进证明事项告知承诺制的实施意见", "QX-2023-0101", "青政发〔2023〕5号", "一、总体要求\n全面推行证明事项告知承诺制。"))
	citing := write("citing.txt", citingReport("青溪县司法局2023年法治政府建设情况报告", "QX-2023-0102", "", "一、主要工作\n根据《青溪县人民政府关于推进证明事项告知承诺制的实施意见》（青政发〔2023〕5号），全面清理证明事项。"))
	if sum, err := s.IngestPaths(ctx, []string{cited, citing}, IngestOptions{}); err != nil || sum.Failed > 0 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}
	citedID := doSearch(t, s, Request{Query: "推进证明事项告知承诺制的实施意见", Scope: ScopeReports}).Hits[0].ID
	citingID := doSearch(t, s, Request{Query: "全面清理证明事项"}).Hits[0].ID

	cs, err := s.Citations(ctx, citingID)
	if err != nil {
		t.Fatal(err)
	}
	resolved := 0
	for _, c := range cs.Cites {
		if c.ID != nil && *c.ID == citedID {
			resolved++
		}
	}
	if resolved != 2 {
		t.Errorf("cites %+v: want the 文号 and the title both resolved to %s", cs.Cites, citedID)
	}
	back, err := s.Citations(ctx, citedID)
	if err != nil || len(back.CitedBy) != 1 || back.CitedBy[0].ID != citingID || back.CitedBy[0].Sentence == "" {
		t.Fatalf("cited by: %+v, %v", back, err)
	}

	// A later report citing it is linked by the ingest itself: the graph
	// follows the write and is not built again.
	before := s.citations.current
	later := write("later.txt", citingReport("青溪县市场监管局2023年法治政府建设情况报告", "QX-2023-0103", "", "一、主要工作\n落实青政发〔2023〕5号。"))
	if _, err := s.IngestPaths(ctx, []string{later}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	back, err = s.Citations(ctx, citedID)
	if err != nil || len(back.CitedBy) != 2 {
		t.Fatalf("right after a later ingest, cited by %+v (%v); want both citing reports", back.CitedBy, err)
	}
	if s.citations.current != before || s.citations.current.stamp != s.archive.Stamp() {
		t.Error("the ingest rebuilt the citation graph instead of adding to it")
	}

	// A deletion takes the citing report out at once.
	laterID := doSearch(t, s, Request{Query: "落实青政发"}).Hits[0].ID
	if err := s.Delete(ctx, laterID); err != nil {
		t.Fatal(err)
	}
	if back, err = s.Citations(ctx, citedID); err != nil || len(back.CitedBy) != 1 {
		t.Errorf("after deleting a citing report, cited by %+v (%v)", back.CitedBy, err)
	}

	// A write while no graph is current leaves it to be built on the next
	// request, which then sees everything.
	s.citations.mu.Lock()
	s.citations.current = nil
	s.citations.mu.Unlock()
	again := write("again.txt", citingReport("青溪县应急管理局2023年法治政府建设情况报告", "QX-2023-0104", "", "一、主要工作\n依据青政发〔2023〕5号开展。"))
	if _, err := s.IngestPaths(ctx, []string{again}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for back, err = s.Citations(ctx, citedID); err == nil && len(back.CitedBy) != 2 && time.Now().Before(deadline); back, err = s.Citations(ctx, citedID) {
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil || len(back.CitedBy) != 2 {
		t.Errorf("after a rebuild, cited by %+v (%v); want the two citing reports left", back.CitedBy, err)
	}
	if _, err := s.Citations(ctx, "0000000000000000"); err == nil {
		t.Error("citations of an unknown report")
	}
}
