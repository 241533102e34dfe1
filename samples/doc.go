// Package samples holds Lantai's built-in sample reports: a handful of
// invented government reports (the fictional districts 云溪区 and 望川区 of
// the fictional city 临江市, every name and figure made up) in the seed
// plain-text layout.
//
// They exist so that `lantai serve` on an empty data folder shows a working
// site at once, and so that tests have a small, stable, license-free corpus
// to ingest. The package only ships bytes: parsing belongs to corpus, and
// samples must not import it (outside tests), so that any layer may use the
// samples without pulling in more than the embed.
package samples
