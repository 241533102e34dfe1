// Package sizedlru is a least-recently-used cache bounded both by entries
// and by the bytes its values hold, as each value's size says: Lantai's
// caches of postings, confirmed literals and parsed reports hold values
// from a few bytes to megabytes, so a bound by entries alone grew with the
// corpus.
package sizedlru

import (
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Cache is safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu      sync.Mutex
	entries *lru.Cache[K, sized[V]]
	size    func(V) int
	bytes   int
	budget  int
}

// sized is a value with the size it was counted at when added.
type sized[V any] struct {
	value V
	size  int
}

// New returns a cache of at most entries values (entries > 0) and budget
// bytes of them as size counts them; size is called once per Add.
func New[K comparable, V any](entries, budget int, size func(V) int) *Cache[K, V] {
	c := &Cache[K, V]{size: size, budget: budget}
	c.entries, _ = lru.NewWithEvict(entries, func(_ K, v sized[V]) { c.bytes -= v.size })
	return c
}

// Get returns the value of key, marking it recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	v, ok := c.entries.Get(key)
	return v.value, ok
}

// Add keeps value under key, replacing what key had, and drops the least
// recently used values past the budget (never the last one).
func (c *Cache[K, V]) Add(key K, value V) {
	n := c.size(value)
	c.mu.Lock()
	defer c.mu.Unlock()
	// Replacing a value does not evict it: count it out here.
	if old, ok := c.entries.Peek(key); ok {
		c.bytes -= old.size
	}
	c.entries.Add(key, sized[V]{value, n})
	c.bytes += n
	for c.bytes > c.budget && c.entries.Len() > 1 {
		c.entries.RemoveOldest()
	}
}

// Remove drops key's value.
func (c *Cache[K, V]) Remove(key K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries.Remove(key)
}

// Purge drops every value.
func (c *Cache[K, V]) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries.Purge()
}

// Len is the number of values kept.
func (c *Cache[K, V]) Len() int { return c.entries.Len() }

// Bytes is the size of the values kept.
func (c *Cache[K, V]) Bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}
