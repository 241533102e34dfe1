// Package textmetric measures how faithfully a text was read back: the
// attachment readers' tests and the extract bench score what they read
// against the text the file was made from.
package textmetric

import "unicode"

// CharF1 is the character-level F1 of got against want: the harmonic mean
// of precision and recall over the multisets of their non-space
// characters, so that line breaks and spacing, which a layout changes
// freely, do not count. It is 0 when either text has no such character.
func CharF1(want, got string) float64 {
	count := func(s string) map[rune]int {
		m := map[rune]int{}
		for _, r := range s {
			if !unicode.IsSpace(r) {
				m[r]++
			}
		}
		return m
	}
	w, g := count(want), count(got)
	var common, nw, ng int
	for r, n := range w {
		nw += n
		common += min(n, g[r])
	}
	for _, n := range g {
		ng += n
	}
	if nw == 0 || ng == 0 || common == 0 {
		return 0
	}
	p, r := float64(common)/float64(ng), float64(common)/float64(nw)
	return 2 * p * r / (p + r)
}
