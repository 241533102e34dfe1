package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/lantai/lantai/index/bleveindex"
	"github.com/lantai/lantai/search"
)

// openLantai opens the data folder, ingesting the corpus first when its
// archive is empty; search.Open itself rebuilds an index left by another
// index version. It then warms the service as lantai serve does at start
// (the index's key tables, the suggestions and corrections), so
// that what is timed is a server's steady state.
func openLantai(ctx context.Context, o options) (svc *search.Service, err error) {
	defer func() {
		if err == nil {
			warmStart := time.Now()
			svc.Warm(ctx)
			fmt.Fprintf(os.Stderr, "lantai: warmed in %s\n", time.Since(warmStart).Round(time.Millisecond))
		}
	}()
	start := time.Now()
	opts := bleveindex.Options{}
	if o.coldLiterals {
		opts.LiteralCacheSize = coldLiteralCache
	}
	backend, err := bleveindex.New(opts)
	if err != nil {
		return nil, err
	}
	svc, err = search.Open(ctx, search.Config{DataDir: o.data, Backend: backend})
	if err != nil {
		return nil, fmt.Errorf("opening data folder %s: %w", o.data, err)
	}
	if svc.Archive().Len() > 0 {
		fmt.Fprintf(os.Stderr, "lantai: reusing %s (%d reports, opened in %s)\n", o.data, svc.Archive().Len(), time.Since(start).Round(time.Millisecond))
		return svc, nil
	}
	fmt.Fprintf(os.Stderr, "lantai: %s is empty; ingesting %s (a few minutes, once)\n", o.data, o.corpus)
	sum, err := svc.IngestPaths(ctx, []string{o.corpus}, search.IngestOptions{
		Progress: func(done, total int, _ string) { progress("lantai")(done, total) },
	})
	if err != nil {
		svc.Close()
		return nil, fmt.Errorf("ingesting %s into %s: %w", o.corpus, o.data, err)
	}
	fmt.Fprintf(os.Stderr, "lantai: %d reports added in %s\n", sum.Added+sum.Updated, time.Since(start).Round(time.Second))
	return svc, nil
}

// openBaseline opens the bleve+cjk index, building it from the corpus
// when the folder holds none.
func openBaseline(ctx context.Context, o options) (bleve.Index, error) {
	if _, err := os.Stat(filepath.Join(o.baseline, "index_meta.json")); err != nil {
		fmt.Fprintf(os.Stderr, "cjk: building the baseline index in %s (a few minutes, once)\n", o.baseline)
		if err := os.MkdirAll(filepath.Dir(o.baseline), 0o755); err != nil {
			return nil, err
		}
		if err := os.RemoveAll(o.baseline); err != nil {
			return nil, err
		}
		start := time.Now()
		st, err := buildBaseline(ctx, o.corpus, o.baseline, progress("cjk"))
		if err != nil {
			os.RemoveAll(o.baseline)
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "cjk: %d reports indexed in %s\n", st.Reports, time.Since(start).Round(time.Second))
	}
	idx, err := bleve.Open(o.baseline)
	if err != nil {
		return nil, fmt.Errorf("opening baseline index %s: %w (delete the folder to rebuild it)", o.baseline, err)
	}
	return idx, nil
}
