package search

import (
	"testing"

	"github.com/lantai/lantai/index/bleveindex"
)

// testBackend is the backend the service's tests run on: the one Lantai
// ships.
func testBackend(tb testing.TB) *bleveindex.Backend {
	tb.Helper()
	b, err := bleveindex.New(bleveindex.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
