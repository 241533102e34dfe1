// Command bench measures Lantai on the real corpus, side by side with a
// baseline index that uses bleve's own cjk (bigram) analyzer, and prints
// Markdown for docs/BENCHMARKS.md.
//
//	go run ./bench ingest   # archive + index throughput, index size, peak RSS
//	go run ./bench query    # Service.Search latency, both scopes, vs bleve+cjk phrases
//	go run ./bench load     # the real web server on loopback, 8 client connections
//	go run ./bench scale    # the lantai binary on the corpus grown 1×, 10×, 30× (synthetic reports)
//
// fts5_ingest.py is the yardstick of ingest speed: SQLite FTS5 with its
// trigram tokenizer indexing the same JSON Lines (python3 bench/fts5_ingest.py DIR).
//
// Every subcommand takes --corpus (env LANTAI_CORPUS, default
// ../shared/corpus). query and load reuse the Lantai data folder given by
// --data and the baseline index given by --baseline, building them from
// the corpus when they are empty, so only the first run pays for ingest.
// Run "go run ./bench SUBCOMMAND -h" for every flag.
//
// It is a tool, not part of the product: it may import the backend
// package (index/bleveindex) to build the bleve+cjk baseline with the same
// fields; nothing imports it.
package main
