package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lantai/lantai/samples"
	"github.com/lantai/lantai/search"
	"github.com/lantai/lantai/web"
)

// serve implements "lantai serve".
func (c *cli) serve(ctx context.Context, args []string) error {
	fs := c.flagSet("serve", "[--addr ADDR] [--allow-origin ORIGIN,...] [--admin-token TOKEN]")
	var sf serviceFlags
	sf.register(fs)
	addr := fs.String("addr", web.DefaultAddr, "listen address")
	origins := fs.String("allow-origin", os.Getenv("LANTAI_ALLOW_ORIGIN"), "comma-separated origins that may embed the search and call the API (env LANTAI_ALLOW_ORIGIN)")
	token := fs.String("admin-token", os.Getenv("LANTAI_ADMIN_TOKEN"), "enables upload, delete and reindex endpoints with this bearer token (env LANTAI_ADMIN_TOKEN)")
	baseURL := fs.String("base-url", os.Getenv("LANTAI_BASE_URL"), "public address of this server, for citations and embeds (env LANTAI_BASE_URL)")
	noSamples := fs.Bool("no-samples", false, "do not load the built-in sample reports into an empty data folder")
	timeout := fs.Duration("request-timeout", web.DefaultRequestTimeout, "longest time one request may take")
	if rest, err := c.parseArgs(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("serve: unexpected argument %q", rest[0])
	}
	svc, err := c.openService(ctx, sf, false)
	if err != nil {
		return err
	}
	defer svc.Close()
	if svc.Archive().Len() == 0 && !*noSamples {
		if err := c.loadSamples(ctx, svc); err != nil {
			return err
		}
	}
	var allow []string
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			allow = append(allow, o)
		}
	}
	srv, err := web.New(web.Config{
		Addr:           *addr,
		AllowOrigins:   allow,
		AdminToken:     *token,
		BaseURL:        *baseURL,
		RequestTimeout: *timeout,
	}, svc, c.log)
	if err != nil {
		return usagef("serve: %v", err)
	}
	go svc.Warm(ctx)
	c.log.Info("serving", "addr", *addr, "data", c.dataDir, "reports", svc.Archive().Len(), "admin", *token != "")
	fmt.Fprintf(c.stderr, "Lantai is serving on http://%s/\n", *addr)
	return srv.ListenAndServe(ctx)
}

// loadSamples stores the built-in sample reports through the ordinary
// ingest path, so a first run shows a working site.
func (c *cli) loadSamples(ctx context.Context, svc *search.Service) error {
	dir, err := os.MkdirTemp("", "lantai-samples-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	root := filepath.Join(dir, "samples")
	if _, err := samples.WriteTo(root); err != nil {
		return err
	}
	start := time.Now()
	sum, err := svc.IngestPaths(ctx, []string{root}, search.IngestOptions{})
	if err != nil {
		return fmt.Errorf("loading sample reports: %w", err)
	}
	c.log.Info("empty data folder: loaded the built-in sample reports", "added", sum.Added, "took", time.Since(start).Round(time.Millisecond))
	return nil
}
