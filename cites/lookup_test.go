package cites

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"slices"
	"testing"
)

// lookupGraph is a small archive: a regulation and a notice, reports
// citing them by 文号 (in other brackets), by title and by short name, one
// citing a 文号 no document carries, and a page with two attached files.
func lookupGraph() *Graph {
	g := NewGraph()
	g.Add(Doc{ID: "law", Title: "中华人民共和国行政复议法", DocNo: "中华人民共和国主席令第9号", Date: "2017-09-01", Year: 2017}, "第一条 为了防止和纠正违法的或者不当的具体行政行为，制定本法。")
	g.Add(Doc{ID: "notice", Title: "国务院办公厅关于进一步激发社会领域投资活力的意见", DocNo: "国办发〔2017〕21号", Date: "2017-03-07", Year: 2017}, "各省、自治区、直辖市人民政府：……")
	g.Add(Doc{ID: "byDocNo", Title: "某市落实意见的通知", Date: "2018-01-01", Year: 2018}, "根据国办发【2017】21号要求，现通知如下。")
	g.Add(Doc{ID: "byTitle", Title: "某县行政复议工作报告", Date: "2022-01-01", Year: 2022}, "依照《中华人民共和国行政复议法》办理案件。")
	g.Add(Doc{ID: "byShort", Title: "某区行政复议工作报告", Date: "2023-01-01", Year: 2023}, "贯彻《行政复议法》，落实国办发〔2017〕21号。")
	g.Add(Doc{ID: "unheld", Title: "某局工作报告", Date: "2021-01-01", Year: 2021}, "按照国发〔2030〕9号执行。")
	g.Add(Doc{ID: "page", Title: "关于公布两项办法的通知", Date: "2020-05-01", Year: 2020}, "现将两项办法公布如下。")
	g.Add(Doc{ID: "att1", Title: "某市第一办法", Parent: "page", Year: 2020}, "第一条 ……")
	g.Add(Doc{ID: "att2", Title: "某市第二办法", Parent: "page", Year: 2020}, "第一条 依照《行政复议法》。")
	return g
}

func TestCitingAndCitedIDs(t *testing.T) {
	g := lookupGraph()
	tests := []struct {
		value       string
		citing      []string
		cited       []string
		description string
	}{
		{"国办发〔2017〕21号", []string{"byDocNo", "byShort"}, nil, "a 文号 as stored"},
		{"国办发[2017]21号", []string{"byDocNo", "byShort"}, nil, "in square brackets"},
		{" 国办发（2017）21号 ", []string{"byDocNo", "byShort"}, nil, "in full-width parentheses, with spaces"},
		{"《中华人民共和国行政复议法》", []string{"att2", "byShort", "byTitle"}, nil, "a title in its marks"},
		{"行政复议法", []string{"att2", "byShort", "byTitle"}, nil, "a short title"},
		{"中华人民共和国主席令第9号", []string{"att2", "byShort", "byTitle"}, nil, "the law's own 文号, cited by title only"},
		{"law", []string{"att2", "byShort", "byTitle"}, nil, "an id"},
		{"国发〔2030〕9号", []string{"unheld"}, nil, "a 文号 no document carries"},
		{"att1", []string{"page"}, nil, "an attachment, by its page"},
		{"page", nil, []string{"att1", "att2"}, "a page cites its attachments"},
		{"byShort", nil, []string{"law", "notice"}, "an id"},
		{"某区行政复议工作报告", nil, []string{"law", "notice"}, "a title"},
		{"att2", []string{"page"}, []string{"law"}, "an attachment's own citation"},
		{"没有的文件", nil, nil, "nothing"},
		{"", nil, nil, "empty"},
	}
	for _, tt := range tests {
		if got := g.CitingIDs(tt.value); !slices.Equal(got, tt.citing) {
			t.Errorf("%s: CitingIDs(%q) = %v, want %v", tt.description, tt.value, got, tt.citing)
		}
		if got := g.CitedIDs(tt.value); !slices.Equal(got, tt.cited) {
			t.Errorf("%s: CitedIDs(%q) = %v, want %v", tt.description, tt.value, got, tt.cited)
		}
	}
}

func TestAttachmentEdges(t *testing.T) {
	g := lookupGraph()
	cs := g.Cites("page")
	if len(cs) != 2 {
		t.Fatalf("Cites(page) = %+v, want its two attachments", cs)
	}
	for i, want := range []string{"att1", "att2"} {
		c := cs[i]
		if c.Kind != KindAttachment || c.Match != MatchAttachment || !slices.Equal(c.IDs, []string{want}) || c.Offset != -1 || c.Sentence != AttachmentSentence {
			t.Errorf("Cites(page)[%d] = %+v, want the attachment %s", i, c, want)
		}
	}
	if cs[0].Text != "某市第一办法" {
		t.Errorf("an attachment edge's text is %q, want its title", cs[0].Text)
	}
	by := g.CitedBy("att1")
	if len(by) != 1 || by[0].ID != "page" || by[0].Sentence != AttachmentSentence || by[0].Citation.Kind != KindAttachment {
		t.Errorf("CitedBy(att1) = %+v, want the page", by)
	}
	for _, tt := range []struct {
		id             string
		cites, citedBy int
	}{
		{"page", 2, 0}, {"att1", 0, 1}, {"att2", 1, 1}, {"law", 0, 3}, {"notice", 0, 2},
		{"byShort", 2, 0}, {"unheld", 0, 0}, {"nothing", 0, 0},
	} {
		if c, b := g.Counts(tt.id); c != tt.cites || b != tt.citedBy {
			t.Errorf("Counts(%s) = %d, %d; want %d, %d", tt.id, c, b, tt.cites, tt.citedBy)
		}
	}

	// A page whose text cites its attachment lists it once, by the text.
	g.Add(Doc{ID: "page", Title: "关于公布两项办法的通知", Date: "2020-05-01", Year: 2020}, "现将《某市第一办法》公布如下。")
	cs = g.Cites("page")
	if len(cs) != 2 || cs[0].Kind != KindTitle || cs[1].Kind != KindAttachment || cs[1].IDs[0] != "att2" {
		t.Errorf("Cites(page) = %+v, want the title citation of att1 and the attachment att2", cs)
	}
	if by := g.CitedBy("att1"); len(by) != 1 || by[0].Citation.Kind != KindTitle {
		t.Errorf("CitedBy(att1) = %+v, want the page once, by its text", by)
	}
	if c, b := g.Counts("att1"); c != 0 || b != 1 {
		t.Errorf("Counts(att1) = %d, %d", c, b)
	}
	// The edges go with the attachment, and come when the page comes.
	g.Remove("att2")
	g.Remove("page")
	if by := g.CitedBy("att1"); len(by) != 0 {
		t.Errorf("after the page was removed, CitedBy(att1) = %+v", by)
	}
	g.Add(Doc{ID: "page", Title: "关于公布两项办法的通知"}, "")
	if cs := g.Cites("page"); len(cs) != 1 || cs[0].IDs[0] != "att1" {
		t.Errorf("the page added after its attachment: Cites = %+v", cs)
	}
}

// sameGraphs compares two graphs on every document either holds.
func sameGraphs(t *testing.T, what string, want, got *Graph) {
	t.Helper()
	if want.Len() != got.Len() {
		t.Fatalf("%s: %d documents, want %d", what, got.Len(), want.Len())
	}
	bad := 0
	for _, e := range want.Snapshot() {
		id := e.Doc.ID
		wc, gc := want.Cites(id), got.Cites(id)
		wb, gb := want.CitedBy(id), got.CitedBy(id)
		if !reflect.DeepEqual(wc, gc) || !reflect.DeepEqual(wb, gb) {
			if bad++; bad <= 3 {
				t.Errorf("%s: %s differs:\ncites %+v\nwant  %+v\ncited by %+v\nwant     %+v", what, id, gc, wc, gb, wb)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d documents differ", what, bad, want.Len())
	}
}

// roundTrip restores a graph from its snapshot sent through gob, as the
// service keeps it on disk.
func roundTrip(t testing.TB, g *Graph) *Graph {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(g.Snapshot()); err != nil {
		t.Fatal(err)
	}
	var entries []Entry
	if err := gob.NewDecoder(&buf).Decode(&entries); err != nil {
		t.Fatal(err)
	}
	return Restore(entries)
}

func TestSnapshotRestore(t *testing.T) {
	g := lookupGraph()
	r := roundTrip(t, g)
	sameGraphs(t, "restored", g, r)
	// A restored graph is updated as the one it was taken of.
	for _, h := range []*Graph{g, r} {
		h.Add(Doc{ID: "later", Title: "国务院关于某事的通知", DocNo: "国发〔2030〕9号", Date: "2030-01-01", Year: 2030}, "按照《行政复议法》。")
		h.Remove("notice")
		h.Add(Doc{ID: "att3", Title: "某市第三办法", Parent: "page"}, "")
	}
	sameGraphs(t, "after the same writes", g, r)
	if by := r.CitedBy("later"); len(by) != 1 || by[0].ID != "unheld" {
		t.Errorf("the restored graph's unresolved citation did not resolve: %+v", by)
	}
	// A resolution to a document the snapshot lacks is dropped.
	entries := g.Snapshot()
	entries = slices.DeleteFunc(entries, func(e Entry) bool { return e.Doc.ID == "law" })
	p := Restore(entries)
	if ids := p.CitedIDs("byTitle"); len(ids) != 0 {
		t.Errorf("restored without the law, byTitle cites %v", ids)
	}
}

// FuzzCitingIDs: whatever a search's cites: or cited_by: value is, the
// graph answers without panicking, with documents it holds, and reads the
// value as citations within it.
func FuzzCitingIDs(f *testing.F) {
	for _, v := range []string{"国办发〔2017〕21号", "《行政复议法》", "《", "》", "law", "国务院令第", "〔2017〕", "\xff《\x00》", " "} {
		f.Add(v)
	}
	g := lookupGraph()
	f.Fuzz(func(t *testing.T, value string) {
		for _, c := range targetCitations(value) {
			if c.Offset < 0 || c.End < c.Offset || c.End > len(value) || c.Key == "" {
				t.Fatalf("%q read as %+v", value, c)
			}
		}
		for _, ids := range [][]string{g.CitingIDs(value), g.CitedIDs(value)} {
			for _, id := range ids {
				if _, ok := g.res.Doc(id); !ok {
					t.Fatalf("%q names %s, not in the graph", value, id)
				}
			}
		}
	})
}
