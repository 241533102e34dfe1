package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk" // registers the "cjk" analyzer
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index/bleveindex"
)

// The baseline is what the issue measures Lantai against: the same reports
// and sections, with the same fields, in a plain Bleve index whose text
// fields use bleve's built-in cjk analyzer (width folding, lowercase,
// overlapping bigrams) with term vectors, so phrase queries work.
const cjkAnalyzer = "cjk"

// Batches are flushed at the limits search.Service uses (service.go), so
// both sides write batches of the same size.
const (
	baselineBatchBytes = 4 << 20
	baselineBatchDocs  = 1000
)

// baselineDocs builds the report document and its section documents, in
// the shape bleveindex.Batch.Add gives Lantai's: every section carries its
// report's metadata and title, the report carries its headings.
func baselineDocs(r corpus.Report) (report map[string]any, sections []map[string]any) {
	base := map[string]any{
		bleveindex.FieldReportID: r.ID,
		bleveindex.FieldTitle:    r.Title,
		bleveindex.FieldAgency:   r.Agency,
		bleveindex.FieldCatalog:  r.Catalog,
		bleveindex.FieldIndexNo:  r.IndexNo,
		bleveindex.FieldDocNo:    r.DocNo,
	}
	if r.Year > 0 {
		base[bleveindex.FieldYearKey] = bleveindex.YearKey(r.Year)
	}
	if _, err := time.Parse(time.DateOnly, r.Date); err == nil {
		base[bleveindex.FieldDateKey] = r.Date
	}
	clone := func() map[string]any {
		c := make(map[string]any, len(base)+6)
		for k, v := range base {
			c[k] = v
		}
		return c
	}
	report = clone()
	report[bleveindex.FieldType] = bleveindex.TypeReport
	report[bleveindex.FieldText] = r.Text
	report[bleveindex.FieldSHA256] = r.SHA256
	headings := make([]string, 0, len(r.Sections))
	for _, s := range r.Sections {
		headings = append(headings, s.Heading)
	}
	report[bleveindex.FieldHeading] = strings.Join(headings, "\n")
	for _, s := range r.Sections {
		d := clone()
		d[bleveindex.FieldType] = bleveindex.TypeSection
		d[bleveindex.FieldSectionID] = s.ID
		d[bleveindex.FieldHeading] = s.Heading
		d[bleveindex.FieldText] = s.Text
		d[bleveindex.FieldNumber] = s.Number
		sections = append(sections, d)
	}
	return report, sections
}

// baselineStats is what building the baseline index counted.
type baselineStats struct {
	Files      int
	InputBytes int64
	Reports    int
	Sections   int
	Failed     int
	RawText    int64
	// AnalysedText is the text of all index documents (see analysedText).
	AnalysedText int64
}

// buildBaseline reads every corpus file with corpus.Read (one reader per
// CPU, as archive.Ingest does) and indexes the reports into a new Bleve
// index in dir. A report read twice (a later version of the same 索引号 or
// source) replaces the earlier one, as it does in Lantai's archive.
func buildBaseline(ctx context.Context, corpusDir, dir string, progress func(done, total int)) (baselineStats, error) {
	var st baselineStats
	files, failures := archive.InputFiles([]string{corpusDir})
	if len(failures) > 0 {
		return st, fmt.Errorf("walking corpus %s: %s: %s", corpusDir, failures[0].Source, failures[0].Reason)
	}
	idx, err := bleve.New(dir, bleveindex.MappingWith(cjkAnalyzer))
	if err != nil {
		return st, fmt.Errorf("creating baseline index %s: %w", dir, err)
	}

	type parsed struct {
		docs  []corpus.Document
		bytes int64
		fail  int
	}
	fileCh := make(chan archive.InputFile)
	out := make(chan parsed, runtime.NumCPU())
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for f := range fileCh {
				data, err := os.ReadFile(f.Path)
				if err != nil {
					out <- parsed{fail: 1}
					continue
				}
				docs, errs := corpus.Read(f.Source, data)
				out <- parsed{docs: docs, bytes: int64(len(data)), fail: len(errs)}
			}
		})
	}
	go func() {
		defer close(fileCh)
		for _, f := range files {
			select {
			case fileCh <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(out)
	}()

	// The latest version of each report decides its sections and raw text.
	nsec := map[string]int{}
	rawText := map[string]int64{}
	analysed := map[string]int64{}
	b := idx.NewBatch()
	batchBytes := 0
	flush := func() error {
		if b.Size() == 0 {
			return nil
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("writing baseline batch: %w", err)
		}
		b.Reset()
		batchBytes = 0
		return nil
	}
	var werr error
	done := 0
	for p := range out {
		done++
		if progress != nil {
			progress(done, len(files))
		}
		st.Files++
		st.InputBytes += p.bytes
		st.Failed += p.fail
		if werr != nil {
			continue // drain the readers
		}
		for _, d := range p.docs {
			r := d.Report
			r.ID = corpus.ReportID(corpus.IdentityKey(r))
			r.SHA256 = corpus.SHA256Hex(d.Original)
			rep, secs := baselineDocs(r)
			if werr = b.Index(r.ID, rep); werr != nil {
				break
			}
			for i, s := range secs {
				if werr = b.Index(bleveindex.SectionDocID(r.ID, i), s); werr != nil {
					break
				}
			}
			for i := len(secs); i < nsec[r.ID]; i++ {
				b.Delete(bleveindex.SectionDocID(r.ID, i))
			}
			if werr != nil {
				break
			}
			st.Reports++
			nsec[r.ID] = len(secs)
			rawText[r.ID] = int64(len(r.Text) + len(r.Title))
			analysed[r.ID] = analysedText(r)
			batchBytes += len(r.Text) + len(r.Title)
			for _, s := range r.Sections {
				batchBytes += len(s.Text) + len(s.Heading)
			}
			if batchBytes > baselineBatchBytes || b.Size() > baselineBatchDocs {
				werr = flush()
			}
		}
	}
	if werr == nil {
		werr = flush()
	}
	if werr == nil {
		werr = ctx.Err()
	}
	cerr := idx.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return st, err
	}
	st.Reports = len(nsec)
	for id, n := range nsec {
		st.Sections += n
		st.RawText += rawText[id]
		st.AnalysedText += analysed[id]
	}
	return st, nil
}

// baselineQuery is the bleve+cjk counterpart of a Lantai search: each
// space-separated term must match as a phrase in one of the scope's fields
// (weighted as Lantai weights them), within the scope's document type.
func baselineQuery(q, scope string) query.Query {
	type field struct {
		name  string
		boost float64
	}
	fields := []field{{bleveindex.FieldTitle, 4}, {bleveindex.FieldHeading, 2}, {bleveindex.FieldText, 1}}
	docType := bleveindex.TypeReport
	if scope == "sections" {
		fields = fields[1:]
		docType = bleveindex.TypeSection
	}
	var must []query.Query
	for _, term := range strings.Fields(q) {
		var alts []query.Query
		for _, f := range fields {
			pq := bleve.NewMatchPhraseQuery(term)
			pq.SetField(f.name)
			pq.SetBoost(f.boost)
			alts = append(alts, pq)
		}
		must = append(must, bleve.NewDisjunctionQuery(alts...))
	}
	tq := bleve.NewTermQuery(docType)
	tq.SetField(bleveindex.FieldType)
	tq.SetBoost(0.0001)
	must = append(must, tq)
	return bleve.NewConjunctionQuery(must...)
}

// baselineRequest asks for what a Lantai search asks Bleve for: ten hits
// with their stored metadata and the three facets. Lantai's snippets and
// related hits have no counterpart here.
func baselineRequest(q, scope string) *bleve.SearchRequest {
	sr := bleve.NewSearchRequestOptions(baselineQuery(q, scope), 10, 0, false)
	sr.Fields = []string{
		bleveindex.FieldReportID, bleveindex.FieldSectionID, bleveindex.FieldTitle, bleveindex.FieldAgency,
		bleveindex.FieldCatalog, bleveindex.FieldDateKey, bleveindex.FieldYearKey, bleveindex.FieldIndexNo,
		bleveindex.FieldDocNo, bleveindex.FieldNumber, bleveindex.FieldHeading,
	}
	sr.AddFacet("agency", bleve.NewFacetRequest(bleveindex.FieldAgency, 30))
	sr.AddFacet("year", bleve.NewFacetRequest(bleveindex.FieldYearKey, 100))
	sr.AddFacet("catalog", bleve.NewFacetRequest(bleveindex.FieldCatalog, 30))
	return sr
}
