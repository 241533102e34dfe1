package bleveindex

import (
	"math/bits"
	"slices"
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
// MatchForm), and a literal can stand in the report only if every
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
// windows of some texts; an empty one holds nothing.
type gramFilter []uint64

// newGramFilter is the filter of the two- and three-character windows of
// texts, sized for runes characters (at least one word when any text is
// not empty, so that a filter never holds less than its texts).
func newGramFilter(runes int, texts ...string) gramFilter {
	words := gramFilterWords(runes, 2)
	if words == 0 && slices.ContainsFunc(texts, func(t string) bool { return t != "" }) {
		words = 1
	}
	f := make(gramFilter, words)
	if words > 0 {
		for _, t := range texts {
			f.addText(t)
		}
	}
	return f
}

// gramFilterWords is the number of 64-bit words of a filter sized for
// texts of runes characters in all, each adding sizes windows; 0 for none.
func gramFilterWords(runes, sizes int) int {
	return (runes*sizes*gramBitsPerWindow + 63) / 64
}

// addText adds the two- and three-character windows of s to a filter that
// is not empty.
func (f gramFilter) addText(s string) {
	eachWindow(s, gramRunes, f.add)
	eachWindow(s, pairRunes, f.add)
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

// sectionGrams are the gram filters of a report's sections, each holding
// its section's heading and text with their characters, laid out so that
// asking every section of a report about a window reads a few cache lines
// instead of one per section (a random read each: the cost of a literal's
// first search in the sections scope). Sections are grouped by the size of
// their filter, a power of two of words; in a group the filters are
// interleaved word by word, so that the word a window selects in each of
// the group's filters is one run of memory.
type sectionGrams struct {
	groups []gramGroup
	// at locates each section's filter: its group and column.
	at []gramColumn
}

// gramGroup is a group of sectionGrams: the filters of its sections (one
// column each), words words long.
type gramGroup struct {
	words    int
	sections []int
	bits     []uint64 // word w of column c at w*len(sections)+c
}

// gramColumn is where a section's filter stands in sectionGrams.
type gramColumn struct{ group, column int }

// newSectionGrams builds the filters of sections given as (heading, text)
// pairs in MatchForm.
func newSectionGrams(sections [][2]string) sectionGrams {
	g := sectionGrams{at: make([]gramColumn, len(sections))}
	byWords := map[int]int{}
	for i, s := range sections {
		words := gramFilterWords(utf8.RuneCountInString(s[0])+utf8.RuneCountInString(s[1]), 3)
		if words > 0 {
			words = 1 << bits.Len(uint(words-1))
		}
		gi, ok := byWords[words]
		if !ok {
			gi = len(g.groups)
			byWords[words] = gi
			g.groups = append(g.groups, gramGroup{words: words})
		}
		g.at[i] = gramColumn{group: gi, column: len(g.groups[gi].sections)}
		g.groups[gi].sections = append(g.groups[gi].sections, i)
	}
	for gi := range g.groups {
		grp := &g.groups[gi]
		grp.bits = make([]uint64, grp.words*len(grp.sections))
		for c, i := range grp.sections {
			for _, text := range sections[i] {
				add := func(hash uint64) {
					w, mask := slot(hash, grp.words)
					grp.bits[w*len(grp.sections)+c] |= mask
				}
				eachWindow(text, gramRunes, add)
				eachWindow(text, pairRunes, add)
				eachWindow(text, charRunes, add)
			}
		}
	}
	return g
}

// mayHold reports whether a section's filter may hold every window of a
// pattern (sectionWindowHashes): false means the section's heading and
// text do not contain the pattern.
func (g *sectionGrams) mayHold(section int, windows []uint64) bool {
	at := g.at[section]
	return g.groups[at.group].mayHold(at.column, windows)
}

// mayHold is sectionGrams.mayHold for the filter of a column.
func (grp *gramGroup) mayHold(column int, windows []uint64) bool {
	if len(windows) == 0 {
		return true
	}
	if grp.words == 0 {
		return false
	}
	for _, h := range windows {
		w, mask := slot(h, grp.words)
		if grp.bits[w*len(grp.sections)+column]&mask != mask {
			return false
		}
	}
	return true
}

// each calls fn with every section whose filter may hold every window.
func (g *sectionGrams) each(windows []uint64, fn func(section int)) {
	for gi := range g.groups {
		grp := &g.groups[gi]
		for c, section := range grp.sections {
			if grp.mayHold(c, windows) {
				fn(section)
			}
		}
	}
}

// size is the filters' size in bytes.
func (g *sectionGrams) size() int {
	n := len(g.at) * 16
	for _, grp := range g.groups {
		n += len(grp.bits)*8 + len(grp.sections)*8 + 48
	}
	return n
}
