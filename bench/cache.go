package main

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/lantai/lantai/search"
)

// Result-cache modes. search.Service keeps recent responses keyed by the
// request as typed, so repeating a query list measures the cache, not the
// search. In "miss" mode every request gets a whitespace suffix that the
// query syntax ignores but the cache key does not, so each search runs in
// full; "hit" mode repeats requests as they are.
const (
	cacheMiss = "miss"
	cacheHit  = "hit"
)

func checkCacheMode(mode string) error {
	if mode != cacheMiss && mode != cacheHit {
		return fmt.Errorf("--cache must be %q or %q, not %q", cacheMiss, cacheHit, mode)
	}
	return nil
}

// missSuffix is 16 spaces and tabs spelling n in binary: distinct for 65,536
// calls in a row, far more than the cache holds.
func missSuffix(n uint64) string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = ' '
		if n>>i&1 == 1 {
			b[i] = '\t'
		}
	}
	return string(b)
}

// cacheMissBackend is the service the web server gets in "miss" mode: every
// search misses the result cache (the web layer trims the query, so the
// suffix is added behind it).
type cacheMissBackend struct {
	*search.Service
	calls atomic.Uint64
}

// Search implements web.Backend.
func (b *cacheMissBackend) Search(ctx context.Context, req search.Request) (*search.Response, error) {
	req.Query += missSuffix(b.calls.Add(1))
	return b.Service.Search(ctx, req)
}
