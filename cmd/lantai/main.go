package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"

	"github.com/lantai/lantai/internal/memtune"
)

// usage is the top-level help. Every command is listed here, including
// those whose implementation is wired in by other packages.
const usage = `Usage: lantai [--data DIR] COMMAND [ARGS] [FLAGS]

Commands:
  ingest PATH...          store files, folders and collection files; exit 1 if any input failed
  search [FLAGS] QUERY    search the index (--json, --scope, --agency, --catalog, --year, ...)
  get ID|INDEX_NO         show a report (--json), or its original bytes (--raw)
  export [--out FILE]     write every report as JSON Lines
  reindex [--reparse]     rebuild the index from the archive (--reparse: parse the originals again first)
  stats                   counts by agency, year and catalog; index size
  check [--json]          read back every pack, record, original and index file; exit 1 on damage
  repair                  salvage cut-short packs, move them aside, catch the index up
  compact                 rewrite the archive without superseded records and deleted reports
  backup DEST             copy the archive into DEST (a data folder), also while serve runs
  restore SRC             copy a backup's archive into an empty data folder and build the index
  serve [--addr ADDR]     serve the web pages and the JSON API

Global flags (also accepted after the command):
  --data DIR              data folder (env LANTAI_DATA, default ./lantai-data)
  --verbose               log debug lines

Run "lantai COMMAND -h" for a command's flags.
`

// exit codes
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError is a mistake in the command line; it exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errInputsFailed reports that a command finished but some inputs failed;
// the failures have already been printed.
var errInputsFailed = errors.New("some inputs failed")

// cli holds what every command needs: where the data lives, where output
// goes and the logger. It is built once in run and passed by receiver.
type cli struct {
	stdout, stderr io.Writer
	dataDir        string
	verbose        bool
	log            *slog.Logger
	// rebuildProgress shows the progress of an index rebuild
	// (showRebuildProgress).
	rebuildProgress func(done, total int, current string)
}

// commandFunc runs one command with the arguments after its name.
type commandFunc func(ctx context.Context, args []string) error

// commands maps command names to their implementations.
func (c *cli) commands() map[string]commandFunc {
	return map[string]commandFunc{
		"ingest":  c.ingest,
		"search":  c.search,
		"get":     c.get,
		"export":  c.export,
		"reindex": c.reindex,
		"stats":   c.stats,
		"check":   c.check,
		"repair":  c.repair,
		"backup":  c.backup,
		"compact": c.compact,
		"restore": c.restore,
		"serve":   c.serve,
	}
}

func main() {
	tuneMemory(os.Args[1:])
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneMemory sets the memory policy of the command about to run
// (internal/memtune), unless GOGC or GOMEMLIMIT say otherwise.
func tuneMemory(args []string) {
	if slices.Contains(args, "serve") {
		memtune.Serve()
	} else {
		memtune.Batch()
	}
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := &cli{stdout: stdout, stderr: stderr, dataDir: os.Getenv("LANTAI_DATA"), rebuildProgress: func(int, int, string) {}}
	if c.dataDir == "" {
		c.dataDir = "lantai-data"
	}
	global := flag.NewFlagSet("lantai", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	c.globalFlags(global)
	err := global.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if err != nil {
		return c.fail(usagef("%v", err))
	}
	c.setupLogger()
	rest := global.Args()
	if len(rest) == 0 {
		return c.fail(usagef("no command given"))
	}
	name, cmdArgs := rest[0], rest[1:]
	if name == "help" {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	cmds := c.commands()
	cmd, ok := cmds[name]
	if !ok {
		if strings.Contains(usage, "\n  "+name+" ") {
			return c.fail(fmt.Errorf("command %q is not available in this build", name))
		}
		return c.fail(usagef("unknown command %q (commands: %s)", name, strings.Join(sortedKeys(cmds), ", ")))
	}
	err = cmd(ctx, cmdArgs)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return c.fail(err)
}

// fail prints err and maps it to an exit code; nil is success.
func (c *cli) fail(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInputsFailed):
		return exitFailure
	case errors.As(err, &ue):
		fmt.Fprintf(c.stderr, "lantai: %s\nRun \"lantai help\" for usage.\n", ue.msg)
		return exitUsage
	}
	fmt.Fprintf(c.stderr, "lantai: %v\n", err)
	return exitFailure
}

func sortedKeys(m map[string]commandFunc) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// globalFlags registers the flags every command accepts. They are parsed
// before the command name and again among its arguments, so both
// "lantai --data D get X" and "lantai get X --data D" work.
func (c *cli) globalFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.dataDir, "data", c.dataDir, "data folder (env LANTAI_DATA)")
	fs.BoolVar(&c.verbose, "verbose", c.verbose, "log debug lines")
}

// flagSet returns a flag set for command name with the global flags
// registered; synopsis is shown by -h.
func (c *cli) flagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		// To the flag set's output, which parseArgs silences while the
		// flag package calls Usage itself, so -h prints it once.
		fmt.Fprintf(fs.Output(), "Usage: lantai %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	c.globalFlags(fs)
	return fs
}

// parseArgs parses fs's flags wherever they appear among args (the
// standard package stops at the first positional argument) and returns
// the positional arguments in order. "--" ends the flags.
func (c *cli) parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	defer fs.SetOutput(c.stderr)
	var positional []string
	for {
		// A query exclusion (-征求意见) is an argument, not a flag: the
		// flags end before it and resume after it.
		upTo := len(args)
		for i, a := range args {
			if a == "--" {
				break
			}
			if isExclusion(a) {
				upTo = i
				break
			}
		}
		if err := fs.Parse(args[:upTo]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(c.stderr)
				fs.Usage()
				return nil, err
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		rest := fs.Args()
		if n := upTo - len(rest); n > 0 && args[n-1] == "--" {
			positional = append(positional, args[n:]...)
			break
		}
		if len(rest) > 0 {
			positional = append(positional, rest[0])
			args = append(rest[1:len(rest):len(rest)], args[upTo:]...)
			continue
		}
		if upTo == len(args) {
			break
		}
		positional = append(positional, args[upTo])
		args = args[upTo+1:]
	}
	c.setupLogger()
	return positional, nil
}

// isExclusion reports an argument that starts with "-" but is no flag: a
// query's excluded word (-征求意见, -"新冠 疫情"). Flags are ASCII letters.
func isExclusion(arg string) bool {
	if len(arg) < 2 || arg[0] != '-' {
		return false
	}
	c := strings.TrimLeft(arg, "-")
	if c == "" {
		return false
	}
	r := c[0]
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
}

// setupLogger builds the stderr logger once the flags are known.
func (c *cli) setupLogger() {
	level := slog.LevelInfo
	if c.verbose {
		level = slog.LevelDebug
	}
	c.log = slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: level}))
}

// archiveDir is where the archive of originals lives.
func (c *cli) archiveDir() string { return filepath.Join(c.dataDir, "archive") }
