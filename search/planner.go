package search

import (
	"context"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/lantai/lantai/indexer"
)

// termLister lists the indexed terms of a field that start with a prefix;
// *indexer.Index is one.
type termLister interface {
	TermsWithPrefix(field, prefix string) ([]string, error)
}

// anyTerm is a phrase slot that any term fills: the last character of a
// run, which the bigram before it already pins.
var anyTerm = []string{""}

// planLiteral returns the phrase of literal-field terms that a document's
// field holds exactly where its text contains the folded string s (see
// indexer.LiteralTokens): each slot is the set of terms that may stand at
// that position. A run of n ≥ 2 Chinese characters is its n-1 overlapping
// bigrams: every other one would pin every character too, but the ones
// across a word boundary (安全生产 → 全生) are the rare terms that let the
// phrase skip most documents without comparing positions. A run of one
// character is the character itself when something follows it in the
// query (the text's run ends there too), the AfterWord marker when it ends
// the query right after a Latin/digit word, else every term starting with
// it. Latin/digit words are whole terms and punctuation is the gap term.
// nil means no document can contain s.
func planLiteral(terms termLister, field, s string) ([][]string, error) {
	runs := trimGaps(indexer.Runs(s))
	var slots [][]string
	for i, run := range runs {
		last := i == len(runs)-1
		switch run.Kind {
		case indexer.KindWord:
			slots = append(slots, []string{run.Text})
		case indexer.KindHan:
			chars := charOffsets(run.Text)
			n := len(chars) - 1
			if n == 1 {
				if !last {
					slots = append(slots, []string{run.Text})
					continue
				}
				if i > 0 && runs[i-1].Kind == indexer.KindWord {
					slots = append(slots, []string{indexer.AfterWord + run.Text})
					continue
				}
				starting, err := terms.TermsWithPrefix(field, run.Text)
				if err != nil || len(starting) == 0 {
					return nil, err
				}
				slots = append(slots, starting)
				continue
			}
			for j := 0; j < n-1; j++ {
				slots = append(slots, []string{run.Text[chars[j]:chars[j+2]]})
			}
			if !last {
				slots = append(slots, anyTerm)
			}
		default:
			slots = append(slots, []string{indexer.GapTerm})
		}
	}
	return slots, nil
}

// trimGaps drops leading and trailing gaps, which constrain nothing.
func trimGaps(runs []indexer.Run) []indexer.Run {
	for len(runs) > 0 && runs[0].Kind == indexer.KindGap {
		runs = runs[1:]
	}
	for len(runs) > 0 && runs[len(runs)-1].Kind == indexer.KindGap {
		runs = runs[:len(runs)-1]
	}
	return runs
}

// charOffsets returns the byte offset of every character of s and len(s).
func charOffsets(s string) []int {
	offsets := make([]int, 0, len(s)/3+1)
	for i := range s {
		offsets = append(offsets, i)
	}
	return append(offsets, len(s))
}

// fieldBoost is a literal field to search, the word field that ranks its
// matches, and their weight. A field that is only there to rank
// (boostOnly) never decides whether a document matches.
type fieldBoost struct {
	field     string
	words     string
	boost     float64
	boostOnly bool
}

// literalQuery matches documents in which any of the fields that are not
// boostOnly contains the folded string s; nil when no document can. The
// score adds the boostOnly fields' matches and, for every field, whether
// the document has the query's words as words of its own: a search for
// 通办 ranks text about 通办 above text that only says 跨省通办.
func literalQuery(terms termLister, s string, fields []fieldBoost) (query.Query, error) {
	var match, rank []query.Query
	if charQuery := oneCharQuery(s, fields); charQuery != nil {
		// The chars field decides; the other fields' phrases only rank.
		match = append(match, charQuery)
		fields = slices.DeleteFunc(slices.Clone(fields), func(f fieldBoost) bool { return f.field == indexer.FieldText })
		for i := range fields {
			fields[i].boostOnly = true
		}
	}
	for _, f := range fields {
		slots, err := planLiteral(terms, f.field, s)
		if err != nil {
			return nil, err
		}
		if slots == nil {
			continue
		}
		if f.boostOnly {
			if widest(slots) <= maxRankTerms {
				rank = append(rank, planQuery(slots, f.field, f.boost))
			}
			continue
		}
		match = append(match, planQuery(slots, f.field, f.boost))
	}
	if len(match) == 0 {
		return nil, nil
	}
	if words := indexer.QueryWords(s); len(words) > 0 {
		for _, f := range fields {
			rank = append(rank, wordsQuery(words, f.words, f.boost))
		}
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewDisjunctionQuery(match...))
	bq.AddShould(rank...)
	return bq, nil
}

// oneCharQuery is the query on the chars field when s is one Chinese
// character and fields search the body text, where the character may
// stand anywhere; nil otherwise. The chars field holds the title (or
// heading) too, so it matches exactly the documents the fields would.
func oneCharQuery(s string, fields []fieldBoost) query.Query {
	runs := trimGaps(indexer.Runs(s))
	if len(runs) != 1 || runs[0].Kind != indexer.KindHan || utf8.RuneCountInString(runs[0].Text) != 1 {
		return nil
	}
	if !slices.ContainsFunc(fields, func(f fieldBoost) bool { return f.field == indexer.FieldText && !f.boostOnly }) {
		return nil
	}
	return &constantTermQuery{term: runs[0].Text, field: indexer.FieldChars, boost: 1}
}

// constantTermQuery matches the documents holding term in field and scores
// each the same, its boost. The chars field stores no frequencies or norms
// (6.5 MB of the corpus index), and Bleve's tf-idf scores such a match
// 0 × +Inf = NaN; a one-character query is ranked by its other clauses.
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
	return &constantSearcher{Searcher: ts, score: q.boost}, nil
}

// SetBoost implements query.BoostableQuery.
func (q *constantTermQuery) SetBoost(b float64) { q.boost = b }

// Boost implements query.BoostableQuery.
func (q *constantTermQuery) Boost() float64 { return q.boost }

// constantSearcher gives every match of its searcher the same score.
type constantSearcher struct {
	bsearch.Searcher
	score float64
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
		dm.Score = s.score
		if dm.Expl != nil {
			dm.Expl = &bsearch.Explanation{Value: s.score, Message: "constant score"}
		}
	}
	return dm, err
}

// maxRankTerms bounds the terms one position of a ranking-only phrase may
// expand to: a one-character query would otherwise score every match
// through a disjunction of every bigram that starts with it, in the title
// and the headings, which cost more than the match itself.
const maxRankTerms = 64

// widest is the largest number of terms in one slot.
func widest(slots [][]string) int {
	n := 0
	for _, s := range slots {
		n = max(n, len(s))
	}
	return n
}

// planQuery is the query for one planned phrase.
func planQuery(slots [][]string, field string, boost float64) query.Query {
	if len(slots) == 1 {
		terms := slots[0]
		qs := make([]query.Query, len(terms))
		for i, t := range terms {
			tq := bleve.NewTermQuery(t)
			tq.SetField(field)
			qs[i] = tq
		}
		if len(qs) == 1 {
			qs[0].(*query.TermQuery).SetBoost(boost)
			return qs[0]
		}
		d := bleve.NewDisjunctionQuery(qs...)
		d.SetBoost(boost)
		return d
	}
	return &phraseQuery{slots: slots, field: field, boost: boost}
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
