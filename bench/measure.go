package main

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lantai/lantai/internal/memtune"
)

// machine describes where a run happened; the machine is shared, so the
// load average belongs next to every number.
type machine struct {
	CPUs   int
	Model  string
	MemGiB float64
	Go     string
}

func thisMachine() machine {
	m := machine{CPUs: runtime.NumCPU(), Model: "unknown", Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if kib := procField("/proc/meminfo", "MemTotal"); kib > 0 {
		m.MemGiB = float64(kib) / (1 << 20)
	}
	return m
}

// loadAverage is /proc/loadavg's 1, 5 and 15 minute averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// printHeader opens a subcommand's Markdown output with when, where and how.
// startLoad is the load average when the measurement began; the end's is
// read here.
func printHeader(w io.Writer, title string, o options, startLoad string, extra ...string) {
	m := thisMachine()
	fmt.Fprintf(w, "### %s — %s\n\n", title, time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "- machine: %d × %s, %.1f GiB RAM, %s\n", m.CPUs, m.Model, m.MemGiB, m.Go)
	fmt.Fprintf(w, "- load average (1/5/15 min): %s at start, %s at end\n", startLoad, loadAverage())
	fmt.Fprintf(w, "- corpus: %s\n", o.corpus)
	for _, e := range extra {
		fmt.Fprintf(w, "- %s\n", e)
	}
}

// procField reads a "Key: N kB" line of a /proc file, in KiB; 0 when absent
// (on systems without /proc the memory columns then read 0).
func procField(path, key string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != key {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		return n
	}
	return 0
}

// applyGOGC sets the memory policy of the command the run stands for
// (lantai serve's when serving, else ingest's: internal/memtune), then
// the GC percentage when the flag asks for one, and returns what is in
// effect, for the report.
func applyGOGC(flagValue string, serving bool) (string, error) {
	policy := memtune.Batch
	name := "lantai ingest's"
	if serving {
		policy, name = memtune.Serve, "lantai serve's"
	}
	inForce := policy() + " (" + name + " policy)"
	if flagValue == "" {
		return inForce, nil
	}
	pct, err := parseGOGC(flagValue)
	if err != nil {
		return "", err
	}
	debug.SetGCPercent(pct)
	return describeGOGC(pct) + " (set by --gogc; otherwise " + inForce + ")", nil
}

func parseGOGC(s string) (int, error) {
	if strings.EqualFold(s, "off") {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("--gogc %q: want \"off\" or a percentage like 100 or 400", s)
	}
	return n, nil
}

func describeGOGC(pct int) string {
	if pct < 0 {
		return "off"
	}
	return strconv.Itoa(pct)
}

// latencies summarises a set of durations.
type latencies struct {
	N                  int
	P50, P90, P99, Max time.Duration
	Mean               time.Duration
}

func summarize(ds []time.Duration) latencies {
	if len(ds) == 0 {
		return latencies{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return latencies{
		N:    len(s),
		P50:  percentile(s, 0.50),
		P90:  percentile(s, 0.90),
		P99:  percentile(s, 0.99),
		Max:  s[len(s)-1],
		Mean: sum / time.Duration(len(s)),
	}
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// ms formats a duration in milliseconds with enough digits for sub-ms values.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case v < 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// dirSize is the total size of the regular files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// met renders a target check.
func met(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// writeHeapProfile writes the live heap, after a collection, to path
// (nothing when path is empty).
func writeHeapProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// startProfile starts a CPU profile into path (nothing when path is empty)
// and returns the function that stops it.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
