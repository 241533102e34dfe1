package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/indexer"
)

// A literal query is answered in two steps. The index's literal set field
// (indexer.SetTokens: every character, every bigram, every Latin/digit word
// of a text, without positions) gives the candidates: the documents that
// hold every term of indexer.QueryTerms. Each candidate is then confirmed
// in its text (indexer.MatchForm), which also tells where the literal
// stands, title, heading or body, for ranking. A query that is one term of
// one or two characters, or one Latin/digit word, needs no confirmation:
// holding the term is containing the query.

// wordField is a word field that ranks a literal's matches, and its weight.
type wordField struct {
	field string
	boost float64
}

// literalTarget is where a literal is looked for and how its matches rank.
type literalTarget struct {
	// field is the literal set field the candidates come from; "" makes
	// every document a candidate.
	field string
	// titleOnly looks in the report's title alone (the title: field);
	// otherwise in a report's title and text, or a section's heading and
	// text.
	titleOnly bool
	// titleField, when set, is a set field of the title alone: a match
	// that needs no confirmation scores the title's weight when the
	// title holds the term.
	titleField string
	// words rank a match by whether the document has the literal's jieba
	// words as words of its own: 通办 as a word above 通办 inside 跨省通办.
	words []wordField
	// scale multiplies every weight of the literal.
	scale float64
}

// Field weights: a match in the title counts more than one in a heading,
// which counts more than one in the body.
const (
	titleWeight   = 4
	headingWeight = 2
	bodyWeight    = 1
)

// The targets of the two scopes and of their title: field. Section
// documents have no title fields: for title: every section is a candidate
// (field ""), confirmed in its report's title. The sections scope's
// title: is rare, and it costs a map lookup per section.
var (
	reportTarget = literalTarget{field: indexer.FieldLit, titleField: indexer.FieldTitleLit, scale: 1, words: []wordField{
		{indexer.FieldTitleWords, titleWeight}, {indexer.FieldTextWords, bodyWeight},
	}}
	sectionTarget = literalTarget{field: indexer.FieldLit, scale: 1, words: []wordField{
		{indexer.FieldTextWords, bodyWeight},
	}}
	reportTitleTarget = literalTarget{field: indexer.FieldTitleLit, titleOnly: true, scale: 1, words: []wordField{
		{indexer.FieldTitleWords, titleWeight},
	}}
	sectionTitleTarget = literalTarget{titleOnly: true, scale: 1}
)

// A literal's match scores like a Bleve term match (boost × idf × query
// norm × field weight) whose idf is literalIDF and whose field weight is
// literalFieldWeight times the weight of where it stands, normalised with
// the word fields' tf-idf scores, so that a boosted clause (an identifier
// typed as the query, ×1000) outweighs them as it outweighs the word
// fields. literalFieldWeight was tuned on docs/QUALITY.md's judgments:
// nDCG@10 0.969 at 0.25, 0.980 at 0.5, 0.988 at 1, 0.990 at 2, 0.9965 at
// 4, 0.9973 at 8: where a literal stands (title above heading above body)
// should outweigh how often its jieba words occur.
const (
	literalIDF         = 4
	literalFieldWeight = 4
)

// literalNorm is the query-norm side of a literal's score: its weight in
// the query's normalisation and the norm the query gives back.
type literalNorm struct {
	boost     float64
	queryNorm float64
}

// weight is the squared weight the query norm is computed from.
func (n *literalNorm) weight() float64 {
	w := n.boost * literalIDF
	return w * w
}

// score is the score of a match standing in places of total weight w.
func (n *literalNorm) score(w float64) float64 {
	qn := n.queryNorm
	if qn == 0 {
		qn = 1
	}
	return n.boost * literalIDF * qn * literalFieldWeight * w
}

// literalQuery matches the documents that contain the folded string s
// where target says; nil when no document can.
func literalQuery(ix *indexer.Index, texts matchTexts, s string, target literalTarget) query.Query {
	pattern := indexer.MatchPattern(s)
	terms := indexer.QueryTerms(s)
	if pattern == "" || len(terms) == 0 {
		return nil
	}
	var match query.Query = &confirmedQuery{
		ix: ix, texts: texts, terms: terms, field: target.field, pattern: pattern,
		titleOnly: target.titleOnly, scale: target.scale,
	}
	var rank []query.Query
	if !needsConfirming(pattern, terms) && (!target.titleOnly || target.field == indexer.FieldTitleLit) {
		// Holding the term is the match: score it as found in the
		// body (or the title, for title:), and in the title too when
		// the title holds it.
		weight := float64(bodyWeight)
		if target.titleOnly {
			weight = titleWeight
		}
		match = &constantTermQuery{term: terms[0], field: target.field, boost: weight * target.scale}
		if target.titleField != "" {
			rank = append(rank, &constantTermQuery{term: terms[0], field: target.titleField, boost: titleWeight * target.scale})
		}
	}
	if words := indexer.QueryWords(s); len(words) > 0 {
		for _, w := range target.words {
			rank = append(rank, wordsQuery(words, w.field, w.boost*target.scale))
		}
	}
	if len(rank) == 0 {
		return match
	}
	return &rankedQuery{match: match, rank: rank}
}

// rankedQuery matches what match matches and adds to each match's score
// the scores of the rank queries that match it too. It is a Bleve boolean
// query of one must and some should clauses, which scored the should
// clauses of some documents and not of others when it stood inside a
// conjunction that advanced it (TestWholeWordRanksAboveFragment, one run
// in four).
type rankedQuery struct {
	match query.Query
	rank  []query.Query
}

// Searcher implements query.Query.
func (q *rankedQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	match, err := q.match.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	s := &rankedSearcher{Searcher: match, current: make([]*bsearch.DocumentMatch, len(q.rank))}
	for _, rq := range q.rank {
		rs, err := rq.Searcher(ctx, r, m, options)
		if err != nil {
			_ = s.Close()
			return nil, err
		}
		s.rank = append(s.rank, rs)
	}
	return s, nil
}

// rankedSearcher is the searcher of a rankedQuery.
type rankedSearcher struct {
	bsearch.Searcher
	rank    []bsearch.Searcher
	current []*bsearch.DocumentMatch // each rank searcher's position; nil before the start and at the end
	done    []bool
}

// Next implements bsearch.Searcher.
func (s *rankedSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm == nil || err != nil {
		return dm, err
	}
	return dm, s.addRank(ctx, dm)
}

// Advance implements bsearch.Searcher.
func (s *rankedSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm == nil || err != nil {
		return dm, err
	}
	return dm, s.addRank(ctx, dm)
}

// addRank moves every rank searcher to dm's document and adds the score of
// those that match it.
func (s *rankedSearcher) addRank(ctx *bsearch.SearchContext, dm *bsearch.DocumentMatch) error {
	if s.done == nil {
		s.done = make([]bool, len(s.rank))
	}
	for i, rs := range s.rank {
		cur := s.current[i]
		if s.done[i] || (cur != nil && cur.IndexInternalID.Compare(dm.IndexInternalID) > 0) {
			continue
		}
		if cur == nil || cur.IndexInternalID.Compare(dm.IndexInternalID) < 0 {
			if cur != nil {
				ctx.DocumentMatchPool.Put(cur)
			}
			next, err := rs.Advance(ctx, dm.IndexInternalID)
			if err != nil {
				return err
			}
			s.current[i], cur = next, next
			if next == nil {
				s.done[i] = true
				continue
			}
		}
		if cur.IndexInternalID.Equals(dm.IndexInternalID) {
			dm.Score += cur.Score
		}
	}
	return nil
}

// Weight implements bsearch.Searcher.
func (s *rankedSearcher) Weight() float64 {
	w := s.Searcher.Weight()
	for _, rs := range s.rank {
		w += rs.Weight()
	}
	return w
}

// SetQueryNorm implements bsearch.Searcher.
func (s *rankedSearcher) SetQueryNorm(qn float64) {
	s.Searcher.SetQueryNorm(qn)
	for _, rs := range s.rank {
		rs.SetQueryNorm(qn)
	}
}

// DocumentMatchPoolSize implements bsearch.Searcher.
func (s *rankedSearcher) DocumentMatchPoolSize() int {
	n := s.Searcher.DocumentMatchPoolSize() + 1
	for _, rs := range s.rank {
		n += rs.DocumentMatchPoolSize()
	}
	return n
}

// Optimize declines Bleve's optimisations of composite searchers, which
// would drop the rank clauses.
func (s *rankedSearcher) Optimize(string, index.OptimizableContext) (index.OptimizableContext, error) {
	return nil, nil
}

// Close implements bsearch.Searcher.
func (s *rankedSearcher) Close() error {
	err := s.Searcher.Close()
	for _, rs := range s.rank {
		if cerr := rs.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// needsConfirming reports whether a document holding every term may still
// not contain the pattern: unless the pattern is exactly one term of one
// or two Chinese characters or one whole Latin/digit word.
func needsConfirming(pattern string, terms []string) bool {
	if len(terms) != 1 {
		return true
	}
	return pattern != terms[0] && pattern != indexer.MatchPattern(terms[0])
}

// wordsQuery matches the documents whose word field has every one of words.
func wordsQuery(words []string, field string, boost float64) query.Query {
	qs := make([]query.Query, len(words))
	for i, w := range words {
		tq := bleve.NewTermQuery(w)
		tq.SetField(field)
		qs[i] = tq
	}
	c := bleve.NewConjunctionQuery(qs...)
	c.SetBoost(boost)
	return c
}

// confirmedQuery matches the documents whose literal field holds every
// one of terms and whose text (MatchForm) contains pattern; see the top of
// this file.
type confirmedQuery struct {
	ix        *indexer.Index
	texts     matchTexts
	terms     []string
	field     string
	pattern   string
	titleOnly bool
	scale     float64
}

// Searcher implements query.Query.
func (q *confirmedQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	refs, err := q.ix.DocRefs(r)
	if err != nil {
		return nil, err
	}
	options.IncludeTermVectors = false
	if q.field == "" {
		all, err := searcher.NewMatchAllSearcher(ctx, r, 1, options)
		if err != nil {
			return nil, err
		}
		return q.confirming(all, refs), nil
	}
	parts := make([]bsearch.Searcher, 0, len(q.terms))
	for _, t := range q.terms {
		ts, err := searcher.NewTermSearcher(ctx, r, t, q.field, 1, options)
		if err != nil {
			for _, p := range parts {
				_ = p.Close()
			}
			return nil, err
		}
		// Scores are set by the confirmation: plain term searchers,
		// whose conjunction Bleve optimises by intersecting postings.
		parts = append(parts, ts)
	}
	all := parts[0]
	if len(parts) > 1 {
		if all, err = searcher.NewConjunctionSearcher(ctx, r, parts, options); err != nil {
			for _, p := range parts {
				_ = p.Close()
			}
			return nil, err
		}
	}
	return q.confirming(all, refs), nil
}

// confirming wraps the candidates' searcher in the confirmation.
func (q *confirmedQuery) confirming(candidates bsearch.Searcher, refs *indexer.DocRefs) *confirmingSearcher {
	return &confirmingSearcher{literalSearcher: literalSearcher{Searcher: candidates, literalNorm: literalNorm{boost: q.scale}}, q: q, refs: refs}
}

// literalSearcher is a searcher whose matches score as a literal's
// (literalNorm) instead of as its own searcher's.
type literalSearcher struct {
	bsearch.Searcher
	literalNorm
}

// Weight implements bsearch.Searcher.
func (s *literalSearcher) Weight() float64 { return s.literalNorm.weight() }

// SetQueryNorm implements bsearch.Searcher.
func (s *literalSearcher) SetQueryNorm(qn float64) { s.queryNorm = qn }

// Optimize declines Bleve's optimisations of composite searchers
// (index.Optimizable), which the embedded searcher would otherwise accept:
// they read its postings directly, which would skip a confirmation and
// score its matches as plain terms.
func (s *literalSearcher) Optimize(string, index.OptimizableContext) (index.OptimizableContext, error) {
	return nil, nil
}

// confirmingSearcher passes on the candidates of its searcher whose text
// contains the pattern, scored by where it stands.
type confirmingSearcher struct {
	literalSearcher
	q    *confirmedQuery
	refs *indexer.DocRefs
}

// Next implements bsearch.Searcher.
func (s *confirmingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if dm == nil || err != nil {
			return dm, err
		}
		if ok, err := s.confirm(dm); ok || err != nil {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

// Advance implements bsearch.Searcher.
func (s *confirmingSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm == nil || err != nil {
		return dm, err
	}
	if ok, err := s.confirm(dm); ok || err != nil {
		return dm, err
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// DocumentMatchPoolSize implements bsearch.Searcher.
func (s *confirmingSearcher) DocumentMatchPoolSize() int {
	return s.Searcher.DocumentMatchPoolSize() + 1
}

// confirm looks for the pattern in the candidate's text and sets its score
// from where it stands. A candidate whose report is gone from the archive
// (deleted while the search ran) does not match.
func (s *confirmingSearcher) confirm(dm *bsearch.DocumentMatch) (bool, error) {
	reportID, section := s.refs.Ref(dm.IndexInternalID)
	text, err := s.q.texts.matchText(reportID)
	if err != nil {
		return false, fmt.Errorf("confirming a match in report %s: %w", reportID, err)
	}
	if text == nil {
		return false, nil
	}
	weight := text.weight(s.q.pattern, section, s.q.titleOnly)
	dm.Score = s.score(weight)
	return weight > 0, nil
}

// SetBoost implements query.BoostableQuery.
func (q *confirmedQuery) SetBoost(b float64) { q.scale = b }

// Boost implements query.BoostableQuery.
func (q *confirmedQuery) Boost() float64 { return q.scale }

// matchText is a report's text in indexer.MatchForm: title, body and
// each section's heading and own text.
type matchText struct {
	title, body string
	sections    []sectionMatchText
}

// sectionMatchText is a section's heading and own text in MatchForm.
type sectionMatchText struct {
	heading, text string
}

// size is the approximate number of bytes the text holds in memory.
func (t *matchText) size() int {
	n := len(t.title) + len(t.body) + 64
	for _, s := range t.sections {
		n += len(s.heading) + len(s.text) + 32
	}
	return n
}

// weight is the sum of the field weights of the places where pattern
// stands in the document (the report itself when section < 0), 0 when
// nowhere: title, any heading, body.
func (t *matchText) weight(pattern string, section int, titleOnly bool) float64 {
	var w float64
	if titleOnly || section < 0 {
		if strings.Contains(t.title, pattern) {
			w += titleWeight
		}
		if titleOnly {
			return w
		}
		if strings.Contains(t.body, pattern) {
			w += bodyWeight
			for _, s := range t.sections {
				if strings.Contains(s.heading, pattern) {
					w += headingWeight
					break
				}
			}
		}
		return w
	}
	if section >= len(t.sections) {
		return 0
	}
	s := t.sections[section]
	if strings.Contains(s.heading, pattern) {
		w += headingWeight
	}
	if strings.Contains(s.text, pattern) {
		w += bodyWeight
	}
	return w
}

// constantTermQuery matches the documents holding term in field and scores
// each the same, its boost. The literal set fields store no frequencies or
// norms, and Bleve's tf-idf scores a match there 0 × +Inf = NaN.
type constantTermQuery struct {
	term, field string
	boost       float64
}

// Searcher implements query.Query.
func (q *constantTermQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	options.IncludeTermVectors = false
	ts, err := searcher.NewTermSearcher(ctx, r, q.term, q.field, q.boost, options)
	if err != nil {
		return nil, err
	}
	return &constantSearcher{literalSearcher{Searcher: ts, literalNorm: literalNorm{boost: q.boost}}}, nil
}

// SetBoost implements query.BoostableQuery.
func (q *constantTermQuery) SetBoost(b float64) { q.boost = b }

// Boost implements query.BoostableQuery.
func (q *constantTermQuery) Boost() float64 { return q.boost }

// constantSearcher gives every match of its searcher the same score, that
// of a literal standing in places of weight 1.
type constantSearcher struct {
	literalSearcher
}

// Next implements bsearch.Searcher.
func (s *constantSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	return s.constant(s.Searcher.Next(ctx))
}

// Advance implements bsearch.Searcher.
func (s *constantSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return s.constant(s.Searcher.Advance(ctx, id))
}

func (s *constantSearcher) constant(dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if dm != nil {
		dm.Score = s.score(1)
		if dm.Expl != nil {
			dm.Expl = &bsearch.Explanation{Value: dm.Score, Message: "constant score"}
		}
	}
	return dm, err
}
