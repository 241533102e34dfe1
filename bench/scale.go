package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

// defaultSeed is the generator's seed unless --seed says otherwise.
const defaultSeed = 15

// scaleOptions are the flags of the scale subcommand.
type scaleOptions struct {
	options
	generate bool
	n        int
	out      string
	seed     uint64
}

// runScale implements "go run ./bench scale".
func runScale(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	var o scaleOptions
	o.register(fs, false)
	fs.BoolVar(&o.generate, "generate", false, "only write the corpus of --n times the real reports to --out, and stop")
	fs.IntVar(&o.n, "n", 10, "with --generate: how many times the real corpus")
	fs.StringVar(&o.out, "out", "", "with --generate: the folder to write the corpus to")
	fs.Uint64Var(&o.seed, "seed", defaultSeed, "seed of the synthetic reports")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.checkCorpus(); err != nil {
		return err
	}
	if o.generate {
		return generateOnly(o)
	}
	return fmt.Errorf("scale: only --generate so far")
}

// generateOnly is --generate: write one corpus and say what it holds.
func generateOnly(o scaleOptions) error {
	if o.out == "" || o.n < 1 {
		return fmt.Errorf("--generate needs --out DIR and --n of 1 or more")
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
