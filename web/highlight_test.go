package web

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/lantai/lantai/corpus"
)

func TestSafeSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"…<mark>行政复议</mark>…", "…<mark>行政复议</mark>…"},
		{"a &lt;b&gt; &amp; c", "a &lt;b&gt; &amp; c"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{`<mark onclick="x">a</mark>`, `&lt;mark onclick=&#34;x&#34;&gt;a`},
		{"<mark>a<mark>b</mark></mark>c", "<mark>ab</mark>c"},
		{"<mark>unclosed", "<mark>unclosed</mark>"},
		{"</mark>stray", "stray"},
		{`"><img src=x onerror=alert(1)>`, `&#34;&gt;&lt;img src=x onerror=alert(1)&gt;`},
		{"bad\xffutf8", "bad\uFFFDutf8"},
	}
	for _, tt := range tests {
		if got := string(safeSnippet(tt.in)); got != tt.want {
			t.Errorf("safeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHighlightText(t *testing.T) {
	tests := []struct{ text, q, want string }{
		// A literal with punctuation marks each of its runs, as the
		// search's snippets do.
		{"落实（一）项任务", `"(一)"`, "落实（<mark>一</mark>）项任务"},
		{"落实（一）项任务", "(一)", "落实（<mark>一</mark>）项任务"},
		{"乡村振兴与产业，不谈疫情", "乡村振兴 -疫情 产业", "<mark>乡村振兴</mark>与<mark>产业</mark>，不谈疫情"},
		{"ＡＢＣ 与 abc", "abc", "<mark>ＡＢＣ</mark> 与 <mark>abc</mark>"},
		{"营商环境，营商", "营商 营商环境", "<mark>营商环境</mark>，<mark>营商</mark>"},
		{"<b>营商</b>", "营商", "&lt;b&gt;<mark>营商</mark>&lt;/b&gt;"},
		{"a<b", "<", "a&lt;b"},
		{"45g 与 5g", "5g", "45g 与 <mark>5g</mark>"},
		{"无匹配", "xyz", "无匹配"},
	}
	for _, tt := range tests {
		if got := string(highlightText(tt.text, tt.q)); got != tt.want {
			t.Errorf("highlightText(%q, %q) = %q, want %q", tt.text, tt.q, got, tt.want)
		}
	}
}

func TestRenderBody(t *testing.T) {
	text := "前言营商。\n一、总体情况\n营商环境好。\n（一）存在问题。个别乡镇营商不足。\n结语"
	i1 := strings.Index(text, "一、")
	i2 := strings.Index(text, "（一）")
	end := strings.Index(text, "结语")
	r := &corpus.Report{Text: text, Sections: []corpus.Section{
		{ID: "1", Level: 1, Number: "一、", Heading: "总体情况", Start: i1, End: i2},
		{ID: "1.1", Level: 2, Number: "（一）", Heading: "存在问题。", Start: i2, End: end},
		{ID: "bad", Level: 1, Start: end + 1, End: len(text) + 5}, // out of range: ignored
		{ID: "mid", Level: 1, Start: end + 1, End: end + 3},       // not on a rune boundary: ignored
	}}
	got := string(renderBody(r, "营商", -1, nil))
	want := `<div class="para"><mark id="first-hit">营商</mark>。</div>` +
		`<div class="sec l1" id="s-1"><strong class="sec-h">一、总体情况</strong>` + "\n<mark>营商</mark>环境好。</div>" +
		`<div class="sec l2" id="s-1.1"><strong class="sec-h">（一）存在问题。</strong>个别乡镇<mark>营商</mark>不足。</div>` +
		`<div class="para">结语</div>`
	got = strings.Replace(got, `<div class="para">前言`, `<div class="para">`, 1)
	if got != want {
		t.Errorf("renderBody:\n got %s\nwant %s", got, want)
	}
}

func TestHeadingEnd(t *testing.T) {
	tests := []struct {
		span, number, heading string
		want                  int
	}{
		{"一、总体情况\n正文", "一、", "总体情况", len("一、总体情况")},
		{"  第五条　内容", "第五条", "内容", len("  第五条　内容")},
		{"一、别的", "一、", "总体", len("一、")},
		{"正文", "一、", "总体", 0},
		{"正文", "", "", 0},
	}
	for _, tt := range tests {
		if got := headingEnd(tt.span, tt.number, tt.heading); got != tt.want {
			t.Errorf("headingEnd(%q) = %d, want %d", tt.span, got, tt.want)
		}
	}
}

// FuzzRenderBody feeds arbitrary text, offsets and queries to the renderer:
// it must not panic, must produce valid UTF-8 and well-formed markup with no
// element but our own.
func FuzzRenderBody(f *testing.F) {
	f.Add("一、总体\n营商环境<script>", "营商 \"环境\" -x", 0, 5, "1")
	f.Add("ＡＢＣ（一）\xff\xfe", "(一) abc", 3, 100, `"><b>`)
	f.Add("", "", -1, 0, "")
	f.Fuzz(func(t *testing.T, text, q string, start, end int, id string) {
		r := &corpus.Report{Text: text, Sections: []corpus.Section{{ID: id, Level: start % 7, Number: "一、", Heading: q, Start: start, End: end}}}
		out := string(renderBody(r, q, -1, nil))
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		checkOnlyOurTags(t, out, "div", "strong", "mark")
		snip := string(safeSnippet(text))
		if !utf8.ValidString(snip) {
			t.Fatalf("snippet invalid UTF-8: %q", snip)
		}
		checkOnlyOurTags(t, snip, "mark")
		hl := string(highlightText(text, q))
		checkOnlyOurTags(t, hl, "mark")
	})
}

// checkOnlyOurTags tokenises out and fails on any tag not in allowed or any
// attribute other than class and id.
func checkOnlyOurTags(t *testing.T, out string, allowed ...string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt == html.StartTagToken || tt == html.EndTagToken || tt == html.SelfClosingTagToken {
			tok := z.Token()
			if !slices.Contains(allowed, tok.Data) {
				t.Fatalf("unexpected <%s> in %q", tok.Data, out)
			}
			for _, a := range tok.Attr {
				if a.Key != "class" && a.Key != "id" {
					t.Fatalf("unexpected attribute %s in %q", a.Key, out)
				}
			}
		}
	}
}
