package memtune

import (
	"fmt"
	"os"
	"runtime/debug"
)

// The policies' settings.
const (
	// serveGCPercent: a server's query throughput is bound by the
	// collector (Bleve allocates a lot per search), so serve trades
	// memory for speed.
	serveGCPercent = 400
	// serveMemoryLimit bounds that trade: past it the collector runs as
	// often as it must. With the match texts in the index (v20) a
	// server's live heap is ~100 MB however large the corpus, and jieba
	// takes ~100 MB more outside Go's heap, so 320 MiB keeps the memory
	// the OS cannot take back (RssAnon) under 500 MB (issue 15); at 1 GiB
	// the heap grew to the limit.
	serveMemoryLimit = 320 << 20
	// batchMemoryLimit: ingest and reindex build index segments in memory
	// and would balloon with a lazy collector, so they keep the default
	// pace under a soft limit. At 160 MiB the collector took 45% of an
	// ingest's CPU (index v20, JSON Lines of the shared corpus: 65.6 CPU
	// s, peak RSS 338 MB); at 208 MiB an ingest takes a third less CPU
	// and peaks under 400 MB, at 224 MiB 43.1 CPU s and 401 MB, at 256
	// MiB 40.2 CPU s and 416 MB (2026-12-03). jieba's dictionaries take
	// ~100 MB outside Go's heap.
	batchMemoryLimit = 208 << 20
)

// Serve sets the policy of lantai serve and says what is in force.
func Serve() string { return apply(serveGCPercent, serveMemoryLimit) }

// Batch sets the policy of the commands that ingest and index (ingest,
// reindex, search) and says what is in force.
func Batch() string { return apply(-1, batchMemoryLimit) }

// apply sets the GC percentage (unless gcPercent < 0: the runtime's) and
// the soft memory limit, each unless the environment sets it.
func apply(gcPercent int, limit int64) string {
	gc := "GOGC " + os.Getenv("GOGC") + " (environment)"
	switch {
	case os.Getenv("GOGC") != "":
	case gcPercent >= 0:
		debug.SetGCPercent(gcPercent)
		gc = fmt.Sprintf("GOGC %d", gcPercent)
	default:
		gc = "GOGC 100 (runtime default)"
	}
	mem := "GOMEMLIMIT " + os.Getenv("GOMEMLIMIT") + " (environment)"
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
		mem = fmt.Sprintf("soft memory limit %d MiB", limit>>20)
	}
	return gc + ", " + mem
}
