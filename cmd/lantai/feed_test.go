package main

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// e2eFeed is what the end-to-end test reads of a feed: the elements
// RFC 4287 requires of a feed and its entries.
type e2eFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Authors []e2eAuthor `xml:"author"`
	Links   []e2eLink   `xml:"link"`
	Entries []struct {
		ID      string      `xml:"id"`
		Title   string      `xml:"title"`
		Updated string      `xml:"updated"`
		Authors []e2eAuthor `xml:"author"`
		Links   []e2eLink   `xml:"link"`
	} `xml:"entry"`
}

type e2eAuthor struct {
	Name string `xml:"name"`
}

type e2eLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

func e2eRel(links []e2eLink, rel string) string {
	for _, l := range links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// fetchFeed gets a feed from the server at base and checks it is
// well-formed Atom with what RFC 4287 requires, entries newest first.
func fetchFeed(t *testing.T, base, target string) e2eFeed {
	t.Helper()
	resp, err := http.Get(base + target)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "application/atom+xml; charset=utf-8" {
		t.Fatalf("GET %s: %d %s %s", target, resp.StatusCode, ct, body)
	}
	var f e2eFeed
	if err := xml.Unmarshal(body, &f); err != nil {
		t.Fatalf("GET %s: not well-formed: %v\n%s", target, err, body)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil || f.ID == "" || f.Title == "" {
		t.Fatalf("feed id %q, title %q, updated %q (%v)", f.ID, f.Title, f.Updated, err)
	}
	if self := e2eRel(f.Links, "self"); !strings.HasPrefix(self, base+"/feed.atom") || !strings.HasPrefix(e2eRel(f.Links, "alternate"), base+"/") {
		t.Errorf("feed links %+v, want absolute self and alternate", f.Links)
	}
	for i, e := range f.Entries {
		updated, err := time.Parse(time.RFC3339, e.Updated)
		if err != nil || e.ID == "" || e.Title == "" || !strings.HasPrefix(e2eRel(e.Links, "alternate"), base+"/reports/") {
			t.Fatalf("entry %d lacks a required element: %+v", i, e)
		}
		if len(e.Authors) == 0 && len(f.Authors) == 0 {
			t.Errorf("entry %d has no author and neither has the feed", i)
		}
		if i > 0 {
			if prev, _ := time.Parse(time.RFC3339, f.Entries[i-1].Updated); updated.After(prev) {
				t.Errorf("entries not newest first: %s after %s", e.Updated, f.Entries[i-1].Updated)
			}
		}
	}
	return f
}

// feedLinkHref finds the feed a page advertises in its head.
var feedLinkHref = regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"`)

// TestFeedEndToEnd follows a query's Atom feed on the real server: the
// samples' reports newest first, then an upload, the newest, at the top.
func TestFeedEndToEnd(t *testing.T) {
	const token = "feed-test"
	base := startServe(t, t.TempDir(), "--admin-token", token)
	target := "/feed.atom?" + url.Values{"q": {"法治"}}.Encode()
	before := fetchFeed(t, base, target)
	if len(before.Entries) == 0 {
		t.Fatal("no entries for 法治 in the samples")
	}

	// The search page advertises this very feed.
	resp, err := http.Get(base + "/?q=" + url.QueryEscape("法治"))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := feedLinkHref.FindSubmatch(page)
	if m == nil {
		t.Fatalf("the search page advertises no feed")
	}
	if advertised := fetchFeed(t, base, html.UnescapeString(string(m[1]))); advertised.ID != before.ID {
		t.Errorf("the page advertises feed %q, want %q", advertised.ID, before.ID)
	}

	report := "云溪区2025年法治政府建设年度报告\n\n发文机构\n云溪区人民政府\n日期\n2026-03-31\n\n一、主要工作\n推进法治政府建设。\n"
	req, _ := http.NewRequest(http.MethodPost, base+"/api/reports?name=yunxi-2025-fazhi.txt", strings.NewReader(report))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var uploaded struct {
		IDs []string `json:"ids"`
	}
	err = json.NewDecoder(resp.Body).Decode(&uploaded)
	resp.Body.Close()
	if resp.StatusCode != 200 || err != nil || len(uploaded.IDs) != 1 {
		t.Fatalf("upload: %d %+v (%v)", resp.StatusCode, uploaded, err)
	}
	id := uploaded.IDs[0]

	after := fetchFeed(t, base, target)
	if want := min(len(before.Entries)+1, 20); len(after.Entries) != want {
		t.Errorf("after the upload the feed has %d entries, want %d", len(after.Entries), want)
	}
	first := after.Entries[0]
	if !strings.Contains(first.ID, id) || e2eRel(first.Links, "alternate") != base+"/reports/"+id ||
		!strings.Contains(first.Title, "2025年法治政府") || first.Updated != "2026-03-31T00:00:00Z" {
		t.Errorf("after the upload the feed starts with %+v, want report %s of 2026-03-31", first, id)
	}
	if after.Updated != "2026-03-31T00:00:00Z" || after.ID != before.ID {
		t.Errorf("after the upload the feed is %q updated %s; want %q updated 2026-03-31", after.ID, after.Updated, before.ID)
	}
}
