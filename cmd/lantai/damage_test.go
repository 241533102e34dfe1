package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestDamagedReportEndToEnd damages one report's record in its pack and
// runs every command a user would: the damage costs that report alone,
// each command names it, and ingesting its original again repairs it.
func TestDamagedReportEndToEnd(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	in := filepath.Join(root, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	names := []string{"a.txt", "b.txt", "c.txt"}
	titles := []string{"甲镇2021年度法治政府建设情况的报告", "乙镇2021年度法治政府建设情况的报告", "丙镇2021年度法治政府建设情况的报告"}
	for i, name := range names {
		path := filepath.Join(in, name)
		body := fixture(titles[i], "DM-000"+string(rune('1'+i))+"/2021-00001", titles[i][:6]+"人民政府", "2021-12-01")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		// One ingest per file: one pack per report.
		if r := lantai(t, data, "ingest", path); r.code != 0 {
			t.Fatalf("ingest %s: exit %d\n%s%s", name, r.code, r.stdout, r.stderr)
		}
	}
	packs, _ := filepath.Glob(filepath.Join(data, "archive", "packs", "*.pack"))
	sort.Strings(packs)
	if len(packs) != 3 {
		t.Fatalf("packs %v, want one per ingest", packs)
	}
	r := lantai(t, data, "get", "DM-0002/2021-00001", "--json")
	var rep struct{ ID string }
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.ID == "" {
		t.Fatalf("get --json: %v\n%s%s", err, r.stdout, r.stderr)
	}
	b, err := os.ReadFile(packs[1])
	if err != nil {
		t.Fatal(err)
	}
	b[40] ^= 0x5a // inside the pack's one frame: its original and record
	if err := os.WriteFile(packs[1], b, 0o644); err != nil {
		t.Fatal(err)
	}

	named := func(what string, r result) {
		t.Helper()
		// check lists its findings on stdout, the others name damage on
		// stderr beside their output.
		said := r.stderr
		if what == "check" {
			said = r.stdout
		}
		if r.code == 0 || !strings.Contains(said, rep.ID) || !strings.Contains(said, "damaged") || !strings.Contains(said, "b.txt") {
			t.Errorf("%s: exit %d, want non-zero naming %s as damaged and its source\nstdout: %s\nstderr: %s", what, r.code, rep.ID, tail(r.stdout, 500), r.stderr)
		}
	}
	out := filepath.Join(root, "export.jsonl")
	r = lantai(t, data, "export", "--out", out)
	named("export --out", r)
	if got, err := os.ReadFile(out); err != nil || bytes.Count(got, []byte("\n")) != 2 {
		t.Errorf("export --out of an archive with one damaged report: %d lines, %v; want the other 2", bytes.Count(got, []byte("\n")), err)
	}
	r = lantai(t, data, "export")
	named("export", r)
	if n := strings.Count(r.stdout, "\n"); n != 2 {
		t.Errorf("export to stdout: %d lines, want 2", n)
	}
	named("check", lantai(t, data, "check"))
	named("get", lantai(t, data, "get", rep.ID))
	named("get --raw", lantai(t, data, "get", "--raw", rep.ID))

	// With the index gone, serve rebuilds it from the intact reports and
	// answers; the damaged report is a 500 that says so.
	if err := os.RemoveAll(filepath.Join(data, "index")); err != nil {
		t.Fatal(err)
	}
	t.Run("serve", func(t *testing.T) {
		base := startServe(t, data)
		get := func(target string) (int, string) {
			resp, err := http.Get(base + target)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(body)
		}
		if code, body := get("/api/search?q=" + "法治政府"); code != http.StatusOK || !strings.Contains(body, "甲镇") {
			t.Errorf("search beside a damaged report: %d %s", code, tail(body, 300))
		}
		for _, target := range []string{"/api/reports/" + rep.ID, "/api/reports/" + rep.ID + "/raw", "/reports/" + rep.ID} {
			code, body := get(target)
			if code != http.StatusInternalServerError || !strings.Contains(body, "damaged") || !strings.Contains(body, rep.ID) {
				t.Errorf("GET %s: %d %s, want a 500 naming the report as damaged", target, code, tail(body, 300))
			}
		}
		// check reads beside the running server.
		if r := lantai(t, data, "check"); r.code != 1 || !strings.Contains(r.stdout, rep.ID) {
			t.Errorf("check beside serve: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	named("reindex", lantai(t, data, "reindex"))

	r = lantai(t, data, "ingest", filepath.Join(in, "b.txt"))
	if r.code != 0 || !strings.Contains(r.stdout, "repaired 1") {
		t.Fatalf("ingest of the damaged report's original: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = lantai(t, data, "export"); r.code != 0 || strings.Count(r.stdout, "\n") != 3 {
		t.Errorf("export after the repair: exit %d, %d lines\n%s", r.code, strings.Count(r.stdout, "\n"), r.stderr)
	}
	if r = lantai(t, data, "check"); r.code != 0 || !strings.Contains(r.stdout, "harmless") {
		t.Errorf("check after the repair: exit %d, want 0 with the superseded damage noted as harmless\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = lantai(t, data, "search", "乙镇"); r.code != 0 || !strings.Contains(r.stdout, rep.ID) {
		t.Errorf("search after the repair does not find the repaired report: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
