// Package index is the seam between Lantai's search and the engine that
// indexes reports: the Index interface and its request and result types,
// all in Lantai's own terms (reports, sections, literals, filters, facets),
// never an engine's.
//
// It owns the parsed query tree (Node) that search produces and a backend
// compiles, what a backend must do for each node, and the errors a backend
// reports. It knows the corpus model (a backend indexes corpus.Report) but
// nothing of any engine, of query syntax, HTTP or the archive's layout.
// Backends are packages of their own (index/bleveindex); the shared suite
// every backend must pass is index/indextest.
package index
