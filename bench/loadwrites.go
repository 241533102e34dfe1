package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"
)

// benchToken is the admin token of the server the writes load runs on;
// the server listens on loopback only and lives as long as the run.
const benchToken = "bench-load-writes"

// uploadEvery is how often the writes load uploads a report.
const uploadEvery = 500 * time.Millisecond

// writeLoad is what the writer beside the searching clients did.
type writeLoad struct {
	uploads, uploadErrors int
	reindexStarted        bool
	reindexStatus         string
	firstErr              string
	uploadLat             latencies
	ids                   []string
}

// benchUpload is the n-th invented report the writes load uploads: a
// district of its own, so every upload adds a report.
func benchUpload(n int) string {
	return fmt.Sprintf("压测%d区2024年法治政府建设情况报告\n\n索引号\nBENCH-%06d/2024-00001\n发文机构\n压测%d区人民政府\n日期\n2024-12-%02d\n\n"+
		"一、主要工作\n压测%d区推进依法行政，办理行政复议案件%d件，法治政府建设取得新成效。\n\n二、下一步计划\n持续深化“放管服”改革，优化营商环境。\n",
		n, n, n, 1+n%28, n, 10+n%90)
}

// driveWrites uploads a report every uploadEvery until ctx ends and, at
// reindexAfter (unless it is negative), starts one reindex through the
// admin API.
func driveWrites(ctx context.Context, client *http.Client, base string, reindexAfter time.Duration) writeLoad {
	var w writeLoad
	var mu sync.Mutex
	var lats []time.Duration
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if w.firstErr == "" {
			w.firstErr = fmt.Sprintf(format, args...)
		}
	}
	var reindex <-chan time.Time
	if reindexAfter >= 0 {
		reindex = time.After(reindexAfter)
	} else {
		w.reindexStarted, w.reindexStatus = true, "none"
	}
	tick := time.NewTicker(uploadEvery)
	defer tick.Stop()
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			w.uploadLat = summarize(lats)
			return w
		case <-reindex:
			status, body, err := post(ctx, client, base+"/api/admin/reindex", nil)
			w.reindexStarted = err == nil && status == http.StatusAccepted
			w.reindexStatus = fmt.Sprintf("%d %s", status, bytes.TrimSpace(body))
			if !w.reindexStarted {
				fail("reindex: status %d, %v", status, err)
			}
		case <-tick.C:
			t := time.Now()
			status, body, err := post(ctx, client, base+"/api/reports?"+url.Values{"name": {fmt.Sprintf("bench-load-%d.txt", n)}}.Encode(), []byte(benchUpload(n)))
			if ctx.Err() != nil {
				continue
			}
			lats = append(lats, time.Since(t))
			w.uploads++
			var res struct{ IDs []string }
			if err != nil || status != http.StatusOK || json.Unmarshal(body, &res) != nil || len(res.IDs) != 1 {
				w.uploadErrors++
				fail("upload %d: status %d, %v: %.200s", n, status, err, body)
				continue
			}
			w.ids = append(w.ids, res.IDs[0])
		}
	}
}

// removeUploads deletes what the writes load uploaded, so the benchmark's
// data folder stays the corpus alone.
func removeUploads(client *http.Client, base string, ids []string) error {
	for _, id := range ids {
		req, err := http.NewRequest(http.MethodDelete, base+"/api/reports/"+url.PathEscape(id), nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+benchToken)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
			return fmt.Errorf("deleting upload %s: status %d", id, resp.StatusCode)
		}
	}
	return nil
}

// post sends body with the admin token and reads the whole answer.
func post(ctx context.Context, client *http.Client, u string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+benchToken)
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// printWrites compares the searches beside writes with the plain run.
func printWrites(idle, busy loadResult, w writeLoad) {
	out := os.Stdout
	fmt.Fprintf(out, "\n#### beside writes: an upload every %s (POST /api/reports) and one reindex (POST /api/admin/reindex, %s)\n\n", uploadEvery, w.reindexStatus)
	fmt.Fprintln(out, "| run | search requests | req/s | p50 ms | p90 ms | p99 ms | max ms | search errors | uploads | upload errors | upload p50 / p99 / max ms |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|---|---|")
	row := func(name string, r loadResult, uploads string) {
		fmt.Fprintf(out, "| %s | %d | %.0f | %s | %s | %s | %s | %d | %s |\n", name, r.requests, float64(r.requests)/r.elapsed.Seconds(),
			ms(r.lat.P50), ms(r.lat.P90), ms(r.lat.P99), ms(r.lat.Max), r.errors, uploads)
	}
	row("searches alone", idle, "– | – | –")
	row("beside writes", busy, fmt.Sprintf("%d | %d | %s / %s / %s", w.uploads, w.uploadErrors, ms(w.uploadLat.P50), ms(w.uploadLat.P99), ms(w.uploadLat.Max)))
	if busy.firstErr != "" {
		fmt.Fprintf(out, "\nFirst search error: %s\n", busy.firstErr)
	}
	if w.firstErr != "" {
		fmt.Fprintf(out, "\nFirst write error: %s\n", w.firstErr)
	}
	ratio := float64(busy.lat.P99) / float64(max(idle.lat.P99, 1))
	fmt.Fprintln(out, "\n| target | measured | |\n|---|---|---|")
	fmt.Fprintf(out, "| search p99 beside writes ≤ 3× alone | %.2f× (%s / %s ms) | %s |\n", ratio, ms(busy.lat.P99), ms(idle.lat.P99), met(ratio <= 3))
	fmt.Fprintf(out, "| nothing fails | %d search, %d upload errors | %s |\n", busy.errors, w.uploadErrors, met(busy.errors == 0 && w.uploadErrors == 0 && w.reindexStarted))
}
