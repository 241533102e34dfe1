package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// lantaiBin is the binary built once by TestMain.
var lantaiBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lantai-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lantaiBin = filepath.Join(dir, "lantai")
	out, err := exec.Command("go", "build", "-o", lantaiBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	if fuzzCleanup != nil {
		fuzzCleanup()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	code           int
	stdout, stderr string
}

// lantai runs the binary with args against data folder data.
func lantai(t *testing.T, data string, args ...string) result {
	t.Helper()
	cmd := exec.Command(lantaiBin, args...)
	cmd.Env = append(os.Environ(), "LANTAI_DATA="+data)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// fixture renders an invented report in the seed plain-text layout.
func fixture(title, indexNo, agency, date string) string {
	return title + "\n\n索引号\n" + indexNo + "\n发文机构\n" + agency + "\n公开目录\n法治政府建设\n日期\n" + date + "\n\n\n" +
		"一、法治政府建设工作情况\n\n(一)坚持依法行政\n\n一是完善制度建设。全年审查规范性文件17件。二是强化监督。\n\n" +
		"二、存在的问题\n\n部分乡镇执法人员业务能力不足。\n\n三、下一步工作打算\n\n持续推进严格规范公正文明执法。\n"
}

func TestEndToEnd(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	in := filepath.Join(root, "reports")
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(fixture("澜河区2022年度法治政府建设情况的报告", "LH-0003/2022-00009", "澜河区人民政府", "2022-11-30"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"SOURCE.md":              "# 说明\n",
		"qingxi-2023.txt":        fixture("青溪县2023年度法治政府建设情况的报告", "QX-0001/2023-00017", "青溪县人民政府", "2023-12-20"),
		"towns/baishan-2022.txt": fixture("白山镇2022年度法治政府建设情况的报告", "BS-0002/2022-00003", "白山镇人民政府", "2022-12-01"),
		"towns/lanhe-2022.txt":   gbk,
	}
	for name, content := range files {
		p := filepath.Join(in, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	r := lantai(t, data, "ingest", in)
	if r.code != 0 || !strings.Contains(r.stdout, "added 3, updated 0, unchanged 0, failed 0") {
		t.Fatalf("first ingest: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = lantai(t, data, "ingest", in)
	if r.code != 0 || !strings.Contains(r.stdout, "added 0, updated 0, unchanged 3, failed 0") {
		t.Fatalf("second ingest: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}

	// get --raw by 索引号 returns the GBK bytes exactly.
	r = lantai(t, data, "get", "LH-0003/2022-00009", "--raw")
	if r.code != 0 || r.stdout != gbk {
		t.Fatalf("get --raw: exit %d, %d bytes (want %d)\nstderr: %s", r.code, len(r.stdout), len(gbk), r.stderr)
	}
	// get --json (flag before the argument, --data after it) by 索引号.
	r = lantai(t, "", "get", "--json", "QX-0001/2023-00017", "--data", data)
	var rep struct {
		ID, Title, IndexNo string
		Versions           []struct{ SHA256, Source string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 {
		t.Fatalf("get --json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if rep.Title != "青溪县2023年度法治政府建设情况的报告" || len(rep.Versions) != 1 || rep.Versions[0].Source != "reports/qingxi-2023.txt" {
		t.Errorf("get --json: %+v", rep)
	}
	// get by ID gives the text view.
	r = lantai(t, data, "get", rep.ID)
	if r.code != 0 || !strings.Contains(r.stdout, "青溪县人民政府") || !strings.Contains(r.stdout, "Sections:") {
		t.Errorf("get text view: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// export: JSON Lines, one report per line.
	r = lantai(t, data, "export")
	if r.code != 0 {
		t.Fatalf("export: exit %d: %s", r.code, r.stderr)
	}
	var lines int
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("export line %d: %v", lines+1, err)
		}
		for _, k := range []string{"id", "title", "index_no", "agency", "catalog", "doc_no", "date", "published", "year", "views", "source", "sha256", "text", "sections", "versions"} {
			if _, ok := line[k]; !ok {
				t.Errorf("export line %d has no %q", lines+1, k)
			}
		}
		lines++
	}
	if lines != 3 {
		t.Errorf("export wrote %d lines, want 3", lines)
	}
	out := filepath.Join(root, "export.jsonl")
	if r = lantai(t, data, "export", "--out", out); r.code != 0 {
		t.Fatalf("export --out: exit %d: %s", r.code, r.stderr)
	}
	if b, err := os.ReadFile(out); err != nil || bytes.Count(b, []byte("\n")) != 3 {
		t.Errorf("export --out wrote %d lines, %v", bytes.Count(b, []byte("\n")), err)
	}

	// A bad input fails with exit 1, named, while the good one is stored.
	bad := filepath.Join(root, "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(bad, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(bad, "image.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"), 0o644)
	os.WriteFile(filepath.Join(bad, "songling-2021.txt"), []byte(fixture("松岭乡2021年度法治政府建设情况的报告", "SL-0004/2021-00001", "松岭乡人民政府", "2021-12-28")), 0o644)
	r = lantai(t, data, "ingest", bad)
	if r.code != 1 || !strings.Contains(r.stdout, "added 1, updated 0, unchanged 0, failed 2") ||
		!strings.Contains(r.stdout, "FAILED bad/empty.txt: ") || !strings.Contains(r.stdout, "FAILED bad/image.txt: ") {
		t.Errorf("bad inputs: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if r = lantai(t, data, "get", "SL-0004/2021-00001", "--json"); r.code != 0 {
		t.Errorf("good file beside bad ones not stored: %s", r.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "no command"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"ingest"}, 2, "PATH"},
		{[]string{"ingest", "x", "--bogus"}, 2, "-bogus"},
		{[]string{"get"}, 2, "exactly one"},
		{[]string{"get", "x", "--json", "--raw"}, 2, "--raw"},
		{[]string{"export", "extra"}, 2, `"extra"`},
		{[]string{"get", "0123456789abcdef"}, 1, "no archive"},
		{[]string{"help"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := lantai(t, data, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.want)
			}
		})
	}
	if r := lantai(t, data, "help"); !strings.Contains(r.stdout, "reindex") || !strings.Contains(r.stdout, "serve") {
		t.Errorf("usage does not list every command:\n%s", r.stdout)
	}
}

// TestReindexWithoutIndexBuildsOnce removes the index of a data folder:
// opening it for `lantai reindex` builds the index from the archive,
// showing its progress, and the command says so instead of building it a
// second time; a second reindex builds it, showing its progress too.
func TestReindexWithoutIndexBuildsOnce(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	in := filepath.Join(root, "r.txt")
	if err := os.WriteFile(in, []byte(fixture("澜河区2023年度法治政府建设情况的报告", "LH-0003/2023-00002", "澜河区人民政府", "2023-12-01")), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := lantai(t, data, "ingest", in); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	if err := os.RemoveAll(filepath.Join(data, "index")); err != nil {
		t.Fatal(err)
	}
	r := lantai(t, data, "reindex")
	if r.code != 0 || !strings.Contains(r.stdout, "reindexed 1 reports") || !strings.Contains(r.stderr, "rebuilt from the archive when opening") {
		t.Fatalf("reindex: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if n := strings.Count(r.stderr, "index rebuilt"); n > 1 {
		t.Errorf("the index was built %d times", n)
	}
	if !strings.Contains(r.stderr, "indexing the archive") || !strings.Contains(r.stderr, "done=1 total=1") {
		t.Errorf("no progress of the rebuild on stderr: %q", r.stderr)
	}
	if r := lantai(t, data, "search", "依法行政"); r.code != 0 || !strings.Contains(r.stdout, "澜河区2023年度") {
		t.Errorf("search after reindex: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if r := lantai(t, data, "reindex"); r.code != 0 || strings.Contains(r.stderr, "when opening") || !strings.Contains(r.stderr, "indexing the archive") {
		t.Errorf("second reindex: exit %d, stderr %q", r.code, r.stderr)
	}
	// This version parsed it at ingest: a reparse finds nothing to change
	// and still rebuilds, showing the progress of both.
	r = lantai(t, data, "reindex", "--reparse")
	if r.code != 0 || !strings.Contains(r.stdout, "reparsed: 0 reports read differently") || !strings.Contains(r.stdout, "reindexed 1 reports") ||
		!strings.Contains(r.stderr, "parsing the originals again") || !strings.Contains(r.stderr, "indexing the archive") {
		t.Errorf("reindex --reparse: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestParseArgs: flags anywhere among the arguments, "--" ends them, a
// query exclusion (-征求意见) is an argument, and -h prints usage once.
func TestParseArgs(t *testing.T) {
	tests := []struct {
		args       []string
		positional []string
		scope      string
	}{
		{[]string{"法治", "-征求意见"}, []string{"法治", "-征求意见"}, ""},
		{[]string{"-征求意见", "--scope", "sections", "法治"}, []string{"-征求意见", "法治"}, "sections"},
		{[]string{"法治", "--scope=sections", `-"新冠 疫情"`, "建设"}, []string{"法治", `-"新冠 疫情"`, "建设"}, "sections"},
		{[]string{"--", "--scope", "x"}, []string{"--scope", "x"}, ""},
		{[]string{"a", "-(b", "c"}, []string{"a", "-(b", "c"}, ""},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		c := &cli{stderr: &stderr}
		fs := c.flagSet("search", "QUERY")
		scope := fs.String("scope", "", "")
		got, err := c.parseArgs(fs, tt.args)
		if err != nil || !slices.Equal(got, tt.positional) || *scope != tt.scope {
			t.Errorf("%q: %q scope %q err %v; want %q scope %q", tt.args, got, *scope, err, tt.positional, tt.scope)
		}
	}
	var stderr strings.Builder
	c := &cli{stderr: &stderr}
	if _, err := c.parseArgs(c.flagSet("ingest", "PATH..."), []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	if n := strings.Count(stderr.String(), "Usage:"); n != 1 {
		t.Errorf("-h printed usage %d times:\n%s", n, stderr.String())
	}
}
