package series

import (
	"cmp"
	"slices"

	"github.com/lantai/lantai/corpus"
)

// TextDiff is how the whole text of one report became another's, sentence
// by sentence, with the changes grouped by the sections they lie in.
type TextDiff struct {
	// Groups hold the changes, one group per pair of sections (or section
	// without a counterpart), in the order the texts run.
	Groups []DiffGroup
	// Added, Removed and Changed count the changes; Unchanged the
	// sentences both texts have.
	Added, Removed, Changed, Unchanged int
}

// DiffGroup is the changes within one section of each text.
type DiffGroup struct {
	// A and B are the level-1 or level-2 sections the changes lie in, in
	// each text. Nil means the section has no counterpart in that text
	// (it was added or removed as a whole); a SectionRef with an empty ID
	// is the text outside any numbered section (before the first one, or a
	// text without numbered sections).
	A, B *SectionRef
	// Changes are in text order.
	Changes []Change
}

// Span is a piece of a changed sentence: text both sentences have
// ("same"), or that only the first ("removed") or the second ("added")
// has. The spans of a change in order, the added ones left out, are its A;
// the removed ones left out, its B.
type Span struct {
	Kind string
	Text string
}

// Same is the kind of a Span both sentences share.
const Same = "same"

// noSection marks a section without a counterpart; outside (-1) is the
// text outside any level-1/2 section, which has a counterpart like any.
const (
	outside   = -1
	noSection = -2
)

// Diff compares the whole texts of a and b, typically two versions of one
// report, sentence by sentence. Sentences are aligned as Compare aligns
// those of two sections (alignSentences: the LCS of the sentences with
// their figures taken out, then the most similar in-order pairs between
// those anchors), but over the whole text, so that nothing outside the
// numbered sections is missed and a sentence moved to another section is
// seen. The sections are then matched by the sentences they share, each
// with the one of the other text it shares most aligned sentences with —
// which survives renumbering, and needs no guess from headings — and each
// change is grouped under its sections. A changed pair carries its Spans.
// Years that move with the reports' years are no change, as in Compare.
func Diff(a, b corpus.Report) TextDiff {
	spansA, spansB := sentenceSpans(a.Text), sentenceSpans(b.Text)
	ta, tb := spanTexts(a.Text, spansA), spanTexts(b.Text, spansB)
	secA, groupA := sectionOfSentences(a.Sections, spansA)
	secB, groupB := sectionOfSentences(b.Sections, spansB)
	steps := alignSentences(ta, tb)
	matchA, matchB := matchSections(steps, groupA, groupB)
	delta := b.Year - a.Year
	if a.Year == 0 || b.Year == 0 {
		delta = 0
	}

	var out TextDiff
	at := map[[2]int]int{} // section pair → index in out.Groups
	for _, st := range steps {
		c, ok := changeOf(ta, tb, st, delta)
		if !ok {
			out.Unchanged++
			continue
		}
		var key [2]int
		switch c.Kind {
		case Removed:
			out.Removed++
			key = [2]int{groupA[st.i], matchA[groupA[st.i]]}
		case Added:
			out.Added++
			key = [2]int{matchB[groupB[st.j]], groupB[st.j]}
		default:
			out.Changed++
			c.Spans = inlineDiff(c.A, c.B)
			key = [2]int{matchB[groupB[st.j]], groupB[st.j]}
			if key[0] == noSection {
				key[0] = groupA[st.i]
			}
		}
		k, ok := at[key]
		if !ok {
			k = len(out.Groups)
			at[key] = k
			out.Groups = append(out.Groups, DiffGroup{A: sectionAt(secA, key[0]), B: sectionAt(secB, key[1])})
		}
		out.Groups[k].Changes = append(out.Groups[k].Changes, c)
	}
	return out
}

// spanTexts returns the texts of spans of s.
func spanTexts(s string, spans [][2]int) []string {
	out := make([]string, len(spans))
	for k, sp := range spans {
		out[k] = s[sp[0]:sp[1]]
	}
	return out
}

// sectionOfSentences returns the level-1 and level-2 sections of a report
// and, for each sentence span, the index among them of the one it lies
// in, or outside: the last such section starting at or before the
// sentence (a level-3 point belongs to the section it is a point of).
func sectionOfSentences(secs []corpus.Section, spans [][2]int) ([]SectionRef, []int) {
	var refs []SectionRef
	starts := []int{}
	for _, s := range secs {
		if s.Level == 1 || s.Level == 2 {
			refs = append(refs, SectionRef{ID: s.ID, Heading: s.Heading, Level: s.Level})
			starts = append(starts, s.Start)
		}
	}
	groups := make([]int, len(spans))
	k := outside
	for i, sp := range spans {
		for k+1 < len(starts) && starts[k+1] <= sp[0] {
			k++
		}
		groups[i] = k
	}
	return refs, groups
}

// matchSections pairs the sections of a and b (outside included) by the
// aligned sentences they share, most shared first, one to one. It
// returns each side's counterpart by section index, noSection for none;
// the maps answer noSection for a section never seen.
func matchSections(steps []step, groupA, groupB []int) (map[int]int, map[int]int) {
	votes := map[[2]int]int{}
	for _, st := range steps {
		if st.i >= 0 && st.j >= 0 {
			votes[[2]int{groupA[st.i], groupB[st.j]}]++
		}
	}
	pairs := make([][2]int, 0, len(votes))
	for p := range votes {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(x, y [2]int) int {
		return cmp.Or(cmp.Compare(votes[y], votes[x]), cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
	})
	matchA, matchB := map[int]int{}, map[int]int{}
	for _, p := range pairs {
		if _, taken := matchA[p[0]]; taken {
			continue
		}
		if _, taken := matchB[p[1]]; taken {
			continue
		}
		matchA[p[0]], matchB[p[1]] = p[1], p[0]
	}
	leftUnmatched(matchA, groupA)
	leftUnmatched(matchB, groupB)
	return matchA, matchB
}

// leftUnmatched sets noSection for every section of groups m has no
// counterpart for.
func leftUnmatched(m map[int]int, groups []int) {
	for _, g := range groups {
		if _, ok := m[g]; !ok {
			m[g] = noSection
		}
	}
}

// sectionAt is the group's section for an index: nil for noSection, the
// empty SectionRef for outside.
func sectionAt(refs []SectionRef, k int) *SectionRef {
	switch {
	case k == noSection:
		return nil
	case k == outside:
		return &SectionRef{}
	}
	r := refs[k]
	return &r
}
