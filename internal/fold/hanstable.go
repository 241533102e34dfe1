package fold

import "unicode/utf8"

// Basic CJK ideographs (U+4E00–U+9FFF) fold to themselves (Offsets copies
// them as they are). A text that holds no other rune folding into one —
// a Kangxi radical (⼀), a compatibility ideograph (句), a parenthesised or
// circled ideograph (㈠, ㊀) — therefore has a literal made of basic
// ideographs exactly where its fold has it, at the same bytes: snippets and
// highlighting can look for such a literal in the text itself, without
// folding it.

// IsBasicHan reports whether r is a basic CJK ideograph, U+4E00–U+9FFF.
func IsBasicHan(r rune) bool { return 0x4E00 <= r && r <= 0x9FFF }

// intoHan marks the BMP runes other than basic ideographs whose fold holds
// a basic ideograph.
var intoHan = buildIntoHan()

func buildIntoHan() *[1 << 16 / 64]uint64 {
	var set [1 << 16 / 64]uint64
	for r, f := range foldTable {
		if holdsBasicHan(f) {
			set[r/64] |= 1 << (r % 64)
		}
	}
	return &set
}

func holdsBasicHan(s string) bool {
	for _, r := range s {
		if IsBasicHan(r) {
			return true
		}
	}
	return false
}

// foldsIntoHan reports whether r, not itself a basic ideograph, folds
// into text holding one.
func foldsIntoHan(r rune) bool {
	if r <= 0xFFFF {
		return intoHan[r/64]&(1<<(r%64)) != 0
	}
	return holdsBasicHan(foldRune(r))
}

// HanStable reports whether no rune of s other than a basic ideograph
// folds into one: then every basic ideograph of Fold(s) is one of s, in
// the same order and bytes, and a run of them occurs in s exactly where
// it occurs in the fold. It reads s at memory speed, decoding only runes
// of three or four bytes outside U+4000–U+9FFF.
func HanStable(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		// ASCII, continuation bytes and two-byte leads (C2–DF) are skipped,
		// and so are E4–E9, the leads of U+4000–U+9FFF: Extension A and
		// the basic block fold to themselves.
		if b < 0xE2 || 0xE4 <= b && b <= 0xE9 {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError && foldsIntoHan(r) {
			return false
		}
		i += size - 1
	}
	return true
}
