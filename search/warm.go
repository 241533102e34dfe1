package search

import (
	"context"
	"time"

	"github.com/lantai/lantai/index"
)

// WarmedMessage is what Warm logs when it is done: the one sign that a
// server is warm (the scale bench waits for it).
const WarmedMessage = "warmed suggestions, corrections and series"

// Warm builds, ahead of the first request that needs them, what is
// otherwise built lazily: the index's own tables (one search of every
// document builds what a backend keeps per part of its index: Bleve's key
// tables, seconds at 30× the corpus), the completion candidates, their
// pinyin index, the table of same-sounding words behind did_you_mean, and
// the report series.
// A server calls it in the background after opening, so that no visitor
// waits for them. The texts literals are confirmed in need no warming:
// the index holds them. The citation graph is loaded here when the data
// folder keeps it for the archive's state, and not built: at 10× the
// corpus its build takes over ten seconds of CPU that searches would
// share, so it is built on the first request that needs it (a search's
// hits need it for their counts, and do not wait for it).
func (s *Service) Warm(ctx context.Context) {
	start := time.Now()
	s.warmCitations(ctx)
	s.mu.RLock()
	if ix, err := s.index(); err == nil {
		if _, err := ix.Search(ctx, index.Request{Size: 1}); err != nil {
			s.log.Warn("warming the index", "err", err)
		}
	}
	s.mu.RUnlock()
	// Through the one builder, so that a suggestion asked for meanwhile
	// waits for this pass over the archive instead of starting another.
	si := s.currentSuggest(ctx)
	if ctx.Err() != nil {
		return
	}
	if si != nil {
		s.pinyinIndexFor(si)
	}
	s.mu.RLock()
	if ix, err := s.index(); err == nil {
		if v, verr := ix.Vocabulary(); verr == nil {
			s.homophoneTable(v)
		}
	}
	s.mu.RUnlock()
	if _, _, err := s.allSeries(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("grouping report series", "err", err)
	}
	s.log.Info(WarmedMessage, "took", time.Since(start).Round(time.Millisecond))
}
