package main

import (
	"os"
	"syscall"
)

// maxRSSKiB is a finished child's peak resident set; Linux reports
// ru_maxrss in KiB.
func maxRSSKiB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}
