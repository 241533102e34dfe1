package search

import (
	"context"
	"time"
)

// Warm builds, ahead of the first request that needs them, what is
// otherwise built lazily: the completion candidates, their pinyin index
// and the table of same-sounding words behind did_you_mean. A server
// calls it in the background after opening, so no visitor waits for them.
// Searches need no warming: the index holds the texts literals are
// confirmed in.
func (s *Service) Warm(ctx context.Context) {
	start := time.Now()
	si := s.buildSuggest()
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
	s.log.Info("warmed suggestions and corrections", "took", time.Since(start).Round(time.Millisecond))
}
