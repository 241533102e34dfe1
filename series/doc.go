// Package series links a body's reports of one kind year to year and
// compares two years of a series section by section.
//
// Group takes what the archive knows of each report (Member) and forms
// series: one body (AgencyKey, with operator Aliases) and one kind of
// report (Kind: the title without body, years and brackets), two years or
// more, duplicates shown once. Compare aligns the level-1 and level-2
// sections of two reports by what they are about (heading and text), not
// by position, finds sections split in two, and lists the sentences
// added, removed and changed with the figures that changed; Follow traces
// one section through every year of a series. Diff compares two whole
// texts (two versions of one report) with the same sentence alignment,
// groups the changes by the sections they lie in, matched by the
// sentences they share, and marks what changed inside a changed sentence.
package series
