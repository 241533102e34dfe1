package web

import (
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/lantai/lantai/search"
)

// checkNoInjection parses a page and fails on any markup that did not come
// from our templates: scripts other than our own file, inline event
// handlers, images other than the logo, javascript: links.
func checkNoInjection(t *testing.T, name, page string) {
	t.Helper()
	for _, raw := range []string{xssScript, `<img src=x`, `<img src="x"`} {
		if strings.Contains(page, raw) {
			t.Errorf("%s: contains raw %q", name, raw)
		}
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s> has event handler %s=%q", name, n.Data, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "script":
				if attrs["src"] != "/static/app.js" || n.FirstChild != nil {
					t.Errorf("%s: unexpected <script src=%q>", name, attrs["src"])
				}
			case "img":
				if attrs["src"] != "/static/logo.svg" {
					t.Errorf("%s: unexpected <img src=%q>", name, attrs["src"])
				}
			case "style", "iframe", "object", "embed":
				t.Errorf("%s: unexpected <%s>", name, n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func TestHostileDocumentRendersAsText(t *testing.T) {
	s, _ := testServer(t, Config{})
	evilQ := url.QueryEscape(xssScript + xssAttr)
	pages := []string{
		"/?q=营商",
		"/?q=" + evilQ,
		"/?q=营商&agency=" + evilQ + "&catalog=" + evilQ,
		"/?q=nothing&agency=" + evilQ,
		"/?q=营商&from=" + evilQ,
		"/?q=badsyntax",
		"/",
		"/reports/evil",
		"/reports/evil?q=" + evilQ,
		"/reports/evil?q=营商+alert",
		"/reports/" + evilQ,
		"/years?q=营商",
		"/years?q=" + evilQ,
		"/embed?q=营商",
		"/embed?q=" + evilQ,
		"/help",
		"/nope/" + evilQ,
	}
	for _, p := range pages {
		rec := get(t, s, p)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: Content-Type %q (status %d)", p, rec.Header().Get("Content-Type"), rec.Code)
			continue
		}
		checkNoInjection(t, p, rec.Body.String())
	}
	// The escaped text is shown, not dropped.
	body := get(t, s, "/reports/evil").Body.String()
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("report page does not show the hostile title as text")
	}
}

func TestEmbedScriptNeverParsesData(t *testing.T) {
	js, err := fs.ReadFile(staticRoot, "embed.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("} {
		if strings.Contains(string(js), bad) {
			t.Errorf("embed.js uses %s", bad)
		}
	}
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/embed.js")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") {
		t.Errorf("/embed.js: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	app, _ := fs.ReadFile(staticRoot, "app.js")
	if strings.Contains(string(app), "innerHTML") {
		t.Error("app.js uses innerHTML")
	}
}

func TestNoInlineScriptOrHandlersInTemplates(t *testing.T) {
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFS, p)
		src := string(b)
		if strings.Contains(src, "<script>") || strings.Contains(src, " onclick") || strings.Contains(src, " onload") ||
			strings.Contains(src, "style=") || strings.Contains(src, "<style") || strings.Contains(src, "https://") {
			t.Errorf("%s has inline script/style or an external URL", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSearchPage(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/?q=营商&agency=A&year=2022&sort=-date&page=2")
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	b := rec.Body.String()
	for _, want := range []string{
		"共 25 条结果，用时 3 毫秒",
		`<mark>营商</mark>`,       // snippet kept its marks
		`&lt;b&gt;ok&lt;/b&gt;`, // escaped text stays escaped
		`href="/reports/evil?q=%E8%90%A5%E5%95%86#s-1%22%3E%3Cscript%3E"`, // section hit links to its anchor
		`href="/?q=%E8%90%A5%E5%95%86&amp;sort=-date&amp;year=2022"`,      // chip removes agency, back to page 1
		`href="/?q=%E8%90%A5%E5%95%86&amp;agency=A&amp;page=3&amp;sort=-date&amp;year=2022" rel="next"`,
		`aria-current="page">2</span>`,
		`按年份查看章节`,
		`相关匹配`,
		`<option value="-date" selected>最新</option>`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("search page lacks %s", want)
		}
	}

	rec = get(t, s, "/?q=nothing&agency=某区政府&year=2021")
	b = rec.Body.String()
	for _, want := range []string{"没有找到", "去掉筛选条件", "发文机构：某区政府", "年份：2021", `>营商环境</a>`, "检查错别字", "减少关键词"} {
		if !strings.Contains(b, want) {
			t.Errorf("empty state lacks %q", want)
		}
	}

	rec = get(t, s, "/?q=a&size=500")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "size must be") {
		t.Errorf("bad param page: %d", rec.Code)
	}
}

func TestReportPage(t *testing.T) {
	s, _ := testServer(t, Config{BaseURL: "https://lantai.example.org"})
	rec := get(t, s, "/reports/evil?q=营商")
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	b := rec.Body.String()
	for _, want := range []string{
		`id="s-1"`, `id="s-1.1"`, `href="#s-1.1"`,
		`<mark id="first-hit">营商</mark>`,
		`href="/api/reports/evil/raw"`, "下载原件", "复制引用",
		`https://lantai.example.org/reports/evil</textarea>`,
		"<th scope=\"row\">索引号</th>", "浏览量", "相关报告", "版本（2）", `href="/reports/evil/versions/1/diff/2">与上一版比较`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("report page lacks %s", want)
		}
	}
	if strings.Count(b, `id="first-hit"`) != 1 {
		t.Error("first-hit must appear exactly once")
	}
	if rec := get(t, s, "/reports/nope"); rec.Code != 404 || !strings.Contains(rec.Body.String(), "未找到") {
		t.Errorf("unknown report page: %d", rec.Code)
	}
}

// TestReportPageFiles: attached files are listed with download links,
// their names and problems escaped, and download byte for byte with a
// sandboxing policy; a sha that is no sha or not the report's is refused.
func TestReportPageFiles(t *testing.T) {
	s, _ := testServer(t, Config{})
	rec := get(t, s, "/reports/evil")
	b := rec.Body.String()
	for _, want := range []string{"<h2>附件</h2>", `href="/api/reports/evil/files/` + evilFileSHA + `" download`, "PDF · 3 页 · 2.0 KB", "未能读取文字：", "作为单独的报告", "所属页面"} {
		if !strings.Contains(b, want) {
			t.Errorf("report page lacks %s", want)
		}
	}
	checkNoInjection(t, "/reports/evil", b)

	rec = get(t, s, "/api/reports/evil/files/"+evilFileSHA)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "sandbox") ||
		!strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") || !strings.HasPrefix(rec.Body.String(), "%PDF-1.7") {
		t.Errorf("file download: %d %v %q", rec.Code, rec.Header(), rec.Body.String())
	}
	for path, code := range map[string]int{
		"/api/reports/evil/files/" + strings.Repeat("cd", 32): 404,
		"/api/reports/nope/files/" + evilFileSHA:              404,
		"/api/reports/evil/files/ABC":                         400,
		"/api/reports/evil/files/" + strings.Repeat("AB", 32): 400,
	} {
		if rec := get(t, s, path); rec.Code != code {
			t.Errorf("%s: %d, want %d", path, rec.Code, code)
		}
	}
}

// TestReportPageCitations: what a report cites (resolved ones linked, a
// document cited twice listed once) and what cites it, escaped; and the
// API's shape.
func TestReportPageCitations(t *testing.T) {
	s, _ := testServer(t, Config{})
	b := get(t, s, "/reports/evil").Body.String()
	for _, want := range []string{"引用的文件（2）", `<a href="/reports/qs2021">国办发〔2017〕47号</a>`, "（库中未收录）", "被以下文件引用（1）", `<a href="/reports/qs2022">`, "<blockquote>"} {
		if !strings.Contains(b, want) {
			t.Errorf("report page lacks %s", want)
		}
	}
	checkNoInjection(t, "/reports/evil", b)
	if strings.Contains(get(t, s, "/reports/lonely").Body.String(), "引用的文件") {
		t.Error("a report citing nothing lists citations")
	}
	rec := get(t, s, "/api/reports/evil/citations")
	var cs search.Citations
	decodeJSON(t, "citations", rec.Body.Bytes(), &cs)
	if rec.Code != 200 || len(cs.Cites) != 3 || cs.Cites[1].ID != nil || *cs.Cites[0].ID != "qs2021" || len(cs.CitedBy) != 1 {
		t.Errorf("citations API: %d %+v", rec.Code, cs)
	}
	for _, k := range []string{`"cites"`, `"cited_by"`, `"kind":"doc_no"`, `"offset"`, `"id":null`, `"sentence"`} {
		if !strings.Contains(rec.Body.String(), k) {
			t.Errorf("body lacks %s", k)
		}
	}
	if rec := get(t, s, "/api/reports/nope/citations"); rec.Code != 404 {
		t.Errorf("unknown report: %d", rec.Code)
	}
}

// TestReportPageAt: ?at= marks the sentence holding that byte offset (a
// timeline point's link) instead of the query's terms, and refuses
// offsets that are no offset or past the text.
func TestReportPageAt(t *testing.T) {
	s, _ := testServer(t, Config{})
	text := hostileReport().Report.Text
	at := strings.Index(text, "持续优化")
	rec := get(t, s, "/reports/evil?q=总体&at="+strconv.Itoa(at))
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	b := rec.Body.String()
	if !strings.Contains(b, `<mark id="first-hit">营商环境持续优化。</mark>`) || strings.Count(b, "<mark") != 1 {
		t.Errorf("the sentence at %d is not the one mark: %s", at, b)
	}
	for _, bad := range []string{"-1", "x", "99999", "1e3", "99999999999999999999"} {
		rec := get(t, s, "/reports/evil?at="+bad)
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), "at") {
			t.Errorf("at=%s: %d, want 400 naming at", bad, rec.Code)
		}
	}
}

func TestSentenceSpan(t *testing.T) {
	text := "第一句。  第二句有数字12件；第三句\n第四句"
	for _, tt := range []struct {
		at   int
		want string
	}{
		{0, "第一句。"},
		{strings.Index(text, "12"), "第二句有数字12件；"},
		{strings.Index(text, "12") + 1, "第二句有数字12件；"},
		{strings.Index(text, "三") + 1, "第三句"}, // inside a rune
		{len(text) - 1, "第四句"},
	} {
		sp := sentenceSpan(text, tt.at)
		if got := text[sp.Start:sp.End]; got != tt.want {
			t.Errorf("at %d: %q, want %q", tt.at, got, tt.want)
		}
	}
}

func TestOtherPages(t *testing.T) {
	s, _ := testServer(t, Config{})
	for _, tt := range []struct{ path, want string }{
		{"/years?q=营商", "2022 年"},
		{"/help", "year:2019..2022"},
		{"/embed?q=营商", `target="_blank"`},
		{"/opensearch.xml", `template="http://example.com/?q={searchTerms}"`},
		{"/static/style.css", "@media print"},
		{"/static/logo.svg", "<svg"},
		{"/favicon.ico", "<svg"},
	} {
		rec := get(t, s, tt.path)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("%s: %d, want %q in body", tt.path, rec.Code, tt.want)
		}
	}
	for _, p := range []string{"/static/../pages.go", "/static/", "/static/nope.css"} {
		if rec := get(t, s, p); rec.Code != 404 {
			t.Errorf("%s: %d, want 404", p, rec.Code)
		}
	}
}
