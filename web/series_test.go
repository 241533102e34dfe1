package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lantai/lantai/search"
)

// decode reads a JSON body into v, failing the test on a bad status.
func decodeJSON(t *testing.T, name string, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("%s: %v: %s", name, err, body)
	}
}

func TestAPISeriesList(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/api/series")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var body struct {
		Series []search.Series `json:"series"`
	}
	decodeJSON(t, "list", rec.Body.Bytes(), &body)
	if len(body.Series) != 2 || body.Series[0].ID != fakeSeriesID || len(body.Series[0].Members) != 5 {
		t.Fatalf("series = %+v", body.Series)
	}
	for _, k := range []string{`"id"`, `"name"`, `"agency"`, `"kind"`, `"years"`, `"members"`, `"year"`, `"title"`} {
		if !strings.Contains(rec.Body.String(), k) {
			t.Errorf("body lacks %s", k)
		}
	}

	rec = get(t, s, "/api/series?agency="+url.QueryEscape("青山")+"&q="+url.QueryEscape("没有这种"))
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"series":[]}` {
		t.Errorf("empty list: %d %s", rec.Code, rec.Body)
	}
	rec = get(t, s, "/api/series?agency="+strings.Repeat("长", maxFilterRunes+1))
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "agency") {
		t.Errorf("long agency: %d %s", rec.Code, rec.Body)
	}
}

func TestAPISeriesByID(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/api/series/"+fakeSeriesID)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var sr search.Series
	decodeJSON(t, "series", rec.Body.Bytes(), &sr)
	if sr.Name != "青山区人民政府 法治政府建设情况报告" || len(sr.Years) != 5 || sr.Members[2].ID != "qs2021" {
		t.Errorf("series = %+v", sr)
	}
	rec = get(t, s, "/api/series/nosuch")
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `"not_found"`) {
		t.Errorf("unknown: %d %s", rec.Code, rec.Body)
	}
	rec = get(t, s, "/api/series/"+strings.Repeat("a", maxIDBytes+1))
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "id must be at most") {
		t.Errorf("long id: %d %s", rec.Code, rec.Body)
	}
}

func TestAPIReportSeries(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/api/reports/qs2022/series")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"id":"`+fakeSeriesID+`"`) {
		t.Errorf("member: %d %s", rec.Code, rec.Body)
	}
	rec = get(t, s, "/api/reports/lonely/series")
	if rec.Code != http.StatusNotFound {
		t.Errorf("no series: %d %s", rec.Code, rec.Body)
	}
}

func TestAPICompare(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/api/compare?a=qs2021&b=qs2022")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var cmp search.Comparison
	decodeJSON(t, "compare", rec.Body.Bytes(), &cmp)
	if cmp.A.ID != "qs2021" || cmp.B.Year != 2022 || len(cmp.Pairs) != 3 || len(cmp.UnmatchedA) != 1 ||
		cmp.Pairs[0].Changes[0].Numbers[0].B != "150件" {
		t.Errorf("comparison = %+v", cmp)
	}
	for _, k := range []string{`"pairs"`, `"similarity"`, `"changes"`, `"unmatched_a"`, `"unmatched_b"`, `"split_from"`, `"merged_into"`} {
		if !strings.Contains(rec.Body.String(), k) {
			t.Errorf("body lacks %s", k)
		}
	}
	for target, param := range map[string]string{
		"/api/compare?b=qs2022":               "a is required",
		"/api/compare?a=qs2021":               "b is required",
		"/api/compare?a=qs2021&b=%20":         "b is required",
		"/api/compare?a=qs2021&b=" + longID(): "b must be at most",
	} {
		rec := get(t, s, target)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), param) {
			t.Errorf("%s: %d %s", target, rec.Code, rec.Body)
		}
	}
	if rec := get(t, s, "/api/compare?a=qs2021&b=nosuch"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown report: %d %s", rec.Code, rec.Body)
	}
}

func longID() string { return strings.Repeat("x", maxIDBytes+1) }

func TestAPITimeline(t *testing.T) {
	s, _ := testServer(t, Config{})
	metric := url.QueryEscape("行政复议申请")
	rec := get(t, s, "/api/timeline?series="+fakeSeriesID+"&metric="+metric)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var raw struct {
		Series *search.Series   `json:"series"`
		Metric string           `json:"metric"`
		Points []map[string]any `json:"points"`
	}
	decodeJSON(t, "timeline", rec.Body.Bytes(), &raw)
	if raw.Series == nil || raw.Series.ID != fakeSeriesID || raw.Metric != "行政复议申请" || len(raw.Points) != 5 {
		t.Fatalf("timeline = %+v", raw)
	}
	if v, ok := raw.Points[2]["value"]; !ok || v != nil {
		t.Errorf("2021 value = %v (present %v), want null", v, ok)
	}
	if v := raw.Points[0]["value"]; v != 90.0 {
		t.Errorf("2019 value = %v", v)
	}
	for _, k := range []string{"year", "report_id", "title", "value", "value_max", "unit", "qualifier", "text", "sentence", "offset", "occurrences"} {
		if _, ok := raw.Points[0][k]; !ok {
			t.Errorf("point lacks %q", k)
		}
	}
	for target, param := range map[string]string{
		"/api/timeline?metric=" + metric:                                              "series is required",
		"/api/timeline?series=" + fakeSeriesID:                                        "metric is required",
		"/api/timeline?series=" + fakeSeriesID + "&metric=" + strings.Repeat("长", 41): "metric must be at most 40",
		"/api/timeline?series=" + fakeSeriesID + "&metric=" + metric + "&format=xml":  "format must be",
		"/api/timeline?series=" + longID() + "&metric=" + metric:                      "series must be at most",
	} {
		rec := get(t, s, target)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), param) {
			t.Errorf("%s: %d %s", target, rec.Code, rec.Body)
		}
	}
	if rec := get(t, s, "/api/timeline?series=nosuch&metric="+metric); rec.Code != http.StatusNotFound {
		t.Errorf("unknown series: %d %s", rec.Code, rec.Body)
	}
}

func TestAPITimelineCSV(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/api/timeline?series="+fakeSeriesID+"&metric="+url.QueryEscape("行政复议申请")+"&format=csv")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="timeline-`+fakeSeriesID+`.csv"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	rows, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "year,report_id,title,value,value_max,unit,qualifier,text,sentence,offset,occurrences" {
		t.Errorf("header = %q", rows[0])
	}
	if len(rows) != 6 {
		t.Fatalf("%d rows: %q", len(rows), rows)
	}
	if got := rows[1]; got[0] != "2019" || got[1] != "qs2019" || got[3] != "90" || got[4] != "" || got[5] != "件" || got[10] != "1" {
		t.Errorf("2019 row = %q", got)
	}
	if got := rows[3]; got[0] != "2021" || got[3] != "" || got[4] != "" || got[9] != "" || got[10] != "0" {
		t.Errorf("2021 (null) row = %q", got)
	}
	if got := rows[4]; got[3] != "120" || got[4] != "130" {
		t.Errorf("2022 row = %q", got)
	}
}

func TestSeriesPages(t *testing.T) {
	s, _ := testServer(t, Config{})
	for target, wants := range map[string][]string{
		"/series": {"报告系列", `href="/series/` + fakeSeriesID + `"`, "青山区人民政府 法治政府建设情况报告", "5 份报告", "2019–2023 年"},
		"/series?agency=" + url.QueryEscape("青山"): {"青山区人民政府 法治政府建设情况报告", `value="青山"`},
		"/series/" + fakeSeriesID: {"青山区人民政府 法治政府建设情况报告", `href="/reports/qs2021"`, `href="/reports/qs2022"`,
			`action="/compare"`, `name="a"`, `name="b"`, `<option value="qs2022" selected>`, `action="/timeline"`,
			`name="series" value="` + fakeSeriesID + `"`, `name="metric"`},
		"/compare?a=qs2021&b=qs2022": {"报告比较", "<del>全年受理行政复议申请<mark>120件</mark>。</del>",
			"<ins>全年受理行政复议申请<mark>150件</mark>。</ins>", "相似度 82%", "拆分：", "合并：", "仅见于 A（2021）", "仅见于 B（2022）", "下一步打算",
			`href="/reports/qs2021#s-4"`},
		"/timeline?series=" + fakeSeriesID + "&metric=" + url.QueryEscape("行政复议申请"): {"<svg", "<circle", "<polyline", "<title>2019 年：90件</title>",
			"行政复议申请（件）", `href="/api/timeline?series=` + fakeSeriesID + `&amp;metric=` + url.QueryEscape("行政复议申请") + `&amp;format=csv"`,
			"<mark>90件</mark>", "未提及", "单位不同，未画出", `href="/reports/qs2023?at=4#first-hit"`, "没有画出", "图中断开",
			`<a href="/reports/qs2019?at=10#first-hit" class="dot"><circle`},
	} {
		rec := get(t, s, target)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d: %s", target, rec.Code, rec.Body)
			continue
		}
		body := rec.Body.String()
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s: lacks %q", target, w)
			}
		}
		checkNoInjection(t, target, body)
	}
}

func TestSeriesPageErrors(t *testing.T) {
	s, _ := testServer(t, Config{})
	for target, want := range map[string]int{
		"/series/nosuch":                   http.StatusNotFound,
		"/compare?a=qs2021":                http.StatusBadRequest,
		"/compare":                         http.StatusBadRequest,
		"/timeline?series=" + fakeSeriesID: http.StatusBadRequest,
		"/timeline?series=nosuch&metric=x": http.StatusNotFound,
		"/series?q=" + strings.Repeat("长", maxFilterRunes+1): http.StatusBadRequest,
	} {
		rec := get(t, s, target)
		if rec.Code != want {
			t.Errorf("%s: status %d, want %d", target, rec.Code, want)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q", target, ct)
		}
	}
}

func TestSeriesPageKeywordCounts(t *testing.T) {
	s, fb := testServer(t, Config{})
	// The fake's search answers every year with one section hit in report
	// "evil", the hostile series' 2022 member.
	rec := get(t, s, "/series/"+evilSeriesID+"?q="+url.QueryEscape("营商"))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	if !strings.Contains(body, "“营商”章节数") || !strings.Contains(body, `<a href="/reports/evil?q=%E8%90%A5%E5%95%86">1</a>`) {
		t.Errorf("counts missing:\n%s", body)
	}
	fb.mu.Lock()
	req := fb.lastReq
	fb.mu.Unlock()
	if req.Scope != search.ScopeSections || req.Query != "营商" || req.Year == 0 {
		t.Errorf("search request = %+v", req)
	}
	checkNoInjection(t, "series keyword", body)
}

func TestSeriesPageEscapesHostileTitles(t *testing.T) {
	s, _ := testServer(t, Config{})
	for _, target := range []string{"/series", "/series/" + evilSeriesID, "/series/" + evilSeriesID + "?q=" + url.QueryEscape(xssScript),
		"/compare?a=evil&b=qs2022", "/reports/evil"} {
		rec := get(t, s, target)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", target, rec.Code)
			continue
		}
		body := rec.Body.String()
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s: hostile text not shown escaped", target)
		}
		checkNoInjection(t, target, body)
	}
}

func TestReportPageSeriesLine(t *testing.T) {
	s, _ := testServer(t, Config{})
	body := get(t, s, "/reports/qs2022").Body.String()
	for _, w := range []string{"属于系列：", `href="/series/` + fakeSeriesID + `"`, `href="/reports/qs2021" rel="prev"`,
		`href="/reports/qs2023" rel="next"`, `href="/compare?a=qs2021&amp;b=qs2022"`, "与上一年比较"} {
		if !strings.Contains(body, w) {
			t.Errorf("qs2022: lacks %q", w)
		}
	}
	for _, id := range []string{"lonely", "seriesfail"} {
		rec := get(t, s, "/reports/"+id)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", id, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "属于系列") {
			t.Errorf("%s: shows a series line", id)
		}
	}
}

// TestSameSectionLinks: each level-1/2 heading of a report in a series
// links to the same section in the previous and next year, resolved on
// click through Compare into a redirect to the aligned section.
func TestSameSectionLinks(t *testing.T) {
	s, _ := testServer(t, Config{})
	body := get(t, s, "/reports/qs2022").Body.String()
	for _, w := range []string{`href="/reports/qs2022/sections/1/prev" rel="nofollow"`, `href="/reports/qs2022/sections/1/next" rel="nofollow"`, "← 2021", "2023 →"} {
		if !strings.Contains(body, w) {
			t.Errorf("qs2022: lacks %q", w)
		}
	}
	if strings.Contains(get(t, s, "/reports/lonely").Body.String(), `class="sec-nav"`) {
		t.Error("a report in no series has same-section links")
	}
	for target, want := range map[string]string{
		"/reports/qs2022/sections/1/prev": "/reports/qs2021#s-1",
		"/reports/qs2022/sections/3/prev": "/reports/qs2021#s-2", // A's 2 was split into B's 3
		"/reports/qs2022/sections/9/prev": "/reports/qs2021",     // aligned with nothing: the report's top
		"/reports/qs2021/sections/2/next": "/reports/qs2022#s-3",
	} {
		rec := get(t, s, target)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != want {
			t.Errorf("%s: %d → %q, want 302 → %q", target, rec.Code, rec.Header().Get("Location"), want)
		}
	}
	for target, code := range map[string]int{
		"/reports/qs2022/sections/1/sideways": 400,
		"/reports/lonely/sections/1/prev":     404,
		"/reports/qs2019/sections/1/prev":     404,
	} {
		if rec := get(t, s, target); rec.Code != code {
			t.Errorf("%s: %d, want %d", target, rec.Code, code)
		}
	}
}

func TestTimelineChartGaps(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	pts := []search.TimelinePoint{
		{Year: 2019, Value: v(1), Unit: "件", Text: "1件"},
		{Year: 2020, Value: v(2), Unit: "件", Text: "2件"},
		{Year: 2021},
		{Year: 2022, Value: v(3), Unit: "件", Text: "3件"},
		{Year: 2023, Value: v(4), Unit: "件", Text: "4件"},
		{Year: 2024, Value: v(9), Unit: "%", Text: "9%"},
	}
	if u := commonUnit(pts); u != "件" {
		t.Fatalf("unit = %q", u)
	}
	ch := buildChart(pts, "件", "m")
	if ch == nil || len(ch.Lines) != 2 || len(ch.Dots) != 4 {
		t.Fatalf("chart = %+v", ch)
	}
	if buildChart([]search.TimelinePoint{{Year: 2020}}, "", "m") != nil {
		t.Error("a chart with no values")
	}
}

func TestMarkAll(t *testing.T) {
	got := string(markAll("<b>增长12%，达12亿元", []string{"12亿元", "", "12%"}))
	want := "&lt;b&gt;增长<mark>12%</mark>，达<mark>12亿元</mark>"
	if got != want {
		t.Errorf("markAll = %q, want %q", got, want)
	}
}

func TestCSVTextDefusesFormulas(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"全年收到行政复议申请125件", "全年收到行政复议申请125件"},
		{"", ""},
	} {
		if got := csvText(tt.in); got != tt.want {
			t.Errorf("csvText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
