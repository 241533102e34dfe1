// Package memtune sets the Go runtime's memory policy of a Lantai command,
// so that the commands and the benchmarks that measure them run under the
// same one. GOGC and GOMEMLIMIT in the environment always win.
//
// It knows the runtime only; commands call it before any work.
package memtune
