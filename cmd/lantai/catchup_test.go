package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestIndexBehindArchiveCaughtUp leaves the data folder as a writer killed
// between its archive and index writes does: the second report is in the
// archive, the index is the one from before it, and no clean close was
// recorded. A reader says the index is behind; the next writer catches it
// up and says so.
func TestIndexBehindArchiveCaughtUp(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	first := filepath.Join(root, "first.txt")
	second := filepath.Join(root, "second.txt")
	os.WriteFile(first, []byte(fixture("东湖区2022年度法治政府建设情况的报告", "DH-0001/2022-00001", "东湖区人民政府", "2022-12-01")), 0o644)
	os.WriteFile(second, []byte(fixture("西岭县2022年度法治政府建设情况的报告", "XL-0002/2022-00001", "西岭县人民政府", "2022-12-02")), 0o644)
	if r := lantai(t, data, "ingest", first); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	saved := filepath.Join(root, "index-before")
	if out, err := exec.Command("cp", "-a", filepath.Join(data, "index"), saved).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	if r := lantai(t, data, "ingest", second); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	os.RemoveAll(filepath.Join(data, "index"))
	if err := os.Rename(saved, filepath.Join(data, "index")); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(data, "index", "CLEAN"))

	r := lantai(t, data, "search", "西岭县")
	if !strings.Contains(r.stderr, "behind the archive") || strings.Contains(r.stdout, "西岭县2022") {
		t.Errorf("read-only search of an index behind the archive: exit %d, want a warning\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = lantai(t, data, "ingest", first)
	if r.code != 0 || !strings.Contains(r.stderr, "caught up") {
		t.Errorf("the next writer: exit %d, want it to say the index caught up\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = lantai(t, data, "search", "西岭县")
	if r.code != 0 || !strings.Contains(r.stdout, "西岭县2022") || strings.Contains(r.stderr, "behind") {
		t.Errorf("search after the catch-up: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if r = lantai(t, data, "check"); r.code != 0 {
		t.Errorf("check after the catch-up: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Segment files gone: Bleve either fails to open the index (named
	// damaged, not another version) or opens an older snapshot that holds
	// less (named behind the archive); either way the next writer brings
	// every report back.
	zaps, _ := filepath.Glob(filepath.Join(data, "index", "idx-*", "store", "*.zap"))
	if len(zaps) == 0 {
		t.Fatal("no segment files")
	}
	for _, z := range zaps {
		os.Remove(z)
	}
	r = lantai(t, data, "search", "西岭县")
	damaged := r.code != 0 && strings.Contains(r.stderr, "damaged")
	behind := strings.Contains(r.stderr, "behind the archive")
	if !damaged && !behind || strings.Contains(r.stderr, "another version") {
		t.Errorf("search of an index without its segment files: exit %d, want it named damaged or behind\n%s", r.code, r.stderr)
	}
	if r = lantai(t, data, "ingest", first); r.code != 0 {
		t.Errorf("a writer on the damaged index: exit %d\n%s", r.code, r.stderr)
	}
	if r = lantai(t, data, "search", "西岭县"); r.code != 0 || !strings.Contains(r.stdout, "西岭县2022") {
		t.Errorf("search after the rebuild: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
