package search

import (
	"math/bits"
	"unicode/utf8"
)

// The literal set fields hold characters and buckets of bigrams, so a
// document holding the buckets of every bigram of 依法行政 (依法, 法行, 行政)
// is a candidate even when it never says 依法行政: in a corpus of laws and
// government reports most documents do, and a bucket also stands for the
// other bigrams that share it, so a document without 通办 may hold its
// bucket. Confirming a literal meant scanning the whole text of every such
// candidate. A gram filter answers first, in memory and without scanning,
// whether a report can contain the literal: it is a Bloom filter of the
// report's two- and three-character windows (of the match texts,
// indexer.MatchForm), and a literal can stand in the report only if every
// three-character window of it is there (a literal of two characters: its
// one two-character window).

// Gram filter parameters: 10 bits and 4 probes per window give about 1%
// false positives; the real corpus's filters take 45 MB.
const (
	gramRunes         = 3
	pairRunes         = 2
	gramBitsPerWindow = 10
	gramProbes        = 4
)

// gramFilter is a Bloom filter of the pairRunes- and gramRunes-character
// windows of some texts; nil holds nothing.
type gramFilter []uint64

// newGramFilter is the filter of the windows of texts.
func newGramFilter(texts ...string) gramFilter {
	windows := 0
	for _, t := range texts {
		windows += utf8.RuneCountInString(t)
	}
	if windows == 0 {
		return nil
	}
	windows *= 2
	f := make(gramFilter, (windows*gramBitsPerWindow+63)/64)
	for _, t := range texts {
		eachWindow(t, gramRunes, f.add)
		eachWindow(t, pairRunes, f.add)
	}
	return f
}

// eachWindow calls fn with the hash of every window of size characters
// (at most gramRunes) of s, in order.
func eachWindow(s string, size int, fn func(hash uint64)) {
	var starts [gramRunes + 1]int
	n := 0
	for i := 0; i <= len(s); {
		starts[n%len(starts)] = i
		n++
		if n > size {
			fn(windowHash(s[starts[(n-1-size)%len(starts)]:i]))
		}
		if i == len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
}

// windowHash is FNV-1a, mixed so that its two halves probe independently.
func windowHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// probes calls fn with the bit positions of a hash in a filter of m bits.
func probes(hash, m uint64, fn func(bit uint64) bool) bool {
	h1, h2 := hash, hash>>32|1
	for i := range uint64(gramProbes) {
		bit, _ := bits.Mul64(h1+i*h2, m)
		if !fn(bit) {
			return false
		}
	}
	return true
}

func (f gramFilter) add(hash uint64) {
	probes(hash, uint64(len(f))*64, func(bit uint64) bool {
		f[bit/64] |= 1 << (bit % 64)
		return true
	})
}

// mayHold reports whether every window of a pattern (windowHashes) may be
// in the filter: false means the texts do not contain the pattern.
func (f gramFilter) mayHold(windowHashes []uint64) bool {
	if len(windowHashes) == 0 {
		return true
	}
	if f == nil {
		return false
	}
	m := uint64(len(f)) * 64
	for _, h := range windowHashes {
		if !probes(h, m, func(bit uint64) bool { return f[bit/64]&(1<<(bit%64)) != 0 }) {
			return false
		}
	}
	return true
}

// windowHashes are the hashes of a pattern's windows: its
// three-character windows, or the one two-character window of a pattern
// of two; none for one character.
func windowHashes(pattern string) []uint64 {
	var out []uint64
	size := gramRunes
	if utf8.RuneCountInString(pattern) < gramRunes {
		size = pairRunes
	}
	eachWindow(pattern, size, func(h uint64) { out = append(out, h) })
	return out
}

// size is the filter's size in bytes.
func (f gramFilter) size() int { return len(f) * 8 }
