package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lantai/lantai/search"
)

// versionsBody is the answer of GET /api/reports/:id/versions.
type versionsBody struct {
	ID       string               `json:"id"`
	Versions []search.VersionInfo `json:"versions"`
}

// apiVersions is GET /api/reports/:id/versions: the report's stored
// versions, oldest first, numbered from 1.
func (s *Server) apiVersions(c echo.Context) error {
	id, err := idParam("id", c.Param("id"))
	if err != nil {
		return err
	}
	vs, err := s.backend.Versions(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if vs == nil {
		vs = []search.VersionInfo{}
	}
	return c.JSON(http.StatusOK, versionsBody{ID: id, Versions: vs})
}

// versionParam reads a version number from the path: a whole number, 1
// or more. A number past the report's last version is the backend's to
// refuse (not found), since only it knows how many there are.
func versionParam(name, v string) (int, error) {
	n, err := parseWhole(name, strings.TrimSpace(v))
	if err != nil {
		return 0, err
	}
	if n < 1 {
		return 0, fmt.Errorf("%w: %s must be a version number, 1 or more, not %d", search.ErrBadRequest, name, n)
	}
	return n, nil
}

// versionDiff reads the id, a and b of a diff route and asks the backend.
func (s *Server) versionDiff(c echo.Context) (*search.VersionDiff, error) {
	id, err := idParam("id", c.Param("id"))
	if err != nil {
		return nil, err
	}
	a, err := versionParam("a", c.Param("a"))
	if err != nil {
		return nil, err
	}
	b, err := versionParam("b", c.Param("b"))
	if err != nil {
		return nil, err
	}
	d, err := s.backend.VersionDiff(c.Request().Context(), id, a, b)
	if err == nil && d == nil {
		err = fmt.Errorf("versions %d and %d of %q: %w", a, b, id, search.ErrNotFound)
	}
	return d, err
}

// apiVersionDiff is GET /api/reports/:id/versions/:a/diff/:b: version a
// against version b, sentence by sentence, grouped by section.
func (s *Server) apiVersionDiff(c echo.Context) error {
	d, err := s.versionDiff(c)
	if err != nil {
		return err
	}
	if d.Groups == nil {
		d.Groups = []search.DiffGroup{}
	}
	return c.JSON(http.StatusOK, d)
}

// apiEditions is GET /api/reports/:id/editions: the history of the
// regulation the report is an edition of.
func (s *Server) apiEditions(c echo.Context) error {
	id, err := idParam("id", c.Param("id"))
	if err != nil {
		return err
	}
	eds, err := s.backend.Editions(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if eds == nil {
		return fmt.Errorf("editions of %q: %w", id, search.ErrNotFound)
	}
	if eds.Events == nil {
		eds.Events = []search.EditionEvent{}
	}
	if eds.Reports == nil {
		eds.Reports = []search.EditionReport{}
	}
	return c.JSON(http.StatusOK, eds)
}

// versionDiffURL is the page of version a of report id against version b.
func versionDiffURL(id string, a, b int) string {
	return "/reports/" + url.PathEscape(id) + "/versions/" + strconv.Itoa(a) + "/diff/" + strconv.Itoa(b)
}

// versionRow is one version in a report page's 版本 list.
type versionRow struct {
	search.VersionInfo
	// Latest marks the version the page shows.
	Latest bool
	// PrevURL compares it with the version before, LatestURL with the
	// latest one (when that is not the one before).
	PrevURL, LatestURL string
}

// versionRows lists a report's versions (oldest first) for its page,
// numbered by their place; nil when it has only one.
func versionRows(id string, vs []search.VersionInfo) []versionRow {
	if len(vs) < 2 {
		return nil
	}
	last := len(vs)
	rows := make([]versionRow, len(vs))
	for i, v := range vs {
		n := i + 1
		v.Number = n
		rows[i] = versionRow{VersionInfo: v, Latest: n == last}
		if n > 1 {
			rows[i].PrevURL = versionDiffURL(id, n-1, n)
		}
		if n < last-1 {
			rows[i].LatestURL = versionDiffURL(id, n, last)
		}
	}
	return rows
}

// versionDiffView is the page of one version against another.
type versionDiffView struct {
	page
	D         *search.VersionDiff
	ReportURL string
	Groups    []diffGroupView
}

// diffGroupView is one section's changes on the page.
type diffGroupView struct {
	// A and B name the section in each version.
	A, B    string
	Changes []diffChangeView
}

// diffChangeView is one change: each side escaped, with what changed in a
// changed sentence marked.
type diffChangeView struct {
	Kind string
	A, B template.HTML
}

// pageVersionDiff is GET /reports/:id/versions/:a/diff/:b: the diff drawn
// on the server, added sentences green, removed red, and inside a changed
// one what was removed and added; no script.
func (s *Server) pageVersionDiff(c echo.Context) error {
	d, err := s.versionDiff(c)
	if err != nil {
		return err
	}
	title := firstNonEmpty(d.B.Title, d.A.Title, "（无标题）")
	v := versionDiffView{
		page:      page{Title: fmt.Sprintf("%s：第%d版与第%d版比较", title, d.A.Number, d.B.Number)},
		D:         d,
		ReportURL: reportURL(d.ID, "", ""),
	}
	for _, g := range d.Groups {
		gv := diffGroupView{A: sectionName(g.A), B: sectionName(g.B)}
		for _, ch := range g.Changes {
			cv := diffChangeView{Kind: ch.Kind}
			switch ch.Kind {
			case "added":
				cv.B = markedSpans([]search.DiffSpan{{Kind: "added", Text: ch.B}}, "added")
			case "removed":
				cv.A = markedSpans([]search.DiffSpan{{Kind: "removed", Text: ch.A}}, "removed")
			default:
				cv.A, cv.B = markedSpans(ch.Spans, "removed"), markedSpans(ch.Spans, "added")
			}
			gv.Changes = append(gv.Changes, cv)
		}
		v.Groups = append(v.Groups, gv)
	}
	return s.render(c, http.StatusOK, "versiondiff", v)
}

// sectionName is how a diff page names a section: its number and heading,
// 正文（章节之外） for the text outside numbered sections, 无对应章节 for
// none.
func sectionName(b *search.SectionBrief) string {
	switch {
	case b == nil:
		return "（无对应章节）"
	case b.ID == "":
		return "（章节之外的正文）"
	}
	return b.ID + " " + b.Heading
}

// markedSpans writes one side of a change: the spans both sides share and
// those of this side (kind "removed" for A, "added" for B), the latter in
// <del> or <ins>; every text escaped.
func markedSpans(spans []search.DiffSpan, side string) template.HTML {
	tag := "ins"
	if side == "removed" {
		tag = "del"
	}
	var b strings.Builder
	for _, sp := range spans {
		switch sp.Kind {
		case "same":
			b.WriteString(template.HTMLEscapeString(sp.Text))
		case side:
			b.WriteString("<" + tag + ">" + template.HTMLEscapeString(sp.Text) + "</" + tag + ">")
		}
	}
	return template.HTML(b.String()) //nolint:gosec // every text is escaped above.
}

// editionsView is a report page's 法规沿革.
type editionsView struct {
	Events  []editionRow
	Reports []search.EditionReport
}

// editionRow is one step of the history on the page.
type editionRow struct {
	search.EditionEvent
	// ByURL links the document that made the step, ReportURL the edition
	// it made (empty for the report shown).
	ByURL, ReportURL string
	// Current marks the step that made the edition shown.
	Current bool
}

// reportEditions fills the page's 法规沿革, waiting for the citation graph
// (which finds the editions) as long as the citations do. While the graph
// is being built it is left out without a word: the citations' note
// already asks the reader to come back. Another failure leaves it out and
// is logged. A report without a history shows none.
func (s *Server) reportEditions(c echo.Context, id string) *editionsView {
	ctx, cancel := context.WithTimeout(c.Request().Context(), pageCitationsWait)
	defer cancel()
	eds, err := s.backend.Editions(ctx, id)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		s.log.Warn("editions of a report", "id", id, "err", err, "request_id", requestID(c))
		return nil
	}
	if eds == nil || len(eds.Events) == 0 {
		return nil
	}
	v := &editionsView{Reports: eds.Reports}
	for _, e := range eds.Events {
		row := editionRow{EditionEvent: e}
		if e.ByID != nil {
			row.ByURL = reportURL(*e.ByID, "", "")
		}
		if e.ReportID != nil {
			if *e.ReportID == id {
				row.Current = true
			} else {
				row.ReportURL = reportURL(*e.ReportID, "", "")
			}
		}
		v.Events = append(v.Events, row)
	}
	return v
}
