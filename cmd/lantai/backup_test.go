package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupRestoreWhileServing backs up a data folder while `serve` runs
// on it, twice (the second copies nothing new), restores the backup into
// an empty folder, and checks that the restored folder's export equals
// the original's byte for byte and that it checks clean.
func TestBackupRestoreWhileServing(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	in := filepath.Join(root, "in")
	os.MkdirAll(in, 0o755)
	for i, town := range []string{"南坪镇", "北岸镇", "东港镇"} {
		name := filepath.Join(in, town+".txt")
		os.WriteFile(name, []byte(fixture(town+"2023年度法治政府建设情况的报告", "BK-000"+string(rune('1'+i))+"/2023-00001", town+"人民政府", "2023-12-01")), 0o644)
	}
	if r := lantai(t, data, "ingest", in); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	dest := filepath.Join(root, "backup")
	t.Run("beside serve", func(t *testing.T) {
		startServe(t, data)
		r := lantai(t, data, "backup", dest)
		if r.code != 0 || !strings.Contains(r.stdout, "backed up 3 reports") {
			t.Fatalf("backup beside serve: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		r = lantai(t, data, "backup", dest)
		if r.code != 0 || !strings.Contains(r.stdout, "0 copied") {
			t.Errorf("second backup: exit %d, want nothing copied\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
	restored := filepath.Join(root, "restored")
	r := lantai(t, restored, "restore", dest)
	if r.code != 0 || !strings.Contains(r.stdout, "restored 3 reports") {
		t.Fatalf("restore: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	a, b := lantai(t, data, "export"), lantai(t, restored, "export")
	if a.code != 0 || b.code != 0 || a.stdout != b.stdout || strings.Count(a.stdout, "\n") != 3 {
		t.Errorf("export of the restored folder differs from the original's (exit %d/%d, %d/%d bytes)", a.code, b.code, len(a.stdout), len(b.stdout))
	}
	if r := lantai(t, restored, "check"); r.code != 0 {
		t.Errorf("check of the restored folder: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := lantai(t, restored, "search", "北岸镇"); r.code != 0 || !strings.Contains(r.stdout, "北岸镇2023") {
		t.Errorf("search of the restored folder: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := lantai(t, restored, "restore", dest); r.code == 0 || !strings.Contains(r.stderr, "already holds an archive") {
		t.Errorf("restore over an archive: exit %d, want a refusal\n%s", r.code, r.stderr)
	}

	// Compaction rewrites the packs and changes no report.
	if r := lantai(t, data, "ingest", filepath.Join(in, "北岸镇.txt")); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := lantai(t, data, "compact"); r.code != 0 || !strings.Contains(r.stdout, "compacted 3 reports") {
		t.Errorf("compact: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if c := lantai(t, data, "export"); c.stdout != a.stdout {
		t.Errorf("export after compact differs (exit %d)", c.code)
	}
	if r := lantai(t, data, "check"); r.code != 0 {
		t.Errorf("check after compact: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
