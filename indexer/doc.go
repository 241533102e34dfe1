// Package indexer owns the derived search index: Chinese analysis with
// gojieba (embedded dictionaries plus a government-domain user dictionary),
// the Bleve mapping of report and section documents, writing and deleting
// them, the index version that triggers a rebuild, and the vocabulary that
// the search planner expands sub-word queries through.
//
// It knows the corpus model but nothing of query syntax, HTTP or pages.
package indexer
