package search

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/cites"
	"github.com/lantai/lantai/corpus"
)

// The graph follows writes one report at a time (cites.Graph is
// incremental): a write that starts with the graph current adds each
// report it stores and removes each it deletes, and the graph then takes
// the archive's new stamp, so an ingest does not rebuild it. A write that
// starts while the graph is stale or being built leaves it stale, and the
// next request rebuilds it.
//
// citationState caches the citation graph of the archive under its stamp,
// as seriesState does the series: building it reads every record and
// finds the citations of every text (1.6 s for the corpus, 13 s at 10×,
// more on a busy server), so it is built once per archive
// state, on the first request that needs it, and after a write the graph
// of the previous state answers while the new one is built in the
// background. Each graph is kept in the data folder (citescache.go), so
// that a restart on an unchanged archive loads it instead.
type citationState struct {
	build      sync.Mutex // held by the one building pass
	mu         sync.Mutex // guards the fields below
	current    *citationGraph
	rebuilding bool
	built      chan struct{} // closed when the pass running or last run ends
	err        error         // why the last pass failed
	// following is the graph a write in progress keeps up to date, nil
	// when the write started with no current graph.
	following *citationGraph
	// keep writes the current graph to the data folder (citescache.go).
	keep citationKeeper
}

// writeStarts is called when a write takes its turn, with the archive's
// stamp then: a graph current at that stamp follows the write.
func (st *citationState) writeStarts(stamp string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.following = nil
	if st.current != nil && st.current.stamp == stamp && !st.rebuilding {
		st.following = st.current
	}
}

// changed adds (or replaces) a report stored by the write in progress.
func (st *citationState) changed(r corpus.Report) {
	st.mu.Lock()
	g := st.following
	st.mu.Unlock()
	if g != nil {
		g.graph.Add(citeDoc(r), r.Text)
	}
}

// citeDoc is what the citation graph knows of a report.
func citeDoc(r corpus.Report) cites.Doc {
	return cites.Doc{ID: r.ID, Title: r.Title, DocNo: r.DocNo, Date: r.Date, Year: r.Year, Parent: r.ParentID}
}

// removed takes a deleted report out of the graph the write follows.
func (st *citationState) removed(id string) {
	st.mu.Lock()
	g := st.following
	st.mu.Unlock()
	if g != nil {
		g.graph.Remove(id)
	}
}

// writeEnds gives the graph that followed the write the archive's new
// stamp: it holds every change the write made.
func (st *citationState) writeEnds(stamp string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.following != nil && st.following == st.current {
		st.current.stamp = stamp
		st.keep.wanted()
	}
	st.following = nil
}

type citationGraph struct {
	stamp string
	graph *cites.Graph
}

// CitationRef is one citation in a report's text.
type CitationRef struct {
	// Text is the citation as written (a title without its marks).
	Text string `json:"text"`
	// Kind is "doc_no" or "title".
	Kind string `json:"kind"`
	// Offset is its byte offset in the report's text.
	Offset int `json:"offset"`
	// ID is the archived report it cites, or nil when the archive holds
	// none; IDs lists every one when several editions match equally.
	ID  *string  `json:"id"`
	IDs []string `json:"ids,omitempty"`
	// Match says how it was resolved: "exact", "variant" (another
	// edition: 试行, 草案 …), "carrier" (the notice that issues the cited
	// document), "issuer" (the same 关于… title under another issuer);
	// empty when unresolved.
	Match    string `json:"match,omitempty"`
	Sentence string `json:"sentence"`
}

// CitedBy is a report that cites another, with its citing sentence.
type CitedBy struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Year     int    `json:"year"`
	Sentence string `json:"sentence"`
}

// Citations is what a report cites and what cites it.
type Citations struct {
	Cites   []CitationRef `json:"cites"`
	CitedBy []CitedBy     `json:"cited_by"`
}

// Citations returns the citations of report id (every 文号 and 《title》 in
// its text, resolved to archived reports where the archive holds them)
// and the reports that cite it.
func (s *Service) Citations(ctx context.Context, id string) (*Citations, error) {
	if _, err := s.report(id); err != nil {
		return nil, err
	}
	g, err := s.citationGraph(ctx)
	if err != nil {
		return nil, err
	}
	out := &Citations{Cites: []CitationRef{}, CitedBy: []CitedBy{}}
	for _, c := range g.Cites(id) {
		ref := CitationRef{Text: c.Text, Kind: c.Kind, Offset: c.Offset, Match: string(c.Match), Sentence: c.Sentence}
		if len(c.IDs) > 0 {
			first := c.IDs[0]
			ref.ID = &first
			if len(c.IDs) > 1 {
				ref.IDs = c.IDs
			}
		}
		out.Cites = append(out.Cites, ref)
	}
	for _, c := range g.CitedBy(id) {
		out.CitedBy = append(out.CitedBy, CitedBy{ID: c.ID, Title: c.Title, Year: c.Year, Sentence: c.Sentence})
	}
	return out, nil
}

// citationGraph returns the archive's citation graph. The first call
// starts building it and waits, as long as ctx allows, for it to be done;
// after a write, the previous state's graph answers while a background
// pass builds the new one. A build never runs under a caller's context:
// a page that stops waiting must not cancel the graph others wait for.
func (s *Service) citationGraph(ctx context.Context) (*cites.Graph, error) {
	st := &s.citations
	cur, built := s.startCitations(ctx)
	if cur != nil {
		return cur.graph, nil
	}
	select {
	case <-built:
	case <-ctx.Done():
		return nil, fmt.Errorf("the citation graph is still being built: %w", ctx.Err())
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.current == nil {
		return nil, fmt.Errorf("the citation graph could not be built: %w", st.err)
	}
	return st.current.graph, nil
}

// startCitations returns the graph there is, nil before the first, and
// starts a background pass when it is not of the archive's state and none
// runs; built is closed when the pass running or last run ends.
func (s *Service) startCitations(ctx context.Context) (cur *citationGraph, built chan struct{}) {
	st := &s.citations
	stamp := s.archive.Stamp()
	st.mu.Lock()
	defer st.mu.Unlock()
	cur = st.current
	if (cur == nil || cur.stamp != stamp) && !st.rebuilding {
		st.rebuilding = true
		done := make(chan struct{})
		st.built = done
		go func() {
			defer close(done)
			if _, err := s.buildCitations(context.WithoutCancel(ctx)); err != nil {
				s.log.Warn("building the citation graph", "err", err)
				st.mu.Lock()
				st.err = err
				st.mu.Unlock()
			}
			st.mu.Lock()
			st.rebuilding = false
			st.mu.Unlock()
		}()
	}
	return cur, st.built
}

// buildCitations makes the graph of the archive's state: the one kept in
// the data folder when it is of that state, else one read from every
// report and kept; nothing when a pass that finished while this one
// waited did so for that state.
func (s *Service) buildCitations(ctx context.Context) (*citationGraph, error) {
	st := &s.citations
	st.build.Lock()
	defer st.build.Unlock()
	stamp := s.archive.Stamp()
	st.mu.Lock()
	cur := st.current
	st.mu.Unlock()
	if cur != nil && cur.stamp == stamp {
		return cur, nil
	}
	if cg := s.loadCitationCache(stamp); cg != nil {
		s.useCitations(cg)
		return cg, nil
	}
	start := time.Now()
	g := cites.NewGraph()
	err := s.archive.Each(func(r corpus.Report) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		g.Add(citeDoc(r), r.Text)
		return nil
	})
	if err != nil && !errors.Is(err, archive.ErrDamaged) {
		return nil, fmt.Errorf("building the citation graph: %w", err)
	}
	cg := &citationGraph{stamp: stamp, graph: g}
	s.useCitations(cg)
	s.log.Info("citation graph built", "reports", g.Len(), "took", time.Since(start).Round(time.Millisecond))
	st.keep.wanted()
	return cg, nil
}

// useCitations makes cg the current graph. Cached responses go: theirs
// were made without the graph's counts, or with an older graph.
func (s *Service) useCitations(cg *citationGraph) {
	st := &s.citations
	st.keep.mu.Lock()
	st.keep.save = s.saveCitationCache
	st.keep.mu.Unlock()
	st.mu.Lock()
	st.current = cg
	st.mu.Unlock()
	s.results.invalidate()
}
