package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index/bleveindex"
	"github.com/lantai/lantai/search"
)

// childCommand is the hidden subcommand that ingests one side: each side
// runs in its own process so that its peak RSS is its own.
const childCommand = "_ingest-child"

// Sides of the ingest comparison.
const (
	sideLantai = "lantai"
	sideCJK    = "cjk"
)

// ingestResult is what a child reports on stdout, as JSON.
type ingestResult struct {
	Side string
	// Open is the time to open the service (dictionaries, archive, empty
	// index); Ingest the time to read, store and index; Close the time to
	// flush and close. Wall is all three.
	Open, Ingest, Close, Wall time.Duration
	Files                     int
	InputBytes                int64
	Reports, Sections, Failed int
	// RawText is len(Title)+len(Text) summed over the reports indexed;
	// AnalysedText is all the text the index analyses, section documents
	// (which repeat their report's title) included.
	RawText      int64
	AnalysedText int64
	IndexBytes   int64
	ArchiveBytes int64
	// MaxRSSKiB is the child's peak resident set and CPU its user + system
	// time, filled by the parent; on a shared machine CPU time moves less
	// than wall time.
	MaxRSSKiB int64
	CPU       time.Duration
	GOGC      string
}

func runIngest(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	var o options
	o.register(fs, false)
	sides := fs.String("sides", sideLantai+","+sideCJK, "comma-separated sides to run, in order: lantai, cjk")
	profDir := fs.String("cpuprofile", "", "folder to write each side's CPU profile to (SIDE.pprof)")
	heapDir := fs.String("heapprofiles", "", "folder to write each side's live heap to every minute (SIDE-heap-NNNs.pprof)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.checkCorpus(); err != nil {
		return err
	}
	if o.gogc != "" {
		if _, err := parseGOGC(o.gogc); err != nil {
			return err
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding the bench binary to run each side in a child: %w", err)
	}
	var results []ingestResult
	startLoad := loadAverage()
	for _, side := range strings.Split(*sides, ",") {
		side = strings.TrimSpace(side)
		if side != sideLantai && side != sideCJK {
			return fmt.Errorf("--sides: unknown side %q (want lantai or cjk)", side)
		}
		fmt.Fprintf(os.Stderr, "ingest: %s ...\n", side)
		r, err := runSide(ctx, exe, side, o, *profDir, *heapDir)
		if err != nil {
			return fmt.Errorf("%s side: %w", side, err)
		}
		fmt.Fprintf(os.Stderr, "ingest: %s done in %s, peak RSS %d MiB\n", side, r.Wall.Round(time.Millisecond), r.MaxRSSKiB>>10)
		results = append(results, r)
	}
	printIngest(o, startLoad, results)
	return nil
}

// runSide ingests one side in a child process on a fresh temporary folder.
func runSide(ctx context.Context, exe, side string, o options, profDir, heapDir string) (ingestResult, error) {
	dir, err := os.MkdirTemp("", "lantai-bench-ingest-")
	if err != nil {
		return ingestResult{}, err
	}
	defer os.RemoveAll(dir)
	args := []string{childCommand, "--side", side, "--corpus", o.corpus, "--dir", dir}
	if profDir != "" {
		if err := os.MkdirAll(profDir, 0o755); err != nil {
			return ingestResult{}, err
		}
		args = append(args, "--cpuprofile", filepath.Join(profDir, side+".pprof"))
	}
	if heapDir != "" {
		if err := os.MkdirAll(heapDir, 0o755); err != nil {
			return ingestResult{}, err
		}
		args = append(args, "--heapprofiles", filepath.Join(heapDir, side))
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	cmd.Env = os.Environ()
	if o.gogc != "" {
		cmd.Env = append(cmd.Env, "GOGC="+o.gogc)
	}
	if err := cmd.Run(); err != nil {
		return ingestResult{}, fmt.Errorf("child process: %w", err)
	}
	var r ingestResult
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return ingestResult{}, fmt.Errorf("child process output %q: %w", out.String(), err)
	}
	r.MaxRSSKiB = maxRSSKiB(cmd.ProcessState)
	r.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return r, nil
}

// runIngestChild is the child side: it ingests and prints an ingestResult.
func runIngestChild(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet(childCommand, flag.ContinueOnError)
	side := fs.String("side", "", "lantai or cjk")
	corpusDir := fs.String("corpus", "", "corpus folder")
	dir := fs.String("dir", "", "empty folder to build in")
	prof := fs.String("cpuprofile", "", "file to write a CPU profile to")
	heapPrefix := fs.String("heapprofiles", "", "path prefix of the live heap written every minute (PREFIX-heap-NNNs.pprof)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *heapPrefix != "" {
		stop := writeHeapProfilesEvery(time.Minute, *heapPrefix)
		defer stop()
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	gc, err := applyGOGC("", false)
	if err != nil {
		return err
	}
	var r ingestResult
	switch *side {
	case sideLantai:
		r, err = ingestLantai(ctx, *corpusDir, *dir)
	case sideCJK:
		r, err = ingestCJK(ctx, *corpusDir, *dir)
	default:
		err = fmt.Errorf("unknown side %q", *side)
	}
	if err != nil {
		return err
	}
	r.GOGC = gc
	return json.NewEncoder(os.Stdout).Encode(r)
}

// writeHeapProfilesEvery writes the live heap to PREFIX-heap-NNNs.pprof
// every interval until stop is called: what an ingest holds as it grows.
func writeHeapProfilesEvery(interval time.Duration, prefix string) (stop func()) {
	done := make(chan struct{})
	start := time.Now()
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				path := fmt.Sprintf("%s-heap-%03.0fs.pprof", prefix, time.Since(start).Seconds())
				if err := writeHeapProfile(path); err != nil {
					fmt.Fprintln(os.Stderr, "bench: heap profile:", err)
				}
			}
		}
	}()
	return func() { close(done) }
}

func ingestLantai(ctx context.Context, corpusDir, dir string) (ingestResult, error) {
	r := ingestResult{Side: sideLantai}
	start := time.Now()
	backend, err := bleveindex.New(bleveindex.Options{})
	if err != nil {
		return r, err
	}
	svc, err := search.Open(ctx, search.Config{DataDir: dir, Backend: backend})
	if err != nil {
		return r, err
	}
	opened := time.Now()
	sum, err := svc.IngestPaths(ctx, []string{corpusDir}, search.IngestOptions{Progress: func(done, total int, _ string) { progress("lantai")(done, total) }})
	ingested := time.Now()
	if cerr := svc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return r, err
	}
	end := time.Now()
	r.Open, r.Ingest, r.Close, r.Wall = opened.Sub(start), ingested.Sub(opened), end.Sub(ingested), end.Sub(start)
	r.Files, r.InputBytes, r.Failed = sum.Files, sum.Bytes, sum.Failed
	r.IndexBytes = dirSize(filepath.Join(dir, "index"))
	r.ArchiveBytes = dirSize(filepath.Join(dir, "archive"))
	// Counted from the archive after the clock stopped: the reports the
	// index holds are the archive's latest versions.
	a, err := archive.OpenReadOnly(filepath.Join(dir, "archive"))
	if err != nil {
		return r, err
	}
	defer a.Close()
	err = a.Each(func(rep corpus.Report) error {
		r.Reports++
		r.Sections += len(rep.Sections)
		r.RawText += int64(len(rep.Text) + len(rep.Title))
		r.AnalysedText += analysedText(rep)
		return nil
	})
	return r, err
}

func ingestCJK(ctx context.Context, corpusDir, dir string) (ingestResult, error) {
	r := ingestResult{Side: sideCJK}
	idxDir := filepath.Join(dir, "index")
	start := time.Now()
	st, err := buildBaseline(ctx, corpusDir, idxDir, progress("cjk"))
	if err != nil {
		return r, err
	}
	// buildBaseline closes the index, so its time includes the flush.
	r.Wall = time.Since(start)
	r.Ingest = r.Wall
	r.Files, r.InputBytes, r.Failed = st.Files, st.InputBytes, st.Failed
	r.Reports, r.Sections, r.RawText, r.AnalysedText = st.Reports, st.Sections, st.RawText, st.AnalysedText
	r.IndexBytes = dirSize(idxDir)
	return r, nil
}

// progress prints a line to stderr every 100 files, so a long run shows it
// is alive without flooding a log.
func progress(side string) func(done, total int) {
	return func(done, total int) {
		if done%100 == 0 || done == total {
			fmt.Fprintf(os.Stderr, "  %s: %d/%d files\n", side, done, total)
		}
	}
}

func printIngest(o options, startLoad string, rs []ingestResult) {
	w := os.Stdout
	gc := "lantai ingest's (internal/memtune) in each child"
	if o.gogc != "" {
		gc += ", GOGC " + o.gogc + " in its environment"
	}
	printHeader(w, "ingest", o, startLoad, "memory policy: "+gc)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| side | wall s (open / ingest / close) | MB/s | MB/s without open | CPU s | MB per CPU s | reports/s | reports | sections | index MB | index ÷ raw text | archive MB | peak RSS MB |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rs {
		secs := r.Wall.Seconds()
		ratio := 0.0
		if r.RawText > 0 {
			ratio = float64(r.IndexBytes) / float64(r.RawText)
		}
		archive := "—"
		if r.ArchiveBytes > 0 {
			archive = fmt.Sprintf("%.1f", mb(r.ArchiveBytes))
		}
		fmt.Fprintf(w, "| %s | %.1f (%.1f / %.1f / %.1f) | %.2f | %.2f | %.1f | %.2f | %.1f | %d | %d | %.1f | %.2f× | %s | %.0f |\n",
			sideName(r.Side), secs, r.Open.Seconds(), r.Ingest.Seconds(), r.Close.Seconds(),
			mb(r.InputBytes)/secs, mb(r.InputBytes)/(r.Ingest+r.Close).Seconds(),
			r.CPU.Seconds(), mb(r.InputBytes)/r.CPU.Seconds(), float64(r.Reports)/secs, r.Reports, r.Sections,
			mb(r.IndexBytes), ratio, archive, float64(r.MaxRSSKiB)/1024)
	}
	if len(rs) == 0 {
		return
	}
	r0 := rs[0]
	fmt.Fprintf(w, "\nInput: %d files, %.1f MB read, %d inputs failed to read. Raw text (title + text of the reports indexed): %.1f MB. "+
		"Text analysed into the index, section documents included: %.1f MB (%.2f× the raw text), so index ÷ analysed text is %.2f× for the first side.\n",
		r0.Files, mb(r0.InputBytes), r0.Failed, mb(r0.RawText), mb(r0.AnalysedText),
		float64(r0.AnalysedText)/float64(max(r0.RawText, 1)), float64(r0.IndexBytes)/float64(max(r0.AnalysedText, 1)))
	var l, c *ingestResult
	for i := range rs {
		switch rs[i].Side {
		case sideLantai:
			l = &rs[i]
		case sideCJK:
			c = &rs[i]
		}
	}
	if l == nil {
		return
	}
	fmt.Fprintln(w, "\n| target | measured | |\n|---|---|---|")
	if c != nil {
		speedup := c.Wall.Seconds() / l.Wall.Seconds()
		fmt.Fprintf(w, "| ingest ≥ 2× bleve+cjk (same run) | %.2f× by wall time | %s |\n", speedup, met(speedup >= 2))
		byCPU := c.CPU.Seconds() / l.CPU.Seconds()
		fmt.Fprintf(w, "| (same, by CPU time: steadier on a shared machine) | %.2f× | %s |\n", byCPU, met(byCPU >= 2))
	}
	ratio := float64(l.IndexBytes) / float64(max(l.RawText, 1))
	fmt.Fprintf(w, "| index ≤ 2× raw text | %.2f× | %s |\n", ratio, met(ratio <= 2))
	rss := float64(l.MaxRSSKiB) / 1024
	fmt.Fprintf(w, "| peak RSS ≤ 400 MB | %.0f MB | %s |\n", rss, met(rss <= 400))
}

func sideName(side string) string {
	switch side {
	case sideLantai:
		return "Lantai (archive + jieba index)"
	case sideCJK:
		return "bleve + cjk (index only)"
	}
	return side
}

// analysedText is the text of a report's index documents as bleveindex.Batch
// builds them: the report (title, joined headings, text) and each section
// (its report's title, heading, text).
func analysedText(r corpus.Report) int64 {
	n := len(r.Title) + len(r.Text)
	for _, s := range r.Sections {
		n += len(s.Heading) + 1 + len(r.Title) + len(s.Heading) + len(s.Text)
	}
	return int64(n)
}
