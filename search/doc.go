// Package search turns what a person typed into index queries and answers
// them: query parsing, filters, facets, snippets, grouping by year, and the
// Service that the web layer and the command line call. It reads the archive
// for report views and originals and writes through the indexer on ingest.
//
// It must not know about HTTP or templates; those live in package web.
package search
