package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fold"
	"github.com/lantai/lantai/query"
)

// plan is a request turned into the index's request plus what
// highlighting needs.
type plan struct {
	req      index.Request
	literals []string
	ignored  []string
}

// now is the clock the recency boost counts back from; tests fix it.
var now = time.Now

// buildPlan parses a normalised request's query, checks its cost and sets
// the filters, scope, order and page.
func buildPlan(req *Request) (*plan, error) {
	root, ignored := query.Parse(req.Query)
	if err := query.CheckCost(root); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadRequest, err)
	}
	p := &plan{literals: query.PositiveLiterals(root), ignored: ignored, req: index.Request{
		Query: root,
		Filter: index.Filter{
			Agency: req.Agency, Catalog: req.Catalog,
			YearFrom: req.Year, YearTo: req.Year, DateFrom: req.From, DateTo: req.To,
		},
		From:       (req.Page - 1) * req.Size,
		Size:       req.Size,
		FacetLimit: searchFacets.widest(),
	}}
	if req.Scope == ScopeSections {
		p.req.Scope = index.Sections
	}
	switch req.Sort {
	case SortDate:
		p.req.Order = index.ByDate
	case SortDateDesc:
		p.req.Order = index.ByDateDesc
	case SortRecent:
		p.req.RecentFrom = now()
	}
	// 文号 are copied with stray spaces (国发 〔2019〕 5号); an 索引号 or
	// 文号 never contains one.
	if id := strings.Join(strings.Fields(req.Query), ""); looksLikeDocNo(id) || looksLikeIndexNo(id) {
		p.req.Identifier = id
	}
	return p, nil
}

// looksLikeDocNo: a year in brackets of any kind, or 令第N号.
func looksLikeDocNo(q string) bool {
	f := fold.String(q)
	for _, open := range []string{"〔", "[", "【", "(", "〈", "{"} {
		if i := strings.Index(f, open); i >= 0 && i+len(open)+4 <= len(f) && isDigits(f[i+len(open):i+len(open)+4]) {
			return true
		}
	}
	return strings.Contains(f, "令第") && strings.HasSuffix(f, "号")
}

// looksLikeIndexNo: digits, letters and the separators of an 索引号.
func looksLikeIndexNo(q string) bool {
	f := fold.String(q)
	if len(f) < 8 || !strings.ContainsAny(f, "/-") {
		return false
	}
	digits := 0
	for _, r := range f {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z', r == '/', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return digits >= 6
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Search runs one search request.
func (s *Service) Search(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	key := s.results.key("search", req)
	if cached, ok := s.results.get(key); ok {
		cached.TookMS = time.Since(start).Milliseconds()
		return cached, nil
	}
	var out *Response
	err := s.withPlan(ctx, &req, func(ctx context.Context, ix index.Index, p *plan) (err error) {
		out, err = s.execute(ctx, ix, &req, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	out.TookMS = time.Since(start).Milliseconds()
	s.results.put(key, out)
	return out, nil
}

// withPlan plans a normalised request and runs fn on the live index, held
// for reading until fn returns, under the query timeout.
func (s *Service) withPlan(ctx context.Context, req *Request, fn func(ctx context.Context, ix index.Index, p *plan) error) error {
	p, err := buildPlan(req)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	if err := s.planCitations(ctx, p); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	ix, err := s.index()
	if err != nil {
		return err
	}
	return fn(ctx, ix, p)
}

// execute runs a planned search: one page of exact hits with facets, then
// the related hits.
func (s *Service) execute(ctx context.Context, ix index.Index, req *Request, p *plan) (*Response, error) {
	ireq := p.req
	ireq.IDsUpTo = relatedBelow - 1
	res, err := ix.Search(ctx, ireq)
	if err != nil {
		return nil, s.mapSearchErr(ctx, err)
	}
	out := &Response{
		Total:   res.Total,
		Page:    req.Page,
		Size:    req.Size,
		Hits:    make([]Hit, 0, len(res.Hits)),
		Ignored: p.ignored,
		Facets:  facetsOf(res.Facets, searchFacets),
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, s.hitOf(h, p.literals))
	}
	// Variants, synonyms, pinyin and corrections: related hits after the
	// exact ones, and did_you_mean (variants.go).
	if err := s.addRelated(ctx, ix, req, p, res.Total, res.IDs, out); err != nil {
		return nil, err
	}
	s.fillCitationCounts(out.Hits)
	return out, nil
}

func (s *Service) mapSearchErr(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w after %s", ErrTimeout, s.cfg.QueryTimeout)
	}
	return err
}

// facetLimits are the longest facet lists to return.
type facetLimits struct{ agency, year, catalog int }

// searchFacets are a search's facets: the most frequent agencies and
// catalogs, every year.
var searchFacets = facetLimits{agency: 30, year: 100, catalog: 30}

// widest is the largest of the limits: the index need count no more
// values of any facet (index.Request.FacetLimit), and ranks them as
// facetsOf does.
func (n facetLimits) widest() int { return max(n.agency, n.year, n.catalog) }

// facetsOf turns a search's counts into facet lists: most frequent first
// (ties by value), years newest first.
func facetsOf(f index.Facets, n facetLimits) Facets {
	// The top n of counts, most first: kept by insertion into n places,
	// as a corpus of many agencies has thousands of values and a page
	// shows ten (sorting them all was a tenth of a search at 10x).
	list := func(counts map[string]int, n int) []FacetValue {
		before := func(a, b FacetValue) bool {
			if a.Count != b.Count {
				return a.Count > b.Count
			}
			return a.Value < b.Value
		}
		top := make([]FacetValue, 0, min(n, len(counts)))
		for v, c := range counts {
			fv := FacetValue{Value: v, Count: c}
			if len(top) == n && (n == 0 || !before(fv, top[n-1])) {
				continue
			}
			if len(top) < n {
				top = append(top, fv)
			} else {
				top[n-1] = fv
			}
			for i := len(top) - 1; i > 0 && before(top[i], top[i-1]); i-- {
				top[i], top[i-1] = top[i-1], top[i]
			}
		}
		return top
	}
	years := list(f.Year, n.year)
	sort.Slice(years, func(i, j int) bool { return years[i].Value > years[j].Value })
	return Facets{
		Agency:  list(f.Agency, n.agency),
		Year:    years,
		Catalog: list(f.Catalog, n.catalog),
	}
}

// hitMetadata fills a hit from the archived report a match belongs to,
// without snippets; r is nil when the archive has no such report.
func hitMetadata(h index.Hit, r *cachedReport, match string) Hit {
	hit := Hit{
		ID:       h.ReportID,
		Score:    math.Round(h.Score*1000) / 1000,
		Snippets: []string{},
		Match:    match,
	}
	if r == nil {
		return hit
	}
	hit.Title, hit.Agency, hit.Catalog = r.Title, r.Agency, r.Catalog
	hit.IndexNo, hit.DocNo, hit.Year = r.IndexNo, r.DocNo, r.Year
	if _, err := time.Parse(time.DateOnly, r.Date); err == nil {
		hit.Date = r.Date
	}
	return hit
}

// archivedReport is the archived report of a match, nil (and logged) when
// the archive has none.
func (s *Service) archivedReport(h index.Hit) *cachedReport {
	r, err := s.cachedReport(h.ReportID)
	if err != nil {
		s.log.Warn("hit without archived report", "id", h.ReportID, "err", err)
		return nil
	}
	return r
}

func (s *Service) hitOf(h index.Hit, literals []string) Hit {
	r := s.archivedReport(h)
	hit := hitMetadata(h, r, MatchExact)
	if r == nil {
		return hit
	}
	if h.Section >= 0 {
		if h.Section < len(r.Sections) {
			sec := r.Sections[h.Section]
			hit.Section = &SectionRef{ID: sec.ID, Number: sec.Number, Heading: sec.Heading, Level: sec.Level}
			hit.Snippets = Snippets(sec.Heading+"\n"+sec.Text, literals, 3)
		}
		return hit
	}
	hit.Snippets = Snippets(r.Text, literals, 3)
	if len(hit.Snippets) == 0 {
		hit.Snippets = Snippets(r.Title, literals, 1)
	}
	return hit
}

// maxGrouped is how many section hits the 按年份 view groups.
const maxGrouped = 300

// ByYear runs a section search and groups the hits by year, newest first,
// then by agency: what each year's reports said about the query.
func (s *Service) ByYear(ctx context.Context, req Request) (*YearGroups, error) {
	start := time.Now()
	req.Scope = ScopeSections
	req.Sort = SortRelevance
	req.Page, req.Size = 1, MaxSize
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	var out *YearGroups
	err := s.withPlan(ctx, &req, func(ctx context.Context, ix index.Index, p *plan) error {
		ireq := p.req
		ireq.Order, ireq.From, ireq.Size = index.ByYearAgency, 0, maxGrouped
		res, err := ix.Search(ctx, ireq)
		if err != nil {
			return s.mapSearchErr(ctx, err)
		}
		out = &YearGroups{Total: res.Total, Years: []YearGroup{}}
		for _, h := range res.Hits {
			hit := s.hitOf(h, p.literals)
			if n := len(out.Years); n == 0 || out.Years[n-1].Year != hit.Year {
				out.Years = append(out.Years, YearGroup{Year: hit.Year})
			}
			yg := &out.Years[len(out.Years)-1]
			if n := len(yg.Agencies); n == 0 || yg.Agencies[n-1].Agency != hit.Agency {
				yg.Agencies = append(yg.Agencies, AgencyGroup{Agency: hit.Agency})
			}
			ag := &yg.Agencies[len(yg.Agencies)-1]
			ag.Hits = append(ag.Hits, hit)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.TookMS = time.Since(start).Milliseconds()
	return out, nil
}
