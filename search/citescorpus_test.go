package search

import (
	"context"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lantai/lantai/cites"
	"github.com/lantai/lantai/corpus"
)

// citingPair is a report of the corpus whose text holds another's 文号 or
// 《title》, and lists it among its citations.
type citingPair struct {
	citing, cited corpus.Report
	kind          string // cites.KindDocNo or cites.KindTitle
}

// value is how a person would ask for what cites the cited report: its
// 文号 as stored (quoted: some hold spaces), or its title in its marks.
func (p citingPair) value() string {
	if p.kind == cites.KindDocNo {
		return `"` + p.cited.DocNo + `"`
	}
	return "《" + p.cited.Title + "》"
}

// corpusPairs are the pairs of the corpus as cites/corpus_test.go counts
// them (a text holds the other's normalised 文号 or exact 《title》), those
// the graph lists both ways.
func corpusPairs(t testing.TB, s *Service, g *cites.Graph) []citingPair {
	t.Helper()
	reports := map[string]corpus.Report{}
	if err := s.archive.Each(func(r corpus.Report) error {
		reports[r.ID] = r
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var pairs []citingPair
	for _, a := range slices.Sorted(maps.Keys(reports)) {
		r := reports[a]
		norm := corpus.NormalizeDocNo(r.Text)
		seen := map[string]bool{}
		for _, c := range g.Cites(a) {
			for _, id := range c.IDs {
				b := reports[id]
				holds := c.Kind == cites.KindDocNo && b.DocNoNorm != "" && strings.Contains(norm, b.DocNoNorm) ||
					c.Kind == cites.KindTitle && b.Title != "" && strings.Contains(r.Text, "《"+b.Title+"》")
				if holds && !seen[id] && !strings.Contains(b.DocNo, `"`) {
					seen[id] = true
					pairs = append(pairs, citingPair{citing: r, cited: b, kind: c.Kind})
				}
			}
		}
	}
	return pairs
}

// TestCorpusCitationSearch: for 50 pairs of the real corpus where one
// report's text cites another's 文号 or title, cites:<that 文号 or title>
// finds the citing report and cited_by:<the citing report> the cited one.
func TestCorpusCitationSearch(t *testing.T) {
	s := corpusSvc(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	g, err := s.citationGraph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pairs := corpusPairs(t, s, g)
	t.Logf("%d citing pairs in the corpus", len(pairs))
	if len(pairs) < 1000 {
		t.Fatalf("only %d pairs: the corpus or the graph is not what it was (cites/corpus_test.go counts 1,489)", len(pairs))
	}
	const sample = 50
	var took time.Duration
	for i := range sample {
		p := pairs[i*len(pairs)/sample]
		q := "cites:" + p.value()
		start := time.Now()
		ids, err := s.MatchingIDs(context.Background(), Request{Query: q})
		took += time.Since(start)
		if err != nil || !slices.Contains(ids, p.citing.ID) {
			t.Errorf("%s: %d reports (%v), not %s (%s) whose text cites it", q, len(ids), err, p.citing.ID, p.citing.Title)
		}
		q = "cited_by:" + p.citing.ID
		if ids, err := s.MatchingIDs(context.Background(), Request{Query: q}); err != nil || !slices.Contains(ids, p.cited.ID) {
			t.Errorf("%s (%s): %v (%v), not %s (%s %s) which its text cites", q, p.citing.Title, ids, err, p.cited.ID, p.cited.DocNo, p.cited.Title)
		}
	}
	t.Logf("a cites: search took %v on average", (took / sample).Round(time.Microsecond))
}

// BenchmarkCitesSearch measures a search by citation over the corpus, a
// first page of 10 hits: the filter resolved on the graph, then the index
// restricted to the citing reports, with and without words.
func BenchmarkCitesSearch(b *testing.B) {
	s := benchSvc(b)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	g, err := s.citationGraph(ctx)
	if err != nil {
		b.Fatal(err)
	}
	pairs := corpusPairs(b, s, g)
	for _, kind := range []struct {
		name string
		q    func(p citingPair) string
	}{
		{"cites", func(p citingPair) string { return "cites:" + p.value() }},
		{"cites+word", func(p citingPair) string { return "cites:" + p.value() + " 工作" }},
		{"cited_by", func(p citingPair) string { return "cited_by:" + p.citing.ID }},
	} {
		b.Run(kind.name, func(b *testing.B) {
			var queries []string
			for i := range 20 {
				queries = append(queries, kind.q(pairs[i*len(pairs)/20]))
			}
			for i := 0; i < b.N; i++ {
				s.results.invalidate() // the result cache does not answer
				if _, err := s.Search(context.Background(), Request{Query: queries[i%len(queries)]}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCitationGraphKept compares, over the corpus, building the
// citation graph from the archive with loading the one kept in the data
// folder (what a restart on an unchanged archive does instead), and
// reports the kept file's size.
func BenchmarkCitationGraphKept(b *testing.B) {
	s := benchSvc(b)
	st := &s.citations
	forget := func() {
		st.mu.Lock()
		st.current = nil
		st.mu.Unlock()
	}
	var build, load time.Duration
	for i := 0; i < b.N; i++ {
		forget()
		os.Remove(s.citationCachePath())
		start := time.Now()
		if _, err := s.buildCitations(context.Background()); err != nil {
			b.Fatal(err)
		}
		build += time.Since(start)
		// The build keeps the graph in the background: wait for it.
		for s.keptCitationsStamp() != s.archive.Stamp() {
			time.Sleep(5 * time.Millisecond)
		}
		forget()
		start = time.Now()
		if cg := s.loadCitationCache(s.archive.Stamp()); cg == nil {
			b.Fatal("the kept graph did not load")
		}
		load += time.Since(start)
	}
	fi, err := os.Stat(s.citationCachePath())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(build.Milliseconds())/float64(b.N), "build-ms")
	b.ReportMetric(float64(load.Milliseconds())/float64(b.N), "load-ms")
	b.ReportMetric(float64(fi.Size())/(1<<20), "file-MiB")
}
