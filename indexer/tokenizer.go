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

// EdgeAnalyzerName is AnalyzerName plus edge markers (see StartsWith), for
// every text field: a query's first or last character often falls inside
// a longer word.
const EdgeAnalyzerName = "lantai_jieba_edges"

// Edge markers are indexed at the position of every Chinese word of two or
// more characters: StartsWith+c for its first character and EndsWith+c for
// its last. A query whose first character ends a word, or whose last
// character starts one, then needs one marker term instead of the hundreds
// of words ending or starting with that character.
const (
	StartsWith = ">"
	EndsWith   = "<"
)

// TokenKind says what a token is made of.
type TokenKind uint8

// Token kinds.
const (
	KindHan  TokenKind = iota + 1 // Chinese characters, a jieba word
	KindWord                      // letters and digits, e.g. "pm2.5", "5g", "2022"
	KindGap                       // punctuation and spaces, indexed as GapTerm
	KindEdge                      // an edge marker, at its word's position
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
func (s *Segmenter) Tokens(text string) []Token { return s.tokens(text, false) }

// TokensWithEdges is Tokens plus the edge markers of every Chinese word of
// two or more characters, at that word's position.
func (s *Segmenter) TokensWithEdges(text string) []Token { return s.tokens(text, true) }

func (s *Segmenter) tokens(text string, edges bool) []Token {
	folded, origin := Fold(text)
	toks := make([]Token, 0, len(folded)/4)
	at, pos := 0, 0
	for _, run := range Runs(folded) {
		switch run.Kind {
		case KindHan:
			for _, w := range s.cut(run.Text) {
				pos++
				tok := Token{
					Term:     w.Str,
					Start:    origin[at+w.Start],
					End:      origin[at+w.End],
					Position: pos,
					Kind:     KindHan,
				}
				toks = append(toks, tok)
				if edges && utf8.RuneCountInString(w.Str) > 1 {
					first, _ := utf8.DecodeRuneInString(w.Str)
					last, _ := utf8.DecodeLastRuneInString(w.Str)
					tok.Kind = KindEdge
					tok.Term = StartsWith + string(first)
					toks = append(toks, tok)
					tok.Term = EndsWith + string(last)
					toks = append(toks, tok)
				}
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
	}
	return toks
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// bleveTokenizer adapts the active Segmenter to Bleve.
type bleveTokenizer struct{ edges bool }

// Tokenize implements analysis.Tokenizer. Byte offsets are left out (zero):
// snippets are cut from the archive's text, and offsets would double the
// size of the term vectors that phrase queries need for positions.
func (t bleveTokenizer) Tokenize(input []byte) analysis.TokenStream {
	seg := activeSegmenter.Load()
	toks := seg.tokens(string(input), t.edges)
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
	for name, edges := range map[string]bool{AnalyzerName: false, EdgeAnalyzerName: true} {
		registry.RegisterTokenizer(name, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			if activeSegmenter.Load() == nil {
				return nil, errNoSegmenter
			}
			return bleveTokenizer{edges: edges}, nil
		})
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
