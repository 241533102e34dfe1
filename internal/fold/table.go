package fold

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// foldTable holds, for every BMP rune whose folded form differs from itself,
// that form. Building it once (a few milliseconds) spares a normalisation
// call per rune on the ingest path.
var foldTable = buildFoldTable()

func buildFoldTable() map[rune]string {
	t := make(map[rune]string, 4096)
	for r := rune(0x80); r <= 0xFFFF; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue
		}
		s := string(r)
		f := strings.ToLower(norm.NFKC.String(s))
		if f != s {
			t[r] = f
		}
	}
	return t
}

// foldRune returns the folded form of one rune.
func foldRune(r rune) string {
	if r <= 0xFFFF {
		if f, ok := foldTable[r]; ok {
			return f
		}
		return string(r)
	}
	return strings.ToLower(norm.NFKC.String(string(r)))
}
