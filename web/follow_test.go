package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestFollowSection(t *testing.T) {
	s, _ := testServer(t, Config{})
	heading := url.QueryEscape("工作回顾")
	rec := get(t, s, "/api/series/"+fakeSeriesID+"/follow?heading="+heading)
	if rec.Code != http.StatusOK {
		t.Fatalf("api: %d %s", rec.Code, rec.Body.String())
	}
	var body struct {
		Heading string `json:"heading"`
		Points  []struct {
			Year     int    `json:"year"`
			ReportID string `json:"report_id"`
			Section  *struct {
				ID string `json:"id"`
			} `json:"section"`
		} `json:"points"`
	}
	decodeJSON(t, "follow", rec.Body.Bytes(), &body)
	if body.Heading != "工作回顾" || len(body.Points) < 2 || body.Points[1].Section != nil || body.Points[0].Section == nil {
		t.Errorf("follow body %+v", body)
	}
	for _, tt := range []struct {
		target string
		code   int
	}{
		{"/api/series/" + fakeSeriesID + "/follow", http.StatusBadRequest},
		{"/api/series/" + fakeSeriesID + "/follow?heading=" + url.QueryEscape(strings.Repeat("章", 201)), http.StatusBadRequest},
		{"/api/series/0000000000000000/follow?heading=x", http.StatusNotFound},
	} {
		if rec := get(t, s, tt.target); rec.Code != tt.code {
			t.Errorf("GET %s: %d, want %d", tt.target, rec.Code, tt.code)
		}
	}
	page := get(t, s, "/series/"+fakeSeriesID+"/follow?heading="+heading)
	html := page.Body.String()
	if page.Code != http.StatusOK || !strings.Contains(html, "章节跟踪：工作回顾") || !strings.Contains(html, "#s-2") || !strings.Contains(html, "没有相近的章节") {
		t.Errorf("follow page: %d\n%.2000s", page.Code, html)
	}
	if strings.Contains(html, "<script>alert") {
		t.Error("a heading's markup reached the page unescaped")
	}
	if sp := get(t, s, "/series/"+fakeSeriesID).Body.String(); !strings.Contains(sp, "/follow") {
		t.Error("the series page has no form to follow a section")
	}
}
