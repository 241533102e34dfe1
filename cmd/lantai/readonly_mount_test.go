package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadOnlyMount runs the reading commands on a data folder mounted
// read-only (a bind mount remounted ro, which needs root and the right to
// mount: the test says so and skips where it has neither).
func TestReadOnlyMount(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to bind-mount a folder read-only")
	}
	root := t.TempDir()
	data, ro := filepath.Join(root, "data"), filepath.Join(root, "ro")
	os.MkdirAll(ro, 0o755)
	src := filepath.Join(root, "r.txt")
	os.WriteFile(src, []byte(fixture("石湾镇2022年度法治政府建设情况的报告", "RO-0001/2022-00001", "石湾镇人民政府", "2022-12-01")), 0o644)
	if r := lantai(t, data, "ingest", src); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	if out, err := exec.Command("mount", "--bind", data, ro).CombinedOutput(); err != nil {
		t.Skipf("cannot bind-mount here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", ro).Run() })
	if out, err := exec.Command("mount", "-o", "remount,ro,bind", ro).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	if err := os.WriteFile(filepath.Join(ro, "probe"), nil, 0o644); err == nil {
		t.Fatal("the mount is writable")
	}
	for _, args := range [][]string{{"search", "石湾镇"}, {"stats"}, {"get", "RO-0001/2022-00001"}, {"export"}, {"check"}} {
		r := lantai(t, ro, args...)
		if r.code != 0 || r.stdout == "" {
			t.Errorf("%s on a read-only mount: exit %d\n%s%s", args[0], r.code, r.stdout, r.stderr)
		}
	}
	if r := lantai(t, ro, "search", "石湾镇"); !strings.Contains(r.stdout, "石湾镇2022") {
		t.Errorf("search on a read-only mount found nothing:\n%s", r.stdout)
	}
}
