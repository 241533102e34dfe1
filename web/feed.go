package web

import (
	"bytes"
	"encoding/xml"
	"html"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lantai/lantai/search"
)

// feedSize is how many of a search's newest hits its feed lists.
const feedSize = 20

// feedEpoch is a feed's updated time when it has no dated entry: a fixed
// instant, so an unchanged feed reads the same on every fetch.
var feedEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// feedAuthor is the feed's own author. RFC 4287 wants an author on the feed
// unless every entry has one, and a hit without an agency has none.
const feedAuthor = "兰台"

// atomFeed and the types below are the RFC 4287 elements a feed uses.
type atomFeed struct {
	XMLName   xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string        `xml:"id"`
	Title     atomText      `xml:"title"`
	Updated   string        `xml:"updated"`
	Authors   []atomPerson  `xml:"author"`
	Generator atomGenerator `xml:"generator"`
	Links     []atomLink    `xml:"link"`
	Entries   []atomEntry   `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomGenerator struct {
	URI  string `xml:"uri,attr,omitempty"`
	Name string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
}

// feed is GET /feed.atom: a search's newest hits as an Atom feed, so a
// researcher or a portal can follow a query. It takes the search's own
// parameters and refuses bad ones as the search does; sort, page and size
// are checked but not used, as a feed is always its newest hits.
func (s *Server) feed(c echo.Context) error {
	req, err := parseRequest(c.QueryParams())
	if err != nil {
		return err
	}
	req.Sort, req.Page, req.Size = search.SortDateDesc, 1, feedSize
	res, err := s.runSearch(c, req)
	if err != nil {
		return err
	}
	base := s.baseURL(c)
	params := feedParams(req)
	f := atomFeed{
		ID:        withQuery(base+"/feed.atom", params),
		Title:     atomText{Text: xmlText(feedTitle(req))},
		Authors:   []atomPerson{{Name: feedAuthor}},
		Generator: atomGenerator{URI: base + "/", Name: "Lantai"},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: withQuery(base+"/feed.atom", params)},
			{Rel: "alternate", Type: "text/html", Href: withQuery(base+"/", params)},
		},
	}
	var newest time.Time
	for _, h := range newestFirst(res.Hits) {
		e := feedEntry(base, h.Hit)
		if !h.date.IsZero() {
			e.Updated = h.date.Format(time.RFC3339)
			newest = maxTime(newest, h.date)
		}
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		newest = feedEpoch
	}
	f.Updated = newest.Format(time.RFC3339)
	for i := range f.Entries {
		if f.Entries[i].Updated == "" {
			f.Entries[i].Updated = f.Updated
		}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if err := xml.NewEncoder(&b).Encode(f); err != nil {
		return err
	}
	b.WriteByte('\n')
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", b.Bytes())
}

// datedHit is a hit with its date read; an undated hit has the zero time.
type datedHit struct {
	search.Hit
	date time.Time
}

// newestFirst orders hits by date, newest first and undated last. Related
// hits (synonyms, variants) follow the exact ones whatever their date, so
// the backend's -date order is not the feed's.
func newestFirst(hits []search.Hit) []datedHit {
	out := make([]datedHit, len(hits))
	for i, h := range hits {
		out[i].Hit = h
		if t, err := time.Parse(time.DateOnly, h.Date); err == nil {
			out[i].date = t
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].date.After(out[j].date) })
	return out
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// feedEntry is one hit as an entry: its report page (its section's
// anchor for a section hit), agency, catalog and snippet. Its updated time
// is the feed's to set.
func feedEntry(base string, h search.Hit) atomEntry {
	link := base + "/reports/" + url.PathEscape(h.ID)
	id := "urn:lantai:report:" + url.PathEscape(h.ID)
	title := strings.TrimSpace(h.Title)
	if title == "" {
		title = "（无标题）"
	}
	if h.Section != nil {
		link += "#s-" + url.PathEscape(h.Section.ID)
		id += ":section:" + url.PathEscape(h.Section.ID)
		if heading := strings.TrimSpace(h.Section.Number + h.Section.Heading); heading != "" {
			title += " — " + heading
		}
	}
	e := atomEntry{
		ID:    xmlText(id),
		Title: atomText{Text: xmlText(title)},
		Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
	}
	if h.Agency != "" {
		e.Authors = []atomPerson{{Name: xmlText(h.Agency)}}
	}
	if h.Catalog != "" {
		e.Categories = []atomCategory{{Term: xmlText(h.Catalog)}}
	}
	if summary := snippetsText(h.Snippets); summary != "" {
		e.Summary = &atomText{Type: "text", Text: xmlText(summary)}
	}
	return e
}

// feedTitle names a feed by its query and filters, e.g.
// "兰台检索：营商环境 · 发文机构：某区人民政府".
func feedTitle(req search.Request) string {
	var parts []string
	if req.Query != "" {
		parts = append(parts, req.Query)
	}
	if req.Scope == search.ScopeSections {
		parts = append(parts, "章节")
	}
	year := ""
	if req.Year != 0 {
		year = strconv.Itoa(req.Year)
	}
	for _, f := range []struct{ label, value string }{
		{"发文机构", req.Agency}, {"公开目录", req.Catalog}, {"年份", year}, {"起始日期", req.From}, {"截止日期", req.To},
	} {
		if f.value != "" {
			parts = append(parts, f.label+"："+f.value)
		}
	}
	if len(parts) == 0 {
		return "兰台检索：最新报告"
	}
	return "兰台检索：" + strings.Join(parts, " · ")
}

// feedParams are the search's parameters that select its hits, as a
// query string in a fixed order with defaults left out: the feed's
// canonical form, for its id and links.
func feedParams(req search.Request) string {
	v := url.Values{}
	for _, p := range [][2]string{{"q", req.Query}, {"agency", req.Agency}, {"catalog", req.Catalog}, {"from", req.From}, {"to", req.To}} {
		if p[1] != "" {
			v.Set(p[0], p[1])
		}
	}
	if req.Scope != "" && req.Scope != search.ScopeReports {
		v.Set("scope", req.Scope)
	}
	if req.Year != 0 {
		v.Set("year", strconv.Itoa(req.Year))
	}
	return v.Encode()
}

// feedURL is the path of the Atom feed of a search, as the pages link it.
func feedURL(req search.Request) string {
	return withQuery("/feed.atom", feedParams(req))
}

// withQuery joins a URL and a query string, leaving no bare "?".
func withQuery(u, query string) string {
	if query == "" {
		return u
	}
	return u + "?" + query
}

// snippetsText joins a hit's snippets (escaped HTML with <mark> tags) into
// plain text, with one "…" between two snippets rather than each one's own.
func snippetsText(snippets []string) string {
	var parts []string
	for _, s := range snippets {
		if s = strings.TrimSpace(stripMarks(s)); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	text := parts[0]
	for _, p := range parts[1:] {
		text = strings.TrimRight(text, "… ") + " … " + strings.TrimLeft(p, "… ")
	}
	return text
}

// stripMarks turns a snippet (escaped HTML with <mark> tags) into its
// plain text.
func stripMarks(s string) string {
	return html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s))
}

// xmlText drops what XML 1.0 cannot carry at all (invalid UTF-8, control
// characters other than tab and line breaks, U+FFFE and U+FFFF) so that
// the encoder, which escapes the rest, writes text that reads back the same.
func xmlText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t', r == '\n', r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}
