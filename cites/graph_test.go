package cites

import (
	"reflect"
	"sync"
	"testing"
)

func resolveTitle(r *Resolver, title string, from Doc) Resolution {
	for _, c := range Find("《" + title + "》") {
		return r.Resolve(c, from)
	}
	return Resolution{}
}

func TestResolverVariantsAndEditions(t *testing.T) {
	r := NewResolver()
	r.Add(Doc{ID: "trial", Title: "河北省科技计划管理办法（试行）", Date: "2015-01-01"})
	r.Add(Doc{ID: "law", Title: "中华人民共和国劳动法", DocNo: "中华人民共和国主席令第28号"})
	r.Add(Doc{ID: "e2010", Title: "工伤保险条例", Date: "2010-12-20"})
	r.Add(Doc{ID: "e2003", Title: "工伤保险条例", Date: "2003-04-27"})
	r.Add(Doc{ID: "notice", Title: "国务院关于印发国家职业教育改革实施方案的通知", DocNo: "国发〔2019〕4号", Date: "2019-01-24"})

	tests := []struct {
		title string
		from  Doc
		want  Resolution
	}{
		{"河北省科技计划管理办法（试行）", Doc{}, Resolution{IDs: []string{"trial"}, Match: MatchExact}},
		{"河北省科技计划管理办法", Doc{}, Resolution{IDs: []string{"trial"}, Match: MatchVariant}},
		{"劳动法", Doc{}, Resolution{IDs: []string{"law"}, Match: MatchExact}},
		{"工伤保险条例", Doc{}, Resolution{IDs: []string{"e2003", "e2010"}, Match: MatchExact}},
		{"工伤保险条例", Doc{Date: "2008-01-01"}, Resolution{IDs: []string{"e2003"}, Match: MatchExact}},
		{"工伤保险条例", Doc{Date: "2020-01-01"}, Resolution{IDs: []string{"e2010"}, Match: MatchExact}},
		{"工伤保险条例", Doc{Date: "2001-01-01"}, Resolution{IDs: []string{"e2003"}, Match: MatchExact}},
		{"工伤保险条例", Doc{ID: "e2010", Date: "2010-12-20"}, Resolution{IDs: []string{"e2003"}, Match: MatchExact}},
		{"国家职业教育改革实施方案", Doc{}, Resolution{IDs: []string{"notice"}, Match: MatchCarrier}},
		{"没有的办法", Doc{}, Resolution{}},
	}
	for _, tt := range tests {
		if got := resolveTitle(r, tt.title, tt.from); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Resolve(《%s》, %+v) = %+v, want %+v", tt.title, tt.from, got, tt.want)
		}
	}
	c := Find("（国发[2019]4号）")[0]
	if got := r.Resolve(c, Doc{}); !reflect.DeepEqual(got.IDs, []string{"notice"}) {
		t.Errorf("Resolve(%s) = %+v", c.Text, got)
	}
	r.Remove("notice")
	if got := r.Resolve(c, Doc{}); len(got.IDs) != 0 {
		t.Errorf("after Remove, Resolve(%s) = %+v", c.Text, got)
	}
}

func TestGraphLaterDocumentResolves(t *testing.T) {
	g := NewGraph()
	citing := Doc{ID: "a", Title: "关于做好职业教育工作的通知", Date: "2020-03-01", Year: 2020}
	g.Add(citing, "根据《国务院关于印发国家职业教育改革实施方案的通知》（国发〔2019〕4号）要求，做好工作。")
	cites := g.Cites("a")
	if len(cites) != 2 {
		t.Fatalf("Cites(a) = %+v, want the notice and its 文号", cites)
	}
	for _, c := range cites {
		if len(c.IDs) != 0 {
			t.Errorf("before the cited document is added, %s resolved to %v", c.Text, c.IDs)
		}
	}
	g.Add(Doc{ID: "b", Title: "国务院关于印发国家职业教育改革实施方案的通知", DocNo: "国发〔2019〕4号", Date: "2019-01-24", Year: 2019}, "各省、自治区、直辖市人民政府：……")
	by := g.CitedBy("b")
	if len(by) != 1 || by[0].ID != "a" || by[0].Title != citing.Title || by[0].Year != 2020 {
		t.Fatalf("CitedBy(b) = %+v, want a", by)
	}
	if want := "根据《国务院关于印发国家职业教育改革实施方案的通知》（国发〔2019〕4号）要求，做好工作。"; by[0].Sentence != want {
		t.Errorf("sentence %q, want %q", by[0].Sentence, want)
	}
	for _, c := range g.Cites("a") {
		if !reflect.DeepEqual(c.IDs, []string{"b"}) {
			t.Errorf("%s resolved to %v, want b", c.Text, c.IDs)
		}
	}

	// Replacing the citing document drops its old edges.
	g.Add(citing, "不再引用。")
	if by := g.CitedBy("b"); len(by) != 0 {
		t.Errorf("after a's text changed, CitedBy(b) = %+v", by)
	}
	g.Add(citing, "见国发[2019]4号。")
	if by := g.CitedBy("b"); len(by) != 1 {
		t.Errorf("CitedBy(b) = %+v, want a again", by)
	}
	// Removing the cited document leaves the citation unresolved, kept.
	g.Remove("b")
	if c := g.Cites("a"); len(c) != 1 || len(c[0].IDs) != 0 {
		t.Errorf("after Remove(b), Cites(a) = %+v", c)
	}
	if g.Len() != 1 || g.Cites("b") != nil || g.CitedBy("b") != nil {
		t.Errorf("b is still there")
	}
}

func TestGraphNewEditionTakesOver(t *testing.T) {
	g := NewGraph()
	g.Add(Doc{ID: "citer", Date: "2021-01-01"}, "依照《工伤保险条例》执行。")
	g.Add(Doc{ID: "old", Title: "工伤保险条例", Date: "2003-04-27"}, "")
	if by := g.CitedBy("old"); len(by) != 1 {
		t.Fatalf("CitedBy(old) = %+v", by)
	}
	g.Add(Doc{ID: "new", Title: "工伤保险条例", Date: "2010-12-20"}, "")
	if by := g.CitedBy("old"); len(by) != 0 {
		t.Errorf("CitedBy(old) = %+v after a newer edition in force at the citing date", by)
	}
	if by := g.CitedBy("new"); len(by) != 1 || by[0].ID != "citer" {
		t.Errorf("CitedBy(new) = %+v", by)
	}
}

func TestGraphConcurrent(t *testing.T) {
	g := NewGraph()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				id := string(rune('a'+i)) + string(rune('0'+j%10))
				g.Add(Doc{ID: id, Title: "工伤保险条例", Date: "2010-01-01"}, "依照《工伤保险条例》（国务院令第586号）执行。")
				g.Cites(id)
				g.CitedBy(id)
			}
		}()
	}
	wg.Wait()
	if g.Len() != 40 {
		t.Errorf("Len = %d, want 40", g.Len())
	}
}
