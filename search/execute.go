package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/indexer"
)

// storedFields are loaded with every hit: which report and section it is.
// The rest of a hit comes from the archive.
var storedFields = []string{indexer.FieldReportID, indexer.FieldSectionOrd}

// plan is a request turned into a Bleve query plus what highlighting needs.
type plan struct {
	query    query.Query
	literals []string
	ignored  []string
	// matches, when set, gives the query's matches as sets
	// (indexer.CollectRequest.Matches).
	matches func(context.Context, *indexer.Sets) (indexer.MatchSet, error)
}

// buildPlan parses the query and applies the filters and the scope.
func (s *Service) buildPlan(ix *indexer.Index, req *Request) (*plan, error) {
	target := reportTarget
	filter := &scopeFilter{ix: ix, f: indexer.Filter{
		Type: indexer.TypeReport, Agency: req.Agency, Catalog: req.Catalog,
		YearFrom: req.Year, YearTo: req.Year, DateFrom: req.From, DateTo: req.To,
	}}
	if req.Scope == ScopeSections {
		target, filter.f.Type = sectionTarget, indexer.TypeSection
	}
	root, ignored := parseQuery(req.Query)
	if err := checkCost(root); err != nil {
		return nil, err
	}
	c := &compiler{ix: ix, texts: s.matches, literals: s.literals, filter: filter, target: target, sections: req.Scope == ScopeSections}
	var must []query.Query
	var mustNot []query.Query
	filtered := filteredByLiterals(root)
	if root != nil {
		if root.kind == nodeNot {
			mustNot = append(mustNot, c.compile(root.kids[0]))
		} else {
			must = append(must, c.compile(root))
		}
		if idq := identifierQuery(req.Query); idq != nil && len(must) == 1 && req.Scope == ScopeReports {
			// An identifier typed as the whole query finds the document
			// that carries it first, then those that cite it.
			must[0] = bleve.NewDisjunctionQuery(must[0], idq)
			filtered = false
		}
	}
	var should []query.Query
	if adj := adjacentQuery(c, root); adj != nil {
		should = append(should, adj)
	}
	if req.Sort == SortRecent {
		should = append(should, recencyBoost(now())...)
	}
	// The scope and the filters: a set, which every literal of the query
	// starts from too; a query whose every match is one of a literal's
	// needs no more of it.
	if !filtered {
		must = append(must, filter)
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	if len(mustNot) > 0 {
		bq.AddMustNot(mustNot...)
	}
	if len(should) > 0 {
		bq.AddShould(should...)
	}
	p := &plan{query: bq, literals: positiveLiterals(root), ignored: ignored}
	if len(must) == 1 && len(mustNot) == 0 && len(should) == 0 {
		p.matches = matchSet(must[0])
	}
	return p, nil
}

// matchSet returns, for a query that is one literal ranked by nothing but
// whether other terms are there too (法: the term in the text, and in the
// title or not; 法 in the sections scope: where its confirmed places
// are), its matches as sets (indexer.MatchSet); nil for any other query.
func matchSet(q query.Query) func(context.Context, *indexer.Sets) (indexer.MatchSet, error) {
	var rank []*constantTermQuery
	if rq, ok := q.(*rankedQuery); ok {
		for _, r := range rq.rank {
			c, ok := r.(*constantTermQuery)
			if !ok || c.filter != nil {
				return nil
			}
			rank = append(rank, c)
		}
		q = rq.match
	}
	var match func(context.Context, *indexer.Sets) (indexer.MatchSet, error)
	switch m := q.(type) {
	case *constantTermQuery:
		match = func(_ context.Context, sets *indexer.Sets) (indexer.MatchSet, error) {
			all, err := m.matches(sets)
			return indexer.MatchSet{All: all}, err
		}
	case *confirmedQuery:
		if m.cache == nil || len(rank)+placeKinds > indexer.MaxRankSets {
			return nil
		}
		match = m.matchSet
	default:
		return nil
	}
	if len(rank) > indexer.MaxRankSets {
		return nil
	}
	return func(ctx context.Context, sets *indexer.Sets) (indexer.MatchSet, error) {
		ms, err := match(ctx, sets)
		if err != nil {
			return indexer.MatchSet{}, err
		}
		for _, r := range rank {
			set, err := r.matches(sets)
			if err != nil {
				return indexer.MatchSet{}, err
			}
			ms.Rank = append(ms.Rank, set)
		}
		return ms, nil
	}
}

func yearQuery(from, to int) query.Query {
	incl := true
	q := bleve.NewTermRangeInclusiveQuery(indexer.YearKey(from), indexer.YearKey(to), &incl, &incl)
	q.SetField(indexer.FieldYearKey)
	q.SetBoost(0.0001)
	return q
}

func dateQuery(from, to string) query.Query {
	lo, hi := from, to
	if lo == "" {
		lo = "0000-00-00"
	}
	if hi == "" {
		hi = "9999-99-99"
	}
	incl := true
	q := bleve.NewTermRangeInclusiveQuery(lo, hi, &incl, &incl)
	q.SetField(indexer.FieldDateKey)
	q.SetBoost(0.0001)
	return q
}

// now is the clock the recency boost counts back from; tests fix it.
var now = time.Now

// recencyBoost scores documents of the last two years, and less so of the
// last five, above older ones; relevance still decides among them. The
// weights match the literal scores of index version 12 and later (a title
// match weighs 4 × 4 × the query norm).
func recencyBoost(now time.Time) []query.Query {
	tier := func(years int, boost float64) query.Query {
		q := dateQuery(now.AddDate(-years, 0, 0).Format(time.DateOnly), "")
		q.(*query.TermRangeQuery).SetBoost(boost)
		return q
	}
	return []query.Query{tier(2, 6), tier(5, 2)}
}

// maxAdjacentTerms bounds the words joined into one adjacency phrase.
const maxAdjacentTerms = 4

// adjacentBoost weighs the words standing together against their counts
// apart: one AB outranks a few scattered As and Bs.
const adjacentBoost = 4

// adjacentQuery scores, for a query of a few plain words (A B), the
// documents where they stand next to each other, in order (AB), above
// those where they stand apart. It only ranks: matching is the AND.
func adjacentQuery(c *compiler, root *node) query.Query {
	if root == nil || root.kind != nodeAnd || len(root.kids) > maxAdjacentTerms {
		return nil
	}
	var joined strings.Builder
	for _, k := range root.kids {
		if k.kind != nodeLiteral {
			return nil
		}
		joined.WriteString(indexer.FoldString(k.text))
	}
	// Bleve ignores a boolean query's own boost: the target's scale
	// carries it.
	target := c.target
	target.scale *= adjacentBoost
	q := c.literal(joined.String(), target)
	if _, none := q.(*query.MatchNoneQuery); none {
		return nil
	}
	return q
}

// filteredByLiterals reports whether every match of a query node is a
// match of one of its literals (title: included), which only match
// documents the search's filter lets through. An identifier query added
// to the root, a NOT at the top or any other field filter can match
// documents outside it.
func filteredByLiterals(n *node) bool {
	if n == nil {
		return false
	}
	switch n.kind {
	case nodeLiteral:
		return true
	case nodeField:
		return n.field == "title"
	case nodeAnd:
		for _, k := range n.kids {
			if filteredByLiterals(k) {
				return true
			}
		}
	case nodeOr:
		for _, k := range n.kids {
			if !filteredByLiterals(k) {
				return false
			}
		}
		return true
	}
	return false
}

// compiler turns parsed query nodes into Bleve queries.
type compiler struct {
	ix       *indexer.Index
	texts    matchTexts
	literals *literalCache
	filter   *scopeFilter
	target   literalTarget
	// sections is set in the sections scope.
	sections bool
}

// literal is literalQuery, or a query matching nothing when no document can
// match.
func (c *compiler) literal(folded string, target literalTarget) query.Query {
	q := literalQuery(c.ix, c.texts, c.literals, c.filter, folded, target)
	if q == nil {
		return bleve.NewMatchNoneQuery()
	}
	return q
}

func (c *compiler) compile(n *node) query.Query {
	switch n.kind {
	case nodeLiteral:
		return c.literal(indexer.FoldString(n.text), c.target)
	case nodeField:
		return c.compileField(n)
	case nodeNot:
		bq := bleve.NewBooleanQuery()
		bq.AddMust(bleve.NewMatchAllQuery())
		bq.AddMustNot(c.compile(n.kids[0]))
		return bq
	case nodeAnd:
		var qs, nots, rank []query.Query
		for _, k := range n.kids {
			if k.kind == nodeNot {
				nots = append(nots, c.compile(k.kids[0]))
				continue
			}
			q := c.compile(k)
			if rq, ok := q.(*rankedQuery); ok {
				// The parts' rank clauses score the matches of the
				// whole: inside the conjunction they were moved to
				// every document any part matched.
				qs, rank = append(qs, rq.match), append(rank, rq.rank...)
				continue
			}
			qs = append(qs, q)
		}
		if len(qs) == 0 {
			qs = append(qs, bleve.NewMatchAllQuery())
		}
		bq := bleve.NewBooleanQuery()
		bq.AddMust(qs...)
		if len(nots) > 0 {
			bq.AddMustNot(nots...)
		}
		if len(rank) > 0 {
			return &rankedQuery{match: bq, rank: rank}
		}
		return bq
	case nodeOr:
		qs := make([]query.Query, len(n.kids))
		for i, k := range n.kids {
			qs[i] = c.compile(k)
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	return bleve.NewMatchNoneQuery()
}

func (c *compiler) compileField(n *node) query.Query {
	switch n.field {
	case "title":
		target := reportTitleTarget
		if c.sections {
			target = sectionTitleTarget
		}
		return c.literal(indexer.FoldString(n.text), target)
	case "agency", "catalog":
		exact := bleve.NewTermQuery(n.text)
		exact.SetField(n.field)
		part := bleve.NewWildcardQuery("*" + escapeWildcard(n.text) + "*")
		part.SetField(n.field)
		return bleve.NewDisjunctionQuery(exact, part)
	case "doc_no":
		q := bleve.NewTermQuery(indexer.FoldString(corpus.NormalizeDocNo(n.text)))
		q.SetField(indexer.FieldDocNoNorm)
		return q
	case "index_no":
		q := bleve.NewTermQuery(indexer.NormalizeIndexNo(n.text))
		q.SetField(indexer.FieldIndexNoNorm)
		return q
	case "year":
		return yearQuery(n.yearFrom, n.yearTo)
	}
	return bleve.NewMatchNoneQuery()
}

func escapeWildcard(s string) string {
	return strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`).Replace(s)
}

// identifierBoost puts the document that carries a typed 文号 or 索引号
// above every document whose text merely cites it, however often.
const identifierBoost = 1000

// identifierQuery recognises a whole query that is a 文号 or an 索引号 and
// returns a strongly boosted exact match on that field.
func identifierQuery(q string) query.Query {
	// People copy 文号 with stray spaces (国发 〔2019〕 5号); an 索引号 or
	// 文号 never contains one, so spaces are dropped before recognising it.
	q = strings.Join(strings.Fields(q), "")
	if q == "" {
		return nil
	}
	var ds []query.Query
	if looksLikeDocNo(q) {
		t := bleve.NewTermQuery(indexer.FoldString(corpus.NormalizeDocNo(q)))
		t.SetField(indexer.FieldDocNoNorm)
		t.SetBoost(identifierBoost)
		ds = append(ds, t)
	}
	if looksLikeIndexNo(q) {
		t := bleve.NewTermQuery(indexer.NormalizeIndexNo(q))
		t.SetField(indexer.FieldIndexNoNorm)
		t.SetBoost(identifierBoost)
		ds = append(ds, t)
	}
	if len(ds) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(ds...)
}

// looksLikeDocNo: a year in brackets of any kind, or 令第N号.
func looksLikeDocNo(q string) bool {
	f := indexer.FoldString(q)
	for _, open := range []string{"〔", "[", "【", "(", "〈", "{"} {
		if i := strings.Index(f, open); i >= 0 && i+len(open)+4 <= len(f) && isDigits(f[i+len(open):i+len(open)+4]) {
			return true
		}
	}
	return strings.Contains(f, "令第") && strings.HasSuffix(f, "号")
}

// looksLikeIndexNo: digits, letters and the separators of an 索引号.
func looksLikeIndexNo(q string) bool {
	f := indexer.FoldString(q)
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
	err := s.withPlan(ctx, &req, func(ctx context.Context, ix *indexer.Index, p *plan) (err error) {
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

// withPlan plans a normalised request on the live index, held for reading
// until fn returns, under the query timeout.
func (s *Service) withPlan(ctx context.Context, req *Request, fn func(ctx context.Context, ix *indexer.Index, p *plan) error) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	s.mu.RLock()
	defer s.mu.RUnlock()
	ix, err := s.index()
	if err != nil {
		return err
	}
	p, err := s.buildPlan(ix, req)
	if err != nil {
		return err
	}
	return fn(ctx, ix, p)
}

// execute runs a planned search: one page of exact hits with facets, then
// the related hits.
func (s *Service) execute(ctx context.Context, ix *indexer.Index, req *Request, p *plan) (*Response, error) {
	res, err := ix.Collect(ctx, indexer.CollectRequest{
		Query:      p.query,
		From:       (req.Page - 1) * req.Size,
		Size:       req.Size,
		Sort:       sortOrder(req.Sort),
		Fields:     storedFields,
		AllIDsUpTo: relatedBelow - 1,
		Matches:    p.matches,
	})
	if err != nil {
		return nil, s.mapSearchErr(ctx, err)
	}
	out := &Response{
		Total:   res.Total,
		Page:    req.Page,
		Size:    req.Size,
		Hits:    make([]Hit, 0, len(res.Hits)),
		Ignored: p.ignored,
		Facets:  facetsOf(res, searchFacets),
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, s.hitOf(h, p.literals))
	}
	// Variants, synonyms, pinyin and corrections: related hits after the
	// exact ones, and did_you_mean (variants.go).
	if err := s.addRelated(ctx, ix, req, res.Total, res.AllIDs, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Service) mapSearchErr(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w after %s", ErrTimeout, s.cfg.QueryTimeout)
	}
	return err
}

func sortOrder(sort string) indexer.SortOrder {
	switch sort {
	case SortDate:
		return indexer.ByDate
	case SortDateDesc:
		return indexer.ByDateDesc
	}
	return indexer.ByRelevance
}

// facetLimits are the longest facet lists to return.
type facetLimits struct{ agency, year, catalog int }

// searchFacets are a search's facets: the most frequent agencies and
// catalogs, every year.
var searchFacets = facetLimits{agency: 30, year: 100, catalog: 30}

// facetsOf turns a search's counts into facet lists: most frequent first
// (ties by value), years newest first.
func facetsOf(res *indexer.Collected, n facetLimits) Facets {
	list := func(field string, n int) []FacetValue {
		vals := make([]FacetValue, 0, len(res.Facets[field]))
		for v, c := range res.Facets[field] {
			vals = append(vals, FacetValue{Value: v, Count: c})
		}
		sort.Slice(vals, func(i, j int) bool {
			if vals[i].Count != vals[j].Count {
				return vals[i].Count > vals[j].Count
			}
			return vals[i].Value < vals[j].Value
		})
		return vals[:min(n, len(vals))]
	}
	years := list(indexer.FieldYearKey, n.year)
	sort.Slice(years, func(i, j int) bool { return years[i].Value > years[j].Value })
	return Facets{
		Agency:  list(indexer.FieldAgency, n.agency),
		Year:    years,
		Catalog: list(indexer.FieldCatalog, n.catalog),
	}
}

func storedString(h *bsearch.DocumentMatch, field string) string {
	if v, ok := h.Fields[field].(string); ok {
		return v
	}
	return ""
}

// hitMetadata fills a hit from the archived report a match belongs to,
// without snippets; r is nil when the archive has no such report.
func hitMetadata(h *bsearch.DocumentMatch, r *cachedReport, match string) Hit {
	hit := Hit{
		ID:       storedString(h, indexer.FieldReportID),
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
func (s *Service) archivedReport(h *bsearch.DocumentMatch) *cachedReport {
	id := storedString(h, indexer.FieldReportID)
	r, err := s.cachedReport(id)
	if err != nil {
		s.log.Warn("hit without archived report", "id", id, "err", err)
		return nil
	}
	return r
}

func (s *Service) hitOf(h *bsearch.DocumentMatch, literals []string) Hit {
	r := s.archivedReport(h)
	hit := hitMetadata(h, r, MatchExact)
	if r == nil {
		return hit
	}
	if ord, err := strconv.Atoi(storedString(h, indexer.FieldSectionOrd)); err == nil {
		if ord < len(r.Sections) {
			sec := r.Sections[ord]
			hit.Section = &SectionRef{ID: sec.ID, Number: sec.Number, Heading: sec.Heading, Level: sec.Level}
			hit.Snippets = Snippets(sec.Heading+"\n"+sec.Text, literals, 3)
		}
		return hit
	}
	folded, origin := r.foldedText()
	hit.Snippets = foldedSnippets(r.Text, folded, origin, literals, 3)
	if len(hit.Snippets) == 0 {
		hit.Snippets = Snippets(r.Title, literals, 1)
	}
	return hit
}

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
	err := s.withPlan(ctx, &req, func(ctx context.Context, ix *indexer.Index, p *plan) error {
		const maxGrouped = 300
		sr := bleve.NewSearchRequestOptions(p.query, maxGrouped, 0, false)
		sr.Fields = storedFields
		sr.SortBy([]string{"-" + indexer.FieldYearKey, indexer.FieldAgency, "-_score", "_id"})
		res, err := ix.Search(ctx, sr)
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
