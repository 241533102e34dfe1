package web

import (
	"bytes"
	"encoding/xml"
	"html"
	"net/http"
	"net/url"
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

// atomFeed and the types below are the RFC 4287 elements a feed uses.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Updated   string      `xml:"updated"`
	Generator string      `xml:"generator"`
	Links     []atomLink  `xml:"link"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
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
// parameters; the order is always newest first.
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
		ID:        base + "/feed.atom?" + params,
		Title:     atomText{Text: xmlText("兰台检索：" + req.Query)},
		Updated:   feedEpoch.Format(time.RFC3339),
		Generator: "Lantai",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + "/feed.atom?" + params},
			{Rel: "alternate", Type: "text/html", Href: base + "/?" + params},
		},
	}
	newest := feedEpoch
	for _, h := range res.Hits {
		e := feedEntry(base, h)
		if t, err := time.Parse(time.DateOnly, h.Date); err == nil && t.After(newest) {
			newest = t
		}
		f.Entries = append(f.Entries, e)
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
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", b.Bytes())
}

// feedEntry is one hit as an entry: its report page (its section's
// anchor for a section hit), date, agency, catalog and snippet.
func feedEntry(base string, h search.Hit) atomEntry {
	link := base + "/reports/" + url.PathEscape(h.ID)
	id := "urn:lantai:report:" + h.ID
	title := h.Title
	if h.Section != nil {
		link += "#s-" + url.PathEscape(h.Section.ID)
		id += ":section:" + h.Section.ID
		title += " — " + strings.TrimSpace(h.Section.Number+" "+h.Section.Heading)
	}
	e := atomEntry{
		ID:    xmlText(id),
		Title: atomText{Text: xmlText(title)},
		Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
	}
	if t, err := time.Parse(time.DateOnly, h.Date); err == nil {
		e.Updated = t.Format(time.RFC3339)
	}
	if h.Agency != "" {
		e.Authors = []atomPerson{{Name: xmlText(h.Agency)}}
	}
	if h.Catalog != "" {
		e.Categories = []atomCategory{{Term: xmlText(h.Catalog)}}
	}
	if len(h.Snippets) > 0 {
		e.Summary = &atomText{Type: "text", Text: xmlText(stripMarks(strings.Join(h.Snippets, " … ")))}
	}
	return e
}

// feedParams are the search's parameters that select its hits, as a
// query string in a fixed order (the feed's id and links).
func feedParams(req search.Request) string {
	v := url.Values{}
	for _, p := range [][2]string{{"q", req.Query}, {"scope", req.Scope}, {"agency", req.Agency}, {"catalog", req.Catalog}, {"from", req.From}, {"to", req.To}} {
		if p[1] != "" {
			v.Set(p[0], p[1])
		}
	}
	if req.Year != 0 {
		v.Set("year", strconv.Itoa(req.Year))
	}
	return v.Encode()
}

// stripMarks turns a snippet (escaped HTML with <mark> tags) into its
// plain text.
func stripMarks(s string) string {
	return html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s))
}

// xmlText drops what XML 1.0 cannot carry at all (invalid UTF-8, control
// characters other than tab and line breaks, U+FFFE and U+FFFF); the
// encoder escapes the rest.
func xmlText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t', r == '\n', r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return -1
		}
		return r
	}, s)
}
