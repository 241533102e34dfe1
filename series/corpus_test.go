package series

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// corpusRoot returns the real corpus folder ($LANTAI_CORPUS, else
// /work/shared/corpus), skipping the test when it is missing (failing it
// under CI=true).
func corpusRoot(t *testing.T) string {
	root := os.Getenv("LANTAI_CORPUS")
	if root == "" {
		root = "/work/shared/corpus"
	}
	if _, err := os.Stat(root); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the real corpus is missing under CI: %v", err)
		}
		t.Skipf("the real corpus is missing (%v); set LANTAI_CORPUS to run this test", err)
	}
	return root
}

// readCorpus reads every report under root with the corpus readers.
func readCorpus(t *testing.T, root string) []corpus.Report {
	var reports []corpus.Report
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "SOURCE.md" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		corpus.ReadEach(filepath.ToSlash(rel), data, func(doc corpus.Document) {
			reports = append(reports, doc.Report)
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return reports
}

func TestRealCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the whole corpus")
	}
	reports := readCorpus(t, corpusRoot(t))
	members := make([]Member, len(reports))
	bySource := map[string]corpus.Report{}
	for i, r := range reports {
		members[i] = Member{ID: r.Source, Title: r.Title, Agency: r.Agency, Year: r.Year, Date: r.Date, SHA256: r.SHA256}
		if strings.TrimSpace(r.Text) != "" {
			members[i].TextSHA = corpus.SHA256Hex([]byte(r.Text))
		}
		bySource[r.Source] = r
	}
	byName := map[string]*Series{}
	for _, s := range Group(members, nil) {
		if byName[s.Name] != nil {
			t.Errorf("two series named %s", s.Name)
		}
		byName[s.Name] = s
	}
	national := byName["国务院 政府工作报告"]
	if national == nil || len(national.Years) < 40 {
		t.Fatalf("国务院 政府工作报告: %+v, want one series of 40 years or more", national)
	}
	hailar := byName["海拉尔区人民政府 政府工作报告"]
	if hailar == nil || !slices.Contains(hailar.Years, 2019) || !slices.Contains(hailar.Years, 2012) {
		t.Fatalf("海拉尔区 政府工作报告: %+v, want one series 2012–2019", hailar)
	}
	if s := byName["河北省人力资源和社会保障厅 调整退休人员基本养老金有关问题的通知"]; s == nil || !slices.Equal(s.Years, []int{2020, 2021, 2022, 2023, 2024}) {
		t.Errorf("养老金 notices: %+v, want 2020–2024", s)
	}
	for _, body := range []string{"河北省人力资源和社会保障厅", "河北省科学技术厅", "河北省教育厅"} {
		s := byName[body+" 政府信息公开工作年度报告"]
		if s == nil || len(s.Years) < 6 {
			t.Errorf("%s 政府信息公开工作年度报告: %+v, want six years or more", body, s)
			continue
		}
		for _, m := range s.Members {
			if strings.Contains(m.Title, "网站") {
				t.Errorf("%s: %s is no 政府信息公开工作年度报告", s.Name, m.Title)
			}
		}
	}
	if s := byName["河北省人民政府 立法工作计划"]; s == nil || len(s.Years) < 5 {
		t.Errorf("立法工作计划: %+v, want five years or more", s)
	}

	// Consecutive 海拉尔区 reports align their 工作回顾 with each other.
	var hr []corpus.Report
	for _, m := range hailar.Members {
		hr = append(hr, bySource[m.ID])
	}
	c := Compare(hr[2], hr[3]) // 2014 and 2015
	if len(c.Pairs) == 0 || c.Pairs[0].A.ID != "1" || c.Pairs[0].B.ID != "1" {
		t.Errorf("海拉尔区 2014/2015: pairs %v", refs(c))
	}
	for _, fp := range Follow(hr, "工作回顾") {
		if fp.Section == nil || fp.Section.ID != "1" {
			t.Errorf("Follow 工作回顾 in %d: %+v, want section 1", fp.Year, fp.Section)
		}
	}
}
