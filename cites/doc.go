// Package cites finds the citations in a report's text — 文号 (document
// numbers such as 国办发〔2017〕47号 or 国务院令第588号) and 《titles》 — and
// resolves them to the documents of an archive.
//
// It is the pure core of the citation graph: Find reads one text, a
// Resolver maps citation keys to documents, and a Graph keeps, for a set of
// documents, what each one cites and what cites it, updated one document at
// a time. It knows nothing of storage, the index or HTTP; the caller feeds
// it reports (as Doc values and their texts) when it opens an archive and
// when it ingests, and asks it for a report's citations, for the
// documents citing or cited by what a search names (CitingIDs, CitedIDs)
// and for a hit's counts. A document read from an attached file of a page
// (Doc.Parent) is cited by the page (KindAttachment). Snapshot and Restore
// keep a graph across restarts without reading any text again.
//
// Offsets are byte offsets into the text given to Find, on rune
// boundaries, as corpus.Section's are.
package cites
