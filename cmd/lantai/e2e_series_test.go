package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestE2EStaffPath walks what government staff do across years, in
// headless Chromium against the real server over the built-in samples:
// search 行政复议 → a 云溪区 法治政府建设 report → its series → compare two
// years → the 行政复议申请 timeline, its chart visible and every point
// linking to the sentence that states it.
func TestE2EStaffPath(t *testing.T) {
	execPath := chromiumPath(t)
	data := filepath.Join(t.TempDir(), "data")
	base := startServe(t, data) // an empty folder: serve loads the samples
	b := newBrowser(t, execPath, base)
	const q = "行政复议"
	want := map[string]string{"2020": "46件", "2021": "63件", "2022": "88件", "2023": "102件"}

	b.step(t, "search-to-report", func(t *testing.T, ctx context.Context) {
		b.navigate(t, ctx, "/")
		must(t, ctx, "waiting for the search box", chromedp.WaitVisible(chromedp.ID("q")))
		loadAfter(t, ctx, "searching "+q, chromedp.SendKeys(chromedp.ID("q"), q+"\n"))
		titles := texts(t, ctx, "ol.hits > li.hit h3 a")
		pick := -1
		for i, title := range titles {
			if strings.Contains(title, "云溪区2022年度法治政府建设") {
				pick = i
			}
		}
		if pick < 0 {
			t.Fatalf("no 云溪区 2022 法治政府建设 report among the hits %q", titles)
		}
		loadAfter(t, ctx, "opening the report", chromedp.Click(chromedp.Search(`(//ol[contains(@class,"hits")]/li//h3/a)[`+strconv.Itoa(pick+1)+`]`)))
		if !strings.HasPrefix(location(t, ctx).Path, "/reports/") {
			t.Fatalf("the hit led to %s", location(t, ctx))
		}
	})

	b.step(t, "same-section-last-year", func(t *testing.T, ctx context.Context) {
		reportPath := location(t, ctx).Path
		href := js[string](t, ctx, `(() => { const s = Array.from(document.querySelectorAll(".body .sec.l1")).find(d => (d.querySelector(".sec-h") || {}).textContent.includes("存在的不足")); const a = s && s.querySelector(".sec-nav a"); return a ? a.getAttribute("href") : ""; })()`)
		if !strings.HasSuffix(href, "/prev") {
			t.Fatalf("the 存在的不足 section links to %q, want its section of the year before", href)
		}
		b.navigate(t, ctx, href)
		u := location(t, ctx)
		heading := js[string](t, ctx, `(() => { const e = document.getElementById(decodeURIComponent(location.hash.slice(1))); return e ? e.querySelector(".sec-h").textContent : ""; })()`)
		if u.Path == reportPath || !strings.HasPrefix(u.Fragment, "s-") || !strings.Contains(heading, "存在的问题") || !strings.Contains(strings.Join(texts(t, ctx, "h1"), ""), "2021") {
			t.Errorf("landed on %s (heading %q), want the 2021 report's 存在的问题", u, heading)
		}
		b.navigate(t, ctx, reportPath)
	})

	b.step(t, "report-to-series", func(t *testing.T, ctx context.Context) {
		nav := texts(t, ctx, "p.series-nav")
		if len(nav) != 1 || !strings.Contains(nav[0], "法治政府建设") || !strings.Contains(nav[0], "2021 年") || !strings.Contains(nav[0], "2023 年") {
			t.Fatalf("series line %q: want the series with links to 2021 and 2023", nav)
		}
		loadAfter(t, ctx, "opening the series", chromedp.Click(chromedp.CSS(`p.series-nav a`)))
		if !strings.HasPrefix(location(t, ctx).Path, "/series/") {
			t.Fatalf("the series link led to %s", location(t, ctx))
		}
		years := texts(t, ctx, "table.series-members tbody th")
		if strings.Join(years, ",") != "2020,2021,2022,2023" && strings.Join(years, ",") != "2023,2022,2021,2020" {
			t.Errorf("series years %q, want 2020–2023", years)
		}
	})

	var seriesPath string
	b.step(t, "compare-two-years", func(t *testing.T, ctx context.Context) {
		seriesPath = location(t, ctx).Path
		must(t, ctx, "choosing 2021 as A", chromedp.SetValue(chromedp.CSS(`form[action="/compare"] select[name="a"]`), optionValue(t, ctx, "a", "2021")))
		must(t, ctx, "choosing 2022 as B", chromedp.SetValue(chromedp.CSS(`form[action="/compare"] select[name="b"]`), optionValue(t, ctx, "b", "2022")))
		loadAfter(t, ctx, "comparing", chromedp.Click(chromedp.CSS(`form[action="/compare"] button`)))
		heads := texts(t, ctx, "table.compare-heads th")
		if len(heads) != 2 || !strings.Contains(heads[0], "2021") || !strings.Contains(heads[1], "2022") {
			t.Errorf("compare heads %q", heads)
		}
		if n := len(texts(t, ctx, "section.pair")); n < 2 {
			t.Errorf("%d aligned section pairs, want the reports' sections aligned", n)
		}
		marks := strings.Join(texts(t, ctx, "section.pair ins mark"), " ")
		if !strings.Contains(marks, "88件") {
			t.Errorf("the changed figure 88件 is not marked among %q", marks)
		}
	})

	b.step(t, "timeline", func(t *testing.T, ctx context.Context) {
		b.navigate(t, ctx, seriesPath)
		must(t, ctx, "typing the metric", chromedp.SendKeys(chromedp.CSS(`form[action="/timeline"] input[name="metric"]`), "行政复议申请"))
		loadAfter(t, ctx, "asking for the timeline", chromedp.Click(chromedp.CSS(`form[action="/timeline"] button`)))
		must(t, ctx, "seeing the chart", chromedp.WaitVisible(chromedp.CSS(`figure.chart svg`)))
		box := js[map[string]float64](t, ctx, `(() => { const r = document.querySelector("figure.chart svg").getBoundingClientRect(); return {w: r.width, h: r.height}; })()`)
		if box["w"] < 200 || box["h"] < 80 {
			t.Errorf("the chart is %v×%v pixels: not visible", box["w"], box["h"])
		}
		links := attrs(t, ctx, "figure.chart a.dot", "href")
		if len(links) != len(want) {
			t.Fatalf("%d points drawn (%q), want %d", len(links), links, len(want))
		}
		rows := js[[][]string](t, ctx, `Array.from(document.querySelectorAll("table.points tbody tr"), tr => [tr.cells[0].textContent.trim(), tr.cells[1].textContent.trim(), tr.cells[4].querySelector("a").getAttribute("href")])`)
		for _, row := range rows {
			if w := want[row[0]]; row[1] != w || !strings.Contains(row[2], "?at=") {
				t.Errorf("year %s: %q linking %s, want %q linking its sentence", row[0], row[1], row[2], w)
			}
		}
		// Every point's link opens its report with the stating sentence
		// marked and scrolled to.
		for _, href := range links {
			b.navigate(t, ctx, href)
			mark := texts(t, ctx, "mark#first-hit")
			if len(mark) != 1 || !strings.Contains(mark[0], "行政复议申请") {
				t.Errorf("%s: marked %q, want the sentence stating 行政复议申请", href, mark)
				continue
			}
			found := false
			for _, v := range want {
				found = found || strings.Contains(mark[0], "收到行政复议申请"+v)
			}
			if !found {
				t.Errorf("%s: the marked sentence %q states none of the timeline's values", href, mark[0])
			}
			inView := js[bool](t, ctx, `(() => { const r = document.getElementById("first-hit").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`)
			if !inView {
				time.Sleep(300 * time.Millisecond) // smooth scrolling may still run
				if !js[bool](t, ctx, `(() => { const r = document.getElementById("first-hit").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`) {
					t.Errorf("%s: the sentence is not scrolled into view", href)
				}
			}
		}
	})
}

// optionValue is the value of the option of select name whose label
// starts with year.
func optionValue(t *testing.T, ctx context.Context, name, year string) string {
	t.Helper()
	v := js[string](t, ctx, `(() => { const o = Array.from(document.querySelectorAll('form[action="/compare"] select[name="`+name+`"] option')).find(o => o.textContent.trim().startsWith(`+quote(year)+`)); return o ? o.value : ""; })()`)
	if v == "" {
		t.Fatalf("no %s year in the compare form's %s", year, name)
	}
	return v
}
