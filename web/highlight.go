package web

import (
	"html"
	"html/template"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/search"
)

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

// highlighter writes ranges of one text as escaped HTML with the matched
// spans wrapped in <mark>; the first mark written gets id="first-hit".
type highlighter struct {
	text      string
	spans     []search.Span
	firstDone bool
}

// write appends text[a:b] to w, escaped, with marks clipped to the range.
func (h *highlighter) write(w *strings.Builder, a, b int) {
	pos := a
	for _, sp := range h.spans {
		if sp.End <= a || sp.Start >= b {
			continue
		}
		s, e := max(sp.Start, a), min(sp.End, b)
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
	h := &highlighter{text: s, spans: search.Highlight(s, q), firstDone: true}
	var w strings.Builder
	h.write(&w, 0, len(s))
	return template.HTML(w.String())
}

// renderBody renders a report's text as HTML: a block per section span
// (id="s-<section id>", its number and heading in <strong>), the text
// between sections as plain blocks, everything escaped and q's terms marked
// — or, when at is a byte offset into the text (else -1), the sentence
// holding it, which a timeline point links to. sectionNav, if not nil,
// gives the HTML written after each section's heading (links to the same
// section in the series' other years).
// Section offsets that are out of range, overlapping or not on rune
// boundaries are ignored rather than trusted.
func renderBody(r *corpus.Report, q string, at int, sectionNav func(corpus.Section) string) template.HTML {
	text := strings.ToValidUTF8(r.Text, "\uFFFD")
	h := &highlighter{text: text, spans: search.Highlight(text, q)}
	if at >= 0 && at < len(text) {
		h.spans = []search.Span{sentenceSpan(text, at)}
	}
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
		if sectionNav != nil {
			w.WriteString(sectionNav(s))
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

// sentenceEnders end the sentence sentenceSpan marks.
const sentenceEnders = "。！？；!?;\n"

// sentenceSpan is the sentence of text holding byte offset at: from after
// the previous sentence end to its own end mark, surrounding spaces left
// out. at may fall inside a rune.
func sentenceSpan(text string, at int) search.Span {
	for at > 0 && !utf8.RuneStart(text[at]) {
		at--
	}
	start := 0
	if k := strings.LastIndexAny(text[:at], sentenceEnders); k >= 0 {
		_, size := utf8.DecodeRuneInString(text[k:])
		start = k + size
	}
	end := len(text)
	if k := strings.IndexAny(text[at:], sentenceEnders); k >= 0 {
		end = at + k
		if r, size := utf8.DecodeRuneInString(text[end:]); r != '\n' {
			end += size
		}
	}
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	return search.Span{Start: start, End: max(start, trimEnd(text, start, end))}
}
