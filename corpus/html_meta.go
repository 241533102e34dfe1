package corpus

// The metadata of a portal page: its label/value tables, label lines and
// info bar, <meta> tags, title, URL and attachment links (readHTML reads the
// body in html.go).

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxLabelRunes bounds a label cell; longer cells are running text.
const maxLabelRunes = 10

// readMetadataTables reads label/value pairs from the tables outside the
// body. A table counts as a metadata table when at least two of its cells
// are known labels (索引号, 发文字号, …) or it has the class of a known
// template (gov.cn's bd1, whose second table holds only 主题词; the 信息公开
// xxgk_article); in its rows every short cell
// followed by another cell is a label and that cell its value, and a single
// cell "label：value" is split at the colon.
func readMetadataTables(doc *goquery.Document, body *html.Node, r *Report) {
	doc.Find("table").Each(func(_ int, s *goquery.Selection) {
		t := s.Nodes[0]
		if within(t, body) || (body != nil && within(body, t)) || hasDescendant(t, atom.Table) {
			return
		}
		rows := tableRows(t)
		known := 0
		for _, row := range rows {
			for _, cell := range rowCells(row) {
				text, _ := shortText(cell, 200)
				label, _, _ := splitLabel(text)
				if isKnownLabel(NormalizeLabel(label)) {
					known++
				}
			}
		}
		if known < 2 && !s.HasClass("bd1") && !s.HasClass("xxgk_article") {
			return
		}
		for _, row := range rows {
			cells := rowCells(row)
			for i := 0; i < len(cells); i++ {
				text, _ := shortText(cells[i], 2000)
				if label, value, ok := splitLabel(text); ok && value != "" {
					applyHTMLMetadata(r, label, value)
					continue
				}
				label := NormalizeLabel(text)
				if label == "" || utf8.RuneCountInString(label) > maxLabelRunes || i+1 == len(cells) {
					continue
				}
				applyHTMLMetadata(r, label, nodeText(cells[i+1]))
				i++
			}
		}
	})
}

// labelValue matches "label：value" where the label is a few Han characters,
// possibly padded with spaces as tables do ("索 引 号：").
var labelValue = regexp.MustCompile(`^\s*(\p{Han}[\p{Han}\s\x{3000}]{0,12}?)\s*[:：]\s*(.*)$`)

// splitLabel splits "label：value"; ok is false when text is not of that form.
func splitLabel(text string) (label, value string, ok bool) {
	m := labelValue.FindStringSubmatch(text)
	if m == nil {
		return text, "", false
	}
	return m[1], strings.TrimSpace(m[2]), true
}

// inlineLabel finds the "label：" marks in a line such as
// "发布时间：2023-10-23 08:59 浏览次数： 信息来源：市府办".
var inlineLabel = regexp.MustCompile(`(\p{Han}{2,6})\s*[:：]`)

// lineLabels are labels read from free-standing lines outside the body
// besides those that map to report fields: they say where a page came from.
var lineLabels = map[string]bool{"信息来源": true, "来源": true, "文章来源": true}

// readMetadataLines reads "label：value" lines outside the body and outside
// tables (the 发布时间 / 信息来源 line under a title), and the info bar
// inside a generic body. Only known labels are taken, so that a breadcrumb
// such as 当前位置：首页 is not.
func readMetadataLines(doc *goquery.Document, body *html.Node, generic bool, r *Report) {
	doc.Find("body span, body div, body p, body li").Each(func(_ int, s *goquery.Selection) {
		n := s.Nodes[0]
		if (body != nil && within(body, n) && n != body) || skipElement(n) || insideChrome(n) || hasBlockChild(n) {
			return
		}
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Table || (p.DataAtom == atom.Span && n.DataAtom == atom.Span) {
				return
			}
		}
		if within(n, body) && !(generic && isInfoNode(n)) {
			return
		}
		text, ok := shortText(n, 480)
		if !ok || utf8.RuneCountInString(text) > 120 {
			return
		}
		marks := inlineLabel.FindAllStringSubmatchIndex(text, -1)
		for i, m := range marks {
			end := len(text)
			if i+1 < len(marks) {
				end = marks[i+1][0]
			}
			label := NormalizeLabel(text[m[2]:m[3]])
			if isKnownLabel(label) || lineLabels[label] {
				applyHTMLMetadata(r, label, text[m[1]:end])
			}
		}
	})
}

// infoLabels are the labels of a portal's info bar ("发布时间：… 来源：…
// 浏览次数：… 【字号：大 中 小】").
var infoLabels = []string{"发布时间", "发布日期", "信息来源", "文章来源", "来源", "作者", "浏览次数", "点击数", "阅读次数", "访问量", "字号"}

// isInfoNode reports whether the element is a short info line.
func isInfoNode(n *html.Node) bool {
	text, ok := shortText(n, 480)
	return ok && isInfoLine(text)
}

// isInfoLine reports whether a short line is a portal's info bar rather than
// document text: it starts with 发布时间/发布日期, or holds two or more info
// labels. A lone "来源：国家统计局" under a table is document text and stays.
func isInfoLine(text string) bool {
	if utf8.RuneCountInString(text) > 120 {
		return false
	}
	compact := strings.TrimLeft(NormalizeLabel(text), "【[（(")
	if strings.HasPrefix(compact, "发布时间") || strings.HasPrefix(compact, "发布日期") {
		m := inlineLabel.FindStringSubmatch(text)
		return m != nil && (m[1] == "发布时间" || m[1] == "发布日期")
	}
	n := 0
	for _, m := range inlineLabel.FindAllStringSubmatch(text, -1) {
		for _, l := range infoLabels {
			if strings.HasSuffix(m[1], l) {
				n++
				break
			}
		}
	}
	return n >= 2
}

// hasBlockChild reports whether an element holds block elements (a wrapper
// whose lines are read one by one instead).
func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && isBlock(c) && c.DataAtom != atom.Br {
			return true
		}
	}
	return false
}

// applyHTMLMetadata is applyMetadata with the portal reading of 发布时间:
// on a detail page it is when the portal published the page, not the
// document's date.
func applyHTMLMetadata(r *Report, label, value string) {
	if NormalizeLabel(label) == "发布时间" {
		label = "发布日期"
	}
	applyMetadata(r, label, value)
}

// pageMeta returns the <meta name|property content> pairs of the page,
// names lower-cased, the first of each name kept.
func pageMeta(doc *goquery.Document) map[string]string {
	m := make(map[string]string)
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", s.AttrOr("property", ""))
		name = strings.ToLower(strings.TrimSpace(name))
		content := strings.TrimSpace(s.AttrOr("content", ""))
		if name == "" || content == "" {
			return
		}
		if _, dup := m[name]; !dup {
			m[name] = content
		}
	})
	return m
}

// applyPageMeta fills what the table left empty from the government-website
// meta tags (ArticleTitle, PubDate, ContentSource, ColumnName) and Open
// Graph.
func applyPageMeta(meta map[string]string, r *Report) {
	for _, k := range []string{"articletitle", "og:title"} {
		if r.Title == "" {
			r.Title = meta[k]
		}
	}
	if v := meta["pubdate"]; v != "" && r.Published == "" {
		applyHTMLMetadata(r, "发布日期", v)
	}
	if v := meta["contentsource"]; v != "" {
		applyHTMLMetadata(r, "信息来源", v)
	}
	if v := meta["columnname"]; v != "" && r.Catalog == "" {
		r.Catalog = v
	}
}

// pageTitle finds the title of a page without a metadata title: a title
// block of the template, the first <h1> that is not chrome, else <title>
// without a site-name suffix.
func pageTitle(doc *goquery.Document) string {
	for _, sel := range []string{".xl_title", ".article-title", ".article_title", "h1"} {
		var title string
		doc.Find(sel).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			n := s.Nodes[0]
			if skipElement(n) || insideChrome(n) {
				return true
			}
			title, _ = shortText(n, 2000)
			return title == ""
		})
		if title != "" && utf8.RuneCountInString(title) <= 200 {
			return title
		}
	}
	return stripSiteSuffix(collapseSpaces(doc.Find("title").First().Text()))
}

// titleSuffix matches " - 某某市人民政府", "_门户网站", "| 中国政府网": a trailing
// site name after a separator.
var titleSuffix = regexp.MustCompile(`\s*(?:[_|｜－]|\s-\s|——)\s*[^_|｜－]*(?:政府|网站|门户|网|官网|平台)\s*$`)

// stripSiteSuffix removes a trailing site name from a <title>, keeping the
// title whole when little would be left.
func stripSiteSuffix(title string) string {
	stripped := titleSuffix.ReplaceAllString(title, "")
	if utf8.RuneCountInString(stripped) < 4 {
		return title
	}
	return stripped
}

var (
	// localGovernment matches an agency written without its place name,
	// as a city's own portal writes itself: 市政府, 区人民政府.
	localGovernment = regexp.MustCompile(`^([省市县区])(?:人民)?政府$`)
	// sitePlace matches the place name at the start of a portal's SiteName,
	// e.g. 丽水市 in 丽水市政府门户网站.
	sitePlace = regexp.MustCompile(`^(\p{Han}{1,8}?[省市县区])(?:人民)?政府`)
)

// fullAgency completes an agency the page names without its place: when
// the value is 市政府 (or 县/区/省 (人民)政府) and the portal's SiteName
// starts with a place of the same level ("丽水市政府门户网站"), the agency is
// that place's 人民政府 — but only when the page itself spells that name out
// (in pageText, its title and body), so a guess is never recorded. The
// caller keeps the value as written in Extra.
func fullAgency(agency, siteName, pageText string) string {
	m := localGovernment.FindStringSubmatch(agency)
	if m == nil {
		return agency
	}
	p := sitePlace.FindStringSubmatch(siteName)
	if p == nil || !strings.HasSuffix(p[1], m[1]) {
		return agency
	}
	if full := p[1] + "人民政府"; strings.Contains(pageText, full) {
		return full
	}
	return agency
}

// pageURL is the page's own address: <link rel=canonical>, else the url or
// og:url meta tag.
func pageURL(doc *goquery.Document, meta map[string]string) string {
	if href, ok := doc.Find(`link[rel="canonical"]`).Attr("href"); ok && strings.TrimSpace(href) != "" {
		return strings.TrimSpace(href)
	}
	if v := meta["url"]; v != "" {
		return v
	}
	return meta["og:url"]
}

// attachmentExts are the file types government pages attach.
var attachmentExts = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".wps": true,
	".et": true, ".ofd": true, ".zip": true, ".rar": true, ".7z": true, ".txt": true, ".ppt": true, ".pptx": true,
}

// attachments lists the links to attached files in the body (by file
// extension, including the filename= of download scripts), resolved against
// the page's URL when it has one.
func attachments(body *html.Node, pageAddr string) []string {
	base, _ := url.Parse(pageAddr)
	var out []string
	seen := make(map[string]bool)
	goquery.NewDocumentFromNode(body).Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href := strings.TrimSpace(s.AttrOr("href", ""))
		u, err := url.Parse(href)
		if err != nil || href == "" || strings.HasPrefix(strings.ToLower(href), "javascript:") {
			return
		}
		name := u.Path
		if f := u.Query().Get("filename"); f != "" {
			name = f
		}
		if !attachmentExts[strings.ToLower(path.Ext(name))] {
			return
		}
		if base != nil && base.IsAbs() {
			u = base.ResolveReference(u)
		}
		if a := u.String(); !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	})
	return out
}
