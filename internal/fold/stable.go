package fold

import "unicode/utf8"

// Basic CJK ideographs (U+4E00–U+9FFF) fold to themselves (Offsets copies
// them as they are), and ASCII to itself lowercased. A text that holds no
// other rune folding into one of them — a Kangxi radical (⼀), a
// compatibility ideograph, a parenthesised or circled ideograph (㈠, ㊀), a
// full-width letter or digit (Ａ, ２), a superscript, a circled number (①)
// — therefore has a literal made of them exactly where its fold has it:
// snippets and highlighting can look for such a literal in the text itself
// (lowercased), without folding it.

// IsBasicHan reports whether r is a basic CJK ideograph, U+4E00–U+9FFF.
func IsBasicHan(r rune) bool { return 0x4E00 <= r && r <= 0x9FFF }

// intoHan and intoWord mark the BMP runes other than basic ideographs
// (intoHan) and other than ASCII (intoWord) whose fold holds a basic
// ideograph, or an ASCII letter, digit or full stop (a word's rune, or the
// dot that joins digits).
var intoHan, intoWord = buildInto()

func buildInto() (han, word *[1 << 16 / 64]uint64) {
	han, word = new([1 << 16 / 64]uint64), new([1 << 16 / 64]uint64)
	for r, f := range foldTable {
		if holdsBasicHan(f) {
			han[r/64] |= 1 << (r % 64)
		}
		if holdsWordByte(f) {
			word[r/64] |= 1 << (r % 64)
		}
	}
	return han, word
}

func holdsBasicHan(s string) bool {
	for _, r := range s {
		if IsBasicHan(r) {
			return true
		}
	}
	return false
}

func holdsWordByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' {
			return true
		}
	}
	return false
}

// Stability says which literals a text can be searched for as it is: see
// Stable.
type Stability uint8

const (
	// HanStable: no rune other than a basic ideograph folds into one, so
	// every basic ideograph of the fold is one of the text, in the same
	// order and bytes, and a run of them occurs in the text exactly
	// where it occurs in the fold.
	HanStable Stability = 1 << iota
	// WordStable: no rune other than ASCII folds into text holding an
	// ASCII letter, digit or full stop, so the ASCII word runes of the
	// fold are those of the text, lowercased (ASCIILower): a word of
	// them occurs in the lowered text where it occurs in the fold, with
	// neighbours that bound it the same way.
	WordStable
)

// Stable reports which of HanStable and WordStable s is. It reads s at
// memory speed where s is Chinese, decoding no rune of U+4000–U+9FFF
// (Extension A and the basic block fold to themselves).
func Stable(s string) Stability {
	st := HanStable | WordStable
	for i := 0; i < len(s); i++ {
		b := s[i]
		// ASCII and continuation bytes are skipped, and so are E4–E9,
		// the leads of U+4000–U+9FFF.
		if b < 0xC2 || 0xE4 <= b && b <= 0xE9 {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size - 1
		if r == utf8.RuneError {
			continue
		}
		if r > 0xFFFF {
			f := foldRune(r)
			if holdsBasicHan(f) {
				st &^= HanStable
			}
			if holdsWordByte(f) {
				st &^= WordStable
			}
		} else {
			if intoHan[r/64]&(1<<(r%64)) != 0 {
				st &^= HanStable
			}
			if intoWord[r/64]&(1<<(r%64)) != 0 {
				st &^= WordStable
			}
		}
		if st == 0 {
			return 0
		}
	}
	return st
}

// ASCIILower is s with its ASCII capitals lowercased and every other byte
// as it is: the same offsets.
func ASCIILower(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}
