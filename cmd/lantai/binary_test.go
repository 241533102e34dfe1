package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryRunsInEmptyFolder runs a copy of the binary in an empty folder
// with a bare environment (no GOPATH, module cache or files in HOME), so
// the segmentation dictionaries and everything else it needs must come
// from the binary itself, not from the Go module cache.
func TestBinaryRunsInEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "lantai")
	copyFile(t, lantaiBin, bin, 0o755)
	home := t.TempDir()
	env := []string{"PATH=/usr/bin:/bin", "HOME=" + home}

	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	reports := map[string]string{
		"hechang-2022.txt": "石桥县2022年度全面推行河长制工作情况的报告\n\n索引号\nSQ-0007/2023-00002\n发文机构\n石桥县水利局\n公开目录\n河湖管理\n日期\n2023-01-16\n\n\n" +
			"一、工作开展情况\n\n(一)压实河长责任\n\n县乡村三级河长巡河1862次，整改河道“四乱”问题47处。\n\n二、存在的问题\n\n部分支流水质波动。\n",
		"lajifenlei-2023.txt": "白鹭街道2023年生活垃圾分类工作总结\n\n索引号\nBL-0011/2023-00031\n发文机构\n白鹭街道办事处\n公开目录\n城市管理\n日期\n2023-12-05\n\n\n" +
			"一、主要做法\n\n(一)完善设施\n\n新建垃圾分类投放点64个，居民知晓率达到96%。\n\n二、下一步打算\n\n推进厨余垃圾就地处理。\n",
	}
	for name, body := range reports {
		if err := os.WriteFile(filepath.Join(in, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	runBare := func(args ...string) (string, string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = dir, env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("lantai %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return stdout.String(), stderr.String()
	}

	// The data folder defaults to ./lantai-data beside the binary's cwd.
	if out, _ := runBare("ingest", "in"); !strings.Contains(out, "added 2, updated 0, unchanged 0, failed 0") {
		t.Fatalf("ingest: %s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "lantai-data")); err != nil {
		t.Errorf("no ./lantai-data after ingest: %v", err)
	}
	for _, tt := range []struct{ query, title string }{
		{"河长制", "石桥县2022年度全面推行河长制工作情况的报告"},
		{"垃圾分类", "白鹭街道2023年生活垃圾分类工作总结"},
	} {
		out, _ := runBare("search", tt.query)
		if !strings.HasPrefix(out, "1 results") || !strings.Contains(out, tt.title) || !strings.Contains(out, "【") {
			t.Errorf("search %s:\n%s\nwant 1 result, %q, highlighted", tt.query, out, tt.title)
		}
	}
	if out, _ := runBare("search", "存在的问题 OR 下一步打算"); !strings.HasPrefix(out, "2 results") {
		t.Errorf("search over both reports:\n%s", out)
	}
	// The embedded dictionaries were unpacked into the user cache (gojieba
	// reads files), and nothing else was written into HOME.
	var dicts []string
	filepath.WalkDir(home, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(home, p)
			dicts = append(dicts, filepath.ToSlash(rel))
		}
		return err
	})
	if len(dicts) == 0 {
		t.Error("no dictionary unpacked into $HOME/.cache/lantai")
	}
	for _, p := range dicts {
		if !strings.HasPrefix(p, ".cache/lantai/") {
			t.Errorf("the binary wrote %s into HOME", p)
		}
	}
}

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
