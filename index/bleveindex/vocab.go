package bleveindex

import (
	"fmt"

	"github.com/lantai/lantai/index"
)

// Vocabulary implements index.Index: the words jieba cut out of titles and
// texts, read again from the index when writes have happened since.
func (ix *Index) Vocabulary() (*index.Vocabulary, error) {
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
	ix.vocab = index.NewVocabulary(terms)
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
