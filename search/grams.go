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

// Gram filter parameters: 10 bits per window, 4 of them set in one 64-bit
// word, give about 2% false positives.
const (
	gramRunes         = 3
	pairRunes         = 2
	charRunes         = 1
	gramBitsPerWindow = 10
	gramProbes        = 4
)

// gramFilter is a Bloom filter of the pairRunes- and gramRunes-character
// windows of some texts, and of their characters in a section's filter;
// an empty one holds nothing.
type gramFilter []uint64

// newGramFilter is the filter of the two- and three-character windows of
// texts, sized for them.
func newGramFilter(texts ...string) gramFilter {
	runes := 0
	for _, t := range texts {
		runes += utf8.RuneCountInString(t)
	}
	f := make(gramFilter, gramFilterWords(runes, 2))
	for _, t := range texts {
		f.addText(t, false)
	}
	return f
}

// gramFilterWords is the number of 64-bit words of a filter sized for
// texts of runes characters in all, each adding sizes windows; 0 for none.
func gramFilterWords(runes, sizes int) int {
	return (runes*sizes*gramBitsPerWindow + 63) / 64
}

// addText adds the two- and three-character windows of s to a filter that
// is not empty, and its characters when chars is set.
func (f gramFilter) addText(s string, chars bool) {
	eachWindow(s, gramRunes, f.add)
	eachWindow(s, pairRunes, f.add)
	if chars {
		eachWindow(s, charRunes, f.add)
	}
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

// slot is where a hash stands in a filter of words 64-bit words: one
// word, and the gramProbes bits of it that are set (a register-blocked
// Bloom filter: one memory access per window, where probes spread over
// the filter would each miss the cache). The word comes from the hash's
// high bits (by multiplication), the bits from its low ones.
func slot(hash uint64, words int) (word int, mask uint64) {
	w, _ := bits.Mul64(hash, uint64(words))
	for i := range gramProbes {
		mask |= 1 << (hash >> (6 * i) & 63)
	}
	return int(w), mask
}

func (f gramFilter) add(hash uint64) {
	w, mask := slot(hash, len(f))
	f[w] |= mask
}

// mayHold reports whether every window of a pattern (windowHashes) may be
// in the filter: false means the texts do not contain the pattern.
func (f gramFilter) mayHold(windowHashes []uint64) bool {
	if len(windowHashes) == 0 {
		return true
	}
	if len(f) == 0 {
		return false
	}
	for _, h := range windowHashes {
		w, mask := slot(h, len(f))
		if f[w]&mask != mask {
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

// sectionWindowHashes are the hashes of the windows a section's filter
// is asked for: windowHashes, or for a pattern of one character, the
// character itself.
func sectionWindowHashes(pattern string) []uint64 {
	if utf8.RuneCountInString(pattern) == 1 {
		return []uint64{windowHash(pattern)}
	}
	return windowHashes(pattern)
}

// size is the filter's size in bytes.
func (f gramFilter) size() int { return len(f) * 8 }
