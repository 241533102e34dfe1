package indexer

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Vocabulary is an in-memory copy of the indexed terms of the text fields,
// with the lookups the query planner needs to find a string that jieba cut
// differently in different places: terms with a given prefix, with a given
// suffix, or containing a string.
type Vocabulary struct {
	all      map[string]struct{}
	han      []string // sorted Chinese terms
	reversed []string // sorted, each a Chinese term with its runes reversed
	byRune   map[rune][]int32
	edges    bool
	maxRunes int
}

// MaxRunes is the length in characters of the longest Chinese term: no
// piece of a query longer than that can be (part of) one indexed word.
func (v *Vocabulary) MaxRunes() int { return v.maxRunes }

// Len is the number of distinct terms.
func (v *Vocabulary) Len() int { return len(v.all) }

// Has reports whether term is indexed.
func (v *Vocabulary) Has(term string) bool {
	_, ok := v.all[term]
	return ok
}

// WithPrefix returns the Chinese terms that start with p (p itself included).
func (v *Vocabulary) WithPrefix(p string) []string {
	i := sort.SearchStrings(v.han, p)
	var out []string
	for ; i < len(v.han) && strings.HasPrefix(v.han[i], p); i++ {
		out = append(out, v.han[i])
	}
	return out
}

// WithSuffix returns the Chinese terms that end with s (s itself included).
func (v *Vocabulary) WithSuffix(s string) []string {
	rs := reverse(s)
	i := sort.SearchStrings(v.reversed, rs)
	var out []string
	for ; i < len(v.reversed) && strings.HasPrefix(v.reversed[i], rs); i++ {
		out = append(out, reverse(v.reversed[i]))
	}
	return out
}

// HasEdges reports whether the field was indexed with edge markers.
func (v *Vocabulary) HasEdges() bool { return v.edges }

// Containing returns the Chinese terms that contain s.
func (v *Vocabulary) Containing(s string) []string {
	var best []int32
	first := true
	for _, r := range s {
		list := v.byRune[r]
		if first || len(list) < len(best) {
			best, first = list, false
		}
	}
	var out []string
	for _, i := range best {
		if t := v.han[i]; strings.Contains(t, s) {
			out = append(out, t)
		}
	}
	return out
}

func reverse(s string) string {
	b := make([]byte, 0, len(s))
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		b = utf8.AppendRune(b, r)
		s = s[:len(s)-size]
	}
	return string(b)
}

func newVocabulary(terms map[string]struct{}) *Vocabulary {
	v := &Vocabulary{all: terms, byRune: make(map[rune][]int32)}
	for t := range terms {
		if r, _ := utf8.DecodeRuneInString(t); isHanRune(r) {
			v.han = append(v.han, t)
		} else if strings.HasPrefix(t, StartsWith) || strings.HasPrefix(t, EndsWith) {
			v.edges = true
		}
	}
	slices.Sort(v.han)
	v.reversed = make([]string, len(v.han))
	for i, t := range v.han {
		v.reversed[i] = reverse(t)
		v.maxRunes = max(v.maxRunes, utf8.RuneCountInString(t))
		seen := rune(-1)
		for _, r := range t {
			if r != seen {
				v.byRune[r] = append(v.byRune[r], int32(i))
				seen = r
			}
		}
	}
	slices.Sort(v.reversed)
	return v
}

// Vocabulary returns the current vocabulary of a text field, reading it
// again from the index when writes have happened since it was last read.
func (ix *Index) Vocabulary(field string) (*Vocabulary, error) {
	ix.vocabMu.Lock()
	defer ix.vocabMu.Unlock()
	if v, ok := ix.vocab[field]; ok {
		return v, nil
	}
	d, err := ix.bleve.FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("reading vocabulary of %s: %w", field, err)
	}
	defer d.Close()
	terms := make(map[string]struct{}, 1<<14)
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("reading vocabulary of %s: %w", field, err)
		}
		if e == nil {
			break
		}
		terms[e.Term] = struct{}{}
	}
	v := newVocabulary(terms)
	ix.vocab[field] = v
	return v, nil
}

// EndingIn returns the terms that can stand for an indexed word ending
// with p: the words with that suffix, or, for one character in a field with
// edge markers, the character itself and its EndsWith marker.
func (v *Vocabulary) EndingIn(p string) []string {
	if v.edges && utf8.RuneCountInString(p) == 1 {
		return v.present(p, EndsWith+p)
	}
	return v.WithSuffix(p)
}

// StartingWith is EndingIn for a word starting with p.
func (v *Vocabulary) StartingWith(p string) []string {
	if v.edges && utf8.RuneCountInString(p) == 1 {
		return v.present(p, StartsWith+p)
	}
	return v.WithPrefix(p)
}

// Within returns the terms that can stand for an indexed word containing
// p; for one character in a field with edge markers, the character, its
// two markers and the words that have it inside (neither first nor last).
func (v *Vocabulary) Within(p string) []string {
	if !v.edges || utf8.RuneCountInString(p) != 1 {
		return v.Containing(p)
	}
	out := v.present(p, StartsWith+p, EndsWith+p)
	c, _ := utf8.DecodeRuneInString(p)
	for _, i := range v.byRune[c] {
		t := v.han[i]
		_, first := utf8.DecodeRuneInString(t)
		_, last := utf8.DecodeLastRuneInString(t)
		if len(t) > first+last && strings.Contains(t[first:len(t)-last], p) {
			out = append(out, t)
		}
	}
	return out
}

// present returns those of terms that are indexed.
func (v *Vocabulary) present(terms ...string) []string {
	out := terms[:0]
	for _, t := range terms {
		if v.Has(t) {
			out = append(out, t)
		}
	}
	return out
}
