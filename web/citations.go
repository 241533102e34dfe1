package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lantai/lantai/search"
)

// apiCitations is GET /api/reports/:id/citations: what the report cites
// (each 文号 and 《title》 of its text, resolved to an archived report or
// null) and the reports that cite it, with their citing sentences.
func (s *Server) apiCitations(c echo.Context) error {
	id, err := idParam("id", c.Param("id"))
	if err != nil {
		return err
	}
	cs, err := s.backend.Citations(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if cs == nil {
		return fmt.Errorf("citations of %q: %w", id, search.ErrNotFound)
	}
	return c.JSON(http.StatusOK, cs)
}

// pageCitationsWait bounds how long a report page waits for the citation
// graph (built once per archive state, in the background): the page is
// shown without its citations rather than late.
const pageCitationsWait = 300 * time.Millisecond

// citationsView is a report page's 引用 and 被引用 lists.
type citationsView struct {
	Cites   []citeRow
	CitedBy []search.CitedBy
	// Pending says the graph was still being built.
	Pending bool
}

// citeRow is one citation on the page: resolved ones link to their report.
type citeRow struct {
	Text, Kind, URL, Match string
}

// reportCitations fills the page's citation lists; a failure other than
// the wait leaves them out and is logged.
func (s *Server) reportCitations(c echo.Context, id string) *citationsView {
	ctx, cancel := context.WithTimeout(c.Request().Context(), pageCitationsWait)
	defer cancel()
	cs, err := s.backend.Citations(ctx, id)
	if err != nil {
		if ctx.Err() != nil {
			return &citationsView{Pending: true}
		}
		s.log.Warn("citations of a report", "id", id, "err", err, "request_id", requestID(c))
		return nil
	}
	if cs == nil || len(cs.Cites) == 0 && len(cs.CitedBy) == 0 {
		return nil
	}
	v := &citationsView{CitedBy: cs.CitedBy}
	seen := map[string]bool{}
	for _, ref := range cs.Cites {
		if seen[ref.Kind+ref.Text] {
			continue // a document cited twice is listed once
		}
		seen[ref.Kind+ref.Text] = true
		row := citeRow{Text: ref.Text, Kind: ref.Kind, Match: ref.Match}
		if ref.Kind == attachmentKind {
			// A document read from one of the page's attached files.
			row.Text, row.Match = "附件："+firstNonEmpty(ref.Text, "（无标题）"), ""
		}
		if ref.ID != nil {
			row.URL = reportURL(*ref.ID, "", "")
		}
		v.Cites = append(v.Cites, row)
	}
	return v
}

// attachmentKind is the kind of the citation of a document read from one
// of a page's attached files (cites.KindAttachment).
const attachmentKind = "attachment"

// CitedBy is how many reports cite the hit's report, 0 when none do or
// the count is not known yet (search.Hit.CitedByCount): a hit shows 被引 N,
// a link to the search of the reports citing it.
func (v hitView) CitedBy() int {
	if v.Hit.CitedByCount == nil {
		return 0
	}
	return *v.Hit.CitedByCount
}
