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
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i, s := range a {
		ka[i] = sentenceKey(s)
	}
	for j, s := range b {
		kb[j] = sentenceKey(s)
	}
	var out []Change
	ai, bj := 0, 0
	for _, m := range lcs(ka, kb) {
		out = append(out, gapChanges(a[ai:m[0]], b[bj:m[1]], delta)...)
		if nums := numberChanges(a[m[0]], b[m[1]], delta); len(nums) > 0 {
			out = append(out, Change{Kind: Changed, A: a[m[0]], B: b[m[1]], Numbers: nums})
		}
		ai, bj = m[0]+1, m[1]+1
	}
	return append(out, gapChanges(a[ai:], b[bj:], delta)...)
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

// gapChanges aligns the sentences between two anchors: the in-order
// pairing of similar-enough sentences (bigram Dice ≥ sentenceMinSim) with
// the largest total similarity, so that a heading pair that is merely
// alike does not block a better pair after it; unpaired ones were removed
// or added.
func gapChanges(a, b []string, delta int) []Change {
	var out []Change
	if len(a)*len(b) > maxGapCells || len(a) == 0 || len(b) == 0 {
		for _, s := range a {
			out = append(out, Change{Kind: Removed, A: s})
		}
		for _, s := range b {
			out = append(out, Change{Kind: Added, B: s})
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
			out = append(out, Change{Kind: Changed, A: a[i], B: b[j], Numbers: numberChanges(a[i], b[j], delta)})
			i++
			j++
		case at(i, j) == at(i+1, j):
			out = append(out, Change{Kind: Removed, A: a[i]})
			i++
		default:
			out = append(out, Change{Kind: Added, B: b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, Change{Kind: Removed, A: a[i]})
	}
	for ; j < m; j++ {
		out = append(out, Change{Kind: Added, B: b[j]})
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
