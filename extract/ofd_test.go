package extract

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestOFDGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/ofd/*.ofd")
	if len(files) == 0 {
		t.Fatal("no OFD fixtures")
	}
	source, err := os.ReadFile("testdata/ofd/songxi-2023-jihua.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Extract(context.Background(), path, data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != FormatOFD {
				t.Errorf("format %q", res.Format)
			}
			zipCheckGolden(t, path, res.Text)
			if f1 := zipRuneF1(string(source), res.Text); f1 < 0.99 {
				t.Errorf("character F1 against the source text is %.4f, want ≥ 0.99", f1)
			}
			if want := "松溪区2023年国民经济和社会发展计划执行情况报告"; res.Title != want {
				t.Errorf("title %q, want %q", res.Title, want)
			}
			t.Logf("pages %d, doc no %q", res.Pages, res.DocNo)
		})
	}
}
