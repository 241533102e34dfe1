package series

import (
	"cmp"
	"slices"
	"strings"

	"github.com/lantai/lantai/corpus"
)

// SectionRef names one section of a report.
type SectionRef struct {
	// ID is the section's dotted ID ("2", "2.3").
	ID string
	// Heading is its heading without the number.
	Heading string
	// Level is 1 or 2 (see corpus.Section).
	Level int
}

// Comparison is how two reports of a series differ, section by section.
type Comparison struct {
	// Pairs are the aligned level-1 and level-2 sections, in the order of
	// the second report.
	Pairs []Pair
	// UnmatchedA are the first report's sections with no counterpart
	// (dropped), UnmatchedB the second's (new), in document order.
	UnmatchedA, UnmatchedB []SectionRef
}

// Pair is a section of the first report aligned with one of the second.
type Pair struct {
	// A and B are the sections.
	A, B SectionRef
	// Similarity is how alike they are, 0..1: their normalised headings'
	// bigram Dice (0.35) and the cosine of their texts' tf-idf weighted
	// bigrams, children included (0.65).
	Similarity float64
	// Changes are the sentences of the sections' own text (their level-3
	// points included, their level-2 children not) that were added,
	// removed or changed.
	Changes []Change
	// SplitFrom is A's ID when A was split into several sections of the
	// second report, B being one of them; "" otherwise.
	SplitFrom string
	// MergedInto is B's ID when several sections of the first report were
	// merged into B, A being one of them; "" otherwise.
	MergedInto string
}

// Change is one sentence added, removed or changed.
type Change struct {
	// Kind is "added", "removed" or "changed".
	Kind string
	// A and B are the sentence in the first and the second report; ""
	// when there is none (added, removed).
	A, B string
	// Numbers are the figures that differ between A and B, for "changed".
	Numbers []NumberChange
	// Spans are a "changed" pair as one run of text, what both keep and
	// what each has alone (see Span); Diff sets them, Compare does not.
	Spans []Span
}

// NumberChange is a figure as written in each of two aligned sentences; ""
// where one sentence has no counterpart figure.
type NumberChange struct{ A, B string }

// Change kinds.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Alignment thresholds and weights.
const (
	headingWeight  = 0.35 // share of the heading in a pair's similarity
	pairThreshold  = 0.1  // least similarity of an aligned pair
	strayThreshold = 0.25 // least similarity of level-2 sections whose parents are aligned elsewhere
	crossThreshold = 0.15 // least similarity of a pair across levels
	parentBonus    = 0.15 // preference for level-2 pairs under aligned parents
	splitContain   = 0.75 // least share of a part's bigrams found in the whole
	splitMinGrams  = 20   // least distinct bigrams of a part
	splitMinShare  = 10   // a part has at least 1/splitMinShare of the whole's bigrams
	followMinScore = 0.4  // least score of a followed section
)

// node is a level-1 or level-2 section prepared for alignment.
type node struct {
	ref    SectionRef
	parent int   // index of the level-1 node above a level-2 node, or -1
	head   grams // bigrams of the normalised heading
	full   bag   // bigrams of the text with all children
	own    string
}

// prepare returns the level-1 and level-2 sections of r in document order.
// A section's text bag is the union of its own and its descendants' (each
// section's heading and own text), so that each text is read once.
func prepare(r corpus.Report) []node {
	secs := r.Sections
	own := make([]bag, len(secs))
	for i, s := range secs {
		own[i] = bagOf(s.Heading + "\n" + s.Text)
	}
	var nodes []node
	parent := -1
	for i, s := range secs {
		if s.Level != 1 && s.Level != 2 {
			continue
		}
		if s.Level == 1 {
			parent = len(nodes)
		}
		parts := []bag{own[i]}
		var text strings.Builder
		text.WriteString(s.Heading + "\n" + s.Text)
		ownOpen := true
		for k := i + 1; k < len(secs) && secs[k].Level > s.Level; k++ {
			parts = append(parts, own[k])
			if secs[k].Level <= 2 {
				ownOpen = false
			}
			if ownOpen {
				text.WriteString("\n" + secs[k].Heading + "\n" + secs[k].Text)
			}
		}
		n := node{
			ref:    SectionRef{ID: s.ID, Heading: s.Heading, Level: s.Level},
			parent: -1,
			head:   gramsOf(normHeading(s.Heading)),
			full:   merge(parts...),
			own:    text.String(),
		}
		if s.Level == 2 {
			n.parent = parent
		}
		nodes = append(nodes, n)
	}
	return nodes
}

// bags returns the text bags of nodes.
func bags(nodes []node) []bag {
	out := make([]bag, len(nodes))
	for i := range nodes {
		out[i] = nodes[i].full
	}
	return out
}

// similarity weighs the headings' bigram Dice and the texts' tf-idf
// cosine; with an empty heading on either side the text alone counts.
func similarity(a, b *node, text float64) float64 {
	if len(a.head) == 0 || len(b.head) == 0 {
		return text
	}
	return headingWeight*dice(a.head, b.head) + (1-headingWeight)*text
}

// candidate is a possible pair with its score.
type candidate struct {
	a, b  int
	sim   float64
	score float64 // sim with the parent bonus
}

// Compare aligns the level-1 and level-2 sections of a and b by what they
// are about, not by position, and lists what changed in each aligned pair.
//
// Every pair is scored (see Pair.Similarity). Level-1 pairs are assigned
// greedily, best first, above a threshold; then level-2 pairs, preferring
// those whose parents were aligned with each other (a pair whose parents
// were aligned elsewhere must be more alike); then sections left over at
// one level with those left at the other (a point promoted to a part, a
// part demoted to a point), whose parts are then aligned too: the part a
// point left was split, the part a part went into was merged (see
// addParents). A section of a whose text holds most of two or more
// otherwise unmatched sections of b was split: each part is paired with
// it, with SplitFrom set. Last, a section still unmatched is paired with
// the most similar taken one of the other report when they are as alike
// as strayThreshold asks (a split or merge the greedy one-to-one pass
// cannot make; see addSecondPartners). Sentences are aligned by their text
// with the figures taken out (LCS), the rest by similarity; years that
// move with the reports' years (2013年 in a 2013 report, 2014年 in the
// next) are not changes.
func Compare(a, b corpus.Report) Comparison {
	as, bs := prepare(a), prepare(b)
	ts := scoreBags(bags(as), bags(bs))
	matchA, matchB := unmatched(len(as)), unmatched(len(bs))
	var pairs []candidate
	assign := func(ok func(i, j int) bool, threshold float64) {
		var cands []candidate
		for i := range as {
			for j := range bs {
				if matchA[i] >= 0 || matchB[j] >= 0 || !ok(i, j) {
					continue
				}
				sim := similarity(&as[i], &bs[j], ts.cos[i][j])
				score, least := sim, threshold
				if pa, pb := as[i].parent, bs[j].parent; pa >= 0 && pb >= 0 {
					switch {
					case matchA[pa] == pb:
						score += parentBonus
					case matchA[pa] >= 0 || matchB[pb] >= 0:
						least = max(least, strayThreshold)
					}
				}
				if sim >= least {
					cands = append(cands, candidate{a: i, b: j, sim: sim, score: score})
				}
			}
		}
		slices.SortStableFunc(cands, func(x, y candidate) int { return cmp.Compare(y.score, x.score) })
		for _, c := range cands {
			if matchA[c.a] < 0 && matchB[c.b] < 0 {
				matchA[c.a], matchB[c.b] = c.b, c.a
				pairs = append(pairs, c)
			}
		}
	}
	for _, level := range []int{1, 2} {
		assign(func(i, j int) bool { return as[i].ref.Level == level && bs[j].ref.Level == level }, pairThreshold)
	}
	assign(func(i, j int) bool { return as[i].ref.Level != bs[j].ref.Level }, crossThreshold)
	splitFrom, mergedInto := map[int]bool{}, map[int]bool{}
	pairs = addParents(as, bs, ts, pairs, splitFrom, mergedInto)
	pairs = addSplits(as, bs, ts, matchA, matchB, pairs, splitFrom)
	pairs = addSecondPartners(as, bs, ts, matchA, matchB, pairs, splitFrom, mergedInto)

	delta := b.Year - a.Year
	if a.Year == 0 || b.Year == 0 {
		delta = 0
	}
	var out Comparison
	slices.SortStableFunc(pairs, func(x, y candidate) int { return cmp.Or(cmp.Compare(x.b, y.b), cmp.Compare(x.a, y.a)) })
	for _, c := range pairs {
		p := Pair{A: as[c.a].ref, B: bs[c.b].ref, Similarity: min(c.sim, 1),
			Changes: diffSentences(sentences(as[c.a].own), sentences(bs[c.b].own), delta)}
		if splitFrom[c.a] {
			p.SplitFrom = as[c.a].ref.ID
		}
		if mergedInto[c.b] {
			p.MergedInto = bs[c.b].ref.ID
		}
		out.Pairs = append(out.Pairs, p)
	}
	for i := range as {
		if matchA[i] < 0 && !splitFrom[i] {
			out.UnmatchedA = append(out.UnmatchedA, as[i].ref)
		}
	}
	for j := range bs {
		if matchB[j] < 0 {
			out.UnmatchedB = append(out.UnmatchedB, bs[j].ref)
		}
	}
	return out
}

// addParents aligns the parts that a pair across levels moves a point into
// or out of. A part of a that became a point of b (a level-1 section paired
// with a level-2 one) went into that point's part: the two parts are
// aligned too, and b's part, holding its own counterpart and this one, was
// merged from several (mergedInto). A point of a that became a part of b
// left its part, which is aligned with the new part too and was split
// (splitFrom). Only a pair sharing splitMinGrams bigrams or more moves a
// part: alike headings and a few words in common (依申请收费及减免 and
// 依申请公开) show no move. It returns pairs with the new ones.
func addParents(as, bs []node, ts textScores, pairs []candidate, splitFrom, mergedInto map[int]bool) []candidate {
	has := map[[2]int]bool{}
	for _, c := range pairs {
		has[[2]int{c.a, c.b}] = true
	}
	add := func(i, j int) bool {
		if i < 0 || j < 0 || has[[2]int{i, j}] {
			return false
		}
		has[[2]int{i, j}] = true
		pairs = append(pairs, candidate{a: i, b: j, sim: similarity(&as[i], &bs[j], ts.cos[i][j])})
		return true
	}
	for _, c := range slices.Clone(pairs) {
		if ts.shared[c.a][c.b] < splitMinGrams {
			continue
		}
		switch la, lb := as[c.a].ref.Level, bs[c.b].ref.Level; {
		case la == 1 && lb == 2:
			if add(c.a, bs[c.b].parent) {
				mergedInto[bs[c.b].parent] = true
			}
		case la == 2 && lb == 1:
			if add(as[c.a].parent, c.b) {
				splitFrom[as[c.a].parent] = true
			}
		}
	}
	return pairs
}

// addSecondPartners pairs each section left unmatched with the section of
// the other report, at its level, most like it, when that one was taken by
// another but the two are still as alike as pairs across taken parents must
// be (strayThreshold): a part of b so like a part of a that was split (its
// heading left alone when the text lost its body: 三、收到和处理…情况 and
// the 存在的主要问题 text run into it), or a part of a merged into one of b.
// It returns pairs with the new ones.
func addSecondPartners(as, bs []node, ts textScores, matchA, matchB []int, pairs []candidate, splitFrom, mergedInto map[int]bool) []candidate {
	type second struct {
		i, j  int
		split bool
	}
	var found []second
	for j := range bs {
		if matchB[j] >= 0 {
			continue
		}
		best, bestSim := -1, strayThreshold
		for i := range as {
			if as[i].ref.Level != bs[j].ref.Level || matchA[i] < 0 {
				continue
			}
			if sim := similarity(&as[i], &bs[j], ts.cos[i][j]); sim >= bestSim {
				best, bestSim = i, sim
			}
		}
		if best >= 0 {
			found = append(found, second{best, j, true})
		}
	}
	for i := range as {
		if matchA[i] >= 0 || splitFrom[i] {
			continue
		}
		best, bestSim := -1, strayThreshold
		for j := range bs {
			if as[i].ref.Level != bs[j].ref.Level || matchB[j] < 0 {
				continue
			}
			if sim := similarity(&as[i], &bs[j], ts.cos[i][j]); sim >= bestSim {
				best, bestSim = j, sim
			}
		}
		if best >= 0 {
			found = append(found, second{i, best, false})
		}
	}
	for _, f := range found {
		pairs = append(pairs, candidate{a: f.i, b: f.j, sim: similarity(&as[f.i], &bs[f.j], ts.cos[f.i][f.j])})
		if f.split {
			splitFrom[f.i] = true
			matchB[f.j] = f.i
		} else {
			mergedInto[f.j] = true
			matchA[f.i] = f.j
		}
	}
	return pairs
}

// unmatched returns n indexes set to -1.
func unmatched(n int) []int {
	m := make([]int, n)
	for i := range m {
		m[i] = -1
	}
	return m
}

// addSplits pairs each section of a that was split with its parts: the
// unmatched same-level sections of b (and its own partner, if it is one)
// of which it holds most bigrams, when there are two or more. It marks the
// split sections in splitFrom and returns pairs with the new ones.
func addSplits(as, bs []node, ts textScores, matchA, matchB []int, pairs []candidate, splitFrom map[int]bool) []candidate {
	isPart := func(i, j int) bool {
		nb := len(bs[j].full.keys)
		return as[i].ref.Level == bs[j].ref.Level && nb >= splitMinGrams && nb*splitMinShare >= len(as[i].full.keys) &&
			float64(ts.shared[i][j]) >= splitContain*float64(nb)
	}
	parts := map[int][]int{}
	for j := range bs {
		if matchB[j] >= 0 {
			continue
		}
		best, bestShare := -1, 0
		for i := range as {
			if isPart(i, j) && ts.shared[i][j] > bestShare {
				best, bestShare = i, ts.shared[i][j]
			}
		}
		if best >= 0 {
			parts[best] = append(parts[best], j)
		}
	}
	for i := range as {
		js := parts[i]
		n := len(js)
		if matchA[i] >= 0 && isPart(i, matchA[i]) {
			n++
		}
		if n < 2 {
			continue
		}
		splitFrom[i] = true
		for _, j := range js {
			matchB[j] = i
			pairs = append(pairs, candidate{a: i, b: j, sim: similarity(&as[i], &bs[j], ts.cos[i][j])})
		}
	}
	return pairs
}

// FollowPoint is where a followed section stands in one report.
type FollowPoint struct {
	// Year and Title are the report's.
	Year  int
	Title string
	// Section is the best-matching section, nil when none is similar enough.
	Section *SectionRef
	// Score is how well it matches, 0..1.
	Score float64
}

// Follow follows one section across the reports of a series, in the order
// given: in each report, the level-1 or level-2 section whose heading is
// most like heading (years and digits aside), or most like the section
// matched in the latest report before it that had one. A report with no
// section scoring at least 0.4 has a nil Section.
func Follow(reports []corpus.Report, heading string) []FollowPoint {
	query := gramsOf(normHeading(heading))
	var prev *node
	out := make([]FollowPoint, 0, len(reports))
	for _, r := range reports {
		fp := FollowPoint{Year: r.Year, Title: r.Title}
		nodes := prepare(r)
		var ts textScores
		if prev != nil {
			ts = scoreBags([]bag{prev.full}, bags(nodes))
		}
		best := -1
		for k := range nodes {
			score := dice(query, nodes[k].head)
			if prev != nil {
				score = max(score, similarity(prev, &nodes[k], ts.cos[0][k]))
			}
			if score >= followMinScore && score > fp.Score {
				best, fp.Score = k, score
			}
		}
		if best >= 0 {
			ref := nodes[best].ref
			fp.Section = &ref
			prev = &nodes[best]
		}
		out = append(out, fp)
	}
	return out
}
