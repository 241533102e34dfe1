package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/search"
)

// seriesNav is the "属于系列" line of a report page.
type seriesNav struct {
	Name       string
	URL        string
	Prev, Next *search.SeriesMember
	CompareURL string
}

// sectionLinks gives, for a level-1 or level-2 section of report id, links
// to the same section in the series' previous and next year (resolved on
// click by pageSameSection, so that the page does not compare reports it
// is not asked to); nil when the report has no neighbour.
func (n *seriesNav) sectionLinks(id string) func(corpus.Section) string {
	if n == nil || n.Prev == nil && n.Next == nil {
		return nil
	}
	return func(sec corpus.Section) string {
		if sec.Level > 2 {
			return ""
		}
		base := "/reports/" + url.PathEscape(id) + "/sections/" + url.PathEscape(sec.ID) + "/"
		var b strings.Builder
		b.WriteString(`<span class="sec-nav">`)
		if n.Prev != nil {
			fmt.Fprintf(&b, `<a href="%sprev" rel="nofollow" title="%d 年报告中的同一章节">← %d</a>`, base, n.Prev.Year, n.Prev.Year)
		}
		if n.Next != nil {
			fmt.Fprintf(&b, `<a href="%snext" rel="nofollow" title="%d 年报告中的同一章节">%d →</a>`, base, n.Next.Year, n.Next.Year)
		}
		b.WriteString(`</span>`)
		return b.String()
	}
}

// pageSameSection is GET /reports/:id/sections/:sid/prev|next: a redirect
// to the section of the series' previous (next) report that Compare
// aligns with section sid of report id, or to that report's top when none
// is aligned.
func (s *Server) pageSameSection(c echo.Context) error {
	id, sid, dir := c.Param("id"), c.Param("sid"), c.Param("dir")
	if dir != "prev" && dir != "next" {
		return fmt.Errorf("%w: the direction must be prev or next, not %.40q", search.ErrBadRequest, dir)
	}
	nav := s.reportSeriesNav(c, id)
	if nav == nil {
		return fmt.Errorf("report %q belongs to no series: %w", id, search.ErrNotFound)
	}
	other := nav.Next
	if dir == "prev" {
		other = nav.Prev
	}
	if other == nil {
		return fmt.Errorf("report %q has no %s year in its series: %w", id, map[string]string{"prev": "previous", "next": "next"}[dir], search.ErrNotFound)
	}
	a, b := id, other.ID
	if dir == "prev" {
		a, b = other.ID, id
	}
	cmp, err := s.compare(c.Request().Context(), a, b)
	if err != nil {
		return err
	}
	target := ""
	for _, p := range cmp.Pairs {
		switch {
		case dir == "prev" && p.B.ID == sid && target == "":
			target = p.A.ID
		case dir == "next" && p.A.ID == sid && target == "":
			target = p.B.ID
		}
	}
	return c.Redirect(http.StatusFound, reportURL(other.ID, "", target))
}

// reportSeriesNav finds the series of a report and its neighbours by year.
// A report in no series has none; any other failure is logged and the
// report page shows no series line.
func (s *Server) reportSeriesNav(c echo.Context, id string) *seriesNav {
	sr, err := s.backend.SeriesOf(c.Request().Context(), id)
	if err != nil {
		if !errors.Is(err, search.ErrNotFound) {
			s.log.Warn("finding the series of a report", "id", id, "err", err, "request_id", requestID(c))
		}
		return nil
	}
	if sr == nil {
		return nil
	}
	members := append([]search.SeriesMember(nil), sr.Members...)
	sort.SliceStable(members, func(i, j int) bool { return members[i].Year < members[j].Year })
	nav := &seriesNav{Name: sr.Name, URL: seriesURL(sr.ID)}
	for i, m := range members {
		if m.ID != id {
			continue
		}
		if i > 0 {
			prev := members[i-1]
			nav.Prev = &prev
			nav.CompareURL = compareURL(prev.ID, id)
		}
		if i+1 < len(members) {
			next := members[i+1]
			nav.Next = &next
		}
		break
	}
	return nav
}
