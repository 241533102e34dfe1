package series

import "unicode/utf8"

// maxInlineCells bounds the token LCS of two changed sentences; beyond it
// (two sentences of some 250 tokens each, after their common ends are cut)
// what lies between the common ends is shown as replaced whole.
const maxInlineCells = 1 << 16

// inlineDiff returns the spans of a changed pair: what a and b share and
// what each has alone, in order, a removed span before the added one that
// replaces it. Tokens are single characters, except that a run of digits
// (with its . , and %) or of Latin letters is one token, so that 125 → 143
// is one figure replaced rather than two digits. A kept run of one
// character between two changes is folded into them: a Chinese sentence
// rewritten around a shared 的 reads better as one replacement.
func inlineDiff(a, b string) []Span {
	ta, tb := inlineTokens(a), inlineTokens(b)
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	var ops []tokenOp
	for _, t := range ta[:pre] {
		ops = append(ops, tokenOp{Same, t})
	}
	ma, mb := ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]
	if len(ma)*len(mb) <= maxInlineCells {
		ops = append(ops, tokenLCS(ma, mb)...)
	} else {
		for _, t := range ma {
			ops = append(ops, tokenOp{Removed, t})
		}
		for _, t := range mb {
			ops = append(ops, tokenOp{Added, t})
		}
	}
	for _, t := range ta[len(ta)-suf:] {
		ops = append(ops, tokenOp{Same, t})
	}
	return spansOf(ops)
}

// tokenOp is one token kept, removed or added.
type tokenOp struct{ kind, text string }

// inlineTokens splits s into the tokens inlineDiff compares.
func inlineTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case isDigitRune(r):
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				inside := (r2 == '.' || r2 == ',') && j+n < len(s) && isDigitRune(firstRune(s[j+n:]))
				if !isDigitRune(r2) && !inside && r2 != '%' && r2 != '％' {
					break
				}
				j += n
			}
		case isLatin(r):
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !isLatin(r2) {
					break
				}
				j += n
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// isLatin reports an ASCII letter.
func isLatin(r rune) bool { return 'a' <= r|0x20 && r|0x20 <= 'z' }

// tokenLCS is the dynamic-programming diff of two token lists, removals
// before additions where both are possible.
func tokenLCS(a, b []string) []tokenOp {
	n, m := len(a), len(b)
	t := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int32 { return t[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(at(i+1, j), at(i, j+1))
			if a[i] == b[j] {
				v = at(i+1, j+1) + 1
			}
			t[i*(m+1)+j] = v
		}
	}
	var out []tokenOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, tokenOp{Same, a[i]})
			i++
			j++
		case at(i+1, j) >= at(i, j+1):
			out = append(out, tokenOp{Removed, a[i]})
			i++
		default:
			out = append(out, tokenOp{Added, b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, tokenOp{Removed, a[i]})
	}
	for ; j < m; j++ {
		out = append(out, tokenOp{Added, b[j]})
	}
	return out
}

// region is a run of kept text, or a run of edits with what it removed
// and what it added.
type region struct {
	same         bool
	text         string // kept text
	removed, add string // an edit's two sides
}

// spansOf merges token operations into regions, folds a kept run of one
// character between two edits into them, and writes each edit as its
// removed span, then its added span.
func spansOf(ops []tokenOp) []Span {
	var rs []region
	for _, op := range ops {
		same := op.kind == Same
		if len(rs) == 0 || rs[len(rs)-1].same != same {
			rs = append(rs, region{same: same})
		}
		r := &rs[len(rs)-1]
		switch op.kind {
		case Same:
			r.text += op.text
		case Removed:
			r.removed += op.text
		default:
			r.add += op.text
		}
	}
	var merged []region
	for k := 0; k < len(rs); k++ {
		r := rs[k]
		if r.same && k > 0 && k+1 < len(rs) && utf8.RuneCountInString(r.text) < 2 {
			last := &merged[len(merged)-1]
			next := rs[k+1]
			last.removed += r.text + next.removed
			last.add += r.text + next.add
			k++
			continue
		}
		merged = append(merged, r)
	}
	var out []Span
	for _, r := range merged {
		if r.same {
			out = append(out, Span{Kind: Same, Text: r.text})
			continue
		}
		if r.removed != "" {
			out = append(out, Span{Kind: Removed, Text: r.removed})
		}
		if r.add != "" {
			out = append(out, Span{Kind: Added, Text: r.add})
		}
	}
	return out
}
