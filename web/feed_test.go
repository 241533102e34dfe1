package web

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/lantai/lantai/search"
)

// The tests read feeds into these RFC 4287 structs of their own rather than
// the server's, so a mistake in the server's tags cannot cancel out.
type rfcFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"http://www.w3.org/2005/Atom id"`
	Title     rfcText     `xml:"http://www.w3.org/2005/Atom title"`
	Updated   string      `xml:"http://www.w3.org/2005/Atom updated"`
	Authors   []rfcPerson `xml:"http://www.w3.org/2005/Atom author"`
	Generator string      `xml:"http://www.w3.org/2005/Atom generator"`
	Links     []rfcLink   `xml:"http://www.w3.org/2005/Atom link"`
	Entries   []rfcEntry  `xml:"http://www.w3.org/2005/Atom entry"`
}

type rfcText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type rfcPerson struct {
	Name string `xml:"http://www.w3.org/2005/Atom name"`
}

type rfcLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type rfcEntry struct {
	ID         string        `xml:"http://www.w3.org/2005/Atom id"`
	Title      rfcText       `xml:"http://www.w3.org/2005/Atom title"`
	Updated    string        `xml:"http://www.w3.org/2005/Atom updated"`
	Links      []rfcLink     `xml:"http://www.w3.org/2005/Atom link"`
	Authors    []rfcPerson   `xml:"http://www.w3.org/2005/Atom author"`
	Categories []rfcCategory `xml:"http://www.w3.org/2005/Atom category"`
	Summary    *rfcText      `xml:"http://www.w3.org/2005/Atom summary"`
}

type rfcCategory struct {
	Term string `xml:"term,attr"`
}

// link is the href of the link with rel, or "".
func link(links []rfcLink, rel string) string {
	for _, l := range links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// fetchAtom gets a feed, checks it is well-formed Atom with every element
// RFC 4287 requires, and returns it with its body.
func fetchAtom(t *testing.T, s *Server, target string) (rfcFeed, string) {
	t.Helper()
	rec := get(t, s, target)
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, rec.Code, body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", target, ct)
	}
	for i, r := range body {
		if !isXMLChar(r) || (r == utf8.RuneError && !strings.HasPrefix(body[i:], "\uFFFD")) {
			t.Fatalf("GET %s: byte %d is %q, which XML 1.0 cannot carry", target, i, r)
		}
	}
	var f rfcFeed
	if err := xml.Unmarshal(rec.Body.Bytes(), &f); err != nil {
		t.Fatalf("GET %s: not well-formed: %v\n%s", target, err, body)
	}
	checkAtomRequired(t, f)
	return f, body
}

// isXMLChar is the Char production of XML 1.0.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// checkAtomRequired checks RFC 4287 §4.1.1 and §4.1.2: ids that are
// absolute IRIs, titles, RFC 3339 updated times, an author on the feed or
// on every entry, and each entry's absolute alternate link.
func checkAtomRequired(t *testing.T, f rfcFeed) {
	t.Helper()
	absolute := func(what, s string) {
		if u, err := url.Parse(s); err != nil || !u.IsAbs() {
			t.Errorf("%s %q is not an absolute URI", what, s)
		}
	}
	absolute("feed id", f.ID)
	absolute("feed rel=self", link(f.Links, "self"))
	absolute("feed rel=alternate", link(f.Links, "alternate"))
	if f.Title.Text == "" {
		t.Error("feed has no title")
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated: %v", err)
	}
	seen := map[string]bool{}
	for i, e := range f.Entries {
		absolute("entry id", e.ID)
		if seen[e.ID] {
			t.Errorf("entry id %q twice", e.ID)
		}
		seen[e.ID] = true
		if e.Title.Text == "" {
			t.Errorf("entry %d has no title", i)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry %d updated: %v", i, err)
		}
		if u, err := url.Parse(link(e.Links, "alternate")); err != nil || u.Scheme == "" || u.Host == "" {
			t.Errorf("entry %d alternate link %q is not absolute", i, link(e.Links, "alternate"))
		}
		if len(f.Authors) == 0 && len(e.Authors) == 0 {
			t.Errorf("entry %d has no author and neither has the feed", i)
		}
	}
}

func TestFeed(t *testing.T) {
	s, fb := testServer(t, Config{BaseURL: "https://lantai.example.org"})
	f, body := fetchAtom(t, s, "/feed.atom?q=营商&scope=sections&agency=某区&sort=relevance&page=3")
	if req := fb.lastReq; req.Sort != search.SortDateDesc || req.Page != 1 || req.Size != feedSize || req.Agency != "某区" || req.Scope != search.ScopeSections {
		t.Errorf("the feed searched %+v; want newest first, page 1 of %d, the search's filters", req, feedSize)
	}
	if f.Title.Text != "兰台检索：营商 · 章节 · 发文机构：某区" {
		t.Errorf("feed title %q", f.Title.Text)
	}
	want := "https://lantai.example.org/feed.atom?agency=%E6%9F%90%E5%8C%BA&q=%E8%90%A5%E5%95%86&scope=sections"
	if f.ID != want || link(f.Links, "self") != want {
		t.Errorf("feed id %q, self %q; want the canonical %q (no sort or page)", f.ID, link(f.Links, "self"), want)
	}
	if alt := link(f.Links, "alternate"); alt != "https://lantai.example.org/?agency=%E6%9F%90%E5%8C%BA&q=%E8%90%A5%E5%95%86&scope=sections" {
		t.Errorf("feed alternate %q", alt)
	}
	if f.Generator == "" {
		t.Error("feed has no generator")
	}
	if len(f.Entries) != 1 {
		t.Fatalf("%d entries, want the one hit", len(f.Entries))
	}
	e, hit := f.Entries[0], hostileHit()
	// The hostile title and heading come back as text, whole.
	if !strings.HasPrefix(e.Title.Text, hit.Title) || !strings.HasSuffix(e.Title.Text, hit.Section.Number+hit.Section.Heading) {
		t.Errorf("entry title %q", e.Title.Text)
	}
	if e.ID != "urn:lantai:report:evil:section:1%22%3E%3Cscript%3E" {
		t.Errorf("entry id %q", e.ID)
	}
	if got := link(e.Links, "alternate"); got != "https://lantai.example.org/reports/evil#s-1%22%3E%3Cscript%3E" {
		t.Errorf("entry link %q", got)
	}
	if len(e.Authors) != 1 || e.Authors[0].Name != hit.Agency || len(e.Categories) != 1 || e.Categories[0].Term != hit.Catalog {
		t.Errorf("entry author %+v, category %+v", e.Authors, e.Categories)
	}
	if e.Summary == nil || e.Summary.Type != "text" || strings.Contains(e.Summary.Text, "<mark>") ||
		!strings.Contains(e.Summary.Text, "营商环境"+xssScript) || !strings.Contains(e.Summary.Text, "<b>ok</b>") {
		t.Errorf("entry summary %+v", e.Summary)
	}
	for _, raw := range []string{"<script", "<img", "<mark", "<b>"} {
		if strings.Contains(body, raw) {
			t.Errorf("feed carries raw %q", raw)
		}
	}
	// The hit's date is no date: its entry and the feed take the epoch.
	if f.Updated != "2000-01-01T00:00:00Z" || e.Updated != f.Updated {
		t.Errorf("updated: feed %s, entry %s", f.Updated, e.Updated)
	}
}

func TestFeedNewestFirst(t *testing.T) {
	s, fb := testServer(t, Config{})
	fb.res = &search.Response{Total: 5, Hits: []search.Hit{
		{ID: "b", Title: "乙", Date: "2023-01-02", Match: search.MatchExact},
		{ID: "c", Title: "丙", Date: "2021-05-01", Match: search.MatchExact},
		{ID: "u", Title: "未注日期", Match: search.MatchExact},
		// Related hits come after the exact ones, whatever their date.
		{ID: "a", Title: "甲", Date: "2024-06-30", Match: search.MatchRelated,
			Section: &search.SectionRef{ID: "2.1", Number: "（一）", Heading: "优化营商环境"}},
		{ID: "d", Title: "丁", Date: "1998-03-04", Match: search.MatchRelated},
	}}
	f, _ := fetchAtom(t, s, "/feed.atom?q=营商")
	var ids, updated []string
	for _, e := range f.Entries {
		ids = append(ids, e.ID)
		updated = append(updated, e.Updated)
	}
	wantIDs := []string{"urn:lantai:report:a:section:2.1", "urn:lantai:report:b", "urn:lantai:report:c", "urn:lantai:report:d", "urn:lantai:report:u"}
	wantUpdated := []string{"2024-06-30T00:00:00Z", "2023-01-02T00:00:00Z", "2021-05-01T00:00:00Z", "1998-03-04T00:00:00Z", "2024-06-30T00:00:00Z"}
	if !slices.Equal(ids, wantIDs) || !slices.Equal(updated, wantUpdated) {
		t.Errorf("entries %v updated %v; want %v updated %v", ids, updated, wantIDs, wantUpdated)
	}
	if f.Updated != "2024-06-30T00:00:00Z" {
		t.Errorf("feed updated %s, want the newest entry's", f.Updated)
	}
	// Without a configured base URL, links are absolute on the request's host.
	if got := link(f.Entries[0].Links, "alternate"); got != "http://example.com/reports/a#s-2.1" {
		t.Errorf("section entry link %q", got)
	}
	if got := link(f.Entries[1].Links, "alternate"); got != "http://example.com/reports/b" {
		t.Errorf("report entry link %q", got)
	}
	if got := f.Entries[0].Title.Text; got != "甲 — （一）优化营商环境" {
		t.Errorf("section entry title %q", got)
	}

	// A feed of old reports is as old as they are, not the epoch.
	fb.res = &search.Response{Total: 1, Hits: []search.Hit{{ID: "d", Title: "丁", Date: "1998-03-04"}}}
	if f, _ := fetchAtom(t, s, "/feed.atom?q=营商"); f.Updated != "1998-03-04T00:00:00Z" {
		t.Errorf("feed of a 1998 report updated %s", f.Updated)
	}
}

func TestFeedHostileText(t *testing.T) {
	s, fb := testServer(t, Config{})
	titles := []struct{ in, want string }{
		{xssScript + xssAttr, xssScript + xssAttr},
		{`A & B <b>粗</b> ]]> '"`, `A & B <b>粗</b> ]]> '"`},
		{"控制\x00字\x01符\x1b\x7f\u0085尾", "控制字符\x7f\u0085尾"},
		{"坏\xff\xfe字节\xc3", "坏\uFFFD字节\uFFFD"},
		{"非字符\uFFFE\uFFFF", "非字符"},
		{"换行\r\n与\t制表", "换行\r\n与\t制表"},
	}
	var hits []search.Hit
	for i, tt := range titles {
		hits = append(hits, search.Hit{
			ID: string(rune('a' + i)), Title: tt.in, Agency: tt.in, Catalog: tt.in, Date: "2022-01-02",
			Snippets: []string{"…<mark>营商</mark>&lt;b&gt;&amp;\x00\x1b…"},
		})
	}
	fb.res = &search.Response{Total: uint64(len(hits)), Hits: hits}
	f, body := fetchAtom(t, s, "/feed.atom?q="+url.QueryEscape("营商\x7f"+xssScript))
	if len(f.Entries) != len(titles) {
		t.Fatalf("%d entries, want %d", len(f.Entries), len(titles))
	}
	for i, e := range f.Entries {
		tt := titles[i]
		if e.Title.Text != tt.want || e.Authors[0].Name != tt.want || e.Categories[0].Term != tt.want {
			t.Errorf("title %q came back as %q (author %q, category %q), want %q",
				tt.in, e.Title.Text, e.Authors[0].Name, e.Categories[0].Term, tt.want)
		}
		if e.Summary == nil || e.Summary.Text != "…营商<b>&…" {
			t.Errorf("summary %+v, want the snippet as plain text", e.Summary)
		}
	}
	if !strings.Contains(f.Title.Text, xssScript) || strings.Contains(body, "<script") || strings.Contains(body, "<b>") {
		t.Errorf("feed title %q; markup must be escaped text", f.Title.Text)
	}
}

func TestFeedEmptyIsStable(t *testing.T) {
	s, _ := testServer(t, Config{BaseURL: "https://lantai.example.org"})
	f, body := fetchAtom(t, s, "/feed.atom?q=nothing")
	if len(f.Entries) != 0 || f.Updated != "2000-01-01T00:00:00Z" || len(f.Authors) == 0 {
		t.Errorf("empty feed: %d entries, updated %s, authors %v", len(f.Entries), f.Updated, f.Authors)
	}
	if _, again := fetchAtom(t, s, "/feed.atom?q=nothing"); again != body {
		t.Errorf("the same feed fetched twice differs:\n%s\n%s", body, again)
	}
	// No parameters at all: the archive's newest reports, with no bare "?".
	f, _ = fetchAtom(t, s, "/feed.atom")
	if f.ID != "https://lantai.example.org/feed.atom" || f.Title.Text != "兰台检索：最新报告" {
		t.Errorf("feed of no query: id %q title %q", f.ID, f.Title.Text)
	}
}

func TestFeedErrors(t *testing.T) {
	s, _ := testServer(t, Config{RequestTimeout: 50 * time.Millisecond})
	for _, tt := range []struct {
		target  string
		status  int
		code    string
		mention string
	}{
		{"/feed.atom?q=a&year=abc", 400, codeBadRequest, "year"},
		{"/feed.atom?q=a&scope=all", 400, codeBadRequest, "scope"},
		{"/feed.atom?q=a&from=2021/01/01", 400, codeBadRequest, "from"},
		{"/feed.atom?q=a&page=0", 400, codeBadRequest, "page"},
		{"/feed.atom?q=a&sort=oldest", 400, codeBadRequest, "sort"},
		{"/feed.atom?q=%ff", 400, codeBadRequest, "UTF-8"},
		{"/feed.atom?q=badsyntax", 400, codeBadRequest, "unclosed quote"},
		{"/feed.atom?q=slow", 504, codeTimeout, "too long"},
		{"/feed.atom?q=fail", 500, codeInternal, "internal error"},
	} {
		rec := get(t, s, tt.target)
		var body errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != tt.status ||
			body.Error.Code != tt.code || !strings.Contains(body.Error.Message, tt.mention) {
			t.Errorf("GET %s: %d %s; want %d %s mentioning %q", tt.target, rec.Code, rec.Body, tt.status, tt.code, tt.mention)
		}
		if strings.Contains(rec.Body.String(), "/srv/lantai") {
			t.Errorf("GET %s leaks internals: %s", tt.target, rec.Body)
		}
	}
}

// feedLinks returns the hrefs of a page's <link rel="alternate"> feeds in
// its head and of its <a type="application/atom+xml"> links.
func feedLinks(t *testing.T, page string) (head, anchors []string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node, inHead bool)
	walk = func(n *html.Node, inHead bool) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			switch {
			case n.Data == "head":
				inHead = true
			case n.Data == "link" && inHead && a["rel"] == "alternate" && a["type"] == "application/atom+xml":
				head = append(head, a["href"])
			case n.Data == "a" && a["type"] == "application/atom+xml":
				anchors = append(anchors, a["href"])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHead)
		}
	}
	walk(doc, false)
	return head, anchors
}

func TestPagesAdvertiseFeed(t *testing.T) {
	s, _ := testServer(t, Config{})
	for _, tt := range []struct {
		page string
		feed string // "" when the page advertises none
		link bool   // the page also shows a 订阅 link
	}{
		{"/?q=营商&agency=某区&sort=-date&page=2&size=20", "/feed.atom?agency=%E6%9F%90%E5%8C%BA&q=%E8%90%A5%E5%95%86", true},
		{"/?q=营商&scope=sections&year=2022", "/feed.atom?q=%E8%90%A5%E5%95%86&scope=sections&year=2022", true},
		{"/?agency=某区", "/feed.atom?agency=%E6%9F%90%E5%8C%BA", true},
		{"/years?q=营商&agency=某区", "/feed.atom?agency=%E6%9F%90%E5%8C%BA&q=%E8%90%A5%E5%95%86&scope=sections", false},
		{"/", "", false},
		{"/?q=badsyntax", "", false},
		{"/?q=营商&year=abc", "", false},
		{"/years", "", false},
		{"/reports/evil?q=营商", "", false},
		{"/help", "", false},
	} {
		rec := get(t, s, tt.page)
		head, anchors := feedLinks(t, rec.Body.String())
		var wantHead, wantAnchors []string
		if tt.feed != "" {
			wantHead = []string{tt.feed}
		}
		if tt.link {
			wantAnchors = wantHead
			if !strings.Contains(rec.Body.String(), "订阅 (Atom)") {
				t.Errorf("%s: no 订阅 (Atom) link text", tt.page)
			}
		}
		if !slices.Equal(head, wantHead) || !slices.Equal(anchors, wantAnchors) {
			t.Errorf("%s: head feeds %q, links %q; want %q, %q", tt.page, head, anchors, wantHead, wantAnchors)
		}
		if tt.feed != "" {
			fetchAtom(t, s, tt.feed)
		}
	}
}

func TestXMLText(t *testing.T) {
	if got := xmlText("a\x00b\x1bc\td\uFFFEe\xffz"); got != "abc\tde\uFFFDz" {
		t.Errorf("xmlText = %q", got)
	}
}
