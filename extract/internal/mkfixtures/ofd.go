package main

import (
	"fmt"
	"log"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The page of GB/T 9704 (公文): A4, a 156 × 225 mm text block 37 mm from
// the top and 28 mm from the left, 22 lines of 28 characters of 三号.
const (
	pageW        = 210.0
	marginLeft   = 28.0
	textWidth    = 156.0
	marginTop    = 37.0
	linesPerPage = 22
	linePitch    = 225.0 / linesPerPage
	bodySize     = textWidth / 28 // mm per character of 三号
	titleSize    = 7.76           // 二号
	headSize     = 9.0            // the issuer's mark
	folioSize    = 4.94           // 四号, the page number
	folioY       = marginTop + 225 + 14
)

// segment is text set on one baseline from x, in one size.
type segment struct {
	x, y, size float64
	text       string
}

// advances returns the advance of each rune of s: a Chinese character
// or full-width form is one em, anything narrower half.
func advances(s string, size float64) []float64 {
	var out []float64
	for _, r := range s {
		if r < 0x2E80 {
			out = append(out, size/2)
		} else {
			out = append(out, size)
		}
	}
	return out
}

func width(s string, size float64) float64 {
	w := 0.0
	for _, a := range advances(s, size) {
		w += a
	}
	return w
}

// noLineStart are the characters Chinese typesetting never starts a line
// with (避头点): a line that would is shortened by one character instead.
const noLineStart = "，。、；：？！）》”％%"

// wrap breaks text into lines of at most textWidth, the first indented.
func wrap(text string, size, indent float64) []string {
	runes := []rune(text)
	var lines []string
	for len(runes) > 0 {
		avail := textWidth
		if len(lines) == 0 {
			avail -= indent
		}
		n, w := 0, 0.0
		for n < len(runes) {
			a := width(string(runes[n]), size)
			if w+a > avail+1e-6 {
				break
			}
			w += a
			n++
		}
		if n < len(runes) && n > 1 && strings.ContainsRune(noLineStart, runes[n]) {
			n--
		}
		lines = append(lines, string(runes[:n]))
		runes = runes[n:]
	}
	return lines
}

// layout sets the report on pages: the issuer's mark and document number
// centred, the title centred in 二号 (wrapped), the addressee flush left,
// body paragraphs indented two characters, table rows in three columns,
// the signature flush right less two characters, a page number under the
// text block of each page.
func layout(lines []string, folio func(int) string) [][]segment {
	pages := [][]segment{nil}
	slot := 0
	put := func(segs ...segment) {
		if slot == linesPerPage {
			pages = append(pages, nil)
			slot = 0
		}
		y := marginTop + float64(slot)*linePitch + bodySize
		for _, s := range segs {
			s.y = y
			pages[len(pages)-1] = append(pages[len(pages)-1], s)
		}
		slot++
	}
	centred := func(text string, size float64) {
		for _, l := range wrap(text, size, 0) {
			put(segment{x: marginLeft + (textWidth-width(l, size))/2, size: size, text: l})
		}
	}
	n := len(lines)
	for i, l := range lines {
		switch {
		case i == 0:
			centred(l, headSize)
		case i == 1:
			centred(l, bodySize)
		case i == 2:
			centred(l, titleSize)
		case i == 3:
			put(segment{x: marginLeft, size: bodySize, text: l})
		case strings.Contains(l, "\t"):
			var segs []segment
			for j, c := range strings.Split(l, "\t") {
				segs = append(segs, segment{x: marginLeft + []float64{2, 80, 118}[j], size: bodySize, text: c})
			}
			put(segs...)
		case i >= n-2:
			put(segment{x: marginLeft + textWidth - 2*bodySize - width(l, bodySize), size: bodySize, text: l})
		default:
			for j, part := range wrap(l, bodySize, 2*bodySize) {
				x := marginLeft
				if j == 0 {
					x += 2 * bodySize
				}
				put(segment{x: x, size: bodySize, text: part})
			}
		}
	}
	for p := range pages {
		f := folio(p + 1)
		pages[p] = append(pages[p], segment{x: marginLeft + (textWidth-width(f, folioSize))/2, y: folioY, size: folioSize, text: f})
	}
	return pages
}

// num writes a length in mm as OFD files do, to a thousandth.
func num(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// deltaX writes the advances between the runes of a text code, with
// "g N v" for repeats as producers do.
func deltaX(adv []float64) string {
	if len(adv) < 2 {
		return ""
	}
	adv = adv[:len(adv)-1]
	var parts []string
	for i := 0; i < len(adv); {
		j := i
		for j < len(adv) && adv[j] == adv[i] {
			j++
		}
		if j-i >= 3 {
			parts = append(parts, "g", strconv.Itoa(j-i), num(adv[i]))
		} else {
			for k := i; k < j; k++ {
				parts = append(parts, num(adv[k]))
			}
		}
		i = j
	}
	return strings.Join(parts, " ")
}

// ofdPackage zips the parts of a one-document OFD: OFD.xml, Document.xml
// with pages, public resources and the given extra parts.
type ofdPackage struct {
	prefix   string // "ofd:" or "" (a default namespace)
	docRoot  string // as OFD.xml names it
	docDir   string // where Document.xml is
	pageLoc  func(i int) string
	template string // the template page's content, or ""
	title    string
	docNo    string
	pages    []string // each page's Content.xml
	docRes   string   // DocumentRes.xml, or ""
	extra    []entry
}

func (p ofdPackage) zip() []byte {
	o := p.prefix
	ns := `xmlns:ofd="http://www.ofdspec.org/2016"`
	if o == "" {
		ns = `xmlns="http://www.ofdspec.org/2016"`
	}
	custom := ""
	if p.docNo != "" {
		custom = fmt.Sprintf(`<%sCustomDatas><%sCustomData Name="文号">%s</%sCustomData></%sCustomDatas>`, o, o, esc(p.docNo), o, o)
	}
	root := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><%[1]sOFD %[2]s DocType="OFD" Version="1.0"><%[1]sDocBody><%[1]sDocInfo>`+
		`<%[1]sDocID>6f1d2c3b4a5948e7a1b2c3d4e5f60718</%[1]sDocID><%[1]sTitle>%[3]s</%[1]sTitle><%[1]sAuthor>松溪区发展和改革局</%[1]sAuthor>`+
		`<%[1]sCreationDate>2024-01-15</%[1]sCreationDate><%[1]sCreator>mkfixtures</%[1]sCreator>%[4]s</%[1]sDocInfo>`+
		`<%[1]sDocRoot>%[5]s</%[1]sDocRoot></%[1]sDocBody></%[1]sOFD>`, o, ns, esc(p.title), custom, p.docRoot)
	var doc strings.Builder
	fmt.Fprintf(&doc, `<?xml version="1.0" encoding="UTF-8"?><%[1]sDocument %[2]s><%[1]sCommonData><%[1]sMaxUnitID>9999</%[1]sMaxUnitID>`+
		`<%[1]sPageArea><%[1]sPhysicalBox>0 0 210 297</%[1]sPhysicalBox></%[1]sPageArea><%[1]sPublicRes>PublicRes.xml</%[1]sPublicRes>`, o, ns)
	if p.docRes != "" {
		fmt.Fprintf(&doc, `<%sDocumentRes>DocumentRes.xml</%sDocumentRes>`, o, o)
	}
	if p.template != "" {
		fmt.Fprintf(&doc, `<%sTemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>`, o)
	}
	fmt.Fprintf(&doc, `</%sCommonData><%sPages>`, o, o)
	for i := range p.pages {
		fmt.Fprintf(&doc, `<%sPage ID="%d" BaseLoc="%s"/>`, o, 100+i, p.pageLoc(i))
	}
	fmt.Fprintf(&doc, `</%sPages></%sDocument>`, o, o)
	res := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><%[1]sRes %[2]s BaseLoc="Res"><%[1]sFonts>`+
		`<%[1]sFont ID="3" FontName="仿宋_GB2312" FamilyName="仿宋"/><%[1]sFont ID="4" FontName="方正小标宋简体" FamilyName="方正小标宋简体"/>`+
		`</%[1]sFonts></%[1]sRes>`, o, ns)
	entries := []entry{
		{name: "OFD.xml", data: []byte(root)},
		{name: p.docDir + "/Document.xml", data: []byte(doc.String())},
		{name: p.docDir + "/PublicRes.xml", data: []byte(res)},
	}
	if p.docRes != "" {
		entries = append(entries, entry{name: p.docDir + "/DocumentRes.xml", data: []byte(p.docRes)})
	}
	if p.template != "" {
		entries = append(entries, entry{name: p.docDir + "/Tpls/Tpl_0/Content.xml", data: []byte(p.template)})
	}
	for i, c := range p.pages {
		entries = append(entries, entry{name: p.docDir + "/" + p.pageLoc(i), data: []byte(c)})
	}
	return makeZip(append(entries, p.extra...))
}

// pageXML wraps the objects of one page's body layer.
func pageXML(o, ns, head, objects string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<%[1]sPage %[2]s>%[3]s<%[1]sArea><%[1]sPhysicalBox>0 0 210 297</%[1]sPhysicalBox></%[1]sArea>`+
		`<%[1]sContent><%[1]sLayer ID="90" Type="Body">%[4]s</%[1]sLayer></%[1]sContent></%[1]sPage>`, o, ns, head, objects)
}

// lineOFD sets the report one TextObject per line (two text codes each,
// the second placed by X), as the converters of word processors do, with
// table borders as paths, a running header in a template page and the
// page number on the page.
func lineOFD(lines []string) []byte {
	pages := layout(lines, func(p int) string { return "— " + strconv.Itoa(p) + " —" })
	id := 1000
	var contents []string
	for _, segs := range pages {
		var b strings.Builder
		for _, s := range segs {
			id++
			adv := advances(s.text, s.size)
			runes := []rune(s.text)
			font := 3
			if s.size == titleSize || s.size == headSize {
				font = 4
			}
			fmt.Fprintf(&b, `<ofd:TextObject ID="%d" Boundary="%s %s %s %s" Font="%d" Size="%s"><ofd:FillColor Value="0 0 0"/>`,
				id, num(s.x), num(s.y-s.size), num(width(s.text, s.size)+0.5), num(s.size*1.3), font, num(s.size))
			half := len(runes) / 2
			if half == 0 {
				half = len(runes)
			}
			fmt.Fprintf(&b, `<ofd:TextCode X="0" Y="%s" DeltaX="%s">%s</ofd:TextCode>`, num(s.size), deltaX(adv[:half]), esc(string(runes[:half])))
			if half < len(runes) {
				x := 0.0
				for _, a := range adv[:half] {
					x += a
				}
				fmt.Fprintf(&b, `<ofd:TextCode X="%s" Y="%s" DeltaX="%s">%s</ofd:TextCode>`, num(x), num(s.size), deltaX(adv[half:]), esc(string(runes[half:])))
			}
			b.WriteString(`</ofd:TextObject>`)
			if strings.Contains(s.text, "增速") || s.text == "指标" {
				id++
				fmt.Fprintf(&b, `<ofd:PathObject ID="%d" Boundary="%s %s 156 0.5" LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L 156 0</ofd:AbbreviatedData></ofd:PathObject>`,
					id, num(marginLeft), num(s.y+2))
			}
		}
		contents = append(contents, pageXML("ofd:", `xmlns:ofd="http://www.ofdspec.org/2016"`, `<ofd:Template TemplateID="2" ZOrder="Background"/>`, b.String()))
	}
	tpl := pageXML("ofd:", `xmlns:ofd="http://www.ofdspec.org/2016"`, "",
		`<ofd:TextObject ID="3" Boundary="28 15 60 5" Font="3" Size="3.5"><ofd:TextCode X="0" Y="3.5" DeltaX="g 8 3.5">松溪区发展和改革局</ofd:TextCode></ofd:TextObject>`)
	return ofdPackage{prefix: "ofd:", docRoot: "Doc_0/Document.xml", docDir: "Doc_0",
		pageLoc:  func(i int) string { return fmt.Sprintf("Pages/Page_%d/Content.xml", i) },
		template: tpl, title: lines[2], docNo: lines[1], pages: contents}.zip()
}

// charOFD sets the report one TextObject per character, as some
// government converters do: in no particular order, baselines jittered
// by a few hundredths of a millimetre, every fifth character scaled by a
// CTM, the title's characters drawn twice for simulated bold, OFD.xml in
// a default namespace with an absolute DocRoot, and the second page in
// GB18030.
func charOFD(lines []string) []byte {
	pages := layout(lines, func(p int) string { return "- " + strconv.Itoa(p) + " -" })
	id := 1000
	var contents []string
	for p, segs := range pages {
		var objs []string
		for _, s := range segs {
			x := s.x
			for _, r := range s.text {
				a := width(string(r), s.size)
				strokes := 1
				if s.size == titleSize {
					strokes = 2
				}
				for k := range strokes {
					id++
					jitter := float64(id*37%7-3) * 0.03
					bx := x + float64(k)*0.15
					if id%5 == 0 {
						objs = append(objs, fmt.Sprintf(`<TextObject ID="%d" Boundary="%s %s %s %s" CTM="0.5 0 0 0.5 0 0" Font="3" Size="%s"><TextCode X="0" Y="%s">%s</TextCode></TextObject>`,
							id, num(bx), num(s.y-0.9*s.size+jitter), num(a), num(s.size), num(2*s.size), num(1.8*s.size), esc(string(r))))
					} else {
						objs = append(objs, fmt.Sprintf(`<TextObject ID="%d" Boundary="%s %s %s %s" Font="3" Size="%s"><TextCode X="0" Y="%s">%s</TextCode></TextObject>`,
							id, num(bx), num(s.y-0.9*s.size+jitter), num(a), num(s.size), num(s.size), num(0.9*s.size), esc(string(r))))
					}
				}
				x += a
			}
		}
		// A fixed shuffle: producers write objects in the order they
		// drew them, not the order they are read.
		for i := len(objs) - 1; i > 0; i-- {
			j := (i*7919 + p*104729) % (i + 1)
			objs[i], objs[j] = objs[j], objs[i]
		}
		c := pageXML("", `xmlns="http://www.ofdspec.org/2016"`, "", strings.Join(objs, ""))
		if p == 1 {
			gb, err := simplifiedchinese.GB18030.NewEncoder().String(strings.Replace(c, `encoding="UTF-8"`, `encoding="GB18030"`, 1))
			if err != nil {
				log.Fatal(err)
			}
			c = gb
		}
		contents = append(contents, c)
	}
	return ofdPackage{docRoot: "/Doc_0/Document.xml", docDir: "Doc_0",
		pageLoc: func(i int) string { return fmt.Sprintf("Pages/Page_%d/Content.xml", i+1) },
		title:   lines[2], pages: contents}.zip()
}
