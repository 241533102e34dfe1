package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lantai/lantai/index/bleveindex"
	"github.com/lantai/lantai/search"
)

// TestVersionParams: bad version numbers are refused with a 400 naming
// the parameter, ones past the last version with a 404 naming it, before
// or by the backend.
func TestVersionParams(t *testing.T) {
	s, _ := testServer(t, Config{})
	tests := []struct {
		target  string
		status  int
		mention string
	}{
		{"/api/reports/evil/versions/0/diff/2", 400, "a must be a version number"},
		{"/api/reports/evil/versions/1/diff/-1", 400, "b must be a version number"},
		{"/api/reports/evil/versions/one/diff/2", 400, "a must be a whole number"},
		{"/api/reports/evil/versions/1/diff/2x", 400, "b must be a whole number"},
		{"/api/reports/evil/versions/99999999999999999999/diff/1", 400, "far too large"},
		{"/api/reports/evil/versions/3/diff/1", 404, "a=3"},
		{"/api/reports/evil/versions/1/diff/7", 404, "b=7: report evil has 2 version(s)"},
		{"/api/reports/nope/versions/1/diff/2", 404, "nope"},
		{"/api/reports/nope/versions", 404, "nope"},
		{"/api/reports/nope/editions", 404, "nope"},
		{"/reports/evil/versions/0/diff/1", 400, "a must be a version number"},
		{"/reports/evil/versions/1/diff/5", 404, ""},
	}
	for _, tt := range tests {
		rec := get(t, s, tt.target)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.mention) {
			t.Errorf("%s: %d %s, want %d naming %q", tt.target, rec.Code, rec.Body, tt.status, tt.mention)
		}
	}
}

// TestVersionPagesEscape: the diff page and the report page's 版本 and
// 法规沿革 show hostile text as text, mark what changed with <del> and
// <ins> only, and link what they name.
func TestVersionPagesEscape(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/reports/evil/versions/1/diff/2")
	if rec.Code != 200 {
		t.Fatalf("diff page: %d %s", rec.Code, rec.Body)
	}
	b := rec.Body.String()
	checkNoInjection(t, "diff page", b)
	cells := regexp.MustCompile(`<td class="[ab]">(.*?)</td>`).FindAllStringSubmatch(b, -1)
	if len(cells) != 6 {
		t.Errorf("%d cells of changes, want 6", len(cells))
	}
	for _, c := range cells {
		checkOnlyOurTags(t, c[1], "del", "ins")
	}
	for _, want := range []string{"第1版", "第2版", "新增 1 句 · 删去 1 句 · 改动 1 句 · 未变 4 句",
		"<del>40</del>", "<ins>46</ins>", `<tr class="change removed">`, `<tr class="change added">`, "（无对应章节）",
		`href="/reports/evil"`, "&lt;script&gt;"} {
		if !strings.Contains(b, want) {
			t.Errorf("diff page lacks %s", want)
		}
	}

	b = get(t, s, "/reports/evil").Body.String()
	checkNoInjection(t, "report page", b)
	for _, want := range []string{"法规沿革", `<a href="/reports/qs2021">《`, "本页所示版本", "第1次修订", "库中收录的版本", `<a href="/reports/qs2022">2003-01-01</a>`, "第2版（本页所示）"} {
		if !strings.Contains(b, want) {
			t.Errorf("report page lacks %s", want)
		}
	}
	if b := get(t, s, "/reports/lonely").Body.String(); strings.Contains(b, "法规沿革") || strings.Contains(b, "与上一版比较") {
		t.Error("a report with one version and no history shows a 版本 list or 法规沿革")
	}
}

// realServer serves a real service (a fresh archive and Bleve index) on a
// loopback port and returns it with the server's base URL.
func realServer(t *testing.T) (*search.Service, string) {
	t.Helper()
	backend, err := bleveindex.New(bleveindex.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := search.Open(context.Background(), search.Config{DataDir: t.TempDir(), Backend: backend})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	srv, err := New(Config{}, svc, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return svc, "http://" + ln.Addr().String()
}

// fetch GETs url and returns the status and body.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	client := http.Client{Timeout: 20 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// twoVersions is a report in the seed layout; version 2 changes a figure
// and adds a sentence.
func twoVersions(version int) string {
	body := "一、规范执法\n全年开展执法检查40次。\n二、存在的问题\n执法人员不足。\n"
	if version == 2 {
		body = strings.NewReplacer("40次", "46次", "执法人员不足。", "执法人员不足。执法装备短缺。").Replace(body)
	}
	return "枫林镇2023年法治政府建设情况报告\n\n索引号\nFL-0001/2023-00009\n发文机构\n枫林镇人民政府\n日期\n2023-12-20\n\n\n" + body
}

// TestVersionsOverRealServer ingests a report twice with changed text into
// a real archive and reads its versions, their diff and the pages over
// HTTP; and a regulation's history.
func TestVersionsOverRealServer(t *testing.T) {
	svc, base := realServer(t)
	ctx := context.Background()
	var id string
	for v := 1; v <= 2; v++ {
		res, err := svc.Ingest(ctx, "fl.txt", []byte(twoVersions(v)))
		if err != nil || len(res.IDs) != 1 {
			t.Fatalf("version %d: %+v, %v", v, res, err)
		}
		id = res.IDs[0]
	}

	status, body := fetch(t, base+"/api/reports/"+id+"/versions")
	var vs versionsBody
	if err := json.Unmarshal([]byte(body), &vs); status != 200 || err != nil || vs.ID != id || len(vs.Versions) != 2 || vs.Versions[1].Number != 2 || vs.Versions[0].SHA256 == vs.Versions[1].SHA256 {
		t.Fatalf("versions: %d %s (%v)", status, body, err)
	}

	status, body = fetch(t, base+"/api/reports/"+id+"/versions/1/diff/2")
	var d search.VersionDiff
	if err := json.Unmarshal([]byte(body), &d); status != 200 || err != nil {
		t.Fatalf("diff: %d %s (%v)", status, body, err)
	}
	if d.Added != 1 || d.Changed != 1 || d.Removed != 0 || len(d.Groups) != 2 {
		t.Errorf("diff: %s", body)
	} else if c := d.Groups[0].Changes[0]; c.Kind != "changed" || d.Groups[0].B.ID != "1" || len(c.Spans) != 4 || c.Spans[2] != (search.DiffSpan{Kind: "added", Text: "46"}) {
		t.Errorf("the changed sentence: %+v in %+v", c, d.Groups[0])
	}
	for _, k := range []string{`"groups"`, `"spans"`, `"kind":"same"`, `"unchanged"`, `"number":1`} {
		if !strings.Contains(body, k) {
			t.Errorf("diff body lacks %s", k)
		}
	}
	if status, body := fetch(t, base+"/api/reports/"+id+"/versions/3/diff/1"); status != 404 || !strings.Contains(body, "a=3") {
		t.Errorf("a past the last version: %d %s", status, body)
	}

	status, page := fetch(t, base+"/reports/"+id)
	link := `href="/reports/` + id + `/versions/1/diff/2"`
	if status != 200 || !strings.Contains(page, "版本（2）") || !strings.Contains(page, link) {
		t.Errorf("report page: %d, lacks the 版本 list or %s", status, link)
	}
	status, page = fetch(t, base+"/reports/"+id+"/versions/1/diff/2")
	if status != 200 || !strings.Contains(page, "<ins>46</ins>") || !strings.Contains(page, "<del>40</del>") || !strings.Contains(page, "<ins>执法装备短缺。</ins>") {
		t.Errorf("diff page: %d\n%s", status, page)
	}

	res, err := svc.Ingest(ctx, "青溪县行政执法条例(2020-09-01).md", []byte("# 青溪县行政执法条例\n\n2005年3月1日 青溪县人民政府令第1号公布\n\n2020年9月1日 青溪县人民政府令第9号第一次修订\n\n<!-- INFO END -->\n## 第一章 总则\n第一条 为了规范行政执法，制定本条例。\n"))
	if err != nil || len(res.IDs) != 1 {
		t.Fatalf("regulation: %+v, %v", res, err)
	}
	status, body = fetch(t, base+"/api/reports/"+res.IDs[0]+"/editions")
	var eds search.Editions
	if err := json.Unmarshal([]byte(body), &eds); status != 200 || err != nil || len(eds.Events) != 2 || eds.Events[1].Event != "修订" || eds.Events[1].ReportID == nil || *eds.Events[1].ReportID != res.IDs[0] {
		t.Errorf("editions: %d %s (%v)", status, body, err)
	}
	if status, page := fetch(t, base+"/reports/"+res.IDs[0]); status != 200 || !strings.Contains(page, "法规沿革") || !strings.Contains(page, "本页所示版本") {
		t.Errorf("regulation page: %d, lacks its 法规沿革", status)
	}
	if status, body := fetch(t, base+"/api/reports/"+id+"/editions"); status != 200 || !strings.Contains(body, `"events":[]`) {
		t.Errorf("editions of a report without a history: %d %s", status, body)
	}
}
