package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/lantai/lantai/internal/testcorpus"
)

// TestHistoryOnCorpus reads every report of the real corpus: each one
// with a history (HistoryText: the regulations' history blocks, the 规章'
// notes) yields at least one step, and every step has a date, a kind or a
// document number.
// It logs the counts docs/QUALITY.md gives ("Versions and editions"), and
// with -v every 40th history with its steps, for reading.
func TestHistoryOnCorpus(t *testing.T) {
	root := testcorpus.Dir(t)
	var reports, withHistory, steps, dated, kinded, numbered, by, dates int
	kinds := map[string]int{}
	var none []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "SOURCE.md" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		ReadEach(filepath.ToSlash(rel), data, func(doc Document) {
			reports++
			h := HistoryText(doc.Report)
			if h == "" {
				return
			}
			withHistory++
			es := ParseHistory(h)
			checkSteps(t, h, es)
			dates += len(historyDates(h))
			if len(es) == 0 {
				none = append(none, doc.Report.Source+": "+h)
			}
			for _, e := range es {
				if e.Kind == "" && testing.Verbose() {
					t.Logf("a step without a kind in %s: %q", doc.Report.Source, e.Text)
				}
				steps++
				kinds[e.Kind]++
				if e.Date != "" {
					dated++
				}
				if e.Kind != "" {
					kinded++
				}
				if e.Nth > 0 {
					numbered++
				}
				if e.By != "" || e.DocNo != "" {
					by++
				}
			}
			if testing.Verbose() && withHistory%40 == 0 {
				var lines []string
				for _, e := range es {
					lines = append(lines, stepString(e))
				}
				t.Logf("%s\n  %s\n  → %s", doc.Report.Source, strings.ReplaceAll(h, "\n", "\n    "), strings.Join(lines, "\n  → "))
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range none {
		t.Errorf("a history with no step: %s", n)
	}
	var ks []string
	for k, n := range kinds {
		ks = append(ks, k+" "+strconv.Itoa(n))
	}
	sort.Strings(ks)
	t.Logf("%d reports, %d with a history, %d steps: %d dated (of %d dates outside titles), %d with a kind, %d numbered (第N次), %d naming the document or order that made them; by kind: %s",
		reports, withHistory, steps, dated, dates, kinded, numbered, by, strings.Join(ks, ", "))
	if withHistory < 800 {
		t.Errorf("only %d reports with a history; the corpus's regulations have some 880", withHistory)
	}
}
