package indexer

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Vocabulary is an in-memory copy of the indexed terms of fields, for the
// lookups that suggestions and corrections need: whether a term is indexed
// and which Chinese terms start with a string.
type Vocabulary struct {
	all map[string]struct{}
	han []string // sorted Chinese terms
}

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

func newVocabulary(terms map[string]struct{}) *Vocabulary {
	v := &Vocabulary{all: terms}
	for t := range terms {
		if r, _ := utf8.DecodeRuneInString(t); isHanRune(r) {
			v.han = append(v.han, t)
		}
	}
	slices.Sort(v.han)
	return v
}

// WordVocabulary returns the current vocabulary of the word fields: the
// words jieba cut out of titles and texts. It is read again from the index
// when writes have happened since it was last read.
func (ix *Index) WordVocabulary() (*Vocabulary, error) {
	ix.vocabMu.Lock()
	defer ix.vocabMu.Unlock()
	if ix.vocab != nil {
		return ix.vocab, nil
	}
	terms := make(map[string]struct{}, 1<<14)
	for _, field := range []string{FieldTitleWords, FieldTextWords} {
		if err := ix.readTerms(field, terms); err != nil {
			return nil, err
		}
	}
	ix.vocab = newVocabulary(terms)
	return ix.vocab, nil
}

// readTerms adds the terms of a field to terms.
func (ix *Index) readTerms(field string, terms map[string]struct{}) error {
	d, err := ix.bleve.FieldDict(field)
	if err != nil {
		return fmt.Errorf("reading vocabulary of %s: %w", field, err)
	}
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil {
			return fmt.Errorf("reading vocabulary of %s: %w", field, err)
		}
		if e == nil {
			return nil
		}
		terms[e.Term] = struct{}{}
	}
}
