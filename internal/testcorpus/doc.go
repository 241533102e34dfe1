// Package testcorpus is what tests and benchmarks share about the real
// corpus: where it is, and the query list whose answers the recall test
// proves and whose latency the benchmarks measure.
//
// It is for tests and benchmarks only and knows nothing of the index or
// the archive; no production package imports it.
package testcorpus
