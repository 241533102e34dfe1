package search

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/lantai/lantai/cites"
	"github.com/lantai/lantai/corpus"
)

// Editions is a regulation's history (法规沿革): the steps its history
// lines give — adopted, promulgated, amended, revised, in force — merged
// over every edition the archive holds, with the archived document that
// made each step and the archived report that is the edition it made.
type Editions struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Events are the steps, oldest first; empty when no edition states a
	// history.
	Events []EditionEvent `json:"events"`
	// Reports are the archive's editions of the regulation, oldest first:
	// the reports whose titles have its title's key (copies published
	// without a history too) when one of them states a history, else the
	// report asked about alone.
	Reports []EditionReport `json:"reports"`
}

// EditionEvent is one step of a regulation's history.
type EditionEvent struct {
	// Date is YYYY-MM-DD, empty for an undated step (发布之日施行).
	Date string `json:"date"`
	// Event is 通过, 批准, 公布, 发布, 修正, 修订, 施行 or 废止; empty when
	// the line names none.
	Event string `json:"event"`
	// Nth is the N of 第N次修正/修订, 0 when not numbered.
	Nth int `json:"nth,omitempty"`
	// Text is the step as written.
	Text string `json:"text"`
	// By is the title of the document that made the step, DocNo its
	// order number, as the history writes them.
	By    string `json:"by,omitempty"`
	DocNo string `json:"doc_no,omitempty"`
	// ByID is the archived report that is that document, or null.
	ByID *string `json:"by_id"`
	// ReportID is the archived report that is the edition this step made
	// (its date is the step's), or null.
	ReportID *string `json:"report_id"`
}

// EditionReport is one archived edition of a regulation.
type EditionReport struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	Source string `json:"source"`
	// Current marks the report the history was asked for.
	Current bool `json:"current"`
}

// makesText are the kinds of step that make an edition of the text, the
// surest first: the step an edition's date names is that edition's.
var makesText = []string{corpus.EventRevised, corpus.EventAmended, corpus.EventPromulgated, corpus.EventIssued, corpus.EventAdopted, corpus.EventApproved}

// edition is an archived report of the regulation with its steps.
type edition struct {
	r     corpus.Report
	steps []corpus.HistoryEvent
}

// Editions returns the history of the regulation report id is an edition
// of. The editions are found as citations find "another edition": the
// reports whose title has the same key (cites.Graph.Editions), so it
// waits, as long as ctx allows, for the citation graph; they are editions
// when one of them states a history (corpus.HistoryText). Their steps
// are merged (one step once, however many editions state it), each dated
// edition is attached to the step of its date that makes a text, and the
// document a step names (its 《title》 or order number) is looked up in
// the archive. A report without a history has no steps.
func (s *Service) Editions(ctx context.Context, id string) (*Editions, error) {
	r, err := s.report(id)
	if err != nil {
		return nil, err
	}
	g, err := s.citationGraph(ctx)
	if err != nil {
		return nil, err
	}
	eds := []edition{{r: r, steps: corpus.ParseHistory(corpus.HistoryText(r))}}
	stated := len(eds[0].steps) > 0
	for _, d := range g.Editions(r.Title) {
		if d.ID == r.ID {
			continue
		}
		other, err := s.report(d.ID)
		if errors.Is(err, ErrNotFound) {
			continue // deleted since the graph was built
		}
		if err != nil {
			return nil, err
		}
		steps := corpus.ParseHistory(corpus.HistoryText(other))
		stated = stated || len(steps) > 0
		eds = append(eds, edition{r: other, steps: steps})
	}
	if !stated {
		// Without a history, a shared title is no sign of one regulation
		// (关于做好…工作的通知 is the title of many).
		eds = eds[:1]
	}
	out := &Editions{ID: r.ID, Title: r.Title, Events: mergeSteps(eds), Reports: make([]EditionReport, 0, len(eds))}
	slices.SortStableFunc(eds, func(a, b edition) int { return cmp.Or(cmp.Compare(a.r.Date, b.r.Date), cmp.Compare(a.r.ID, b.r.ID)) })
	for _, e := range eds {
		out.Reports = append(out.Reports, EditionReport{ID: e.r.ID, Title: e.r.Title, Date: e.r.Date, Source: e.r.Source, Current: e.r.ID == r.ID})
	}
	members := map[string]bool{}
	for _, e := range eds {
		members[e.r.ID] = true
	}
	for _, e := range eds {
		if k := editionStep(out.Events, e.r.Date); k >= 0 && out.Events[k].ReportID == nil {
			out.Events[k].ReportID = &e.r.ID
		}
	}
	// A regulation that states a history and carries the order that made
	// a step was amended by that order too (one decision amends many
	// 规章): it is no document that made the step.
	regulation := func(id string) bool {
		other, err := s.report(id)
		return err == nil && corpus.HistoryText(other) != ""
	}
	for i := range out.Events {
		out.Events[i].ByID = madeBy(g, out.Events[i], members, regulation)
	}
	return out, nil
}

// mergeSteps merges the steps of several editions, oldest first: a step is
// the same in two editions when it has the same date, kind and number (an
// undated one: the same kind and text); the edition stating the most steps
// words them. An undated step keeps its place after the step before it.
func mergeSteps(eds []edition) []EditionEvent {
	order := slices.Clone(eds)
	slices.SortStableFunc(order, func(a, b edition) int { return cmp.Compare(len(b.steps), len(a.steps)) })
	type placed struct {
		e    EditionEvent
		sort string // the date it sorts by
		seq  int
	}
	type stepKey struct {
		date, kind, text string
		nth              int
	}
	seen := map[stepKey]bool{}
	var all []placed
	for _, ed := range order {
		last := ""
		for _, st := range ed.steps {
			key := stepKey{date: st.Date, kind: st.Kind, nth: st.Nth}
			if st.Date == "" {
				key.text = st.Text
			} else {
				last = st.Date
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			all = append(all, placed{e: EditionEvent{Date: st.Date, Event: st.Kind, Nth: st.Nth, Text: st.Text, By: st.By, DocNo: st.DocNo}, sort: last, seq: len(all)})
		}
	}
	slices.SortStableFunc(all, func(a, b placed) int { return cmp.Or(cmp.Compare(a.sort, b.sort), cmp.Compare(a.seq, b.seq)) })
	out := make([]EditionEvent, len(all))
	for i, p := range all {
		out[i] = p.e
	}
	return out
}

// editionStep is the index of the step an edition dated date is the text
// of: the step of that date whose kind comes first in makesText; -1 when
// none (an undated edition, or a date no history states).
func editionStep(events []EditionEvent, date string) int {
	if date == "" {
		return -1
	}
	best, rank := -1, len(makesText)
	for k, e := range events {
		if e.Date != date {
			continue
		}
		if r := slices.Index(makesText, e.Event); r >= 0 && r < rank {
			best, rank = k, r
		}
	}
	return best
}

// madeBy is the archived document that made a step: the one its 《title》
// names, else the one its order number names that is no regulation itself
// (regulation), dated the step's date (or the only candidate, undated).
// An edition of the regulation is never what made its step: a copy
// published by the order that promulgated it is the edition, not the
// maker.
func madeBy(g *cites.Graph, e EditionEvent, members map[string]bool, regulation func(id string) bool) *string {
	var docs []cites.Doc
	if e.By != "" {
		docs = slices.DeleteFunc(g.Lookup(cites.KindTitle, e.By), func(d cites.Doc) bool { return members[d.ID] })
	}
	if len(docs) == 0 && e.DocNo != "" {
		docs = slices.DeleteFunc(g.Lookup(cites.KindDocNo, e.DocNo), func(d cites.Doc) bool { return members[d.ID] || regulation(d.ID) })
	}
	for _, d := range docs {
		if d.Date != "" && d.Date == e.Date {
			return &d.ID
		}
	}
	if len(docs) == 1 && docs[0].Date == "" {
		return &docs[0].ID
	}
	return nil
}
