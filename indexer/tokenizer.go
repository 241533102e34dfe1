package indexer

import (
	"errors"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// AnalyzerName is the Bleve analyzer (and tokenizer) registered by this
// package: folding, jieba words for Chinese, whole Latin/digit words, and a
// gap term at every run of punctuation or spaces.
const AnalyzerName = "lantai_jieba"

// TokenKind says what a token is made of.
type TokenKind uint8

// Token kinds.
const (
	KindHan  TokenKind = iota + 1 // Chinese characters, a jieba word
	KindWord                      // letters and digits, e.g. "pm2.5", "5g", "2022"
	KindGap                       // punctuation and spaces, indexed as GapTerm
)

// Token is one indexed term.
type Token struct {
	// Term is the folded text of the token.
	Term string
	// Start and End are byte offsets in the original (unfolded) text.
	Start, End int
	// Position is 1-based and consecutive.
	Position int
	Kind     TokenKind
}

// GapTerm is the term indexed at every run of punctuation and spaces. It
// takes a position of its own, so a phrase cannot match across punctuation
// (双随机一公开 does not match 双随机、一公开), while a query that has
// punctuation in the same place (国发〔2019〕5号) still matches as a phrase,
// whatever the brackets' style.
const GapTerm = "_"

// Tokens cuts text into indexed terms. Chinese runs are cut by jieba in
// default mode: search-mode sub-words sharing a position would let a
// phrase skip characters ("申请复议" would match 申请行政复议), so sub-word
// recall is left to the query planner's expansion through the vocabulary.
func (s *Segmenter) Tokens(text string) []Token {
	folded, origin := Fold(text)
	toks := make([]Token, 0, len(folded)/4)
	at := 0
	for _, run := range Runs(folded) {
		switch run.Kind {
		case KindHan:
			for _, w := range s.cut(run.Text) {
				toks = append(toks, Token{
					Term:     w.Str,
					Start:    origin[at+w.Start],
					End:      origin[at+w.End],
					Position: len(toks) + 1,
					Kind:     KindHan,
				})
			}
		case KindWord:
			toks = append(toks, Token{
				Term:     run.Text,
				Start:    origin[at],
				End:      origin[at+len(run.Text)],
				Position: len(toks) + 1,
				Kind:     KindWord,
			})
		default:
			if len(toks) > 0 {
				toks = append(toks, Token{
					Term:     GapTerm,
					Start:    origin[at],
					End:      origin[at+len(run.Text)],
					Position: len(toks) + 1,
					Kind:     KindGap,
				})
			}
		}
		at += len(run.Text)
	}
	return toks
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// bleveTokenizer adapts the active Segmenter to Bleve.
type bleveTokenizer struct{}

// Tokenize implements analysis.Tokenizer.
func (bleveTokenizer) Tokenize(input []byte) analysis.TokenStream {
	seg := activeSegmenter.Load()
	toks := seg.Tokens(string(input))
	stream := make(analysis.TokenStream, len(toks))
	for i, t := range toks {
		typ := analysis.Ideographic
		switch t.Kind {
		case KindWord:
			typ = analysis.AlphaNumeric
		case KindGap:
			typ = analysis.Single
		}
		stream[i] = &analysis.Token{
			Term:     []byte(t.Term),
			Start:    t.Start,
			End:      t.End,
			Position: t.Position,
			Type:     typ,
		}
	}
	return stream
}

var errNoSegmenter = errors.New("indexer: no segmenter in use; call indexer.Use before opening an index")

func init() {
	registry.RegisterTokenizer(AnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		if activeSegmenter.Load() == nil {
			return nil, errNoSegmenter
		}
		return bleveTokenizer{}, nil
	})
	registry.RegisterAnalyzer(AnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(AnalyzerName)
		if err != nil {
			return nil, err
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
	})
}

// Run is a maximal piece of folded text of one kind: a run of Chinese
// characters, one Latin/digit word, or a gap (punctuation and spaces).
type Run struct {
	Kind TokenKind // KindHan, KindWord or KindGap
	Text string
}

// Runs splits folded text into runs the way Tokens does before jieba cuts
// the Chinese runs; the query planner plans each run on its own.
func Runs(folded string) []Run {
	var runs []Run
	for i := 0; i < len(folded); {
		r, size := utf8.DecodeRuneInString(folded[i:])
		j := i + size
		kind := KindGap
		switch {
		case isHanRune(r):
			kind = KindHan
			for j < len(folded) {
				r2, s2 := utf8.DecodeRuneInString(folded[j:])
				if !isHanRune(r2) {
					break
				}
				j += s2
			}
		case isWordRune(r):
			kind = KindWord
			for j < len(folded) {
				r2, s2 := utf8.DecodeRuneInString(folded[j:])
				if isWordRune(r2) {
					j += s2
					continue
				}
				if r2 == '.' && j+1 < len(folded) && isDigit(folded[j-1]) && isDigit(folded[j+1]) {
					j++
					continue
				}
				break
			}
		default:
			for j < len(folded) {
				r2, s2 := utf8.DecodeRuneInString(folded[j:])
				if isHanRune(r2) || isWordRune(r2) {
					break
				}
				j += s2
			}
		}
		runs = append(runs, Run{Kind: kind, Text: folded[i:j]})
		i = j
	}
	return runs
}
