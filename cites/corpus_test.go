package cites

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/internal/testcorpus"
)

var (
	corpusOnce    sync.Once
	corpusReports []corpus.Report
	corpusErr     error
)

// readCorpus reads every report of the real corpus with the corpus
// readers, each with the ID the archive would give it; read once per
// test binary.
func readCorpus(t *testing.T) []corpus.Report {
	t.Helper()
	root := testcorpus.Dir(t)
	corpusOnce.Do(func() {
		corpusErr = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == "SOURCE.md" {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			corpus.ReadEach(filepath.ToSlash(rel), data, func(doc corpus.Document) {
				r := doc.Report
				r.ID = corpus.ReportID(corpus.IdentityKey(r))
				corpusReports = append(corpusReports, r)
			})
			return nil
		})
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusReports
}

// docOf is the Doc of a report.
func docOf(r corpus.Report) Doc {
	return Doc{ID: r.ID, Title: r.Title, DocNo: r.DocNo, Date: r.Date, Year: r.Year}
}

// corpusGraph builds the graph of the real corpus.
func corpusGraph(t *testing.T, reports []corpus.Report) *Graph {
	g := NewGraph()
	for _, r := range reports {
		g.Add(docOf(r), r.Text)
	}
	return g
}

// TestCorpusPairs is the first "How we will know": for every two
// documents of the corpus where one's text contains the other's 文号
// (equal under NormalizeDocNo) or its exact 《title》, the citing one
// lists the cited one and the cited one lists it back. When several
// documents share the key (the editions of a regulation, the rules one
// decree republished), the date rule may pick another of them; such a
// pair counts as kept when the citing one lists a document with the same
// key.
func TestCorpusPairs(t *testing.T) {
	reports := readCorpus(t)
	start := time.Now()
	found, docsWith := 0, 0
	for _, r := range reports {
		n := len(Find(r.Text))
		found += n
		if n > 0 {
			docsWith++
		}
	}
	findTime := time.Since(start)
	start = time.Now()
	g := corpusGraph(t, reports)
	graphTime := time.Since(start)

	// The budget for a report's citations is 10 ms.
	var slowest time.Duration
	for _, r := range reports {
		start := time.Now()
		g.Cites(r.ID)
		g.CitedBy(r.ID)
		slowest = max(slowest, time.Since(start))
	}
	t.Logf("Cites and CitedBy of a report: %v at most", slowest)
	if slowest > 10*time.Millisecond {
		t.Errorf("a report's citations took %v, over 10 ms", slowest)
	}

	byMatch := map[Match]int{}
	cited := map[string]bool{}
	for _, r := range reports {
		for _, c := range g.Cites(r.ID) {
			byMatch[c.Match]++
			for _, id := range c.IDs {
				cited[id] = true
			}
		}
	}
	t.Logf("%d reports; %d citations found in %d of them; Find over the corpus %v, the graph built in %v",
		len(reports), found, docsWith, findTime.Round(time.Millisecond), graphTime.Round(time.Millisecond))
	t.Logf("resolved: %d exact, %d variant, %d carrier, %d issuer, %d unresolved; %d documents cited",
		byMatch[MatchExact], byMatch[MatchVariant], byMatch[MatchCarrier], byMatch[MatchIssuer], byMatch[MatchNone], len(cited))

	// Which documents carry each 文号 and each 《title》, by the literal
	// forms the pair rule compares.
	byDocNo := map[string][]corpus.Report{}
	byTitle := map[string][]corpus.Report{}
	docNoLens, titleLens := map[int]bool{}, map[int]bool{}
	for _, r := range reports {
		if r.DocNoNorm != "" {
			byDocNo[r.DocNoNorm] = append(byDocNo[r.DocNoNorm], r)
			docNoLens[len(r.DocNoNorm)] = true
		}
		if r.Title != "" {
			m := "《" + r.Title + "》"
			byTitle[m] = append(byTitle[m], r)
			titleLens[len(m)] = true
		}
	}
	direct, edition, pairs := 0, 0, 0
	check := func(a corpus.Report, cited []corpus.Report, kind string) {
		for _, b := range cited {
			if b.ID == a.ID {
				continue
			}
			pairs++
			lists, sameKey := false, false
			for _, c := range g.Cites(a.ID) {
				if c.Kind != kind {
					continue
				}
				if slices.Contains(c.IDs, b.ID) {
					lists = true
				} else if len(c.IDs) > 0 && c.Key == keyOf(b, kind) {
					sameKey = true
				}
			}
			switch {
			case lists:
				direct++
				if !slices.ContainsFunc(g.CitedBy(b.ID), func(c Citer) bool { return c.ID == a.ID }) {
					t.Errorf("%s cites %s (%s) but CitedBy(%s) does not list it", a.Source, b.Source, kind, b.Source)
				}
			case sameKey:
				edition++
			default:
				t.Errorf("%s contains the %s of %s (%q / %q) but does not cite it", a.Source, kind, b.Source, b.DocNo, b.Title)
			}
		}
	}
	for _, a := range reports {
		norm := corpus.NormalizeDocNo(a.Text)
		seen := map[string]bool{}
		for _, end := range endsOf(norm, "号") {
			for n := range docNoLens {
				if end-n >= 0 && !seen[norm[end-n:end]] && byDocNo[norm[end-n:end]] != nil {
					seen[norm[end-n:end]] = true
					check(a, byDocNo[norm[end-n:end]], KindDocNo)
				}
			}
		}
		for _, end := range endsOf(a.Text, "》") {
			for n := range titleLens {
				if end-n >= 0 && !seen[a.Text[end-n:end]] && byTitle[a.Text[end-n:end]] != nil {
					seen[a.Text[end-n:end]] = true
					check(a, byTitle[a.Text[end-n:end]], KindTitle)
				}
			}
		}
	}
	t.Logf("%d pairs where one text holds the other's 文号 or 《title》: %d listed both ways, %d by another edition of the same key", pairs, direct, edition)
	if pairs < 100 {
		t.Errorf("only %d pairs: the corpus or the pair rule is not what it was", pairs)
	}
}

// keyOf is the key a citation of b of the given kind resolves on.
func keyOf(b corpus.Report, kind string) string {
	if kind == KindDocNo {
		return DocNoKey(b.DocNo)
	}
	k, _ := TitleKey(b.Title)
	return k
}

// endsOf returns the byte offsets just after each occurrence of sep in s.
func endsOf(s, sep string) []int {
	var out []int
	for i := 0; ; {
		j := strings.Index(s[i:], sep)
		if j < 0 {
			return out
		}
		i += j + len(sep)
		out = append(out, i)
	}
}
