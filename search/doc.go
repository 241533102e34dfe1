// Package search answers what a person typed: it parses the query
// (package query), turns the request into an index.Request, runs it on
// whichever backend the Service was given (index.Index), and makes the
// answer: hits filled from the archive, snippets and highlighting, facets,
// related hits through variants, synonyms, pinyin and corrections,
// did-you-mean, suggestions, grouping by year, report views. The Service
// also keeps the index in step with the archive (ingest, delete, reindex).
//
// It must not know any engine (no Bleve, scorch or roaring), HTTP or
// templates; those live in the backend packages and in package web.
package search
