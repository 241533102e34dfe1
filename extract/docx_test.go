package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lantai/lantai/internal/textmetric"
)

func TestDOCXGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/docx/*.docx")
	if len(files) == 0 {
		t.Fatal("no DOCX fixtures")
	}
	source, err := os.ReadFile("testdata/docx/songxi-2023-fazhi.txt")
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
			if res.Format != FormatDOCX {
				t.Errorf("format %q", res.Format)
			}
			zipCheckGolden(t, path, res.Text)
			if f1 := textmetric.CharF1(string(source), res.Text); f1 < 0.99 {
				t.Errorf("character F1 against the source text is %.4f, want ≥ 0.99", f1)
			}
			if want := "松溪区2023年法治政府建设情况报告"; res.Title != want {
				t.Errorf("title %q, want %q", res.Title, want)
			}
		})
	}
}

// docxP is a paragraph of one run of text.
func docxP(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }

// docxNumbered is a paragraph numbered at level ilvl of list numID.
func docxNumbered(numID string, ilvl int, text string) string {
	return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + strconv.Itoa(ilvl) + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

// docxTestNumbering defines list 1 (一、 （一） 1. 1.1), list 2 (bullets),
// list 3 (a second instance of list 1's definition restarted at level 1),
// list 4 (legal numbering) and list 5 (list 1 with its level 0 redefined).
const docxTestNumbering = `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:abstractNum w:abstractNumId="10">` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:rPr><w:b/></w:rPr></w:lvl>` +
	`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="（%2）"/></w:lvl>` +
	`<w:lvl w:ilvl="2"><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>` +
	`<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3.%4 "/></w:lvl></w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="30"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>` +
	`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>` +
	`<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>` +
	`<w:num w:numId="3"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
	`<w:num w:numId="4"><w:abstractNumId w:val="30"/></w:num>` +
	`<w:num w:numId="5"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1)"/></w:lvl></w:lvlOverride></w:num>` +
	`</w:numbering>`

// docxTestStyles number Heading1 from list 1 (no w:ilvl, and no level
// of the list names the style: level 0), Heading2 through a basedOn
// chain, and hold a basedOn loop.
const docxTestStyles = `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="H2Base"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="H2Base"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="LoopA"><w:basedOn w:val="LoopB"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="LoopB"><w:basedOn w:val="LoopA"/></w:style>` +
	`</w:styles>`

func docxStyled(style, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func TestDOCXText(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"tab and break", `<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/><w:t>丁</w:t></w:r></w:p>`, "甲\t乙\n丙\n丁"},
		{"tab stops are not tabs", `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>`, "甲"},
		{"runs join", `<w:p><w:r><w:t>松溪</w:t></w:r><w:r><w:t xml:space="preserve">区 </w:t></w:r><w:r><w:t>2023</w:t></w:r></w:p>`, "松溪区 2023"},
		{"empty paragraphs dropped", `<w:p/>` + docxP("甲") + `<w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>` + docxP("乙"), "甲\n乙"},
		{"revisions", `<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>` +
			`<w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>`, "保留插入移来"},
		{"field code dropped, result kept", `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
			`<w:fldSimple w:instr=" DATE "><w:r><w:t>2024年1月</w:t></w:r></w:fldSimple></w:p>`, "32024年1月"},
		{"hidden runs", `<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐</w:t></w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>显</w:t></w:r><w:r><w:t>文</w:t></w:r></w:p>`, "显文"},
		{"a hidden paragraph mark hides nothing", `<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>`, "正文"},
		{"text box once", `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent>` + docxP("框内") +
			`</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>` + docxP("框内") + `</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>框外</w:t></w:r></w:p>`, "框内\n框外"},
		{"table", `<w:tbl><w:tr><w:tc>` + docxP("项目") + docxP("（件）") + `</w:tc><w:tc><w:p/></w:tc><w:tc>` + docxP("12") + `</w:tc></w:tr>` +
			`<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc>` + docxP("合计") + `</w:tc><w:tc>` + docxP("3") + `</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>` + docxP("表后"),
			"项目 （件）\t\t12\n合计\t3\n表后"},
		{"table in a cell", `<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>` + docxP("甲") + `</w:tc><w:tc>` + docxP("乙") + `</w:tc></w:tr>` +
			`<w:tr><w:tc>` + docxP("丙") + `</w:tc></w:tr></w:tbl></w:tc><w:tc>` + docxP("丁") + `</w:tc></w:tr></w:tbl>`, "甲 乙 丙\t丁"},
		{"a break in a cell", `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>上</w:t><w:br/><w:t>下</w:t></w:r></w:p></w:tc><w:tc>` + docxP("右") + `</w:tc></w:tr></w:tbl>`, "上 下\t右"},
		{"math", `<w:p><w:r><w:t>增长率</w:t></w:r><m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>x=5%</m:t></m:r></m:oMath></w:p>`, "增长率x=5%"},
		{"list numbers", docxNumbered("1", 0, "总体情况") + docxNumbered("1", 1, "甲") + docxNumbered("1", 2, "子") + docxNumbered("1", 3, "孙") +
			docxNumbered("1", 2, "丑") + docxNumbered("1", 1, "乙") + docxNumbered("1", 2, "寅") + docxNumbered("1", 0, "存在问题") + docxNumbered("1", 1, "丙"),
			"一、总体情况\n（一）甲\n1.子\n1.1孙\n2.丑\n（二）乙\n1.寅\n二、存在问题\n（一）丙"},
		{"a second instance continues, a start override restarts", docxNumbered("1", 0, "甲") + docxNumbered("1", 1, "乙") + docxNumbered("1", 1, "丙") +
			docxNumbered("3", 1, "丁") + docxNumbered("3", 1, "戊") + docxNumbered("1", 0, "己"), "一、甲\n（一）乙\n（二）丙\n（一）丁\n（二）戊\n二、己"},
		{"an empty numbered paragraph counts", docxNumbered("1", 0, "") + docxNumbered("1", 0, "乙"), "二、乙"},
		{"a tab after a text box in the same run", `<w:p><w:r><w:drawing><w:txbxContent>` + docxP("框") + `</w:txbxContent></w:drawing><w:tab/><w:t>后</w:t></w:r></w:p>`, "框\n\t后"},
		{"bullets dropped", docxNumbered("2", 0, "要点") + docxNumbered("2", 0, "要点"), "要点\n要点"},
		{"legal numbering", docxNumbered("4", 0, "总则") + docxNumbered("4", 1, "目的") + docxNumbered("4", 1, "依据"), "第一章总则\n1.1目的\n1.2依据"},
		{"a level redefined", docxNumbered("5", 0, "甲") + docxNumbered("5", 0, "乙"), "V)甲\nVI)乙"},
		{"unknown list", docxNumbered("9", 0, "甲") + docxNumbered("1", 8, "乙"), "甲\n乙"},
		{"numbering from styles", docxStyled("Heading1", "总体情况") + docxStyled("Heading2", "甲") + docxStyled("Heading2", "乙") + docxStyled("Heading1", "问题"),
			"一、总体情况\n（一）甲\n（二）乙\n二、问题"},
		{"numId 0 turns a style's numbering off", `<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>`, "不编号"},
		{"a paragraph's level over its style's list", `<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>`, "（一）甲"},
		{"a style loop", docxStyled("LoopA", "甲") + docxStyled("Missing", "乙"), "甲\n乙"},
		{"old numbering of a revision ignored", `<w:p><w:pPr><w:pPrChange><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>`, "甲"},
		{"content controls", `<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>` + docxP("单击或点击此处输入文字。") + `</w:sdtContent></w:sdt>` +
			`<w:sdt><w:sdtPr><w:alias w:val="文号"/></w:sdtPr><w:sdtContent>` + docxP("松政报〔2024〕4号") + `</w:sdtContent></w:sdt>` +
			`<w:p><w:sdt><w:sdtPr><w:showingPlcHdr w:val="0"/></w:sdtPr><w:sdtContent><w:r><w:t>填好的</w:t></w:r></w:sdtContent></w:sdt></w:p>`, "松政报〔2024〕4号\n填好的"},
		{"text outside paragraphs", `<w:r><w:t>游离</w:t></w:r>` + docxP("正文"), "正文"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := docxOf(t, tt.body, "word/numbering.xml", docxTestNumbering, "word/styles.xml", docxTestStyles)
			res, err := readDOCX(context.Background(), data, Limits{}.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			if res.Text != tt.want {
				t.Errorf("text %q, want %q", res.Text, tt.want)
			}
		})
	}
}

func TestFormatListNumber(t *testing.T) {
	tests := []struct {
		v      int
		format string
		want   string
	}{
		{1, "chineseCounting", "一"}, {10, "chineseCounting", "十"}, {11, "chineseCountingThousand", "十一"},
		{20, "chineseCounting", "二十"}, {21, "taiwaneseCountingThousand", "二十一"}, {100, "chineseCountingThousand", "一百"},
		{105, "chineseCountingThousand", "一百零五"}, {110, "chineseCountingThousand", "一百一十"}, {1001, "chineseCountingThousand", "一千零一"},
		{1010, "chineseCountingThousand", "一千零一十"}, {0, "chineseCounting", "0"}, {12000, "chineseCounting", "12000"},
		{10, "chineseLegalSimplified", "壹拾"}, {15, "chineseLegalSimplified", "壹拾伍"}, {2023, "ideographDigital", "二〇二三"},
		{3, "ideographTraditional", "丙"}, {11, "ideographTraditional", "11"}, {12, "ideographZodiac", "亥"},
		{3, "decimalEnclosedCircle", "③"}, {21, "decimalEnclosedCircleChinese", "21"}, {2, "decimalEnclosedParen", "⑵"}, {4, "decimalEnclosedFullstop", "⒋"},
		{12, "decimalFullWidth", "１２"}, {5, "decimalZero", "05"}, {4, "upperRoman", "IV"}, {1994, "lowerRoman", "mcmxciv"}, {0, "upperRoman", "0"},
		{1, "upperLetter", "A"}, {27, "lowerLetter", "aa"}, {7, "none", ""}, {7, "someFutureFormat", "7"}, {7, "decimal", "7"},
	}
	for _, tt := range tests {
		if got := formatListNumber(tt.v, tt.format); got != tt.want {
			t.Errorf("formatListNumber(%d, %s) = %q, want %q", tt.v, tt.format, got, tt.want)
		}
	}
}

func TestDOCXErrors(t *testing.T) {
	big := strings.Repeat(docxP("法治政府建设"), 200)
	encrypted := func(t testing.TB) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Flags: 0x1, Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 4})
		w.Write([]byte("\x01\x02\x03\x04"))
		zw.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name string
		data func(t testing.TB) []byte
		lim  Limits
		want error
	}{
		{"text over the limit", func(t testing.TB) []byte { return docxOf(t, big) }, Limits{MaxTextBytes: 1000}, ErrTooLarge},
		{"expansion over the limit", func(t testing.TB) []byte { return docxOf(t, big) }, Limits{MaxExpandedBytes: 1000}, ErrTooLarge},
		{"expansion over the limit across parts", func(t testing.TB) []byte {
			return docxOf(t, docxP("甲"), "word/styles.xml", `<w:styles>`+strings.Repeat(`<w:style w:type="paragraph" w:styleId="S"/>`, 100)+`</w:styles>`)
		}, Limits{MaxExpandedBytes: 4000}, ErrTooLarge},
		{"no document part", func(t testing.TB) []byte { return zipOf(t, "word/styles.xml", "<w:styles/>") }, Limits{}, ErrCorrupt},
		{"not a zip", func(testing.TB) []byte { return []byte("PK\x03\x04 not really") }, Limits{}, ErrCorrupt},
		{"malformed numbering", func(t testing.TB) []byte {
			return docxOf(t, docxP("甲"), "word/numbering.xml", "<w:numbering><w:num>")
		}, Limits{}, ErrCorrupt},
		{"an undeclared encoding", func(t testing.TB) []byte {
			return zipOf(t, "word/document.xml", `<?xml version="1.0" encoding="x-unheard-of"?><w:document/>`)
		}, Limits{}, ErrCorrupt},
		{"an encrypted zip entry", encrypted, Limits{}, ErrEncrypted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readDOCX(context.Background(), tt.data(t), tt.lim.withDefaults())
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDOCXTitle(t *testing.T) {
	core := func(title string) string {
		return `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
			`<dc:title>` + title + `</dc:title></cp:coreProperties>`
	}
	for _, tt := range []struct{ core, want string }{
		{core("  松溪区2023年\n  法治政府建设情况报告 "), "松溪区2023年 法治政府建设情况报告"},
		{core(""), ""},
		{"<cp:coreProperties><dc:title>断", ""}, // a broken core.xml loses the title, not the text
	} {
		res, err := readDOCX(context.Background(), docxOf(t, docxP("正文"), "docProps/core.xml", tt.core), Limits{}.withDefaults())
		if err != nil || res.Title != tt.want || res.Text != "正文" {
			t.Errorf("core %q: title %q, text %q, error %v; want title %q", tt.core, res.Title, res.Text, err, tt.want)
		}
	}
}

func TestDOCXContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := readDOCX(ctx, docxOf(t, strings.Repeat(docxP("甲"), 3000)), Limits{}.withDefaults())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

// FuzzDOCX feeds the DOCX reader any bytes, both as a whole file and as
// word/document.xml of a DOCX with the test numbering: it must not panic,
// must stay within the text limit, and must fail only with an error of
// the package's kinds.
func FuzzDOCX(f *testing.F) {
	for _, glob := range []string{"testdata/docx/*.docx", "testdata/hostile/*.docx"} {
		files, _ := filepath.Glob(glob)
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		docxNumbered("1", 0, "总体情况") + `<w:tbl><w:tr><w:tc>` + docxP("甲") + `</w:tc></w:tr></w:tbl></w:body></w:document>`))
	lim := Limits{MaxTextBytes: 64 << 10, MaxExpandedBytes: 4 << 20}.withDefaults()
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(res Result, err error) {
			if err != nil {
				if !isKind(err) {
					t.Fatalf("error %v is of no kind", err)
				}
				return
			}
			if len(res.Text) > lim.MaxTextBytes {
				t.Fatalf("%d bytes of text, the limit is %d", len(res.Text), lim.MaxTextBytes)
			}
		}
		check(readDOCX(context.Background(), data, lim))
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, content := range map[string][]byte{"word/document.xml": data, "word/numbering.xml": []byte(docxTestNumbering), "word/styles.xml": []byte(docxTestStyles)} {
			w, _ := zw.Create(name)
			w.Write(content)
		}
		zw.Close()
		check(readDOCX(context.Background(), buf.Bytes(), lim))
	})
}
