package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/lantai/lantai/search"
)

// scopes are measured one after the other, each over the whole query list.
var scopes = []string{search.ScopeReports, search.ScopeSections}

// queryRun is the latency of one engine in one scope.
type queryRun struct {
	engine, scope string
	lat           latencies
	// slowest are the queries by median, highest first, for tuning.
	slowest []queryTime
}

type queryTime struct {
	q   string
	p50 time.Duration
}

func runQuery(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	var o options
	o.register(fs, true)
	rounds := fs.Int("rounds", 5, "times each query is run after one warm-up round")
	skipBaseline := fs.Bool("no-baseline", false, "measure Lantai only")
	prof := fs.String("cpuprofile", "", "file to write a CPU profile of the Lantai searches (warm-up included) to")
	memProf := fs.String("memprofile", "", "file to write a heap profile to after the Lantai searches (what a warm server holds)")
	cache := fs.String("cache", cacheMiss, `Lantai's result cache: "miss" makes every search run in full, "hit" repeats queries as typed`)
	perQuery := fs.Bool("per-query", false, "list every query's p50, slowest first, after the tables")
	only := fs.String("only", "", "comma-separated queries to time instead of the whole list, for profiling one kind of query")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *only != "" {
		queries = strings.Split(*only, ",")
	}
	if err := checkCacheMode(*cache); err != nil {
		return err
	}
	if *rounds < 1 {
		return fmt.Errorf("--rounds must be 1 or more, not %d", *rounds)
	}
	if err := o.checkCorpus(); err != nil {
		return err
	}
	svc, err := openLantai(ctx, o)
	if err != nil {
		return err
	}
	defer svc.Close()
	var base bleve.Index
	if !*skipBaseline {
		if base, err = openBaseline(ctx, o); err != nil {
			return err
		}
		defer base.Close()
	}
	// Set after Open, so a GC setting the product makes in Open is what
	// "leave it" reports, and --gogc overrides it.
	gc, err := applyGOGC(o.gogc, true)
	if err != nil {
		return err
	}
	startLoad := loadAverage()
	stopProfile, err := startProfile(*prof)
	if err != nil {
		return err
	}
	var runs []queryRun
	var calls uint64
	for _, scope := range scopes {
		r, err := measure(ctx, "Lantai Service.Search", scope, *rounds, func(q string) error {
			if *cache == cacheMiss {
				calls++
				q += missSuffix(calls)
			}
			_, err := svc.Search(ctx, search.Request{Query: q, Scope: scope, Size: 10, Page: 1})
			return err
		})
		if err != nil {
			return err
		}
		runs = append(runs, r)
	}
	stopProfile()
	if err := writeHeapProfile(*memProf); err != nil {
		return err
	}
	if base != nil {
		for _, scope := range scopes {
			r, err := measure(ctx, "bleve+cjk phrase", scope, *rounds, func(q string) error {
				_, err := base.SearchInContext(ctx, baselineRequest(q, scope))
				return err
			})
			if err != nil {
				return err
			}
			runs = append(runs, r)
		}
	}
	printQuery(o, gc, startLoad, *rounds, *cache, runs)
	if *perQuery {
		for _, r := range runs {
			fmt.Printf("\n%s, %s, p50 ms per query:", r.engine, r.scope)
			for _, q := range r.slowest {
				fmt.Printf(" %s %s;", q.q, ms(q.p50))
			}
			fmt.Println()
		}
	}
	return nil
}

// measure runs every query once to warm caches, then rounds more times,
// timing each call.
func measure(ctx context.Context, engine, scope string, rounds int, searchFn func(q string) error) (queryRun, error) {
	// A panic in a search is a bug to report with its query, not a crash
	// of the whole run.
	search := func(q string) (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		return searchFn(q)
	}
	fmt.Fprintf(os.Stderr, "query: %s, %s, %d queries × %d rounds\n", engine, scope, len(queries), rounds)
	r := queryRun{engine: engine, scope: scope}
	for _, q := range queries {
		if err := search(q); err != nil {
			return r, fmt.Errorf("%s %s %q: %w", engine, scope, q, err)
		}
	}
	runtime.GC() // start every engine from the same heap state
	all := make([]time.Duration, 0, rounds*len(queries))
	per := make(map[string][]time.Duration, len(queries))
	for range rounds {
		for _, q := range queries {
			if err := ctx.Err(); err != nil {
				return r, err
			}
			t := time.Now()
			if err := search(q); err != nil {
				return r, fmt.Errorf("%s %s %q: %w", engine, scope, q, err)
			}
			d := time.Since(t)
			all = append(all, d)
			per[q] = append(per[q], d)
		}
	}
	r.lat = summarize(all)
	for q, ds := range per {
		r.slowest = append(r.slowest, queryTime{q, summarize(ds).P50})
	}
	slices.SortFunc(r.slowest, func(a, b queryTime) int { return int(b.p50 - a.p50) })
	return r, nil
}

func printQuery(o options, gc, startLoad string, rounds int, cache string, runs []queryRun) {

	w := os.Stdout
	printHeader(w, "query", o, startLoad,
		fmt.Sprintf("data: %s; baseline: %s", o.data, o.baseline),
		fmt.Sprintf("%d queries × %d rounds per scope after one warm-up round; size 10, page 1; one query at a time", len(queries), rounds),
		strings.Replace(cacheNote(cache), " added behind the web layer", "", 1),
		o.literalCacheNote(),
		"memory policy: "+gc,
		fmt.Sprintf("GOMAXPROCS: %d", runtime.GOMAXPROCS(0)))
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| engine | scope | queries timed | p50 ms | p90 ms | p99 ms | mean ms | max ms | slowest (p50 ms) |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range runs {
		slow := ""
		for i, s := range r.slowest[:min(5, len(r.slowest))] {
			if i > 0 {
				slow += ", "
			}
			slow += fmt.Sprintf("%s %s", s.q, ms(s.p50))
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %s | %s |\n", r.engine, r.scope, r.lat.N,
			ms(r.lat.P50), ms(r.lat.P90), ms(r.lat.P99), ms(r.lat.Mean), ms(r.lat.Max), slow)
	}
	fmt.Fprintln(w, "\n| target (Lantai) | scope | measured | |\n|---|---|---|---|")
	for _, r := range runs {
		if r.engine != "Lantai Service.Search" {
			continue
		}
		fmt.Fprintf(w, "| p50 ≤ 0.5 ms | %s | %s ms | %s |\n", r.scope, ms(r.lat.P50), met(r.lat.P50 <= 500*time.Microsecond))
		fmt.Fprintf(w, "| p99 ≤ 2 ms | %s | %s ms | %s |\n", r.scope, ms(r.lat.P99), met(r.lat.P99 <= 2*time.Millisecond))
	}
}
