package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The environment of an extraction worker: workerEnv=1 makes WorkerMain
// serve, requestEnv carries the workerRequest as JSON.
const (
	workerEnv  = "LANTAI_EXTRACT_WORKER"
	requestEnv = "LANTAI_EXTRACT_REQUEST"
)

// Isolation bounds that Limits does not name.
const (
	// workerHeadroom is the address space the worker may take beyond
	// Limits.MaxMemoryBytes and what it had mapped at start: thread
	// stacks, the C allocator's arenas and the runtime's own structures
	// are address space that a Go heap limit does not count.
	workerHeadroom = 256 << 20
	// workerWaitDelay is how long the parent waits for the worker's
	// output after killing it.
	workerWaitDelay = time.Second
	// stderrKept is how much of the worker's standard error is kept to
	// tell a crash from running out of memory: the runtime's fatal
	// error comes first.
	stderrKept = 64 << 10
)

// ChildStats is what an isolated extraction cost its worker process.
type ChildStats struct {
	// PeakRSS is the worker's peak resident set size in bytes: its
	// VmHWM, which the worker reads as it answers and the parent as it
	// kills it. A worker that died on its own gives getrusage's
	// ru_maxrss instead, which on Linux also counts what the parent had
	// resident when it started the worker (the two share memory until
	// the worker's exec). 0 when no worker started.
	PeakRSS int64
	// Elapsed is the wall time from starting the worker to its end.
	Elapsed time.Duration
}

// workerRequest is what the parent tells the worker besides the file.
type workerRequest struct {
	Limits Limits `json:"limits"`
	Size   int64  `json:"size"` // bytes of the file on standard input
}

// workerReply is the worker's answer on its standard output: a result, or
// an error as its kind (an errKinds name), format and message. The name
// of the file stays with the parent.
type workerReply struct {
	Result  *Result `json:"result,omitempty"`
	Kind    string  `json:"kind,omitempty"`
	Format  Format  `json:"format,omitempty"`
	Message string  `json:"message,omitempty"`
	PeakRSS int64   `json:"peak_rss,omitempty"` // the worker's VmHWM in bytes
}

// errKinds names the Err* values on the wire.
var errKinds = []struct {
	name string
	err  error
}{
	{"unsupported", ErrUnsupported},
	{"no-text-layer", ErrNoTextLayer},
	{"encrypted", ErrEncrypted},
	{"too-large", ErrTooLarge},
	{"corrupt", ErrCorrupt},
	{"timeout", ErrTimeout},
}

// workerError is an error the worker reported: its message as the worker
// wrote it, and its kind for errors.Is.
type workerError struct {
	kind error
	msg  string
}

func (e *workerError) Error() string { return e.msg }
func (e *workerError) Unwrap() error { return e.kind }

// Isolated reads the text of data, named name for errors, as Extract
// does, but in a child process: the running binary started again with
// LANTAI_EXTRACT_WORKER=1, which must call WorkerMain first thing in
// main. The child limits its own address space to lim.MaxMemoryBytes
// plus headroom; the parent kills it at lim.Timeout. A reader that runs
// away with memory or time, or crashes in C code, so costs one file, not
// the process. Errors are *Error naming the file and keep their kind
// (errors.Is(err, ErrEncrypted) holds as with Extract); a child that ran
// out of memory gives ErrTooLarge, one killed at the deadline ErrTimeout.
func Isolated(ctx context.Context, name string, data []byte, lim Limits) (Result, error) {
	res, _, err := IsolatedStats(ctx, name, data, lim)
	return res, err
}

// IsolatedStats is Isolated that also says what the child cost.
func IsolatedStats(ctx context.Context, name string, data []byte, lim Limits) (Result, ChildStats, error) {
	lim = lim.withDefaults()
	var stats ChildStats
	format := Detect(data)
	if int64(len(data)) > lim.MaxInputBytes {
		// Refused here, not after copying it to a child.
		return Result{}, stats, &Error{Name: name, Format: format,
			Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), lim.MaxInputBytes)}
	}
	exe, err := os.Executable()
	if err != nil {
		return Result{}, stats, &Error{Name: name, Format: format, Err: fmt.Errorf("starting the extraction worker: %w", err)}
	}
	// The child times itself out a little before the parent kills it,
	// so a reader that honours its context reports where it stopped.
	child := lim
	child.Timeout -= min(lim.Timeout/10, time.Second)
	req, err := json.Marshal(workerRequest{Limits: child, Size: int64(len(data))})
	if err != nil {
		return Result{}, stats, &Error{Name: name, Format: format, Err: fmt.Errorf("starting the extraction worker: %w", err)}
	}
	runCtx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, exe)
	var killedRSS int64
	cmd.Cancel = func() error {
		killedRSS = residentPeak(strconv.Itoa(cmd.Process.Pid))
		return cmd.Process.Kill()
	}
	cmd.Env = append(os.Environ(), workerEnv+"=1", requestEnv+"="+string(req),
		// Each glibc malloc arena reserves 64 MiB of address space,
		// which the child's RLIMIT_AS counts; C readers need few.
		"MALLOC_ARENA_MAX=2")
	cmd.Stdin = bytes.NewReader(data)
	// JSON writes a control character in six bytes; the text is mostly
	// written as it is.
	stdout := &cappedBuffer{max: 6*lim.MaxTextBytes + 1<<20}
	stderr := &cappedBuffer{max: stderrKept, discard: true}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = workerWaitDelay
	start := time.Now()
	runErr := cmd.Run()
	stats.Elapsed = time.Since(start)
	switch {
	case killedRSS > 0:
		stats.PeakRSS = killedRSS
	case cmd.ProcessState != nil:
		stats.PeakRSS = peakRSS(cmd.ProcessState)
	}
	fail := func(err error) (Result, ChildStats, error) {
		return Result{}, stats, &Error{Name: name, Format: format, Err: err}
	}
	switch {
	case runErr == nil:
		// The child answered, even if the deadline passed meanwhile.
	case (runCtx.Err() != nil && ctx.Err() == nil) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fail(fmt.Errorf("%w after %s (the extraction worker was stopped)", ErrTimeout, lim.Timeout))
	case ctx.Err() != nil:
		return fail(ctx.Err())
	case stdout.over:
		return fail(fmt.Errorf("%w: the extraction worker's reply passes %d bytes", ErrTooLarge, stdout.max))
	default:
		return fail(workerFailure(runErr, stderr.String(), lim.MaxMemoryBytes))
	}
	var reply workerReply
	if err := json.Unmarshal(stdout.Bytes(), &reply); err != nil {
		return fail(fmt.Errorf("the extraction worker's reply is unreadable: %v", err))
	}
	if reply.PeakRSS > 0 {
		stats.PeakRSS = reply.PeakRSS
	}
	if reply.Result != nil {
		return *reply.Result, stats, nil
	}
	if reply.Format != FormatUnknown {
		format = reply.Format
	}
	for _, k := range errKinds {
		if k.name == reply.Kind {
			msg := reply.Message
			if k.err == ErrTimeout {
				msg = fmt.Sprintf("%v after %s", ErrTimeout, lim.Timeout)
			}
			return fail(&workerError{kind: k.err, msg: msg})
		}
	}
	return fail(errors.New(reply.Message))
}

// workerFailure explains a worker that exited without answering: out of
// memory (the runtime's or the C allocator's complaint, or a SIGKILL
// from the kernel's OOM killer) is ErrTooLarge naming the memory limit;
// any other crash is taken for a malformed file that a reader could not
// survive.
func workerFailure(runErr error, stderr string, memLimit int64) error {
	oom := strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory") ||
		strings.Contains(stderr, "failed to create new OS thread")
	var ee *exec.ExitError
	if errors.As(runErr, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			oom = true
		}
	}
	if oom {
		return fmt.Errorf("%w: the extraction passed the memory limit of %d MiB", ErrTooLarge, memLimit>>20)
	}
	if ee == nil {
		return fmt.Errorf("running the extraction worker: %w", runErr)
	}
	return fmt.Errorf("%w: the reader crashed (%v): %s", ErrCorrupt, runErr, firstLine(stderr))
}

// firstLine returns the first non-empty line of s, or "no message".
func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return "no message"
}

// residentPeak returns the VmHWM of process pid ("self" for this one) in
// bytes, or 0 where /proc does not say.
func residentPeak(pid string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// peakRSS returns a finished process's maximum resident set in bytes.
func peakRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return ru.Maxrss // bytes there, kibibytes on Linux
	}
	return ru.Maxrss << 10
}

// cappedBuffer keeps at most max bytes written to it. Past that it
// fails the write (over is set), or with discard drops the rest, so a
// chatty child never blocks on its standard error.
type cappedBuffer struct {
	bytes.Buffer
	max     int
	discard bool
	over    bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	room := b.max - b.Len()
	if len(p) <= room {
		return b.Buffer.Write(p)
	}
	b.Buffer.Write(p[:max(room, 0)])
	if b.discard {
		return len(p), nil
	}
	b.over = true
	return 0, errors.New("reply too large")
}

// WorkerMain serves one isolated extraction and exits when this process
// was started as an extraction worker (by Isolated: LANTAI_EXTRACT_WORKER=1
// in its environment); otherwise it returns at once. A binary that calls
// Isolated calls WorkerMain first thing in main (a test binary, in
// TestMain), before it sets up anything of its own.
func WorkerMain() {
	if os.Getenv(workerEnv) != "1" {
		return
	}
	// Nothing this process starts is a worker.
	os.Unsetenv(workerEnv)
	os.Exit(serveWorker(os.Stdin, os.Stdout))
}

// serveWorker limits this process's memory, reads the file from in,
// extracts it and writes the reply to out; it returns the exit code.
func serveWorker(in io.Reader, out io.Writer) int {
	reply := func(r workerReply) int {
		r.PeakRSS = residentPeak("self")
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false) // a report's < and & stay one byte each
		if err := enc.Encode(r); err != nil {
			fmt.Fprintf(os.Stderr, "extraction worker: writing the reply: %v\n", err)
			return 1
		}
		return 0
	}
	var req workerRequest
	if err := json.Unmarshal([]byte(os.Getenv(requestEnv)), &req); err != nil {
		return reply(workerReply{Message: fmt.Sprintf("extraction worker: unreadable request: %v", err)})
	}
	lim := req.Limits.withDefaults()
	if err := limitMemory(lim.MaxMemoryBytes); err != nil {
		return reply(workerReply{Message: fmt.Sprintf("extraction worker: limiting its memory: %v", err)})
	}
	var buf bytes.Buffer
	buf.Grow(int(min(max(req.Size, 0), lim.MaxInputBytes) + 1))
	if _, err := buf.ReadFrom(io.LimitReader(in, lim.MaxInputBytes+1)); err != nil {
		return reply(workerReply{Message: fmt.Sprintf("extraction worker: reading the file: %v", err)})
	}
	res, err := Extract(context.Background(), "", buf.Bytes(), lim)
	if err == nil {
		return reply(workerReply{Result: &res})
	}
	r := workerReply{Message: err.Error()}
	var e *Error
	if errors.As(err, &e) {
		r.Format, r.Message = e.Format, e.Err.Error()
	}
	for _, k := range errKinds {
		if errors.Is(err, k.err) {
			r.Kind = k.name
			break
		}
	}
	return reply(r)
}

// limitMemory caps this process: the Go heap softly at limit, the whole
// address space hard at what is mapped now plus limit plus headroom, so
// C code that allocates without bound fails instead of growing.
func limitMemory(limit int64) error {
	as := uint64(limit) + workerHeadroom + mappedBytes()
	if err := unix.Setrlimit(unix.RLIMIT_AS, &unix.Rlimit{Cur: as, Max: as}); err != nil {
		return err
	}
	debug.SetMemoryLimit(limit)
	return nil
}

// mappedBytes returns the address space this process has mapped (the
// Go runtime reserves hundreds of MiB at start); 0 where /proc is not.
func mappedBytes() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	pages, err := strconv.ParseUint(strings.Fields(string(b) + " x")[0], 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}
