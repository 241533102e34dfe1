package query

import (
	"errors"
	"fmt"

	"github.com/lantai/lantai/index"
)

// Citation fields. The index does not search them: the caller resolves
// them against its citation graph into the reports they stand for
// (index.Filter.ReportIDs), after SplitCitations took them out of the
// tree.
const (
	FieldCites   = "cites"    // the reports citing the document the value names (a 文号, a title or a report id)
	FieldCitedBy = "cited_by" // the reports the document the value names cites
)

// ErrCitationPlacement marks a citation filter where a list of reports
// cannot stand: after a -, or in an OR beside words.
var ErrCitationPlacement = errors.New("misplaced citation filter")

// SplitCitations separates a parsed query into what the index searches
// (rest) and its citation filters (citations: cites: and cited_by: nodes,
// under And and Or nodes of their own), which narrow the whole query:
// `cites:国办发〔2017〕47号 行政复议 year:2022` is the reports citing that 文号
// that match `行政复议 year:2022`. Either part may be nil. A citation
// filter after a - or ORed with words is an error wrapping
// ErrCitationPlacement, naming q.
func SplitCitations(root *index.Node) (rest, citations *index.Node, err error) {
	if root == nil {
		return nil, nil, nil
	}
	if onlyCitations(root) {
		return nil, root, nil
	}
	var keep, cites []*index.Node
	if root.Kind == index.And {
		for _, k := range root.Kids {
			if onlyCitations(k) {
				cites = append(cites, k)
			} else {
				keep = append(keep, k)
			}
		}
	} else {
		keep = []*index.Node{root}
	}
	for _, k := range keep {
		if f := citationIn(k); f != "" {
			return nil, nil, fmt.Errorf("%w: q: %s: narrows the whole query to a list of reports; it cannot stand after - or in an OR beside words", ErrCitationPlacement, f)
		}
	}
	return nodeOf(index.And, keep), nodeOf(index.And, cites), nil
}

// IsCitation reports whether a node is a citation filter.
func IsCitation(n *index.Node) bool {
	return n != nil && n.Kind == index.Field && (n.Field == FieldCites || n.Field == FieldCitedBy)
}

// onlyCitations reports whether a node is citation filters under And and
// Or alone.
func onlyCitations(n *index.Node) bool {
	switch n.Kind {
	case index.Field:
		return IsCitation(n)
	case index.And, index.Or:
		for _, k := range n.Kids {
			if !onlyCitations(k) {
				return false
			}
		}
		return len(n.Kids) > 0
	}
	return false
}

// citationIn is the field of the first citation filter in a tree, "" for
// none.
func citationIn(n *index.Node) string {
	if IsCitation(n) {
		return n.Field
	}
	for _, k := range n.Kids {
		if f := citationIn(k); f != "" {
			return f
		}
	}
	return ""
}

// nodeOf joins nodes under one of kind: nil for none, the node for one.
func nodeOf(kind index.Kind, nodes []*index.Node) *index.Node {
	switch len(nodes) {
	case 0:
		return nil
	case 1:
		return nodes[0]
	}
	return &index.Node{Kind: kind, Kids: nodes}
}
