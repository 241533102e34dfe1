package search

import (
	"errors"
	"log/slog"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/indexer"
)

// matchTexts gives the texts literal matches are confirmed in.
type matchTexts interface {
	// matchText returns a report's text, nil when the archive no longer
	// has the report or cannot read it.
	matchText(reportID string) *matchText
	// needle prepares a pattern for searching the texts.
	needle(pattern string) needle
}

// defaultMatchTextBudget bounds the memory of the match-text cache: the
// whole real corpus (3,739 reports, 33 MB of text) takes 118 MB with its gram filters (78 MB).
const defaultMatchTextBudget = 256 << 20

// matchTextCache keeps reports' match texts, read from the archive on
// first use, up to a budget of bytes; past it, arbitrary entries make
// room. Every search that confirms a literal reads from it, so a warm
// cache is what makes confirming cheap.
type matchTextCache struct {
	archive *archive.Archive
	budget  int
	log     *slog.Logger

	mu    sync.Mutex
	texts map[string]*matchText
	bytes int
	// byteCounts counts the bytes of the texts cached, for needle.
	byteCounts [256]uint64
	// forgets counts calls of forget: a text read from the archive
	// before one is not cached, since it may be the version forgotten.
	forgets uint64
	// unreadable holds the reports whose record could not be read, so
	// each is logged once.
	unreadable map[string]bool
}

func newMatchTextCache(a *archive.Archive, budget int, log *slog.Logger) *matchTextCache {
	return &matchTextCache{archive: a, budget: budget, log: log, texts: map[string]*matchText{}, unreadable: map[string]bool{}}
}

// matchText implements matchTexts. A report the archive cannot read is
// logged and treated as gone.
func (c *matchTextCache) matchText(reportID string) *matchText {
	c.mu.Lock()
	t, ok := c.texts[reportID]
	forgets := c.forgets
	c.mu.Unlock()
	if ok {
		return t
	}
	r, err := c.archive.Get(reportID)
	if errors.Is(err, archive.ErrNotFound) {
		return nil
	}
	if err != nil {
		// A damaged record (the archive names its pack) must not fail
		// every search that meets one of its documents: they match no
		// literal until the report is stored again.
		c.mu.Lock()
		first := !c.unreadable[reportID]
		c.unreadable[reportID] = true
		c.mu.Unlock()
		if first {
			c.log.Warn("report text unreadable; its documents match no literal", "id", reportID, "err", err)
		}
		return nil
	}
	t = newMatchText(r)
	c.add(reportID, t, forgets)
	return t
}

// newMatchText is the match text of a report.
func newMatchText(r corpus.Report) *matchText {
	t := &matchText{
		title:    indexer.MatchForm(r.Title),
		body:     indexer.MatchForm(r.Text),
		sections: make([]sectionMatchText, len(r.Sections)),
	}
	headings := make([]string, len(r.Sections))
	pairs := make([][2]string, len(r.Sections))
	for i, s := range r.Sections {
		headings[i] = indexer.MatchForm(s.Heading)
	}
	// Each section's heading is a piece of the joined headings, held once.
	t.headings = strings.Join(headings, headingSeparator)
	at, inBody := 0, 0
	for i, s := range r.Sections {
		heading := t.headings[at : at+len(headings[i])]
		at += len(headings[i]) + len(headingSeparator)
		text, next, shared := pieceOf(t.body, inBody, indexer.MatchForm(s.Text))
		inBody = next
		t.sections[i] = sectionMatchText{heading: heading, text: text, ownText: !shared}
		pairs[i] = [2]string{heading, text}
	}
	t.sectionGrams = newSectionGrams(pairs)
	// The report's filter holds its title, body and headings, and the
	// texts of the sections that are not pieces of the body.
	texts := []string{t.title, t.body, t.headings}
	for _, s := range t.sections {
		if s.ownText {
			texts = append(texts, s.text)
		}
	}
	runes := 0
	for _, s := range texts {
		runes += utf8.RuneCountInString(s)
	}
	t.grams = newGramFilter(runes, texts...)
	return t
}

// pieceOf returns piece as a substring of body when body holds it at or
// after from (sections come in the order of the text), with the offset
// after it and shared set, so that a section's match text shares the
// body's memory (an empty piece has none to share); else piece itself
// and from.
func pieceOf(body string, from int, piece string) (text string, next int, shared bool) {
	if piece == "" {
		return "", from, true
	}
	if i := strings.Index(body[from:], piece); i >= 0 {
		start := from + i
		return body[start : start+len(piece)], start + len(piece), true
	}
	return piece, from, false
}

// add caches a text read when forget had been called forgets times.
func (c *matchTextCache) add(reportID string, t *matchText, forgets uint64) {
	size := t.size()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.forgets != forgets {
		return
	}
	if old, ok := c.texts[reportID]; ok {
		c.bytes -= old.size()
	}
	for id, old := range c.texts {
		if c.bytes+size <= c.budget {
			break
		}
		c.bytes -= old.size()
		delete(c.texts, id)
	}
	c.texts[reportID] = t
	c.bytes += size
	t.countBytes(&c.byteCounts)
}

// forget drops a report's text: a new version or a deletion made it stale.
func (c *matchTextCache) forget(reportID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgets++
	delete(c.unreadable, reportID)
	if old, ok := c.texts[reportID]; ok {
		c.bytes -= old.size()
		delete(c.texts, reportID)
	}
}

// forgetCount is how many times forget has been called; offer takes it.
func (c *matchTextCache) forgetCount() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.forgets
}

// offer caches the text of a report read from the archive while warming,
// unless the budget is reached or a report was forgotten since forgetCount
// said forgets (the text read may be the version forgotten).
func (c *matchTextCache) offer(r corpus.Report, forgets uint64) {
	c.mu.Lock()
	full := c.bytes >= c.budget || c.forgets != forgets
	_, have := c.texts[r.ID]
	c.mu.Unlock()
	if full || have {
		return
	}
	t := newMatchText(r)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.forgets == forgets && c.bytes+t.size() <= c.budget {
		if _, have := c.texts[r.ID]; !have {
			c.texts[r.ID] = t
			c.bytes += t.size()
			t.countBytes(&c.byteCounts)
		}
	}
}

// matchText is a report's text in indexer.MatchForm: title, body and
// each section's heading and own text.
type matchText struct {
	title, body string
	// headings are the sections' headings joined by headingSeparator, so
	// that one scan tells whether any holds a pattern.
	headings string
	sections []sectionMatchText
	// grams filters out, without a scan, the patterns none of the texts
	// above can contain (grams.go); sectionGrams, those a section's
	// heading and text cannot.
	grams        gramFilter
	sectionGrams sectionGrams
}

// headingSeparator joins the headings of matchText.headings: a byte
// MatchForm never writes (it turns control characters into a gap), so no
// pattern matches across two headings.
const headingSeparator = "\x00"

// sectionMatchText is a section's heading and own text in MatchForm.
// The text is mostly a piece of the report's body (ownText false), whose
// memory it shares.
type sectionMatchText struct {
	heading, text string
	ownText       bool
}

// size is the approximate number of bytes the text holds in memory.
func (t *matchText) size() int {
	n := len(t.title) + len(t.body) + len(t.headings) + t.grams.size() + t.sectionGrams.size() + 64
	for _, s := range t.sections {
		n += 32
		if s.ownText {
			n += len(s.text)
		}
	}
	return n
}

// weight is the sum of the field weights of the places where the needle
// stands in the document (the report itself when section < 0), 0 when
// nowhere: title, any heading, body.
func (t *matchText) weight(pattern needle, section int, titleOnly bool) float64 {
	if !t.mayHold(pattern) {
		return 0
	}
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
	return t.sectionWeight(pattern, section)
}

// mayHold is false when the report's texts cannot contain the needle.
func (t *matchText) mayHold(pattern needle) bool {
	return t.grams.mayHold(pattern.windows)
}

// sectionWeight is the weight of the places where the needle stands in a
// section of the report (heading, text), 0 when nowhere or when the
// report has no such section. It asks the section's gram filter, not the
// report's.
func (t *matchText) sectionWeight(pattern needle, section int) float64 {
	if section < 0 || section >= len(t.sections) || !t.sectionGrams.mayHold(section, pattern.sectionWindows) {
		return 0
	}
	return t.scanSection(pattern, section)
}

// sectionWeights sets weights (len(t.sections) long, reused when it is
// long enough) to sectionWeight of every section, asking the sections'
// filters all at once; callers ask the report's (mayHold) first.
func (t *matchText) sectionWeights(pattern needle, weights []float64) []float64 {
	if cap(weights) < len(t.sections) {
		weights = make([]float64, len(t.sections))
	}
	weights = weights[:len(t.sections)]
	clear(weights)
	t.sectionGrams.each(pattern.sectionWindows, func(section int) {
		weights[section] = t.scanSection(pattern, section)
	})
	return weights
}

// scanSection looks for the needle in a section's heading and text.
func (t *matchText) scanSection(pattern needle, section int) float64 {
	var w float64
	s := t.sections[section]
	if pattern.in(s.heading) {
		w += headingWeight
	}
	if pattern.in(s.text) {
		w += bodyWeight
	}
	return w
}

// countBytes adds the counts of the text's body bytes to counts.
func (t *matchText) countBytes(counts *[256]uint64) {
	for i := 0; i < len(t.body); i++ {
		counts[t.body[i]]++
	}
}

// needle implements matchTexts: the pattern with the offset of its byte
// that is rarest in the texts cached so far.
func (c *matchTextCache) needle(pattern string) needle {
	c.mu.Lock()
	defer c.mu.Unlock()
	return newNeedle(pattern, &c.byteCounts)
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
	// windows are the hashes of the pattern's windows for a report's
	// gramFilter, sectionWindows for a section's.
	windows, sectionWindows []uint64
}

// newNeedle picks the byte of pattern that counts says is rarest; with no
// counts, the last byte, a continuation byte in Chinese text.
func newNeedle(pattern string, counts *[256]uint64) needle {
	n := needle{pattern: pattern, rare: len(pattern) - 1, windows: windowHashes(pattern), sectionWindows: sectionWindowHashes(pattern)}
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
func (n needle) index(s string) int {
	p := n.pattern
	if len(p) == 0 {
		return 0
	}
	if len(s) < 64 {
		return strings.Index(s, p)
	}
	c := p[n.rare]
	for i := n.rare; i < len(s); {
		j := strings.IndexByte(s[i:], c)
		if j < 0 {
			return -1
		}
		start := i + j - n.rare
		if start+len(p) <= len(s) && s[start:start+len(p)] == p {
			return start
		}
		i += j + 1
	}
	return -1
}
