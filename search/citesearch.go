package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/lantai/lantai/cites"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/query"
)

// planCitations resolves a planned query's citation filters — cites:X,
// the reports citing what X names (a 文号 in any bracket form, a title
// with or without its 《》, a report id), and cited_by:X, the reports X
// cites — against the citation graph into the reports they stand for
// (index.Filter.ReportIDs), and leaves the rest of the query to the index:
// `cites:国办发〔2017〕47号 行政复议 year:2022` searches 行政复议 in 2022
// among the reports citing that 文号. It waits for the graph as long as ctx
// allows (withPlan's query timeout): a citation search cannot be answered
// without it. A query without citation filters is left as it is.
func (s *Service) planCitations(ctx context.Context, p *plan) error {
	rest, filters, err := query.SplitCitations(p.req.Query)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadRequest, err)
	}
	if filters == nil {
		return nil
	}
	g, err := s.citationGraph(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: the citation graph that cites: and cited_by: search is still being built; try again in a few seconds", ErrTimeout)
		}
		return err
	}
	ids := citationMatches(g, filters)
	if p.req.Filter.ReportIDs != nil {
		ids = intersectSorted(ids, slices.Sorted(slices.Values(p.req.Filter.ReportIDs)))
	}
	p.req.Query = rest
	p.req.Filter.ReportIDs = ids
	// The query as a whole is no identifier (cites:国发〔2019〕5号 looks
	// like one): the citing reports rank as any other.
	p.req.Identifier = ""
	return nil
}

// citationMatches is the sorted, non-nil list of the reports a tree of
// citation filters (query.SplitCitations) stands for: And intersects, Or
// unites.
func citationMatches(g *cites.Graph, n *index.Node) []string {
	switch n.Kind {
	case index.Field:
		var ids []string
		if n.Field == query.FieldCites {
			ids = g.CitingIDs(n.Text)
		} else {
			ids = g.CitedIDs(n.Text)
		}
		return append([]string{}, ids...)
	case index.And:
		out := citationMatches(g, n.Kids[0])
		for _, k := range n.Kids[1:] {
			out = intersectSorted(out, citationMatches(g, k))
		}
		return out
	case index.Or:
		var out []string
		for _, k := range n.Kids {
			out = append(out, citationMatches(g, k)...)
		}
		slices.Sort(out)
		return append([]string{}, slices.Compact(out)...)
	}
	return []string{}
}

// intersectSorted is the sorted, non-nil intersection of two sorted lists.
func intersectSorted(a, b []string) []string {
	out := []string{}
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] == b[0]:
			out = append(out, a[0])
			a, b = a[1:], b[1:]
		case a[0] < b[0]:
			a = a[1:]
		default:
			b = b[1:]
		}
	}
	return out
}

// fillCitationCounts sets each hit's CitesCount and CitedByCount from the
// citation graph when it is current: of the archive's state, or following
// the write in progress. A search never waits for it: before the first
// graph, and while one is built after a write that found the graph stale,
// hits go without counts (the fields are left out), the build is started
// in the background, and when it is done the cached responses are dropped
// (useCitations), so that the next search has them.
func (s *Service) fillCitationCounts(hits []Hit) {
	if len(hits) == 0 {
		return
	}
	g := s.citations.currentAt(s.archive.Stamp())
	if g == nil {
		s.startCitations(context.Background())
		return
	}
	for i := range hits {
		c, b := g.Counts(hits[i].ID)
		hits[i].CitesCount, hits[i].CitedByCount = &c, &b
	}
}

// currentAt returns the graph when it is of the archive at stamp, or
// follows the write in progress; nil otherwise.
func (st *citationState) currentAt(stamp string) *cites.Graph {
	st.mu.Lock()
	defer st.mu.Unlock()
	if cur := st.current; cur != nil && (cur.stamp == stamp || st.following == cur) {
		return cur.graph
	}
	return nil
}
