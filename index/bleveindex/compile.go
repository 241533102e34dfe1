package bleveindex

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fold"
)

// plan is a request turned into a Bleve query.
type plan struct {
	query query.Query
	// matches, when set, gives the query's matches as sets
	// (CollectRequest.Matches).
	matches func(context.Context, *Sets) (MatchSet, error)
}

// buildPlan compiles a request's query and applies its filters, scope,
// boosts and exclusions.
func (ix *Index) buildPlan(req *index.Request) *plan {
	target := reportTarget
	filter := &scopeFilter{ix: ix, f: Filter{
		Type: TypeReport, Agency: req.Filter.Agency, Catalog: req.Filter.Catalog,
		YearFrom: req.Filter.YearFrom, YearTo: req.Filter.YearTo, DateFrom: req.Filter.DateFrom, DateTo: req.Filter.DateTo,
		ReportIDs: req.Filter.ReportIDs,
	}}
	if req.Scope == index.Sections {
		target, filter.f.Type = sectionTarget, TypeSection
	}
	root := req.Query
	c := &compiler{ix: ix, texts: storedTexts{ix}, literals: ix.backend.literals, filter: filter, target: target, sections: req.Scope == index.Sections}
	var must []query.Query
	var mustNot []query.Query
	filtered := filteredByLiterals(root)
	if root != nil {
		if root.Kind == index.Not {
			mustNot = append(mustNot, c.compile(root.Kids[0]))
		} else {
			must = append(must, c.compile(root))
		}
		if idq := identifierQuery(req.Identifier); idq != nil && len(must) == 1 && req.Scope == index.Reports {
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
	if !req.RecentFrom.IsZero() {
		should = append(should, recencyBoost(req.RecentFrom)...)
	}
	// The scope and the filters: a set, which every literal of the query
	// starts from too; a query whose every match is one of a literal's
	// needs no more of it.
	if !filtered {
		must = append(must, filter)
	}
	if len(req.Exclude) > 0 {
		// Excluded by id: running the query that found them again inside
		// this one would cost as much as that query.
		mustNot = append(mustNot, bleve.NewDocIDQuery(req.Exclude))
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	if len(mustNot) > 0 {
		bq.AddMustNot(mustNot...)
	}
	if len(should) > 0 {
		bq.AddShould(should...)
	}
	p := &plan{query: bq}
	if len(must) == 1 && len(mustNot) == 0 && len(should) == 0 {
		p.matches = matchSet(must[0])
	}
	return p
}

// matchSet returns, for a query that is one literal ranked by whether
// other terms are there too (法: the term in the text, and in the title
// or not; 法 in the sections scope: where its confirmed places are) and
// by its words' tf-idf, its matches as sets (MatchSet); nil for any other
// query. The searcher of the query must have been opened before the
// function is called: the words' scores come from its clauses.
func matchSet(q query.Query) func(context.Context, *Sets) (MatchSet, error) {
	var rank []*constantTermQuery
	var ranked *rankedQuery
	scored := false
	if rq, ok := q.(*rankedQuery); ok {
		ranked = rq
		for _, r := range rq.rank {
			switch r := r.(type) {
			case *constantTermQuery:
				if r.filter != nil || scored {
					return nil
				}
				rank = append(rank, r)
			case *postingsTermQuery, *wordsConjunction:
				// Scored in batches by the searcher's clauses.
				scored = true
			default:
				return nil
			}
		}
		q = rq.match
	}
	var match func(context.Context, *Sets) (MatchSet, error)
	switch m := q.(type) {
	case *constantTermQuery:
		match = func(_ context.Context, sets *Sets) (MatchSet, error) {
			all, err := m.matches(sets)
			return MatchSet{All: all}, err
		}
	case *confirmedQuery:
		if m.cache == nil || len(rank)+placeKinds > MaxRankSets {
			return nil
		}
		match = m.matchSet
	default:
		return nil
	}
	if len(rank) > MaxRankSets {
		return nil
	}
	return func(ctx context.Context, sets *Sets) (MatchSet, error) {
		ms, err := match(ctx, sets)
		if err != nil {
			return MatchSet{}, err
		}
		for _, r := range rank {
			set, err := r.matches(sets)
			if err != nil {
				return MatchSet{}, err
			}
			ms.Rank = append(ms.Rank, set)
		}
		if scored {
			if ranked.opened != nil {
				ms.scorers = ranked.opened.batchScorers()
			}
			if ms.scorers == nil {
				return MatchSet{}, errors.New("bleveindex: the match sets of a query whose searcher scores no batches")
			}
		}
		return ms, nil
	}
}

func yearQuery(from, to int) query.Query {
	incl := true
	q := bleve.NewTermRangeInclusiveQuery(YearKey(from), YearKey(to), &incl, &incl)
	q.SetField(FieldYearKey)
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
	q.SetField(FieldDateKey)
	q.SetBoost(0.0001)
	return q
}

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
func adjacentQuery(c *compiler, root *index.Node) query.Query {
	if root == nil || root.Kind != index.And || len(root.Kids) > maxAdjacentTerms {
		return nil
	}
	var joined strings.Builder
	for _, k := range root.Kids {
		if k.Kind != index.Literal {
			return nil
		}
		joined.WriteString(fold.String(k.Text))
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
func filteredByLiterals(n *index.Node) bool {
	if n == nil {
		return false
	}
	switch n.Kind {
	case index.Literal:
		return true
	case index.Field:
		return n.Field == "title"
	case index.And:
		for _, k := range n.Kids {
			if filteredByLiterals(k) {
				return true
			}
		}
	case index.Or:
		for _, k := range n.Kids {
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
	ix       *Index
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

func (c *compiler) compile(n *index.Node) query.Query {
	switch n.Kind {
	case index.Literal:
		return c.literal(fold.String(n.Text), c.target)
	case index.Field:
		return c.compileField(n)
	case index.Not:
		bq := bleve.NewBooleanQuery()
		bq.AddMust(bleve.NewMatchAllQuery())
		bq.AddMustNot(c.compile(n.Kids[0]))
		return bq
	case index.And:
		var qs, nots, rank []query.Query
		for _, k := range n.Kids {
			if k.Kind == index.Not {
				nots = append(nots, c.compile(k.Kids[0]))
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
	case index.Or:
		qs := make([]query.Query, len(n.Kids))
		for i, k := range n.Kids {
			qs[i] = c.compile(k)
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	return bleve.NewMatchNoneQuery()
}

func (c *compiler) compileField(n *index.Node) query.Query {
	switch n.Field {
	case "title":
		target := reportTitleTarget
		if c.sections {
			target = sectionTitleTarget
		}
		return c.literal(fold.String(n.Text), target)
	case "agency", "catalog":
		exact := bleve.NewTermQuery(n.Text)
		exact.SetField(n.Field)
		part := bleve.NewWildcardQuery("*" + escapeWildcard(n.Text) + "*")
		part.SetField(n.Field)
		return bleve.NewDisjunctionQuery(exact, part)
	case "doc_no":
		q := bleve.NewTermQuery(fold.String(corpus.NormalizeDocNo(n.Text)))
		q.SetField(FieldDocNoNorm)
		return q
	case "index_no":
		q := bleve.NewTermQuery(corpus.NormalizeIndexNo(n.Text))
		q.SetField(FieldIndexNoNorm)
		return q
	case "year":
		return yearQuery(n.YearFrom, n.YearTo)
	}
	return bleve.NewMatchNoneQuery()
}

func escapeWildcard(s string) string {
	return strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`).Replace(s)
}

// identifierBoost puts the document that carries a typed 文号 or 索引号
// above every document whose text merely cites it, however often.
const identifierBoost = 1000

// identifierQuery matches, strongly boosted, the document whose 文号 or
// 索引号 is the identifier typed as the whole query; nil for none.
func identifierQuery(id string) query.Query {
	if id == "" {
		return nil
	}
	docNo := bleve.NewTermQuery(fold.String(corpus.NormalizeDocNo(id)))
	docNo.SetField(FieldDocNoNorm)
	docNo.SetBoost(identifierBoost)
	indexNo := bleve.NewTermQuery(corpus.NormalizeIndexNo(id))
	indexNo.SetField(FieldIndexNoNorm)
	indexNo.SetBoost(identifierBoost)
	return bleve.NewDisjunctionQuery(docNo, indexNo)
}
