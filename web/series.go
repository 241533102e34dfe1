package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/lantai/lantai/search"
)

// Parameter limits of the series, compare and timeline routes.
const (
	// maxIDBytes bounds a series or report id (series ids are 16 hex
	// digits, report ids are short too).
	maxIDBytes = 128
	// maxFilterRunes bounds the agency and q filters of the series list.
	maxFilterRunes = 100
	// maxMetricRunes is the longest metric a timeline takes.
	maxMetricRunes = 40
	// maxKeywordPages bounds how many pages of section hits are read per
	// year when counting a keyword's hits on a series page.
	maxKeywordPages = 5
)

// idParam reads a required id parameter.
func idParam(name, v string) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "", fmt.Errorf("%w: %s is required (a report or series id)", search.ErrBadRequest, name)
	case len(v) > maxIDBytes:
		return "", fmt.Errorf("%w: %s must be at most %d bytes long, not %d", search.ErrBadRequest, name, maxIDBytes, len(v))
	case !utf8.ValidString(v):
		return "", badParam(name, v, "valid UTF-8")
	}
	return v, nil
}

// textParam reads an optional text parameter of at most maxRunes.
func textParam(name, v string, maxRunes int) (string, error) {
	v = strings.TrimSpace(v)
	if !utf8.ValidString(v) {
		return "", badParam(name, v, "valid UTF-8")
	}
	if n := utf8.RuneCountInString(v); n > maxRunes {
		return "", fmt.Errorf("%w: %s must be at most %d characters long, not %d", search.ErrBadRequest, name, maxRunes, n)
	}
	return v, nil
}

// seriesFilter reads the agency and q filters of the series list.
func seriesFilter(q url.Values) (agency, name string, err error) {
	if agency, err = textParam("agency", q.Get("agency"), maxFilterRunes); err != nil {
		return "", "", err
	}
	if name, err = textParam("q", q.Get("q"), maxFilterRunes); err != nil {
		return "", "", err
	}
	return agency, name, nil
}

// timelineParams reads the series and metric of a timeline.
func timelineParams(q url.Values) (seriesID, metric string, err error) {
	if seriesID, err = idParam("series", q.Get("series")); err != nil {
		return "", "", err
	}
	if metric, err = textParam("metric", q.Get("metric"), maxMetricRunes); err != nil {
		return "", "", err
	}
	if metric == "" {
		return "", "", fmt.Errorf("%w: metric is required (e.g. 行政复议申请, 国内生产总值)", search.ErrBadRequest)
	}
	return seriesID, metric, nil
}

// seriesListBody is the answer of GET /api/series.
type seriesListBody struct {
	Series []*search.Series `json:"series"`
}

// apiSeriesList is GET /api/series?agency=&q=.
func (s *Server) apiSeriesList(c echo.Context) error {
	agency, q, err := seriesFilter(c.QueryParams())
	if err != nil {
		return err
	}
	list, err := s.backend.ListSeries(c.Request().Context(), agency, q)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*search.Series{}
	}
	return c.JSON(http.StatusOK, seriesListBody{Series: list})
}

// seriesByID fetches one series, never returning nil without an error.
func (s *Server) seriesByID(ctx context.Context, id string) (*search.Series, error) {
	sr, err := s.backend.SeriesByID(ctx, id)
	if err == nil && sr == nil {
		err = fmt.Errorf("%w: no series has the id %q", search.ErrNotFound, id)
	}
	return sr, err
}

// apiSeries is GET /api/series/:id.
func (s *Server) apiSeries(c echo.Context) error {
	id, err := idParam("id", c.Param("id"))
	if err != nil {
		return err
	}
	sr, err := s.seriesByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sr)
}

// apiReportSeries is GET /api/reports/:id/series.
func (s *Server) apiReportSeries(c echo.Context) error {
	id, err := idParam("id", c.Param("id"))
	if err != nil {
		return err
	}
	sr, err := s.backend.SeriesOf(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if sr == nil {
		return fmt.Errorf("%w: report %s belongs to no series", search.ErrNotFound, id)
	}
	return c.JSON(http.StatusOK, sr)
}

// compareParams reads the two report ids of a comparison.
func compareParams(q url.Values) (a, b string, err error) {
	if a, err = idParam("a", q.Get("a")); err != nil {
		return "", "", err
	}
	if b, err = idParam("b", q.Get("b")); err != nil {
		return "", "", err
	}
	return a, b, nil
}

// compare runs a comparison, never returning nil without an error.
func (s *Server) compare(ctx context.Context, a, b string) (*search.Comparison, error) {
	cmp, err := s.backend.Compare(ctx, a, b)
	if err == nil && cmp == nil {
		err = errors.New("backend returned no comparison")
	}
	return cmp, err
}

// apiCompare is GET /api/compare?a=&b=.
func (s *Server) apiCompare(c echo.Context) error {
	a, b, err := compareParams(c.QueryParams())
	if err != nil {
		return err
	}
	cmp, err := s.compare(c.Request().Context(), a, b)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cmp)
}

// timeline runs a timeline, never returning nil without an error.
func (s *Server) timeline(ctx context.Context, seriesID, metric string) (*search.Timeline, error) {
	tl, err := s.backend.Timeline(ctx, seriesID, metric)
	if err == nil && tl == nil {
		err = errors.New("backend returned no timeline")
	}
	return tl, err
}

// apiTimeline is GET /api/timeline?series=&metric=[&format=csv].
func (s *Server) apiTimeline(c echo.Context) error {
	seriesID, metric, err := timelineParams(c.QueryParams())
	if err != nil {
		return err
	}
	format := strings.TrimSpace(c.QueryParam("format"))
	if format != "" && format != "json" && format != "csv" {
		return badParam("format", format, `"json" or "csv"`)
	}
	tl, err := s.timeline(c.Request().Context(), seriesID, metric)
	if err != nil {
		return err
	}
	if tl.Points == nil {
		tl.Points = []search.TimelinePoint{}
	}
	if format != "csv" {
		return c.JSON(http.StatusOK, tl)
	}
	data, err := timelineCSV(tl)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="timeline-`+safeFileToken(seriesID)+`.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", data)
}

// timelineCSVHeader is the header row of a timeline as CSV.
var timelineCSVHeader = []string{"year", "report_id", "title", "value", "value_max", "unit", "qualifier", "text", "sentence", "offset", "occurrences"}

// timelineCSV writes a timeline's points as CSV, null values as empty cells.
func timelineCSV(tl *search.Timeline) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(timelineCSVHeader); err != nil {
		return nil, err
	}
	for _, p := range tl.Points {
		offset := ""
		if p.Value != nil || p.Offset >= 0 {
			offset = strconv.Itoa(p.Offset)
		}
		rec := []string{strconv.Itoa(p.Year), p.ReportID, csvText(p.Title), formatNum(p.Value), formatNum(p.ValueMax),
			csvText(p.Unit), csvText(p.Qualifier), csvText(p.Text), csvText(p.Sentence), offset, strconv.Itoa(p.Occurrences)}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// csvText keeps a text cell from being read as a formula by a spreadsheet
// (a cell starting with = + - @ or a control character is one): such a
// cell gets a leading apostrophe, which spreadsheets show as text.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// formatNum writes a nullable number in its shortest form; nil is "".
func formatNum(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// safeFileToken keeps letters, digits, '-' and '_' of an id for a file
// name inside a quoted header parameter.
func safeFileToken(id string) string {
	return strings.Map(func(r rune) rune {
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, id)
}

// seriesURL is the page of a series.
func seriesURL(id string) string { return "/series/" + url.PathEscape(id) }

// compareURL is the comparison page of two reports.
func compareURL(a, b string) string {
	return "/compare?a=" + url.QueryEscape(a) + "&b=" + url.QueryEscape(b)
}

// timelineURL is the timeline page (or, with base /api/timeline, its API).
func timelineURL(base, seriesID, metric string) string {
	return base + "?series=" + url.QueryEscape(seriesID) + "&metric=" + url.QueryEscape(metric)
}

// seriesListView is the series list page.
type seriesListView struct {
	page
	Agency string
	Filter string
	Series []*search.Series
	Err    string
}

// pageSeriesList is GET /series: every series, filtered by agency and name.
func (s *Server) pageSeriesList(c echo.Context) error {
	agency, q, err := seriesFilter(c.QueryParams())
	v := seriesListView{page: page{Title: "报告系列"}, Agency: agency, Filter: q}
	if err != nil {
		v.Err = err.Error()
		return s.render(c, http.StatusBadRequest, "series-list", v)
	}
	list, err := s.backend.ListSeries(c.Request().Context(), agency, q)
	if err != nil {
		return err
	}
	v.Series = list
	return s.render(c, http.StatusOK, "series-list", v)
}

// seriesRow is one member of a series page with its keyword hit count.
type seriesRow struct {
	search.SeriesMember
	URL  string
	Hits int
	// More is set when there were more hits than were counted.
	More bool
}

// seriesView is the page of one series.
type seriesView struct {
	page
	S        *search.Series
	Rows     []seriesRow
	Keyword  string
	Counted  bool
	Err      string
	CompareA string
	CompareB string
	Metric   string
}

// pageSeries is GET /series/:id[?q=]: the members by year, with the
// number of section hits of q in each when q is given.
func (s *Server) pageSeries(c echo.Context) error {
	id, err := idParam("id", c.Param("id"))
	if err != nil {
		return err
	}
	sr, err := s.seriesByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	v := seriesView{page: page{Title: sr.Name}, S: sr}
	members := append([]search.SeriesMember(nil), sr.Members...)
	sort.SliceStable(members, func(i, j int) bool { return members[i].Year < members[j].Year })
	for _, m := range members {
		v.Rows = append(v.Rows, seriesRow{SeriesMember: m, URL: reportURL(m.ID, "", "")})
	}
	if n := len(members); n >= 2 {
		v.CompareA, v.CompareB = members[n-2].ID, members[n-1].ID
	} else if n == 1 {
		v.CompareA, v.CompareB = members[0].ID, members[0].ID
	}
	q, perr := textParam("q", c.QueryParam("q"), search.MaxQueryRunes)
	if perr != nil {
		v.Err = perr.Error()
		return s.render(c, http.StatusBadRequest, "series", v)
	}
	v.Keyword, v.Q = q, q
	if q == "" {
		return s.render(c, http.StatusOK, "series", v)
	}
	v.Title = q + " - " + sr.Name
	if err := s.countKeyword(c, q, v.Rows); err != nil {
		if errors.Is(err, search.ErrBadRequest) {
			v.Err = err.Error()
			return s.render(c, http.StatusBadRequest, "series", v)
		}
		return err
	}
	v.Counted = true
	return s.render(c, http.StatusOK, "series", v)
}

// countKeyword counts, for each member row, the section hits of q in that
// report. The search has no report-id filter, so each member year is
// searched once and the hits belonging to members are counted (up to
// maxKeywordPages pages a year; More marks a count that stopped there).
func (s *Server) countKeyword(c echo.Context, q string, rows []seriesRow) error {
	byID := map[string][]int{}
	var years []int
	seen := map[int]bool{}
	for i, r := range rows {
		byID[r.ID] = append(byID[r.ID], i)
		if !seen[r.Year] {
			seen[r.Year] = true
			years = append(years, r.Year)
		}
	}
	for _, y := range years {
		more := false
		for p := 1; ; p++ {
			req := search.Request{Query: q, Scope: search.ScopeSections, Year: y, Page: p, Size: search.MaxSize}
			if err := req.Normalize(); err != nil {
				return err
			}
			res, err := s.runSearch(c, req)
			if err != nil {
				return err
			}
			for _, h := range res.Hits {
				for _, i := range byID[h.ID] {
					if rows[i].Year == y {
						rows[i].Hits++
					}
				}
			}
			if len(res.Hits) < req.Size || uint64(p*req.Size) >= res.Total {
				break
			}
			if p >= maxKeywordPages {
				more = true
				break
			}
		}
		if more {
			for i := range rows {
				if rows[i].Year == y {
					rows[i].More = true
				}
			}
		}
	}
	return nil
}

// changeView is one sentence change ready to show.
type changeView struct {
	Kind string
	A, B template.HTML
}

// pairView is one aligned section pair ready to show.
type pairView struct {
	A, B       search.SectionBrief
	Similarity string
	SplitFrom  string
	MergedInto string
	Changes    []changeView
}

// compareView is the comparison page.
type compareView struct {
	page
	C     *search.Comparison
	Pairs []pairView
	AURL  string
	BURL  string
}

// pageCompare is GET /compare?a=&b=: two reports side by side.
func (s *Server) pageCompare(c echo.Context) error {
	a, b, err := compareParams(c.QueryParams())
	if err != nil {
		return err
	}
	cmp, err := s.compare(c.Request().Context(), a, b)
	if err != nil {
		return err
	}
	v := compareView{
		page: page{Title: fmt.Sprintf("比较 %d 与 %d", cmp.A.Year, cmp.B.Year)},
		C:    cmp, AURL: reportURL(cmp.A.ID, "", ""), BURL: reportURL(cmp.B.ID, "", ""),
	}
	for _, p := range cmp.Pairs {
		pv := pairView{A: p.A, B: p.B, Similarity: fmt.Sprintf("%.0f%%", p.Similarity*100), SplitFrom: p.SplitFrom, MergedInto: p.MergedInto}
		for _, ch := range p.Changes {
			var na, nb []string
			for _, n := range ch.Numbers {
				na, nb = append(na, n.A), append(nb, n.B)
			}
			pv.Changes = append(pv.Changes, changeView{Kind: ch.Kind, A: markAll(ch.A, na), B: markAll(ch.B, nb)})
		}
		v.Pairs = append(v.Pairs, pv)
	}
	return s.render(c, http.StatusOK, "compare", v)
}

// markAll escapes s and wraps every occurrence of each needle in <mark>
// (longest needle first, occurrences not overlapping).
func markAll(s string, needles []string) template.HTML {
	ns := make([]string, 0, len(needles))
	for _, n := range needles {
		if n != "" {
			ns = append(ns, n)
		}
	}
	sort.SliceStable(ns, func(i, j int) bool { return len(ns[i]) > len(ns[j]) })
	var b strings.Builder
	start := 0
	for i := 0; i < len(s); {
		matched := ""
		for _, n := range ns {
			if strings.HasPrefix(s[i:], n) {
				matched = n
				break
			}
		}
		if matched == "" {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		b.WriteString(template.HTMLEscapeString(s[start:i]))
		b.WriteString("<mark>" + template.HTMLEscapeString(matched) + "</mark>")
		i += len(matched)
		start = i
	}
	b.WriteString(template.HTMLEscapeString(s[start:]))
	return template.HTML(b.String()) //nolint:gosec // every part is escaped above.
}

// pointRow is one timeline point in the table.
type pointRow struct {
	Year      int
	Value     string
	Unit      string
	Qualifier string
	Sentence  template.HTML
	URL       string
	Title     string
	Drawn     bool
	Stated    bool
}

// chartTick is one labelled position on an axis.
type chartTick struct {
	Pos   string
	Label string
}

// chartDot is one drawn point.
type chartDot struct {
	X, Y  string
	Title string
	URL   string // the sentence stating it
}

// chartView is the inline SVG line chart of a timeline.
type chartView struct {
	Width, Height          int
	Left, Right, Top, Base string
	Lines                  []string
	Dots                   []chartDot
	XTicks                 []chartTick
	YTicks                 []chartTick
	YLabel                 string
	Desc                   string
}

// timelineView is the timeline page.
type timelineView struct {
	page
	T         *search.Timeline
	Unit      string
	Chart     *chartView
	Rows      []pointRow
	OtherUnit int
	NoValue   int
	CSVURL    string
	SeriesURL string
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH                = 640, 300
	chartLeft, chartRight         = 72, 20
	chartTop, chartBottom         = 28, 40
	chartDotRadius                = 4
	chartYTicks                   = 4
	chartMinYearSpan      float64 = 1
)

// pageTimeline is GET /timeline?series=&metric=: a metric across a
// series' years, as a chart and a table.
func (s *Server) pageTimeline(c echo.Context) error {
	seriesID, metric, err := timelineParams(c.QueryParams())
	if err != nil {
		return err
	}
	tl, err := s.timeline(c.Request().Context(), seriesID, metric)
	if err != nil {
		return err
	}
	name := seriesID
	if tl.Series != nil {
		name = tl.Series.Name
	}
	v := timelineView{
		page:      page{Title: tl.Metric + " - " + name},
		T:         tl,
		CSVURL:    timelineURL("/api/timeline", seriesID, tl.Metric) + "&format=csv",
		SeriesURL: seriesURL(seriesID),
	}
	points := append([]search.TimelinePoint(nil), tl.Points...)
	sort.SliceStable(points, func(i, j int) bool { return points[i].Year < points[j].Year })
	v.Unit = commonUnit(points)
	for _, p := range points {
		r := pointRow{Year: p.Year, Value: p.Text, Unit: p.Unit, Qualifier: p.Qualifier, URL: reportURL(p.ReportID, "", ""), Title: p.Title}
		if p.Value != nil {
			r.URL = pointURL(p.ReportID, p.Offset)
			r.Stated = true
			r.Drawn = p.Unit == v.Unit
			if !r.Drawn {
				v.OtherUnit++
			}
			r.Sentence = markAll(p.Sentence, []string{p.Text})
		} else {
			v.NoValue++
		}
		v.Rows = append(v.Rows, r)
	}
	v.Chart = buildChart(points, v.Unit, tl.Metric)
	return s.render(c, http.StatusOK, "timeline", v)
}

// commonUnit is the unit most points with a value state (the earliest
// such unit on a tie).
func commonUnit(points []search.TimelinePoint) string {
	counts := map[string]int{}
	best, bestN := "", 0
	for _, p := range points {
		if p.Value == nil {
			continue
		}
		counts[p.Unit]++
	}
	for _, p := range points {
		if p.Value == nil {
			continue
		}
		if n := counts[p.Unit]; n > bestN {
			best, bestN = p.Unit, n
		}
	}
	return best
}

// buildChart lays out the points of unit as lines broken where a year
// states no value (or another unit); nil when nothing can be drawn.
func buildChart(points []search.TimelinePoint, unit, metric string) *chartView {
	var drawn []search.TimelinePoint
	for _, p := range points {
		if p.Value != nil && p.Unit == unit && !math.IsNaN(*p.Value) && !math.IsInf(*p.Value, 0) {
			drawn = append(drawn, p)
		}
	}
	if len(drawn) == 0 || len(points) == 0 {
		return nil
	}
	minYear, maxYear := points[0].Year, points[0].Year
	for _, p := range points {
		minYear, maxYear = min(minYear, p.Year), max(maxYear, p.Year)
	}
	lo, hi := 0.0, *drawn[0].Value
	for _, p := range drawn {
		lo, hi = math.Min(lo, *p.Value), math.Max(hi, *p.Value)
	}
	if hi == lo {
		hi = lo + 1
	}
	step := niceStep((hi - lo) / chartYTicks)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	// Ticks are written in the magnitude a reader expects (99.1万亿元,
	// not 99100000000000), which also keeps them inside the margin.
	div, magnitude := axisMagnitude(math.Max(math.Abs(lo), math.Abs(hi)))
	decimals := max(0, int(-math.Floor(math.Log10(step/div))))

	x0, x1 := float64(chartLeft), float64(chartW-chartRight)
	y0, y1 := float64(chartH-chartBottom), float64(chartTop)
	xOf := func(year int) float64 {
		span := float64(maxYear - minYear)
		if span < chartMinYearSpan {
			return (x0 + x1) / 2
		}
		return x0 + (x1-x0)*float64(year-minYear)/span
	}
	yOf := func(v float64) float64 { return y0 - (y0-y1)*(v-lo)/(hi-lo) }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

	label := magnitude + unit
	if label == "" {
		label = "数值"
	}
	ch := &chartView{
		Width: chartW, Height: chartH, Left: f(x0), Right: f(x1), Top: f(y1), Base: f(y0),
		YLabel: metric + "（" + label + "）",
	}
	for t := lo; t <= hi+step/2; t += step {
		ch.YTicks = append(ch.YTicks, chartTick{Pos: f(yOf(t)), Label: strconv.FormatFloat(t/div, 'f', decimals, 64)})
	}
	yearStep := max(1, (maxYear-minYear+1+9)/10)
	for y := minYear; y <= maxYear; y += yearStep {
		ch.XTicks = append(ch.XTicks, chartTick{Pos: f(xOf(y)), Label: strconv.Itoa(y)})
	}
	var seg []string
	flush := func() {
		if len(seg) >= 2 {
			ch.Lines = append(ch.Lines, strings.Join(seg, " "))
		}
		seg = nil
	}
	for _, p := range points {
		if p.Value == nil || p.Unit != unit || math.IsNaN(*p.Value) || math.IsInf(*p.Value, 0) {
			flush()
			continue
		}
		x, y := f(xOf(p.Year)), f(yOf(*p.Value))
		seg = append(seg, x+","+y)
		title := fmt.Sprintf("%d 年：%s", p.Year, p.Text)
		if p.Qualifier != "" && !strings.Contains(p.Text, p.Qualifier) {
			title += "（" + p.Qualifier + "）"
		}
		ch.Dots = append(ch.Dots, chartDot{X: x, Y: y, Title: title, URL: pointURL(p.ReportID, p.Offset)})
	}
	flush()
	ch.Desc = fmt.Sprintf("%s，%d 至 %d 年，单位：%s", metric, minYear, maxYear, label)
	return ch
}

// axisMagnitude is the Chinese magnitude word an axis reaching v is
// written in, and its size.
func axisMagnitude(v float64) (float64, string) {
	switch {
	case v >= 1e12:
		return 1e12, "万亿"
	case v >= 1e8:
		return 1e8, "亿"
	case v >= 1e5:
		return 1e4, "万"
	}
	return 1, ""
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}
