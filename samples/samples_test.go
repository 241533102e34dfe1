package samples

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// want is what corpus should read from one sample.
type want struct {
	title, indexNo, agency, catalog, docNo, date string
	year                                         int
	mentions                                     []string
}

var wants = map[string]want{
	"yunxi-2020-fazhi.txt": {
		title: "云溪区2020年度法治政府建设情况的报告", indexNo: "11330102MB1234567X/2021-00003",
		agency: "临江市云溪区人民政府", catalog: "法治政府建设", date: "2021-01-18", year: 2020,
		mentions: []string{"收到行政复议申请46件", "行政诉讼", "一网通办", "放管服", "双随机、一公开"},
	},
	"yunxi-2021-fazhi.txt": {
		title: "云溪区2021年度法治政府建设情况的报告", indexNo: "11330102MB1234567X/2021-00012",
		agency: "临江市云溪区人民政府", catalog: "法治政府建设", date: "2021-12-27", year: 2021,
		mentions: []string{"收到行政复议申请63件", "行政应诉", "跨省通办", "证明事项告知承诺", "云政办发〔2021〕15号"},
	},
	"yunxi-2022-fazhi.txt": {
		title: "云溪区2022年度法治政府建设情况的报告", indexNo: "11330102MB1234567X/2023-00004",
		agency: "临江市云溪区人民政府", catalog: "法治政府建设", date: "2023-02-14", year: 2022,
		mentions: []string{"收到行政复议申请88件", "行政诉讼", "一网通办", "放管服", "双随机、一公开", "法律明白人"},
	},
	"yunxi-2023-fazhi.txt": {
		title: "云溪区2023年度法治政府建设情况的报告", indexNo: "11330102MB1234567X/2024-00007",
		agency: "临江市云溪区人民政府", catalog: "法治政府建设", date: "2024-03-08", year: 2023,
		mentions: []string{"收到行政复议申请102件", "行政诉讼", "跨省通办", "放管服", "证明事项告知承诺"},
	},
	"yunxi-2022-xxgk.txt": {
		title: "云溪区2022年政府信息公开工作年度报告", indexNo: "11330102MB1234568Y/2023-00002",
		agency: "临江市云溪区人民政府办公室", catalog: "政府信息公开年报", date: "2023-01-30", year: 2022,
		mentions: []string{"总体情况", "主动公开政府信息情况", "行政复议"},
	},
	"yunxi-2023-yingshang.txt": {
		title:   "临江市云溪区人民政府关于印发云溪区2023年优化营商环境工作要点的通知",
		indexNo: "11330102MB1234567X/2023-00015", agency: "临江市云溪区人民政府", catalog: "政策文件",
		docNo: "云政发〔2023〕8号", date: "2023-03-06", year: 2023,
		mentions: []string{"跨省通办", "双随机、一公开"},
	},
	"wangchuan-2019-fazhi.txt": {
		title: "望川区2019年度法治政府建设情况的报告", indexNo: "11330105MB2345678K/2020-00004",
		agency: "临江市望川区人民政府", catalog: "法治政府建设", date: "2020-02-26", year: 2019,
		mentions: []string{"收到行政复议申请29件", "行政诉讼", "放管服", "法律明白人"},
	},
}

func TestSamplesParse(t *testing.T) {
	entries, err := fs.ReadDir(FS, Dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(wants) {
		t.Errorf("embedded %d reports, want %d", len(entries), len(wants))
	}
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			w, ok := wants[e.Name()]
			if !ok {
				t.Fatalf("no expectations for %s: add it to wants", e.Name())
			}
			data, err := fs.ReadFile(FS, Dir+"/"+e.Name())
			if err != nil {
				t.Fatal(err)
			}
			docs, errs := corpus.Read(e.Name(), data)
			if len(errs) > 0 || len(docs) != 1 {
				t.Fatalf("corpus.Read: %d docs, errors %v", len(docs), errs)
			}
			r := docs[0].Report
			for _, c := range []struct{ field, got, want string }{
				{"format", r.Format, corpus.FormatText},
				{"title", r.Title, w.title},
				{"index_no", r.IndexNo, w.indexNo},
				{"agency", r.Agency, w.agency},
				{"catalog", r.Catalog, w.catalog},
				{"doc_no", r.DocNo, w.docNo},
				{"date", r.Date, w.date},
			} {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
				}
			}
			if r.Year != w.year {
				t.Errorf("year = %d, want %d", r.Year, w.year)
			}
			if r.Views == 0 {
				t.Errorf("views = 0, want the 浏览量 of the file")
			}
			if len(r.Extra) > 0 {
				t.Errorf("extra = %v, want every label mapped", r.Extra)
			}
			for _, m := range w.mentions {
				if !strings.Contains(r.Text, m) {
					t.Errorf("text does not mention %q", m)
				}
			}
			checkSections(t, r)
		})
	}
}

// checkSections asserts at least two level-1 sections that have level-2
// children, and offsets that lie inside the text.
func checkSections(t *testing.T, r corpus.Report) {
	t.Helper()
	parents := map[string]bool{}
	for _, s := range r.Sections {
		if s.Start < 0 || s.End > len(r.Text) || s.Start > s.End {
			t.Errorf("section %s: span [%d,%d) outside text of %d bytes", s.ID, s.Start, s.End, len(r.Text))
		}
		if s.Level == 2 {
			parents[strings.SplitN(s.ID, ".", 2)[0]] = true
		}
	}
	n := 0
	for _, s := range r.Sections {
		if s.Level == 1 && parents[s.ID] {
			n++
		}
	}
	if n < 2 {
		t.Errorf("%d level-1 sections with level-2 children, want ≥ 2; sections: %+v", n, r.Sections)
	}
}

func TestWriteTo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "inbox")
	paths, err := WriteTo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(wants) {
		t.Fatalf("wrote %d files, want %d", len(paths), len(wants))
	}
	for _, p := range paths {
		if filepath.Dir(p) != dir {
			t.Errorf("%s is not in %s", p, dir)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := fs.ReadFile(FS, Dir+"/"+filepath.Base(p))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the embedded copy", p)
		}
	}
	if _, err := WriteTo(dir); err != nil {
		t.Errorf("second WriteTo into the same dir: %v", err)
	}
}

func TestWriteToBadDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteTo(filepath.Join(file, "sub")); err == nil || !strings.Contains(err.Error(), "plain") {
		t.Errorf("WriteTo under a plain file: err = %v, want one naming the path", err)
	}
}
