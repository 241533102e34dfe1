package bleveindex

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/internal/fold"
)

// AnalyzerName is the Bleve analyzer (and tokenizer) registered by this
// package: folding, jieba words for Chinese, whole Latin/digit words, and a
// gap term at every run of punctuation or spaces.
const AnalyzerName = "lantai_jieba"

// SetAnalyzerName is the Bleve analyzer (and tokenizer) of the literal
// fields, the ones that decide which documents may contain a query: see
// SetTokens.
const SetAnalyzerName = "lantai_set"

// IssuerAnalyzerName is the Bleve analyzer (and tokenizer) of the issuer
// field: one term per issuing body, see IssuerTokens.
const IssuerAnalyzerName = "lantai_issuers"

// IssuerTokens are the terms of the issuer field: each body that issued a
// document (corpus.Issuers of its 发文机构), folded, so that a jointly
// issued document is found by any one of its issuers.
func IssuerTokens(agency string) []Token {
	issuers := corpus.Issuers(agency)
	toks := make([]Token, len(issuers))
	for i, a := range issuers {
		toks[i] = Token{Term: fold.String(a), Position: i + 1}
	}
	return toks
}

// IssuerTerms are the terms IssuerTokens makes of agency.
func IssuerTerms(agency string) []string {
	var out []string
	for _, t := range IssuerTokens(agency) {
		out = append(out, t.Term)
	}
	return out
}

// Token is one indexed term.
type Token struct {
	// Term is the folded text of the token.
	Term string
	// Start and End are byte offsets in the original (unfolded) text.
	Start, End int
	// Position is 1-based and consecutive.
	Position int
	Kind     fold.Kind
}

// Tokens cuts text into the words of the ranking fields. Chinese runs are
// cut by jieba in default mode; Latin/digit words stay whole; punctuation
// and spaces are left out.
func (s *Segmenter) Tokens(text string) []Token {
	return tokenizeRuns(text, s.cut)
}

// piece is a byte range [start, end) of a run that becomes one token.
type piece struct{ start, end int }

// tokenizeRuns folds text, splits it into runs and turns each into tokens
// at consecutive positions: a Chinese run into the pieces cutHan makes of
// it, a Latin/digit word whole; gaps only advance nothing and are left out.
// Offsets point into the unfolded text.
func tokenizeRuns(text string, cutHan func(run string) []piece) []Token {
	folded, origin := fold.Fold(text)
	toks := make([]Token, 0, len(folded)/4)
	at, pos := 0, 0
	for _, run := range fold.Runs(folded) {
		switch run.Kind {
		case fold.Han:
			for _, p := range cutHan(run.Text) {
				pos++
				toks = append(toks, Token{
					Term:     run.Text[p.start:p.end],
					Start:    origin[at+p.start],
					End:      origin[at+p.end],
					Position: pos,
					Kind:     fold.Han,
				})
			}
		case fold.Word:
			pos++
			toks = append(toks, Token{
				Term:     run.Text,
				Start:    origin[at],
				End:      origin[at+len(run.Text)],
				Position: pos,
				Kind:     fold.Word,
			})
		}
		at += len(run.Text)
	}
	return toks
}

// SetTokens returns the distinct terms of text that a literal query can
// ask for, each once, in order of first appearance: every Chinese
// character, the bucket (BigramTerm) of every two adjacent characters of
// a Chinese run (a bigram), and every Latin/digit word. A document whose
// text contains a query holds every term of QueryTerms(query); the search
// then confirms the match in the text itself (MatchForm), so no positions
// or frequencies are needed.
func SetTokens(text string) []Token {
	folded, origin := fold.Fold(text)
	seen := make(map[string]struct{}, len(folded)/3)
	toks := make([]Token, 0, len(folded)/3)
	add := func(term string, start, end int, kind fold.Kind) {
		if _, dup := seen[term]; dup {
			return
		}
		seen[term] = struct{}{}
		toks = append(toks, Token{Term: term, Start: origin[start], End: origin[end], Position: len(toks) + 1, Kind: kind})
	}
	at := 0
	for _, run := range fold.Runs(folded) {
		switch run.Kind {
		case fold.Han:
			for i, size := 0, 0; i < len(run.Text); i += size {
				_, size = utf8.DecodeRuneInString(run.Text[i:])
				add(run.Text[i:i+size], at+i, at+i+size, fold.Han)
				if end := i + size; end < len(run.Text) {
					_, next := utf8.DecodeRuneInString(run.Text[end:])
					add(BigramTerm(run.Text[i:end+next]), at+i, at+end+next, fold.Han)
				}
			}
		case fold.Word:
			add(run.Text, at, at+len(run.Text), fold.Word)
		}
		at += len(run.Text)
	}
	return toks
}

// QueryTerms returns the distinct set terms (see SetTokens) that every
// text containing the folded string s holds: the buckets of the bigrams of
// each Chinese run (a run of one character: the character), and each
// Latin/digit word.
// nil means s has nothing to look for (only punctuation and spaces).
func QueryTerms(s string) []string {
	var terms []string
	add := func(t string) {
		if !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	for _, run := range fold.Runs(fold.String(s)) {
		switch run.Kind {
		case fold.Han:
			first, size := utf8.DecodeRuneInString(run.Text)
			if size == len(run.Text) {
				add(string(first))
				continue
			}
			for i := 0; i < len(run.Text); i += size {
				_, size = utf8.DecodeRuneInString(run.Text[i:])
				if end := i + size; end < len(run.Text) {
					_, next := utf8.DecodeRuneInString(run.Text[end:])
					add(BigramTerm(run.Text[i : end+next]))
				}
			}
		case fold.Word:
			add(run.Text)
		}
	}
	return terms
}

// The literal fields do not hold bigrams themselves but one of
// bigramBuckets buckets of them, by hash: 依法 and every other bigram of
// its bucket are one term. Confirming a literal in the text settles which
// bigram a document has, so a bucket only adds candidates (each one a
// stored text decoded and scanned), and a term dictionary of 4 K buckets
// instead of 285 K bigrams (the real corpus) took a third off the CPU time
// of an ingest (docs/BENCHMARKS.md, session 6): Bleve's cost in building
// and merging segments goes as much by terms as by postings. 65 K buckets
// gained nothing measurable, 16 K a fifth, 8 K and 4 K each about a tenth
// more.
const (
	bucketBits    = 12
	bigramBuckets = 1 << bucketBits
)

// bucketPrefix starts every bucket term; no character or Latin/digit word
// term can start with it.
const bucketPrefix = "#"

// bigramTerms are the terms of the buckets, made once.
var bigramTerms = func() []string {
	terms := make([]string, bigramBuckets)
	for i := range terms {
		terms[i] = fmt.Sprintf("%s%04x", bucketPrefix, i)
	}
	return terms
}()

// BigramTerm is the set term of a bigram: its bucket's, by a
// multiplicative hash of FNV-1a.
func BigramTerm(bigram string) string {
	h := uint32(2166136261)
	for i := 0; i < len(bigram); i++ {
		h ^= uint32(bigram[i])
		h *= 16777619
	}
	return bigramTerms[(h*0x9e3779b1)>>(32-bucketBits)]
}

// IsExactTerm reports whether a set term stands for itself (a character
// or a Latin/digit word) rather than for a bucket of bigrams: holding an
// exact term is containing it.
func IsExactTerm(term string) bool { return !strings.HasPrefix(term, bucketPrefix) }

// Separators of MatchForm. No text puts them there itself: they are not
// Chinese, letters or digits, so they only ever stand in a gap run, and
// every gap run becomes matchGap.
const (
	matchGap       = "\x01" // any run of punctuation and spaces
	matchWordStart = "\x02" // before a Latin/digit word
	matchWordEnd   = "\x03" // after a Latin/digit word
)

// MatchForm is the form of a text in which a literal query is looked for:
// folded, every run of punctuation and spaces one gap byte, and every
// Latin/digit word between two marker bytes. The MatchForm of a query,
// without its leading and trailing gaps (MatchPattern), occurs in the
// MatchForm of a text exactly when the text contains the query: each
// punctuation run of the query matches any punctuation run, and a word
// matches only a whole word (5g does not match 15g or 5gb).
func MatchForm(text string) string {
	folded := fold.String(text)
	var b strings.Builder
	b.Grow(len(folded) + 16)
	for _, run := range fold.Runs(folded) {
		switch run.Kind {
		case fold.Han:
			b.WriteString(run.Text)
		case fold.Word:
			b.WriteString(matchWordStart)
			b.WriteString(run.Text)
			b.WriteString(matchWordEnd)
		default:
			b.WriteString(matchGap)
		}
	}
	return b.String()
}

// MatchPattern is the MatchForm of a query without its leading and
// trailing gaps, which constrain nothing; "" when the query has nothing
// but punctuation and spaces.
func MatchPattern(query string) string {
	return strings.Trim(MatchForm(query), matchGap)
}

// WordTokens keeps the tokens the word fields index: every Latin/digit
// word and every Chinese word of two characters or more. A word of one
// character (的, 和, 在, or 桥 cut out of 修桥) says little about whether a
// document is about it, and dropping them takes a third of the word
// fields' postings out of the index; a literal decides the matches anyway.
// Positions are renumbered.
func WordTokens(toks []Token) []Token {
	out := toks[:0]
	for _, t := range toks {
		if t.Kind == fold.Han && utf8.RuneCountInString(t.Term) < 2 {
			continue
		}
		t.Position = len(out) + 1
		out = append(out, t)
	}
	return out
}

// QueryWords returns the words the active segmenter cuts folded text into:
// the terms a query looks for in the ranking fields.
func QueryWords(folded string) []string {
	seg := activeSegmenter.Load()
	if seg == nil {
		return nil
	}
	var words []string
	for _, t := range WordTokens(seg.Tokens(folded)) {
		words = append(words, t.Term)
	}
	return words
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// bleveTokenizer adapts a token function to Bleve.
type bleveTokenizer func(text string) []Token

// Tokenize implements analysis.Tokenizer. Byte offsets are left out (zero):
// no field stores term vectors, and snippets are cut from the archive's
// text.
func (t bleveTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := t(string(input))
	stream := make(analysis.TokenStream, len(toks))
	for i, tok := range toks {
		typ := analysis.Ideographic
		if tok.Kind == fold.Word {
			typ = analysis.AlphaNumeric
		}
		stream[i] = &analysis.Token{
			Term:     []byte(tok.Term),
			Position: tok.Position,
			Type:     typ,
		}
	}
	return stream
}

var errNoSegmenter = errors.New("bleveindex: no segmenter in use; call Use before opening an index")

func init() {
	registry.RegisterTokenizer(AnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		if activeSegmenter.Load() == nil {
			return nil, errNoSegmenter
		}
		return bleveTokenizer(wordTokens), nil
	})
	registry.RegisterTokenizer(SetAnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return bleveTokenizer(SetTokens), nil
	})
	registry.RegisterTokenizer(IssuerAnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return bleveTokenizer(IssuerTokens), nil
	})
	for _, name := range []string{AnalyzerName, SetAnalyzerName, IssuerAnalyzerName} {
		registry.RegisterAnalyzer(name, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			tok, err := cache.TokenizerNamed(name)
			if err != nil {
				return nil, err
			}
			return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
		})
	}
}
