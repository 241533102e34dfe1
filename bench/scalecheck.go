package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index/indextest"
	"github.com/lantai/lantai/internal/fold"
	"github.com/lantai/lantai/search"
)

// exactness compares the API's totals with a brute-force count over the
// generated texts, for each plain literal of the query list in both
// scopes: a match is a total equal to the count.
type exactness struct {
	Checked    int        `json:"checked"`
	Matches    int        `json:"matches"`
	Mismatches []mismatch `json:"mismatches"`
	// Errors are the checks whose search failed (not 200), so they are
	// neither matches nor mismatches.
	Errors int `json:"errors"`
}

// mismatch is one literal whose total differs from the brute force.
type mismatch struct {
	Literal string `json:"literal"`
	Scope   string `json:"scope"`
	// Total is the API's exact total (exactTotal), Want the brute force's.
	Total uint64 `json:"total"`
	Want  int    `json:"want"`
}

// Indexes into a brute-force count, by scope.
const (
	countReports  = 0
	countSections = 1
)

// bruteLiteral is a literal as the brute force looks for it: folded into
// runs, and normalised as a 文号 and as a 索引号.
type bruteLiteral struct {
	runs           []fold.Run
	docNo, indexNo string
}

// bruteCounts counts, for each literal, the generated reports and the
// sections that contain it, by the literal definition every backend must
// agree with (indextest.ContainsLiteral over fold's runs): a report by
// its title or text, or by carrying it as its 文号 or 索引号 (as the
// search finds a query that is an identifier, and indextest's model
// counts it); a section by its heading or its own text. The files are
// read as lantai ingest reads them (corpus.Read), so the reports are the
// archive's.
func bruteCounts(ctx context.Context, dir string, files []generatedFile, literals []string) (map[string][2]int, error) {
	lits := make([]bruteLiteral, len(literals))
	for i, l := range literals {
		lits[i] = bruteLiteral{runs: indextest.LiteralRuns(l), docNo: fold.String(corpus.NormalizeDocNo(l)), indexNo: corpus.NormalizeIndexNo(l)}
	}
	var (
		mu       sync.Mutex
		total    = make([][2]int, len(literals))
		firstErr error
		wg       sync.WaitGroup
		next     = make(chan generatedFile)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for f := range next {
				counts, err := countFile(filepath.Join(dir, f.Name), lits)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				for i, c := range counts {
					total[i][countReports] += c[countReports]
					total[i][countSections] += c[countSections]
				}
				mu.Unlock()
			}
		})
	}
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		next <- f
	}
	close(next)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	out := make(map[string][2]int, len(literals))
	for i, l := range literals {
		out[l] = total[i]
	}
	return out, firstErr
}

// countFile counts the literals in one generated file.
func countFile(path string, lits []bruteLiteral) ([][2]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	docs, errs := corpus.Read(filepath.Base(path), data)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	counts := make([][2]int, len(lits))
	for _, d := range docs {
		r := &d.Report
		title, text := indextest.TextRuns(r.Title), indextest.TextRuns(r.Text)
		indexNo := ""
		if r.IndexNo != "" {
			indexNo = corpus.NormalizeIndexNo(r.IndexNo)
		}
		docNo := ""
		if r.DocNoNorm != "" {
			docNo = fold.String(r.DocNoNorm)
		}
		for i, q := range lits {
			if indextest.ContainsLiteral(title, q.runs) || indextest.ContainsLiteral(text, q.runs) ||
				docNo != "" && docNo == q.docNo || indexNo != "" && indexNo == q.indexNo {
				counts[i][countReports]++
			}
		}
		for _, s := range r.Sections {
			heading, own := indextest.TextRuns(s.Heading), indextest.TextRuns(s.Text)
			for i, q := range lits {
				if indextest.ContainsLiteral(heading, q.runs) || indextest.ContainsLiteral(own, q.runs) {
					counts[i][countSections]++
				}
			}
		}
	}
	return counts, nil
}

// checkExactness asks the API for the exact total of each counted
// literal in both scopes (exactTotal) and compares.
func checkExactness(ctx context.Context, client *http.Client, base string, want map[string][2]int) exactness {
	var e exactness
	for _, lit := range plainLiterals() {
		w, ok := want[lit]
		if !ok {
			continue
		}
		for _, scope := range scopes {
			e.Checked++
			wantN := w[countReports]
			if scope == search.ScopeSections {
				wantN = w[countSections]
			}
			var res search.Response
			if err := getJSON(ctx, client, searchURL(base, lit, scope, search.MaxSize), &res); err != nil {
				e.Errors++
				fmt.Fprintf(os.Stderr, "scale: exactness %q (%s): %v\n", lit, scope, err)
				continue
			}
			if got := exactTotal(&res); got == uint64(wantN) {
				e.Matches++
			} else {
				e.Mismatches = append(e.Mismatches, mismatch{Literal: lit, Scope: scope, Total: got, Want: wantN})
			}
		}
	}
	return e
}

// exactTotal is how many exact hits a response counts. Below 50 exact
// hits the search adds related ones (synonyms, variants) to the total and
// after the exact hits on the page; a page of search.MaxSize then holds
// every exact hit, so they are the hits not marked related.
func exactTotal(res *search.Response) uint64 {
	related := 0
	for _, h := range res.Hits {
		if h.Match == search.MatchRelated {
			related++
		}
	}
	if related == 0 {
		return res.Total
	}
	return uint64(len(res.Hits) - related)
}
