package main

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// atomFeedOf is what the end-to-end test reads of a feed (RFC 4287).
type atomFeedOf struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func fetchFeed(t *testing.T, base, q string) atomFeedOf {
	t.Helper()
	resp, err := http.Get(base + "/feed.atom?" + url.Values{"q": {q}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var f atomFeedOf
	if err := xml.Unmarshal(body, &f); err != nil {
		t.Fatalf("feed is not well-formed: %v\n%s", err, body)
	}
	if f.ID == "" || f.Title == "" || f.Updated == "" {
		t.Fatalf("feed lacks id, title or updated: %+v", f)
	}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" || e.Updated == "" || !strings.HasPrefix(e.Link.Href, base+"/reports/") {
			t.Fatalf("entry lacks a required element: %+v", e)
		}
	}
	return f
}

// TestFeedEndToEnd follows a query's Atom feed on the real server: the
// samples' reports newest first, then an upload at the top.
func TestFeedEndToEnd(t *testing.T) {
	base := startServe(t, t.TempDir(), "--admin-token", "feed-test")
	before := fetchFeed(t, base, "法治")
	if len(before.Entries) == 0 {
		t.Fatal("no entries for 法治 in the samples")
	}
	for i := 1; i < len(before.Entries); i++ {
		if before.Entries[i].Updated > before.Entries[i-1].Updated {
			t.Errorf("entries not newest first: %s after %s", before.Entries[i].Updated, before.Entries[i-1].Updated)
		}
	}
	report := "云溪区2025年法治政府建设年度报告\n\n发文机构\n云溪区人民政府\n日期\n2026-03-31\n\n一、主要工作\n推进法治政府建设。\n"
	req, _ := http.NewRequest(http.MethodPost, base+"/api/reports?name=yunxi-2025-fazhi.txt", strings.NewReader(report))
	req.Header.Set("Authorization", "Bearer feed-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	after := fetchFeed(t, base, "法治")
	if len(after.Entries) == 0 || !strings.Contains(after.Entries[0].Title, "2025年法治政府") || after.Updated < "2026-03-31" {
		t.Errorf("after the upload the feed starts with %+v (updated %s), want the new report", after.Entries[:1], after.Updated)
	}
}
