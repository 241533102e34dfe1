package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/lantai/lantai/search"
)

// search implements "lantai search QUERY".
func (c *cli) search(ctx context.Context, args []string) error {
	fs := c.flagSet("search", "[FLAGS] QUERY")
	var sf serviceFlags
	sf.register(fs)
	var req search.Request
	asJSON := fs.Bool("json", false, "print the API's JSON body")
	fs.StringVar(&req.Scope, "scope", search.ScopeReports, "reports or sections")
	fs.StringVar(&req.Agency, "agency", "", "only this issuing agency")
	fs.StringVar(&req.Catalog, "catalog", "", "only this catalog")
	fs.IntVar(&req.Year, "year", 0, "only this year")
	fs.StringVar(&req.From, "from", "", "dates from YYYY-MM-DD")
	fs.StringVar(&req.To, "to", "", "dates up to YYYY-MM-DD")
	fs.StringVar(&req.Sort, "sort", search.SortRelevance, "relevance, recent (relevance with recent documents boosted), date or -date")
	fs.IntVar(&req.Size, "size", 10, fmt.Sprintf("hits per page (at most %d)", search.MaxSize))
	fs.IntVar(&req.Page, "page", 1, "page number, from 1")
	words, err := c.parseArgs(fs, args)
	if err != nil {
		return err
	}
	req.Query = strings.Join(words, " ")
	if err := req.Normalize(); err != nil {
		return usagef("search: %v", err)
	}
	svc, err := c.openService(ctx, sf, true)
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.Search(ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	c.printResults(req, res)
	return nil
}

var markTags = regexp.MustCompile(`</?mark>`)

// printResults writes a readable result list; matches are shown in 【】.
func (c *cli) printResults(req search.Request, res *search.Response) {
	w := c.stdout
	fmt.Fprintf(w, "%d results (%d ms), page %d\n", res.Total, res.TookMS, res.Page)
	if res.DidYouMean != "" {
		fmt.Fprintf(w, "Did you mean: %s\n", res.DidYouMean)
	}
	for i, h := range res.Hits {
		fmt.Fprintf(w, "\n%d. %s\n", (req.Page-1)*req.Size+i+1, h.Title)
		meta := []string{h.Agency, h.Date, h.DocNo, h.IndexNo}
		fmt.Fprintf(w, "   %s  [id %s]\n", strings.Join(nonEmpty(meta), " · "), h.ID)
		if h.Section != nil {
			fmt.Fprintf(w, "   § %s %s\n", h.Section.Number, h.Section.Heading)
		}
		for _, s := range h.Snippets {
			s = markTags.ReplaceAllStringFunc(s, func(tag string) string {
				if tag == "<mark>" {
					return "【"
				}
				return "】"
			})
			fmt.Fprintf(w, "   %s\n", html.UnescapeString(s))
		}
	}
	if len(res.Facets.Agency) > 0 {
		fmt.Fprintf(w, "\nagencies: %s\n", facetLine(res.Facets.Agency))
	}
	if len(res.Facets.Year) > 0 {
		fmt.Fprintf(w, "years: %s\n", facetLine(res.Facets.Year))
	}
}

func facetLine(vals []search.FacetValue) string {
	parts := make([]string, 0, len(vals))
	for _, v := range vals {
		parts = append(parts, fmt.Sprintf("%s (%d)", v.Value, v.Count))
	}
	return strings.Join(parts, ", ")
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
