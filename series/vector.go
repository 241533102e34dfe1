package series

import (
	"math"
	"slices"
	"unicode"
)

// bag is the character bigrams of a text (letters only) with their
// counts, sorted by bigram.
type bag struct {
	keys   []uint64
	counts []int32
}

// bagOf returns the bigram bag of the letters of s.
func bagOf(s string) bag {
	var prev rune
	var all []uint64
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		if prev != 0 {
			all = append(all, uint64(prev)<<32|uint64(r))
		}
		prev = r
	}
	slices.Sort(all)
	var b bag
	for i, k := range all {
		if i > 0 && all[i-1] == k {
			b.counts[len(b.counts)-1]++
			continue
		}
		b.keys = append(b.keys, k)
		b.counts = append(b.counts, 1)
	}
	return b
}

// merge returns the union of bags, counts added, merging halves so that
// each bigram is copied about log(len(bags)) times.
func merge(bags ...bag) bag {
	switch len(bags) {
	case 0:
		return bag{}
	case 1:
		return bags[0]
	}
	a, b := merge(bags[:len(bags)/2]...), merge(bags[len(bags)/2:]...)
	var m bag
	i, j := 0, 0
	for i < len(a.keys) || j < len(b.keys) {
		switch {
		case j == len(b.keys) || (i < len(a.keys) && a.keys[i] < b.keys[j]):
			m.keys, m.counts = append(m.keys, a.keys[i]), append(m.counts, a.counts[i])
			i++
		case i == len(a.keys) || b.keys[j] < a.keys[i]:
			m.keys, m.counts = append(m.keys, b.keys[j]), append(m.counts, b.counts[j])
			j++
		default:
			m.keys, m.counts = append(m.keys, a.keys[i]), append(m.counts, a.counts[i]+b.counts[j])
			i++
			j++
		}
	}
	return m
}

// posting is one bag holding a bigram, with the bigram's weight there.
type posting struct {
	bag int32
	w   float32
}

// textScores holds, for each pair of a bag of as and a bag of bs, the
// cosine of their tf-idf vectors and the number of bigrams they share.
type textScores struct {
	cos    [][]float64
	shared [][]int
}

// scoreBags compares every bag of as with every bag of bs. A bigram's
// weight is (1+ln count)·ln(1+N/df) over the N bags of both sides, so
// that the bigrams every section uses (发展, 建设) count little; the
// products are summed through an index of bs's bigrams.
func scoreBags(as, bs []bag) textScores {
	df := map[uint64]float64{}
	for _, side := range [][]bag{as, bs} {
		for _, b := range side {
			for _, k := range b.keys {
				df[k]++
			}
		}
	}
	n := float64(len(as) + len(bs))
	for k, d := range df {
		df[k] = math.Log(1 + n/d) // now the idf
	}
	weigh := func(b bag) ([]float32, float64) {
		w := make([]float32, len(b.keys))
		norm := 0.0
		for i, k := range b.keys {
			x := df[k]
			if c := b.counts[i]; c > 1 {
				x *= 1 + math.Log(float64(c))
			}
			w[i] = float32(x)
			norm += x * x
		}
		return w, math.Sqrt(norm)
	}
	index := map[uint64][]posting{}
	normB := make([]float64, len(bs))
	for j, b := range bs {
		w, norm := weigh(b)
		normB[j] = norm
		for i, k := range b.keys {
			index[k] = append(index[k], posting{int32(j), w[i]})
		}
	}
	s := textScores{cos: make([][]float64, len(as)), shared: make([][]int, len(as))}
	for i, a := range as {
		w, normA := weigh(a)
		dot := make([]float64, len(bs))
		shared := make([]int, len(bs))
		for x, k := range a.keys {
			for _, p := range index[k] {
				dot[p.bag] += float64(w[x]) * float64(p.w)
				shared[p.bag]++
			}
		}
		for j := range dot {
			if normA > 0 && normB[j] > 0 {
				dot[j] /= normA * normB[j]
			}
		}
		s.cos[i], s.shared[i] = dot, shared
	}
	return s
}
