package extract

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// zipUpdate rewrites the golden files of the package's tests; the other
// readers' tests look the flag up by name and share it.
var zipUpdate = flag.Bool("update", false, "rewrite the golden files with the current output")

// zipCheckGolden compares got with the golden file next to path, or
// rewrites it under -update.
func zipCheckGolden(t *testing.T, path, got string) {
	t.Helper()
	golden := strings.TrimSuffix(path, filepath.Ext(path)) + ".golden"
	if *zipUpdate {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s: the text differs from %s (go test -update rewrites it):\n%s", path, golden, zipLineDiff(string(want), got))
	}
}

// zipLineDiff shows the first lines where want and got differ.
func zipLineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 5; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want " + wl + "\n  got  " + gl + "\n")
			shown++
		}
	}
	return b.String()
}

// zipRuneF1 is the character-level F1 of got against want: the harmonic
// mean of precision and recall over the multisets of their non-space
// runes.
func zipRuneF1(want, got string) float64 {
	count := func(s string) map[rune]int {
		m := map[rune]int{}
		for _, r := range s {
			if !unicode.IsSpace(r) {
				m[r]++
			}
		}
		return m
	}
	w, g := count(want), count(got)
	var common, nw, ng int
	for r, n := range w {
		nw += n
		common += min(n, g[r])
	}
	for _, n := range g {
		ng += n
	}
	if nw == 0 || ng == 0 || common == 0 {
		return 0
	}
	p, r := float64(common)/float64(ng), float64(common)/float64(nw)
	return 2 * p * r / (p + r)
}
