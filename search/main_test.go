package search

import (
	"os"
	"sync"
	"testing"
)

// sharedCleanups close the services tests share across the package (the
// corpus and the variant fixtures, each opened once) and remove their
// folders, which outlive any one test's TempDir.
var (
	sharedMu       sync.Mutex
	sharedCleanups []func()
)

// afterAllTests registers f to run once every test of the package ran.
func afterAllTests(f func()) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	sharedCleanups = append(sharedCleanups, f)
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range sharedCleanups {
		f()
	}
	os.Exit(code)
}
