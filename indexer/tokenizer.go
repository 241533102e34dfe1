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

// LiteralAnalyzerName is the Bleve analyzer (and tokenizer) of the literal
// fields, the ones every search matches against: see LiteralTokens.
const LiteralAnalyzerName = "lantai_literal"

// CharsAnalyzerName is the Bleve analyzer of the chars field: see
// CharTokens.
const CharsAnalyzerName = "lantai_chars"

// TokenKind says what a token is made of.
type TokenKind uint8

// Token kinds.
const (
	KindHan  TokenKind = iota + 1 // Chinese characters, a jieba word
	KindWord                      // letters and digits, e.g. "pm2.5", "5g", "2022"
	KindGap                       // punctuation and spaces, indexed as GapTerm
	KindMark                      // AfterWord plus a character, beside that character's token
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

// AfterWord marks, in the literal fields, the first character of a Chinese
// run that directly follows a Latin/digit word (31件, 5号): the term
// AfterWord+c stands at that character's position besides its bigram. A
// query ending in a number and one character (国发〔2019〕5号) then needs
// that one term instead of every bigram starting with the character.
const AfterWord = "^"

// Tokens cuts text into the words of the ranking fields. Chinese runs are
// cut by jieba in default mode; Latin/digit words stay whole.
func (s *Segmenter) Tokens(text string) []Token {
	return tokenizeRuns(text, s.cut, false)
}

// LiteralTokens cuts text into the terms of the literal fields, the ones
// that decide whether a document contains a query. Every Chinese character
// takes a position of its own and is indexed as the bigram it starts (the
// character and the next one of its run); the last character of a run is
// indexed alone. A string of n ≥ 2 characters is then a phrase of bigrams,
// whatever jieba made of it, and one character is the terms that start
// with it. Latin/digit words are whole terms and punctuation is a gap, as
// in Tokens; see AfterWord for the one extra term. No segmenter is needed.
func LiteralTokens(text string) []Token {
	return tokenizeRuns(text, func(run string) []piece {
		pieces := make([]piece, 0, len(run)/3)
		for i, size := 0, 0; i < len(run); i += size {
			_, size = utf8.DecodeRuneInString(run[i:])
			end := i + size
			if end < len(run) {
				_, next := utf8.DecodeRuneInString(run[end:])
				end += next
			}
			pieces = append(pieces, piece{i, end})
		}
		return pieces
	}, true)
}

// piece is a byte range [start, end) of a run that becomes one token.
type piece struct{ start, end int }

// tokenizeRuns folds text, splits it into runs and turns each into tokens
// at consecutive positions: a Chinese run into the pieces cutHan makes of
// it, a Latin/digit word whole, a gap into GapTerm (except at the start,
// where it would constrain nothing). With markAfterWord, a Chinese run
// right after a word also gets the AfterWord marker of its first character.
// Offsets point into the unfolded text.
func tokenizeRuns(text string, cutHan func(run string) []piece, markAfterWord bool) []Token {
	folded, origin := Fold(text)
	toks := make([]Token, 0, len(folded)/3)
	at, pos := 0, 0
	prev := KindGap
	for _, run := range Runs(folded) {
		switch run.Kind {
		case KindHan:
			pieces := cutHan(run.Text)
			if markAfterWord && prev == KindWord && len(pieces) > 0 {
				first, _ := utf8.DecodeRuneInString(run.Text)
				toks = append(toks, Token{
					Term:     AfterWord + string(first),
					Start:    origin[at],
					End:      origin[at+pieces[0].end],
					Position: pos + 1,
					Kind:     KindMark,
				})
			}
			for _, p := range pieces {
				pos++
				toks = append(toks, Token{
					Term:     run.Text[p.start:p.end],
					Start:    origin[at+p.start],
					End:      origin[at+p.end],
					Position: pos,
					Kind:     KindHan,
				})
			}
		case KindWord:
			pos++
			toks = append(toks, Token{
				Term:     run.Text,
				Start:    origin[at],
				End:      origin[at+len(run.Text)],
				Position: pos,
				Kind:     KindWord,
			})
		default:
			if pos > 0 {
				pos++
				toks = append(toks, Token{
					Term:     GapTerm,
					Start:    origin[at],
					End:      origin[at+len(run.Text)],
					Position: pos,
					Kind:     KindGap,
				})
			}
		}
		at += len(run.Text)
		prev = run.Kind
	}
	return toks
}

// CharTokens returns each distinct Chinese character of text once, in
// order of first appearance: the chars field, without positions or
// frequencies that matter, answers a one-character query with one term
// instead of every bigram that starts with the character.
func CharTokens(text string) []Token {
	folded, origin := Fold(text)
	var toks []Token
	seen := make(map[rune]bool, 512)
	at := 0
	for _, run := range Runs(folded) {
		if run.Kind == KindHan {
			for i, r := range run.Text {
				if seen[r] {
					continue
				}
				seen[r] = true
				size := utf8.RuneLen(r)
				toks = append(toks, Token{
					Term:     run.Text[i : i+size],
					Start:    origin[at+i],
					End:      origin[at+i+size],
					Position: len(toks) + 1,
					Kind:     KindHan,
				})
			}
		}
		at += len(run.Text)
	}
	return toks
}

// QueryWords returns the words the active segmenter cuts folded text into:
// the terms a query looks for in the ranking fields.
func QueryWords(folded string) []string {
	seg := activeSegmenter.Load()
	if seg == nil {
		return nil
	}
	var words []string
	for _, t := range seg.Tokens(folded) {
		if t.Kind != KindGap {
			words = append(words, t.Term)
		}
	}
	return words
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// bleveTokenizer adapts a token function to Bleve.
type bleveTokenizer func(text string) []Token

// Tokenize implements analysis.Tokenizer. Byte offsets are left out (zero):
// snippets are cut from the archive's text, and offsets would double the
// size of the term vectors that phrase queries need for positions.
func (t bleveTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := t(string(input))
	stream := make(analysis.TokenStream, len(toks))
	for i, tok := range toks {
		typ := analysis.Ideographic
		switch tok.Kind {
		case KindWord:
			typ = analysis.AlphaNumeric
		case KindGap:
			typ = analysis.Single
		}
		stream[i] = &analysis.Token{
			Term:     []byte(tok.Term),
			Position: tok.Position,
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
		return bleveTokenizer(func(text string) []Token { return activeSegmenter.Load().Tokens(text) }), nil
	})
	registry.RegisterTokenizer(LiteralAnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return bleveTokenizer(LiteralTokens), nil
	})
	registry.RegisterTokenizer(CharsAnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return bleveTokenizer(CharTokens), nil
	})
	for _, name := range []string{AnalyzerName, LiteralAnalyzerName, CharsAnalyzerName} {
		registry.RegisterAnalyzer(name, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			tok, err := cache.TokenizerNamed(name)
			if err != nil {
				return nil, err
			}
			return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
		})
	}
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
