package main

import (
	"context"
	"flag"
	"os"
	"time"

	"github.com/lantai/lantai/extract"
	"github.com/lantai/lantai/index/bleveindex"
	"github.com/lantai/lantai/search"
)

// serviceFlags are the flags of every command that opens the search service.
type serviceFlags struct {
	userDict     string
	synonyms     string
	aliases      string
	queryTimeout time.Duration
}

func (sf *serviceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.userDict, "user-dict", os.Getenv("LANTAI_USER_DICT"), "extra segmentation dictionary, one \"word [freq] [tag]\" per line (env LANTAI_USER_DICT)")
	fs.StringVar(&sf.aliases, "series-aliases", os.Getenv("LANTAI_SERIES_ALIASES"), "other names of issuing bodies, for report series: one body per line, its name then its other names (env LANTAI_SERIES_ALIASES)")
	fs.StringVar(&sf.synonyms, "synonyms", os.Getenv("LANTAI_SYNONYMS"), "extra synonym groups, one group per line, words separated by spaces or 、 (env LANTAI_SYNONYMS)")
	fs.DurationVar(&sf.queryTimeout, "query-timeout", 5*time.Second, "longest time one search may take")
}

// openService opens the archive and index under the data folder.
func (c *cli) openService(ctx context.Context, sf serviceFlags, readOnly bool) (*search.Service, error) {
	backend, err := bleveindex.New(bleveindex.Options{UserDictPath: sf.userDict, Logger: c.log})
	if err != nil {
		return nil, err
	}
	finish := c.showRebuildProgress()
	svc, err := search.Open(ctx, search.Config{
		DataDir:           c.dataDir,
		Backend:           backend,
		SynonymsPath:      sf.synonyms,
		SeriesAliasesPath: sf.aliases,
		QueryTimeout:      sf.queryTimeout,
		ReadOnly:          readOnly,
		Logger:            c.log,
		RebuildProgress:   func(done, total int) { c.rebuildProgress(done, total, "") },
		Extract:           isolatedExtract,
	})
	finish()
	return svc, err
}

// showRebuildProgress makes the service's index rebuilds, from now until
// the returned function is called, show their progress (cli.progress).
func (c *cli) showRebuildProgress() func() {
	progress, done := c.progress("index", "indexing the archive")
	c.rebuildProgress = progress
	return func() {
		done()
		c.rebuildProgress = func(int, int, string) {}
	}
}

// isolatedExtract reads an attached file in a child process of this binary
// (extract.Isolated) with extract's default limits: a hostile PDF, DOCX,
// DOC or OFD can cost that child its memory or time, never the ingest or
// the server.
func isolatedExtract(ctx context.Context, name string, data []byte) (extract.Result, error) {
	return extract.Isolated(ctx, name, data, extract.Limits{})
}
