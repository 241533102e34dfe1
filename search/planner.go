package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lantai/lantai/indexer"
)

// maxAlternatives bounds the token sequences one literal expands to. A
// longer string of characters that are each indexed words on their own can
// be cut in exponentially many ways; past the bound the planner keeps the
// cuts with the fewest pieces, which are the ones jieba actually produces.
const maxAlternatives = 512

// maxPlanSteps bounds the work spent enumerating the cuts of one run of
// Chinese characters. A long pasted sentence has exponentially many cuts;
// past the bound the planner keeps those found so far, which are the ones
// with the fewest pieces (the cuts jieba makes), so a typed query is never
// a way to keep the server busy.
const maxPlanSteps = 5000

// slot is the set of terms that may stand at one position of a phrase.
type slot []string

// alternative is one way a literal string can appear as consecutive tokens.
type alternative struct {
	slots []slot
	// whole is true when every piece is a whole indexed word, i.e. the
	// literal is not a fragment of a longer word at either end.
	whole bool
}

// planLiteral returns every token sequence under which a document's text
// can contain the folded string s, given how the tokenizer cuts text:
// Chinese runs may start inside a word (a suffix of a term), end inside a
// word (a prefix of a term) or lie inside one word (a term containing it);
// Latin/digit words and run boundaries always fall on token boundaries.
func planLiteral(v *indexer.Vocabulary, s string) []alternative {
	runs := indexer.Runs(s)
	// Leading and trailing gaps constrain nothing.
	for len(runs) > 0 && runs[0].Kind == indexer.KindGap {
		runs = runs[1:]
	}
	for len(runs) > 0 && runs[len(runs)-1].Kind == indexer.KindGap {
		runs = runs[:len(runs)-1]
	}
	if len(runs) == 0 {
		return nil
	}
	alts := []alternative{{whole: true}}
	for i, run := range runs {
		var options []alternative
		switch run.Kind {
		case indexer.KindWord:
			if !v.Has(run.Text) {
				return nil
			}
			options = []alternative{{slots: []slot{{run.Text}}, whole: true}}
		case indexer.KindHan:
			options = planHan(v, run.Text, i == 0, i == len(runs)-1)
		default:
			options = []alternative{{slots: []slot{{indexer.GapTerm}}, whole: true}}
		}
		if len(options) == 0 {
			return nil
		}
		next := make([]alternative, 0, len(alts)*len(options))
		for _, a := range alts {
			for _, o := range options {
				if len(next) == maxAlternatives {
					break
				}
				slots := make([]slot, 0, len(a.slots)+len(o.slots))
				slots = append(append(slots, a.slots...), o.slots...)
				next = append(next, alternative{slots: slots, whole: a.whole && o.whole})
			}
		}
		alts = next
	}
	return alts
}

// planHan lists the ways a run of Chinese characters can be cut into
// consecutive tokens. openStart lets the first piece be the end of a longer
// word, openEnd lets the last piece be the start of one.
func planHan(v *indexer.Vocabulary, run string, openStart, openEnd bool) []alternative {
	runes := []rune(run)
	n := len(runes)
	// Cuts are explored shortest first (fewest pieces), so that when the
	// bound is hit the likely ones are kept.
	var out []alternative
	steps := 0
	var walk func(pos int, slots []slot, whole bool, budget int)
	walk = func(pos int, slots []slot, whole bool, budget int) {
		steps++
		if len(out) >= maxAlternatives || steps > maxPlanSteps {
			return
		}
		if pos == n {
			out = append(out, alternative{slots: append([]slot(nil), slots...), whole: whole})
			return
		}
		if budget == 0 {
			return
		}
		for end := min(n, pos+v.MaxRunes()); end > pos; end-- {
			piece := string(runes[pos:end])
			var terms []string
			exact := v.Has(piece)
			switch {
			case pos == 0 && openStart && end == n && openEnd:
				terms = v.Within(piece)
			case pos == 0 && openStart:
				terms = v.EndingIn(piece)
			case end == n && openEnd:
				terms = v.StartingWith(piece)
			case exact:
				terms = []string{piece}
			}
			if len(terms) == 0 {
				continue
			}
			walk(end, append(slots, terms), whole && exact, budget-1)
		}
	}
	// Iterative deepening on the number of pieces keeps the enumeration
	// ordered by piece count without building every cut first.
	for pieces := 1; pieces <= n && len(out) < maxAlternatives && steps <= maxPlanSteps; pieces++ {
		before := len(out)
		walk(0, nil, true, pieces)
		// walk with a budget also emits cuts with fewer pieces; keep only
		// those with exactly this many.
		kept := out[:before]
		for _, a := range out[before:] {
			if len(a.slots) == pieces {
				kept = append(kept, a)
			}
		}
		out = kept
	}
	return out
}

// fieldBoost is a field to search and its weight. A field that is only
// there to rank (boostOnly) is searched for whole-word sequences alone:
// recall comes from the other fields, and the expansions are the costly
// part of a query.
type fieldBoost struct {
	field     string
	boost     float64
	boostOnly bool
}

// vocabularies gives each field's vocabulary.
type vocabularies map[string]*indexer.Vocabulary

// literalQuery matches documents in which any of fields contains the
// folded string s; nil when no document can (a term nobody indexed).
// Alternatives made only of whole words score twice: a search for 通办
// ranks text about 通办 above text that only says 跨省通办.
func literalQuery(vocabs vocabularies, s string, fields []fieldBoost) query.Query {
	var disjuncts []query.Query
	for _, f := range fields {
		for _, a := range planLiteral(vocabs[f.field], s) {
			if f.boostOnly && !a.whole {
				continue
			}
			boost := f.boost
			if a.whole {
				boost *= 2
			}
			disjuncts = append(disjuncts, alternativeQuery(a, f.field, boost))
		}
	}
	if len(disjuncts) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(disjuncts...)
}

func alternativeQuery(a alternative, field string, boost float64) query.Query {
	if len(a.slots) == 1 {
		terms := a.slots[0]
		if len(terms) == 1 {
			q := bleve.NewTermQuery(terms[0])
			q.SetField(field)
			q.SetBoost(boost)
			return q
		}
		qs := make([]query.Query, len(terms))
		for i, t := range terms {
			tq := bleve.NewTermQuery(t)
			tq.SetField(field)
			qs[i] = tq
		}
		d := bleve.NewDisjunctionQuery(qs...)
		d.SetBoost(boost)
		return d
	}
	terms := make([][]string, len(a.slots))
	for i, s := range a.slots {
		terms[i] = s
	}
	q := query.NewMultiPhraseQuery(terms, field)
	q.SetBoost(boost)
	return q
}
