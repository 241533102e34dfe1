package web

import (
	"html"
	"html/template"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/lantai/lantai/corpus"
)

// maxHighlightTerms bounds the work a long query can cause on a long report.
const maxHighlightTerms = 16

// safeSnippet re-escapes a backend snippet so that only <mark> and </mark>
// survive as markup, balanced. The backend promises exactly that already;
// this makes the page safe even if it ever does not.
func safeSnippet(s string) template.HTML {
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(reescape(s))
			break
		}
		b.WriteString(reescape(s[:i]))
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<mark>"):
			if !open {
				b.WriteString("<mark>")
				open = true
			}
			s = s[len("<mark>"):]
		case strings.HasPrefix(s, "</mark>"):
			if open {
				b.WriteString("</mark>")
				open = false
			}
			s = s[len("</mark>"):]
		default:
			b.WriteString("&lt;")
			s = s[1:]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(strings.ToValidUTF8(b.String(), "\uFFFD"))
}

// reescape turns already-escaped text back into text and escapes it again,
// so entities display as before while any raw markup becomes inert.
func reescape(s string) string {
	return html.EscapeString(html.UnescapeString(s))
}

// queryTerms extracts the literal words of a query for highlighting: quoted
// phrases whole, field values without their field, excluded words, operators
// and year filters left out.
func queryTerms(q string) []string {
	var terms []string
	keep := func(t string) {
		if fold(t) != "" && !slices.Contains(terms, t) && len(terms) < maxHighlightTerms {
			terms = append(terms, t)
		}
	}
	add := func(t string) {
		t = strings.Trim(t, "()（）\"“”")
		if t == "" || t == "OR" || t == "AND" || t == "NOT" || t == "|" {
			return
		}
		if k, v, ok := strings.Cut(t, ":"); ok {
			switch strings.ToLower(k) {
			case "year":
				return
			case "title", "agency", "catalog", "doc_no", "index_no", "heading":
				t = strings.Trim(v, "()（）\"“”")
			}
		}
		keep(t)
	}
	rest := strings.TrimSpace(q)
	for rest != "" {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		if strings.HasPrefix(rest, "-") {
			rest = skipExcluded(rest[1:])
			continue
		}
		// A quoted phrase, possibly after a field prefix like title:"…".
		if i := strings.IndexAny(rest, "\"“"); i >= 0 && !strings.ContainsFunc(rest[:i], unicode.IsSpace) {
			prefix := rest[:i]
			_, qlen := utf8.DecodeRuneInString(rest[i:])
			body := rest[i+qlen:]
			if j := strings.IndexAny(body, "\"”"); j >= 0 {
				// A phrase is literal: its brackets are part of it.
				if !strings.EqualFold(prefix, "year:") {
					keep(body[:j])
				}
				_, closeLen := utf8.DecodeRuneInString(body[j:])
				rest = body[j+closeLen:]
				continue
			}
		}
		end := tokenEnd(rest)
		add(rest[:end])
		rest = rest[end:]
	}
	return terms
}

// skipExcluded drops an excluded word or quoted phrase (after its "-").
func skipExcluded(s string) string {
	if strings.HasPrefix(s, "\"") || strings.HasPrefix(s, "“") {
		_, q := utf8.DecodeRuneInString(s)
		if j := strings.IndexAny(s[q:], "\"”"); j >= 0 {
			_, c := utf8.DecodeRuneInString(s[q+j:])
			return s[q+j+c:]
		}
	}
	return s[tokenEnd(s):]
}

// tokenEnd is the byte length of the first whitespace-delimited token.
func tokenEnd(s string) int {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return i
	}
	return len(s)
}

// fold is the matching form: NFKC (width folding) and lower case.
func fold(s string) string {
	return strings.ToLower(norm.NFKC.String(s))
}

// span is a byte range [start, end) of the original text.
type span struct{ start, end int }

// findTerms returns the merged, sorted ranges of text where any term occurs,
// compared NFKC- and case-insensitively. Ranges are rune-aligned.
func findTerms(text string, terms []string) []span {
	if len(terms) == 0 || text == "" {
		return nil
	}
	// Fold rune by rune, remembering which original rune each folded byte
	// came from, so matches map back to the text as written.
	var folded strings.Builder
	var from, to []int
	for i, r := range text {
		f := fold(string(r))
		folded.WriteString(f)
		for range len(f) {
			from = append(from, i)
			to = append(to, i+utf8.RuneLen(r))
		}
	}
	ft := folded.String()
	var spans []span
	for _, t := range terms {
		ftm := fold(t)
		if ftm == "" {
			continue
		}
		for off := 0; off < len(ft); {
			j := strings.Index(ft[off:], ftm)
			if j < 0 {
				break
			}
			a, b := off+j, off+j+len(ftm)
			spans = append(spans, span{from[a], to[b-1]})
			off = b
		}
	}
	slices.SortFunc(spans, func(x, y span) int { return x.start - y.start })
	var merged []span
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// highlighter writes ranges of one text as escaped HTML with the matched
// spans wrapped in <mark>; the first mark written gets id="first-hit".
type highlighter struct {
	text      string
	spans     []span
	firstDone bool
}

// write appends text[a:b] to w, escaped, with marks clipped to the range.
func (h *highlighter) write(w *strings.Builder, a, b int) {
	pos := a
	for _, sp := range h.spans {
		if sp.end <= a || sp.start >= b {
			continue
		}
		s, e := max(sp.start, a), min(sp.end, b)
		if s > pos {
			w.WriteString(html.EscapeString(h.text[pos:s]))
		}
		if h.firstDone {
			w.WriteString("<mark>")
		} else {
			w.WriteString(`<mark id="first-hit">`)
			h.firstDone = true
		}
		w.WriteString(html.EscapeString(h.text[s:e]))
		w.WriteString("</mark>")
		pos = e
	}
	if pos < b {
		w.WriteString(html.EscapeString(h.text[pos:b]))
	}
}

// highlightText is s escaped with the terms of q marked.
func highlightText(s, q string) template.HTML {
	s = strings.ToValidUTF8(s, "\uFFFD")
	h := &highlighter{text: s, spans: findTerms(s, queryTerms(q)), firstDone: true}
	var w strings.Builder
	h.write(&w, 0, len(s))
	return template.HTML(w.String())
}

// renderBody renders a report's text as HTML: a block per section span
// (id="s-<section id>", its number and heading in <strong>), the text
// between sections as plain blocks, everything escaped and q's terms marked.
// Section offsets that are out of range, overlapping or not on rune
// boundaries are ignored rather than trusted.
func renderBody(r *corpus.Report, q string) template.HTML {
	text := strings.ToValidUTF8(r.Text, "\uFFFD")
	h := &highlighter{text: text, spans: findTerms(text, queryTerms(q))}
	secs := make([]corpus.Section, 0, len(r.Sections))
	for _, s := range r.Sections {
		if s.Start >= 0 && s.Start <= s.End && s.End <= len(text) && s.Start < s.End &&
			utf8.RuneStart(text[s.Start]) && (s.End == len(text) || utf8.RuneStart(text[s.End])) {
			secs = append(secs, s)
		}
	}
	slices.SortStableFunc(secs, func(a, b corpus.Section) int { return a.Start - b.Start })

	var w strings.Builder
	pos := 0
	for _, s := range secs {
		if s.Start < pos {
			continue
		}
		if s.Start > pos {
			writeBlock(&w, h, pos, s.Start)
		}
		level := min(max(s.Level, 1), 4)
		w.WriteString(`<div class="sec l` + string(rune('0'+level)) + `" id="s-` + html.EscapeString(s.ID) + `">`)
		hEnd := headingEnd(text[s.Start:s.End], s.Number, s.Heading)
		if hEnd > 0 {
			w.WriteString(`<strong class="sec-h">`)
			h.write(&w, s.Start, s.Start+hEnd)
			w.WriteString(`</strong>`)
		}
		h.write(&w, s.Start+hEnd, trimEnd(text, s.Start+hEnd, s.End))
		w.WriteString("</div>")
		pos = s.End
	}
	if pos < len(text) {
		writeBlock(&w, h, pos, len(text))
	}
	return template.HTML(w.String())
}

// writeBlock writes text[a:b] as a plain block without its surrounding
// whitespace, skipping whitespace-only gaps. The blocks keep line breaks
// (white-space: pre-line), so a blank line left at either end would show
// as a gap above or below the paragraph.
func writeBlock(w *strings.Builder, h *highlighter, a, b int) {
	b = trimEnd(h.text, a, b)
	a = b - len(strings.TrimLeftFunc(h.text[a:b], unicode.IsSpace))
	if a == b {
		return
	}
	w.WriteString(`<div class="para">`)
	h.write(w, a, b)
	w.WriteString("</div>")
}

// trimEnd is b moved back over the whitespace that ends text[a:b].
func trimEnd(text string, a, b int) int {
	return a + len(strings.TrimRightFunc(text[a:b], unicode.IsSpace))
}

// headingEnd is the byte length of the number-and-heading prefix of a
// section's span, or 0 when the span does not start with them as written.
func headingEnd(span, number, heading string) int {
	rest := strings.TrimLeftFunc(span, unicode.IsSpace)
	lead := len(span) - len(rest)
	if number == "" && heading == "" {
		return 0
	}
	if !strings.HasPrefix(rest, number) {
		return 0
	}
	after := rest[len(number):]
	trimmed := strings.TrimLeft(after, " \t\u3000")
	if heading == "" || !strings.HasPrefix(trimmed, heading) {
		if number == "" {
			return 0
		}
		return lead + len(number)
	}
	return lead + len(number) + (len(after) - len(trimmed)) + len(heading)
}
