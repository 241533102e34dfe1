package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lantai/lantai/search"
)

// maxHeadingRunes bounds the heading a section is followed by.
const maxHeadingRunes = 200

// follow runs a follow request, its parameters checked.
func (s *Server) follow(ctx context.Context, id, heading string) (*search.Followed, error) {
	id, err := idParam("id", id)
	if err != nil {
		return nil, err
	}
	heading, err = textParam("heading", heading, maxHeadingRunes)
	if err != nil {
		return nil, err
	}
	if heading == "" {
		return nil, fmt.Errorf("%w: heading is required (a section heading, e.g. 工作回顾)", search.ErrBadRequest)
	}
	return s.backend.FollowSection(ctx, id, heading)
}

// apiFollow is GET /api/series/{id}/follow?heading=: one section in every
// report of a series.
func (s *Server) apiFollow(c echo.Context) error {
	f, err := s.follow(c.Request().Context(), c.Param("id"), c.QueryParam("heading"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, f)
}

// followRow is one year of the follow page.
type followRow struct {
	search.FollowedSection
	URL string // the report page at the section, "" when none matched
}

type followView struct {
	page
	F         *search.Followed
	Rows      []followRow
	SeriesURL string
}

// pageFollow is GET /series/{id}/follow?heading=: a section followed
// year by year, each year linking to the section in its report.
func (s *Server) pageFollow(c echo.Context) error {
	f, err := s.follow(c.Request().Context(), c.Param("id"), c.QueryParam("heading"))
	if err != nil {
		return err
	}
	v := followView{page: page{Title: f.Heading + " - " + f.Series.Name}, F: f, SeriesURL: seriesURL(f.Series.ID)}
	for _, p := range f.Points {
		row := followRow{FollowedSection: p}
		if p.Section != nil {
			row.URL = reportURL(p.ReportID, "", "") + "#s-" + p.Section.ID
		}
		v.Rows = append(v.Rows, row)
	}
	return s.render(c, http.StatusOK, "follow", v)
}
