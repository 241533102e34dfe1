package cites

import (
	"cmp"
	"slices"
)

// Editions returns the documents of the graph whose title has the key of
// title, whatever edition mark they end in (《X》 and 《X（试行）》 alike,
// 中华人民共和国 or not): the editions of one document, as resolution
// groups them for "another edition" (MatchVariant). They are sorted by
// date, undated ones first, then by ID; nil when title has no key.
func (g *Graph) Editions(title string) []Doc {
	key, _ := TitleKey(title)
	if key == "" {
		return nil
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.docsOf(g.res.titled(key))
}

// Lookup returns the documents that a 文号 (kind KindDocNo) or a title
// (KindTitle, without its marks) written outside any text of the graph
// refers to — a regulation's history naming the order or decision that
// amended it — resolved as a citation is (Resolver.Resolve), with every
// edition kept since nothing dates the reference. An unknown kind or a
// reference without a key finds nothing.
func (g *Graph) Lookup(kind, text string) []Doc {
	c := Citation{Kind: kind, Text: text}
	switch kind {
	case KindDocNo:
		c.Key = DocNoKey(text)
	case KindTitle:
		c.Key, c.Variant = TitleKey(text)
	default:
		return nil
	}
	if c.Key == "" {
		return nil
	}
	res := g.res.Resolve(c, Doc{})
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.docsOf(res.IDs)
}

// titled returns the ids of the documents with title key key, any mark.
func (r *Resolver) titled(key string) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.byTitle[key])
}

// docsOf returns the documents of ids known to the graph, sorted by date
// then ID; g.mu must be held.
func (g *Graph) docsOf(ids []string) []Doc {
	var out []Doc
	for _, id := range ids {
		if n, ok := g.nodes[id]; ok {
			out = append(out, n.doc)
		}
	}
	slices.SortFunc(out, func(a, b Doc) int { return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID)) })
	return out
}
