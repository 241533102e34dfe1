// Package corpus owns what Lantai knows about a government report before any
// indexing happens: the report model, the readers that turn real-world
// layouts (plain text, dateline work reports, TSV, CSV, Markdown regulations,
// portal HTML, JSON Lines) into that model, text decoding and metadata
// normalisation, and the archive of originals that is Lantai's source of truth.
//
// It must not know about Bleve, gojieba, HTTP or any other index or transport;
// those packages import corpus, never the reverse.
package corpus
