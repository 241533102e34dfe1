package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostileDeadline is how long any one hostile request may take: the
// server's request timeout (10 s) plus slack for a busy machine. It is a
// liveness bound, not a performance target.
const hostileDeadline = 15 * time.Second

// hostileGet sends one request and returns its status and body, failing the
// test when the server does not answer within hostileDeadline.
func hostileGet(t *testing.T, client *http.Client, base, target string) (int, string) {
	t.Helper()
	resp, err := client.Get(base + target)
	if err != nil {
		t.Fatalf("GET %.120s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(body)
}

// residentBytes reads the server's resident memory from its own /metrics.
func residentBytes(t *testing.T, client *http.Client, base string) float64 {
	t.Helper()
	resp, err := client.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("process_resident_memory_bytes %q: %v", v, err)
			}
			return f
		}
	}
	t.Fatal("/metrics has no process_resident_memory_bytes")
	return 0
}

// TestHostileRequests sends the requests that once killed or broke the
// server (issue D1, D2, D5: deep pages, overflowing integers, deeply nested
// queries) and a bounded run of generated hostile requests to every search
// route of the real binary: each must be refused with a 4xx naming the
// parameter, or answered, within the deadline, and the server must stay up
// with its memory where it was.
func TestHostileRequests(t *testing.T) {
	base := startServe(t, t.TempDir())
	client := &http.Client{Timeout: hostileDeadline}
	// Warm the lazy tables so the memory baseline is the server's steady state.
	for _, q := range []string{"法", "行政复议", "政府"} {
		hostileGet(t, client, base, "/api/search?q="+url.QueryEscape(q))
		hostileGet(t, client, base, "/api/search?scope=sections&q="+url.QueryEscape(q))
		hostileGet(t, client, base, "/api/suggest?q="+url.QueryEscape(q))
	}
	nested := url.QueryEscape(strings.Repeat("-(", 400) + "x")
	known := []struct {
		target  string
		status  int
		mention string
	}{
		{"/api/search?q=法&page=999999999", 400, "result window"},
		{"/api/search?q=法&page=100000&size=100", 400, "result window"},
		{"/api/search?q=法&page=200000", 400, "page"},
		{"/api/search?q=法&page=101&size=100", 400, "page must be at most 100"},
		{"/api/search?q=法&page=9223372036854775807", 400, "page"},
		{"/api/search?q=法&page=9223372036854775807&size=100", 400, "page"},
		{"/api/search?q=法&page=-9223372036854775808", 400, "page"},
		{"/api/search?q=法&size=9223372036854775807", 400, "size"},
		{"/api/search?q=法&year=9223372036854775807", 400, "year"},
		{"/api/search/by-year?q=法&page=9223372036854775807", 400, "page"},
		{"/?q=法&page=9223372036854775807", 400, "page"},
		{"/embed?q=法&page=9223372036854775807", 400, "page"},
		{"/years?q=法&page=9223372036854775807", 400, "page"},
		{"/api/search?q=" + nested, 400, "deep"},
		{"/api/search?scope=sections&q=" + nested, 400, "deep"},
		{"/embed?q=" + nested, 400, "deep"},
		{"/?q=" + nested, 400, "deep"},
		{"/api/search?q=" + url.QueryEscape(strings.Repeat("法 ", 500)), 400, "at most 32"},
		{"/api/search?q=" + strings.Repeat("%E6%B3%95", 5000), 400, "at most 1000 characters"},
		{"/api/suggest?q=" + strings.Repeat("%E6%B3%95", 5000), 400, "at most 100 characters"},
		{"/api/suggest?q=法&limit=9223372036854775807", 400, "limit"},
		{"/reports/nope?q=" + strings.Repeat("%E6%B3%95", 5000), 400, "at most 1000 characters"},
	}
	for _, k := range known {
		start := time.Now()
		status, body := hostileGet(t, client, base, k.target)
		if status != k.status || !strings.Contains(body, k.mention) {
			t.Errorf("GET %.100s: %d %.200s; want %d mentioning %q", k.target, status, body, k.status, k.mention)
		}
		if d := time.Since(start); d > hostileDeadline {
			t.Errorf("GET %.100s took %s", k.target, d)
		}
	}

	// A bounded run of generated requests: every route, every parameter,
	// values chosen to overflow, nest, fan out or be malformed. The first
	// run also fills what the legitimate answers among them fill (the
	// bounded result cache, lazy tables); memory is compared across the
	// second, identical run.
	targets := hostileTargets(rand.New(rand.NewPCG(17, 2026)), 3000)
	sendHostile(t, client, base, targets)
	before := residentBytes(t, client, base)
	sendHostile(t, client, base, targets)
	if status, _ := hostileGet(t, client, base, "/healthz"); status != 200 {
		t.Fatalf("/healthz after the hostile requests: %d", status)
	}
	// The hostile requests were refused before they allocated: memory stays
	// where it was (10% and 16 MiB of slack for the collector's timing).
	if after := residentBytes(t, client, base); after > before*1.10+16<<20 {
		t.Errorf("resident memory grew from %.0f MiB to %.0f MiB", before/(1<<20), after/(1<<20))
	}
}

// sendHostile sends targets from four clients at once and fails the test
// on any answer of 5xx other than a deliberate 503 or 504.
func sendHostile(t *testing.T, client *http.Client, base string, targets []string) {
	t.Helper()
	var (
		mu       sync.Mutex
		failures []string
		statuses = map[int]int{}
		wg       sync.WaitGroup
	)
	work := make(chan string)
	for range 4 {
		wg.Go(func() {
			for target := range work {
				resp, err := client.Get(base + target)
				mu.Lock()
				switch {
				case err != nil:
					failures = append(failures, fmt.Sprintf("GET %.120s: %v", target, err))
				case resp.StatusCode >= 500 && resp.StatusCode != 503 && resp.StatusCode != 504:
					failures = append(failures, fmt.Sprintf("GET %.120s: %d", target, resp.StatusCode))
				}
				if err == nil {
					statuses[resp.StatusCode]++
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				mu.Unlock()
			}
		})
	}
	for _, target := range targets {
		work <- target
	}
	close(work)
	wg.Wait()
	t.Logf("%d generated hostile requests: statuses %v", len(targets), statuses)
	for i, f := range failures {
		if i == 20 {
			t.Errorf("... and %d more", len(failures)-20)
			break
		}
		t.Error(f)
	}
}

// hostileTargets generates n request targets over every search route and
// parameter, deterministically from r.
func hostileTargets(r *rand.Rand, n int) []string {
	routes := []string{"/api/search", "/api/search/by-year", "/", "/embed", "/years", "/api/suggest", "/api/ids", "/reports/sample", "/feed.atom"}
	params := []string{"q", "page", "size", "year", "from", "to", "sort", "scope", "agency", "catalog", "limit"}
	numbers := []string{"0", "-1", "1", "2", "100", "101", "1000", "1001", "10000", "999999999", "2147483648",
		"9223372036854775807", "-9223372036854775808", "99999999999999999999999", "1e9", "0x10", " 7", "１", "٣"}
	texts := []string{"法", "行政复议", `"依法行政"`, "-法", "a OR b", "title:报告", "year:2019..2022", "year:99999999999",
		strings.Repeat("(", 300), strings.Repeat("-(", 200) + "x", strings.Repeat("法 OR ", 100), strings.Repeat("法", 1200),
		"\x00", "%ff", "<script>alert(1)</script>", "标题:", ")(", `"`, "-", "OR", "*", "?", "\\", "年份:二〇二〇"}
	dates := []string{"2021-01-01", "2021-13-01", "0000-00-00", "9999-12-31", "2021/01/01", "-1"}
	var out []string
	for range n {
		v := url.Values{}
		for range 1 + r.IntN(4) {
			p := params[r.IntN(len(params))]
			switch p {
			case "q", "agency", "catalog":
				v.Add(p, texts[r.IntN(len(texts))])
			case "from", "to":
				v.Add(p, dates[r.IntN(len(dates))])
			case "sort":
				v.Add(p, []string{"relevance", "date", "-date", "recent", "x", ""}[r.IntN(6)])
			case "scope":
				v.Add(p, []string{"reports", "sections", "all", ""}[r.IntN(4)])
			default:
				v.Add(p, numbers[r.IntN(len(numbers))])
			}
		}
		out = append(out, routes[r.IntN(len(routes))]+"?"+v.Encode())
	}
	return out
}
