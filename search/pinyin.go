package search

import (
	"context"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fold"
)

// Chinese typos are mostly homophones: the input method offered the wrong
// character for the right sound (行政附议 for 行政复议). Corrections and
// pinyin input therefore work on toneless pinyin: a word's key is its
// syllables run together (xingzhengfuyi), its initials key the first letter
// of each syllable (xzfy).

var pinyinArgs = pinyin.NewArgs() // toneless, first reading of heteronyms

// syllableCache memoises runeSyllable: go-pinyin strips tones with
// regular expressions, far too slow to run per rune of every title.
var syllableCache sync.Map // rune → string ("" for no pinyin)

// runeSyllable returns the toneless pinyin of r, "" when it has none.
func runeSyllable(r rune) string {
	if v, ok := syllableCache.Load(r); ok {
		return v.(string)
	}
	p := ""
	if ps := pinyin.SinglePinyin(r, pinyinArgs); len(ps) > 0 {
		p = ps[0]
	}
	syllableCache.Store(r, p)
	return p
}

// syllables returns the toneless pinyin of each rune of s, or nil when a
// rune is not a Chinese character.
func syllables(s string) []string {
	out := make([]string, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		p := runeSyllable(r)
		if p == "" {
			return nil
		}
		out = append(out, p)
	}
	return out
}

// pinyinKeys returns the full and the initials key of a Chinese string;
// ok is false when s holds anything but Chinese characters.
func pinyinKeys(s string) (full, initials string, ok bool) {
	syl := syllables(s)
	if len(syl) == 0 {
		return "", "", false
	}
	var f, i strings.Builder
	for _, p := range syl {
		f.WriteString(p)
		i.WriteByte(p[0])
	}
	return f.String(), i.String(), true
}

// isPinyinInput reports whether a folded query could be typed pinyin:
// only ASCII letters and spaces, at least two letters.
func isPinyinInput(q string) bool {
	letters := 0
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case 'a' <= c && c <= 'z':
			letters++
		case c == ' ' || c == '\'':
		default:
			return false
		}
	}
	return letters >= 2
}

// compactPinyin drops the spaces and apostrophes people type between
// syllables (xingzheng fuyi, xi'an).
func compactPinyin(q string) string {
	return strings.NewReplacer(" ", "", "'", "").Replace(q)
}

// Vocabulary terms of these lengths are candidates for a homophone
// correction; shorter ones are too ambiguous, longer ones rarely mistyped
// as a whole (their pieces are corrected instead).
const (
	minCorrectRunes = 2
	maxCorrectRunes = 6
	// maxVocabKeys bounds the homophone table; past it the rest of the
	// vocabulary is not considered, which costs a correction, not a hit.
	maxVocabKeys = 400_000
)

// homophones maps "rune count/pinyin key" to the body-text vocabulary terms
// with that sound; it is rebuilt when the vocabulary changes.
type homophones struct {
	vocab *index.Vocabulary
	byKey map[string][]string
}

func homophoneKey(full string, runes int) string {
	return string(rune('0'+runes)) + full
}

// homophoneTable returns the table for the text vocabulary v, building it
// on first use (about a second over the whole corpus). Once there is one,
// a newer vocabulary is built into a new table in the background while the
// older table keeps answering, so no search waits a second after a write.
func (s *Service) homophoneTable(v *index.Vocabulary) *homophones {
	x := s.extras()
	x.mu.Lock()
	h, building := x.homo, x.homoBuilding
	if h != nil && h.vocab != v && !building {
		x.homoBuilding = true
		go func() {
			nh := buildHomophones(v)
			x.mu.Lock()
			x.homo, x.homoBuilding = nh, false
			x.mu.Unlock()
		}()
	}
	x.mu.Unlock()
	if h != nil {
		return h
	}
	nh := buildHomophones(v)
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.homo == nil {
		x.homo = nh
	}
	return x.homo
}

// buildHomophones makes the table of a vocabulary.
func buildHomophones(v *index.Vocabulary) *homophones {
	h := &homophones{vocab: v, byKey: make(map[string][]string, 1<<16)}
	n := 0
	for _, t := range v.WithPrefix("") {
		rc := utf8.RuneCountInString(t)
		if rc < minCorrectRunes || rc > maxCorrectRunes {
			continue
		}
		full, _, ok := pinyinKeys(t)
		if !ok {
			continue
		}
		k := homophoneKey(full, rc)
		h.byKey[k] = append(h.byKey[k], t)
		if n++; n == maxVocabKeys {
			break
		}
	}
	return h
}

// maxCorrectionCandidates bounds the candidate strings whose hits are
// counted for one term.
const maxCorrectionCandidates = 12

// correctionCandidates lists strings that sound like term (a run of Chinese
// characters): pieces of it replaced by indexed words with the same pinyin,
// whole-term replacements first, then cuts into more pieces.
func correctionCandidates(h *homophones, term string) []string {
	runes := []rune(term)
	n := len(runes)
	if n < minCorrectRunes || n > 12 {
		return nil
	}
	syl := syllables(term)
	if syl == nil {
		return nil
	}
	seen := map[string]bool{term: true}
	var out []string
	var walk func(pos int, prefix string, pieces int)
	walk = func(pos int, prefix string, pieces int) {
		if len(out) >= maxCorrectionCandidates {
			return
		}
		if pos == n {
			if pieces == 0 && !seen[prefix] {
				seen[prefix] = true
				out = append(out, prefix)
			}
			return
		}
		if pieces == 0 {
			return
		}
		for end := min(n, pos+maxCorrectRunes); end > pos; end-- {
			piece := string(runes[pos:end])
			opts := []string{piece}
			if end-pos >= minCorrectRunes {
				for _, t := range h.byKey[homophoneKey(strings.Join(syl[pos:end], ""), end-pos)] {
					if t != piece {
						opts = append(opts, t)
					}
				}
			}
			for _, o := range opts {
				walk(end, prefix+o, pieces-1)
			}
		}
	}
	// Fewest pieces first: replacing the whole term by one known word is
	// the likeliest correction.
	for pieces := 1; pieces <= n && len(out) < maxCorrectionCandidates; pieces++ {
		walk(0, "", pieces)
	}
	return out
}

// pinyinEntry is one thing pinyin input can find: a frequent term, a title
// or a heading.
type pinyinEntry struct {
	text   string
	kind   string
	id     string
	weight int
}

// pinyinKeyRef points from a key to its entry; the sorted slices of them
// answer prefix lookups by binary search.
type pinyinKeyRef struct {
	key string
	e   int32
}

// pinyinIndex answers pinyin and pinyin-initials input.
type pinyinIndex struct {
	from     *suggestIndex
	entries  []pinyinEntry
	full     []pinyinKeyRef
	initials []pinyinKeyRef
}

// Bounds of the pinyin index, so its memory stays a few megabytes
// whatever the archive holds.
const (
	maxPinyinTerms    = 20_000
	maxPinyinEntries  = 200_000
	minTermFrequency  = 2
	maxPinyinTermSize = 8
)

// pinyinIndexFor returns the pinyin index built over si's titles and
// headings and the frequent terms in them, building it on first use. A
// search is answered from the index of older candidates when there is
// one: the suggestions' builder refreshes it (refreshPinyin), so no search
// waits for a rebuild after writes.
func (s *Service) pinyinIndexFor(si *suggestIndex) *pinyinIndex {
	x := s.extras()
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.py == nil {
		x.py = buildPinyinIndex(s.words, si, x.synonymsLocked())
	}
	return x.py
}

// refreshPinyin rebuilds the pinyin index over new candidates, when one
// was ever built, without holding up the searches meanwhile.
func (s *Service) refreshPinyin(si *suggestIndex) {
	x := s.extras()
	x.mu.Lock()
	old, syn := x.py, x.synonymsLocked()
	x.mu.Unlock()
	if old == nil || old.from == si {
		return
	}
	py := buildPinyinIndex(s.words, si, syn)
	x.mu.Lock()
	x.py = py
	x.mu.Unlock()
}

func buildPinyinIndex(words func(string) []string, si *suggestIndex, syn *synonymSet) *pinyinIndex {
	px := &pinyinIndex{from: si}
	// Frequent terms: the words jieba cuts out of titles and headings, by
	// how many titles and headings use them, plus the synonym list.
	freq := map[string]int{}
	for _, e := range si.entries {
		for _, w := range words(e.text) {
			if rc := utf8.RuneCountInString(w); rc >= 2 && rc <= maxPinyinTermSize {
				freq[w]++
			}
		}
	}
	for _, g := range syn.groups {
		for _, w := range g {
			freq[w] += minTermFrequency
		}
	}
	terms := make([]string, 0, len(freq))
	for t, c := range freq {
		if c >= minTermFrequency {
			terms = append(terms, t)
		}
	}
	sort.Slice(terms, func(i, j int) bool {
		if freq[terms[i]] != freq[terms[j]] {
			return freq[terms[i]] > freq[terms[j]]
		}
		return terms[i] < terms[j]
	})
	add := func(text, kind, id string, weight int) {
		full, ini, ok := pinyinKeys(text)
		if !ok {
			return
		}
		i := int32(len(px.entries))
		px.entries = append(px.entries, pinyinEntry{text: text, kind: kind, id: id, weight: weight})
		px.full = append(px.full, pinyinKeyRef{full, i})
		px.initials = append(px.initials, pinyinKeyRef{ini, i})
	}
	for _, t := range terms[:min(len(terms), maxPinyinTerms)] {
		add(t, "term", "", freq[t])
	}
	for _, e := range si.entries {
		if len(px.entries) >= maxPinyinEntries {
			break
		}
		// Titles and headings are keyed on their Chinese characters only,
		// so 2023年…报告 is still found by its pinyin.
		han := hanOnly(e.text)
		if han == "" {
			continue
		}
		full, ini, ok := pinyinKeys(han)
		if !ok {
			continue
		}
		i := int32(len(px.entries))
		px.entries = append(px.entries, pinyinEntry{text: e.text, kind: e.kind, id: e.id})
		px.full = append(px.full, pinyinKeyRef{full, i})
		px.initials = append(px.initials, pinyinKeyRef{ini, i})
	}
	byKey := func(refs []pinyinKeyRef) {
		sort.Slice(refs, func(i, j int) bool { return refs[i].key < refs[j].key })
	}
	byKey(px.full)
	byKey(px.initials)
	return px
}

// hanOnly keeps the Chinese characters of s.
func hanOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if runeSyllable(r) == "" {
			return -1
		}
		return r
	}, s)
}

// maxPinyinScan bounds the keys examined for one lookup, which keeps a
// one-letter prefix as fast as a long one.
const maxPinyinScan = 4000

// maxAboutScan bounds the titles and headings read to complete a term.
const maxAboutScan = 200

// lookup returns entries whose full or initials key starts with q: terms
// whose key is exactly q first, then terms by frequency, then titles and
// headings, shortest first.
func (px *pinyinIndex) lookup(q string, limit int) []pinyinEntry {
	type cand struct {
		e     int32
		exact bool
	}
	seen := map[int32]bool{}
	var cands []cand
	for _, refs := range [][]pinyinKeyRef{px.full, px.initials} {
		i := sort.Search(len(refs), func(i int) bool { return refs[i].key >= q })
		for n := 0; i < len(refs) && n < maxPinyinScan && strings.HasPrefix(refs[i].key, q); i, n = i+1, n+1 {
			if r := refs[i]; !seen[r.e] {
				seen[r.e] = true
				cands = append(cands, cand{r.e, r.key == q})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := px.entries[cands[i].e], px.entries[cands[j].e]
		if ta, tb := a.kind == "term", b.kind == "term"; ta != tb {
			return ta
		}
		if cands[i].exact != cands[j].exact {
			return cands[i].exact
		}
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		return len(a.text) < len(b.text)
	})
	out := make([]pinyinEntry, 0, limit)
	for _, c := range cands[:min(len(cands), limit)] {
		out = append(out, px.entries[c.e])
	}
	return out
}

// exactTerms returns the terms whose full or initials key is exactly q,
// most frequent first: what a query typed in pinyin most likely means.
func (px *pinyinIndex) exactTerms(q string, limit int) []string {
	var out []string
	for _, e := range px.lookup(q, 4*limit) {
		if e.kind != "term" || len(out) == limit {
			break
		}
		full, ini, _ := pinyinKeys(e.text)
		if full == q || ini == q {
			out = append(out, e.text)
		}
	}
	return out
}

// pinyinSuggestions completes pinyin input: the terms it spells, then the
// titles and headings that contain the best of them or spell it.
func (s *Service) pinyinSuggestions(si *suggestIndex, q string, limit int) []Suggestion {
	q = compactPinyin(q)
	px := s.pinyinIndexFor(si)
	var out []Suggestion
	seen := map[string]bool{}
	push := func(text, kind, id string) {
		if len(out) < limit && !seen[kind+text] {
			seen[kind+text] = true
			out = append(out, Suggestion{Text: text, Kind: kind, ID: id})
		}
	}
	found := px.lookup(q, limit)
	var best string
	for _, e := range found {
		if e.kind == "term" {
			push(e.text, e.kind, e.id)
			if best == "" {
				best = e.text
			}
		}
	}
	if best != "" {
		// Titles and headings about the term, whatever their first words.
		// Titles before headings, shorter ones first: a title about the
		// term is a better completion than a sentence that mentions it.
		folded := fold.String(best)
		var about []suggestEntry
		for _, ei := range si.candidates(folded) {
			if e := si.entries[ei]; strings.Contains(e.folded, folded) {
				if about = append(about, e); len(about) == maxAboutScan {
					break
				}
			}
		}
		sort.SliceStable(about, func(i, j int) bool {
			if ti, tj := about[i].kind == "title", about[j].kind == "title"; ti != tj {
				return ti
			}
			return len(about[i].text) < len(about[j].text)
		})
		for _, e := range about {
			push(e.text, e.kind, e.id)
		}
	}
	for _, e := range found {
		push(e.text, e.kind, e.id)
	}
	return out
}

// pinyinQueryTerms reads a whole query typed in pinyin (or its initials)
// that matches no Latin word in the index as the Chinese terms it spells.
func (s *Service) pinyinQueryTerms(ctx context.Context, v *index.Vocabulary, folded string) []string {
	if !isPinyinInput(folded) {
		return nil
	}
	for _, w := range strings.Fields(folded) {
		if v.Has(w) {
			return nil
		}
	}
	si := s.currentSuggest(ctx)
	if si == nil || ctx.Err() != nil {
		return nil
	}
	return s.pinyinIndexFor(si).exactTerms(compactPinyin(folded), 2)
}
