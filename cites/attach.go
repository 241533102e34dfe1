package cites

import (
	"maps"
	"slices"
)

// KindAttachment is the kind of the edge from a page to a document read
// from one of its attached files (Doc.Parent): not found in any text, the
// page cites it as its attachment (附件).
const KindAttachment = "attachment"

// MatchAttachment is how an attachment edge resolved: by the document's
// Parent, not by a key.
const MatchAttachment Match = "attachment"

// AttachmentSentence stands for the citing sentence of an attachment
// edge, which no text holds.
const AttachmentSentence = "附件"

// attachmentsOf returns the attachment edges of page n, by the attached
// document's ID, but for the documents its text cites already (the
// citation in the text says more). The caller holds g.mu.
func (g *Graph) attachmentsOf(n *node) []Cite {
	var out []Cite
	for _, child := range slices.Sorted(maps.Keys(g.attached[n.doc.ID])) {
		if child == n.doc.ID || g.citesByText(n, child) {
			continue
		}
		out = append(out, Cite{
			Citation:   Citation{Kind: KindAttachment, Text: g.nodes[child].doc.Title, Offset: -1, End: -1},
			Resolution: Resolution{IDs: []string{child}, Match: MatchAttachment},
			Sentence:   AttachmentSentence,
		})
	}
	return out
}

// pageOf returns the node of the page a document is attached to, when
// both are in the graph. The caller holds g.mu.
func (g *Graph) pageOf(id string) (*node, bool) {
	n, ok := g.nodes[id]
	if !ok || n.doc.Parent == "" || n.doc.Parent == id {
		return nil, false
	}
	p, ok := g.nodes[n.doc.Parent]
	return p, ok
}

// attachmentCiter is the page p listed as citing its attachment child.
func attachmentCiter(p, child *node) Citer {
	return Citer{
		ID: p.doc.ID, Title: p.doc.Title, Year: p.doc.Year, Date: p.doc.Date,
		Sentence: AttachmentSentence,
		Citation: Citation{Kind: KindAttachment, Text: child.doc.Title, Offset: -1, End: -1},
	}
}

// citesByText reports whether a citation in n's text resolves to id.
func (g *Graph) citesByText(n *node, id string) bool {
	return slices.ContainsFunc(n.cites, func(c Cite) bool { return slices.Contains(c.IDs, id) })
}
