package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lantai/lantai/search"
)

// defaultSeed is the generator's seed unless --seed says otherwise.
const defaultSeed = 15

// warmLogLine is what lantai serve logs when search.Service.Warm is done:
// the server's only sign that it is warm (/healthz says only that it is up).
const warmLogLine = search.WarmedMessage

// firstSearchQuery is the query that waits for the first 200 from
// /api/search; it is not on the query list, so each listed query's first
// search stays cold.
const firstSearchQuery = "报告"

// loadSizes is how many page sizes the throughput run cycles through
// (10, 11, …), so that the cycle of distinct requests is longer than the
// result cache (1,024 entries) and every request runs in full: over HTTP
// no suffix can make the same query miss the cache (cache.go).
const loadSizes = 12

// scaleOptions are the flags of the scale subcommand.
type scaleOptions struct {
	options
	generate bool
	n        int
	out      string
	seed     uint64
	sizes    []int
	work     string
	corpora  string
	keep     bool
	rounds   int
	loadFor  time.Duration
	conns    int
	warmWait time.Duration
	jsonOut  string
	svgOut   string
}

// runScale implements "go run ./bench scale".
func runScale(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	var o scaleOptions
	o.register(fs, false)
	sizes := fs.String("sizes", "1,10,30", "comma-separated corpus sizes, in multiples of the real corpus")
	fs.BoolVar(&o.generate, "generate", false, "only write the corpus of --n times the real reports to --out, and stop")
	fs.IntVar(&o.n, "n", 10, "with --generate: how many times the real corpus")
	fs.StringVar(&o.out, "out", "", "with --generate: the folder to write the corpus to")
	fs.Uint64Var(&o.seed, "seed", defaultSeed, "seed of the synthetic reports")
	fs.StringVar(&o.work, "work", "", "folder for the binary, corpora, data folders and logs (default: a new temporary folder)")
	fs.StringVar(&o.corpora, "corpora", "", "folder whose nN subfolders keep generated corpora between runs (reused when their seed matches); default under --work")
	fs.BoolVar(&o.keep, "keep", false, "keep --work afterwards (a folder given by --work is never removed)")
	fs.IntVar(&o.rounds, "rounds", 3, "warm rounds over the query list, after the cold one (each with its own page size, so none hits the result cache)")
	fs.DurationVar(&o.loadFor, "duration", 20*time.Second, "how long the throughput run lasts")
	fs.IntVar(&o.conns, "conns", 8, "client connections of the throughput run")
	fs.DurationVar(&o.warmWait, "warm-wait", 15*time.Minute, "longest wait, from starting lantai serve, for its first 200 and for its log line saying it is warm")
	fs.StringVar(&o.jsonOut, "json", "", "file to write the results to as JSON")
	fs.StringVar(&o.svgOut, "svg", filepath.Join("docs", "scale.svg"), "file to write the growth chart to (empty: none)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.checkCorpus(); err != nil {
		return err
	}
	if o.generate {
		return generateOnly(o)
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("--sizes: %q is not a whole number of 1 or more", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.rounds < 1 || 10+o.rounds+loadSizes > search.MaxSize || o.conns < 1 || o.loadFor <= 0 {
		return fmt.Errorf("--rounds (1 to %d), --conns and --duration must be positive", search.MaxSize-10-loadSizes)
	}
	if o.gogc != "" {
		if _, err := parseGOGC(o.gogc); err != nil {
			return err
		}
	}
	return measureScale(ctx, o)
}

// generateOnly is --generate: write one corpus and say what it holds.
func generateOnly(o scaleOptions) error {
	if o.out == "" || o.n < 1 {
		return errors.New("--generate needs --out DIR and --n of 1 or more")
	}
	start := time.Now()
	var g *generator
	m, reused, err := ensureCorpus(&g, o.corpus, o.out, o.n, o.seed)
	if err != nil {
		return err
	}
	verb := "generated"
	if reused {
		verb = "reused"
	}
	fmt.Fprintf(os.Stderr, "scale: %s %d× corpus in %s: %d reports (%d real), %.1f MB of text, %d files, in %s\n",
		verb, m.N, o.out, m.Reports, m.Templates, mb(m.TextBytes), len(m.Files), time.Since(start).Round(time.Millisecond))
	return nil
}

// scaleRun is everything measured at one corpus size; durations are in
// seconds or milliseconds as the names say, sizes in bytes.
type scaleRun struct {
	N               int     `json:"n"`
	Reports         int     `json:"reports"`
	RealReports     int     `json:"real_reports"`
	RawTextBytes    int64   `json:"raw_text_bytes"`
	GenerateSeconds float64 `json:"generate_seconds"`
	CorpusReused    bool    `json:"corpus_reused"`

	IngestWallSeconds float64 `json:"ingest_wall_seconds"`
	IngestCPUSeconds  float64 `json:"ingest_cpu_seconds"`
	CPUSecondsPerMB   float64 `json:"ingest_cpu_seconds_per_mb"`
	IngestMBPerSecond float64 `json:"ingest_mb_per_second"`
	IngestPeakRSSKiB  int64   `json:"ingest_peak_rss_kib"`
	IngestError       string  `json:"ingest_error,omitempty"`

	// DataBytes is the whole data folder, ArchiveBytes and IndexBytes its
	// archive and index subfolders.
	DataBytes    int64   `json:"data_bytes"`
	ArchiveBytes int64   `json:"archive_bytes"`
	IndexBytes   int64   `json:"index_bytes"`
	DataRatio    float64 `json:"data_over_raw_text"`
	// IndexedReports and IndexedSections are what /api/stats counts.
	IndexedReports  int `json:"indexed_reports"`
	IndexedSections int `json:"indexed_sections"`

	// FirstSearchSeconds is from starting lantai serve to its first 200
	// from /api/search; WarmSeconds to its warmLogLine, -1 when it did not
	// come within --warm-wait.
	FirstSearchSeconds float64 `json:"first_search_seconds"`
	WarmSeconds        float64 `json:"warm_seconds"`

	// Latency is by scope (reports, sections).
	Latency map[string]scopeLatency `json:"latency"`
	Exact   exactness               `json:"exactness"`
	Load    throughput              `json:"load"`

	// MemoryAfterLoad is serve's memory after the throughput run;
	// MemoryMax the most seen by sampling every 0.5 s from start to then.
	MemoryAfterLoad procMemory `json:"memory_after_load"`
	MemoryMax       procMemory `json:"memory_max"`
	// ServeError is why the serve measurements stopped, if they did.
	ServeError string `json:"serve_error,omitempty"`
	// Years is the across-years features and lantai check at this size.
	Years yearsRun `json:"years"`
}

// scopeLatency is the cold and the warm latency of one scope.
type scopeLatency struct {
	Cold latencyStats `json:"cold"`
	Warm latencyStats `json:"warm"`
}

// latencyStats summarises timed requests: percentiles in milliseconds,
// and the requests that failed (non-200) or timed out (504, or no answer
// within the client's 30 s).
type latencyStats struct {
	N        int     `json:"n"`
	P50      float64 `json:"p50_ms"`
	P90      float64 `json:"p90_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	Errors   int     `json:"errors"`
	Timeouts int     `json:"timeouts"`
	FirstErr string  `json:"first_error,omitempty"`
	// Slowest is the query of the slowest request.
	Slowest string `json:"slowest"`
}

// throughput is the result of the --conns client run.
type throughput struct {
	Requests int64   `json:"requests"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"requests_per_second"`
	Errors   int64   `json:"errors"`
	Timeouts int64   `json:"timeouts"`
	P99      float64 `json:"p99_ms"`
	FirstErr string  `json:"first_error,omitempty"`
}

// procMemory is a process's memory from /proc/PID/status, in KiB.
type procMemory struct {
	VmRSS   int64 `json:"vm_rss_kib"`
	RssAnon int64 `json:"rss_anon_kib"`
	RssFile int64 `json:"rss_file_kib"`
}

// measureScale measures every size in one sitting and reports.
func measureScale(ctx context.Context, o scaleOptions) error {
	work := o.work
	if work == "" {
		dir, err := os.MkdirTemp("", "lantai-scale-")
		if err != nil {
			return err
		}
		work = dir
		if !o.keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	if o.corpora == "" {
		o.corpora = work
	}
	fmt.Fprintf(os.Stderr, "scale: working in %s\n", work)
	bin := filepath.Join(work, "lantai")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/lantai")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building lantai: %w", err)
	}
	startLoad := loadAverage()
	var g *generator
	var runs []scaleRun
	for _, n := range o.sizes {
		r, err := measureSize(ctx, o, &g, bin, work, n)
		if err != nil {
			return fmt.Errorf("%d×: %w", n, err)
		}
		runs = append(runs, r)
		if !o.keep && o.work == "" {
			// The data folder of a size is not needed for the next.
			os.RemoveAll(filepath.Join(work, fmt.Sprintf("data-n%d", n)))
		}
	}
	printScale(os.Stdout, o, startLoad, runs)
	if o.jsonOut != "" {
		b, err := json.MarshalIndent(struct {
			Machine         machine    `json:"machine"`
			LoadAverage     [2]string  `json:"load_average_start_end"`
			Seed            uint64     `json:"seed"`
			Rounds          int        `json:"warm_rounds"`
			Conns           int        `json:"conns"`
			DurationSeconds float64    `json:"load_seconds"`
			Runs            []scaleRun `json:"runs"`
		}{thisMachine(), [2]string{startLoad, loadAverage()}, o.seed, o.rounds, o.conns, o.loadFor.Seconds(), runs}, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if o.svgOut != "" {
		return os.WriteFile(o.svgOut, scaleSVG(runs), 0o644)
	}
	return nil
}

// measureSize generates (or reuses) the corpus of n times the real
// reports, ingests it with the lantai binary and measures the server on
// it. Failures of ingest or of the server are recorded, not returned.
func measureSize(ctx context.Context, o scaleOptions, gp **generator, bin, work string, n int) (scaleRun, error) {
	r := scaleRun{N: n, WarmSeconds: -1}
	start := time.Now()
	corpusDir := filepath.Join(o.corpora, fmt.Sprintf("n%d", n))
	m, reused, err := ensureCorpus(gp, o.corpus, corpusDir, n, o.seed)
	if err != nil {
		return r, err
	}
	r.GenerateSeconds, r.CorpusReused = time.Since(start).Seconds(), reused
	r.Reports, r.RealReports, r.RawTextBytes = m.Reports, m.Templates, m.TextBytes
	fmt.Fprintf(os.Stderr, "scale: %d×: corpus of %d reports, %.0f MB of text (%s); ingesting\n", n, m.Reports, mb(m.TextBytes), map[bool]string{true: "reused", false: "generated"}[reused])

	data := filepath.Join(work, fmt.Sprintf("data-n%d", n))
	if err := os.RemoveAll(data); err != nil {
		return r, err
	}
	args := []string{"ingest", "-data", data}
	for _, f := range m.Files {
		args = append(args, filepath.Join(corpusDir, f.Name))
	}
	if err := ingestChild(ctx, o, bin, args, filepath.Join(work, fmt.Sprintf("ingest-n%d.log", n)), &r); err != nil {
		r.IngestError = err.Error()
		fmt.Fprintf(os.Stderr, "scale: %d×: ingest failed: %v\n", n, err)
	}
	r.DataBytes = dirSize(data)
	r.ArchiveBytes = dirSize(filepath.Join(data, "archive"))
	r.IndexBytes = dirSize(filepath.Join(data, "index"))
	r.DataRatio = float64(r.DataBytes) / float64(max(r.RawTextBytes, 1))
	if ctx.Err() != nil {
		return r, ctx.Err()
	}

	fmt.Fprintf(os.Stderr, "scale: %d×: ingest took %.0f s; counting the literals in the generated texts\n", n, r.IngestWallSeconds)
	counting := time.Now()
	want, err := bruteCounts(ctx, corpusDir, m.Files, plainLiterals())
	if err != nil {
		return r, err
	}
	fmt.Fprintf(os.Stderr, "scale: %d×: counted in %.0f s; serving\n", n, time.Since(counting).Seconds())
	if err := measureServe(ctx, o, bin, data, filepath.Join(work, fmt.Sprintf("serve-n%d.log", n)), want, &r); err != nil {
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		r.ServeError = err.Error()
		fmt.Fprintf(os.Stderr, "scale: %d×: serve measurements stopped: %v\n", n, err)
	}
	return r, nil
}

// ingestChild runs lantai ingest with args, its output into logPath, and
// records its wall time, CPU time and peak RSS in r.
func ingestChild(ctx context.Context, o scaleOptions, bin string, args []string, logPath string, r *scaleRun) error {
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = childEnv(o)
	start := time.Now()
	runErr := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return runErr
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	r.IngestWallSeconds, r.IngestCPUSeconds = wall.Seconds(), cpu.Seconds()
	r.CPUSecondsPerMB = cpu.Seconds() / max(mb(r.RawTextBytes), 1e-9)
	r.IngestMBPerSecond = mb(r.RawTextBytes) / wall.Seconds()
	r.IngestPeakRSSKiB = maxRSSKiB(cmd.ProcessState)
	if runErr != nil {
		return fmt.Errorf("%w (log: %s)", runErr, logPath)
	}
	return nil
}

// childEnv is the environment of the lantai children: ours, with GOGC
// when --gogc sets one.
func childEnv(o scaleOptions) []string {
	env := os.Environ()
	if o.gogc != "" {
		env = append(env, "GOGC="+o.gogc)
	}
	return env
}

// plainLiterals are the queries of the list that are one literal: no
// space, so the API reads each as exactly what the brute force looks for.
func plainLiterals() []string {
	var out []string
	for _, q := range queries {
		if !strings.ContainsAny(q, " \t") {
			out = append(out, q)
		}
	}
	return out
}

// measureServe starts lantai serve on the data folder and measures it:
// start-up, cold and warm latency, exactness, throughput and memory.
func measureServe(ctx context.Context, o scaleOptions, bin, data, logPath string, want map[string][2]int, r *scaleRun) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	cmd := exec.CommandContext(sctx, bin, "serve", "-data", data, "-addr", addr, "-no-samples")
	cmd.Env = childEnv(o)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	cmd.Stdout = logf
	warm := make(chan time.Duration, 1)
	ww := &warmWatcher{w: logf, warm: warm}
	cmd.Stderr = ww
	start := time.Now()
	ww.start = start
	if err := cmd.Start(); err != nil {
		return err
	}
	// exited is closed when serve has exited, with waitErr set.
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()
	defer func() {
		stop()
		<-exited
	}()
	sampler := startSampler(cmd.Process.Pid)
	defer sampler.stop()

	base := "http://" + addr
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: o.conns, MaxIdleConnsPerHost: o.conns, MaxConnsPerHost: o.conns, DisableCompression: true,
	}}
	if err := waitFirstSearch(ctx, client, base, exited, start.Add(o.warmWait)); err != nil {
		if errors.Is(err, errServeExited) {
			return fmt.Errorf("%w: %v (log: %s)", err, waitErr, logPath)
		}
		return err
	}
	r.FirstSearchSeconds = time.Since(start).Seconds()
	fmt.Fprintf(os.Stderr, "scale: first 200 from /api/search after %.1f s; cold round\n", r.FirstSearchSeconds)
	r.Latency = map[string]scopeLatency{}
	cold := timeRound(ctx, client, base, 10)
	select {
	case d := <-warm:
		r.WarmSeconds = d.Seconds()
	case <-time.After(max(o.warmWait-time.Since(start), 0)):
		fmt.Fprintf(os.Stderr, "scale: no %q in the log within %s\n", warmLogLine, o.warmWait)
	case <-exited:
		return fmt.Errorf("%w: %v (log: %s)", errServeExited, waitErr, logPath)
	case <-ctx.Done():
		return ctx.Err()
	}
	fmt.Fprintf(os.Stderr, "scale: warm after %.1f s; %d warm rounds\n", r.WarmSeconds, o.rounds)
	warmTimes := map[string][]timedRequest{}
	for round := 1; round <= o.rounds; round++ {
		for scope, ts := range timeRound(ctx, client, base, 10+round) {
			warmTimes[scope] = append(warmTimes[scope], ts...)
		}
	}
	for _, scope := range scopes {
		r.Latency[scope] = scopeLatency{Cold: summarizeTimed(cold[scope]), Warm: summarizeTimed(warmTimes[scope])}
	}
	fmt.Fprintln(os.Stderr, "scale: exactness and stats")
	r.Exact = checkExactness(ctx, client, base, want)
	if err := readStats(ctx, client, base, r); err != nil {
		fmt.Fprintf(os.Stderr, "scale: /api/stats: %v\n", err)
	}
	fmt.Fprintf(os.Stderr, "scale: %d clients for %s\n", o.conns, o.loadFor)
	res := drive(ctx, client, loadURLs(base, o.rounds), o.conns, o.loadFor, 1<<62)
	r.Load = throughput{Requests: res.requests, Seconds: res.elapsed.Seconds(), RPS: float64(res.requests) / res.elapsed.Seconds(),
		Errors: res.errors, Timeouts: res.timeouts, P99: msFloat(res.lat.P99), FirstErr: res.firstErr}
	r.MemoryAfterLoad = procStatus(cmd.Process.Pid)
	r.MemoryMax = sampler.stop()
	fmt.Fprintln(os.Stderr, "scale: series, compare, timeline; lantai check beside serve")
	if err := measureYears(ctx, client, base, &r.Years); err != nil {
		r.Years.Error = err.Error()
	}
	measureCheck(ctx, o, bin, data, logPath+".check", &r.Years)
	return nil
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// warmWatcher is serve's stderr: it passes the log on to w and sends the
// time from start to the line that says the server is warm, once. exec
// writes to it from one goroutine.
type warmWatcher struct {
	w     io.Writer
	start time.Time
	warm  chan<- time.Duration
	tail  []byte
	sent  bool
}

// Write implements io.Writer.
func (ww *warmWatcher) Write(p []byte) (int, error) {
	if !ww.sent {
		ww.tail = append(ww.tail, p...)
		if bytes.Contains(ww.tail, []byte(warmLogLine)) {
			ww.warm <- time.Since(ww.start)
			ww.sent, ww.tail = true, nil
		} else if keep := len(warmLogLine); len(ww.tail) > keep {
			ww.tail = append(ww.tail[:0], ww.tail[len(ww.tail)-keep:]...)
		}
	}
	return ww.w.Write(p)
}

// errServeExited is lantai serve stopping before the measurements did.
var errServeExited = errors.New("lantai serve exited")

// waitFirstSearch polls /api/search every 50 ms until it answers 200,
// giving up at deadline.
func waitFirstSearch(ctx context.Context, client *http.Client, base string, exited <-chan struct{}, deadline time.Time) error {
	u := base + "/api/search?" + url.Values{"q": {firstSearchQuery}, "size": {"1"}}.Encode()
	for {
		status, _, err := get(ctx, client, u)
		if err == nil && status == http.StatusOK {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no 200 from /api/search by --warm-wait: last status %d, %v", status, err)
		}
		select {
		case <-exited:
			return errServeExited
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// timedRequest is one timed search.
type timedRequest struct {
	d       time.Duration
	status  int
	err     error
	request string
}

// timeRound runs every query of the list once in each scope, one after
// the other, with page size size, and returns the times by scope.
func timeRound(ctx context.Context, client *http.Client, base string, size int) map[string][]timedRequest {
	out := map[string][]timedRequest{}
	for _, q := range queries {
		for _, scope := range scopes {
			u := searchURL(base, q, scope, size)
			t := time.Now()
			status, _, err := get(ctx, client, u)
			out[scope] = append(out[scope], timedRequest{d: time.Since(t), status: status, err: err, request: q})
		}
	}
	return out
}

// searchURL is /api/search for one query, scope and page size.
func searchURL(base, q, scope string, size int) string {
	return base + "/api/search?" + url.Values{"q": {q}, "scope": {scope}, "size": {strconv.Itoa(size)}}.Encode()
}

// loadURLs are the throughput run's requests: every query in both
// scopes, with loadSizes page sizes after those of the warm rounds, so
// the run starts on requests the result cache has not seen.
func loadURLs(base string, rounds int) []string {
	var urls []string
	for i := range loadSizes {
		size := 10 + rounds + 1 + i
		for _, q := range queries {
			for _, scope := range scopes {
				urls = append(urls, searchURL(base, q, scope, size))
			}
		}
	}
	return urls
}

// isTimeout reports a request that timed out: the server's 504, or no
// answer before the client gave up.
func isTimeout(status int, err error) bool {
	var ne net.Error
	return status == http.StatusGatewayTimeout || errors.As(err, &ne) && ne.Timeout()
}

// summarizeTimed summarises a set of timed requests.
func summarizeTimed(ts []timedRequest) latencyStats {
	ds := make([]time.Duration, 0, len(ts))
	var s latencyStats
	var slowest time.Duration
	for _, t := range ts {
		ds = append(ds, t.d)
		if t.d > slowest {
			slowest, s.Slowest = t.d, t.request
		}
		switch {
		case isTimeout(t.status, t.err):
			s.Timeouts++
		case t.err != nil || t.status != http.StatusOK:
			s.Errors++
		default:
			continue
		}
		if s.FirstErr == "" {
			s.FirstErr = fmt.Sprintf("%s: status %d, %v", t.request, t.status, t.err)
		}
	}
	l := summarize(ds)
	s.N, s.P50, s.P90, s.P99, s.Max = l.N, msFloat(l.P50), msFloat(l.P90), msFloat(l.P99), msFloat(l.Max)
	return s
}

// msFloat is a duration in milliseconds.
func msFloat(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// readStats fills the indexed counts from /api/stats.
func readStats(ctx context.Context, client *http.Client, base string, r *scaleRun) error {
	var st search.Stats
	if err := getJSON(ctx, client, base+"/api/stats", &st); err != nil {
		return err
	}
	r.IndexedReports, r.IndexedSections = st.Reports, st.Sections
	return nil
}

// getJSON fetches u and decodes its 200 answer into v.
func getJSON(ctx context.Context, client *http.Client, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// procStatus reads a process's memory from /proc/PID/status.
func procStatus(pid int) procMemory {
	path := fmt.Sprintf("/proc/%d/status", pid)
	return procMemory{VmRSS: procField(path, "VmRSS"), RssAnon: procField(path, "RssAnon"), RssFile: procField(path, "RssFile")}
}

// sampler records the most memory a process used, sampled every 0.5 s.
type sampler struct {
	done chan struct{}
	once sync.Once
	mu   sync.Mutex
	max  procMemory
	wg   sync.WaitGroup
}

// startSampler starts sampling the process pid.
func startSampler(pid int) *sampler {
	s := &sampler{done: make(chan struct{})}
	s.wg.Go(func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			m := procStatus(pid)
			s.mu.Lock()
			s.max = procMemory{VmRSS: max(s.max.VmRSS, m.VmRSS), RssAnon: max(s.max.RssAnon, m.RssAnon), RssFile: max(s.max.RssFile, m.RssFile)}
			s.mu.Unlock()
			select {
			case <-s.done:
				return
			case <-t.C:
			}
		}
	})
	return s
}

// stop ends the sampling (once) and returns the most seen.
func (s *sampler) stop() procMemory {
	s.once.Do(func() { close(s.done) })
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.max
}
