package extract

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantai/lantai/internal/textmetric"
)

func TestOFDGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/ofd/*.ofd")
	if len(files) == 0 {
		t.Fatal("no OFD fixtures")
	}
	source, err := os.ReadFile("testdata/ofd/songxi-2023-jihua.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Extract(context.Background(), path, data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != FormatOFD {
				t.Errorf("format %q", res.Format)
			}
			zipCheckGolden(t, path, res.Text)
			if f1 := textmetric.CharF1(string(source), res.Text); f1 < 0.99 {
				t.Errorf("character F1 against the source text is %.4f, want ≥ 0.99", f1)
			}
			if want := "松溪区2023年国民经济和社会发展计划执行情况报告"; res.Title != want {
				t.Errorf("title %q, want %q", res.Title, want)
			}
			t.Logf("pages %d, doc no %q", res.Pages, res.DocNo)
		})
	}
}

// ofdOf builds an OFD of one document whose pages have these contents
// (inside ofd:Layer), with the title given.
func ofdOf(t testing.TB, title string, pages ...string) []byte {
	t.Helper()
	var list strings.Builder
	pairs := []string{"OFD.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">` +
		`<ofd:DocBody><ofd:DocInfo><ofd:Title>` + title + `</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`}
	for i, p := range pages {
		fmt.Fprintf(&list, `<ofd:Page ID="%d" BaseLoc="Pages/Page_%d/Content.xml"/>`, i+10, i)
		pairs = append(pairs, fmt.Sprintf("Doc_0/Pages/Page_%d/Content.xml", i),
			`<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2">`+p+`</ofd:Layer></ofd:Content></ofd:Page>`)
	}
	pairs = append(pairs, "Doc_0/Document.xml", `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID></ofd:CommonData>`+
		`<ofd:Pages>`+list.String()+`</ofd:Pages></ofd:Document>`)
	return zipOf(t, pairs...)
}

// ofdText is a TextObject holding one text code at (x, y) in size 5.
func ofdText(x, y float64, text string) string {
	return fmt.Sprintf(`<ofd:TextObject ID="1" Boundary="%g %g 150 6" Size="5"><ofd:TextCode X="0" Y="5">%s</ofd:TextCode></ofd:TextObject>`, x, y-5, text)
}

// ofdManyPages returns an OFD listing n pages, all one content entry.
func ofdManyPages(t testing.TB, n int) []byte {
	var list strings.Builder
	for i := range n {
		fmt.Fprintf(&list, `<ofd:Page ID="%d" BaseLoc="Pages/Page_0/Content.xml"/>`, i+10)
	}
	return zipOf(t, "OFD.xml", `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
		"Doc_0/Document.xml", `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>`+list.String()+`</ofd:Pages></ofd:Document>`,
		"Doc_0/Pages/Page_0/Content.xml", `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2">`+ofdText(28, 40, "一、总体情况")+`</ofd:Layer></ofd:Content></ofd:Page>`)
}

// ofdManyCodes returns an OFD whose one page holds n text codes.
func ofdManyCodes(t testing.TB, n int) []byte {
	var b strings.Builder
	b.WriteString(`<ofd:TextObject ID="1" Boundary="0 0 210 297" Size="5">`)
	for i := range n {
		fmt.Fprintf(&b, `<ofd:TextCode X="%d" Y="%d">字</ofd:TextCode>`, i%150, 10+i/150%280)
	}
	b.WriteString(`</ofd:TextObject>`)
	return ofdOf(t, "很多字", b.String())
}

func TestOFDText(t *testing.T) {
	tests := []struct {
		name  string
		pages []string
		want  string
	}{
		{"reading order", []string{ofdText(28, 60, "第二行") + ofdText(28, 40, "第一行") + ofdText(100, 40, "同一行")}, "第一行\t同一行\n第二行"},
		{"baselines within tolerance", []string{ofdText(28, 40, "松溪") + ofdText(38.1, 40.8, "区") + ofdText(43.1, 39.5, "政府")}, "松溪区政府"},
		{"pages in order", []string{ofdText(28, 40, "一页"), ofdText(28, 40, "二页")}, "一页\n二页"},
		{"Latin words", []string{ofdText(28, 40, "GDP") + ofdText(37, 40, "growth")}, "GDP growth"},
		{"a space drawn as nothing", []string{ofdText(28, 40, "通") + ofdText(36, 40, "知")}, "通 知"},
		{"double strike", []string{ofdText(28, 40, "标题") + ofdText(28.2, 40, "标题")}, "标题"},
		{"page numbers", []string{ofdText(28, 40, "正文") + ofdText(100, 280, "- 1 -"),
			ofdText(100, 20, "第2页 共3页") + ofdText(28, 40, "续文"), ofdText(28, 40, "末页") + ofdText(100, 280, "3/3")}, "正文\n续文\n末页"},
		{"a number in the text stays", []string{ofdText(28, 40, "2023") + ofdText(28, 60, "年度")}, "2023\n年度"},
		{"code without X goes on", []string{`<ofd:TextObject Boundary="28 35 150 6" Size="5"><ofd:TextCode X="0" Y="5">甲乙</ofd:TextCode><ofd:TextCode>丙</ofd:TextCode></ofd:TextObject>`}, "甲乙丙"},
		{"code without a position at first is dropped", []string{`<ofd:TextObject Boundary="28 35 150 6" Size="5"><ofd:TextCode>甲</ofd:TextCode></ofd:TextObject>` + ofdText(28, 40, "乙")}, "乙"},
		{"CTM", []string{`<ofd:TextObject Boundary="0 0 210 297" CTM="0.5 0 0 0.5 28 30" Size="10"><ofd:TextCode X="0" Y="20">甲</ofd:TextCode></ofd:TextObject>` +
			ofdText(33, 40, "乙")}, "甲乙"},
		{"not-a-number coordinates", []string{`<ofd:TextObject Boundary="0 0 1 1" Size="5"><ofd:TextCode X="NaN" Y="Inf">坏</ofd:TextCode></ofd:TextObject>` + ofdText(28, 40, "好")}, "好"},
		{"a code outside a text object", []string{`<ofd:TextCode X="0" Y="5">散</ofd:TextCode>` + ofdText(28, 40, "正")}, "正"},
		{"text in page blocks", []string{`<ofd:PageBlock><ofd:PageBlock>` + ofdText(28, 40, "块内") + `</ofd:PageBlock></ofd:PageBlock>`}, "块内"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := readOFD(context.Background(), ofdOf(t, "标题", tt.pages...), Limits{}.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			if res.Text != tt.want {
				t.Errorf("text %q, want %q", res.Text, tt.want)
			}
			if res.Pages != len(tt.pages) || res.Title != "标题" {
				t.Errorf("pages %d, title %q", res.Pages, res.Title)
			}
		})
	}
}

// TestOFDParagraphs joins wrapped lines: a line reaching the right
// margin goes on in the next line when that starts at the left margin,
// also across a page; an indented line, a short line, a line in another
// size or a table row does not.
func TestOFDParagraphs(t *testing.T) {
	line := func(x, y float64, n int) string { return ofdText(x, y, strings.Repeat("字", n)) }
	full := 30                                                             // 5 mm characters from x=28 to 178
	page1 := line(38, 40, full-2) + line(28, 50, full) + line(28, 60, 5) + // a paragraph of three lines
		line(38, 70, full-2) + line(38, 80, 4) + // an indented line is a new paragraph
		line(28, 90, full) + `<ofd:TextObject Boundary="28 95 150 8" Size="7"><ofd:TextCode X="0" Y="7">大字</ofd:TextCode></ofd:TextObject>` +
		line(28, 110, 3) + line(28, 120, full) + ofdText(28, 130, "表\t") + ofdText(100, 130, "格") +
		line(38, 140, full-2) + line(28, 150, full)
	page2 := line(28, 40, 2) + line(28, 50, full) + line(28, 60, full)
	res, err := readOFD(context.Background(), ofdOf(t, "标题", page1, page2), Limits{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	var lens []int
	for l := range strings.SplitSeq(res.Text, "\n") {
		lens = append(lens, len([]rune(l)))
	}
	want := []int{full - 2 + full + 5, full - 2, 4, full, 2, 3, full, 3, full - 2 + full + 2, full + full}
	if fmt.Sprint(lens) != fmt.Sprint(want) {
		t.Errorf("line lengths %v, want %v:\n%s", lens, want, res.Text)
	}
}

func TestOFDDeltas(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want []float64
	}{
		{"g 3 2.5 1 2", 5, []float64{2.5, 2.5, 2.5, 1, 2}},
		{"g 3 2.5 1 2", 2, []float64{2.5, 2.5}},
		{"1 x 2", 3, []float64{1}},
		{"g 2", 3, nil},
		{"g x 1", 3, nil},
		{"", 3, nil},
	} {
		if got := ofdDeltas(tt.s, tt.n); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("ofdDeltas(%q, %d) = %v, want %v", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestOFDErrors(t *testing.T) {
	page := ofdText(28, 40, "正文")
	tests := []struct {
		name string
		data func(t testing.TB) []byte
		lim  Limits
		want error
	}{
		{"scan", func(t testing.TB) []byte {
			return ofdOf(t, "扫描", `<ofd:ImageObject ID="5" Boundary="0 0 210 297" ResourceID="9"/>`)
		}, Limits{}, ErrNoTextLayer},
		{"blank pages", func(t testing.TB) []byte { return ofdOf(t, "空白", "", "") }, Limits{}, ErrNoTextLayer},
		{"only spaces", func(t testing.TB) []byte { return ofdOf(t, "空白", ofdText(28, 40, " 　 ")) }, Limits{}, ErrNoTextLayer},
		{"encrypted", func(t testing.TB) []byte {
			return zipOf(t, "OFD.xml", `<ofd:OFD><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`, "Encryptions.xml", "<Encryptions/>")
		}, Limits{}, ErrEncrypted},
		{"no DocRoot", func(t testing.TB) []byte { return zipOf(t, "OFD.xml", `<ofd:OFD><ofd:DocBody/></ofd:OFD>`) }, Limits{}, ErrCorrupt},
		{"DocRoot not in the package", func(t testing.TB) []byte {
			return zipOf(t, "OFD.xml", `<ofd:OFD><ofd:DocBody><ofd:DocRoot>Doc_9/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`)
		}, Limits{}, ErrCorrupt},
		{"a page without BaseLoc", func(t testing.TB) []byte {
			return zipOf(t, "OFD.xml", `<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody></OFD>`, "D/Document.xml", `<Document><Pages><Page ID="1"/></Pages></Document>`)
		}, Limits{}, ErrCorrupt},
		{"a page not in the package", func(t testing.TB) []byte {
			return zipOf(t, "OFD.xml", `<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody></OFD>`, "D/Document.xml", `<Document><Pages><Page ID="1" BaseLoc="P/C.xml"/></Pages></Document>`)
		}, Limits{}, ErrCorrupt},
		{"pages over the limit", func(t testing.TB) []byte { return ofdOf(t, "长", page, page, page) }, Limits{MaxPages: 2}, ErrTooLarge},
		{"text over the limit", func(t testing.TB) []byte { return ofdOf(t, "长", page, page, page) }, Limits{MaxTextBytes: 10}, ErrTooLarge},
		{"expansion over the limit", func(t testing.TB) []byte { return ofdOf(t, "长", page, page, page) }, Limits{MaxExpandedBytes: 600}, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readOFD(context.Background(), tt.data(t), tt.lim.withDefaults())
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
		})
	}
}

// TestOFDLocations resolves the locations producers write: relative to
// Document.xml, absolute, and from the root without the leading slash;
// entry names in another case.
func TestOFDLocations(t *testing.T) {
	content := `<Page><Content><Layer>` + ofdText(28, 40, "找到") + `</Layer></Content></Page>`
	for _, loc := range []string{"Pages/P0/Content.xml", "/Doc_0/Pages/P0/Content.xml", "Doc_0/Pages/P0/Content.xml", "pages/p0/content.xml"} {
		data := zipOf(t, "ofd.xml", `<OFD><DocBody><DocRoot>/Doc_0/Document.xml</DocRoot></DocBody></OFD>`,
			"Doc_0/Document.xml", `<Document><Pages><Page ID="1" BaseLoc="`+loc+`"/></Pages></Document>`,
			"Doc_0/Pages/P0/Content.xml", content)
		if Detect(data) != FormatOFD {
			t.Fatalf("%s: not detected as OFD", loc)
		}
		res, err := readOFD(context.Background(), data, Limits{}.withDefaults())
		if err != nil || res.Text != "找到" {
			t.Errorf("BaseLoc %s: text %q, error %v", loc, res.Text, err)
		}
	}
}

func TestOFDMetadata(t *testing.T) {
	data := zipOf(t, "OFD.xml", `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocInfo><ofd:Title> 松溪区
		工作报告 </ofd:Title><ofd:CustomDatas><ofd:CustomData Name="密级">公开</ofd:CustomData><ofd:CustomData Name="发文字号">松政〔2024〕1号</ofd:CustomData>`+
		`</ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>D/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
		"D/Document.xml", `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="C.xml"/></ofd:Pages></ofd:Document>`,
		"D/C.xml", `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>`+ofdText(28, 40, "正文")+`</ofd:Layer></ofd:Content></ofd:Page>`)
	res, err := readOFD(context.Background(), data, Limits{}.withDefaults())
	if err != nil || res.Title != "松溪区 工作报告" || res.DocNo != "松政〔2024〕1号" || res.Pages != 1 {
		t.Errorf("result %+v, error %v", res, err)
	}
}

// FuzzOFD feeds the OFD reader any bytes, both as a whole file and as a
// page's content: it must not panic, must stay within the text limit,
// and must fail only with an error of the package's kinds.
func FuzzOFD(f *testing.F) {
	for _, glob := range []string{"testdata/ofd/*.ofd", "testdata/hostile/*.ofd"} {
		files, _ := filepath.Glob(glob)
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(`<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>` + ofdText(28, 40, "一、总体情况") +
		`<ofd:TextObject Boundary="0 0 1 1" CTM="1 0 0 1 0 0" Size="5"><ofd:TextCode X="1" Y="2" DeltaX="g 2 3 1">甲乙丙</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`))
	lim := Limits{MaxTextBytes: 64 << 10, MaxExpandedBytes: 4 << 20, MaxPages: 50}.withDefaults()
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(res Result, err error) {
			if err != nil {
				if !isKind(err) {
					t.Fatalf("error %v is of no kind", err)
				}
				return
			}
			// Tabs and line ends join the codes' text, at most one each.
			if len(res.Text) > 2*lim.MaxTextBytes {
				t.Fatalf("%d bytes of text, the limit is %d", len(res.Text), lim.MaxTextBytes)
			}
		}
		check(readOFD(context.Background(), data, lim))
		check(readOFD(context.Background(), zipOf(t, "OFD.xml", `<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody></OFD>`,
			"D/Document.xml", `<Document><Pages><Page ID="1" BaseLoc="C.xml"/></Pages></Document>`, "D/C.xml", string(data)), lim))
	})
}

// TestOFDCompositeUnits reads text that pages place through composite
// objects, as producers converting from PDF write it: the unit's text is
// mapped by the object's CTM and Boundary, a unit placed twice gives its
// text twice, and a missing unit or resource file loses only itself.
func TestOFDCompositeUnits(t *testing.T) {
	unit := func(id, text string) string {
		return `<ofd:CompositeGraphicUnit ID="` + id + `" Width="300" Height="20"><ofd:Content>` +
			`<ofd:TextObject ID="9" Boundary="0 0 300 20" CTM="2 0 0 2 0 0" Size="5"><ofd:TextCode X="0" Y="8">` + text + `</ofd:TextCode></ofd:TextObject>` +
			`</ofd:Content></ofd:CompositeGraphicUnit>`
	}
	page := `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>` +
		`<ofd:CompositeObject ID="20" Boundary="28 40 150 10" CTM="0.5 0 0 0.5 0 0" ResourceID="7"/>` +
		ofdText(28, 68, "页上") +
		`<ofd:CompositeObject ID="21" Boundary="28 80 150 10" CTM="0.5 0 0 0.5 0 0" ResourceID="7"/>` +
		`<ofd:CompositeObject ID="22" Boundary="28 90 150 10" ResourceID="404"/>` +
		`</ofd:Layer></ofd:Content></ofd:Page>`
	data := zipOf(t, "OFD.xml", `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
		"Doc_0/Document.xml", `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>`+
			`<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes><ofd:DocumentRes>Gone.xml</ofd:DocumentRes></ofd:CommonData>`+
			`<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`,
		"Doc_0/PublicRes.xml", `<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Fonts><ofd:Font ID="3" FontName="宋体"/></ofd:Fonts></ofd:Res>`,
		"Doc_0/DocumentRes.xml", `<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CompositeGraphicUnits>`+unit("7", "单元文字")+unit("8", "未用")+
			`</ofd:CompositeGraphicUnits></ofd:Res>`,
		"Doc_0/Pages/Page_0/Content.xml", page)
	res, err := readOFD(context.Background(), data, Limits{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	// The unit's baseline at 8 → 16 by its own CTM → 8 by the object's,
	// from the Boundary at 40: 48; its size 5 × 2 × 0.5.
	if want := "单元文字\n页上\n单元文字"; res.Text != want {
		t.Errorf("text %q, want %q", res.Text, want)
	}
	if _, err := readOFD(context.Background(), data, Limits{MaxTextBytes: 20}.withDefaults()); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a unit placed twice counts twice against the text limit: error %v", err)
	}
}
