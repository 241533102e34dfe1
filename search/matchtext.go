package search

import (
	"errors"
	"log/slog"
	"sync"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/indexer"
)

// matchTexts gives the texts literal matches are confirmed in.
type matchTexts interface {
	// matchText returns a report's text, nil when the archive no longer
	// has the report or cannot read it.
	matchText(reportID string) (*matchText, error)
}

// defaultMatchTextBudget bounds the memory of the match-text cache: the
// whole real corpus (3,739 reports, 33 MB of text) takes about 70 MB.
const defaultMatchTextBudget = 256 << 20

// matchTextCache keeps reports' match texts, read from the archive on
// first use, up to a budget of bytes; past it, arbitrary entries make
// room. Every search that confirms a literal reads from it, so a warm
// cache is what makes confirming cheap.
type matchTextCache struct {
	archive *corpus.Archive
	budget  int
	log     *slog.Logger

	mu    sync.Mutex
	texts map[string]*matchText
	bytes int
	// forgets counts calls of forget: a text read from the archive
	// before one is not cached, since it may be the version forgotten.
	forgets uint64
	// unreadable holds the reports whose record could not be read, so
	// each is logged once.
	unreadable map[string]bool
}

func newMatchTextCache(a *corpus.Archive, budget int, log *slog.Logger) *matchTextCache {
	return &matchTextCache{archive: a, budget: budget, log: log, texts: map[string]*matchText{}, unreadable: map[string]bool{}}
}

// matchText implements matchTexts. A report the archive cannot read is
// logged and treated as gone.
func (c *matchTextCache) matchText(reportID string) (*matchText, error) {
	c.mu.Lock()
	t, ok := c.texts[reportID]
	forgets := c.forgets
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	r, err := c.archive.Get(reportID)
	if errors.Is(err, corpus.ErrNotFound) {
		return nil, nil
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
		return nil, nil
	}
	t = newMatchText(r)
	c.add(reportID, t, forgets)
	return t, nil
}

// newMatchText is the match text of a report.
func newMatchText(r corpus.Report) *matchText {
	t := &matchText{
		title:    indexer.MatchForm(r.Title),
		body:     indexer.MatchForm(r.Text),
		sections: make([]sectionMatchText, len(r.Sections)),
	}
	for i, s := range r.Sections {
		t.sections[i] = sectionMatchText{heading: indexer.MatchForm(s.Heading), text: indexer.MatchForm(s.Text)}
	}
	return t
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
		}
	}
}
