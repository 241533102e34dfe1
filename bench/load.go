package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lantai/lantai/search"
	"github.com/lantai/lantai/web"
)

// memory is the process's memory at one moment, from /proc/self/status and
// the Go runtime.
type memory struct {
	RSSKiB, HWMKiB int64
	HeapInuse      uint64
}

func memoryNow() memory {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memory{
		RSSKiB:    procField("/proc/self/status", "VmRSS"),
		HWMKiB:    procField("/proc/self/status", "VmHWM"),
		HeapInuse: ms.HeapInuse,
	}
}

// loadResult is what the client side counted.
type loadResult struct {
	requests int64
	errors   int64
	// timeouts are the errors that were timeouts (isTimeout).
	timeouts int64
	firstErr string
	elapsed  time.Duration
	lat      latencies
	bytes    int64
}

func runLoad(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	var o options
	o.register(fs, true)
	duration := fs.Duration("duration", 30*time.Second, "how long the load runs")
	conns := fs.Int("conns", 8, "concurrent client connections")
	maxReq := fs.Int64("max-requests", 1_000_000, "stop after this many requests even before --duration")
	scopeList := fs.String("scope", search.ScopeReports, `scope sent with each query: reports, sections or "both" (alternating)`)
	prof := fs.String("cpuprofile", "", "file to write a CPU profile of the load (server and client) to")
	heapProf := fs.String("heapprofile", "", "file to write the live heap to after the load (before any --writes run)")
	cache := fs.String("cache", cacheMiss, `Lantai's result cache: "miss" makes every search run in full, "hit" repeats queries as typed`)
	writes := fs.Bool("writes", false, "after the plain run, run again with an upload every 0.5 s and one reindex beside the searches, and compare")
	withReindex := fs.Bool("reindex", true, "with --writes: start one reindex a quarter into the run beside writes")
	quiet := fs.Bool("no-access-log", false, "skip formatting the access log (by default it is formatted as JSON and discarded, as a server would pay for it)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *conns < 1 || *duration <= 0 || *maxReq < 1 {
		return errors.New("--conns, --duration and --max-requests must be positive")
	}
	if err := checkCacheMode(*cache); err != nil {
		return err
	}
	var sc []string
	switch *scopeList {
	case search.ScopeReports, search.ScopeSections:
		sc = []string{*scopeList}
	case "both":
		sc = scopes
	default:
		return fmt.Errorf("--scope must be reports, sections or both, not %q", *scopeList)
	}
	if err := o.checkCorpus(); err != nil {
		return err
	}
	svc, err := openLantai(ctx, o)
	if err != nil {
		return err
	}
	defer svc.Close()
	gc, err := applyGOGC(o.gogc, true)
	if err != nil {
		return err
	}
	logger := slog.New(slog.DiscardHandler)
	if !*quiet {
		logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var backend web.Backend = svc
	if *cache == cacheMiss {
		backend = &cacheMissBackend{Service: svc}
	}
	cfg := web.Config{Addr: ln.Addr().String()}
	if *writes {
		cfg.AdminToken = benchToken
	}
	srv, err := web.New(cfg, backend, logger)
	if err != nil {
		ln.Close()
		return err
	}
	sctx, stopServer := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx, ln) }()
	defer func() {
		stopServer()
		<-served
	}()

	var urls []string
	for _, q := range queries {
		for _, s := range sc {
			urls = append(urls, "http://"+ln.Addr().String()+"/api/search?"+url.Values{"q": {q}, "scope": {s}}.Encode())
		}
	}
	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        *conns,
			MaxIdleConnsPerHost: *conns,
			MaxConnsPerHost:     *conns,
			DisableCompression:  true,
		},
	}
	// One pass warms the caches the first request of each query fills, and
	// checks that every query answers 200 before the clock starts.
	for _, u := range urls {
		if status, _, err := get(ctx, client, u); err != nil || status != http.StatusOK {
			return fmt.Errorf("warm-up %s: status %d, %v", u, status, err)
		}
	}
	runtime.GC()
	before := memoryNow()
	startLoad := loadAverage()
	fmt.Fprintf(os.Stderr, "load: %d connections for %s (at most %d requests) over %d URLs\n", *conns, *duration, *maxReq, len(urls))
	stopProfile, err := startProfile(*prof)
	if err != nil {
		return err
	}
	res := drive(ctx, client, urls, *conns, *duration, *maxReq)
	if !*writes {
		// With --writes the profile covers the run beside writes too.
		stopProfile()
	}
	after := memoryNow()
	if err := writeHeapProfile(*heapProf); err != nil {
		return err
	}
	printLoad(o, gc, startLoad, *conns, *duration, *maxReq, *scopeList, *cache, !*quiet, res, before, after)
	if !*writes {
		return nil
	}
	fmt.Fprintf(os.Stderr, "load: again, with an upload every %s and a reindex after %s\n", uploadEvery, *duration/4)
	base := "http://" + ln.Addr().String()
	wctx, cancel := context.WithTimeout(ctx, *duration)
	var wl writeLoad
	done := make(chan struct{})
	go func() {
		defer close(done)
		reindexAfter := *duration / 4
		if !*withReindex {
			reindexAfter = -1
		}
		wl = driveWrites(wctx, client, base, reindexAfter)
	}()
	busy := drive(ctx, client, urls, *conns, *duration, *maxReq)
	cancel()
	<-done
	stopProfile()
	printWrites(res, busy, wl)
	return removeUploads(client, base, wl.ids)
}

// drive runs conns clients until the duration passes or maxReq requests
// were sent, each taking the next URL of the cycle.
func drive(ctx context.Context, client *http.Client, urls []string, conns int, d time.Duration, maxReq int64) loadResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var next, nerr, ntimeout, nbytes atomic.Int64
	var errOnce sync.Once
	var firstErr string
	lats := make([][]time.Duration, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range conns {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := next.Add(1)
				if i > maxReq {
					return
				}
				u := urls[int(i-1)%len(urls)]
				t := time.Now()
				status, n, err := get(ctx, client, u)
				if ctx.Err() != nil {
					return // the request the deadline cut off is not counted
				}
				lats[c] = append(lats[c], time.Since(t))
				nbytes.Add(n)
				if err != nil || status != http.StatusOK {
					nerr.Add(1)
					if isTimeout(status, err) {
						ntimeout.Add(1)
					}
					errOnce.Do(func() { firstErr = fmt.Sprintf("%s: status %d, %v", u, status, err) })
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	return loadResult{
		requests: int64(len(all)),
		errors:   nerr.Load(),
		timeouts: ntimeout.Load(),
		firstErr: firstErr,
		elapsed:  elapsed,
		lat:      summarize(all),
		bytes:    nbytes.Load(),
	}
}

// get fetches u and reads the whole body, as a browser would.
func get(ctx context.Context, client *http.Client, u string) (status int, n int64, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, n, err
}

func printLoad(o options, gc, startLoad string, conns int, d time.Duration, maxReq int64, scope, cache string, accessLog bool,
	r loadResult, before, after memory) {
	w := os.Stdout
	logNote := "access log formatted as JSON and discarded"
	if !accessLog {
		logNote = "access log off"
	}
	printHeader(w, "load", o, startLoad,
		fmt.Sprintf("data: %s", o.data),
		fmt.Sprintf("real web server (web.New + Serve) in this process on 127.0.0.1, %s; Go client in the same process", logNote),
		fmt.Sprintf("%d connections, %s or %d requests, cycling through %d queries (scope: %s), one warm-up pass", conns, d, maxReq, len(queries), scope),
		cacheNote(cache),
		o.literalCacheNote(),
		"memory policy: "+gc,
		fmt.Sprintf("GOMAXPROCS: %d", runtime.GOMAXPROCS(0)))
	fmt.Fprintln(w)
	rps := float64(r.requests) / r.elapsed.Seconds()
	fmt.Fprintln(w, "| requests | seconds | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | MB sent | RSS before → after MB | peak RSS MB | Go heap in use before → after MB |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	fmt.Fprintf(w, "| %d | %.1f | %.0f | %s | %s | %s | %s | %d | %.1f | %.0f → %.0f | %.0f | %.0f → %.0f |\n",
		r.requests, r.elapsed.Seconds(), rps, ms(r.lat.P50), ms(r.lat.P90), ms(r.lat.P99), ms(r.lat.Max), r.errors,
		mb(r.bytes), float64(before.RSSKiB)/1024, float64(after.RSSKiB)/1024, float64(after.HWMKiB)/1024,
		mb(int64(before.HeapInuse)), mb(int64(after.HeapInuse)))
	if r.firstErr != "" {
		fmt.Fprintf(w, "\nFirst error: %s\n", r.firstErr)
	}
	fmt.Fprintln(w, "\n| target | measured | |\n|---|---|---|")
	fmt.Fprintf(w, "| p99 ≤ 20 ms | %s ms | %s |\n", ms(r.lat.P99), met(r.lat.P99 <= 20*time.Millisecond))
	fmt.Fprintf(w, "| ≥ 1,000 req/s | %.0f | %s |\n", rps, met(rps >= 1000))
	fmt.Fprintf(w, "| no errors | %d | %s |\n", r.errors, met(r.errors == 0))
}

func cacheNote(cache string) string {
	if cache == cacheHit {
		return "result cache: requests repeated as typed, so after the warm-up pass nearly every search is a cache hit"
	}
	return "result cache: every search misses it (whitespace suffix added behind the web layer), so each runs in full"
}
