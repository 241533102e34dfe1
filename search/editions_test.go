package search

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// regulationEdition is an invented regulation in the lawrefbook layout
// with the given history lines.
func regulationEdition(history ...string) string {
	return "# 青溪县行政执法条例\n\n" + strings.Join(history, "\n\n") + "\n\n<!-- INFO END -->\n## 第一章 总则\n第一条 为了规范行政执法，制定本条例。\n第二条 本条例自公布之日起施行。\n"
}

// eventString writes a step as "date event[N] report=… by=…", the ids
// named by the names given them.
func eventString(e EditionEvent, names map[string]string) string {
	s := e.Date + " " + e.Event
	if e.Nth > 0 {
		s += fmt.Sprint(e.Nth)
	}
	if e.ReportID != nil {
		s += " report=" + names[*e.ReportID]
	}
	if e.ByID != nil {
		s += " by=" + names[*e.ByID]
	}
	return s
}

// TestEditions: two editions of one regulation, stored as separate
// reports, make one history; each edition is the step of its date, and the
// decision that made a revision, archived too, is linked to that step.
func TestEditions(t *testing.T) {
	s, _ := openSamples(t, nil)
	ctx := context.Background()
	ingest := func(name, content string) string {
		t.Helper()
		res, err := s.Ingest(ctx, name, []byte(content))
		if err != nil || len(res.IDs) != 1 {
			t.Fatalf("ingest %s: %+v, %v", name, res, err)
		}
		return res.IDs[0]
	}
	old := ingest("青溪县行政执法条例(2010-05-01).md", regulationEdition(
		"2005年3月1日 青溪县人民政府令第1号公布",
		"2010年5月1日 《青溪县人民政府关于修改〈青溪县行政执法条例〉的决定》第一次修订"))
	current := ingest("青溪县行政执法条例(2020-09-01).md", regulationEdition(
		"2005年3月1日 青溪县人民政府令第1号公布",
		"2010年5月1日 《青溪县人民政府关于修改〈青溪县行政执法条例〉的决定》第一次修订",
		"2020年9月1日 青溪县人民政府令第9号第二次修订",
		"2021年1月1日 施行"))
	decision := ingest("decision.txt", "青溪县人民政府关于修改《青溪县行政执法条例》的决定\n\n发文机构\n青溪县人民政府\n日期\n2010-05-01\n\n\n县人民政府决定对《青溪县行政执法条例》作如下修改。\n")
	names := map[string]string{old: "old", current: "current", decision: "decision"}

	for _, id := range []string{old, current} {
		eds, err := s.Editions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range eds.Events {
			got = append(got, eventString(e, names))
		}
		want := []string{"2005-03-01 公布", "2010-05-01 修订1 report=old by=decision", "2020-09-01 修订2 report=current", "2021-01-01 施行"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("history of %s:\n%s\nwant\n%s", names[id], strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(eds.Reports) != 2 || eds.Reports[0].ID != old || eds.Reports[1].ID != current || eds.Reports[0].Current != (id == old) || eds.Reports[1].Current != (id == current) {
			t.Errorf("editions of %s: %+v", names[id], eds.Reports)
		}
		if eds.Events[0].DocNo != "青溪县人民政府令第1号" || eds.Events[1].By != "青溪县人民政府关于修改〈青溪县行政执法条例〉的决定" {
			t.Errorf("what made the steps: %+v", eds.Events[:2])
		}
	}

	eds, err := s.Editions(ctx, decision)
	if err != nil || len(eds.Events) != 0 || len(eds.Reports) != 1 || !eds.Reports[0].Current {
		t.Errorf("a document without a history: %+v, %v", eds, err)
	}
	if _, err := s.Editions(ctx, "0123456789abcdef"); err == nil {
		t.Error("editions of an unknown report: no error")
	}
}
