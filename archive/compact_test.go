package archive

import (
	"context"
	"testing"
)

// TestCompactKeepsTheCurrentStateOnly compacts an archive with an updated
// report (three versions), a deleted one and a plain one: fewer packs and
// bytes after, every version and original of the live reports still read
// back, the deleted report gone, and all of it the same after reopening.
func TestCompactKeepsTheCurrentStateOnly(t *testing.T) {
	dir := t.TempDir()
	a := openTestArchive(t, dir)
	var versions []string
	for i, body := range []string{"第一版：案件12件。", "第二版：案件13件。", "第三版：案件14件。"} {
		res := mustPut(t, a, testDoc("a.txt", "CP-A", body))
		versions = append(versions, res.Report.SHA256)
		if i == 0 {
			mustPut(t, a, testDoc("b.txt", "CP-B", "将被删除的报告"))
		}
	}
	updated := mustPut(t, a, testDoc("a.txt", "CP-A", "第三版：案件14件。")).ID
	deleted := mustPut(t, a, testDoc("b.txt", "CP-B", "将被删除的报告")).ID
	plain := mustPut(t, a, testDoc("c.txt", "CP-C", "一份普通的报告")).ID
	if err := a.Delete(deleted); err != nil {
		t.Fatal(err)
	}
	res, err := a.Compact(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reports != 2 || res.PacksAfter >= res.PacksBefore || res.BytesAfter >= res.BytesBefore {
		t.Errorf("compact = %+v; want 2 reports in fewer packs and bytes", res)
	}
	check := func(a *Archive, when string) {
		t.Helper()
		if a.Len() != 2 {
			t.Errorf("%s: %d reports, want 2", when, a.Len())
		}
		vs, err := a.Versions(updated)
		if err != nil || len(vs) != 3 {
			t.Fatalf("%s: versions %d, %v", when, len(vs), err)
		}
		for i, v := range vs {
			if v.SHA256 != versions[i] {
				t.Errorf("%s: version %d is %s, want %s", when, i, v.SHA256, versions[i])
			}
			if _, _, err := a.Original(v.SHA256); err != nil {
				t.Errorf("%s: the original of version %d: %v", when, i, err)
			}
		}
		if r, err := a.Get(plain); err != nil || r.Text != "一份普通的报告" {
			t.Errorf("%s: plain report %q, %v", when, r.Text, err)
		}
		if _, err := a.Get(deleted); err == nil {
			t.Errorf("%s: the deleted report is back", when)
		}
		c, err := a.Check(context.Background(), nil)
		if err != nil || len(c.Problems) != 0 || len(c.Superseded) != 0 {
			t.Errorf("%s: check %v %v %v", when, c.Problems, c.Superseded, err)
		}
	}
	check(a, "after compact")
	a.Close()
	check(openTestArchive(t, dir), "reopened")
}
