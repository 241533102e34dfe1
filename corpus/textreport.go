package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the plain-text layout's heuristics.
const (
	// maxTitleRunes is the longest first line taken whole as a title; a
	// longer one is a paragraph, and the title is cut from it.
	maxTitleRunes = 80
	// maxUnknownLabelRunes is the longest line taken as an unknown label
	// (一级类别, 公开方式 and the like are short).
	maxUnknownLabelRunes = 8
	// maxMetaValueRunes is the longest value of an unknown label; a longer
	// line is body text.
	maxMetaValueRunes = 100
)

// readTextReport reads the plain-text report layout of the seed: the title
// on line 1, then a metadata block of label/value pairs, then the body.
//
// In the block a pair is either a label line followed by its value line
// ("索引号" / "01525685-0/20221219-00001") or one "label：value" line.
// Labels may be padded with spaces ("文      号"). A known label directly
// followed by another known label has an empty value. Unknown labels are
// kept in Extra when they look like labels (a short line without
// punctuation or digits followed by a short value, or "X：Y" with such an
// X) and the block has already started with a known label, or a known
// label follows their value. The block ends at
// the first line that is none of these; the body runs from there to the
// end. A file with no metadata block still gives a report: its title is
// the first line (cut to a sane length) and the body is everything after
// it, or the whole text when the first line is a paragraph.
func readTextReport(in input) ([]Document, []error) {
	r := Report{
		Source:   in.Name,
		SHA256:   SHA256Hex(in.Data),
		Format:   FormatText,
		Encoding: in.Encoding,
	}
	text := in.Text
	off := skipEmptyLines(text, 0)
	first, next := lineAt(text, off)
	bodyStart := off
	if title := strings.TrimSpace(first); !isKnownLabel(NormalizeLabel(title)) && !isLabelValueLine(title) {
		if utf8.RuneCountInString(title) <= maxTitleRunes {
			r.Title = title
			bodyStart = next
		} else {
			r.Title = cutTitle(title)
		}
	}
	bodyStart = readMetadataBlock(&r, text, bodyStart)
	r.Text = trimBody(text[bodyStart:])
	if r.Title == "" {
		line, _ := lineAt(r.Text, 0)
		r.Title = cutTitle(strings.TrimSpace(line))
	}
	r.Sections = ParseSections(r.Text)
	finishReport(&r)
	return []Document{{Original: in.Data, MediaType: textMediaType(in.Encoding), Report: r}}, nil
}

// readMetadataBlock reads label/value pairs from text[off:] into r and
// returns the offset where the body starts.
func readMetadataBlock(r *Report, text string, off int) int {
	started := false
	for {
		off = skipEmptyLines(text, off)
		line, next := lineAt(text, off)
		line = strings.TrimSpace(line)
		if line == "" {
			return off
		}
		if label, value, ok := splitLabelValue(line); ok && (isKnownLabel(label) || (started && value != "" && looksLikeLabel(label))) {
			if value == "" { // "索引号：" with the value on the next line
				if v, after := valueLine(text, next); v != "" {
					value, next = v, after
				}
			}
			applyMetadata(r, label, value)
			started, off = true, next
			continue
		}
		label := NormalizeLabel(line)
		known := isKnownLabel(label)
		if !known && !((started || isUnknownPair(text, next)) && looksLikeLabel(line)) {
			return off
		}
		value, after := valueLine(text, next)
		if !known && (value == "" || utf8.RuneCountInString(value) > maxMetaValueRunes) {
			return off
		}
		if value != "" {
			next = after
		}
		applyMetadata(r, label, value)
		started, off = true, next
	}
}

// valueLine returns the line at off as a value, or "" when it is blank or
// is itself a known label (the previous label's value is then empty).
func valueLine(text string, off int) (string, int) {
	line, next := lineAt(text, off)
	line = strings.TrimSpace(line)
	if line == "" || isKnownLabel(NormalizeLabel(line)) {
		return "", off
	}
	if _, heading := matchHeading(line, 0); heading {
		return "", off // the body starts right after an empty value
	}
	if isLabelValueLine(line) {
		return "", off
	}
	if looksLikeLabel(line) && isUnknownPair(text, next) {
		return "", off // "文号" / "公开方式" / "主动公开" / "浏览量": 文号 is empty
	}
	return line, next
}

// isUnknownPair reports whether the line at off is a value followed by a
// known label, which makes the line before it an unknown label rather than
// a value: "文号" / "公开方式" / "主动公开" / "浏览量".
func isUnknownPair(text string, off int) bool {
	value, next := lineAt(text, off)
	value = strings.TrimSpace(value)
	if value == "" || isKnownLabel(NormalizeLabel(value)) {
		return false
	}
	if label, v, ok := splitLabelValue(value); ok && v != "" && looksLikeLabel(label) {
		return false // a "label：value" line, so the line before it was a value
	}
	after, _ := lineAt(text, next)
	after = strings.TrimSpace(after)
	return isKnownLabel(NormalizeLabel(after)) || isLabelValueLine(after)
}

// splitLabelValue splits "label：value" (full-width or ASCII colon) and
// returns the normalised label.
func splitLabelValue(line string) (label, value string, ok bool) {
	i := strings.IndexAny(line, "：:")
	if i <= 0 {
		return "", "", false
	}
	_, size := utf8.DecodeRuneInString(line[i:])
	label = NormalizeLabel(line[:i])
	if label == "" || utf8.RuneCountInString(label) > maxUnknownLabelRunes {
		return "", "", false
	}
	return label, strings.TrimSpace(line[i+size:]), true
}

// isLabelValueLine reports whether line is a "known label：value" pair.
func isLabelValueLine(line string) bool {
	label, _, ok := splitLabelValue(line)
	return ok && isKnownLabel(label)
}

// looksLikeLabel reports whether s could be an unknown metadata label: a
// few characters with no punctuation (a trailing colon included: "各位代表："
// opens a speech) or digits, and no section number.
func looksLikeLabel(s string) bool {
	if strings.ContainsAny(s, "：:") {
		return false
	}
	s = NormalizeLabel(s)
	n := utf8.RuneCountInString(s)
	if n == 0 || n > maxUnknownLabelRunes {
		return false
	}
	if _, ok := matchHeading(s, 0); ok {
		return false
	}
	for _, r := range s {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// cutTitle shortens a first line that is really a paragraph to its first
// sentence, or to maxTitleRunes.
func cutTitle(s string) string {
	if i := strings.IndexAny(s, "。！？"); i > 0 && utf8.RuneCountInString(s[:i]) <= maxTitleRunes {
		return s[:i]
	}
	n := 0
	for i := range s {
		if n == maxTitleRunes {
			return s[:i]
		}
		n++
	}
	return s
}

// lineAt returns the line starting at off (without its "\n") and the
// offset after it.
func lineAt(text string, off int) (string, int) {
	if off >= len(text) {
		return "", len(text)
	}
	if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
		return text[off : off+i], off + i + 1
	}
	return text[off:], len(text)
}

// skipEmptyLines returns the offset of the first line at or after off that
// has something other than whitespace on it.
func skipEmptyLines(text string, off int) int {
	for off < len(text) {
		line, next := lineAt(text, off)
		if strings.TrimSpace(line) != "" {
			return off
		}
		off = next
	}
	return len(text)
}

// trimBody drops blank lines before the body and whitespace after it, and
// keeps the first line's indentation.
func trimBody(s string) string {
	return strings.TrimRightFunc(s[skipEmptyLines(s, 0):], unicode.IsSpace)
}

// textMediaType is the content type for serving a plain-text original.
func textMediaType(encoding string) string {
	if encoding == EncodingGB18030 {
		return "text/plain; charset=gb18030"
	}
	return "text/plain; charset=utf-8"
}
