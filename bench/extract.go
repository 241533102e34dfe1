package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/extract"
	"github.com/lantai/lantai/internal/textmetric"
)

// runExtract measures the attachment readers on files made from real
// reports of the corpus: each chosen report is printed to PDF by headless
// Chromium and converted to DOCX by LibreOffice (both from the same HTML),
// then read back by extract. It reports, per format, the character-level
// F1 of the text read against the report's text, whether the same
// level-1 sections are found, and the throughput. The files are made in
// -work and never kept in the project.
func runExtract(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("extract", flag.ContinueOnError)
	var o options
	o.register(fset, false)
	n := fset.Int("n", 40, "how many reports to turn into files")
	work := fset.String("work", filepath.Join(defaultWorkDir(), "extract"), "folder for the HTML, PDF and DOCX files made")
	out := fset.String("json", "", "write the results as JSON to this file")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if err := o.checkCorpus(); err != nil {
		return err
	}
	reports, err := chooseReports(o.corpus, *n)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*work, 0o755); err != nil {
		return err
	}
	var htmlPaths []string
	for i, r := range reports {
		p := filepath.Join(*work, fmt.Sprintf("r%03d.html", i))
		if err := os.WriteFile(p, []byte(reportHTML(r)), 0o644); err != nil {
			return err
		}
		htmlPaths = append(htmlPaths, p)
	}
	fmt.Fprintf(os.Stderr, "extract: %d reports written as HTML to %s; printing PDFs with Chromium ...\n", len(reports), *work)
	start := time.Now()
	for _, p := range htmlPaths {
		if err := printPDF(ctx, p, strings.TrimSuffix(p, ".html")+".pdf"); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "extract: PDFs printed in %s; converting to DOCX with LibreOffice ...\n", time.Since(start).Round(time.Second))
	conv := exec.CommandContext(ctx, "soffice", append([]string{"--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", *work}, htmlPaths...)...)
	conv.Env = append(os.Environ(), "HOME="+*work)
	if b, err := conv.CombinedOutput(); err != nil {
		return fmt.Errorf("soffice --convert-to docx: %w\n%s", err, b)
	}
	var results []extractResult
	for _, format := range []string{"pdf", "docx"} {
		res := extractResult{Format: format}
		for i, r := range reports {
			p := strings.TrimSuffix(htmlPaths[i], ".html") + "." + format
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			t0 := time.Now()
			x, err := extract.Extract(ctx, p, data, extract.Limits{})
			res.Seconds += time.Since(t0).Seconds()
			res.Files++
			res.Bytes += int64(len(data))
			if err != nil {
				res.Failures = append(res.Failures, err.Error())
				continue
			}
			res.Pages += x.Pages
			// The text version of the file is the report as printed: its
			// title and its paragraphs, one per line.
			printed := strings.Join(paragraphs(r.Text), "\n")
			f1 := textmetric.CharF1(r.Title+"\n"+printed, x.Text)
			res.F1 = append(res.F1, f1)
			same := sameLevel1(printed, x.Text)
			if same {
				res.SameSections++
			}
			if f1 < 0.99 || !same {
				res.Worst = append(res.Worst, fmt.Sprintf("%s (%s): F1 %.4f, level-1 sections %s", r.Source, filepath.Base(p), f1, map[bool]string{true: "equal", false: "differ"}[same]))
			}
		}
		results = append(results, res)
	}
	for _, res := range results {
		res.print()
	}
	if *out != "" {
		b, _ := json.MarshalIndent(results, "", "  ")
		return os.WriteFile(*out, b, 0o644)
	}
	return nil
}

// extractResult is one format's measurement.
type extractResult struct {
	Format       string    `json:"format"`
	Files        int       `json:"files"`
	Bytes        int64     `json:"bytes"`
	Pages        int       `json:"pages"`
	Seconds      float64   `json:"seconds"`
	F1           []float64 `json:"f1"`
	SameSections int       `json:"same_level1_sections"`
	Failures     []string  `json:"failures,omitempty"`
	Worst        []string  `json:"below_target,omitempty"`
}

func (r extractResult) print() {
	f1 := slices.Clone(r.F1)
	sort.Float64s(f1)
	mean, atLeast := 0.0, 0
	for _, v := range f1 {
		mean += v
		if v >= 0.99 {
			atLeast++
		}
	}
	if len(f1) > 0 {
		mean /= float64(len(f1))
	}
	minF1 := 0.0
	if len(f1) > 0 {
		minF1 = f1[0]
	}
	fmt.Printf("%s: %d files (%.1f MB, %d pages) read in %.2f s: %.1f pages/s, %.2f MB/s; %d failed\n",
		r.Format, r.Files, float64(r.Bytes)/1e6, r.Pages, r.Seconds, float64(r.Pages)/max(r.Seconds, 1e-9), float64(r.Bytes)/1e6/max(r.Seconds, 1e-9), len(r.Failures))
	fmt.Printf("  character F1 vs the report's text: mean %.4f, min %.4f, %d of %d ≥ 0.99; same level-1 sections in %d of %d\n",
		mean, minF1, atLeast, len(f1), r.SameSections, len(f1))
	for _, w := range r.Worst {
		fmt.Println("  below target:", w)
	}
	for _, f := range r.Failures {
		fmt.Println("  failed:", f)
	}
}

// chooseReports picks n reports of the corpus with at least two level-1
// sections and 1,000–40,000 characters of text, spread evenly over them in
// source order (deterministic).
func chooseReports(root string, n int) ([]corpus.Report, error) {
	var all []corpus.Report
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "SOURCE.md" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		corpus.ReadEach(filepath.ToSlash(rel), data, func(doc corpus.Document) {
			r := doc.Report
			if chars := utf8.RuneCountInString(r.Text); chars < 1000 || chars > 40000 || level1(r.Text) < 2 {
				return
			}
			all = append(all, r)
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Source < all[j].Source })
	if len(all) <= n {
		return all, nil
	}
	out := make([]corpus.Report, 0, n)
	for i := range n {
		out = append(out, all[i*len(all)/n])
	}
	return out, nil
}

func level1(text string) int {
	n := 0
	for _, s := range corpus.ParseSections(text) {
		if s.Level == 1 {
			n++
		}
	}
	return n
}

// reportHTML lays a report out as a portal would print it: the title, then
// its paragraphs, in a CJK font, on A4 pages. The corpus's texts lost some
// of their paragraph breaks (the national reports mark them with "　　"
// inside one line, the 河北 crawl kept none), which the published files
// had: a paragraph also starts at "　　" and where a section starts.
func reportHTML(r corpus.Report) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>` + html.EscapeString(r.Title) + `</title>` +
		`<style>@page{size:A4;margin:25mm 20mm} body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif;font-size:16pt;line-height:1.6} h1{font-size:22pt;text-align:center} p{margin:0;text-indent:2em}</style></head><body>`)
	b.WriteString("<h1>" + html.EscapeString(r.Title) + "</h1>\n")
	for _, para := range paragraphs(r.Text) {
		b.WriteString("<p>" + html.EscapeString(para) + "</p>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// paragraphs splits text at line breaks, at runs of two ideographic
// spaces and at the start of every section the parser finds.
func paragraphs(text string) []string {
	cuts := map[int]bool{}
	for _, s := range corpus.ParseSections(text) {
		cuts[s.Start] = true
	}
	var out []string
	flush := func(p string) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	from := 0
	for i := 0; i < len(text); {
		switch {
		case text[i] == '\n' || text[i] == '\r':
			flush(text[from:i])
			i++
			from = i
		case strings.HasPrefix(text[i:], "　　"):
			flush(text[from:i])
			for strings.HasPrefix(text[i:], "　") {
				i += len("　")
			}
			from = i
		case cuts[i] && i > from:
			flush(text[from:i])
			from = i
			i++
		default:
			i++
		}
	}
	flush(text[from:])
	return out
}

// printPDF prints an HTML file to PDF with headless Chromium.
func printPDF(ctx context.Context, htmlPath, pdfPath string) error {
	profile, err := os.MkdirTemp("", "lantai-bench-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	cmd := exec.CommandContext(ctx, "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+profile,
		"--no-pdf-header-footer", "--print-to-pdf="+pdfPath, "file://"+htmlPath)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("chromium --print-to-pdf %s: %w\n%s", htmlPath, err, b)
	}
	return nil
}

// sameLevel1 reports whether two texts have the same level-1 sections:
// the same numbers with the same headings (spaces aside).
func sameLevel1(a, b string) bool {
	key := func(text string) []string {
		var out []string
		for _, s := range corpus.ParseSections(text) {
			if s.Level == 1 {
				out = append(out, strings.Join(strings.Fields(s.Number+s.Heading), ""))
			}
		}
		return out
	}
	return slices.Equal(key(a), key(b))
}
