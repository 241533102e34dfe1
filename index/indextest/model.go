package indextest

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fold"
)

// The suite's expectations come from a model of the archive: every report
// and section, folded as the literal definition folds them, matched
// against queries and filters by reading their texts and metadata. The
// model never asks the backend.

// ContainsLiteral is the literal definition every backend must agree
// with: the folded text (as runs, fold.Runs of fold.String) contains the
// folded literal q (LiteralRuns), where a run of punctuation or spaces in
// q matches any such run in the text, and a Latin/digit word at either
// end of q matches only a whole word.
func ContainsLiteral(text []fold.Run, q []fold.Run) bool {
	n := len(q)
	if n == 0 {
		return false
	}
	for i := 0; i+n <= len(text); i++ {
		ok := true
		for j := 0; j < n && ok; j++ {
			t, p := text[i+j], q[j]
			if t.Kind != p.Kind {
				ok = false
				break
			}
			switch {
			case p.Kind == fold.Gap:
			case p.Kind == fold.Word:
				ok = t.Text == p.Text
			case n == 1:
				ok = strings.Contains(t.Text, p.Text)
			case j == 0:
				ok = strings.HasSuffix(t.Text, p.Text)
			case j == n-1:
				ok = strings.HasPrefix(t.Text, p.Text)
			default:
				ok = t.Text == p.Text
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// LiteralRuns folds a literal into runs for ContainsLiteral, without its
// leading and trailing gaps.
func LiteralRuns(lit string) []fold.Run {
	runs := TextRuns(lit)
	for len(runs) > 0 && runs[0].Kind == fold.Gap {
		runs = runs[1:]
	}
	for len(runs) > 0 && runs[len(runs)-1].Kind == fold.Gap {
		runs = runs[:len(runs)-1]
	}
	return runs
}

// TextRuns folds a text into runs for ContainsLiteral.
func TextRuns(text string) []fold.Run { return fold.Runs(fold.String(text)) }

// modelDoc is one document of the model: a report, or one of its
// sections.
type modelDoc struct {
	id      string // the document id a hit must carry
	report  *corpus.Report
	section int // the ordinal in report.Sections, -1 for a report
	// title and text are where a literal may stand: a report's title and
	// text, a section's heading and text.
	title, text []fold.Run
	// reportTitle is the report's title, where title: looks in either
	// scope.
	reportTitle []fold.Run
	issuers     []string // folded, for the agency filter
}

// model is the archive as the suite's expectations read it.
type model struct {
	reports map[string]*corpus.Report
	docs    [2][]*modelDoc // by index.Scope
}

// newModel reads every report of an archive.
func newModel(a *archive.Archive) (*model, error) {
	m := &model{reports: map[string]*corpus.Report{}}
	err := a.Each(func(r corpus.Report) error {
		rp := &r
		m.reports[r.ID] = rp
		title := TextRuns(r.Title)
		var issuers []string
		for _, is := range corpus.Issuers(r.Agency) {
			issuers = append(issuers, fold.String(is))
		}
		m.docs[index.Reports] = append(m.docs[index.Reports], &modelDoc{
			id: r.ID, report: rp, section: -1, issuers: issuers,
			title: title, text: TextRuns(r.Text), reportTitle: title,
		})
		for i, s := range r.Sections {
			m.docs[index.Sections] = append(m.docs[index.Sections], &modelDoc{
				id: index.SectionDocID(r.ID, i), report: rp, section: i, issuers: issuers,
				title: TextRuns(s.Heading), text: TextRuns(s.Text), reportTitle: title,
			})
		}
		return nil
	})
	return m, err
}

// matches are the documents a request must find, in no order.
func (m *model) matches(req index.Request) []*modelDoc {
	var out []*modelDoc
	for _, d := range m.docs[req.Scope] {
		ok := d.matches(req.Query)
		if !ok && req.Identifier != "" && req.Query != nil && req.Scope == index.Reports {
			ok = carries(d.report, req.Identifier)
		}
		if ok && passes(d, req.Filter) && !slices.Contains(req.Exclude, d.id) {
			out = append(out, d)
		}
	}
	return out
}

// ids are the document ids of the matches of a request, sorted.
func (m *model) ids(req index.Request) []string {
	var out []string
	for _, d := range m.matches(req) {
		out = append(out, d.id)
	}
	slices.Sort(out)
	return out
}

// carries reports whether a report's 文号 or 索引号 is the identifier.
func carries(r *corpus.Report, id string) bool {
	return r.DocNoNorm != "" && fold.String(r.DocNoNorm) == fold.String(corpus.NormalizeDocNo(id)) ||
		r.IndexNo != "" && corpus.NormalizeIndexNo(r.IndexNo) == corpus.NormalizeIndexNo(id)
}

// matches evaluates a query node on the document; nil matches all.
func (d *modelDoc) matches(n *index.Node) bool {
	if n == nil {
		return true
	}
	switch n.Kind {
	case index.Literal:
		q := LiteralRuns(n.Text)
		return ContainsLiteral(d.title, q) || ContainsLiteral(d.text, q)
	case index.And:
		for _, k := range n.Kids {
			if !d.matches(k) {
				return false
			}
		}
		return true
	case index.Or:
		for _, k := range n.Kids {
			if d.matches(k) {
				return true
			}
		}
		return false
	case index.Not:
		return !d.matches(n.Kids[0])
	case index.Field:
		r := d.report
		switch n.Field {
		case index.FieldTitle:
			return ContainsLiteral(d.reportTitle, LiteralRuns(n.Text))
		case index.FieldAgency:
			return strings.Contains(r.Agency, n.Text)
		case index.FieldCatalog:
			return strings.Contains(r.Catalog, n.Text)
		case index.FieldYear:
			return r.Year > 0 && r.Year >= n.YearFrom && r.Year <= n.YearTo
		case index.FieldDocNo:
			return r.DocNoNorm != "" && fold.String(r.DocNoNorm) == fold.String(corpus.NormalizeDocNo(n.Text))
		case index.FieldIndexNo:
			return r.IndexNo != "" && corpus.NormalizeIndexNo(r.IndexNo) == corpus.NormalizeIndexNo(n.Text)
		}
	}
	return false
}

// passes reports whether a document passes a filter: issued by each
// issuer the filter names (alone or jointly), of the catalog, of a year
// and a date within the bounds (a document without one is outside any
// bound), of one of the reports listed when there is a list.
func passes(d *modelDoc, f index.Filter) bool {
	r := d.report
	for _, is := range corpus.Issuers(f.Agency) {
		if !slices.Contains(d.issuers, fold.String(is)) {
			return false
		}
	}
	if f.Catalog != "" && r.Catalog != f.Catalog {
		return false
	}
	if (f.YearFrom != 0 || f.YearTo != 0) && r.Year <= 0 ||
		f.YearFrom != 0 && r.Year < f.YearFrom || f.YearTo != 0 && r.Year > f.YearTo {
		return false
	}
	if f.DateFrom != "" || f.DateTo != "" {
		date := dateOf(r)
		if date == "" || f.DateFrom != "" && date < f.DateFrom || f.DateTo != "" && date > f.DateTo {
			return false
		}
	}
	if f.ReportIDs != nil && !slices.Contains(f.ReportIDs, r.ID) {
		return false
	}
	return true
}

// dateOf is a report's date when it is one (YYYY-MM-DD), else "".
func dateOf(r *corpus.Report) string {
	if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
		return ""
	}
	return r.Date
}

// facets counts documents as a Result's facets must: under each issuer
// of a jointly issued report, by decimal year, by catalog; a document
// without a value is not counted.
func facets(docs []*modelDoc) index.Facets {
	f := index.Facets{Agency: map[string]int{}, Year: map[string]int{}, Catalog: map[string]int{}}
	for _, d := range docs {
		r := d.report
		for _, is := range corpus.Issuers(r.Agency) {
			f.Agency[is]++
		}
		if r.Year > 0 {
			f.Year[strconv.Itoa(r.Year)]++
		}
		if r.Catalog != "" {
			f.Catalog[r.Catalog]++
		}
	}
	return f
}
