package bleveindex

import (
	"fmt"
	"time"

	"github.com/lantai/lantai/index"
)

// vocabReloadEvery is the shortest time between two reloads of the
// vocabulary after writes: reading every word of the index takes a tenth
// of a second or more, and uploads can come every half second.
const vocabReloadEvery = 5 * time.Second

// Vocabulary implements index.Index: the words jieba cut out of titles and
// texts. The first call reads them; after writes the vocabulary read
// before them keeps serving while one background reload (at most one per
// vocabReloadEvery) reads the new one, so no search waits for a reload.
func (ix *Index) Vocabulary() (*index.Vocabulary, error) {
	ix.vocabMu.Lock()
	defer ix.vocabMu.Unlock()
	if ix.vocab == nil {
		v, err := ix.readVocabulary()
		if err != nil {
			return nil, err
		}
		ix.vocab, ix.vocabOf, ix.vocabLoaded = v, ix.vocabWrites, time.Now()
		return v, nil
	}
	if ix.vocabOf != ix.vocabWrites && !ix.vocabLoading {
		ix.vocabLoading = true
		go ix.reloadVocabulary()
	}
	return ix.vocab, nil
}

// reloadVocabulary reads the vocabulary again, no sooner than
// vocabReloadEvery after the last read.
func (ix *Index) reloadVocabulary() {
	ix.vocabMu.Lock()
	wait := time.Until(ix.vocabLoaded.Add(vocabReloadEvery))
	ix.vocabMu.Unlock()
	time.Sleep(wait)
	ix.vocabMu.Lock()
	writes := ix.vocabWrites
	ix.vocabMu.Unlock()
	v, err := ix.readVocabulary()
	ix.vocabMu.Lock()
	defer ix.vocabMu.Unlock()
	ix.vocabLoading = false
	if err == nil {
		ix.vocab, ix.vocabOf, ix.vocabLoaded = v, writes, time.Now()
	}
}

// readVocabulary reads the terms of the word fields.
func (ix *Index) readVocabulary() (*index.Vocabulary, error) {
	terms := make(map[string]struct{}, 1<<14)
	for _, field := range []string{FieldTitleWords, FieldTextWords} {
		if err := ix.readTerms(field, terms); err != nil {
			return nil, err
		}
	}
	return index.NewVocabulary(terms), nil
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
