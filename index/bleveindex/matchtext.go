package bleveindex

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/pierrec/lz4/v4"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/internal/fold"
)

// A literal's candidates are confirmed in the reports' own texts in
// MatchForm, and those texts live in the index itself: every report
// document stores its match text (FieldMatchText, encodeMatchText), which
// Bleve keeps compressed (snappy) in the segment files it maps, so the
// operating system pages them in and out and no text is held in the
// process's own memory. Reading one is Bleve's snappy decode (of bytes
// already compressed, so mostly a copy) and an LZ4 decode into a pooled
// buffer, which confirmation scans in place: the cost of a
// literal's first search grows with its candidates, never with the corpus
// (docs/BENCHMARKS.md, session 9). Earlier versions kept the texts in a
// cache of decoded reports, read from the archive past a 256 MiB budget at
// 0.3 ms a report: at ten times the shared corpus every query of two
// characters timed out.

// matchTexts gives the texts literal matches are confirmed in.
type matchTexts interface {
	// visit calls fn with the match text of the report document local
	// of segment seg of sets; fn must not keep the text, whose bytes
	// belong to the segment reader. found is false when the document
	// stores none.
	visit(sets *Sets, seg int, local uint32, fn func(*matchText)) (found bool, err error)
	// needle prepares a pattern for searching the texts.
	needle(pattern string) needle
}

// storedTexts are the match texts report documents store (FieldMatchText).
type storedTexts struct{ ix *Index }

// visit implements matchTexts.
func (s storedTexts) visit(sets *Sets, seg int, local uint32, fn func(*matchText)) (bool, error) {
	var found bool
	var decodeErr error
	err := sets.segs[seg].Segment().VisitStoredFields(uint64(local), func(field string, _ byte, value []byte, _ []uint64) bool {
		if field != FieldMatchText {
			return true
		}
		found = true
		decodeErr = unpackMatchText(value, fn)
		return false
	})
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		return false, fmt.Errorf("reading the match text of document %d of segment %d: %w", local, sets.segs[seg].Id(), err)
	}
	return found, nil
}

// needle implements matchTexts.
func (s storedTexts) needle(pattern string) needle { return s.ix.bytes.needle(pattern) }

// matchText is a report's text in MatchForm: title, body and each
// section's heading and own text. A decoded one (decode) shares the bytes
// it was decoded from.
type matchText struct {
	title, body string
	// headings are the sections' headings joined by headingSeparator, so
	// that one scan tells whether any holds a pattern.
	headings string
	sections []sectionMatchText
}

// headingSeparator joins the headings of matchText.headings: a byte
// MatchForm never writes (it turns control characters into a gap), so no
// pattern matches across two headings.
const headingSeparator = "\x00"

// sectionMatchText is a section's heading and own text in MatchForm.
// The text is mostly a piece of the report's body (at ≥ 0: its offset
// there), whose bytes it shares.
type sectionMatchText struct {
	heading, text string
	at            int
}

// newMatchText is the match text of a report.
func newMatchText(r corpus.Report) *matchText {
	t := &matchText{title: MatchForm(r.Title), body: MatchForm(r.Text), sections: make([]sectionMatchText, len(r.Sections))}
	headings := make([]string, len(r.Sections))
	for i, s := range r.Sections {
		headings[i] = MatchForm(s.Heading)
	}
	// Each section's heading is a piece of the joined headings, held once.
	t.headings = strings.Join(headings, headingSeparator)
	at, inBody := 0, 0
	for i, s := range r.Sections {
		heading := t.headings[at : at+len(headings[i])]
		at += len(headings[i]) + len(headingSeparator)
		text, start, next := pieceOf(t.body, inBody, MatchForm(s.Text))
		inBody = next
		t.sections[i] = sectionMatchText{heading: heading, text: text, at: start}
	}
	return t
}

// pieceOf returns piece as a substring of body when body holds it at or
// after from (sections come in the order of the text), with its offset
// and the offset after it, so that a section's match text shares the
// body's bytes; else piece itself, offset -1, and from. An empty piece
// stands at from.
func pieceOf(body string, from int, piece string) (text string, at, next int) {
	if piece == "" {
		return "", from, from
	}
	if i := strings.Index(body[from:], piece); i >= 0 {
		start := from + i
		return body[start : start+len(piece)], start, start + len(piece)
	}
	return piece, -1, from
}

// matchTextFormat is the first byte of an encoded match text; a change of
// the encoding is a new index Version as well.
const matchTextFormat = 1

// encode is the stored form of the text:
//
//	format byte
//	uvarint length + bytes: title, headings, body
//	uvarint number of sections, then per section:
//	  uvarint heading length, uvarint text offset in the body + 1
//	  (0: the text follows, after the last section), uvarint text length
//	the texts of the sections that are not pieces of the body, in order
func (t *matchText) encode() []byte {
	n := 1 + 3*binary.MaxVarintLen64 + len(t.title) + len(t.headings) + len(t.body) + binary.MaxVarintLen64 + len(t.sections)*3*binary.MaxVarintLen64
	for _, s := range t.sections {
		if s.at < 0 {
			n += len(s.text)
		}
	}
	b := make([]byte, 0, n)
	b = append(b, matchTextFormat)
	for _, s := range []string{t.title, t.headings, t.body} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(t.sections)))
	for _, s := range t.sections {
		b = binary.AppendUvarint(b, uint64(len(s.heading)))
		b = binary.AppendUvarint(b, uint64(s.at+1))
		b = binary.AppendUvarint(b, uint64(len(s.text)))
	}
	for _, s := range t.sections {
		if s.at < 0 {
			b = append(b, s.text...)
		}
	}
	return b
}

// matchTextLZ4 is the first byte of a packed match text: an LZ4 block of
// the encoding (pack). LZ4 at depth 5 keeps 0.456 of the corpus's match
// texts and decodes them at 2.9 GB/s, against snappy's 0.506 and 0.9 GB/s
// and zstd's 0.37 and 0.4–0.5 GB/s (one core, 2026-12-03): decoding is
// most of a literal's first search.
const matchTextLZ4 = 2

// maxMatchText bounds the decoded size a packed text may claim, so that a
// damaged length allocates nothing absurd.
const maxMatchText = 1 << 30

// lz4Compressors are reused across reports: a compressor's tables are
// most of its cost.
var lz4Compressors = sync.Pool{New: func() any { return &lz4.CompressorHC{Level: lz4.Level5} }}

// unpackScratch is what unpacking a text reuses: the decoded bytes and
// the section table, so that confirming thousands of candidates allocates
// nothing per candidate.
type unpackScratch struct {
	plain    []byte
	sections []sectionMatchText
}

var unpackScratches = sync.Pool{New: func() any { return new(unpackScratch) }}

// pack is the stored form of the text: its encoding, LZ4-compressed
// unless that does not make it smaller.
func (t *matchText) pack() []byte {
	plain := t.encode()
	c := lz4Compressors.Get().(*lz4.CompressorHC)
	defer lz4Compressors.Put(c)
	out := make([]byte, 1+binary.MaxVarintLen64+lz4.CompressBlockBound(len(plain)))
	out[0] = matchTextLZ4
	head := 1 + binary.PutUvarint(out[1:], uint64(len(plain)))
	n, err := c.CompressBlock(plain, out[head:])
	if err != nil || n == 0 || head+n >= len(plain) {
		return plain
	}
	return out[:head+n]
}

// unpackMatchText calls fn with the text b (pack) holds; fn must not keep
// it, as its bytes are reused.
func unpackMatchText(b []byte, fn func(*matchText)) error {
	var t matchText
	if len(b) == 0 || b[0] != matchTextLZ4 {
		if err := t.decode(b); err != nil {
			return err
		}
		fn(&t)
		return nil
	}
	n, used := binary.Uvarint(b[1:])
	if used <= 0 || n > maxMatchText {
		return fmt.Errorf("%w: bad length", errBadMatchText)
	}
	scratch := unpackScratches.Get().(*unpackScratch)
	defer unpackScratches.Put(scratch)
	if uint64(cap(scratch.plain)) < n {
		scratch.plain = make([]byte, n)
	}
	plain := scratch.plain[:n]
	got, err := lz4.UncompressBlock(b[1+used:], plain)
	if err != nil || uint64(got) != n {
		return fmt.Errorf("%w: %d of %d bytes decompressed: %v", errBadMatchText, got, n, err)
	}
	t.sections = scratch.sections
	err = t.decode(plain)
	scratch.sections = t.sections[:0]
	if err != nil {
		return err
	}
	fn(&t)
	return nil
}

// errBadMatchText marks a stored match text that does not decode.
var errBadMatchText = errors.New("damaged match text")

// decode sets t to the text b encodes (encode), its strings sharing b's
// bytes: t is valid while b is. It reuses t.sections' memory. A b that encode did not write is an error
// wrapping errBadMatchText, never a panic.
func (t *matchText) decode(b []byte) error {
	if len(b) == 0 || b[0] != matchTextFormat {
		return fmt.Errorf("%w: unknown format", errBadMatchText)
	}
	r := matchTextReader{b: b, at: 1}
	t.title, t.headings, t.body = r.text(), r.text(), r.text()
	n := r.number()
	if r.err != nil || n > uint64(len(b)) {
		return fmt.Errorf("%w: bad header", errBadMatchText)
	}
	if uint64(cap(t.sections)) >= n {
		t.sections = t.sections[:n]
		clear(t.sections)
	} else {
		t.sections = make([]sectionMatchText, n)
	}
	// own holds the lengths of the texts that follow the table, by
	// section; nil while there are none.
	var own []uint64
	heading, pieceEnd := 0, 0
	for i := range t.sections {
		hl, at, tl := r.number(), r.number(), r.number()
		if r.err != nil || heading > len(t.headings) || hl > uint64(len(t.headings)-heading) {
			return fmt.Errorf("%w: bad section %d", errBadMatchText, i)
		}
		s := &t.sections[i]
		s.heading = t.headings[heading : heading+int(hl)]
		heading += int(hl) + len(headingSeparator)
		if at == 0 {
			if own == nil {
				own = make([]uint64, n)
			}
			own[i], s.at = tl, -1
			continue
		}
		// Pieces of the body follow each other (pieceOf), as
		// sectionWeights needs.
		if at-1 < uint64(pieceEnd) || at-1 > uint64(len(t.body)) || tl > uint64(len(t.body))-(at-1) {
			return fmt.Errorf("%w: section %d out of the body or of order", errBadMatchText, i)
		}
		s.at = int(at - 1)
		s.text = t.body[s.at : s.at+int(tl)]
		pieceEnd = s.at + len(s.text)
	}
	if n > 0 && heading != len(t.headings)+len(headingSeparator) || n == 0 && t.headings != "" {
		return fmt.Errorf("%w: headings do not add up", errBadMatchText)
	}
	for i := range t.sections {
		if t.sections[i].at < 0 {
			t.sections[i].text = r.bytes(own[i])
		}
	}
	if r.err != nil || r.at != len(b) {
		return fmt.Errorf("%w: bad section texts", errBadMatchText)
	}
	return nil
}

// matchTextReader reads what encode wrote; the first error sticks.
type matchTextReader struct {
	b   []byte
	at  int
	err error
}

func (r *matchTextReader) number() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.at:])
	if n <= 0 {
		r.err = errBadMatchText
		return 0
	}
	r.at += n
	return v
}

// text reads a length and that many bytes.
func (r *matchTextReader) text() string { return r.bytes(r.number()) }

// bytes reads n bytes as a string that shares them.
func (r *matchTextReader) bytes(n uint64) string {
	if r.err != nil || n > uint64(len(r.b)-r.at) {
		r.err = errBadMatchText
		return ""
	}
	if n == 0 {
		return ""
	}
	s := unsafe.String(&r.b[r.at], int(n))
	r.at += int(n)
	return s
}

// weight is the sum of the field weights of the places where the needle
// stands in the document (the report itself when section < 0), 0 when
// nowhere: title, any heading, body.
func (t *matchText) weight(pattern needle, section int, titleOnly bool) float64 {
	var w float64
	if titleOnly || section < 0 {
		if pattern.in(t.title) {
			w += titleWeight
		}
		if titleOnly {
			return w
		}
		if pattern.in(t.body) {
			w += bodyWeight
			if pattern.in(t.headings) {
				w += headingWeight
			}
		}
		return w
	}
	if section >= len(t.sections) {
		return 0
	}
	s := t.sections[section]
	if pattern.in(s.heading) {
		w += headingWeight
	}
	if pattern.in(s.text) {
		w += bodyWeight
	}
	return w
}

// sectionWeights sets weights (len(t.sections) long, reused when it is
// long enough) to the weight of every section: one scan of the body and
// one of the headings find every occurrence of the needle, each credited
// to the section whose text or heading holds it whole, instead of a scan
// per section.
func (t *matchText) sectionWeights(pattern needle, weights []float64) []float64 {
	if cap(weights) < len(t.sections) {
		weights = make([]float64, len(t.sections))
	}
	weights = weights[:len(t.sections)]
	clear(weights)
	if len(t.sections) == 0 {
		return weights
	}
	// Pieces of the body are in the order of the body, and do not overlap
	// (pieceOf); own texts are scanned apart.
	var pieces []int
	for i, s := range t.sections {
		if s.at >= 0 {
			pieces = append(pieces, i)
		} else if pattern.in(s.text) {
			weights[i] += bodyWeight
		}
	}
	credited := -1
	pattern.each(t.body, func(at int) {
		// The last piece starting at or before at.
		k := sort.Search(len(pieces), func(k int) bool { return t.sections[pieces[k]].at > at }) - 1
		if k < 0 {
			return
		}
		i := pieces[k]
		s := t.sections[i]
		if at+len(pattern.pattern) <= s.at+len(s.text) && i != credited {
			weights[i] += bodyWeight
			credited = i
		}
	})
	heading, start, creditedHeading := 0, 0, -1
	pattern.each(t.headings, func(at int) {
		// Headings are in section order: walk to the one holding at.
		for heading < len(t.sections) && at >= start+len(t.sections[heading].heading)+len(headingSeparator) {
			start += len(t.sections[heading].heading) + len(headingSeparator)
			heading++
		}
		if heading < len(t.sections) && at+len(pattern.pattern) <= start+len(t.sections[heading].heading) && heading != creditedHeading {
			weights[heading] += headingWeight
			creditedHeading = heading
		}
	})
	return weights
}

// byteCounts counts the bytes of the texts an index has written or read,
// so that a needle searches by its rarest byte.
type byteCounts struct {
	mu     sync.Mutex
	counts [256]uint64
}

// add counts the bytes of s.
func (c *byteCounts) add(s string) {
	var local [256]uint64
	for i := 0; i < len(s); i++ {
		local[s[i]]++
	}
	c.mu.Lock()
	for i, n := range local {
		c.counts[i] += n
	}
	c.mu.Unlock()
}

// needle is pattern with the offset of its byte rarest in the texts
// counted.
func (c *byteCounts) needle(pattern string) needle {
	c.mu.Lock()
	defer c.mu.Unlock()
	return newNeedle(pattern, &c.counts)
}

// needle is a pattern to search texts for, by its rarest byte: in Chinese
// UTF-8 the first byte of a pattern (0xE4–0xE9) starts almost every
// character, so strings.Index stops at every one; a rare continuation byte
// lets bytes be skipped at memchr speed (7.5 GB/s against 1.2 GB/s on a
// national report, 2026-11-28).
type needle struct {
	pattern string
	// rare is the offset in pattern of its rarest byte.
	rare int
}

// newNeedle picks the byte of pattern that counts says is rarest; with no
// counts, the last byte, a continuation byte in Chinese text.
func newNeedle(pattern string, counts *[256]uint64) needle {
	n := needle{pattern: pattern, rare: len(pattern) - 1}
	if n.rare < 0 {
		n.rare = 0
	}
	for i := 0; i < len(pattern); i++ {
		if counts[pattern[i]] < counts[pattern[n.rare]] {
			n.rare = i
		}
	}
	return n
}

// in reports whether s contains the pattern.
func (n needle) in(s string) bool { return n.index(s) >= 0 }

// index is the offset of the first occurrence of the pattern in s, -1
// when there is none.
func (n needle) index(s string) int { return fold.IndexRare(s, n.pattern, n.rare) }

// each calls fn with the offset of every occurrence of the pattern in s,
// overlapping ones too, in order; an empty pattern has none.
func (n needle) each(s string, fn func(at int)) {
	if n.pattern == "" {
		return
	}
	for from := 0; from < len(s); {
		i := n.index(s[from:])
		if i < 0 {
			return
		}
		fn(from + i)
		from += i + 1
	}
}
