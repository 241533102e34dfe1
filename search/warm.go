package search

import (
	"context"
	"time"

	"github.com/lantai/lantai/corpus"
)

// Warm builds, ahead of the first request that needs them, what is
// otherwise built lazily: the match texts that confirm literal matches,
// the completion candidates, their pinyin index and the table of
// same-sounding words behind did_you_mean. A server calls it in the
// background after opening, so no visitor waits for them.
func (s *Service) Warm(ctx context.Context) {
	start := time.Now()
	s.mu.RLock()
	ix, err := s.index()
	s.mu.RUnlock()
	if err != nil {
		return
	}
	prefetch := ix.Prefetch()
	si := s.buildSuggest(func(r corpus.Report) {
		if ctx.Err() == nil {
			prefetch(r)
		}
	})
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
	s.log.Info("warmed match texts, suggestions and corrections", "took", time.Since(start).Round(time.Millisecond))
}
