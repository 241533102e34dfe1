package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/lantai/lantai/search"
)

// TestHitCitationCounts: the API passes a hit's counts on, and leaves
// them out while they are not known; the results page shows 被引 N on a
// hit that is cited, linking to the search of what cites it.
func TestHitCitationCounts(t *testing.T) {
	s, fb := testServer(t, Config{})
	three, one, zero := 3, 1, 0
	fb.res = &search.Response{Total: 3, Page: 1, Size: 10, Hits: []search.Hit{
		{ID: "0123456789abcdef", Title: "被引用的文件", Match: search.MatchExact, Snippets: []string{}, CitedByCount: &three, CitesCount: &one},
		{ID: "fedcba9876543210", Title: "无人引用的文件", Match: search.MatchExact, Snippets: []string{}, CitedByCount: &zero, CitesCount: &zero},
		{ID: "1111111111111111", Title: "计数未知的文件", Match: search.MatchExact, Snippets: []string{}},
	}}
	rec := get(t, s, "/api/search?q=营商环境")
	var body struct {
		Hits []map[string]any `json:"hits"`
	}
	decodeJSON(t, "search", rec.Body.Bytes(), &body)
	if len(body.Hits) != 3 || body.Hits[0]["cited_by_count"] != 3.0 || body.Hits[0]["cites_count"] != 1.0 || body.Hits[1]["cited_by_count"] != 0.0 {
		t.Errorf("counts in the API: %s", rec.Body)
	}
	if _, ok := body.Hits[2]["cited_by_count"]; ok {
		t.Errorf("a hit whose counts are not known has one: %v", body.Hits[2])
	}

	page := get(t, s, "/?q=营商环境").Body.String()
	if n := strings.Count(page, "被引 "); n != 1 || !strings.Contains(page, ">被引 3</a>") {
		t.Errorf("the results page shows 被引 %d times, want once, as 被引 3", n)
	}
	if !strings.Contains(page, `href="/?q=cites%3a0123456789abcdef"`) {
		t.Errorf("被引 does not link to the search of what cites the hit:\n%s", page[strings.Index(page, "被引用的文件"):][:600])
	}
}

// attachedBackend is the fake whose qs2021 is a page with one attached
// file, the report lonely.
type attachedBackend struct{ *fakeBackend }

func (b attachedBackend) Citations(ctx context.Context, id string) (*search.Citations, error) {
	if id != "qs2021" {
		return b.fakeBackend.Citations(ctx, id)
	}
	child := "lonely"
	return &search.Citations{
		Cites:   []search.CitationRef{{Text: "某市证明事项清单管理办法", Kind: "attachment", Offset: -1, ID: &child, Match: "attachment", Sentence: "附件"}},
		CitedBy: []search.CitedBy{},
	}, nil
}

// TestReportPageAttachments: a page lists the reports read from its
// attached files among what it cites, as 附件, linked.
func TestReportPageAttachments(t *testing.T) {
	s, err := New(Config{}, attachedBackend{newFake()}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	b := get(t, s, "/reports/qs2021").Body.String()
	if !strings.Contains(b, `<a href="/reports/lonely">附件：某市证明事项清单管理办法</a>`) || strings.Contains(b, "同名文件") {
		t.Errorf("the page's attachment is not listed as 附件:\n%s", b[max(0, strings.Index(b, "引用的文件")):][:400])
	}
	rec := get(t, s, "/api/reports/qs2021/citations")
	var cs search.Citations
	if err := json.Unmarshal(rec.Body.Bytes(), &cs); err != nil || len(cs.Cites) != 1 || cs.Cites[0].Kind != "attachment" || cs.Cites[0].Offset != -1 {
		t.Errorf("citations API: %s (%v)", rec.Body, err)
	}
}
