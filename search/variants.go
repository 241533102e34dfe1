package search

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"

	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fold"
	"github.com/lantai/lantai/query"
)

// A search runs twice when the query has variants: once as typed (the
// exact hits), once rewritten through traditional→simplified conversion,
// the synonym list, pinyin and corrections, minus every exact hit (the
// related hits). Related hits are listed after the last exact hit, so no
// rewrite can push down a report that contains what was typed; the total
// and the pages count both lists, and the facets add both up (the two sets
// are disjoint).

// serviceExtras holds the state of variants, synonyms and pinyin for one
// Service, built lazily on first use.
type serviceExtras struct {
	mu       sync.Mutex
	synonyms *synonymSet // nil: the built-in list
	homo     *homophones
	// homoBuilding is set while a newer vocabulary's table is built.
	homoBuilding bool
	py           *pinyinIndex
}

func (s *Service) extras() *serviceExtras { return &s.variantState }

//go:embed synonyms.txt
var builtinSynonymsText string

// synonymSet is a parsed synonym list: groups of folded words, and for
// each word the groups it belongs to.
type synonymSet struct {
	groups [][]string
	byWord map[string][]int
}

var builtinSynonyms = sync.OnceValue(func() *synonymSet {
	groups, err := parseSynonyms(builtinSynonymsText, "synonyms.txt")
	if err != nil {
		panic(err) // the embedded list is checked by TestBuiltinSynonyms
	}
	return newSynonymSet(groups)
})

// parseSynonyms reads a synonym list: one group per line, words separated
// by spaces or 、, # starting a comment line. name is used in errors.
func parseSynonyms(text, name string) ([][]string, error) {
	var groups [][]string
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !utf8.ValidString(l) {
			return nil, fmt.Errorf("%s:%d: not UTF-8 text", name, line)
		}
		words := strings.FieldsFunc(l, func(r rune) bool { return unicode.IsSpace(r) || r == '、' })
		var g []string
		seen := map[string]bool{}
		for _, w := range words {
			f := fold.String(w)
			if !seen[f] {
				seen[f] = true
				g = append(g, f)
			}
		}
		if len(g) < 2 {
			return nil, fmt.Errorf("%s:%d: a group needs at least two different words, got %q", name, line, l)
		}
		groups = append(groups, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return groups, nil
}

func newSynonymSet(groups [][]string) *synonymSet {
	ss := &synonymSet{groups: groups, byWord: map[string][]int{}}
	for i, g := range groups {
		for _, w := range g {
			ss.byWord[w] = append(ss.byWord[w], i)
		}
	}
	return ss
}

// LoadSynonyms adds the operator's synonym groups from a file (same format
// as the built-in search/synonyms.txt) to the built-in ones. An empty path
// resets to the built-in list.
func (s *Service) LoadSynonyms(path string) error {
	set := builtinSynonyms()
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("synonyms: %w", err)
		}
		extra, err := parseSynonyms(string(b), path)
		if err != nil {
			return fmt.Errorf("synonyms: %w", err)
		}
		set = newSynonymSet(append(append([][]string(nil), set.groups...), extra...))
	}
	x := s.extras()
	x.mu.Lock()
	x.synonyms = set
	x.py = nil // frequent terms include the synonym words
	x.mu.Unlock()
	if s.results != nil {
		s.results.invalidate() // cached responses used the old list
	}
	return nil
}

// synonymsLocked returns the active list; the caller holds x.mu.
func (x *serviceExtras) synonymsLocked() *synonymSet {
	if x.synonyms == nil {
		return builtinSynonyms()
	}
	return x.synonyms
}

func (s *Service) synonymList() *synonymSet {
	x := s.extras()
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.synonymsLocked()
}

// maxSynonymAlternatives bounds the rewrites of one literal.
const maxSynonymAlternatives = 12

// alternatives returns the other words of every group that lit (folded)
// belongs to, and lit with a group word inside it replaced by the others
// (深化放管服改革 → 深化简政放权改革).
func (ss *synonymSet) alternatives(lit string) []string {
	var out []string
	seen := map[string]bool{lit: true}
	add := func(w string) {
		if !seen[w] && len(out) < maxSynonymAlternatives {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, gi := range ss.byWord[lit] {
		for _, w := range ss.groups[gi] {
			add(w)
		}
	}
	if utf8.RuneCountInString(lit) <= 2 {
		return out
	}
	for w, gis := range ss.byWord {
		if w == lit || utf8.RuneCountInString(w) < 2 || !strings.Contains(lit, w) {
			continue
		}
		for _, gi := range gis {
			for _, o := range ss.groups[gi] {
				// A synonym that contains the word, or is contained in it,
				// would only stutter: 复议 → 行政复议 inside 行政复议.
				if o != w && !strings.Contains(o, w) && !strings.Contains(w, o) {
					add(strings.Replace(lit, w, o, 1))
				}
			}
		}
	}
	return out
}

var t2sConverter = sync.OnceValues(func() (*opencc.OpenCC, error) { return opencc.New("t2s") })

// simplified converts traditional characters to simplified ones; text
// without Chinese characters, or when the converter is unavailable, comes
// back unchanged.
func simplified(s string) string {
	han := false
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han = true
			break
		}
	}
	if !han {
		return s
	}
	cc, err := t2sConverter()
	if err != nil {
		return s
	}
	out, err := cc.Convert(s)
	if err != nil || !utf8.ValidString(out) {
		return s
	}
	return out
}

// rewriteLiterals replaces every positive literal (and title: value) by
// the OR of itself and its alternatives; changed is false when no literal
// has any. Negated parts are kept as typed.
func rewriteLiterals(n *index.Node, alts func(lit string) []string) (out *index.Node, changed bool) {
	if n == nil {
		return nil, false
	}
	switch n.Kind {
	case index.Literal:
		as := alts(n.Text)
		if len(as) == 0 {
			return n, false
		}
		or := &index.Node{Kind: index.Or, Kids: []*index.Node{n}}
		for _, a := range as {
			or.Kids = append(or.Kids, &index.Node{Kind: index.Literal, Text: a})
		}
		return or, true
	case index.Field:
		if n.Field != "title" {
			return n, false
		}
		as := alts(n.Text)
		if len(as) == 0 {
			return n, false
		}
		or := &index.Node{Kind: index.Or, Kids: []*index.Node{n}}
		for _, a := range as {
			or.Kids = append(or.Kids, &index.Node{Kind: index.Field, Field: "title", Text: a})
		}
		return or, true
	case index.Not:
		return n, false
	}
	cp := *n
	cp.Kids = make([]*index.Node, len(n.Kids))
	for i, k := range n.Kids {
		var c bool
		cp.Kids[i], c = rewriteLiterals(k, alts)
		changed = changed || c
	}
	return &cp, changed
}

// fewHits is the exact hit count under which a search looks for a
// correction (did_you_mean) and searches it as related.
const fewHits = 3

// variantPlan works out the related query of a search: the query string
// to run (empty when there is none) and the did-you-mean correction.
func (s *Service) variantPlan(ctx context.Context, ix index.Index, req *Request, p *plan, exactTotal uint64) (related *index.Node, didYouMean string) {
	root := p.req.Query
	if root == nil {
		return nil, ""
	}
	syn := s.synonymList()
	textVocab, err := ix.Vocabulary()
	if err != nil {
		return nil, ""
	}
	corrections := map[string]string{}
	if exactTotal < fewHits {
		corrections = s.corrections(ctx, ix, p, root, textVocab)
		if len(corrections) > 0 {
			didYouMean = req.Query
			for from, to := range corrections {
				didYouMean = strings.Replace(didYouMean, from, to, 1)
			}
		}
	}
	rewritten, changed := rewriteLiterals(root, func(lit string) []string {
		var out []string
		seen := map[string]bool{fold.String(lit): true}
		add := func(w string) {
			if w = fold.String(w); !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
		bases := []string{fold.String(lit)}
		if simp := simplified(lit); simp != lit {
			add(simp)
			bases = append(bases, fold.String(simp))
		}
		if c, ok := corrections[lit]; ok {
			add(c)
			bases = append(bases, fold.String(c))
		}
		for _, b := range bases {
			for _, w := range syn.alternatives(b) {
				add(w)
			}
		}
		return out
	})
	// A whole query typed in pinyin that is no Latin word in the index
	// stands for the Chinese terms it spells.
	if terms := s.pinyinQueryTerms(ctx, textVocab, fold.String(strings.TrimSpace(req.Query))); len(terms) > 0 {
		or := &index.Node{Kind: index.Or}
		if rewritten != nil {
			or.Kids = append(or.Kids, rewritten)
		}
		for _, t := range terms {
			or.Kids = append(or.Kids, &index.Node{Kind: index.Literal, Text: t})
		}
		rewritten, changed = or, true
		if exactTotal == 0 && didYouMean == "" {
			didYouMean = terms[0]
		}
	}
	if !changed {
		return nil, didYouMean
	}
	return rewritten, didYouMean
}

// corrections finds, for each Chinese literal of the query, a homophone
// string that the index holds more often; the map is literal → correction.
func (s *Service) corrections(ctx context.Context, ix index.Index, p *plan, root *index.Node, v *index.Vocabulary) map[string]string {
	out := map[string]string{}
	var lits []string
	var walk func(n *index.Node)
	walk = func(n *index.Node) {
		switch n.Kind {
		case index.Literal:
			lits = append(lits, n.Text)
		case index.Not:
			return
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(root)
	var h *homophones
	for _, lit := range lits {
		if syllables(lit) == nil {
			continue
		}
		if h == nil {
			h = s.homophoneTable(v)
		}
		base := s.countLiteral(ctx, ix, p, lit)
		if base >= fewHits {
			continue
		}
		best, bestN := "", base
		for _, c := range correctionCandidates(h, lit) {
			if ctx.Err() != nil {
				return out
			}
			if n := s.countLiteral(ctx, ix, p, c); n > bestN {
				best, bestN = c, n
			}
		}
		if best != "" {
			out[lit] = best
		}
	}
	return out
}

// countLiteral counts the documents of the request's scope and filters
// that contain text.
func (s *Service) countLiteral(ctx context.Context, ix index.Index, p *plan, text string) uint64 {
	r := p.req
	r.Query = &index.Node{Kind: index.Literal, Text: text}
	r.Identifier, r.RecentFrom, r.From, r.Size = "", time.Time{}, 0, 0
	res, err := ix.Search(ctx, r)
	if err != nil {
		return 0
	}
	return res.Total
}

// relatedBelow is the number of exact hits from which no related hits are
// looked for: past it a person has plenty to read, and the related query
// costs as much again as the exact one. Deciding by the exact total alone
// keeps the total the same on every page.
const relatedBelow = 50

// addRelated completes a response whose exact hits are in out (exactIDs
// lists all of them): it sets did_you_mean, runs the related query minus
// the exact hits, adds its total and facets, and fills the page past the
// last exact hit with related hits.
func (s *Service) addRelated(ctx context.Context, ix index.Index, req *Request, p *plan, exactTotal uint64, exactIDs []string, out *Response) error {
	if exactTotal >= relatedBelow {
		return nil
	}
	related, dym := s.variantPlan(ctx, ix, req, p, exactTotal)
	out.DidYouMean = dym
	if related == nil {
		return nil
	}
	r := p.req
	r.Query, r.Identifier = related, ""
	// The exact hits are excluded by id: running the exact query again
	// inside this one cost as much as the exact search itself.
	r.Exclude = exactIDs
	offset := uint64((req.Page - 1) * req.Size)
	from := uint64(0)
	if offset > exactTotal {
		from = offset - exactTotal
	}
	r.From, r.Size = int(from), req.Size-len(out.Hits)
	rres, err := ix.Search(ctx, r)
	if err != nil {
		return s.mapSearchErr(ctx, err)
	}
	out.Total += rres.Total
	out.Facets = mergeFacets(out.Facets, facetsOf(rres.Facets, searchFacets))
	literals := query.PositiveLiterals(related)
	for _, h := range rres.Hits {
		hit := s.hitOf(h, literals)
		hit.Match = MatchRelated
		out.Hits = append(out.Hits, hit)
	}
	return nil
}

// mergeFacets adds up the buckets of two disjoint result sets.
func mergeFacets(a, b Facets) Facets {
	merge := func(x, y []FacetValue, byValueDesc bool) []FacetValue {
		idx := map[string]int{}
		out := append([]FacetValue{}, x...)
		for i, v := range out {
			idx[v.Value] = i
		}
		for _, v := range y {
			if i, ok := idx[v.Value]; ok {
				out[i].Count += v.Count
			} else {
				idx[v.Value] = len(out)
				out = append(out, v)
			}
		}
		sortFacet(out, byValueDesc)
		return out
	}
	return Facets{
		Agency:  merge(a.Agency, b.Agency, false),
		Year:    merge(a.Year, b.Year, true),
		Catalog: merge(a.Catalog, b.Catalog, false),
	}
}

// sortFacet orders buckets as facetsOf does: years newest first, the
// others by count, then value.
func sortFacet(v []FacetValue, byValueDesc bool) {
	sort.SliceStable(v, func(i, j int) bool {
		if byValueDesc {
			return v[i].Value > v[j].Value
		}
		if v[i].Count != v[j].Count {
			return v[i].Count > v[j].Count
		}
		return v[i].Value < v[j].Value
	})
}
