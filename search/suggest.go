package search

import (
	"context"
	"sort"
	"strings"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/indexer"
)

// suggestEntry is one completion candidate: a title or a heading.
type suggestEntry struct {
	text   string
	folded string
	kind   string
	id     string
}

// suggestIndex holds the titles and headings completions come from.
type suggestIndex struct {
	entries []suggestEntry
}

// invalidateSuggest drops the completion candidates after a write; they
// are rebuilt in the background.
func (s *Service) invalidateSuggest() {
	s.suggestMu.Lock()
	s.suggest = nil
	s.suggestMu.Unlock()
	go s.buildSuggest()
}

// buildSuggest reads every title and heading from the archive.
func (s *Service) buildSuggest() *suggestIndex {
	si := &suggestIndex{}
	seen := map[string]bool{}
	add := func(text, kind, id string) {
		text = strings.TrimSpace(text)
		if text == "" || len([]rune(text)) > 80 || seen[kind+text] {
			return
		}
		seen[kind+text] = true
		si.entries = append(si.entries, suggestEntry{text: text, folded: indexer.FoldString(text), kind: kind, id: id})
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
	if err != nil {
		s.log.Warn("building suggestions", "err", err)
		return nil
	}
	s.suggestMu.Lock()
	s.suggest = si
	s.suggestMu.Unlock()
	return si
}

// Suggest completes what a person is typing: titles and headings that
// start with it, then those that contain it, then indexed words that
// start with it.
func (s *Service) Suggest(ctx context.Context, prefix string, limit int) ([]Suggestion, error) {
	if limit <= 0 || limit > 20 {
		limit = 8
	}
	q := strings.TrimSpace(indexer.FoldString(prefix))
	out := []Suggestion{}
	if q == "" {
		return out, nil
	}
	s.suggestMu.Lock()
	si := s.suggest
	s.suggestMu.Unlock()
	if si == nil {
		si = s.buildSuggest()
	}
	if si != nil {
		var starts, inside []suggestEntry
		for _, e := range si.entries {
			if i := strings.Index(e.folded, q); i == 0 {
				starts = append(starts, e)
			} else if i > 0 && len(inside) < 4*limit {
				inside = append(inside, e)
			}
		}
		sort.SliceStable(starts, func(i, j int) bool { return len(starts[i].text) < len(starts[j].text) })
		for _, e := range append(starts, inside...) {
			if len(out) == limit {
				break
			}
			out = append(out, Suggestion{Text: e.text, Kind: e.kind, ID: e.id})
		}
	}
	if len(out) < limit {
		s.mu.RLock()
		ix, err := s.index()
		var terms []string
		if err == nil {
			if v, verr := ix.Vocabulary(indexer.FieldText); verr == nil {
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
