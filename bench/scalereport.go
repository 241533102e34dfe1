package main

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/lantai/lantai/search"
)

// printScale writes the growth table: one row per metric, one column per
// size, then what went wrong.
func printScale(w io.Writer, o scaleOptions, startLoad string, runs []scaleRun) {
	printHeader(w, "scale", o.options, startLoad,
		fmt.Sprintf("corpus N×: the real reports plus N-1 synthetic copies of each (bench/scalegen.go, seed %d)", o.seed),
		"lantai ingest and lantai serve run as child processes of the binary built from this checkout; serve on 127.0.0.1",
		"cold: each query's first search since serve started, one at a time, right after the first 200 (the background warm-up may still run); "+
			fmt.Sprintf("warm: %d further rounds after the server logged it is warm", o.rounds),
		"every timed request has a page size of its own round, so none is a result-cache hit (over HTTP no query suffix can force a miss)",
		fmt.Sprintf("throughput: %d connections for %s cycling through the query list in both scopes and %d page sizes", o.conns, o.loadFor, loadSizes),
		"exactness: the API's total for each one-literal query against a brute-force count over the generated texts (indextest.ContainsLiteral)")
	fmt.Fprintln(w)
	head := "| metric |"
	rule := "|---|"
	for _, r := range runs {
		head += fmt.Sprintf(" %d× |", r.N)
		rule += "---|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, rule)
	row := func(name string, f func(r scaleRun) string) {
		line := "| " + name + " |"
		for _, r := range runs {
			line += " " + f(r) + " |"
		}
		fmt.Fprintln(w, line)
	}
	f1 := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	f2 := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	mib := func(kib int64) string { return strconv.FormatFloat(float64(kib)/1024, 'f', 0, 64) }
	row("reports generated (real)", func(r scaleRun) string { return fmt.Sprintf("%d (%d)", r.Reports, r.RealReports) })
	row("reports / sections indexed (/api/stats)", func(r scaleRun) string { return fmt.Sprintf("%d / %d", r.IndexedReports, r.IndexedSections) })
	row("raw text MB", func(r scaleRun) string { return f1(mb(r.RawTextBytes)) })
	row("generate s", func(r scaleRun) string {
		if r.CorpusReused {
			return "reused"
		}
		return f1(r.GenerateSeconds)
	})
	row("ingest wall s", func(r scaleRun) string { return f1(r.IngestWallSeconds) })
	row("ingest CPU s (user + sys)", func(r scaleRun) string { return f1(r.IngestCPUSeconds) })
	row("ingest CPU s per MB of text", func(r scaleRun) string { return f2(r.CPUSecondsPerMB) })
	row("ingest MB/s (wall)", func(r scaleRun) string { return f2(r.IngestMBPerSecond) })
	row("ingest peak RSS MB", func(r scaleRun) string { return mib(r.IngestPeakRSSKiB) })
	row("data folder MB (archive / index)", func(r scaleRun) string {
		return fmt.Sprintf("%s (%s / %s)", f1(mb(r.DataBytes)), f1(mb(r.ArchiveBytes)), f1(mb(r.IndexBytes)))
	})
	row("data ÷ raw text", func(r scaleRun) string { return f2(r.DataRatio) + "×" })
	row("serve: first 200 from /api/search, s", func(r scaleRun) string { return f1(r.FirstSearchSeconds) })
	row("serve: warm (log line), s", func(r scaleRun) string {
		if r.WarmSeconds < 0 {
			return "n/a"
		}
		return f1(r.WarmSeconds)
	})
	for _, scope := range scopes {
		for _, phase := range []string{"cold", "warm"} {
			pick := func(r scaleRun) latencyStats {
				if phase == "cold" {
					return r.Latency[scope].Cold
				}
				return r.Latency[scope].Warm
			}
			row(fmt.Sprintf("%s %s p50 / p90 / p99 ms", scope, phase), func(r scaleRun) string {
				l := pick(r)
				return fmt.Sprintf("%s / %s / %s", msText(l.P50), msText(l.P90), msText(l.P99))
			})
			row(fmt.Sprintf("%s %s slowest query", scope, phase), func(r scaleRun) string {
				l := pick(r)
				return fmt.Sprintf("%s (%s ms)", l.Slowest, msText(l.Max))
			})
			row(fmt.Sprintf("%s %s errors / timeouts (of N)", scope, phase), func(r scaleRun) string {
				l := pick(r)
				return fmt.Sprintf("%d / %d (%d)", l.Errors, l.Timeouts, l.N)
			})
		}
	}
	row("exactness: totals matching brute force", func(r scaleRun) string {
		return fmt.Sprintf("%d of %d (%d mismatches, %d errors)", r.Exact.Matches, r.Exact.Checked, len(r.Exact.Mismatches), r.Exact.Errors)
	})
	row("throughput req/s", func(r scaleRun) string { return strconv.FormatFloat(r.Load.RPS, 'f', 0, 64) })
	row("throughput errors / timeouts (of requests)", func(r scaleRun) string {
		return fmt.Sprintf("%d / %d (%d)", r.Load.Errors, r.Load.Timeouts, r.Load.Requests)
	})
	row("throughput p99 ms", func(r scaleRun) string { return msText(r.Load.P99) })
	row("serve after load: VmRSS / RssAnon / RssFile MB", func(r scaleRun) string {
		m := r.MemoryAfterLoad
		return mib(m.VmRSS) + " / " + mib(m.RssAnon) + " / " + mib(m.RssFile)
	})
	row("serve max (0.5 s samples): VmRSS / RssAnon / RssFile MB", func(r scaleRun) string {
		m := r.MemoryMax
		return mib(m.VmRSS) + " / " + mib(m.RssAnon) + " / " + mib(m.RssFile)
	})
	row("series listed / /api/series ms (median of 5)", func(r scaleRun) string {
		return fmt.Sprintf("%d / %s", r.Years.Series, msText(r.Years.SeriesMS))
	})
	row("largest series: members / compare of its newest two ms / 国内生产总值 timeline ms", func(r scaleRun) string {
		return fmt.Sprintf("%d / %s / %s", r.Years.Largest, msText(r.Years.CompareMS), msText(r.Years.TimelineMS))
	})
	row("lantai check beside serve: wall s (exit)", func(r scaleRun) string {
		return fmt.Sprintf("%s (%d)", f1(r.Years.CheckSeconds), r.Years.CheckExit)
	})
	printProblems(w, runs)
}

// msText formats milliseconds as ms does.
func msText(v float64) string { return ms(msDuration(v)) }

// printProblems lists, per size, what failed: ingest, serve, first errors
// and the exactness mismatches.
func printProblems(w io.Writer, runs []scaleRun) {
	for _, r := range runs {
		var lines []string
		if r.IngestError != "" {
			lines = append(lines, "ingest: "+r.IngestError)
		}
		if r.ServeError != "" {
			lines = append(lines, "serve: "+r.ServeError)
		}
		if r.Years.Error != "" {
			lines = append(lines, "across years / check: "+r.Years.Error)
		}
		for _, scope := range scopes {
			l := r.Latency[scope]
			if l.Cold.FirstErr != "" {
				lines = append(lines, fmt.Sprintf("first cold error (%s): %s", scope, l.Cold.FirstErr))
			}
			if l.Warm.FirstErr != "" {
				lines = append(lines, fmt.Sprintf("first warm error (%s): %s", scope, l.Warm.FirstErr))
			}
		}
		if r.Load.FirstErr != "" {
			lines = append(lines, "first throughput error: "+r.Load.FirstErr)
		}
		for _, m := range r.Exact.Mismatches {
			lines = append(lines, fmt.Sprintf("mismatch: %q (%s): total %d, brute force %d", m.Literal, m.Scope, m.Total, m.Want))
		}
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%d×:\n\n", r.N)
		for _, l := range lines {
			fmt.Fprintf(w, "- %s\n", l)
		}
	}
}

// chartPanel is one small multiple: a metric against size, one line per
// series.
type chartPanel struct {
	title  string
	unit   string
	series []chartSeries
}

// chartSeries is one line of a panel.
type chartSeries struct {
	name  string
	color string
	value func(r scaleRun) float64
}

// Chart geometry, in SVG user units.
const (
	panelW, panelH         = 340, 230
	plotLeft, plotRight    = 56, 16
	plotTop, plotBottom    = 34, 40
	chartColumns           = 2
	colorReports, colorSec = "#1f77b4", "#d62728"
)

// scaleSVG draws the growth chart: warm p99, cold p99, serve's RssAnon and
// ingest CPU per MB against corpus size (log x), as small multiples with
// axes and labels. Hand-written SVG: no script, nothing fetched.
func scaleSVG(runs []scaleRun) []byte {
	lat := func(scope string, cold bool) func(r scaleRun) float64 {
		return func(r scaleRun) float64 {
			if cold {
				return r.Latency[scope].Cold.P99
			}
			return r.Latency[scope].Warm.P99
		}
	}
	panels := []chartPanel{
		{title: "warm p99 latency", unit: "ms", series: []chartSeries{
			{"reports", colorReports, lat(search.ScopeReports, false)}, {"sections", colorSec, lat(search.ScopeSections, false)}}},
		{title: "cold p99 latency (first search of each query)", unit: "ms", series: []chartSeries{
			{"reports", colorReports, lat(search.ScopeReports, true)}, {"sections", colorSec, lat(search.ScopeSections, true)}}},
		{title: "serve RssAnon (max / after load)", unit: "MB", series: []chartSeries{
			{"max", colorReports, func(r scaleRun) float64 { return float64(r.MemoryMax.RssAnon) / 1024 }},
			{"after load", colorSec, func(r scaleRun) float64 { return float64(r.MemoryAfterLoad.RssAnon) / 1024 }}}},
		{title: "ingest CPU seconds per MB of text", unit: "s/MB", series: []chartSeries{
			{"CPU s/MB", colorReports, func(r scaleRun) float64 { return r.CPUSecondsPerMB }}}},
	}
	rows := (len(panels) + chartColumns - 1) / chartColumns
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n",
		panelW*chartColumns, panelH*rows+24, panelW*chartColumns, panelH*rows+24)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%d" y="16" font-size="13" font-weight="bold">Lantai at N× the real corpus (x: N, log scale)</text>`+"\n", 8)
	for i, p := range panels {
		drawPanel(&b, p, runs, (i%chartColumns)*panelW, 24+(i/chartColumns)*panelH)
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// drawPanel draws one panel with its top-left corner at (x0, y0).
func drawPanel(b *bytes.Buffer, p chartPanel, runs []scaleRun, x0, y0 int) {
	left, top := float64(x0+plotLeft), float64(y0+plotTop)
	w, h := float64(panelW-plotLeft-plotRight), float64(panelH-plotTop-plotBottom)
	fmt.Fprintf(b, `<text x="%d" y="%d" font-weight="bold">%s</text>`+"\n", x0+8, y0+18, html.EscapeString(p.title))
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="#999"/>`+"\n", left, top, w, h)
	var ymax float64
	for _, s := range p.series {
		for _, r := range runs {
			ymax = max(ymax, s.value(r))
		}
	}
	ymax = niceCeil(ymax)
	lo, hi := 1.0, 1.0
	for i, r := range runs {
		if i == 0 || float64(r.N) < lo {
			lo = float64(r.N)
		}
		hi = max(hi, float64(r.N))
	}
	// Points stand a tenth of the width inside the frame.
	xOf := func(n int) float64 {
		if hi == lo {
			return left + w/2
		}
		return left + w/10 + w*0.8*(math.Log(float64(n))-math.Log(lo))/(math.Log(hi)-math.Log(lo))
	}
	yOf := func(v float64) float64 { return top + h - h*v/ymax }
	for i := 0; i <= 4; i++ {
		v := ymax * float64(i) / 4
		y := yOf(v)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#eee"/>`+"\n", left, y, left+w, y)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`+"\n", left-4, y+4, strconv.FormatFloat(v, 'g', 4, 64))
	}
	fmt.Fprintf(b, `<text x="%d" y="%.1f" transform="rotate(-90 %d %.1f)" text-anchor="middle">%s</text>`+"\n",
		x0+12, top+h/2, x0+12, top+h/2, html.EscapeString(p.unit))
	for _, r := range runs {
		x := xOf(r.N)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999"/>`+"\n", x, top+h, x, top+h+4)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%d×</text>`+"\n", x, top+h+16, r.N)
	}
	for si, s := range p.series {
		var pts []string
		for _, r := range runs {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(r.N), yOf(s.value(r))))
		}
		fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), s.color)
		for _, pt := range pts {
			x, y, _ := strings.Cut(pt, ",")
			fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`+"\n", x, y, s.color)
		}
		lx := left + float64(si)*90
		ly := float64(y0 + panelH - 8)
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="10" height="10" fill="%s"/>`+"\n", lx, ly-9, s.color)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", lx+14, ly, html.EscapeString(s.name))
	}
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten (1 for 0), so
// the y axis ticks are round numbers.
func niceCeil(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// msDuration is milliseconds as a duration.
func msDuration(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
