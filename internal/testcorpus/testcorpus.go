package testcorpus

import (
	_ "embed"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir returns the shared corpus of real reports: LANTAI_CORPUS, else
// ../shared/corpus relative to the repository's root (the folder of
// go.mod above the test's package folder, however deep). Without it the
// test is skipped with a message, except under CI=true, where a missing
// corpus fails the test.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("LANTAI_CORPUS")
	if dir == "" {
		dir = filepath.Join(moduleRoot(), "..", "shared", "corpus")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("real corpus not found at %s (set LANTAI_CORPUS); CI=true requires it", dir)
		}
		tb.Skipf("real corpus not found at %s (set LANTAI_CORPUS to run this test)", dir)
	}
	return dir
}

// moduleRoot is the nearest folder at or above the working directory (a
// test's package folder) that holds go.mod; ".." when there is none.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ".."
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ".."
		}
		d = up
	}
}

//go:embed queries.txt
var queriesText string

// Queries returns the query list: domain terms, one- and two-character
// pieces that jieba rarely cuts out, several terms at once, Latin and
// digits, and 文号. One query per line in queries.txt; # starts a comment.
func Queries() []string {
	var out []string
	for _, line := range strings.Split(queriesText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}
