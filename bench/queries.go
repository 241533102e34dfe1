package main

import "github.com/lantai/lantai/internal/testcorpus"

// queries is the query list of every latency measurement, the same list
// whose answers the recall test proves right.
var queries = testcorpus.Queries()
