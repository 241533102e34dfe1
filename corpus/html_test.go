package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/lantai/lantai/internal/testcorpus"
)

// readHTMLFile reads one page through Read, as ingest does.
func readHTMLFile(t *testing.T, path, name string) ([]Document, []error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Read(name, data)
}

// htmlChrome lists strings of the corpus pages' chrome (print/close
// buttons, QR code, share and breadcrumb bars, footers) that must never
// reach a report's text.
var htmlChrome = []string{
	"打印本页", "关闭窗口", "分享到", "网站地图", "版权所有", "我要纠错", "扫一扫在手机打开当前页",
	"当前位置", "浏览次数", "语言播报", "发布时间", "信息来源", "$(", "function", "javascript",
	"window.", "document.", "font-family", "{", "}",
}

// htmlResidue matches markup or entities left in text.
var htmlResidue = regexp.MustCompile(`[<>]|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);`)

// tableCell returns the text of the value cell after the bd1 label cell
// whose bare label is label, read straight from the page source so the test
// does not trust the reader it checks.
func tableCell(page, label string) string {
	re := regexp.MustCompile(`<b>` + label + `：</b></td>\s*<td[^>]*>([^<]*)</td>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1])
}

func TestReadHTMLRealCorpus(t *testing.T) {
	dir := testcorpus.Dir(t)
	pages, err := filepath.Glob(filepath.Join(dir, "govcn-zhengce-html", "html", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 60 {
		t.Fatalf("found %d gov.cn pages, want 60", len(pages))
	}
	pages = append(pages, filepath.Join(dir, "lishui-xxgk-html-fixture", "unit_test", "raw_content", "lishui_detail.html"))
	for _, p := range pages {
		name, _ := filepath.Rel(dir, p)
		t.Run(filepath.Base(p), func(t *testing.T) {
			docs, errs := readHTMLFile(t, p, filepath.ToSlash(name))
			if len(errs) != 0 || len(docs) != 1 {
				t.Fatalf("got %d documents, errors %v; want 1 document", len(docs), errs)
			}
			r := docs[0].Report
			for field, v := range map[string]string{"IndexNo": r.IndexNo, "DocNo": r.DocNo, "Agency": r.Agency,
				"Date": r.Date, "Published": r.Published, "Title": r.Title, "URL": r.URL, "Catalog": r.Catalog} {
				if v == "" {
					t.Errorf("%s is empty", field)
				}
			}
			if r.Format != FormatHTML || r.Source != filepath.ToSlash(name) || r.SHA256 == "" || r.Encoding != "utf-8" {
				t.Errorf("format %q source %q sha %q encoding %q", r.Format, r.Source, r.SHA256, r.Encoding)
			}
			if docs[0].MediaType != "text/html; charset=utf-8" {
				t.Errorf("media type %q", docs[0].MediaType)
			}
			if utf8.RuneCountInString(r.Text) < 100 {
				t.Errorf("text too short: %q", r.Text)
			}
			if m := htmlResidue.FindString(r.Text); m != "" {
				t.Errorf("markup or entity %q left in text", m)
			}
			for _, c := range htmlChrome {
				if strings.Contains(r.Text, c) {
					t.Errorf("chrome %q in text", c)
				}
			}
			for _, line := range strings.Split(r.Text, "\n") {
				if line == "" || line != strings.TrimSpace(line) || strings.Contains(line, "  ") {
					t.Errorf("untidy line %q", line)
				}
			}
			if strings.Contains(p, "govcn") {
				raw, _ := os.ReadFile(p)
				page := string(raw)
				if want := tableCell(page, "标　　题"); r.Title != want {
					t.Errorf("Title %q, want the table's %q", r.Title, want)
				}
				if want := tableCell(page, "发文字号"); r.DocNo != want {
					t.Errorf("DocNo %q, want the table's %q", r.DocNo, want)
				}
				if want := tableCell(page, "发文机关"); r.Agency != want {
					t.Errorf("Agency %q, want the table's %q", r.Agency, want)
				}
				if want := tableCell(page, "索 引 号"); r.IndexNo != want {
					t.Errorf("IndexNo %q, want the table's %q", r.IndexNo, want)
				}
				if want, _ := NormalizeDate(tableCell(page, "成文日期")); r.Date != want {
					t.Errorf("Date %q, want the table's %q", r.Date, want)
				}
				if !strings.HasPrefix(r.URL, "http://www.gov.cn/zhengce/content/") {
					t.Errorf("URL %q", r.URL)
				}
			}
		})
	}
}

func TestReadHTMLGovcnSpotCheck(t *testing.T) {
	dir := testcorpus.Dir(t)
	docs, errs := readHTMLFile(t, filepath.Join(dir, "govcn-zhengce-html", "html", "001.html"), "govcn/001.html")
	if len(errs) != 0 || len(docs) != 1 {
		t.Fatalf("got %d documents, errors %v", len(docs), errs)
	}
	r := docs[0].Report
	want := Report{
		Title:     "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见",
		IndexNo:   "000014349/2019-00007",
		Agency:    "国务院",
		Catalog:   `市场监管、安全生产监管\工商`,
		DocNo:     "国发〔2019〕5号",
		DocNoNorm: "国发〔2019〕5号",
		Date:      "2019-01-27",
		Published: "2019-02-15",
		Year:      2019,
		URL:       "http://www.gov.cn/zhengce/content/2019-02/15/content_5365945.htm",
	}
	got := Report{Title: r.Title, IndexNo: r.IndexNo, Agency: r.Agency, Catalog: r.Catalog, DocNo: r.DocNo,
		DocNoNorm: r.DocNoNorm, Date: r.Date, Published: r.Published, Year: r.Year, URL: r.URL}
	if got.Title != want.Title || got.IndexNo != want.IndexNo || got.Agency != want.Agency || got.Catalog != want.Catalog ||
		got.DocNo != want.DocNo || got.DocNoNorm != want.DocNoNorm || got.Date != want.Date ||
		got.Published != want.Published || got.Year != want.Year || got.URL != want.URL {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if r.Extra != nil {
		t.Errorf("Extra = %v, want none (主题词 is empty)", r.Extra)
	}
	lines := strings.Split(r.Text, "\n")
	wantHead := []string{"国务院关于在市场监管领域全面推行", "部门联合“双随机、一公开”监管的意见", "国发〔2019〕5号",
		"各省、自治区、直辖市人民政府，国务院各部委、各直属机构："}
	for i, w := range wantHead {
		if i >= len(lines) || lines[i] != w {
			t.Fatalf("text line %d: want %q; text starts %q", i, w, lines[:min(len(lines), 5)])
		}
	}
	wantTail := []string{"国务院", "2019年1月27日", "（此件公开发布）"}
	if tail := lines[len(lines)-3:]; strings.Join(tail, "|") != strings.Join(wantTail, "|") {
		t.Errorf("text ends %q, want %q", tail, wantTail)
	}
	if !strings.Contains(r.Text, "\n一、总体要求\n") || !strings.Contains(r.Text, "\n（一）统筹建设监管工作平台。\n") {
		t.Error("numbered headings are not lines of their own")
	}
}

func TestReadHTMLLishuiSpotCheck(t *testing.T) {
	dir := testcorpus.Dir(t)
	p := filepath.Join(dir, "lishui-xxgk-html-fixture", "unit_test", "raw_content", "lishui_detail.html")
	docs, errs := readHTMLFile(t, p, "lishui_detail.html")
	if len(errs) != 0 || len(docs) != 1 {
		t.Fatalf("got %d documents, errors %v", len(docs), errs)
	}
	r := docs[0].Report
	checks := []struct{ field, got, want string }{
		{"Title", r.Title, "丽水市人民政府关于下达2023年市区符合政府安排工作条件退役士兵和退出消防员安置任务的通知"},
		{"IndexNo", r.IndexNo, "113325000026455663/2023-43887"},
		{"DocNo", r.DocNo, "丽政发〔2023〕30号"},
		{"Agency", r.Agency, "丽水市人民政府"},
		{"Catalog", r.Catalog, "市政府文件"},
		{"Date", r.Date, "2023-10-16"},
		{"Published", r.Published, "2023-10-23"},
		{"URL", r.URL, "http://www.lishui.gov.cn/art/2023/10/23/art_1229283449_2493752.html"},
		{"Extra[发布机构原文]", r.Extra["发布机构原文"], "市政府"},
		{"Extra[公开方式]", r.Extra["公开方式"], "主动公开"},
		{"Extra[信息来源]", r.Extra["信息来源"], "市府办"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if r.Year != 2023 {
		t.Errorf("Year = %d, want 2023", r.Year)
	}
	wantAttach := "http://www.lishui.gov.cn/module/download/downfile.jsp?classid=0&filename=be5f1a4be0294db7abf660dd336b3fa5.pdf"
	if len(r.Attachments) != 1 || r.Attachments[0] != wantAttach {
		t.Errorf("Attachments = %q, want [%q]", r.Attachments, wantAttach)
	}
	for _, w := range []string{"莲都区人民政府，市直各单位：\n", "\n丽水市人民政府\n2023年10月16日\n（此件公开发布）\n",
		"\n1 丽水国家粮食储备库 1 事业\n", "\n合计 29\n"} {
		if !strings.Contains(r.Text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

func TestReadHTMLGolden(t *testing.T) {
	for _, name := range []string{"html_bd1", "html_xxgk", "html_generic"} {
		t.Run(name, func(t *testing.T) {
			docs, errs := readHTMLFile(t, filepath.Join("testdata", name+".html"), name+".html")
			if len(errs) != 0 || len(docs) != 1 {
				t.Fatalf("got %d documents, errors %v", len(docs), errs)
			}
			checkGolden(t, name, struct {
				MediaType string
				Report    Report
			}{docs[0].MediaType, docs[0].Report})
		})
	}
}

func TestReadHTMLHostile(t *testing.T) {
	deep := strings.Repeat("<div>", 5000) + "正文内容" + strings.Repeat("</div>", 5000)
	deepInline := "<p>" + strings.Repeat("<span>", 400) + "关于印发某某办法的通知" + strings.Repeat("</span>", 400) + "</p>"
	tests := []struct {
		name      string
		page      string
		wantErr   bool
		title     string
		inText    []string
		notInText []string
	}{
		{name: "truncated", page: `<html><head><title>测试区关于开展春季植树活动的通知</title></head><body><div class="zoom"><p>各街道：</p><p>为改善生态环境，现就有关事项通知如`,
			title: "测试区关于开展春季植树活动的通知", inText: []string{"各街道：\n为改善生态环境，现就有关事项通知如"}},
		{name: "no body text", page: `<html><head><title>空白页面</title></head><body><div class="zoom"> &nbsp; </div></body></html>`,
			wantErr: true},
		{name: "script and style only", page: `<html><head><style>p{color:red}</style></head><body><script>var a = "正文";</script><style>.x{}</style></body></html>`,
			wantErr: true},
		{name: "script in title", page: `<html><head><title><script>alert(1)</script>关于某事的通知</title></head><body><div class="zoom"><p>&lt;b&gt;正文&lt;/b&gt; &amp; 附则</p><script>alert(2)</script></div></body></html>`,
			title: "<script>alert(1)</script>关于某事的通知", inText: []string{"<b>正文</b> & 附则"}, notInText: []string{"alert"}},
		{name: "escaped script in meta title", page: `<html><head><meta name="ArticleTitle" content="&lt;script&gt;alert(1)&lt;/script&gt;通知"></head><body><div class="zoom"><p>正文</p></div></body></html>`,
			title: "<script>alert(1)</script>通知", inText: []string{"正文"}},
		{name: "huge nesting", page: deep, wantErr: true},
		{name: "deep inline nesting", page: deepInline, title: "", inText: []string{"关于印发某某办法的通知"}},
		{name: "not html at all", page: "<<<>>> &&& ;;;", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := Read("hostile.html", []byte(tt.page))
			if tt.wantErr {
				if len(docs) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrUnreadable) {
					t.Fatalf("got %d documents, errors %v; want one ErrUnreadable", len(docs), errs)
				}
				if !strings.Contains(errs[0].Error(), "hostile.html") {
					t.Errorf("error %q does not name the input", errs[0])
				}
				return
			}
			if len(errs) != 0 || len(docs) != 1 {
				t.Fatalf("got %d documents, errors %v", len(docs), errs)
			}
			r := docs[0].Report
			if r.Title != tt.title {
				t.Errorf("Title = %q, want %q", r.Title, tt.title)
			}
			for _, w := range tt.inText {
				if !strings.Contains(r.Text, w) {
					t.Errorf("text %q lacks %q", r.Text, w)
				}
			}
			for _, w := range tt.notInText {
				if strings.Contains(r.Text, w) {
					t.Errorf("text %q contains %q", r.Text, w)
				}
			}
		})
	}
}

func TestReadHTMLGB18030(t *testing.T) {
	page := `<html><head><meta charset="gbk"><title>溪口镇关于做好防汛工作的通知</title></head>` +
		`<body><div class="TRS_Editor"><p>各村（居）委会：</p><p>　　入汛以来，降雨偏多，现就做好防汛工作通知如下。</p></div></body></html>`
	data, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := Read("gbk.html", data)
	if len(errs) != 0 || len(docs) != 1 {
		t.Fatalf("got %d documents, errors %v", len(docs), errs)
	}
	d := docs[0]
	if d.MediaType != "text/html; charset=gb18030" || d.Report.Encoding != "gb18030" {
		t.Errorf("MediaType %q, Encoding %q", d.MediaType, d.Report.Encoding)
	}
	if string(d.Original) != string(data) || d.Report.SHA256 != SHA256Hex(data) {
		t.Error("the original bytes are not kept as received")
	}
	if want := "各村（居）委会：\n入汛以来，降雨偏多，现就做好防汛工作通知如下。"; d.Report.Text != want {
		t.Errorf("Text = %q, want %q", d.Report.Text, want)
	}
	if d.Report.Title != "溪口镇关于做好防汛工作的通知" {
		t.Errorf("Title = %q", d.Report.Title)
	}
}

func TestStripSiteSuffix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"关于印发某某办法的通知_青川县人民政府", "关于印发某某办法的通知"},
		{"关于印发某某办法的通知 - 中国政府网", "关于印发某某办法的通知"},
		{"关于印发某某办法的通知 | 门户网站", "关于印发某某办法的通知"},
		{"关于印发某某办法的通知", "关于印发某某办法的通知"},
		{"通知_政府", "通知_政府"},
		{"2023年工作要点_实施方案", "2023年工作要点_实施方案"},
	}
	for _, tt := range tests {
		if got := stripSiteSuffix(tt.in); got != tt.want {
			t.Errorf("stripSiteSuffix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFullAgency(t *testing.T) {
	tests := []struct{ agency, site, page, want string }{
		{"市政府", "丽水市政府门户网站", "丽水市人民政府关于…", "丽水市人民政府"},
		{"区人民政府", "青川区政府门户网站", "落款 青川区人民政府", "青川区人民政府"},
		{"市政府", "丽水市政府门户网站", "正文没有全称", "市政府"},
		{"市政府", "青川县政府门户网站", "青川县人民政府", "市政府"},
		{"市政府", "", "丽水市人民政府", "市政府"},
		{"市府办", "丽水市政府门户网站", "丽水市人民政府", "市府办"},
		{"国务院", "中国政府网", "国务院", "国务院"},
	}
	for _, tt := range tests {
		if got := fullAgency(tt.agency, tt.site, tt.page); got != tt.want {
			t.Errorf("fullAgency(%q, %q) = %q, want %q", tt.agency, tt.site, got, tt.want)
		}
	}
}

func FuzzReadHTML(f *testing.F) {
	for _, name := range []string{"html_bd1", "html_xxgk", "html_generic"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name+".html")); err == nil {
			f.Add(string(b))
		}
	}
	f.Add(`<table class="bd1"><tr><td><b>索 引 号：</b></td><td>1/2</td><td><b>成文日期：</b></td><td>2020年1月1日</td></tr></table><div id="UCAP-CONTENT"><p>一、总则</p></div>`)
	f.Add(`<html><title>x</title><body><table><tr><td>文号：</td></tr></table><pre>a
b</pre>`)
	f.Fuzz(func(t *testing.T, page string) {
		docs, _ := readHTML(input{Name: "fuzz.html", Data: []byte(page), Text: page, Encoding: "utf-8"})
		for _, d := range docs {
			r := d.Report
			for _, s := range []string{r.Title, r.Text, r.IndexNo, r.Agency, r.Catalog, r.DocNo, r.Date, r.URL} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 %q", s)
				}
			}
			for _, s := range r.Sections {
				if s.Start < 0 || s.Start > s.End || s.End > len(r.Text) {
					t.Fatalf("section %s offsets %d..%d out of 0..%d", s.ID, s.Start, s.End, len(r.Text))
				}
			}
		}
	})
}
