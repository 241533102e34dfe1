package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/lantai/lantai/samples"
)

// The browser tests start the real binary on a loopback port and drive
// headless Chromium against it: the pages have only been unit-tested with
// httptest, and script, CSP, CORS and the clipboard only show up in a
// browser. Set LANTAI_E2E_SCREENSHOTS=DIR to also save desktop and phone
// screenshots of the main pages for a look by eye.

// failureShots is where a failing step leaves its full-page screenshot.
const failureShots = "testdata/e2e-failures"

// hostileTitle and friends are markup that must reach the reader as text.
const (
	hostileTitle   = `关于<script>alert(1)</script>的报告"><img src=x onerror=alert(2)>`
	hostileAgency  = `枫林镇<b>x</b>人民政府`
	hostileHeading = `<b>x</b>依法行政工作`
	hostileScript  = `<script>alert(3)</script>`
)

// hostileReport is an invented report in the seed plain-text layout whose
// title, metadata, headings and text all carry markup; version varies
// the text so a second ingest stores a second version.
func hostileReport(version int) string {
	return hostileTitle + "\n\n索引号\nHX-0001/2023-00666\n发文机构\n" + hostileAgency +
		"\n公开目录\n法治<b>x</b>建设\n文      号\n枫政发〔2023〕<b>x</b>号\n日期\n2023-10-09\n\n\n" +
		"2023年，枫林镇推进依法行政，现将有关情况报告如下。" + hostileScript + "\n\n" +
		"一、" + hostileHeading + "\n\n(一)规范执法<img src=x onerror=alert(4)>\n\n" +
		"枫林镇全年开展执法检查" + strconv.Itoa(40+version) + "次，" + hostileScript + "立案12件。\n\n" +
		"二、存在的问题\n\n枫林镇执法人员不足，<a href=\"javascript:alert(5)\">点此</a>。\n"
}

// chromiumPath finds Chromium, or skips the test (fails it under CI=true).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed (apt-get install -y chromium); the browser tests must run under CI")
	}
	t.Skip("Chromium is not installed (apt-get install -y chromium); skipping the browser tests")
	return ""
}

// freeAddr returns a loopback address that nothing listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// startServe runs "lantai serve" on data with extra flags, waits for
// /healthz and returns the server's base URL. The server is stopped with
// SIGINT when the test ends; its log is shown if the test failed.
func startServe(t *testing.T, data string, extra ...string) string {
	t.Helper()
	addr := freeAddr(t)
	logPath := filepath.Join(t.TempDir(), "serve.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--data", data, "serve", "--addr", addr}, extra...)
	cmd := exec.Command(lantaiBin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		logf.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logPath); err == nil {
				t.Logf("lantai serve log (last 4000 bytes):\n%s", tail(string(b), 4000))
			}
		}
	})
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-exited:
			b, _ := os.ReadFile(logPath)
			t.Fatalf("lantai serve exited before it was ready (%v):\n%s", err, b)
		default:
		}
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("lantai serve on %s not healthy after 30 s (last: %v)", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// embedSite is another origin's page carrying the docs/EMBED.md snippet;
// its /alert page opens a dialog, to prove the dialog watch works.
func embedSite(lantaiBase *string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/alert" {
			fmt.Fprint(w, `<!doctype html><title>alert</title><script>alert("dialog watch")</script>`)
			return
		}
		fmt.Fprintf(w, `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>枫林镇人民政府网站</title></head>
<body>
<h1>枫林镇人民政府网站</h1>
<div data-lantai-search data-size="3" data-placeholder="检索本区政府报告"></div>
<script src="%s/embed.js" defer></script>
</body></html>`, *lantaiBase)
	}))
}

// browserSession is one headless Chromium tab driving one Lantai server.
type browserSession struct {
	ctx  context.Context // the tab; each step derives a deadline from it
	base string

	mu      sync.Mutex
	dialogs []string // messages of every JavaScript dialog that opened
}

// newBrowser starts headless Chromium with the flags this sandbox needs
// (no sandbox as root, no network beyond loopback) and a fresh profile.
func newBrowser(t *testing.T, execPath, base string) *browserSession {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no deadline
		t.Fatalf("starting Chromium %s: %v", execPath, err)
	}
	b := &browserSession{ctx: ctx, base: base}
	// Every dialog is recorded and dismissed, so a script injected by a
	// hostile document fails the test instead of blocking the tab.
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, string(ev.Type)+": "+ev.Message)
			b.mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return b
}

// openedDialogs returns the dialogs seen so far.
func (b *browserSession) openedDialogs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.dialogs)
}

// forgetDialogs clears the record of dialogs.
func (b *browserSession) forgetDialogs() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.dialogs = nil
}

// step runs f as a subtest with a deadline; when it fails, a full-page
// screenshot is saved under testdata/e2e-failures/<name>.png.
func (b *browserSession) step(t *testing.T, name string, f func(t *testing.T, ctx context.Context)) {
	t.Run(name, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
		defer cancel()
		defer func() {
			if t.Failed() {
				b.saveFailure(t, name)
			}
		}()
		f(t, ctx)
	})
}

func (b *browserSession) saveFailure(t *testing.T, name string) {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	if err := os.MkdirAll(failureShots, 0o755); err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	p := filepath.Join(failureShots, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	abs, _ := filepath.Abs(p)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	t.Logf("failure screenshot of %s: %s", loc, abs)
}

// must runs one action and fails the test on error.
func must[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// js evaluates expr in the page and decodes its value.
func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return must(t, ctx, "evaluating "+expr, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// quote makes s a JavaScript string literal.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// texts is the trimmed textContent of every element matching css.
func texts(t *testing.T, ctx context.Context, css string) []string {
	t.Helper()
	return js[[]string](t, ctx, `Array.from(document.querySelectorAll(`+quote(css)+`), e => e.textContent.trim())`)
}

// attrs is attribute name of every element matching css.
func attrs(t *testing.T, ctx context.Context, css, name string) []string {
	t.Helper()
	return js[[]string](t, ctx, `Array.from(document.querySelectorAll(`+quote(css)+`), e => e.getAttribute(`+quote(name)+`) || "")`)
}

// navigate loads path (relative to the server) and waits for the load event.
func (b *browserSession) navigate(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	must(t, ctx, "navigating to "+path, chromedp.Navigate(b.base+path))
}

// loadAfter runs trigger and waits for the page it leads to.
func loadAfter[T any](t *testing.T, ctx context.Context, what string, trigger chromedp.Action[T]) {
	t.Helper()
	must(t, ctx, what, chromedp.WaitEvent(page.LoadEventFired, nil, trigger))
}

// location is the tab's current URL, parsed.
func location(t *testing.T, ctx context.Context) *url.URL {
	t.Helper()
	u, err := url.Parse(must(t, ctx, "reading the location", chromedp.Location()))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var totalRe = regexp.MustCompile(`共 (\d+) 条结果`)

// resultTotal reads N from the "共 N 条结果" summary.
func resultTotal(t *testing.T, ctx context.Context, css string) int {
	t.Helper()
	s := strings.Join(texts(t, ctx, css), " ")
	m := totalRe.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no result count in %s %q", css, s)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestE2EBrowser(t *testing.T) {
	execPath := chromiumPath(t)
	start := time.Now()
	root := t.TempDir()
	data := filepath.Join(root, "data")

	// The samples a fresh serve would load, plus two versions of the
	// hostile report (serve loads the samples only into an empty folder).
	if _, err := samples.WriteTo(filepath.Join(root, "samples")); err != nil {
		t.Fatal(err)
	}
	for v := 1; v <= 2; v++ {
		dir := filepath.Join(root, fmt.Sprintf("hostile-v%d", v))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "hostile.txt"), []byte(hostileReport(v)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := lantai(t, data, "ingest", filepath.Join(root, "samples"), filepath.Join(root, "hostile-v1")); r.code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := lantai(t, data, "ingest", filepath.Join(root, "hostile-v2")); r.code != 0 || !strings.Contains(r.stdout, "updated 1") {
		t.Fatalf("ingest of the second version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Two other origins: one allowed to embed the search, one not.
	var base string
	allowed, refused := embedSite(&base), embedSite(&base)
	defer allowed.Close()
	defer refused.Close()
	base = startServe(t, data, "--allow-origin", allowed.URL)
	t.Logf("lantai on %s (ready after %s); embedding sites %s (allowed) and %s (not allowed)",
		base, time.Since(start).Round(time.Millisecond), allowed.URL, refused.URL)

	b := newBrowser(t, execPath, base)
	const q = "行政复议"
	var firstTotal int

	b.step(t, "dialog-watch", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "opening a page that alerts", chromedp.Navigate(allowed.URL+"/alert"))
		for deadline := time.Now().Add(5 * time.Second); len(b.openedDialogs()) == 0; {
			if time.Now().After(deadline) {
				t.Fatal("an alert() went unnoticed: the hostile-document checks would prove nothing")
			}
			time.Sleep(50 * time.Millisecond)
		}
		b.forgetDialogs()
	})

	b.step(t, "search", func(t *testing.T, ctx context.Context) {
		b.navigate(t, ctx, "/")
		must(t, ctx, "waiting for the search box", chromedp.WaitVisible(chromedp.ID("q")))
		loadAfter(t, ctx, "typing the query and Enter", chromedp.SendKeys(chromedp.ID("q"), q+"\n"))
		if got := location(t, ctx).Query().Get("q"); got != q {
			t.Errorf("after submitting, q=%q in the URL, want %q", got, q)
		}
		firstTotal = resultTotal(t, ctx, "#results-h")
		hits := texts(t, ctx, "ol.hits > li.hit h3")
		if firstTotal < 5 || len(hits) != min(firstTotal, 10) {
			t.Errorf("%d results counted, %d listed; want at least 5, all listed up to 10", firstTotal, len(hits))
		}
		marks := texts(t, ctx, "ol.hits .snippet mark")
		if len(marks) == 0 {
			t.Fatal("no <mark> in the snippets")
		}
		for _, m := range marks {
			if m != q {
				t.Errorf("highlighted %q, want %q", m, q)
				break
			}
		}
	})

	b.step(t, "keyboard", func(t *testing.T, ctx context.Context) {
		// From a fresh page with nothing focused, Tab reaches the skip
		// link first, then the navigation; Enter on 检索 opens the home
		// page with the box focused, and typing plus Enter searches.
		b.navigate(t, ctx, "/help")
		tabTo := func(sel string, limit int) {
			for i := 0; i < limit; i++ {
				must(t, ctx, "pressing Tab", chromedp.KeyEvent("\t"))
				if js[bool](t, ctx, `document.activeElement.matches(`+quote(sel)+`)`) {
					return
				}
			}
			t.Fatalf("%s not reached with %d presses of Tab (focus on %s)", sel, limit,
				js[string](t, ctx, `document.activeElement.outerHTML.slice(0, 120)`))
		}
		tabTo("a.skip", 1)
		if !js[bool](t, ctx, `(r => r.left >= 0 && r.top >= 0)(document.activeElement.getBoundingClientRect())`) {
			t.Error("the focused skip link is not on screen")
		}
		tabTo(`header.site nav a[href="/"]`, 5)
		loadAfter(t, ctx, "pressing Enter on the 检索 link", chromedp.KeyEvent("\r"))
		// Chromium applies autofocus at its next rendering update, which
		// can come after the load event: wait for it as a person would.
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement.id === "q"`, chromedp.WithPollingTimeout(3*time.Second))); err != nil {
			t.Errorf("the home page does not focus the search box: %v", err)
			tabTo("#q", 8)
		}
		must(t, ctx, "typing", chromedp.KeyEvent(q))
		loadAfter(t, ctx, "pressing Enter", chromedp.KeyEvent("\r"))
		if n := len(texts(t, ctx, "ol.hits > li.hit")); n == 0 {
			t.Error("a keyboard-only search listed no results")
		}
	})

	b.step(t, "facet", func(t *testing.T, ctx context.Context) {
		b.navigate(t, ctx, "/?q="+url.QueryEscape(q))
		sel := `aside.facets a[href*="year=2022"]`
		counts := texts(t, ctx, sel+" .count")
		if len(counts) != 1 {
			t.Fatalf("year facet 2022: %d links", len(counts))
		}
		want, _ := strconv.Atoi(counts[0])
		loadAfter(t, ctx, "clicking the 2022 facet", chromedp.Click(chromedp.CSS(sel)))
		chips := texts(t, ctx, "ul.chips li")
		if len(chips) != 1 || !strings.Contains(chips[0], "年份：2022") {
			t.Errorf("filter chips %q, want one for 年份：2022", chips)
		}
		if got := len(texts(t, ctx, "ol.hits > li.hit")); got != want || got >= firstTotal {
			t.Errorf("%d hits with year 2022, facet said %d (of %d)", got, want, firstTotal)
		}
		for _, d := range attrs(t, ctx, "ol.hits .meta time", "datetime") {
			if !strings.HasPrefix(d, "2022") && !strings.HasPrefix(d, "2023") { // a 2022 report may be dated early 2023
				t.Errorf("hit dated %s under year 2022", d)
			}
		}
		if n := len(texts(t, ctx, "aside.facets a.active[aria-current]")); n != 1 {
			t.Errorf("%d active facet links, want 1", n)
		}
		loadAfter(t, ctx, "removing the chip", chromedp.Click(chromedp.CSS(`ul.chips a[aria-label^="移除筛选"]`)))
		if chips := texts(t, ctx, "ul.chips li"); len(chips) != 0 {
			t.Errorf("chips left after removing the filter: %q", chips)
		}
		if got := resultTotal(t, ctx, "#results-h"); got != firstTotal {
			t.Errorf("%d results after removing the filter, want %d", got, firstTotal)
		}
	})

	b.step(t, "paging", func(t *testing.T, ctx context.Context) {
		b.navigate(t, ctx, "/?q="+url.QueryEscape(q)+"&size=2")
		page1 := texts(t, ctx, "ol.hits > li.hit h3")
		if len(page1) != 2 {
			t.Fatalf("page 1 lists %d hits, want 2", len(page1))
		}
		loadAfter(t, ctx, "clicking 下一页", chromedp.Click(chromedp.CSS(`nav.pager a[rel=next]`)))
		u := location(t, ctx)
		if u.Query().Get("page") != "2" || u.Query().Get("size") != "2" || u.Query().Get("q") != q {
			t.Errorf("page 2 URL %s lost a parameter", u)
		}
		page2 := texts(t, ctx, "ol.hits > li.hit h3")
		if len(page2) != 2 {
			t.Fatalf("page 2 lists %d hits, want 2", len(page2))
		}
		for _, h := range page2 {
			if slices.Contains(page1, h) {
				t.Errorf("%q on both pages", h)
			}
		}
		if cur := texts(t, ctx, `nav.pager [aria-current=page]`); len(cur) != 1 || cur[0] != "2" {
			t.Errorf("current page marker %q, want 2", cur)
		}
		if start := attrs(t, ctx, "ol.hits", "start"); len(start) != 1 || start[0] != "3" {
			t.Errorf("page 2 numbering starts at %q, want 3", start)
		}
	})

	var reportTitle, reportAgency string
	b.step(t, "report", func(t *testing.T, ctx context.Context) {
		b.navigate(t, ctx, "/?q="+url.QueryEscape(q))
		titles := texts(t, ctx, "ol.hits > li.hit h3 a")
		if len(titles) == 0 {
			t.Fatal("no results to open")
		}
		loadAfter(t, ctx, "opening the first result", chromedp.Click(chromedp.CSS("ol.hits > li.hit h3 a")))
		u := location(t, ctx)
		id := strings.TrimPrefix(u.Path, "/reports/")
		if id == u.Path || u.Query().Get("q") != q {
			t.Fatalf("opened %s, want /reports/ID?q=%s", u, q)
		}
		if h1 := texts(t, ctx, "article.report h1"); len(h1) != 1 || h1[0] != titles[0] {
			t.Errorf("report heading %q, want %q", h1, titles[0])
		}
		reportTitle = titles[0]
		labels := texts(t, ctx, "table.meta-table th")
		for _, l := range []string{"标题", "索引号", "发文机构", "公开目录", "日期", "来源"} {
			if !slices.Contains(labels, l) {
				t.Errorf("metadata table has no %s row (rows: %q)", l, labels)
			}
		}
		reportAgency = js[string](t, ctx, `(Array.from(document.querySelectorAll("table.meta-table tr")).find(r => r.cells[0] && r.cells[0].textContent === "发文机构") || {textContent: ""}).textContent.replace("发文机构", "").trim()`)
		toc := attrs(t, ctx, "nav.toc a", "href")
		if len(toc) < 3 {
			t.Errorf("table of contents has %d entries", len(toc))
		}
		if hit := texts(t, ctx, "#first-hit"); len(hit) != 1 || hit[0] != q {
			t.Errorf("first hit element %q, want one <mark> %q", hit, q)
		}
		if n := len(texts(t, ctx, ".body mark")); n < 2 {
			t.Errorf("%d highlights in the text, want several", n)
		}
		if !js[bool](t, ctx, `(() => { const r = document.getElementById("first-hit").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`) {
			t.Error("the page was not scrolled to the first hit")
		}
		raw := attrs(t, ctx, "a[download]", "href")
		if len(raw) != 1 || raw[0] != "/api/reports/"+id+"/raw" {
			t.Fatalf("download links %q, want /api/reports/%s/raw", raw, id)
		}
		resp, err := http.Get(b.base + raw[0])
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("download link answers %s", resp.Status)
		}
		if rel := texts(t, ctx, "section.related li a"); len(rel) == 0 {
			t.Error("no related reports listed")
		}
		if len(toc) > 1 {
			must(t, ctx, "clicking a TOC entry", chromedp.Click(chromedp.CSS(`nav.toc li:nth-child(2) a`)))
			if h := js[string](t, ctx, `location.hash`); h != toc[1] {
				t.Errorf("TOC click went to %q, want %q", h, toc[1])
			}
			if !js[bool](t, ctx, `document.querySelector(":target") !== null`) {
				t.Error("TOC anchor has no target in the text")
			}
		}
	})

	b.step(t, "copy-citation", func(t *testing.T, ctx context.Context) {
		if reportTitle == "" {
			t.Skip("the report step failed")
		}
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
				Setting:    browser.PermissionSettingGranted,
				Origin:     b.base,
			})
			if err != nil {
				t.Fatalf("granting %s: %v", name, err)
			}
		}
		must(t, ctx, "clicking 复制引用", chromedp.Click(chromedp.CSS(`button[data-copy=citation]`)))
		status := must(t, ctx, "waiting for the copy status", chromedp.Poll[string](`document.querySelector(".actions .copied").textContent`, chromedp.WithPollingTimeout(5*time.Second)))
		if status != "已复制" {
			t.Errorf("copy status %q, want 已复制", status)
		}
		got := js[string](t, ctx, `navigator.clipboard.readText()`)
		if !strings.Contains(got, reportTitle) || !strings.Contains(got, reportAgency) || !strings.Contains(got, b.base+"/reports/") {
			t.Errorf("clipboard holds %q; want the title %q, the agency %q and the link", got, reportTitle, reportAgency)
		}
		if ta := js[string](t, ctx, `document.getElementById("citation").value`); ta != got {
			t.Errorf("copied %q but the citation box shows %q", got, ta)
		}
	})

	b.step(t, "by-year", func(t *testing.T, ctx context.Context) {
		b.navigate(t, ctx, "/?q="+url.QueryEscape(q))
		loadAfter(t, ctx, "clicking 按年份查看章节", chromedp.Click(chromedp.CSS("a.byyear")))
		if u := location(t, ctx); u.Path != "/years" || u.Query().Get("q") != q {
			t.Errorf("按年份 link went to %s", u)
		}
		var years []int
		for _, id := range attrs(t, ctx, "section.year > h2", "id") {
			y, err := strconv.Atoi(strings.TrimPrefix(id, "y-"))
			if err != nil {
				t.Fatalf("year heading id %q", id)
			}
			years = append(years, y)
		}
		for _, y := range []int{2023, 2022, 2021, 2020} {
			if !slices.Contains(years, y) {
				t.Errorf("no group for %d (groups: %v)", y, years)
			}
		}
		if !slices.IsSortedFunc(years, func(a, b int) int { return b - a }) {
			t.Errorf("year groups %v are not newest first", years)
		}
		if n := len(texts(t, ctx, "section.year .agency h3")); n < len(years) {
			t.Errorf("%d agency groups under %d years", n, len(years))
		}
		if n := len(texts(t, ctx, "section.year .hit .section-ref")); n == 0 {
			t.Error("section hits show no section number and heading")
		}
	})

	b.step(t, "embed", func(t *testing.T, ctx context.Context) {
		must(t, ctx, "opening the embedding page", chromedp.Navigate(allowed.URL))
		must(t, ctx, "waiting for the embedded box", chromedp.WaitVisible(chromedp.CSS(".lantai-form input")))
		must(t, ctx, "searching in the embedded box", chromedp.SendKeys(chromedp.CSS(".lantai-form input"), q+"\n"))
		must(t, ctx, "waiting for embedded results", chromedp.WaitVisible(chromedp.CSS(".lantai-results .lantai-hit")))
		if got := resultTotal(t, ctx, ".lantai-status"); got != firstTotal {
			t.Errorf("embedded box counts %d results, the site %d", got, firstTotal)
		}
		links := attrs(t, ctx, ".lantai-hit > a", "href")
		if len(links) != 3 {
			t.Errorf("embedded box lists %d hits, want data-size=3", len(links))
		}
		for _, l := range links {
			if !strings.HasPrefix(l, b.base+"/reports/") {
				t.Errorf("embedded hit links to %s, want the Lantai server", l)
			}
		}
		if n := len(texts(t, ctx, ".lantai-snippet mark")); n == 0 {
			t.Error("no highlights in the embedded snippets")
		}
		if more := attrs(t, ctx, ".lantai-more:not([hidden])", "href"); len(more) != 1 {
			t.Error("no 查看全部结果 link")
		}

		// An origin not in --allow-origin gets the script but no results.
		must(t, ctx, "opening a page on a refused origin", chromedp.Navigate(refused.URL))
		must(t, ctx, "waiting for the embedded box", chromedp.WaitVisible(chromedp.CSS(".lantai-form input")))
		must(t, ctx, "searching from a refused origin", chromedp.SendKeys(chromedp.CSS(".lantai-form input"), q+"\n"))
		status := must(t, ctx, "waiting for the refusal", chromedp.Poll[string](
			`(s => s.startsWith("检索失败") && s)(document.querySelector(".lantai-status").textContent)`,
			chromedp.WithPollingTimeout(5*time.Second)))
		if n := len(texts(t, ctx, ".lantai-hit")); n != 0 {
			t.Errorf("a refused origin got %d hits (status %q)", n, status)
		}
	})

	b.step(t, "hostile", func(t *testing.T, ctx context.Context) {
		b.navigate(t, ctx, "/?q="+url.QueryEscape("枫林镇"))
		titles := texts(t, ctx, "ol.hits > li.hit h3 a")
		if len(titles) != 1 || titles[0] != hostileTitle {
			t.Errorf("hit titles %q, want the hostile title as text", titles)
		}
		if metas := texts(t, ctx, "ol.hits .meta"); len(metas) != 1 || !strings.Contains(metas[0], hostileAgency) {
			t.Errorf("hit metadata %q, want the agency as text", metas)
		}
		if facets := texts(t, ctx, "aside.facets a"); !slices.ContainsFunc(facets, func(s string) bool { return strings.Contains(s, hostileAgency) }) {
			t.Errorf("agency facet %q, want the agency as text", facets)
		}
		b.checkInert(t, ctx)

		loadAfter(t, ctx, "opening the hostile report", chromedp.Click(chromedp.CSS("ol.hits > li.hit h3 a")))
		if h1 := texts(t, ctx, "article.report h1"); len(h1) != 1 || h1[0] != hostileTitle {
			t.Errorf("report heading %q, want the hostile title as text", h1)
		}
		if title := js[string](t, ctx, `document.title`); !strings.HasPrefix(title, hostileTitle) {
			t.Errorf("document title %q", title)
		}
		if cells := texts(t, ctx, "table.meta-table td"); !slices.Contains(cells, hostileAgency) || !slices.Contains(cells, hostileTitle) {
			t.Errorf("metadata cells %q, want title and agency as text", cells)
		}
		if toc := texts(t, ctx, "nav.toc a"); !slices.ContainsFunc(toc, func(s string) bool { return strings.Contains(s, hostileHeading) }) {
			t.Errorf("table of contents %q, want the heading as text", toc)
		}
		if body := js[string](t, ctx, `document.querySelector(".body").textContent`); strings.Count(body, hostileScript) != 2 {
			t.Errorf("report text shows %q %d times, want 2", hostileScript, strings.Count(body, hostileScript))
		}
		if c := js[string](t, ctx, `document.getElementById("citation").value`); !strings.HasPrefix(c, hostileTitle+". "+hostileAgency) {
			t.Errorf("citation %q", c)
		}
		if v := texts(t, ctx, "section.versions li"); len(v) != 2 {
			t.Errorf("versions %q, want the 2 ingested versions", v)
		}
		b.checkInert(t, ctx)

		// The embedded box inserts the same hit as text.
		must(t, ctx, "opening the embedding page", chromedp.Navigate(allowed.URL))
		must(t, ctx, "searching in the embedded box", chromedp.SendKeys(chromedp.CSS(".lantai-form input"), "枫林镇\n"))
		must(t, ctx, "waiting for embedded results", chromedp.WaitVisible(chromedp.CSS(".lantai-results .lantai-hit")))
		if got := texts(t, ctx, ".lantai-hit > a"); len(got) != 1 || got[0] != hostileTitle {
			t.Errorf("embedded hit %q, want the hostile title as text", got)
		}
		if got := strings.Join(texts(t, ctx, ".lantai-snippet"), " "); !strings.Contains(got, hostileScript) {
			t.Errorf("embedded snippets %q, want the script tag as text", got)
		}
		b.checkInert(t, ctx)
	})

	if dir := os.Getenv("LANTAI_E2E_SCREENSHOTS"); dir != "" {
		b.step(t, "screenshots", func(t *testing.T, ctx context.Context) {
			b.screenshots(t, ctx, dir, q)
		})
	}
	if d := b.openedDialogs(); len(d) > 0 {
		t.Errorf("JavaScript dialogs opened: %q", d)
	}
	t.Logf("browser tests took %s", time.Since(start).Round(time.Millisecond))
}

// checkInert fails when markup from a document became elements or ran.
func (b *browserSession) checkInert(t *testing.T, ctx context.Context) {
	t.Helper()
	must(t, ctx, "letting handlers run", chromedp.Sleep(200*time.Millisecond))
	if d := b.openedDialogs(); len(d) > 0 {
		t.Fatalf("JavaScript dialogs opened: %q", d)
	}
	injected := js[[]string](t, ctx, `Array.from(document.querySelectorAll("img[src=x], b, script:not([src]), [onerror], a[href^='javascript:']"), e => e.outerHTML)`)
	if len(injected) > 0 {
		t.Errorf("document markup became elements: %q", injected)
	}
}

// screenshots saves the main pages at desktop and phone width into dir.
func (b *browserSession) screenshots(t *testing.T, ctx context.Context, dir, q string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b.navigate(t, ctx, "/?q="+url.QueryEscape(q))
	reportPath := attrs(t, ctx, "ol.hits > li.hit h3 a", "href")[0]
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"search", "/?q=" + url.QueryEscape(q) + "&year=2022"},
		{"search-page2", "/?q=" + url.QueryEscape(q) + "&size=2&page=2"},
		{"empty", "/?q=" + url.QueryEscape("不存在的词语组合xyz")},
		{"report", reportPath},
		{"years", "/years?q=" + url.QueryEscape(q)},
		{"help", "/help"},
		{"hostile", "/?q=" + url.QueryEscape("枫林镇")},
		{"embed", "/embed?q=" + url.QueryEscape(q)},
	}
	for _, vp := range []struct {
		name string
		w, h int64
		opts []chromedp.EmulateViewportOption
	}{
		{"desktop", 1280, 900, nil},
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch}},
	} {
		must(t, ctx, "setting the viewport", chromedp.EmulateViewport(vp.w, vp.h, vp.opts...))
		for _, p := range pages {
			b.navigate(t, ctx, p.path)
			if over := js[[]string](t, ctx, `Array.from(document.querySelectorAll("body *"), e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.right > document.documentElement.clientWidth + 1 && getComputedStyle(e).position !== "absolute").slice(0, 5).map(([e]) => e.tagName + "." + e.className)`); len(over) > 0 {
				t.Errorf("%s at %s width overflows horizontally: %q", p.name, vp.name, over)
			}
			png := must(t, ctx, "taking a screenshot", chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(dir, p.name+"-"+vp.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	must(t, ctx, "resetting the viewport", chromedp.ResetViewport())
}
