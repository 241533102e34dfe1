package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/search"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageSet holds one parsed template set per page, each with the layout.
type pageSet struct {
	pages map[string]*template.Template
}

// templateFuncs are the helpers the templates may call.
var templateFuncs = template.FuncMap{
	"snippet":   safeSnippet,
	"reportURL": reportURL,
	"seriesURL": seriesURL,
	"add":       func(a, b int) int { return a + b },
	"mulPage":   func(page, size int) int { return max(page-1, 0) * size },
	"hitv":      func(h search.Hit, q string) hitView { return hitView{Hit: h, Q: q} },
	"queryRow":  func(req search.Request, placeholder string) queryRowView { return queryRowView{req, placeholder} },
}

// queryRowView is the search box of the search and 按年份 pages, for the
// "query-row" partial.
type queryRowView struct {
	Req         search.Request
	Placeholder string
}

// hitView is one hit with the query, for the "hit" partial.
type hitView struct {
	Hit search.Hit
	Q   string
}

// loadPages parses every page template with the shared layout.
func loadPages() (*pageSet, error) {
	ps := &pageSet{pages: map[string]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		t, err := template.New(base).Funcs(templateFuncs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: parsing %s: %w", n, err)
		}
		ps.pages[strings.TrimSuffix(base, ".html")] = t
	}
	return ps, nil
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *Server) render(c echo.Context, status int, name string, data any) error {
	t, ok := s.pages.pages[name]
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	var buf bytes.Buffer
	entry := "layout"
	if t.Lookup(name+"-page") != nil {
		entry = name + "-page"
	}
	if err := t.ExecuteTemplate(&buf, entry, data); err != nil {
		return fmt.Errorf("web: rendering %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// page is what the layout needs from every page.
type page struct {
	Title string
	// Q is the query, kept in the header search box and nav links.
	Q string
	// FeedURL is the Atom feed a search page advertises in its head;
	// empty on pages that are no search.
	FeedURL string
}

// errorView is the error page.
type errorView struct {
	page
	Status  int
	Message string
}

// renderError shows an error as a page (used by the error handler).
func (s *Server) renderError(c echo.Context, status int, msg string) error {
	title := "出错了"
	switch status {
	case http.StatusNotFound:
		title, msg = "未找到", "没有这个页面或报告。"
	case http.StatusGatewayTimeout:
		title, msg = "查询超时", "查询用时太长，请缩小范围（加筛选条件或用更具体的词）后重试。"
	case http.StatusBadRequest:
		title = "请求有误"
	}
	return s.render(c, status, "error", errorView{page: page{Title: title}, Status: status, Message: msg})
}

// reportURL links to a report page, carrying q for highlighting and an
// optional section anchor.
// pointURL links to the sentence at byte offset at of report id's text,
// marked on the report page and scrolled to.
func pointURL(id string, at int) string {
	return "/reports/" + url.PathEscape(id) + "?at=" + strconv.Itoa(at) + "#first-hit"
}

func reportURL(id, q, sectionID string) string {
	u := "/reports/" + url.PathEscape(id)
	if q != "" {
		u += "?q=" + url.QueryEscape(q)
	}
	if sectionID != "" {
		u += "#s-" + url.PathEscape(sectionID)
	}
	return u
}

// linker builds links to the search page that change one parameter and
// keep the rest.
type linker struct {
	base string
	vals url.Values
}

// newLinker keeps the request's non-default parameters.
func newLinker(base string, req search.Request) linker {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", req.Query)
	if req.Scope != search.ScopeReports {
		set("scope", req.Scope)
	}
	set("agency", req.Agency)
	set("catalog", req.Catalog)
	if req.Year != 0 {
		set("year", strconv.Itoa(req.Year))
	}
	set("from", req.From)
	set("to", req.To)
	if req.Sort != search.SortRelevance {
		set("sort", req.Sort)
	}
	if req.Size != 10 {
		set("size", strconv.Itoa(req.Size))
	}
	if req.Page > 1 {
		set("page", strconv.Itoa(req.Page))
	}
	return linker{base: base, vals: v}
}

// url encodes v with q first, as people read and share these links.
func (l linker) url(v url.Values) string {
	if len(v) == 0 {
		return l.base
	}
	q := v.Get("q")
	if q == "" {
		return l.base + "?" + v.Encode()
	}
	rest := url.Values{}
	for k, vs := range v {
		if k != "q" {
			rest[k] = vs
		}
	}
	out := l.base + "?q=" + url.QueryEscape(q)
	if len(rest) > 0 {
		out += "&" + rest.Encode()
	}
	return out
}

func (l linker) clone() url.Values {
	v := url.Values{}
	for k, vs := range l.vals {
		v[k] = append([]string(nil), vs...)
	}
	return v
}

// With is the current search with k set to val, back on page 1.
func (l linker) With(k, val string) string {
	v := l.clone()
	v.Del("page")
	if val == "" {
		v.Del(k)
	} else {
		v.Set(k, val)
	}
	return l.url(v)
}

// Without is the current search without k, back on page 1.
func (l linker) Without(k string) string { return l.With(k, "") }

// Page is the current search on page n.
func (l linker) Page(n int) string {
	v := l.clone()
	if n <= 1 {
		v.Del("page")
	} else {
		v.Set("page", strconv.Itoa(n))
	}
	return l.url(v)
}

// To is the current search's parameters on another path (e.g. /years).
func (l linker) To(base string) string {
	v := l.clone()
	v.Del("page")
	v.Del("scope")
	return linker{base: base}.url(v)
}

// chip is one active filter, removable.
type chip struct {
	Label, Value, Remove string
}

// facetGroup is one facet with links that toggle its values.
type facetGroup struct {
	Key, Label string
	Values     []facetLink
}

type facetLink struct {
	Value  string
	Count  int
	URL    string
	Active bool
}

type option struct {
	Value, Label string
	Selected     bool
}

type pageLink struct {
	N       int
	URL     string
	Current bool
}

// searchView is the search page.
type searchView struct {
	page
	Req       search.Request
	Res       *search.Response
	Err       string
	Searched  bool
	Link      linker
	Chips     []chip
	Facets    []facetGroup
	Sorts     []option
	Pages     []pageLink
	Prev      string
	Next      string
	LastPage  int
	ByYearURL string
	Stats     *search.Stats
}

// pageSearch is GET /: the search page.
func (s *Server) pageSearch(c echo.Context) error {
	req, perr := parseRequest(c.QueryParams())
	v := searchView{page: page{Title: "检索", Q: req.Query}, Req: req}
	if perr != nil {
		if !errors.Is(perr, search.ErrBadRequest) {
			return perr
		}
		v.Err = perr.Error()
		v.Req.Page, v.Req.Size = 1, 10
		v.Link = newLinker("/", v.Req)
		return s.render(c, http.StatusBadRequest, "search", v)
	}
	v.Link = newLinker("/", req)
	v.ByYearURL = v.Link.To("/years")
	v.Sorts = []option{
		{search.SortRelevance, "相关度", req.Sort == search.SortRelevance},
		{search.SortRecent, "相关度（近年优先）", req.Sort == search.SortRecent},
		{search.SortDateDesc, "最新", req.Sort == search.SortDateDesc},
		{search.SortDate, "最早", req.Sort == search.SortDate},
	}
	v.Chips = activeChips(req, v.Link)
	if req.Query == "" && len(v.Chips) == 0 {
		// The landing page: a box and what the archive holds.
		if st, err := s.backend.Stats(c.Request().Context()); err == nil {
			v.Stats = st
		}
		return s.render(c, http.StatusOK, "search", v)
	}
	if req.Query != "" {
		v.Title = req.Query + " - 检索"
	}
	res, err := s.runSearch(c, req)
	if err != nil {
		if errors.Is(err, search.ErrBadRequest) {
			v.Err = err.Error()
			return s.render(c, http.StatusBadRequest, "search", v)
		}
		return err
	}
	v.Searched = true
	v.Res = res
	v.FeedURL = feedURL(req)
	v.Facets = facetGroups(req, res.Facets, v.Link)
	v.LastPage = lastPage(res.Total, req.Size)
	v.Pages, v.Prev, v.Next = pagination(req.Page, v.LastPage, v.Link)
	return s.render(c, http.StatusOK, "search", v)
}

// activeChips lists the filters in effect as removable chips.
func activeChips(req search.Request, l linker) []chip {
	var cs []chip
	if req.Agency != "" {
		cs = append(cs, chip{"发文机构", req.Agency, l.Without("agency")})
	}
	if req.Catalog != "" {
		cs = append(cs, chip{"公开目录", req.Catalog, l.Without("catalog")})
	}
	if req.Year != 0 {
		cs = append(cs, chip{"年份", strconv.Itoa(req.Year), l.Without("year")})
	}
	if req.From != "" {
		cs = append(cs, chip{"起始日期", req.From, l.Without("from")})
	}
	if req.To != "" {
		cs = append(cs, chip{"截止日期", req.To, l.Without("to")})
	}
	return cs
}

// facetGroups turns facet counts into toggling links.
func facetGroups(req search.Request, f search.Facets, l linker) []facetGroup {
	mk := func(key, label, active string, vals []search.FacetValue) facetGroup {
		g := facetGroup{Key: key, Label: label}
		for _, fv := range vals {
			if fv.Value == "" {
				continue
			}
			fl := facetLink{Value: fv.Value, Count: fv.Count, Active: fv.Value == active}
			if fl.Active {
				fl.URL = l.Without(key)
			} else {
				fl.URL = l.With(key, fv.Value)
			}
			g.Values = append(g.Values, fl)
		}
		return g
	}
	year := ""
	if req.Year != 0 {
		year = strconv.Itoa(req.Year)
	}
	var gs []facetGroup
	for _, g := range []facetGroup{
		mk("agency", "发文机构", req.Agency, f.Agency),
		mk("year", "年份", year, f.Year),
		mk("catalog", "公开目录", req.Catalog, f.Catalog),
	} {
		if len(g.Values) > 0 {
			gs = append(gs, g)
		}
	}
	return gs
}

// lastPage is the number of pages, capped by the result window.
func lastPage(total uint64, size int) int {
	if size < 1 {
		size = 10
	}
	n := min(total, search.MaxResultWindow)
	return int((n + uint64(size) - 1) / uint64(size))
}

// pagination is a window of page links around the current one.
func pagination(cur, last int, l linker) (pages []pageLink, prev, next string) {
	if last <= 1 {
		return nil, "", ""
	}
	lo, hi := max(1, cur-3), min(last, cur+3)
	for n := lo; n <= hi; n++ {
		pages = append(pages, pageLink{N: n, URL: l.Page(n), Current: n == cur})
	}
	if cur > 1 {
		prev = l.Page(cur - 1)
	}
	if cur < last {
		next = l.Page(cur + 1)
	}
	return pages, prev, next
}

// metaRow is one row of the report's metadata table.
type metaRow struct {
	Label, Value string
	// URL makes the value a link (for 来源 with a web address).
	URL string
}

type tocEntry struct {
	ID, Number, Heading string
	Level               int
}

// reportPageView is the report page.
type reportPageView struct {
	page
	R        *search.ReportView
	Meta     []metaRow
	TOC      []tocEntry
	Body     template.HTML
	RawURL   string
	Citation string
	BackURL  string
	// Series is the series the report belongs to, if any.
	Series *seriesNav
	// Files are the report's attached files; Parent links to the page
	// whose attachment this report is, if it is one.
	Files  []fileRow
	Parent string
	// Citations are what the report cites and what cites it.
	Citations *citationsView
	// Versions lists the stored versions when there are several;
	// Editions is the regulation's history (法规沿革) when it states one.
	Versions []versionRow
	Editions *editionsView
}

// fileRow is one attached file on a report page.
type fileRow struct {
	Name, URL, Format, Size, Problem, ReportURL string
	Pages                                       int
}

// fileRows lists r's attached files with their download links.
func fileRows(r *corpus.Report, id string) []fileRow {
	var out []fileRow
	for _, f := range r.Files {
		row := fileRow{Name: path.Base(f.Name), URL: "/api/reports/" + url.PathEscape(id) + "/files/" + url.PathEscape(f.SHA256),
			Format: strings.ToUpper(f.Format), Size: humanBytes(f.Bytes), Problem: f.Problem, Pages: f.Pages}
		if f.ReportID != "" {
			row.ReportURL = reportURL(f.ReportID, "", "")
		}
		out = append(out, row)
	}
	return out
}

// humanBytes writes a file size as 12.3 KB / 4.5 MB.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// pageReport is GET /reports/:id.
func (s *Server) pageReport(c echo.Context) error {
	id := c.Param("id")
	q := strings.TrimSpace(c.QueryParam("q"))
	if n := utf8.RuneCountInString(q); n > search.MaxQueryRunes {
		return fmt.Errorf("%w: q must be at most %d characters long, not %d", search.ErrBadRequest, search.MaxQueryRunes, n)
	}
	at := -1
	if v := c.QueryParam("at"); v != "" {
		n, err := parseWhole("at", v)
		if err != nil {
			return err
		}
		if n < 0 {
			return fmt.Errorf("%w: at must be a byte offset into the report's text (0 or more), not %d", search.ErrBadRequest, n)
		}
		at = n
	}
	rv, err := s.backend.Report(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if rv == nil {
		return fmt.Errorf("report %q: %w", id, search.ErrNotFound)
	}
	r := &rv.Report
	if at > len(r.Text) {
		return fmt.Errorf("%w: at=%d is past the end of the report's text (%d bytes)", search.ErrBadRequest, at, len(r.Text))
	}
	title := r.Title
	if title == "" {
		title = "（无标题）"
	}
	v := reportPageView{
		page:   page{Title: title, Q: q},
		R:      rv,
		RawURL: "/api/reports/" + url.PathEscape(id) + "/raw",
	}
	if q != "" {
		v.BackURL = "/?q=" + url.QueryEscape(q)
	}
	add := func(label, value string) {
		if value != "" {
			v.Meta = append(v.Meta, metaRow{Label: label, Value: value})
		}
	}
	add("标题", r.Title)
	add("索引号", r.IndexNo)
	add("发文机构", r.Agency)
	add("公开目录", r.Catalog)
	add("文号", r.DocNo)
	add("日期", r.Date)
	add("发布日期", r.Published)
	if r.Views > 0 {
		add("浏览量", strconv.Itoa(r.Views))
	}
	if r.URL != "" && (strings.HasPrefix(r.URL, "http://") || strings.HasPrefix(r.URL, "https://")) {
		v.Meta = append(v.Meta, metaRow{Label: "来源", Value: r.URL, URL: r.URL})
	} else {
		add("来源", firstNonEmpty(r.Source, r.URL))
	}
	for _, s := range r.Sections {
		v.TOC = append(v.TOC, tocEntry{ID: s.ID, Number: s.Number, Heading: s.Heading, Level: min(max(s.Level, 1), 4)})
	}
	v.Citation = citation(r, s.baseURL(c)+"/reports/"+url.PathEscape(id))
	v.Series = s.reportSeriesNav(c, firstNonEmpty(r.ID, id))
	v.Body = renderBody(r, q, at, v.Series.sectionLinks(firstNonEmpty(r.ID, id)))
	v.Files = fileRows(r, firstNonEmpty(r.ID, id))
	v.Citations = s.reportCitations(c, firstNonEmpty(r.ID, id))
	v.Versions = versionRows(firstNonEmpty(r.ID, id), rv.Versions)
	v.Editions = s.reportEditions(c, firstNonEmpty(r.ID, id))
	if r.ParentID != "" {
		v.Parent = reportURL(r.ParentID, "", "")
	}
	return s.render(c, http.StatusOK, "report", v)
}

// citation is "标题. 发文机构. 文号. 日期. URL", skipping what is unknown.
func citation(r *corpus.Report, link string) string {
	var parts []string
	for _, p := range []string{r.Title, r.Agency, r.DocNo, r.Date} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	parts = append(parts, link)
	return strings.Join(parts, ". ")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// yearsView is the 按年份 page.
type yearsView struct {
	page
	Req       search.Request
	Res       *search.YearGroups
	Err       string
	SearchURL string
}

// pageYears is GET /years: section hits grouped by year, then agency.
func (s *Server) pageYears(c echo.Context) error {
	req, perr := parseRequest(c.QueryParams())
	v := yearsView{page: page{Title: "按年份", Q: req.Query}, Req: req}
	if perr != nil {
		if !errors.Is(perr, search.ErrBadRequest) {
			return perr
		}
		v.Err = perr.Error()
		return s.render(c, http.StatusBadRequest, "years", v)
	}
	req.Scope = search.ScopeSections
	v.SearchURL = newLinker("/", req).Page(1)
	if req.Query == "" {
		return s.render(c, http.StatusOK, "years", v)
	}
	v.Title = req.Query + " - 按年份"
	res, err := s.runByYear(c, req)
	if err != nil {
		if errors.Is(err, search.ErrBadRequest) {
			v.Err = err.Error()
			return s.render(c, http.StatusBadRequest, "years", v)
		}
		return err
	}
	v.Res = res
	v.FeedURL = feedURL(req)
	return s.render(c, http.StatusOK, "years", v)
}

// pageHelp is GET /help: the query syntax.
func (s *Server) pageHelp(c echo.Context) error {
	return s.render(c, http.StatusOK, "help", page{Title: "检索语法"})
}

// embedView is the iframe-able compact search page.
type embedView struct {
	page
	Res  *search.Response
	Err  string
	Base string
}

// pageEmbed is GET /embed: a compact search page for iframes; its links
// open the full report in a new tab.
func (s *Server) pageEmbed(c echo.Context) error {
	req, perr := parseRequest(c.QueryParams())
	v := embedView{page: page{Title: "检索", Q: req.Query}, Base: s.baseURL(c)}
	if perr != nil {
		v.Err = perr.Error()
		return s.render(c, http.StatusBadRequest, "embed", v)
	}
	if req.Query != "" {
		res, err := s.runSearch(c, req)
		if err != nil {
			if !errors.Is(err, search.ErrBadRequest) {
				return err
			}
			v.Err = err.Error()
			return s.render(c, http.StatusBadRequest, "embed", v)
		}
		v.Res = res
	}
	return s.render(c, http.StatusOK, "embed", v)
}
