package search

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/lantai/lantai/internal/testcorpus"
)

var (
	corpusOnce    sync.Once
	corpusService *Service
	corpusErr     error
)

// corpusSvc ingests the whole real corpus once per test process, for the
// tests of what the service adds to the index (ranking quality). The
// index's own answers on the corpus (literal recall) are checked by the
// backend suite, index/indextest.
func corpusSvc(t *testing.T) *Service {
	t.Helper()
	dir := testcorpus.Dir(t)
	corpusOnce.Do(func() {
		data, err := os.MkdirTemp("", "lantai-corpus-test-")
		if err != nil {
			corpusErr = err
			return
		}
		afterAllTests(func() {
			if corpusService != nil {
				corpusService.Close()
			}
			os.RemoveAll(data)
		})
		s, err := Open(context.Background(), Config{DataDir: data, Backend: testBackend(t)})
		if err != nil {
			corpusErr = err
			return
		}
		start := time.Now()
		sum, err := s.IngestPaths(context.Background(), []string{dir}, IngestOptions{})
		if err != nil {
			corpusErr = err
			return
		}
		if sum.Failed > 0 {
			t.Logf("ingest failures: %+v", sum.Failures[:min(5, len(sum.Failures))])
		}
		t.Logf("ingested %d reports (%d failed) in %s", sum.Added+sum.Updated+sum.Unchanged, sum.Failed, time.Since(start))
		corpusService = s
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusService
}
