// Package bleveindex is Lantai's index backend on Bleve (scorch): it
// implements index.Backend and index.Index.
//
// It owns everything engine-specific: Chinese analysis with gojieba
// (embedded dictionaries plus a government-domain user dictionary), the
// mapping of report and section documents, writing and deleting them, the
// index version that triggers a rebuild, the compilation of the parsed
// query tree into Bleve queries, and the tricks that make literal search
// exact and fast — bigram buckets, candidate sets as roaring bitmaps per
// segment, confirmation in the reports' own texts (match texts stored in
// the index, LZ4-packed), the literal and postings caches keyed by segment, and the
// in-memory collector with its key tables and facet rows. None of it
// leaves the package: callers see index.Request and index.Result only.
//
// It knows the corpus model, the index interface and the folding rule
// (internal/fold), and keeps the texts it confirms literals in itself; it
// knows nothing of query syntax, the archive's layout, HTTP or pages.
package bleveindex
