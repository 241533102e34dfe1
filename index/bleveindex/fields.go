package bleveindex

import (
	"fmt"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Lantai builds its index documents itself (newDocument) instead of
// handing Bleve maps: Bleve's mapping walks a map by reflection, and its
// analysis allocates a token, a term and a frequency per token, which an
// ingest spent a tenth of its CPU on, in part in the collector. The
// mapping (newMapping) stays the one description of the fields: each
// field's options and analysis are read from it.

// fieldSpec is how one field of the mapping is indexed.
type fieldSpec struct {
	options bindex.FieldIndexingOptions
	// tokens cuts the field's text into its terms; nil for a field that is
	// only stored.
	tokens func(string) []Token
}

// fieldSpecs reads the specs of the top-level fields of a mapping. An
// analyzer other than keyword and Lantai's three is an error: the documents
// would not be analysed as the queries are.
func fieldSpecs(m *mapping.IndexMappingImpl) (map[string]fieldSpec, error) {
	specs := map[string]fieldSpec{}
	for name, dm := range m.DefaultMapping.Properties {
		for _, fm := range dm.Fields {
			spec := fieldSpec{options: fm.Options()}
			if fm.Index {
				analyzer := fm.Analyzer
				if analyzer == "" {
					analyzer = m.DefaultAnalyzer
				}
				switch analyzer {
				case keyword.Name:
					spec.tokens = keywordTokens
				case SetAnalyzerName:
					spec.tokens = SetTokens
				case AnalyzerName:
					spec.tokens = wordTokens
				case IssuerAnalyzerName:
					spec.tokens = IssuerTokens
				default:
					return nil, fmt.Errorf("bleveindex: field %s has analyzer %q, which documents cannot be built for", name, analyzer)
				}
			}
			specs[name] = spec
		}
	}
	return specs, nil
}

// keywordTokens is the one term of a keyword field: the whole text, as
// Bleve's keyword analyzer makes it (an empty text too).
func keywordTokens(text string) []Token {
	return []Token{{Term: text, Position: 1}}
}

// wordTokens are the terms of the word fields: the active segmenter's
// words of two characters or more.
func wordTokens(text string) []Token {
	return WordTokens(activeSegmenter.Load().Tokens(text))
}

// newDocument builds and analyses the document id of the given field
// values. A field the specs do not know is an error, as it would not be
// indexed. Analysing here, as a Writer's caller fills a batch, runs the
// analysis of the next batch beside Bleve's building of the segment of
// the one before, which takes one core.
func newDocument(specs map[string]fieldSpec, id string, values map[string]string) (*document.Document, error) {
	doc := document.NewDocument(id)
	for name, text := range values {
		spec, ok := specs[name]
		if !ok {
			return nil, fmt.Errorf("bleveindex: no field %s in the mapping", name)
		}
		f := &analysedField{name: name, text: text, spec: spec}
		f.Analyze()
		doc.AddField(f)
	}
	return doc, nil
}

// analysedField is a document field whose terms come from its spec's
// token function, counted into frequencies without an allocation per
// token: the frequencies share one slab, and their terms the bytes of the
// text's tokens.
type analysedField struct {
	name     string
	text     string
	spec     fieldSpec
	analysed bool
	length   int
	freqs    bindex.TokenFrequencies
}

// Name implements document.Field.
func (f *analysedField) Name() string { return f.name }

// ArrayPositions implements document.Field: no field is an array.
func (f *analysedField) ArrayPositions() []uint64 { return nil }

// Options implements document.Field.
func (f *analysedField) Options() bindex.FieldIndexingOptions { return f.spec.options }

// Value implements document.Field: the text, which Bleve reads of stored
// fields.
func (f *analysedField) Value() []byte { return []byte(f.text) }

// NumPlainTextBytes implements document.Field.
func (f *analysedField) NumPlainTextBytes() uint64 { return uint64(len(f.text)) }

// EncodedFieldType implements document.Field: a text field.
func (f *analysedField) EncodedFieldType() byte { return 't' }

// AnalyzedLength implements document.Field: the number of tokens.
func (f *analysedField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies implements document.Field.
func (f *analysedField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// Size implements document.Field, roughly: Bleve only reports it.
func (f *analysedField) Size() int {
	return int(unsafe.Sizeof(*f)) + len(f.name) + len(f.text) + len(f.freqs)*int(unsafe.Sizeof(bindex.TokenFreq{}))
}

// Analyze implements document.Field. A field is analysed once: Batch.Add
// analyses its documents as it queues them, before Bleve would.
func (f *analysedField) Analyze() {
	if f.spec.tokens == nil || f.analysed {
		return
	}
	f.analysed = true
	toks := f.spec.tokens(f.text)
	f.length = len(toks)
	f.freqs = make(bindex.TokenFrequencies, len(toks))
	// As Bleve's analysis.TokenFrequency: a field without frequencies
	// and norms counts 0 for every term.
	count := 1
	if f.spec.options.SkipFreqNorm() {
		count = 0
	}
	slab := make([]bindex.TokenFreq, 0, len(toks))
	for _, t := range toks {
		if tf, ok := f.freqs[t.Term]; ok {
			tf.SetFrequency(tf.Frequency() + count)
			continue
		}
		// Terms are never written to: they may share the token's bytes.
		slab = append(slab, bindex.TokenFreq{Term: unsafe.Slice(unsafe.StringData(t.Term), len(t.Term))})
		tf := &slab[len(slab)-1]
		tf.SetFrequency(count)
		f.freqs[t.Term] = tf
	}
}
