package cites

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Cite is one citation of a document with what it resolved to.
type Cite struct {
	Citation
	Resolution
	// Sentence is the sentence of the citing text the citation is in.
	Sentence string `json:"sentence"`
}

// Citer is a document that cites another, with the sentence of its first
// citation of it.
type Citer struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Year     int      `json:"year"`
	Date     string   `json:"date,omitempty"`
	Sentence string   `json:"sentence"`
	Citation Citation `json:"citation"`
}

// Graph is the citation graph of a set of documents: what each one cites
// (Cites) and what cites it (CitedBy). It is updated one document at a
// time, as an archive ingests: Add resolves the new document's citations,
// and re-resolves the citations of the documents already there whose keys
// the new one answers, so a citation of a document not yet ingested is
// kept unresolved and resolves when that document arrives. It keeps each
// document's citations and their sentences, not its text. Safe for
// concurrent use.
type Graph struct {
	mu  sync.RWMutex
	res *Resolver
	// nodes are the documents added, by ID.
	nodes map[string]*node
	// citing maps a lookup key (kindKey) to the documents with a
	// citation of that key, resolved or not: the ones to look at again
	// when a document with that key comes or goes.
	citing map[string]map[string]bool
	// citedBy maps a document to the documents whose citations resolve to it.
	citedBy map[string]map[string]bool
	// attached maps a page to the documents read from its attached files
	// (Doc.Parent), the page itself maybe not in the graph (yet).
	attached map[string]map[string]bool
}

type node struct {
	doc   Doc
	cites []Cite
}

// NewGraph returns an empty graph.
func NewGraph() *Graph {
	return &Graph{res: NewResolver(), nodes: map[string]*node{}, citing: map[string]map[string]bool{}, citedBy: map[string]map[string]bool{}, attached: map[string]map[string]bool{}}
}

// kindKey is a citation's lookup key, its kind included so that a title
// and a 文号 never meet.
func kindKey(kind, key string) string { return kind + "\x00" + key }

// answers are the lookup keys (kindKey) whose citations a document may
// resolve: its 文号, its title, and the title it issues.
func answers(d Doc) []string {
	k := keysOf(d)
	var out []string
	if k.docNo != "" {
		out = append(out, kindKey(KindDocNo, k.docNo))
	}
	for _, t := range []string{k.title, k.carried} {
		if t != "" {
			out = append(out, kindKey(KindTitle, t))
		}
	}
	if k.about != "" {
		out = append(out, aboutLookup(k.about))
	}
	return out
}

// aboutLookup is the lookup key under which a citation whose title has
// the given aboutKey is registered, so that a document of that title
// under another issuer's name finds it.
func aboutLookup(about string) string { return kindKey("about", about) }

// Add adds a document and the citations found in its text, replacing the
// document with the same ID (its old citations go with it).
func (g *Graph) Add(d Doc, text string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	affected := map[string]map[string]bool{}
	if old, ok := g.nodes[d.ID]; ok {
		g.markCiting(old.doc, affected)
		g.drop(old)
	}
	g.res.Add(d)
	n := &node{doc: d}
	for _, c := range Find(text) {
		n.cites = append(n.cites, Cite{Citation: c, Sentence: Sentence(text, c.Offset, c.End)})
		for _, k := range lookups(c) {
			addSet(g.citing, k, d.ID)
		}
	}
	g.nodes[d.ID] = n
	if d.Parent != "" {
		addSet(g.attached, d.Parent, d.ID)
	}
	g.markCiting(d, affected)
	delete(affected, d.ID)
	g.resolve(n, nil)
	for id, keys := range affected {
		g.resolve(g.nodes[id], keys)
	}
}

// Remove takes a document out of the graph: its citations, and the
// resolutions of others' citations to it (they resolve anew, maybe to
// another edition, maybe to nothing).
func (g *Graph) Remove(id string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	old, ok := g.nodes[id]
	if !ok {
		return
	}
	affected := map[string]map[string]bool{}
	g.markCiting(old.doc, affected)
	g.drop(old)
	delete(affected, id)
	for citer, keys := range affected {
		g.resolve(g.nodes[citer], keys)
	}
}

// lookups are the keys a citation is registered under in citing.
func lookups(c Citation) []string {
	out := []string{kindKey(c.Kind, c.Key)}
	if a := aboutKey(c.Key); c.Kind == KindTitle && a != "" {
		out = append(out, aboutLookup(a))
	}
	return out
}

// markCiting adds to set the documents with a citation that d may
// answer, each with the keys it may answer them on.
func (g *Graph) markCiting(d Doc, set map[string]map[string]bool) {
	for _, k := range answers(d) {
		for id := range g.citing[k] {
			addSet(set, id, k)
		}
	}
}

// drop removes a node: its outgoing edges, its citations' keys, its
// entry in the resolver. Edges into it are left to the caller, which
// re-resolves the documents citing it.
func (g *Graph) drop(n *node) {
	for _, c := range n.cites {
		for _, to := range c.IDs {
			removeSet(g.citedBy, to, n.doc.ID)
		}
		for _, k := range lookups(c.Citation) {
			removeSet(g.citing, k, n.doc.ID)
		}
	}
	if n.doc.Parent != "" {
		removeSet(g.attached, n.doc.Parent, n.doc.ID)
	}
	g.res.Remove(n.doc.ID)
	delete(g.nodes, n.doc.ID)
}

// resolve resolves again those of n's citations registered under one of
// keys (all of them when keys is nil) and relinks n's edges. Only the
// citations a change may touch are looked at: a popular law's new
// edition re-resolves one citation in each of hundreds of documents, not
// all of theirs.
func (g *Graph) resolve(n *node, keys map[string]bool) {
	var before []string
	for i := range n.cites {
		c := &n.cites[i]
		if keys != nil && !slices.ContainsFunc(lookups(c.Citation), func(k string) bool { return keys[k] }) {
			continue
		}
		before = append(before, c.IDs...)
		c.Resolution = g.res.Resolve(c.Citation, n.doc)
		for _, to := range c.IDs {
			addSet(g.citedBy, to, n.doc.ID)
		}
	}
	// An old target stays linked while another citation still names it.
	for _, to := range before {
		if !slices.ContainsFunc(n.cites, func(c Cite) bool { return slices.Contains(c.IDs, to) }) {
			removeSet(g.citedBy, to, n.doc.ID)
		}
	}
}

func addSet(m map[string]map[string]bool, key, id string) {
	if m[key] == nil {
		m[key] = map[string]bool{}
	}
	m[key][id] = true
}

func removeSet(m map[string]map[string]bool, key, id string) {
	delete(m[key], id)
	if len(m[key]) == 0 {
		delete(m, key)
	}
}

// Cites returns the citations of a document in text order, resolved or
// not, then its attachments (KindAttachment); nil for a document not in
// the graph.
func (g *Graph) Cites(id string) []Cite {
	g.mu.RLock()
	defer g.mu.RUnlock()
	n, ok := g.nodes[id]
	if !ok {
		return nil
	}
	out := make([]Cite, len(n.cites))
	for i, c := range n.cites {
		out[i] = c
		out[i].IDs = slices.Clone(c.IDs)
	}
	return append(out, g.attachmentsOf(n)...)
}

// CitedBy returns the documents that cite id, each once with its first
// citation of it, newest first (then by ID); the page a document is an
// attachment of cites it too, as KindAttachment when its text does not.
func (g *Graph) CitedBy(id string) []Citer {
	g.mu.RLock()
	defer g.mu.RUnlock()
	var out []Citer
	for from := range g.citedBy[id] {
		n := g.nodes[from]
		for _, c := range n.cites {
			if slices.Contains(c.IDs, id) {
				out = append(out, Citer{ID: from, Title: n.doc.Title, Year: n.doc.Year, Date: n.doc.Date, Sentence: c.Sentence, Citation: c.Citation})
				break
			}
		}
	}
	if p, ok := g.pageOf(id); ok && !g.citedBy[id][p.doc.ID] {
		out = append(out, attachmentCiter(p, g.nodes[id]))
	}
	slices.SortFunc(out, func(a, b Citer) int {
		return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Len is the number of documents in the graph.
func (g *Graph) Len() int {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return len(g.nodes)
}

// sentenceEnds are the marks a citing sentence is cut at.
const sentenceEnds = "。！？；!?;\n"

// maxSide bounds a sentence on each side of its citation, in runes: a
// regulation's list of amendments or a table flattened into one line has
// no sentence end for pages.
const maxSide = 100

// Sentence returns the sentence of text around text[start:end]: from
// after the previous 。！？； or line break to the next one included,
// trimmed of spaces, and cut to maxSide runes on each side (marked …).
func Sentence(text string, start, end int) string {
	if start < 0 || end > len(text) || start > end {
		return ""
	}
	// Look for the sentence's ends no further than it may reach, so that a
	// long line with many citations and no 。 is not scanned over and over.
	low := max(0, start-utf8.UTFMax*(maxSide+1))
	for low > 0 && !utf8.RuneStart(text[low]) {
		low--
	}
	high := min(len(text), end+utf8.UTFMax*(maxSide+1))
	from := strings.LastIndexAny(text[low:start], sentenceEnds)
	if from < 0 {
		from = low
	} else {
		from += low
		_, size := utf8.DecodeRuneInString(text[from:])
		from += size
	}
	to := strings.IndexAny(text[end:high], sentenceEnds)
	if to < 0 {
		to = high
	} else {
		to += end
		if text[to] != '\n' {
			_, size := utf8.DecodeRuneInString(text[to:])
			to += size
		}
	}
	head, tail := text[from:start], text[end:to]
	if utf8.RuneCountInString(head) > maxSide {
		head = "…" + lastRunes(head, maxSide)
	}
	if utf8.RuneCountInString(tail) > maxSide {
		tail = firstRunes(tail, maxSide) + "…"
	}
	return strings.TrimSpace(head + text[start:end] + tail)
}

func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
