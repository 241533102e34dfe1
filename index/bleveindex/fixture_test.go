package bleveindex

import (
	"testing"

	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/index/indextest"
)

// newTestBackend is a backend with the default caches.
func newTestBackend(t testing.TB) *Backend {
	t.Helper()
	b, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cacheEverySegment makes the literal cache keep the literals of the
// tests' small segments too, until the test ends.
func cacheEverySegment(t testing.TB) {
	old := minCachedSegment
	minCachedSegment = 0
	t.Cleanup(func() { minCachedSegment = old })
}

// openSamples indexes the built-in samples plus extra (file name →
// content) on a fresh backend, through the shared suite's fixture.
func openSamples(t testing.TB, extra map[string]string) (*indextest.Fixture, *Backend) {
	t.Helper()
	cacheEverySegment(t)
	b := newTestBackend(t)
	return indextest.Open(t, b, extra), b
}

// liveIndex is the fixture's live index as this backend's.
func liveIndex(f *indextest.Fixture) *Index { return f.Index.(*Index) }

// parsed is a request for q in scope, ten hits a page.
func parsed(q string, scope index.Scope) index.Request { return indextest.Request(q, scope, 10) }
