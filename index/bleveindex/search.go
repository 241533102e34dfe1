package bleveindex

import (
	"context"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fold"
)

// storedFields are loaded with every hit: which report and section it is.
var storedFields = []string{FieldReportID, FieldSectionOrd}

// likeAgencyBoost puts a report's own agency's reports (often the same
// report of other years) first among those most like it.
const likeAgencyBoost = 5

// Search implements index.Index.
func (ix *Index) Search(ctx context.Context, req index.Request) (*index.Result, error) {
	if req.From < 0 || req.Size < 0 || req.From > index.MaxWindow-req.Size {
		return nil, fmt.Errorf("bleveindex: a page from hit %d of %d hits is outside the window of %d", req.From, req.Size, index.MaxWindow)
	}
	switch {
	case req.Like != nil:
		return ix.searchLike(ctx, req)
	case req.Order == index.ByYearAgency:
		return ix.searchSorted(ctx, ix.buildPlan(&req).query, req, []string{"-" + FieldYearKey, FieldAgency, "-_score", "-" + FieldDateKey, "_id"})
	}
	p := ix.buildPlan(&req)
	res, err := ix.Collect(ctx, CollectRequest{
		Query:      p.query,
		From:       req.From,
		Size:       req.Size,
		Sort:       collectOrder(req.Order),
		Fields:     storedFields,
		AllIDsUpTo: req.IDsUpTo,
		FacetLimit: req.FacetLimit,
		Matches:    p.matches,
	})
	if err != nil {
		return nil, err
	}
	out := &index.Result{
		Total: res.Total,
		Hits:  make([]index.Hit, 0, len(res.Hits)),
		IDs:   res.AllIDs,
		Facets: index.Facets{
			Agency:  res.Facets[FieldAgency],
			Year:    res.Facets[FieldYearKey],
			Catalog: res.Facets[FieldCatalog],
		},
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hitOf(h))
	}
	return out, nil
}

func collectOrder(o index.Order) SortOrder {
	switch o {
	case index.ByDate:
		return ByDate
	case index.ByDateDesc:
		return ByDateDesc
	}
	return ByRelevance
}

// searchSorted runs a query through Bleve's own collector in an order the
// in-memory collector does not keep; it counts no facets.
func (ix *Index) searchSorted(ctx context.Context, q query.Query, req index.Request, order []string) (*index.Result, error) {
	sr := bleve.NewSearchRequestOptions(q, req.Size, req.From, false)
	sr.Fields = storedFields
	sr.SortBy(order)
	res, err := ix.searchBleve(ctx, sr)
	if err != nil {
		return nil, err
	}
	out := &index.Result{Total: res.Total, Hits: make([]index.Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hitOf(h))
	}
	return out, nil
}

// searchLike finds the reports most like req.Like: sharing the Chinese
// words of its title, its own agency's first, itself left out.
func (ix *Index) searchLike(ctx context.Context, req index.Request) (*index.Result, error) {
	r := req.Like
	var should []query.Query
	seen := map[string]bool{}
	for _, w := range ix.Words(r.Title) {
		if utf8.RuneCountInString(w) < 2 || seen[w] {
			continue
		}
		seen[w] = true
		q := bleve.NewTermQuery(w)
		q.SetField(FieldTitleWords)
		should = append(should, q)
	}
	if len(should) == 0 {
		return &index.Result{Hits: []index.Hit{}}, nil
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewDisjunctionQuery(should...), &scopeFilter{ix: ix, f: Filter{Type: TypeReport}})
	if r.Agency != "" {
		same := bleve.NewTermQuery(r.Agency)
		same.SetField(FieldAgency)
		same.SetBoost(likeAgencyBoost)
		bq.AddShould(same)
	}
	bq.AddMustNot(bleve.NewDocIDQuery(append([]string{r.ID}, req.Exclude...)))
	return ix.searchSorted(ctx, bq, req, []string{"-_score", "_id"})
}

// hitOf is a Bleve match as a hit.
func hitOf(h *bsearch.DocumentMatch) index.Hit {
	hit := index.Hit{DocID: h.ID, Score: h.Score, Section: -1}
	hit.ReportID, _ = h.Fields[FieldReportID].(string)
	if s, ok := h.Fields[FieldSectionOrd].(string); ok {
		if ord, err := strconv.Atoi(s); err == nil {
			hit.Section = ord
		}
	}
	return hit
}

// Delete implements index.Index.
func (ix *Index) Delete(ctx context.Context, reportID string) error {
	b := ix.NewBatch()
	if err := b.Delete(reportID); err != nil {
		return err
	}
	if err := ix.Apply(b); err != nil {
		return err
	}
	return nil
}

// Words implements index.Index: the Chinese words jieba cuts text into.
func (ix *Index) Words(text string) []string {
	var out []string
	for _, t := range tokenizeRuns(text, ix.seg.cutOnce) {
		if t.Kind == fold.Han {
			out = append(out, t.Term)
		}
	}
	return out
}

// Info implements index.Index.
func (ix *Index) Info() index.Info {
	return index.Info{Version: ix.version, Dictionary: ix.seg.DictionaryVersion(), DiskBytes: ix.DiskSize(), Dir: ix.dir}
}
