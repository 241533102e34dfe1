package cites

import (
	"testing"
	"time"
)

// TestCorpusSnapshot restores the real corpus's graph from its snapshot
// (through gob, as the service keeps it) and finds it the same on every
// document, both ways.
func TestCorpusSnapshot(t *testing.T) {
	reports := readCorpus(t)
	start := time.Now()
	g := corpusGraph(t, reports)
	built := time.Since(start)
	start = time.Now()
	r := roundTrip(t, g)
	t.Logf("%d documents: built in %v, snapshot round trip and restore in %v", g.Len(), built.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	sameGraphs(t, "restored corpus graph", g, r)
}
