package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

const usage = `usage: go run ./bench SUBCOMMAND [flags]

subcommands:
  ingest   ingest the whole corpus into Lantai and into bleve+cjk, each in a child process
  query    query latency of Service.Search (both scopes) and of bleve+cjk phrase queries
  load     HTTP load on /api/search through the real web server on loopback
  scale    the corpus grown N× (synthetic reports): ingest, size, start-up, latency, exactness, throughput, memory of the lantai binary
  extract  real reports printed to PDF (Chromium) and converted to DOCX (LibreOffice), read back: character F1, level-1 sections, pages/s

Run "go run ./bench SUBCOMMAND -h" for the flags of each.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "ingest":
		err = runIngest(ctx, args)
	case "query":
		err = runQuery(ctx, args)
	case "load":
		err = runLoad(ctx, args)
	case "scale":
		err = runScale(ctx, args)
	case "extract":
		err = runExtract(ctx, args)
	case childCommand:
		err = runIngestChild(ctx, args)
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "bench: unknown subcommand %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the flags the subcommands share.
type options struct {
	corpus   string
	data     string
	baseline string
	gogc     string
	// coldLiterals makes the literal cache too small to keep a query's
	// literals until the query comes round again (coldLiteralCache).
	coldLiterals bool
}

// coldLiteralCache is the literal cache size of --cold-literals: enough
// for the literals of one search (its exact, adjacent and related parts),
// far too few to keep any from one round of the query list to the next,
// so every timed search meets its literals as a query never seen before.
const coldLiteralCache = 16

// literalCacheNote says how the run treats the literal cache.
func (o *options) literalCacheNote() string {
	if o.coldLiterals {
		return fmt.Sprintf("literal cache: %d entries (--cold-literals): every search confirms its literals in the texts, as a query never seen before", coldLiteralCache)
	}
	return "literal cache: the product's default: the warm-up round fills it, so timed searches confirm no literal anew; see --cold-literals"
}

// defaultWorkDir keeps the data folder and the baseline index between runs,
// so a re-run measures queries without ingesting again.
func defaultWorkDir() string { return filepath.Join(os.TempDir(), "lantai-bench") }

func (o *options) register(fs *flag.FlagSet, withIndexes bool) {
	def := os.Getenv("LANTAI_CORPUS")
	if def == "" {
		def = filepath.Join("..", "shared", "corpus")
	}
	fs.StringVar(&o.corpus, "corpus", def, "corpus folder (env LANTAI_CORPUS)")
	fs.StringVar(&o.gogc, "gogc", "", `GOGC to use ("off" or a percentage); empty keeps the product's own (internal/memtune)`)
	if withIndexes {
		fs.StringVar(&o.data, "data", filepath.Join(defaultWorkDir(), "data"), "Lantai data folder; built from the corpus when empty")
		fs.StringVar(&o.baseline, "baseline", filepath.Join(defaultWorkDir(), "cjk"), "bleve+cjk baseline index folder; built from the corpus when absent")
		fs.BoolVar(&o.coldLiterals, "cold-literals", false, "shrink Lantai's literal cache so that every search confirms its literals anew")
	}
}

// checkCorpus fails early, with the flag to fix it, when the corpus is missing.
func (o *options) checkCorpus() error {
	st, err := os.Stat(o.corpus)
	if err != nil {
		return fmt.Errorf("corpus %s: %w (set --corpus or LANTAI_CORPUS)", o.corpus, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("corpus %s is not a folder (set --corpus or LANTAI_CORPUS)", o.corpus)
	}
	return nil
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}
