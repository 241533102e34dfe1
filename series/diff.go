package series

import (
	"strconv"
	"strings"
)

// Sentence alignment bounds.
const (
	maxLCSCells    = 1 << 20 // largest LCS table; beyond it matching is greedy
	maxGapCells    = 1 << 14 // largest gap compared pairwise by similarity
	sentenceMinSim = 0.5     // least bigram Dice of two sentences taken as one changed
)

// diffSentences aligns the sentences of a and b and returns the changes,
// in the order of b. Sentences equal once their figures are taken out are
// aligned first (LCS); between two such anchors, sentences are paired in
// order by similarity; the rest were removed or added. delta is how many
// years b is after a (0 when unknown).
func diffSentences(a, b []string, delta int) []Change {
	var out []Change
	for _, st := range alignSentences(a, b) {
		if c, ok := changeOf(a, b, st, delta); ok {
			out = append(out, c)
		}
	}
	return out
}

// step is one step of an alignment of two lists of sentences: i and j
// index a sentence of each, -1 on the side that has none (removed,
// added). anchor marks a pair equal once figures are taken out.
type step struct {
	i, j   int
	anchor bool
}

// alignSentences aligns a and b, every sentence of each in exactly one
// step, in the order of both: the anchors of the LCS of their keys, and
// between them the pairs gapSteps finds.
func alignSentences(a, b []string) []step {
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i, s := range a {
		ka[i] = sentenceKey(s)
	}
	for j, s := range b {
		kb[j] = sentenceKey(s)
	}
	var out []step
	ai, bj := 0, 0
	for _, m := range lcs(ka, kb) {
		out = append(out, gapSteps(a[ai:m[0]], b[bj:m[1]], ai, bj)...)
		out = append(out, step{i: m[0], j: m[1], anchor: true})
		ai, bj = m[0]+1, m[1]+1
	}
	return append(out, gapSteps(a[ai:], b[bj:], ai, bj)...)
}

// changeOf is the change a step makes, if any: an anchor is a change only
// when its figures differ (a year moved by delta does not).
func changeOf(a, b []string, st step, delta int) (Change, bool) {
	switch {
	case st.j < 0:
		return Change{Kind: Removed, A: a[st.i]}, true
	case st.i < 0:
		return Change{Kind: Added, B: b[st.j]}, true
	}
	nums := numberChanges(a[st.i], b[st.j], delta)
	if st.anchor && len(nums) == 0 {
		return Change{}, false
	}
	return Change{Kind: Changed, A: a[st.i], B: b[st.j], Numbers: nums}, true
}

// lcs returns the index pairs of a longest common subsequence of a and b;
// when the table would exceed maxLCSCells, a greedy in-order matching.
func lcs(a, b []string) [][2]int {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out [][2]int
	for i := range pre {
		out = append(out, [2]int{i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	var mid [][2]int
	if len(ma)*len(mb) <= maxLCSCells {
		mid = lcsTable(ma, mb)
	} else {
		mid = greedyMatch(ma, mb)
	}
	for _, m := range mid {
		out = append(out, [2]int{m[0] + pre, m[1] + pre})
	}
	for k := range suf {
		out = append(out, [2]int{len(a) - suf + k, len(b) - suf + k})
	}
	return out
}

// lcsTable is the dynamic-programming LCS of a and b.
func lcsTable(a, b []string) [][2]int {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil
	}
	t := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int32 { return t[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(at(i+1, j), at(i, j+1))
			if a[i] == b[j] {
				v = at(i+1, j+1) + 1
			}
			t[i*(m+1)+j] = v
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out = append(out, [2]int{i, j})
			i++
			j++
		case at(i+1, j) >= at(i, j+1):
			i++
		default:
			j++
		}
	}
	return out
}

// greedyMatch matches each sentence of a to the first equal one of b after
// the previous match.
func greedyMatch(a, b []string) [][2]int {
	pos := map[string][]int{}
	for j, s := range b {
		pos[s] = append(pos[s], j)
	}
	var out [][2]int
	last := -1
	for i, s := range a {
		for _, j := range pos[s] {
			if j > last {
				out = append(out, [2]int{i, j})
				last = j
				break
			}
		}
	}
	return out
}

// gapSteps aligns the sentences between two anchors: the in-order
// pairing of similar-enough sentences (bigram Dice ≥ sentenceMinSim) with
// the largest total similarity, so that a heading pair that is merely
// alike does not block a better pair after it; unpaired ones were removed
// or added. offA and offB are where a and b start in the whole lists.
func gapSteps(a, b []string, offA, offB int) []step {
	var out []step
	if len(a)*len(b) > maxGapCells || len(a) == 0 || len(b) == 0 {
		for i := range a {
			out = append(out, step{i: offA + i, j: -1})
		}
		for j := range b {
			out = append(out, step{i: -1, j: offB + j})
		}
		return out
	}
	n, m := len(a), len(b)
	ga, gb := make([]grams, n), make([]grams, m)
	for i, s := range a {
		ga[i] = gramsOf(s)
	}
	for j, s := range b {
		gb[j] = gramsOf(s)
	}
	sim := make([]float64, n*m)
	for i := range n {
		for j := range m {
			if d := dice(ga[i], gb[j]); d >= sentenceMinSim {
				sim[i*m+j] = d
			}
		}
	}
	// best[i][j] is the largest total similarity of a[i:] and b[j:].
	best := make([]float64, (n+1)*(m+1))
	at := func(i, j int) float64 { return best[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(at(i+1, j), at(i, j+1))
			if s := sim[i*m+j]; s > 0 {
				v = max(v, s+at(i+1, j+1))
			}
			best[i*(m+1)+j] = v
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch s := sim[i*m+j]; {
		case s > 0 && at(i, j) == s+at(i+1, j+1):
			out = append(out, step{i: offA + i, j: offB + j})
			i++
			j++
		case at(i, j) == at(i+1, j):
			out = append(out, step{i: offA + i, j: -1})
			i++
		default:
			out = append(out, step{i: -1, j: offB + j})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, step{i: offA + i, j: -1})
	}
	for ; j < m; j++ {
		out = append(out, step{i: -1, j: offB + j})
	}
	return out
}

// numberChanges lists the figures that differ between two aligned
// sentences. When both have as many figures, they are compared place by
// place; otherwise the figures of one not in the other are paired in
// order. A year moved by exactly delta is no change.
func numberChanges(a, b string, delta int) []NumberChange {
	na, nb := numbers(a), numbers(b)
	var out []NumberChange
	if len(na) == len(nb) {
		for i := range na {
			if na[i] != nb[i] && !yearShift(na[i], nb[i], delta) {
				out = append(out, NumberChange{A: na[i], B: nb[i]})
			}
		}
		return out
	}
	onlyA, onlyB := without(na, nb), without(nb, na)
	for i := range max(len(onlyA), len(onlyB)) {
		var c NumberChange
		if i < len(onlyA) {
			c.A = onlyA[i]
		}
		if i < len(onlyB) {
			c.B = onlyB[i]
		}
		if !yearShift(c.A, c.B, delta) {
			out = append(out, c)
		}
	}
	return out
}

// without returns the items of xs not matched by an item of ys (as
// multisets), in order.
func without(xs, ys []string) []string {
	left := map[string]int{}
	for _, y := range ys {
		left[y]++
	}
	var out []string
	for _, x := range xs {
		if left[x] > 0 {
			left[x]--
			continue
		}
		out = append(out, x)
	}
	return out
}

// yearShift reports two years (2013年, 2014年度) delta apart.
func yearShift(a, b string, delta int) bool {
	ya, okA := yearValue(a)
	yb, okB := yearValue(b)
	return delta != 0 && okA && okB && yb-ya == delta
}

// yearValue reads a figure written as a year: four digits 1900–2099 and 年
// or 年度 (or nothing).
func yearValue(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "度"), "年")
	if len(s) != 4 || !isYearDigits(s) {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil
}
