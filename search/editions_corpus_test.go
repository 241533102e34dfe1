package search

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lantai/lantai/corpus"
)

// TestEditionsOnCorpus asks every report of the real corpus that states a
// history for its editions and logs what docs/QUALITY.md ("Versions and
// editions") gives: how many regulations are archived in several
// editions, how many steps find the edition they made and the document
// that made them, and how long an answer takes. Every report stating a
// history has steps, and is among its own editions.
func TestEditionsOnCorpus(t *testing.T) {
	s := corpusSvc(t)
	ctx := context.Background()
	var ids []string
	if err := s.Archive().Each(func(r corpus.Report) error {
		if corpus.HistoryText(r) != "" {
			ids = append(ids, r.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Editions(ctx, ids[0]); err != nil { // the graph, built once
		t.Fatal(err)
	}
	var several, steps, withReport, withWho, withByID int
	var took []time.Duration
	for _, id := range ids {
		start := time.Now()
		eds, err := s.Editions(ctx, id)
		took = append(took, time.Since(start))
		if err != nil {
			t.Fatal(err)
		}
		if len(eds.Events) == 0 || !slices.ContainsFunc(eds.Reports, func(r EditionReport) bool { return r.ID == id && r.Current }) {
			t.Errorf("%s (%s): %d steps, editions %+v", id, eds.Title, len(eds.Events), eds.Reports)
		}
		if len(eds.Reports) > 1 {
			several++
		}
		for _, e := range eds.Events {
			steps++
			if e.ReportID != nil {
				withReport++
			}
			if e.By != "" || e.DocNo != "" {
				withWho++
			}
			if e.ByID != nil {
				withByID++
				if testing.Verbose() {
					t.Logf("%s %s %s: made by %s", eds.Title, e.Date, e.Event, *e.ByID)
				}
			}
		}
	}
	slices.Sort(took)
	t.Logf("%d reports state a history; %d are archived with other editions; %d steps, %d linked to the edition they made, %d naming what made them, %d of those found in the archive; an answer takes %s at the median, %s at most",
		len(ids), several, steps, withReport, withWho, withByID, took[len(took)/2], took[len(took)-1])
	if len(ids) < 800 || several < 40 {
		t.Errorf("%d reports with a history, %d with other editions: the corpus has some 1,000 and 42 titles in two editions", len(ids), several)
	}
}
