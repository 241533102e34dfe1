package search

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/lantai/lantai/internal/fold"
)

// snippetContext is how many characters of context a snippet shows on
// each side of its first match.
const snippetContext = 50

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// MatchSpans returns the byte ranges of text in which any literal occurs,
// compared in folded form (the same folding the index uses), in order and
// merged where they overlap. A Latin or digit literal matches only as a
// whole word, as in the index.
func MatchSpans(text string, literals []string) []Span {
	if pieces, need, ok := plainPieces(literals); ok && fold.Stable(text)&need == need {
		return textSpans(text, pieces, need, len(text))
	}
	folded, origin := fold.Fold(text)
	return matchSpans(folded, origin, literals, len(folded))
}

// plainPieces is the literals' pieces (literalPieces), and whether each
// is made of basic ideographs (fold.IsBasicHan) or of ASCII alone: those
// can be looked for in a text as it is (lowercased), without folding it,
// when the text is stable for them (need, fold.Stable): 7× faster than
// fold.Offsets, and nothing to keep.
func plainPieces(literals []string) (pieces []fold.Run, need fold.Stability, ok bool) {
	for _, lit := range literals {
		for _, piece := range literalPieces(lit) {
			for _, r := range piece.Text {
				switch {
				case piece.Kind == fold.Han && fold.IsBasicHan(r):
					need |= fold.HanStable
				case piece.Kind == fold.Word && r < utf8.RuneSelf:
					need |= fold.WordStable
				default:
					return nil, 0, false
				}
			}
			pieces = append(pieces, piece)
		}
	}
	return pieces, need, len(pieces) > 0
}

// textSpans is matchSpans for plainPieces in a text stable for them,
// looked for in the text itself, lowercased where a piece is a word (the
// offsets stay those of the text), for the matches that start before
// before.
func textSpans(text string, pieces []fold.Run, need fold.Stability, before int) []Span {
	if need&fold.WordStable != 0 {
		text = fold.ASCIILower(text)
	}
	var spans []Span
	for _, piece := range pieces {
		region := text[:min(len(text), before+len(piece.Text)-1)]
		for at := 0; ; {
			i := fold.IndexRare(region[at:], piece.Text, len(piece.Text)-1)
			if i < 0 {
				break
			}
			fs, fe := at+i, at+i+len(piece.Text)
			at = fs + 1
			if piece.Kind == fold.Word && !wordBounded(text, fs, fe) {
				continue
			}
			spans = append(spans, Span{fs, fe})
		}
	}
	return mergeSpans(spans)
}

// matchSpans is MatchSpans on text already folded by fold.Fold, with
// its offset map as ints of any width, for the matches that start before
// the folded offset before. A match starting there must end, with the rune
// after it, within folded.
func matchSpans[T int | int32](folded string, origin []T, literals []string, before int) []Span {
	var spans []Span
	for _, lit := range literals {
		for _, piece := range literalPieces(lit) {
			region := folded[:min(len(folded), before+len(piece.Text)-1)]
			// The last byte of a Chinese piece is a continuation byte,
			// far rarer than the first (fold.IndexRare).
			for at := 0; ; {
				i := fold.IndexRare(region[at:], piece.Text, len(piece.Text)-1)
				if i < 0 {
					break
				}
				fs, fe := at+i, at+i+len(piece.Text)
				at = fs + 1
				if piece.Kind == fold.Word && !wordBounded(folded, fs, fe) {
					continue
				}
				spans = append(spans, Span{int(origin[fs]), int(origin[fe])})
			}
		}
	}
	return mergeSpans(spans)
}

// mergeSpans sorts spans and merges those that overlap or touch.
func mergeSpans(spans []Span) []Span {
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	merged := spans[:0]
	for _, s := range spans {
		if n := len(merged); n > 0 && s.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// literalPieces are the parts of a literal to highlight: the whole of it
// when it has no punctuation, else each run of characters or word.
func literalPieces(lit string) []fold.Run {
	var out []fold.Run
	for _, r := range fold.Runs(fold.String(lit)) {
		if r.Kind != fold.Gap {
			out = append(out, r)
		}
	}
	return out
}

func wordBounded(folded string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(folded[:start])
		if isWordChar(r) || r == '.' && start > 1 && isASCIIDigit(folded[start-2]) {
			return false
		}
	}
	if end < len(folded) {
		r, _ := utf8.DecodeRuneInString(folded[end:])
		if isWordChar(r) || r == '.' && end+1 < len(folded) && isASCIIDigit(folded[end+1]) && isASCIIDigit(folded[end-1]) {
			return false
		}
	}
	return true
}

func isWordChar(r rune) bool {
	return 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
}

func isASCIIDigit(b byte) bool { return '0' <= b && b <= '9' }

// Snippets returns up to n passages of text around the literals' matches:
// HTML-escaped text with only <mark> added, on exactly the matched
// characters. Without any match it returns the start of the text.
//
// Passages come from the start of the text, so a long text is searched a
// piece at a time, growing until the passages are settled: as it is when
// the literals are basic ideographs or ASCII and the piece is stable for
// them (plainPieces, fold.Stable), else folded (folding is rune by rune,
// so the fold of a prefix is a prefix of the fold).
func Snippets(text string, literals []string, n int) []string {
	pieces, need, plain := plainPieces(literals)
	stableTo := 0 // text[:stableTo] is known to be stable for need
	for size := snippetScan; ; size *= 4 {
		end := prefixEnd(text, size)
		whole := end == len(text)
		if plain && fold.Stable(text[stableTo:end])&need == need {
			stableTo = end
			if out, ok := snippetsInText(text, end, whole, pieces, need, literals, n); ok {
				return out
			}
			continue
		}
		plain = false
		folded, origin := fold.Offsets[int32](text[:end])
		if out, ok := snippetsFrom(text, folded, origin, whole, literals, n); ok {
			return out
		}
	}
}

// snippetsInText is snippetsFrom for plainPieces in text[:end], a piece
// of the text stable for them: its matches are found in the text itself
// (textSpans).
func snippetsInText(text string, end int, whole bool, pieces []fold.Run, need fold.Stability, literals []string, n int) ([]string, bool) {
	before := end
	if !whole {
		before -= longestMatch(literals)
		if before <= 0 {
			return nil, false
		}
	}
	return passages(text, textSpans(text[:end], pieces, need, before), before, whole, literals, n)
}

// longestMatch bounds the bytes a match of any literal and the rune after
// it take, folded: a match found must end within the part searched.
func longestMatch(literals []string) int {
	longest := 0
	for _, lit := range literals {
		longest = max(longest, len(lit)*utf8.UTFMax)
	}
	return longest + utf8.UTFMax
}

// prefixEnd is the end of s's first size bytes, moved back to the start
// of a rune; all of s when it is shorter.
func prefixEnd(s string, size int) int {
	if size >= len(s) {
		return len(s)
	}
	for size > 0 && !utf8.RuneStart(s[size]) {
		size--
	}
	return size
}

// snippetScan is the size of the first piece of a text that Snippets
// searches for passages, in bytes.
const snippetScan = 4096

// snippetsFrom builds the snippets of text from the fold of its first
// origin[len(folded)] bytes (whole when that is all of it). ok is false
// when more of the text is needed to settle them: a match past the part
// folded may belong in the passages found, or there are too few.
func snippetsFrom[T int | int32](text, folded string, origin []T, whole bool, literals []string, n int) (out []string, ok bool) {
	before := len(folded)
	if !whole {
		// A match must end, with the rune after it, within folded.
		before -= longestMatch(literals)
		if before <= 0 {
			return nil, false
		}
	}
	return passages(text, matchSpans(folded, origin, literals, before), int(origin[before]), whole, literals, n)
}

// passages renders up to n snippets around spans, the matches in text
// that start before the offset before (whole: all of them). ok is false
// when more of the text is needed to settle them.
func passages(text string, spans []Span, before int, whole bool, literals []string, n int) (out []string, ok bool) {
	if len(spans) == 0 {
		if !whole {
			return nil, false
		}
		if len(literals) > 0 || strings.TrimSpace(text) == "" {
			return nil, true
		}
		end := advanceRunes(text, 0, 2*snippetContext)
		return []string{renderSnippet(text, 0, end, nil)}, true
	}
	prevEnd := 0
	for i := 0; i < len(spans) && len(out) < n; {
		// A passage never reaches back into the one before it, whose
		// marks it would show unmarked.
		ws := max(retreatRunes(text, spans[i].Start, snippetContext), min(prevEnd, spans[i].Start))
		we := advanceRunes(text, spans[i].End, snippetContext)
		j := i
		for j < len(spans) && spans[j].End <= we {
			j++
		}
		if j == i { // a very long match
			we = spans[i].End
			j = i + 1
		}
		out = append(out, renderSnippet(text, ws, we, spans[i:j]))
		prevEnd = we
		i = j
	}
	if !whole && (len(out) < n || prevEnd > before) {
		return nil, false
	}
	return out, true
}

func renderSnippet(text string, ws, we int, marks []Span) string {
	var b strings.Builder
	b.Grow(we - ws + 32*len(marks) + 8)
	if ws > 0 {
		b.WriteString("…")
	}
	at := ws
	space := false
	for _, m := range marks {
		space = writeLine(&b, text[at:m.Start], space)
		b.WriteString("<mark>")
		space = writeLine(&b, text[m.Start:m.End], space)
		b.WriteString("</mark>")
		at = m.End
	}
	writeLine(&b, text[at:we], space)
	if we < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// writeLine writes s HTML-escaped, with line breaks and tabs as spaces
// and runs of spaces as one (a one-line snippet cannot show them); space
// says whether what was written last is a space, and the result whether
// it is now.
func writeLine(b *strings.Builder, s string, space bool) bool {
	start := 0
	flush := func(i int) {
		if start < i {
			b.WriteString(s[start:i])
		}
	}
	for i := 0; i < len(s); i++ {
		var rep string
		switch c := s[i]; c {
		case ' ', '\n', '\r', '\t':
			flush(i)
			if !space {
				b.WriteByte(' ')
			}
			space = true
			start = i + 1
			continue
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '"':
			rep = "&#34;"
		default:
			space = false
			continue
		}
		flush(i)
		b.WriteString(rep)
		space = false
		start = i + 1
	}
	flush(len(s))
	return space
}

func advanceRunes(s string, at, n int) int {
	for ; n > 0 && at < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[at:])
		at += size
	}
	return at
}

func retreatRunes(s string, at, n int) int {
	for ; n > 0 && at > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:at])
		at -= size
	}
	return at
}
