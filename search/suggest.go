package search

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/internal/fold"
)

// suggestEntry is one completion candidate: a title or a heading.
type suggestEntry struct {
	text   string
	folded string
	kind   string
	id     string
}

// newSuggestEntry is a completion candidate whose folded form, when it is
// the text itself (most Chinese titles and headings), shares the text's
// bytes: the candidates of a province's archive are hundreds of
// thousands, and each string once is tens of megabytes less heap.
func newSuggestEntry(text, folded, kind, id string) suggestEntry {
	if folded == text {
		folded = text
	}
	switch kind { // one copy of each kind, not one per decoded entry
	case "title":
		kind = "title"
	case "heading":
		kind = "heading"
	}
	return suggestEntry{text: text, folded: folded, kind: kind, id: id}
}

// suggestIndex holds the titles and headings completions come from.
type suggestIndex struct {
	entries []suggestEntry
	// byRune lists, for each folded rune, the entries that contain it, so
	// a lookup reads only the entries holding the query's rarest rune
	// instead of all of them (see BenchmarkSuggest).
	byRune map[rune][]int32
	// sorted lists the entries in order of their folded text.
	sorted []int32
	// empty says the archive had no report when the entries were read:
	// such candidates are not served while a rebuild runs.
	empty bool
}

// withPrefix returns the entries whose folded text starts with q, found by
// binary search in the entries sorted by folded text.
func (si *suggestIndex) withPrefix(q string) []suggestEntry {
	i := sort.Search(len(si.sorted), func(i int) bool { return si.entries[si.sorted[i]].folded >= q })
	var out []suggestEntry
	for ; i < len(si.sorted); i++ {
		e := si.entries[si.sorted[i]]
		if !strings.HasPrefix(e.folded, q) {
			break
		}
		out = append(out, e)
	}
	return out
}

// indexRunes fills byRune and sorted.
func (si *suggestIndex) indexRunes() {
	si.sorted = make([]int32, len(si.entries))
	for i := range si.sorted {
		si.sorted[i] = int32(i)
	}
	sort.Slice(si.sorted, func(a, b int) bool { return si.entries[si.sorted[a]].folded < si.entries[si.sorted[b]].folded })
	si.byRune = map[rune][]int32{}
	for i, e := range si.entries {
		seen := map[rune]bool{}
		for _, r := range e.folded {
			if !seen[r] {
				seen[r] = true
				si.byRune[r] = append(si.byRune[r], int32(i))
			}
		}
	}
}

// candidates returns the entries that may contain the folded string q:
// those holding its rarest rune, in entry order.
func (si *suggestIndex) candidates(q string) []int32 {
	var best []int32
	first := true
	for _, r := range q {
		if list := si.byRune[r]; first || len(list) < len(best) {
			best, first = list, false
		}
	}
	return best
}

// suggestions holds the completion candidates and their rebuilding. A
// rebuild reads the whole archive, so writes never wait for one and never
// start more than one: while it runs, suggestions come from the candidates
// before the writes, and writes during it make one more rebuild after it
// (an upload every half second used to start a pass over the archive
// each, which starved the searches and suggestions beside them).
type suggestions struct {
	mu      sync.Mutex
	current *suggestIndex // nil until the first build ends
	// building is closed when the running rebuild ends; nil when none runs.
	building chan struct{}
	// again asks the running rebuild to run once more: a write came
	// after it started reading the archive.
	again bool
	// closed is set by Service.Close: the candidates are no longer kept.
	closed bool
}

// suggestRebuildEvery is the shortest time between two rebuilds of the
// completion candidates while writes keep coming. It was 5 s, which left
// the candidates of an empty archive in place for 5 s after the first
// ingest into it (the rebuild at open ran first): rebuilding at most a
// tenth of the time is what keeps a stream of uploads from starving
// searches, and a rebuild that took milliseconds may run again soon.
const suggestRebuildEvery = 100 * time.Millisecond

// invalidateSuggest marks the completion candidates stale after a write:
// they are rebuilt in the background, once however many writes come.
func (s *Service) invalidateSuggest() {
	s.suggest.mu.Lock()
	defer s.suggest.mu.Unlock()
	if s.suggest.building != nil {
		s.suggest.again = true
		return
	}
	s.startSuggestBuild()
}

// startSuggestBuild starts a background rebuild; s.suggest.mu is held.
func (s *Service) startSuggestBuild() {
	done := make(chan struct{})
	s.suggest.building = done
	go func() {
		for {
			start := time.Now()
			if si := s.buildSuggest(); si != nil {
				s.refreshPinyin(si)
			}
			took := time.Since(start)
			s.suggest.mu.Lock()
			if !s.suggest.again {
				s.suggest.building = nil
				close(done)
				s.suggest.mu.Unlock()
				return
			}
			s.suggest.again = false
			s.suggest.mu.Unlock()
			// Writes keep coming: rebuild no more than a tenth of the
			// time, and no more often than suggestRebuildEvery.
			time.Sleep(max(suggestRebuildEvery, 9*took))
		}
	}()
}

// currentSuggest returns the completion candidates, possibly from before
// the latest writes; before the first build of a non-empty archive has
// ended it waits for it, as long as ctx allows, and returns nil when ctx
// ends first.
func (s *Service) currentSuggest(ctx context.Context) *suggestIndex {
	s.suggest.mu.Lock()
	si, building := s.suggest.current, s.suggest.building
	if si == nil && building == nil {
		s.startSuggestBuild()
		building = s.suggest.building
	}
	s.suggest.mu.Unlock()
	if si != nil && (!si.empty || building == nil) {
		return si
	}
	select {
	case <-building:
	case <-ctx.Done():
		return nil
	}
	s.suggest.mu.Lock()
	defer s.suggest.mu.Unlock()
	return s.suggest.current
}

// buildSuggest reads every title and heading from the archive, or from the
// file that keeps them while the archive has not changed (suggestcache.go).
func (s *Service) buildSuggest() *suggestIndex {
	stamp := s.archive.Stamp()
	if si := s.loadSuggestCache(); si != nil {
		s.suggest.mu.Lock()
		s.suggest.current = si
		s.suggest.mu.Unlock()
		return si
	}
	si := &suggestIndex{empty: s.archive.Len() == 0}
	seen := map[string]bool{}
	add := func(text, kind, id string) {
		text = strings.TrimSpace(text)
		if text == "" || len([]rune(text)) > 80 || seen[kind+text] {
			return
		}
		seen[kind+text] = true
		si.entries = append(si.entries, newSuggestEntry(text, fold.String(text), kind, id))
	}
	err := s.archive.Each(func(r corpus.Report) error {
		add(r.Title, "title", r.ID)
		for _, sec := range r.Sections {
			if sec.Level <= 2 {
				add(sec.Heading, "heading", "")
			}
		}
		return nil
	})
	if errors.Is(err, archive.ErrDamaged) {
		// The damaged reports are named by reindex and check; the
		// suggestions come from the rest.
		s.log.Warn("building suggestions without the damaged reports", "err", err)
	} else if err != nil {
		s.log.Warn("building suggestions", "err", err)
		return nil
	}
	si.indexRunes()
	s.suggest.mu.Lock()
	s.suggest.current = si
	s.suggest.mu.Unlock()
	s.saveSuggestCache(si, stamp)
	return si
}

// Suggest completes what a person is typing: titles and headings that
// start with it, then those that contain it, then indexed words that
// start with it.
func (s *Service) Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error) {
	if limit <= 0 || limit > 20 {
		limit = 8
	}
	q := strings.TrimSpace(fold.String(prefix))
	out := []Suggestion{}
	if q == "" {
		return out, nil
	}
	si := s.currentSuggest(ctx)
	if si != nil {
		starts := si.withPrefix(q)
		sort.SliceStable(starts, func(i, j int) bool { return len(starts[i].text) < len(starts[j].text) })
		var inside []suggestEntry
		for _, ei := range si.candidates(q) {
			if len(inside) == limit {
				break
			}
			if e := si.entries[ei]; strings.Index(e.folded, q) > 0 {
				inside = append(inside, e)
			}
		}
		for _, e := range append(starts, inside...) {
			if len(out) == limit {
				break
			}
			out = append(out, Suggestion{Text: e.text, Kind: e.kind, ID: e.id})
		}
	}
	if si != nil && len(out) < limit && isPinyinInput(q) {
		// Pinyin or its initials (xzfy → 行政复议): pinyin.go.
		out = append(out, s.pinyinSuggestions(si, q, limit-len(out))...)
	}
	if len(out) < limit {
		s.mu.RLock()
		ix, err := s.index()
		var terms []string
		if err == nil {
			if v, verr := ix.Vocabulary(); verr == nil {
				terms = v.WithPrefix(q)
			}
		}
		s.mu.RUnlock()
		sort.SliceStable(terms, func(i, j int) bool { return len(terms[i]) < len(terms[j]) })
		for _, t := range terms {
			if len(out) == limit {
				break
			}
			if t != q {
				out = append(out, Suggestion{Text: t, Kind: "term"})
			}
		}
	}
	return out, nil
}
