package memtune

import (
	"runtime/debug"
	"strings"
	"testing"
)

// restore puts the runtime's settings back after a test changed them.
func restore(t *testing.T) {
	gc := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(-1)
	debug.SetGCPercent(gc)
	t.Cleanup(func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	})
}

func TestPolicies(t *testing.T) {
	tests := []struct {
		name      string
		apply     func() string
		env       map[string]string
		wantGC    int
		wantLimit int64
		wantDesc  string
	}{
		{"serve", Serve, nil, 400, 320 << 20, "GOGC 400, soft memory limit 320 MiB"},
		{"batch", Batch, nil, 100, 208 << 20, "GOGC 100 (runtime default), soft memory limit 208 MiB"},
		{"environment wins", Serve, map[string]string{"GOGC": "150", "GOMEMLIMIT": "2GiB"}, 150, 2 << 30, "GOGC 150 (environment), GOMEMLIMIT 2GiB (environment)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			restore(t)
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			// The runtime reads the environment at start; a test sets what
			// it would have read.
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(1 << 62)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if tt.env != nil {
				debug.SetGCPercent(150)
				debug.SetMemoryLimit(2 << 30)
			}
			if got := tt.apply(); !strings.Contains(got, tt.wantDesc) {
				t.Errorf("description %q, want %q", got, tt.wantDesc)
			}
			if gc := debug.SetGCPercent(100); gc != tt.wantGC {
				t.Errorf("GC percent %d, want %d", gc, tt.wantGC)
			}
			if limit := debug.SetMemoryLimit(-1); limit != tt.wantLimit {
				t.Errorf("memory limit %d, want %d", limit, tt.wantLimit)
			}
		})
	}
}
