package bleveindex

import (
	"testing"

	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/index/indextest"
)

// TestSuite runs the backend suite every index backend must pass.
func TestSuite(t *testing.T) {
	indextest.Run(t, func(t testing.TB) index.Backend { return newTestBackend(t) })
}
