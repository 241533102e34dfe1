package cites

import (
	"maps"
	"slices"
	"strings"
)

// The graph answers searches by citation: the documents citing what a
// value names (CitingIDs, a search's cites:) and the documents it cites
// (CitedIDs, cited_by:), and a document's counts for its search hit.

// targetCitations reads a typed value as the citations it may stand for:
// a 《title》 as a title; a value that is one 文号 as Find reads it
// (国办发〔2017〕47号, 国办发[2017]47号, 国务院令第588号) as that 文号; anything
// else as a title without its marks (行政复议法).
func targetCitations(value string) []Citation {
	v := strings.TrimSpace(value)
	if inner, ok := strings.CutPrefix(v, "《"); ok {
		v = strings.TrimSuffix(inner, "》")
	} else if cs := Find(v); len(cs) == 1 && cs[0].Kind == KindDocNo && cs[0].Offset == 0 && cs[0].End == len(v) {
		return cs
	}
	key, variant := TitleKey(v)
	if key == "" {
		return nil
	}
	return []Citation{{Kind: KindTitle, Text: v, Offset: 0, End: len(v), Key: key, Variant: variant}}
}

// named returns the documents a typed value names — the document of that
// ID, or else those a citation of it resolves to, every edition — and the
// citations it was read as (none for an ID). The caller holds g.mu.
func (g *Graph) named(value string) (ids []string, as []Citation) {
	if _, ok := g.nodes[value]; ok {
		return []string{value}, nil
	}
	as = targetCitations(value)
	for _, c := range as {
		ids = append(ids, g.res.Resolve(c, Doc{}).IDs...)
	}
	return ids, as
}

// CitingIDs returns, sorted, the documents that cite what value names: a
// document ID of the graph, a 文号 in any bracket form, or a title with or
// without its 《》. They are the documents whose citations resolve to one
// it names (or whose attachment it is), and, for a 文号 or title, every
// document with a citation of its key (DocNoKey, TitleKey), resolved or
// not: a citation of a document the archive does not hold is found by
// what it says.
func (g *Graph) CitingIDs(value string) []string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	set := map[string]bool{}
	targets, as := g.named(value)
	for _, t := range targets {
		for from := range g.citedBy[t] {
			set[from] = true
		}
		if p, ok := g.pageOf(t); ok {
			set[p.doc.ID] = true
		}
	}
	for _, c := range as {
		for from := range g.citing[kindKey(c.Kind, c.Key)] {
			set[from] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// CitedIDs returns, sorted, the documents that what value names (as for
// CitingIDs) cites: those its resolved citations name, and its
// attachments.
func (g *Graph) CitedIDs(value string) []string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	set := map[string]bool{}
	targets, _ := g.named(value)
	for _, t := range targets {
		g.addCited(g.nodes[t], set)
	}
	return slices.Sorted(maps.Keys(set))
}

// addCited adds to set the documents n cites, attachments included; n
// may be nil. The caller holds g.mu.
func (g *Graph) addCited(n *node, set map[string]bool) {
	if n == nil {
		return
	}
	for _, c := range n.cites {
		for _, id := range c.IDs {
			set[id] = true
		}
	}
	for child := range g.attached[n.doc.ID] {
		if child != n.doc.ID {
			set[child] = true
		}
	}
}

// Counts returns how many documents a document cites (resolved
// citations and attachments, each document once) and how many cite it;
// zero for a document not in the graph.
func (g *Graph) Counts(id string) (cites, citedBy int) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	n, ok := g.nodes[id]
	if !ok {
		return 0, 0
	}
	set := map[string]bool{}
	g.addCited(n, set)
	citedBy = len(g.citedBy[id])
	if p, ok := g.pageOf(id); ok && !g.citedBy[id][p.doc.ID] {
		citedBy++
	}
	return len(set), citedBy
}
