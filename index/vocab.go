package index

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Vocabulary is an in-memory copy of an index's words, for the lookups
// that suggestions and corrections need: whether a word is indexed and
// which Chinese words start with a string.
type Vocabulary struct {
	all map[string]struct{}
	han []string // sorted Chinese words
}

// NewVocabulary makes a vocabulary of words; it keeps the map.
func NewVocabulary(words map[string]struct{}) *Vocabulary {
	v := &Vocabulary{all: words}
	for t := range words {
		if r, _ := utf8.DecodeRuneInString(t); r >= 0x2E80 && unicode.Is(unicode.Han, r) {
			v.han = append(v.han, t)
		}
	}
	slices.Sort(v.han)
	return v
}

// Len is the number of distinct words.
func (v *Vocabulary) Len() int { return len(v.all) }

// Has reports whether a word is indexed.
func (v *Vocabulary) Has(word string) bool {
	_, ok := v.all[word]
	return ok
}

// WithPrefix returns the Chinese words that start with p (p itself included).
func (v *Vocabulary) WithPrefix(p string) []string {
	i := sort.SearchStrings(v.han, p)
	var out []string
	for ; i < len(v.han) && strings.HasPrefix(v.han[i], p); i++ {
		out = append(out, v.han[i])
	}
	return out
}
