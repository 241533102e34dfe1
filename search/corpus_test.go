package search

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fold"
	"github.com/lantai/lantai/internal/testcorpus"
)

var (
	corpusOnce    sync.Once
	corpusService *Service
	corpusErr     error
)

// corpusSvc ingests the whole real corpus once per test process.
func corpusSvc(t *testing.T) *Service {
	t.Helper()
	dir := testcorpus.Dir(t)
	corpusOnce.Do(func() {
		data, err := os.MkdirTemp("", "lantai-corpus-test-")
		if err != nil {
			corpusErr = err
			return
		}
		s, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t)})
		if err != nil {
			corpusErr = err
			return
		}
		start := time.Now()
		sum, err := s.IngestPaths(context.Background(), []string{dir}, IngestOptions{})
		if err != nil {
			corpusErr = err
			return
		}
		if sum.Failed > 0 {
			t.Logf("ingest failures: %+v", sum.Failures[:min(5, len(sum.Failures))])
		}
		t.Logf("ingested %d reports (%d failed) in %s", sum.Added+sum.Updated+sum.Unchanged, sum.Failed, time.Since(start))
		corpusService = s
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusService
}

// containsLiteral is the definition the index must agree with: the folded
// text contains the folded query, where a run of punctuation or spaces in
// the query matches any such run in the text, and a Latin/digit word at
// either end of the query matches only a whole word.
func containsLiteral(textRuns []fold.Run, q []fold.Run) bool {
	n := len(q)
	if n == 0 {
		return false
	}
	for i := 0; i+n <= len(textRuns); i++ {
		ok := true
		for j := 0; j < n && ok; j++ {
			t, p := textRuns[i+j], q[j]
			if t.Kind != p.Kind {
				ok = false
				break
			}
			switch {
			case p.Kind == fold.Gap:
			case p.Kind == fold.Word:
				ok = t.Text == p.Text
			case n == 1:
				ok = strings.Contains(t.Text, p.Text)
			case j == 0:
				ok = strings.HasSuffix(t.Text, p.Text)
			case j == n-1:
				ok = strings.HasPrefix(t.Text, p.Text)
			default:
				ok = t.Text == p.Text
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// queryRuns folds a literal and drops leading and trailing gaps.
func queryRuns(lit string) []fold.Run {
	runs := fold.Runs(fold.String(lit))
	for len(runs) > 0 && runs[0].Kind == fold.Gap {
		runs = runs[1:]
	}
	for len(runs) > 0 && runs[len(runs)-1].Kind == fold.Gap {
		runs = runs[:len(runs)-1]
	}
	return runs
}

// recallQueries are the shared query list (internal/testcorpus): domain
// terms, one- and two-character pieces that jieba rarely cuts out, several
// terms at once, Latin and digits, and 文号.
var recallQueries = testcorpus.Queries()

func TestLiteralRecallOnCorpus(t *testing.T) {
	s := corpusSvc(t)
	type doc struct {
		id       string
		docNo    string
		indexNo  string
		title    []fold.Run
		text     []fold.Run
		sections [][2][]fold.Run
	}
	var docs []doc
	err := s.archive.Each(func(r corpus.Report) error {
		d := doc{id: r.ID, docNo: fold.String(r.DocNoNorm), indexNo: corpus.NormalizeIndexNo(r.IndexNo), title: fold.Runs(fold.String(r.Title)), text: fold.Runs(fold.String(r.Text))}
		for _, sec := range r.Sections {
			d.sections = append(d.sections, [2][]fold.Run{
				fold.Runs(fold.String(sec.Heading)),
				fold.Runs(fold.String(sec.Text)),
			})
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(recallQueries) < 60 {
		t.Fatalf("only %d queries", len(recallQueries))
	}
	for _, q := range recallQueries {
		terms := strings.Fields(q)
		var wantReports, wantSections []string
		for _, d := range docs {
			all := true
			for _, term := range terms {
				qr := queryRuns(term)
				if !containsLiteral(d.title, qr) && !containsLiteral(d.text, qr) {
					all = false
					break
				}
			}
			// A 文号 or 索引号 typed as the whole query also finds the report
			// that carries it in its metadata.
			if looksLikeDocNo(q) && d.docNo != "" && d.docNo == fold.String(corpus.NormalizeDocNo(q)) ||
				looksLikeIndexNo(q) && d.indexNo != "" && d.indexNo == corpus.NormalizeIndexNo(q) {
				all = true
			}
			if all {
				wantReports = append(wantReports, d.id)
			}
			for i, sec := range d.sections {
				all := true
				for _, term := range terms {
					qr := queryRuns(term)
					if !containsLiteral(sec[0], qr) && !containsLiteral(sec[1], qr) {
						all = false
						break
					}
				}
				if all {
					wantSections = append(wantSections, index.SectionDocID(d.id, i))
				}
			}
		}
		gotReports := allHits(t, s, q, ScopeReports)
		gotSections := allHits(t, s, q, ScopeSections)
		compareSets(t, q+" (reports)", wantReports, gotReports)
		compareSets(t, q+" (sections)", wantSections, gotSections)
	}
}

// allHits returns the index ids of every exact hit of a query.
func allHits(t *testing.T, s *Service, q, scope string) []string {
	t.Helper()
	ids, err := s.MatchingIDs(context.Background(), Request{Query: q, Scope: scope})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return ids
}

func compareSets(t *testing.T, what string, want, got []string) {
	t.Helper()
	slices.Sort(want)
	slices.Sort(got)
	var missing, extra []string
	for _, w := range want {
		if _, ok := slices.BinarySearch(got, w); !ok {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if _, ok := slices.BinarySearch(want, g); !ok {
			extra = append(extra, g)
		}
	}
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("%s: want %d, got %d; missing %d %v, extra %d %v", what, len(want), len(got),
			len(missing), missing[:min(3, len(missing))], len(extra), extra[:min(3, len(extra))])
	} else {
		t.Logf("%s: %d", what, len(want))
	}
}
