package bleveindex

import (
	"context"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// A literal query is answered in two steps. The index's literal set field
// of report documents (SetTokens: every character, the bucket of
// every bigram, every Latin/digit word of a text, without positions) gives the
// candidates: the reports that hold every term of QueryTerms, or,
// in the sections scope, the sections of those reports. Each candidate is
// then confirmed in its text (MatchForm), which also tells where
// the literal stands, title, heading or body, for ranking. A report needs
// no confirmation for a query that is one character or one Latin/digit
// word: holding the term is containing the query.

// literalTarget is where a literal is looked for and how its matches rank.
type literalTarget struct {
	// field is the literal set field the candidates come from; "" makes
	// every document a candidate.
	field string
	// viaReports says that field belongs to report documents only (the
	// index gives sections none): a section's candidates are the
	// sections of the reports holding the terms, and each is confirmed
	// in its own text, as holding a term no longer tells a section's
	// match.
	viaReports bool
	// titleOnly looks in the report's title alone (the title: field);
	// otherwise in a report's title and text, or a section's heading and
	// text.
	titleOnly bool
	// titleField, when set, is a set field of the title alone: a match
	// that needs no confirmation scores the title's weight when the
	// title holds the term.
	titleField string
	// words are the word fields that rank a match by whether the document
	// has the literal's jieba words as words of its own: 通办 as a word
	// above 通办 inside 跨省通办. They are scored as plain Bleve terms,
	// unweighted: weighting a title's words ×4 ranked worse (nDCG@10
	// 0.9898 against 0.9913, docs/QUALITY.md).
	words []string
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
	reportTarget = literalTarget{field: FieldLit, titleField: FieldTitleLit, scale: 1,
		words: []string{FieldTitleWords, FieldTextWords}}
	sectionTarget = literalTarget{field: FieldLit, viaReports: true, scale: 1,
		words: []string{FieldTextWords}}
	reportTitleTarget = literalTarget{field: FieldTitleLit, titleOnly: true, scale: 1,
		words: []string{FieldTitleWords}}
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

// literalQuery matches the documents the filter lets through that contain
// the folded string s where target says; nil when no document can.
func literalQuery(ix *Index, texts matchTexts, cache *literalCache, filter *scopeFilter, s string, target literalTarget) query.Query {
	pattern := MatchPattern(s)
	terms := QueryTerms(s)
	if pattern == "" || len(terms) == 0 {
		return nil
	}
	var match query.Query = &confirmedQuery{
		ix: ix, texts: texts, cache: cache, filter: filter, terms: terms, field: target.field, viaReports: target.viaReports,
		pattern: pattern, needle: texts.needle(pattern), titleOnly: target.titleOnly, scale: target.scale,
	}
	var rank []query.Query
	if !needsConfirming(pattern, terms) && !target.viaReports && (!target.titleOnly || target.field == FieldTitleLit) {
		// Holding the term is the match: score it as found in the
		// body (or the title, for title:), and in the title too when
		// the title holds it.
		weight := float64(bodyWeight)
		if target.titleOnly {
			weight = titleWeight
		}
		match = &constantTermQuery{ix: ix, filter: filter, term: terms[0], field: target.field, boost: weight * target.scale}
		if target.titleField != "" {
			rank = append(rank, &constantTermQuery{ix: ix, term: terms[0], field: target.titleField, boost: titleWeight * target.scale})
		}
	}
	if words := QueryWords(s); len(words) > 0 {
		for _, w := range target.words {
			rank = append(rank, wordsQuery(ix, cache, words, w))
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
	// opened is the searcher Searcher last returned, whose rank clauses
	// a collector of match sets scores in batches (matchSet).
	opened *rankedSearcher
}

// Searcher implements query.Query.
func (q *rankedQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
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
	q.opened = s
	return s, nil
}

// rankedSearcher is the searcher of a rankedQuery.
type rankedSearcher struct {
	bsearch.Searcher
	rank    []bsearch.Searcher
	current []*bsearch.DocumentMatch // each rank searcher's position; nil before the start and at the end
	done    []bool
	// batched leaves out of a match's score the rank searchers that
	// score in batches (rankScorer): a collector adds theirs
	// (batchScorers).
	batched bool
}

// batchScorers turns the searcher's rank searchers that can score in
// batches into its collector's, left out of its own scores from now on;
// nil when there are none, or when one scoring in batches comes before
// one that cannot, since the sums would then be added in another order.
func (s *rankedSearcher) batchScorers() []rankScorer {
	var out []rankScorer
	for _, rs := range s.rank {
		bs, ok := rs.(rankScorer)
		if !ok && len(out) > 0 {
			return nil
		}
		if ok {
			out = append(out, bs)
		}
	}
	s.batched = len(out) > 0
	return out
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
func (s *rankedSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
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
		if s.batched {
			if _, ok := rs.(rankScorer); ok {
				continue
			}
		}
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
func (s *rankedSearcher) Optimize(string, bindex.OptimizableContext) (bindex.OptimizableContext, error) {
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
// not contain the pattern: unless the pattern is exactly one exact term,
// one Chinese character or one whole Latin/digit word (a bigram's term is
// its bucket's, which other bigrams share).
func needsConfirming(pattern string, terms []string) bool {
	if len(terms) != 1 || !IsExactTerm(terms[0]) {
		return true
	}
	return pattern != terms[0] && pattern != MatchPattern(terms[0])
}

// wordsQuery matches the documents whose word field has every one of
// words, scored as Bleve terms, from the postings the cache keeps when
// there is one. One word is its term query alone: a conjunction of one
// costs a searcher step per match for nothing.
func wordsQuery(ix *Index, cache *literalCache, words []string, field string) query.Query {
	if cache != nil {
		parts := make([]*postingsTermQuery, len(words))
		for i, w := range words {
			parts[i] = &postingsTermQuery{ix: ix, cache: cache.postings, field: field, term: w}
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return &wordsConjunction{parts: parts}
	}
	qs := make([]query.Query, len(words))
	for i, w := range words {
		tq := bleve.NewTermQuery(w)
		tq.SetField(field)
		qs[i] = tq
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

// confirmedQuery matches the documents whose literal field holds every
// one of terms and whose text (MatchForm) contains pattern; see the top of
// this file.
type confirmedQuery struct {
	ix         *Index
	texts      matchTexts
	cache      *literalCache
	filter     *scopeFilter
	terms      []string
	field      string
	viaReports bool
	pattern    string
	needle     needle
	titleOnly  bool
	scale      float64
}

// Searcher implements query.Query.
func (q *confirmedQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	sets, err := q.ix.Sets(r)
	if err != nil {
		return nil, err
	}
	allowed, err := q.filter.set(sets)
	if err != nil {
		return nil, err
	}
	s := &literalSearcher{literalNorm: literalNorm{boost: q.scale}}
	if q.cache == nil {
		// No cache: confirm the candidates the search reaches.
		candidates := allowed
		if q.field != "" {
			holding, err := sets.Holding(q.field, q.terms...)
			if err != nil {
				return nil, err
			}
			if q.viaReports {
				holding = sets.SectionsOf(holding)
			}
			candidates = allowed.And(holding)
		}
		s.Searcher = NewSetSearcher(candidates, func(seg int, local uint32) (float64, bool) {
			w := q.weightOf(sets, seg, local)
			return s.score(w), w > 0
		})
		return s, nil
	}
	places, err := q.cache.places(ctx, sets, q, q.filter.f.Type)
	if err != nil {
		return nil, err
	}
	found := make([]*roaring.Bitmap, len(places))
	for seg, p := range places {
		found[seg] = p.any
	}
	s.Searcher = NewSetSearcher(allowed.And(sets.NewDocSet(found)), func(seg int, local uint32) (float64, bool) {
		return s.score(places[seg].weight(local)), true
	})
	return s, nil
}

// placeKinds is the number of rank sets of confirmedQuery.matchSet.
const placeKinds = 3

// matchSet is the query's matches as sets, for a query with a literal
// cache: the documents the filter lets through where the literal was
// confirmed, ranked by where it stands (title, heading, body), as its
// searcher scores them.
func (q *confirmedQuery) matchSet(ctx context.Context, sets *Sets) (MatchSet, error) {
	allowed, err := q.filter.set(sets)
	if err != nil {
		return MatchSet{}, err
	}
	places, err := q.cache.places(ctx, sets, q, q.filter.f.Type)
	if err != nil {
		return MatchSet{}, err
	}
	var found, title, heading, body []*roaring.Bitmap
	for _, p := range places {
		found = append(found, p.any)
		title = append(title, p.title)
		heading = append(heading, p.heading)
		body = append(body, p.body)
	}
	return MatchSet{
		All:  allowed.And(sets.NewDocSet(found)),
		Rank: []*DocSet{sets.NewDocSet(title), sets.NewDocSet(heading), sets.NewDocSet(body)},
	}, nil
}

// everyCandidate are what the literal cache confirms once for every
// snapshot, deleted documents too: the documents of docType that hold
// every term of the literal (all of them, for a literal without a field),
// or, for a field of reports that stands for their sections
// (viaReports), the reports holding the terms, which confirm expands into
// their sections, and the orphan sections (Sets.SectionsOf).
func (q *confirmedQuery) everyCandidate(sets *Sets, docType string) (*DocSet, error) {
	if q.viaReports {
		holding, err := sets.HoldingAny(q.field, q.terms...)
		if err != nil {
			return nil, err
		}
		bits := make([]*roaring.Bitmap, sets.Segments())
		for seg := range bits {
			bits[seg] = roaring.Or(holding.Segment(seg), sets.OrphanSections(seg))
		}
		return sets.NewDocSet(bits), nil
	}
	typed, err := sets.HoldingAny(FieldType, docType)
	if err != nil || q.field == "" {
		return typed, err
	}
	holding, err := sets.HoldingAny(q.field, q.terms...)
	if err != nil {
		return nil, err
	}
	return typed.And(holding), nil
}

// confirm looks for the pattern in the texts of a segment's candidates
// (everyCandidate) and adds to p where it stands. It is false when a
// report document stores no text, so that the result is not kept, and it
// stops with ctx's error when the search is cancelled or times out. Via
// reports, each candidate report's text is read once for all its
// sections; a section confirmed on its own reads its report's, once for
// the sections of one report that follow each other.
func (q *confirmedQuery) confirm(ctx context.Context, sets *Sets, seg int, candidates *roaring.Bitmap, p *literalPlaces) (complete bool, err error) {
	complete = true
	c := confirmer{q: q, sets: sets}
	it := candidates.Iterator()
	for seen := 0; it.HasNext(); seen++ {
		if seen%confirmCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return false, err
			}
		}
		local := it.Next()
		_, ordinal := sets.Ref(seg, local)
		if ordinal >= 0 {
			w, known, err := c.sectionWeight(seg, local, ordinal)
			if err != nil {
				return false, err
			}
			complete = complete && known
			p.add(local, w)
			continue
		}
		if !q.viaReports {
			var w float64
			found, err := q.texts.visit(sets, seg, local, func(t *matchText) { w = t.weight(q.needle, -1, q.titleOnly) })
			if err != nil {
				return false, err
			}
			complete = complete && found
			p.add(local, w)
			continue
		}
		sections := sets.SectionsOfReport(seg, local)
		if len(sections) == 0 {
			continue
		}
		found, err := q.texts.visit(sets, seg, local, func(t *matchText) { c.weights = t.sectionWeights(q.needle, c.weights) })
		if err != nil {
			return false, err
		}
		if !found {
			complete = false
			continue
		}
		for _, section := range sections {
			if _, ordinal := sets.Ref(seg, section); ordinal >= 0 && ordinal < len(c.weights) {
				p.add(section, c.weights[ordinal])
			}
		}
	}
	return complete, nil
}

// confirmCheckEvery is how many candidates confirm looks at between two
// checks of its context.
const confirmCheckEvery = 64

// confirmer confirms section documents on their own, keeping the weights
// of the last report read: a report's sections follow each other in a
// segment, and each would read the report's text again.
type confirmer struct {
	q    *confirmedQuery
	sets *Sets
	// weights are the section weights (or, title-only, the title's
	// weight, as weights[0]) of the report document at lastSeg,
	// lastLocal, when haveLast.
	weights             []float64
	lastSeg             int
	lastLocal           uint32
	haveLast, lastFound bool
}

// sectionWeight is the weight of the places where the pattern stands in
// section ordinal of its report, the section document local of seg.
// known is false when the report document is missing or stores no text.
func (c *confirmer) sectionWeight(seg int, local uint32, ordinal int) (weight float64, known bool, err error) {
	rseg, rlocal, ok := c.sets.ReportOf(seg, local)
	if !ok {
		return 0, false, nil
	}
	if !c.haveLast || rseg != c.lastSeg || rlocal != c.lastLocal {
		c.haveLast, c.lastSeg, c.lastLocal = true, rseg, rlocal
		c.lastFound, err = c.q.texts.visit(c.sets, rseg, rlocal, func(t *matchText) {
			if c.q.titleOnly {
				c.weights = append(c.weights[:0], t.weight(c.q.needle, -1, true))
				return
			}
			c.weights = t.sectionWeights(c.q.needle, c.weights)
		})
		if err != nil {
			c.haveLast = false
			return 0, false, err
		}
	}
	if !c.lastFound {
		return 0, false, nil
	}
	if c.q.titleOnly {
		return c.weights[0], true, nil
	}
	if ordinal >= len(c.weights) {
		return 0, true, nil
	}
	return c.weights[ordinal], true, nil
}

// weightOf looks for the pattern in a candidate's text and returns the
// weight of the places where it stands, 0 when nowhere or when its text
// cannot be read.
func (q *confirmedQuery) weightOf(sets *Sets, seg int, local uint32) float64 {
	_, ordinal := sets.Ref(seg, local)
	if ordinal >= 0 {
		c := confirmer{q: q, sets: sets}
		w, _, _ := c.sectionWeight(seg, local, ordinal)
		return w
	}
	var w float64
	_, _ = q.texts.visit(sets, seg, local, func(t *matchText) { w = t.weight(q.needle, -1, q.titleOnly) })
	return w
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
// (bindex.Optimizable).
func (s *literalSearcher) Optimize(string, bindex.OptimizableContext) (bindex.OptimizableContext, error) {
	return nil, nil
}

// SetBoost implements query.BoostableQuery.
func (q *confirmedQuery) SetBoost(b float64) { q.scale = b }

// Boost implements query.BoostableQuery.
func (q *confirmedQuery) Boost() float64 { return q.scale }

// constantTermQuery matches the documents holding term in field (those
// the filter lets through, when it is set) and scores each the same, its
// boost. The literal set fields store no frequencies or norms, and Bleve's
// tf-idf scores a match there 0 × +Inf = NaN.
type constantTermQuery struct {
	ix          *Index
	filter      *scopeFilter
	term, field string
	boost       float64
}

// Searcher implements query.Query.
func (q *constantTermQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	sets, err := q.ix.Sets(r)
	if err != nil {
		return nil, err
	}
	set, err := q.matches(sets)
	if err != nil {
		return nil, err
	}
	s := &literalSearcher{literalNorm: literalNorm{boost: q.boost}}
	s.Searcher = NewSetSearcher(set, func(int, uint32) (float64, bool) {
		return s.score(1), true
	})
	return s, nil
}

// matches is the set of documents the query matches: those holding the
// term, of those its filter lets through when it has one.
func (q *constantTermQuery) matches(sets *Sets) (*DocSet, error) {
	set, err := sets.Holding(q.field, q.term)
	if err != nil || q.filter == nil {
		return set, err
	}
	a, err := q.filter.set(sets)
	if err != nil {
		return nil, err
	}
	return a.And(set), nil
}

// SetBoost implements query.BoostableQuery.
func (q *constantTermQuery) SetBoost(b float64) { q.boost = b }

// Boost implements query.BoostableQuery.
func (q *constantTermQuery) Boost() float64 { return q.boost }

// scopeFilter is a search's scope and filters, as a query part every
// literal of the search starts from. Its set is worked out once per index
// snapshot, however many literals use it.
type scopeFilter struct {
	ix *Index
	f  Filter

	mu     sync.Mutex
	of     *Sets // the sets cached was worked out in
	cached *DocSet
}

// set is the set of documents the filter lets through in the snapshot
// sets read.
func (f *scopeFilter) set(sets *Sets) (*DocSet, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if sets.SameSnapshot(f.of) {
		return f.cached, nil
	}
	set, err := sets.Matching(f.f)
	if err != nil {
		return nil, err
	}
	f.of, f.cached = sets, set
	return set, nil
}

// Searcher implements query.Query: the filter's documents, each scored 0.
func (f *scopeFilter) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	sets, err := f.ix.Sets(r)
	if err != nil {
		return nil, err
	}
	set, err := f.set(sets)
	if err != nil {
		return nil, err
	}
	return NewSetSearcher(set, func(int, uint32) (float64, bool) { return 0, true }), nil
}
