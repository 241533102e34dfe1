package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"strings"
)

// truncateDOCX cuts a DOCX in the middle of its word/document.xml, as a
// download broken off: the entries before it are whole, the central
// directory is gone.
func truncateDOCX(docx []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return nil, err
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			off, err := f.DataOffset()
			if err != nil {
				return nil, err
			}
			return docx[:off+int64(f.CompressedSize64)/2], nil
		}
	}
	return nil, fmt.Errorf("no word/document.xml to cut")
}

// docxParts are the parts around a hostile word/document.xml.
func docxParts(document string) []byte {
	return makeZip([]entry{
		{name: "[Content_Types].xml", data: []byte(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)},
		{name: "_rels/.rels", data: []byte(xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)},
		{name: "word/document.xml", data: []byte(document)},
	})
}

// nesting is how deep the deep-nesting files go: far past any reader's
// bound, in a few kilobytes once deflated.
const nesting = 200000

// deepDOCX nests runs inside runs in one paragraph.
func deepDOCX() []byte {
	return docxParts(xmlHead + `<w:document ` + nsW + `><w:body><w:p>` + strings.Repeat("<w:r>", nesting) +
		`<w:t>一、总体情况</w:t>` + strings.Repeat("</w:r>", nesting) + `</w:p></w:body></w:document>`)
}

// invalidDOCX has a document.xml whose elements do not close in order.
func invalidDOCX() []byte {
	return docxParts(xmlHead + `<w:document ` + nsW + `><w:body><w:p><w:r><w:t>一、总体情况</w:r></w:t></w:p>` +
		`<w:p><w:r><w:t>2023年，松溪区</w:t></w:r></w:p></w:body></w:document>`)
}

// hostileOFD is a one-page OFD whose page content is given.
func hostileOFD(content string) []byte {
	return ofdPackage{prefix: "ofd:", docRoot: "Doc_0/Document.xml", docDir: "Doc_0",
		pageLoc: func(int) string { return "Pages/Page_0/Content.xml" }, title: "松溪区2023年政府信息公开工作年度报告",
		pages: []string{content}}.zip()
}

// deepOFD nests page blocks inside page blocks.
func deepOFD() []byte {
	return hostileOFD(pageXML("ofd:", `xmlns:ofd="http://www.ofdspec.org/2016"`, "", strings.Repeat("<ofd:PageBlock>", nesting)+
		`<ofd:TextObject ID="1" Boundary="28 37 100 8" Size="5.57"><ofd:TextCode X="0" Y="5.57">一、总体情况</ofd:TextCode></ofd:TextObject>`+
		strings.Repeat("</ofd:PageBlock>", nesting)))
}

// invalidOFD has a page with an entity XML does not define and a text
// object left open.
func invalidOFD() []byte {
	return hostileOFD(`<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2">` +
		`<ofd:TextObject ID="3" Boundary="28 37 100 8" Size="5.57"><ofd:TextCode X="0" Y="5.57">一、总体情况&nbsp;</ofd:TextCode>` +
		`</ofd:Layer></ofd:Content></ofd:Page>`)
}

// scanOFD is a scanned report: two pages, each one image covering it,
// and a template page numbering them (a text the reader does not take
// for a text layer).
func scanOFD() []byte {
	img := image.NewGray(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = uint8(200 + i%50)
	}
	img.Set(8, 8, color.Gray{Y: 0})
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, img); err != nil {
		log.Fatal(err)
	}
	ns := `xmlns:ofd="http://www.ofdspec.org/2016"`
	var pages []string
	var extra []entry
	var media strings.Builder
	for i := range 2 {
		pages = append(pages, pageXML("ofd:", ns, `<ofd:Template TemplateID="2"/>`,
			fmt.Sprintf(`<ofd:ImageObject ID="%d" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="%d"/>`, 20+i, 10+i)))
		fmt.Fprintf(&media, `<ofd:MultiMedia ID="%d" Type="Image" Format="PNG"><ofd:MediaFile>page%d.png</ofd:MediaFile></ofd:MultiMedia>`, 10+i, i+1)
		extra = append(extra, entry{name: fmt.Sprintf("Doc_0/Res/page%d.png", i+1), data: pngData.Bytes(), store: true})
	}
	return ofdPackage{prefix: "ofd:", docRoot: "Doc_0/Document.xml", docDir: "Doc_0",
		pageLoc:  func(i int) string { return fmt.Sprintf("Pages/Page_%d/Content.xml", i) },
		template: pageXML("ofd:", ns, "", `<ofd:TextObject ID="5" Boundary="95 280 20 5" Size="4.94"><ofd:TextCode X="0" Y="4.94">扫描件</ofd:TextCode></ofd:TextObject>`),
		title:    "松溪区2022年政府信息公开工作年度报告（扫描件）", pages: pages,
		docRes: `<?xml version="1.0" encoding="UTF-8"?><ofd:Res ` + ns + ` BaseLoc="Res"><ofd:MultiMedias>` + media.String() + `</ofd:MultiMedias></ofd:Res>`,
		extra:  extra}.zip()
}
