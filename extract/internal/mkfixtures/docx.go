package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// sofficeDOCX has LibreOffice write the report as DOCX twice: from a
// flat ODF text with outline-numbered headings (LibreOffice writes them
// as style-linked numbering in numbering.xml), a table, and a page
// header and footer that the reader must leave out; and from HTML with
// the numbers as plain text.
func sofficeDOCX(dir string, lines []string) error {
	tmp, err := os.MkdirTemp("", "mkfixtures")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	sources := []struct{ src, content, filter, out string }{
		{"report.fodt", fodt(lines), "", "songxi-2023-fazhi.docx"},
		{"report.html", html(lines), "HTML (StarWriter)", "songxi-2023-fazhi-html.docx"},
	}
	for _, s := range sources {
		if err := os.WriteFile(filepath.Join(tmp, s.src), []byte(s.content), 0o644); err != nil {
			return err
		}
		args := []string{"-env:UserInstallation=file://" + filepath.Join(tmp, "profile"), "--headless"}
		if s.filter != "" {
			args = append(args, "--infilter="+s.filter)
		}
		args = append(args, "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, filepath.Join(tmp, s.src))
		if out, err := exec.Command("soffice", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("soffice: %v: %s", err, out)
		}
		docx := strings.TrimSuffix(s.src, filepath.Ext(s.src)) + ".docx"
		data, err := os.ReadFile(filepath.Join(tmp, docx))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "docx", s.out), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// fodt writes the report as a flat ODF text document.
func fodt(lines []string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>` + esc(lines[0]) + `</dc:title></office:meta>
<office:styles>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="22pt"/></style:style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="0.74cm"/><style:text-properties fo:font-size="16pt"/></style:style>
<style:style style:name="Signature" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/><style:text-properties fo:font-size="16pt"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"><style:text-properties fo:font-size="16pt"/></style:style>
<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph" style:default-outline-level="3"><style:text-properties fo:font-size="16pt"/></style:style>
<text:outline-style style:name="Outline">
<text:outline-level-style text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
<text:outline-level-style text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"/>
<text:outline-level-style text:level="3" style:num-format="1" style:num-suffix="."/>
</text:outline-style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="3.7cm" fo:margin-bottom="3.5cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p>桐江市松溪区人民政府门户网站</text:p></style:header>
<style:footer><text:p>— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
`)
	kinds := classify(lines)
	for i := 0; i < len(lines); i++ {
		l, k := lines[i], kinds[i]
		switch k {
		case title:
			fmt.Fprintf(&b, "<text:p text:style-name=\"Title\">%s</text:p>\n", esc(l))
		case heading1, heading2, heading3:
			level := int(k-heading1) + 1
			fmt.Fprintf(&b, "<text:h text:style-name=\"Heading_20_%d\" text:outline-level=\"%d\">%s</text:h>\n", level, level, esc(stripNumber(l, k)))
		case row:
			j := i
			for j < len(lines) && kinds[j] == row {
				j++
			}
			fmt.Fprintf(&b, "<table:table table:name=\"表1\"><table:table-column table:number-columns-repeated=\"%d\"/>\n", len(strings.Split(l, "\t")))
			for _, r := range lines[i:j] {
				b.WriteString("<table:table-row>")
				for _, c := range strings.Split(r, "\t") {
					fmt.Fprintf(&b, "<table:table-cell office:value-type=\"string\"><text:p>%s</text:p></table:table-cell>", esc(c))
				}
				b.WriteString("</table:table-row>\n")
			}
			b.WriteString("</table:table>\n")
			i = j - 1
		case signature:
			fmt.Fprintf(&b, "<text:p text:style-name=\"Signature\">%s</text:p>\n", esc(l))
		case meta:
			fmt.Fprintf(&b, "<text:p>%s</text:p>\n", esc(l))
		default:
			fmt.Fprintf(&b, "<text:p text:style-name=\"Body\">%s</text:p>\n", esc(l))
		}
	}
	b.WriteString("</office:text></office:body></office:document>\n")
	return b.String()
}

// html writes the report as an HTML page, numbers as plain text.
func html(lines []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n", esc(lines[0]))
	kinds := classify(lines)
	for i := 0; i < len(lines); i++ {
		l, k := lines[i], kinds[i]
		switch k {
		case title:
			fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(l))
		case row:
			b.WriteString("<table border=\"1\">\n")
			for ; i < len(lines) && kinds[i] == row; i++ {
				b.WriteString("<tr>")
				for _, c := range strings.Split(lines[i], "\t") {
					fmt.Fprintf(&b, "<td>%s</td>", esc(c))
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</table>\n")
			i--
		case signature:
			fmt.Fprintf(&b, "<p align=\"right\">%s</p>\n", esc(l))
		default:
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(l))
		}
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// The namespaces of the parts of the numbered DOCX.
const (
	nsW   = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	nsAll = nsW + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"` +
		` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"` +
		` xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"` +
		` mc:Ignorable="w14"`
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// numberedDOCX builds the report as a DOCX whose section numbers are list
// numbering: 一、 from the Heading1 style (numId without a level: the
// level comes from the numbering's w:pStyle), （一） from a style based on
// one with the numbering, 1. from a paragraph's own w:numPr on a second
// list restarted by w:startOverride. Around the text it holds what the
// reader must leave out or see through: a deleted run, a hidden run, a
// field's code, the fallback copy of a text box, a header and a footer.
func numberedDOCX(lines []string) []byte {
	var d strings.Builder
	d.WriteString(xmlHead + `<w:document ` + nsAll + `><w:body>`)
	kinds := classify(lines)
	firstBody := true
	for i := 0; i < len(lines); i++ {
		l, k := lines[i], kinds[i]
		switch {
		case k == title:
			d.WriteString(`<w:p><w:pPr><w:pStyle w:val="Title"/><w:jc w:val="center"/></w:pPr><w:bookmarkStart w:id="0" w:name="_top"/>` +
				runs(l) + `<w:del w:id="1" w:author="办公室" w:date="2024-01-28T10:00:00Z"><w:r><w:delText>（征求意见稿）</w:delText></w:r></w:del><w:bookmarkEnd w:id="0"/></w:p>`)
		case k == meta && strings.HasPrefix(l, "发文机构："):
			// A hyperlink field: its code is left out, its result kept.
			d.WriteString(`<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>发文机构：</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
				`<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://www.songxi.example.gov.cn/" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
				runs(strings.TrimPrefix(l, "发文机构：")) + `<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`)
		case k == meta && strings.HasPrefix(l, "文号："):
			// In a text box, with VML fallback for older readers.
			d.WriteString(`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="2000000" cy="300000"/>` +
				`<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>` +
				`<w:p>` + runs(l) + `</w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
				`<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p>` + runs(l) + `</w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>` +
				`</mc:AlternateContent></w:r></w:p>`)
		case k == meta && strings.HasPrefix(l, "日期："):
			d.WriteString(`<w:p>` + runs(l) + `<w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部）</w:t></w:r></w:p>`)
		case k == meta:
			label, value, _ := strings.Cut(l, "：")
			d.WriteString(`<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>` + esc(label) + `：</w:t></w:r>` + runs(value) + `</w:p>`)
		case k == heading1:
			d.WriteString(`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>` + runs(stripNumber(l, k)) + `</w:p>`)
		case k == heading2:
			d.WriteString(`<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr>` + runs(stripNumber(l, k)) + `</w:p>`)
		case k == heading3:
			d.WriteString(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr><w:ind w:firstLine="640"/></w:pPr>` +
				runs(stripNumber(l, k)) + `</w:p>`)
		case k == row:
			d.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>`)
			for ; i < len(lines) && kinds[i] == row; i++ {
				d.WriteString(`<w:tr>`)
				for _, c := range strings.Split(lines[i], "\t") {
					d.WriteString(`<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` + runs(c) + `</w:p></w:tc>`)
				}
				d.WriteString(`</w:tr>`)
			}
			d.WriteString(`</w:tbl>`)
			i--
		case k == signature && i+1 < len(lines):
			d.WriteString(`<w:p><w:pPr><w:jc w:val="right"/></w:pPr>` + runs(l) + `<w:r><w:br/></w:r>` + runs(lines[i+1]) + `</w:p>`)
			i++
		case k == body && firstBody:
			// The first body paragraph, in a content control.
			firstBody = false
			d.WriteString(`<w:sdt><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent><w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr>` +
				`<w:ins w:id="2" w:author="办公室" w:date="2024-01-28T10:00:00Z">` + runs(l) + `</w:ins></w:p></w:sdtContent></w:sdt>`)
		default:
			d.WriteString(`<w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr>` + runs(l) + `</w:p>`)
		}
		if k == heading1 || k == signature {
			d.WriteString(`<w:p/>`) // the empty paragraphs of a spaced-out document
		}
	}
	d.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/>` +
		`<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`)
	return makeZip([]entry{
		{name: "[Content_Types].xml", data: []byte(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
			`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
			`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`)},
		{name: "_rels/.rels", data: []byte(xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`)},
		{name: "docProps/core.xml", data: []byte(xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">` +
			`<dc:title>` + esc(lines[0]) + `</dc:title><dc:creator>松溪区司法局</dc:creator></cp:coreProperties>`)},
		{name: "word/_rels/document.xml.rels", data: []byte(xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
			`<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
			`<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>`)},
		{name: "word/document.xml", data: []byte(d.String())},
		{name: "word/styles.xml", data: []byte(xmlHead + `<w:styles ` + nsW + `>` +
			`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="44"/></w:rPr></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Heading2Base"><w:name w:val="heading 2 base"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading2Base"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>` +
			`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style></w:styles>`)},
		{name: "word/numbering.xml", data: []byte(xmlHead + `<w:numbering ` + nsW + `>` +
			`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>` +
			`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="0"/></w:tabs><w:ind w:left="0" w:firstLine="640"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:lvl>` +
			`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:pStyle w:val="Heading2Base"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>` +
			`<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>` +
			`<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>` +
			`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
			`<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>`)},
		{name: "word/header1.xml", data: []byte(xmlHead + `<w:hdr ` + nsW + `><w:p><w:r><w:t>桐江市松溪区人民政府门户网站</w:t></w:r></w:p></w:hdr>`)},
		{name: "word/footer1.xml", data: []byte(xmlHead + `<w:ftr ` + nsW + `><w:p><w:r><w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`)},
	})
}

// runs writes text as Word does, in several runs: a new one after each
// comma, as where formatting or revision marks changed.
func runs(text string) string {
	var b strings.Builder
	for part := range strings.SplitAfterSeq(text, "，") {
		if part != "" {
			b.WriteString(`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">` + esc(part) + `</w:t></w:r>`)
		}
	}
	return b.String()
}
