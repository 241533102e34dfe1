package cites

import (
	"cmp"
	"slices"
)

// Entry is one document of a graph with its citations as resolved: what
// Snapshot returns and Restore takes. Attachment edges are not among its
// citations: they follow from the documents' Parent.
type Entry struct {
	Doc   Doc
	Cites []Cite
}

// Snapshot returns every document of the graph with its citations as
// resolved, by ID: what Restore needs to make the same graph without
// reading a text again (finding the citations of every text is what a
// graph's build costs).
func (g *Graph) Snapshot() []Entry {
	g.mu.RLock()
	defer g.mu.RUnlock()
	out := make([]Entry, 0, len(g.nodes))
	for _, n := range g.nodes {
		e := Entry{Doc: n.doc, Cites: slices.Clone(n.cites)}
		for i := range e.Cites {
			e.Cites[i].IDs = slices.Clone(e.Cites[i].IDs)
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return cmp.Compare(a.Doc.ID, b.Doc.ID) })
	return out
}

// Restore makes the graph that Snapshot returned entries of, without
// finding or resolving any citation again: it trusts the resolutions it
// is given, as current for these documents (a caller keeping a snapshot
// must know it is of the documents it stands for). A resolution to a
// document not among the entries is dropped; of two entries with one ID
// the later stays. The graph is then updated as any other (Add, Remove).
func Restore(entries []Entry) *Graph {
	g := NewGraph()
	for _, e := range entries {
		if old, ok := g.nodes[e.Doc.ID]; ok {
			g.drop(old)
		}
		n := &node{doc: e.Doc, cites: slices.Clone(e.Cites)}
		g.res.Add(e.Doc)
		for _, c := range n.cites {
			for _, k := range lookups(c.Citation) {
				addSet(g.citing, k, e.Doc.ID)
			}
		}
		if e.Doc.Parent != "" {
			addSet(g.attached, e.Doc.Parent, e.Doc.ID)
		}
		g.nodes[e.Doc.ID] = n
	}
	for id, n := range g.nodes {
		for i := range n.cites {
			c := &n.cites[i]
			c.IDs = slices.DeleteFunc(slices.Clone(c.IDs), func(to string) bool { return g.nodes[to] == nil || to == id })
			if len(c.IDs) == 0 {
				c.Resolution = Resolution{}
			}
			for _, to := range c.IDs {
				addSet(g.citedBy, to, id)
			}
		}
	}
	return g
}
