// Package query is Lantai's query syntax: words (ANDed), "exact phrases",
// -exclusions, A OR B, parentheses and field:value filters, parsed into the
// index.Node tree that a backend runs, and the limits on a query's cost.
// It knows nothing of any engine, of HTTP or of the archive.
package query
