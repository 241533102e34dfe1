package search

import "github.com/lantai/lantai/query"

// maxHighlightLiterals bounds the work a long query can cause on a long
// report page.
const maxHighlightLiterals = 16

// Highlight returns where the literals of the query q occur in text, read
// as the search reads them (query.Parse, excluded words left out, title:
// values kept) and matched by the same rule as the snippets (MatchSpans):
// merged, in order, rune-aligned byte ranges. Pages mark these spans, so a
// report page highlights exactly what its search's snippets did.
func Highlight(text, q string) []Span {
	root, _ := query.Parse(q)
	literals := query.PositiveLiterals(root)
	return MatchSpans(text, literals[:min(len(literals), maxHighlightLiterals)])
}
