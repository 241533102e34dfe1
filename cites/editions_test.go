package cites

import (
	"slices"
	"testing"
)

func docIDs(ds []Doc) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

func TestEditionsAndLookup(t *testing.T) {
	g := NewGraph()
	for _, d := range []Doc{
		{ID: "e2023", Title: "中华人民共和国专利法实施细则", DocNo: "中华人民共和国国务院令第769号", Date: "2023-12-11"},
		{ID: "e2010", Title: "专利法实施细则", Date: "2010-01-09"},
		{ID: "trial", Title: "专利法实施细则（试行）"},
		{ID: "other", Title: "商标法实施条例", Date: "2014-04-29"},
		{ID: "decision", Title: "国务院关于修改《中华人民共和国专利法实施细则》的决定", Date: "2023-12-11"},
	} {
		g.Add(d, "")
	}
	tests := []struct {
		name string
		got  []Doc
		want []string
	}{
		{"editions, any mark, by date", g.Editions("《中华人民共和国专利法实施细则》"), []string{"trial", "e2010", "e2023"}},
		{"an edition's own title", g.Editions("专利法实施细则（试行）"), []string{"trial", "e2010", "e2023"}},
		{"no edition", g.Editions("著作权法实施条例"), nil},
		{"no title", g.Editions(""), nil},
		{"a deciding document by title, inner marks as written in a history", g.Lookup(KindTitle, "国务院关于修改〈中华人民共和国专利法实施细则〉的决定"), []string{"decision"}},
		{"an order by number, written in full", g.Lookup(KindDocNo, "国务院令第769号"), []string{"e2023"}},
		{"an unknown number", g.Lookup(KindDocNo, "国务院令第1号"), nil},
		{"an unknown kind", g.Lookup("url", "x"), nil},
	}
	for _, tt := range tests {
		if got := docIDs(tt.got); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	g.Remove("e2010")
	if got := docIDs(g.Editions("专利法实施细则")); !slices.Equal(got, []string{"trial", "e2023"}) {
		t.Errorf("after removing an edition: %v", got)
	}
}
