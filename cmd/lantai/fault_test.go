package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lantai/lantai/internal/testcorpus"
)

// TestKilledWritesLoseNothing is the fault-injection test: ingests and
// reindexes of a real collection killed with SIGKILL at spread-out moments
// leave a data folder from which the next ingest completes the archive,
// the next writer catches the index up, and nothing is lost: the export
// equals that of an ingest never interrupted (ingest times aside), search
// totals are equal and `lantai check` finds nothing wrong.
func TestKilledWritesLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills eight writers: not in -short")
	}
	src := filepath.Join(testcorpus.Dir(t), "gov-work-reports-national")
	root := t.TempDir()
	clean, killed := filepath.Join(root, "clean"), filepath.Join(root, "killed")

	start := time.Now()
	if r := lantai(t, clean, "ingest", src); r.code != 0 {
		t.Fatalf("clean ingest: exit %d\n%s", r.code, r.stderr)
	}
	full := time.Since(start)

	const kills = 8
	for i := range kills {
		args := []string{"ingest", src}
		if i%4 == 3 {
			args = []string{"reindex"}
		}
		cmd := exec.Command(lantaiBin, args...)
		cmd.Env = append(os.Environ(), "LANTAI_DATA="+killed)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(full * time.Duration(i+1) / (kills + 2))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}
	if r := lantai(t, killed, "ingest", src); r.code != 0 {
		t.Fatalf("ingest after %d kills: exit %d\n%s%s", kills, r.code, r.stdout, r.stderr)
	}

	want, got := exportWithoutTimes(t, clean), exportWithoutTimes(t, killed)
	if len(got) != len(want) {
		t.Fatalf("after the kills the archive holds %d reports, an uninterrupted ingest %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("report %d differs after the kills:\n%.300s\nwant\n%.300s", i, got[i], want[i])
		}
	}
	for _, q := range []string{"政府", "国内生产总值", "粮食"} {
		a, b := lantai(t, clean, "search", q, "--json"), lantai(t, killed, "search", q, "--json")
		if totalOf(t, a.stdout) != totalOf(t, b.stdout) {
			t.Errorf("search %s: %d results after the kills, %d uninterrupted", q, totalOf(t, b.stdout), totalOf(t, a.stdout))
		}
	}
	if r := lantai(t, killed, "check"); r.code != 0 {
		t.Errorf("check after the kills: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if idx, _ := filepath.Glob(filepath.Join(killed, "index", "idx-*")); len(idx) != 1 {
		t.Errorf("index folders after the kills: %v, want the live one alone", idx)
	}

	// Then a pack cut short and a record damaged in another: check names
	// both, repair salvages the pack's whole frames, and one ingest of the
	// originals brings back every report as it was.
	packs, _ := filepath.Glob(filepath.Join(killed, "archive", "packs", "*.pack"))
	sort.Slice(packs, func(i, j int) bool { return fileSize(t, packs[i]) > fileSize(t, packs[j]) })
	if len(packs) < 2 {
		t.Fatalf("packs %v, want two or more", packs)
	}
	cut, _ := os.ReadFile(packs[0])
	os.WriteFile(packs[0], cut[:len(cut)/2], 0o644)
	flipped, _ := os.ReadFile(packs[1])
	flipped[20] ^= 0x5a
	os.WriteFile(packs[1], flipped, 0o644)
	r := lantai(t, killed, "check")
	if r.code != 1 || !strings.Contains(r.stdout, filepath.Base(packs[0])) || !strings.Contains(r.stdout, filepath.Base(packs[1])) || !strings.Contains(r.stderr, "lantai repair") {
		t.Errorf("check of a cut pack and a damaged record: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = lantai(t, killed, "repair"); !strings.Contains(r.stdout, "salvaged") || !strings.Contains(r.stdout, "moved the damaged pack") {
		t.Errorf("repair: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = lantai(t, killed, "ingest", src); r.code != 0 {
		t.Fatalf("ingest after the repair: exit %d\n%s", r.code, r.stderr)
	}
	got = exportWithoutTimes(t, killed)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after repair and ingest: %d reports, want %d as uninterrupted", len(got), len(want))
	}
	if r = lantai(t, killed, "check"); r.code != 0 {
		t.Errorf("check after repair and ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func fileSize(t *testing.T, path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// exportWithoutTimes exports a data folder and returns its lines, sorted,
// with the versions' ingest times removed.
func exportWithoutTimes(t *testing.T, data string) []string {
	t.Helper()
	r := lantai(t, data, "export")
	if r.code != 0 {
		t.Fatalf("export %s: exit %d\n%s", data, r.code, r.stderr)
	}
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		vs, _ := line["versions"].([]any)
		for _, v := range vs {
			delete(v.(map[string]any), "ingested_at")
		}
		b, _ := json.Marshal(line)
		lines = append(lines, string(b))
	}
	sort.Strings(lines)
	return lines
}

// totalOf reads the total of a `lantai search --json` answer.
func totalOf(t *testing.T, out string) int {
	t.Helper()
	var res struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json: %v\n%.300s", err, out)
	}
	return res.Total
}
