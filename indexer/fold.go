package indexer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns the matching form of s: every rune NFKC-folded (full-width
// letters, digits and punctuation to their ASCII forms, U+3000 to a space)
// and lowercased. It is applied rune by rune so that each folded byte can be
// traced back to the rune it came from: origin[i] is the byte offset in s of
// the rune that produced byte i of the folded string, and origin has one
// extra final entry equal to len(s).
//
// The tokenizer, the query planner, the snippet highlighter and the tests'
// notion of "the text contains the query" all use this one function, so
// they can never disagree about what matches.
func Fold(s string) (folded string, origin []int) {
	return FoldOffsets[int](s)
}

// FoldOffsets is Fold with the offset map in integers of the caller's
// width: int32 halves the memory of a long text's map.
func FoldOffsets[T int | int32](s string) (folded string, origin []T) {
	var b strings.Builder
	b.Grow(len(s))
	origin = make([]T, 0, len(s)+1)
	var buf [utf8.UTFMax]byte
	for i, r := range s {
		var piece string
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			piece = string(buf[:utf8.EncodeRune(buf[:], r)])
		case 0x4E00 <= r && r <= 0x9FFF:
			piece = s[i : i+utf8.RuneLen(r)]
		default:
			piece = foldRune(r)
		}
		b.WriteString(piece)
		for range len(piece) {
			origin = append(origin, T(i))
		}
	}
	origin = append(origin, T(len(s)))
	return b.String(), origin
}

// FoldString is Fold without the offset map.
func FoldString(s string) string {
	f, _ := Fold(s)
	return f
}

// isWordRune reports whether r belongs to a Latin/digit word (after folding).
func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9') ||
		r >= utf8.RuneSelf && !unicode.Is(unicode.Han, r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isHanRune reports whether r is a Chinese character.
func isHanRune(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) }
