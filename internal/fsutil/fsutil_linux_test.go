package fsutil

import (
	"bytes"
	"errors"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
)

// TestFailedWriteKeepsOldFile makes the write itself fail, as on a full
// disk: a file size limit turns writes past it into EFBIG (with SIGXFSZ
// ignored, which would otherwise kill the process). The old file must
// survive whole and the temporary file must go.
func TestFailedWriteKeepsOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "CURRENT")
	old := []byte("idx-old\n")
	if err := WriteFileAtomic(path, old, 0o644); err != nil {
		t.Fatal(err)
	}

	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skip("no file size limit to lower:", err)
	}
	const limit = 1 << 16
	if lim.Cur < limit {
		t.Skipf("file size already limited to %d bytes", lim.Cur)
	}
	signal.Ignore(syscall.SIGXFSZ)
	defer signal.Reset(syscall.SIGXFSZ)
	low := lim
	low.Cur = limit
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &low); err != nil {
		t.Skip("cannot lower the file size limit:", err)
	}
	err := WriteFileAtomic(path, bytes.Repeat([]byte("新"), limit), 0o644)
	if rerr := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); rerr != nil {
		t.Fatal(rerr)
	}
	if !errors.Is(err, syscall.EFBIG) {
		t.Fatalf("err = %v, want EFBIG", err)
	}
	checkFile(t, path, old)
}
