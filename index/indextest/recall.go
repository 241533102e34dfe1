package indextest

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/testcorpus"
)

// realCorpus is the shared corpus of real reports indexed by the backend
// under test, built by the first subtest of a Run that needs it and kept
// until the Run ends: the ingest takes most of a minute.
type realCorpus struct {
	parent     testing.TB
	newBackend func(testing.TB) index.Backend
	fixture    *Fixture
	model      *model
	failed     bool
}

// outliving lets a subtest build what its parent test keeps: folders and
// cleanups go to the parent, failures to the subtest, whose goroutine
// runs them.
type outliving struct {
	testing.TB
	parent testing.TB
}

// TempDir implements testing.TB: the parent's.
func (o outliving) TempDir() string { return o.parent.TempDir() }

// Cleanup implements testing.TB: the parent's.
func (o outliving) Cleanup(f func()) { o.parent.Cleanup(f) }

// get returns the corpus fixture and its model, ingesting the corpus the
// first time; it skips without the corpus (testcorpus.Dir).
func (c *realCorpus) get(t *testing.T) (*Fixture, *model) {
	t.Helper()
	dir := testcorpus.Dir(t)
	if c.failed {
		t.Fatal("indexing the real corpus failed in an earlier subtest")
	}
	if c.fixture == nil {
		c.failed = true
		start := time.Now()
		tb := outliving{TB: t, parent: c.parent}
		f := OpenPaths(tb, c.newBackend(tb), dir)
		if err := f.Index.Compact(context.Background()); err != nil {
			t.Fatal(err)
		}
		m, err := newModel(f.Archive)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("indexed %d reports and %d sections of %s in %s", len(m.docs[index.Reports]), len(m.docs[index.Sections]), dir, time.Since(start).Round(time.Millisecond))
		c.fixture, c.model, c.failed = f, m, false
	}
	return c.fixture, c.model
}

// literalsQuery is the query of a line of the shared list: each of its
// space-separated terms a literal that must appear (the query syntax's
// reading of such a line, built here without the parser).
func literalsQuery(q string) *index.Node {
	var kids []*index.Node
	for _, term := range strings.Fields(q) {
		kids = append(kids, &index.Node{Kind: index.Literal, Text: term})
	}
	if len(kids) == 1 {
		return kids[0]
	}
	return &index.Node{Kind: index.And, Kids: kids}
}

// testLiteralRecall checks every literal of the shared query list
// (internal/testcorpus: domain terms, one- and two-character pieces that
// jieba rarely cuts out, several terms at once, Latin and digits, and
// 文号) in both scopes, alone and as an identifier: the backend must find
// exactly the documents whose folded text contains it (100% recall and
// precision), and with the identifier, in the reports scope, the report
// that carries it as its 文号 or 索引号 as well. The totals and facets
// must count those documents.
func testLiteralRecall(t *testing.T, c *realCorpus) {
	f, m := c.get(t)
	queries := testcorpus.Queries()
	if len(queries) < 60 {
		t.Fatalf("only %d queries", len(queries))
	}
	var found, carried int
	for _, q := range queries {
		root := literalsQuery(q)
		id := strings.Join(strings.Fields(q), "")
		for _, scope := range []index.Scope{index.Reports, index.Sections} {
			plain := index.Request{Query: root, Scope: scope}
			asID := plain
			asID.Identifier = id
			for _, req := range []index.Request{plain, asID} {
				what := q + " (" + scope.String() + ")"
				if req.Identifier != "" {
					what = q + " (" + scope.String() + ", as identifier)"
				}
				want := m.matches(req)
				checkMatches(t, f, m, what, req, want)
				if req.Identifier == "" {
					found += len(want)
				} else if scope == index.Reports {
					carried += len(want) - len(m.matches(plain))
				}
			}
		}
	}
	if found == 0 || carried == 0 {
		t.Errorf("the list found %d documents, %d only as identifiers: it proves nothing", found, carried)
	}
}

// checkMatches runs req and compares its ids, total and facets with the
// model's matches.
func checkMatches(t *testing.T, f *Fixture, m *model, what string, req index.Request, want []*modelDoc) {
	t.Helper()
	req.From, req.Size, req.IDsUpTo = 0, 0, math.MaxInt
	res := f.Search(t, req)
	var wantIDs []string
	for _, d := range want {
		wantIDs = append(wantIDs, d.id)
	}
	if !compareSets(t, what, wantIDs, res.IDs) {
		return
	}
	if res.Total != uint64(len(want)) {
		t.Errorf("%s: total %d, want %d", what, res.Total, len(want))
	}
	checkFacets(t, what, res.Facets, facets(want))
}

// checkFacets compares facet counts, an absent map counting as empty.
func checkFacets(t *testing.T, what string, got, want index.Facets) {
	t.Helper()
	for _, f := range []struct {
		name      string
		got, want map[string]int
	}{{"agency", got.Agency, want.Agency}, {"year", got.Year, want.Year}, {"catalog", got.Catalog, want.Catalog}} {
		if len(f.got) == 0 && len(f.want) == 0 {
			continue
		}
		if !maps.Equal(f.got, f.want) {
			t.Errorf("%s: %s facets %v, want %v", what, f.name, f.got, f.want)
		}
	}
}

// compareSets reports the ids missing from got and those extra in it;
// it returns whether they are the same set.
func compareSets(t *testing.T, what string, want, got []string) bool {
	t.Helper()
	want, got = slices.Sorted(slices.Values(want)), slices.Sorted(slices.Values(got))
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
	if len(got) != len(slices.Compact(slices.Clone(got))) {
		t.Errorf("%s: an id is listed twice in %v", what, got[:min(10, len(got))])
		return false
	}
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("%s: want %d, got %d; missing %d %v, extra %d %v", what, len(want), len(got),
			len(missing), missing[:min(3, len(missing))], len(extra), extra[:min(3, len(extra))])
		return false
	}
	return true
}
