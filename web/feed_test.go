package web

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestFeed(t *testing.T) {
	s, fb := testServer(t, Config{BaseURL: "https://lantai.example.org"})
	rec := get(t, s, "/feed.atom?q=营商&scope=sections&agency=某区&sort=relevance&page=3")
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if req := fb.lastReq; req.Sort != "-date" || req.Page != 1 || req.Size != feedSize || req.Agency != "某区" || req.Scope != "sections" {
		t.Errorf("the feed searched %+v; want newest first, page 1 of %d, the search's filters", req, feedSize)
	}
	var f atomFeed
	if err := xml.Unmarshal(rec.Body.Bytes(), &f); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, rec.Body)
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.ID == "" || f.Title.Text != "兰台检索：营商" {
		t.Errorf("feed head %+v", f)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	rels := map[string]string{}
	for _, l := range f.Links {
		rels[l.Rel] = l.Href
	}
	if !strings.HasPrefix(rels["self"], "https://lantai.example.org/feed.atom?") || !strings.HasPrefix(rels["alternate"], "https://lantai.example.org/?") ||
		!strings.Contains(rels["self"], "agency=") || strings.Contains(rels["self"], "page=") {
		t.Errorf("feed links %v", rels)
	}
	if len(f.Entries) != 1 {
		t.Fatalf("%d entries, want the one hit", len(f.Entries))
	}
	e := f.Entries[0]
	hit := hostileHit()
	// The hostile title and heading come back as text, whole.
	if e.ID == "" || !strings.HasPrefix(e.Title.Text, hit.Title) || !strings.Contains(e.Title.Text, hit.Section.Heading) {
		t.Errorf("entry id %q title %q", e.ID, e.Title.Text)
	}
	if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
		t.Errorf("entry updated %q: %v", e.Updated, err)
	}
	if len(e.Links) != 1 || !strings.HasPrefix(e.Links[0].Href, "https://lantai.example.org/reports/evil#s-") {
		t.Errorf("entry links %+v", e.Links)
	}
	if e.Summary == nil || strings.Contains(e.Summary.Text, "<mark>") || !strings.Contains(e.Summary.Text, "营商环境") {
		t.Errorf("entry summary %+v", e.Summary)
	}
	for _, raw := range []string{"<script", "<img"} {
		if strings.Contains(rec.Body.String(), raw) {
			t.Errorf("feed carries raw %q", raw)
		}
	}
}

func TestFeedErrors(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/feed.atom?q=a&year=abc")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "year") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Errorf("bad parameter: %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
}

func TestXMLText(t *testing.T) {
	if got := xmlText("a\x00b\x1bc\td\uFFFEe\xffz"); got != "abc\tde\uFFFDz" {
		t.Errorf("xmlText = %q", got)
	}
}
