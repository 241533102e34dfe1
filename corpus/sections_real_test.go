package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantai/lantai/internal/testcorpus"
)

// realYearbookFiles are the 河北 crawl's 政府信息公开年报 collections: texts
// published without line breaks (headings inline, 。二、主动公开…) or with
// bare \r line ends (the 教育厅's), and tables flattened into them.
var realYearbookFiles = []string{
	"hebei-gov-xxgk/河北政府网站/2人力资源和社会保障厅-政府信息公开/人力资源和社会保障厅_政策法规+政府信息公开年报.csv",
	"hebei-gov-xxgk/河北政府网站/5科学技术厅-政府信息公开/政府信息公开年报.csv",
	"hebei-gov-xxgk/河北政府网站/6工业和信息化厅-政府信息公开/政府信息公开年报.csv",
	"hebei-gov-xxgk/河北政府网站/7教育厅-政府信息公开/政府信息公开年报.csv",
}

// sectionOutline is one section of a golden outline: where it sits and
// the start of its heading.
type sectionOutline struct {
	ID, Number, Heading string
}

// TestParseSectionsRealGolden pins the level-1 and level-2 sections the
// parser finds in the real 年报 texts (testdata/sections-real.golden.json;
// -update rewrites it after a change has been read and found right). The
// golden file holds headings only, cut to 24 characters, never the texts.
func TestParseSectionsRealGolden(t *testing.T) {
	root := testcorpus.Dir(t)
	got := map[string][]sectionOutline{}
	for _, name := range realYearbookFiles {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		ReadEach(name, data, func(doc Document) {
			r := doc.Report
			if !strings.Contains(r.Title, "年度报告") && !strings.Contains(r.Title, "年报") {
				return
			}
			checkSections(t, r.Text, r.Sections)
			outline := []sectionOutline{}
			for _, s := range r.Sections {
				if s.Level > 2 {
					continue
				}
				h := []rune(s.Heading)
				outline = append(outline, sectionOutline{ID: s.ID, Number: s.Number, Heading: string(h[:min(len(h), 24)])})
			}
			got[r.Source+" "+r.Title] = outline
		})
	}
	if len(got) < 20 {
		t.Fatalf("only %d 年报 read from the corpus", len(got))
	}
	checkGolden(t, "sections-real", got)
}
