// Package corpus owns what Lantai knows about a government report before it
// is stored or indexed: the report model, the readers that turn real-world
// layouts (plain text, dateline work reports, TSV, CSV, Markdown regulations,
// portal HTML, JSON Lines) into that model, text decoding, metadata
// normalisation, and report identity (IdentityKey, ReportID: which documents
// are versions of one report).
//
// It must not know about storage, Bleve, gojieba, HTTP or any other index or
// transport: package archive stores what corpus reads, and it and the other
// packages import corpus, never the reverse.
package corpus
