package search

import (
	"encoding/json"
	"strconv"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/lantai/lantai/internal/sizedlru"
)

// resultCache keeps recent responses, keyed by the normalised request and
// the index generation, so that paging back, reloading a page or many
// visitors asking the same thing cost one search. Any write to the index
// starts a new generation, so a cached response is never stale.
type resultCache struct {
	gen     atomic.Uint64
	entries *lru.Cache[string, *Response]
}

func newResultCache(size int) *resultCache {
	c, _ := lru.New[string, *Response](size)
	return &resultCache{entries: c}
}

// invalidate starts a new generation after a write.
func (c *resultCache) invalidate() { c.gen.Add(1) }

// key identifies a normalised request in the current generation.
func (c *resultCache) key(kind string, req Request) string {
	b, _ := json.Marshal(req)
	return kind + "|" + strconv.FormatUint(c.gen.Load(), 10) + "|" + string(b)
}

// get returns a copy of a cached response: callers may set TookMS.
func (c *resultCache) get(key string) (*Response, bool) {
	r, ok := c.entries.Get(key)
	if !ok {
		return nil, false
	}
	cp := *r
	return &cp, true
}

func (c *resultCache) put(key string, r *Response) {
	cp := *r
	c.entries.Add(key, &cp)
}

// newReportCache returns the cache of parsed archive records
// (cachedReport) for snippets, hits and report pages, the least recently
// used dropped first, bounded by entries and by bytes: a count alone let a
// corpus of long reports hold hundreds of megabytes.
func newReportCache(entries, budget int) *sizedlru.Cache[string, *cachedReport] {
	return sizedlru.New[string](entries, budget, (*cachedReport).size)
}
