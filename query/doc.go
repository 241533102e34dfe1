// Package query is Lantai's query syntax: words (ANDed), "exact phrases",
// -exclusions, A OR B, parentheses and field:value filters, parsed into the
// index.Node tree that a backend runs, and the limits on a query's cost.
// The citation filters (cites:, cited_by:) are split off the tree
// (SplitCitations) for the caller to resolve against its citation graph.
// It knows nothing of any engine, of HTTP or of the archive.
package query
