package extract

import (
	"context"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

func init() { readers[FormatDOCX] = readDOCX }

// The parts of a DOCX the reader opens, by the names Word, WPS Office and
// LibreOffice give them.
const (
	docxDocumentPart  = "word/document.xml"
	docxNumberingPart = "word/numbering.xml"
	docxStylesPart    = "word/styles.xml"
	docxCorePart      = "docProps/core.xml"
)

// maxStyleChain bounds the basedOn links followed from a paragraph style;
// a loop of them is malformed and must not hang the reader.
const maxStyleChain = 16

// readDOCX is the DOCX reader: WordprocessingML's main document part,
// streamed through an XML decoder, paragraphs in document order one per
// line. Table rows are lines with their cells joined by tabs (a cell's
// paragraphs joined by a space); text boxes give their paragraphs where
// they are anchored. List numbers (w:numPr on the paragraph or its style)
// are rendered from word/numbering.xml as the text a text report has —
// 一、, （一）, 1. — with no tab after them, because the section parser
// takes a number followed by a tab for a table row label; bullets are
// dropped. w:tab is a tab and w:br a line break. The title comes from
// docProps/core.xml.
//
// It leaves out headers, footers, footnotes, endnotes and comments (other
// parts), deleted and moved-away revisions, field codes (their results
// stay), hidden runs, the prompts of empty content controls, and the
// fallback copy of a text box that Word writes for older readers.
func readDOCX(ctx context.Context, data []byte, lim Limits) (Result, error) {
	a, err := openZip(data, lim)
	if err != nil {
		return Result{}, err
	}
	num := newDocxNumbering()
	if a.lookup(docxNumberingPart) != nil {
		if err := a.readEntryXML(ctx, docxNumberingPart, num.parse); err != nil {
			return Result{}, err
		}
	}
	styles := docxStyleNumbering{}
	if a.lookup(docxStylesPart) != nil {
		if err := a.readEntryXML(ctx, docxStylesPart, styles.parse); err != nil {
			return Result{}, err
		}
	}
	body := &docxBody{num: num, styles: styles, limit: lim.MaxTextBytes}
	if err := a.readEntryXML(ctx, docxDocumentPart, body.token); err != nil {
		return Result{}, err
	}
	res := Result{Text: strings.Join(body.lines, "\n")}
	if a.lookup(docxCorePart) != nil {
		// The title is a nicety: a broken core.xml does not lose the text.
		res.Title, _ = docxTitle(ctx, a)
	}
	return res, nil
}

// docxTitle returns dc:title of the core properties.
func docxTitle(ctx context.Context, a *zipArchive) (string, error) {
	var title string
	err := a.readEntryXML(ctx, docxCorePart, func(s *xmlStream, tok xml.Token) error {
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "title" && title == "" {
			t, err := s.text(1024)
			title = strings.Join(strings.Fields(t), " ")
			return err
		}
		return nil
	})
	return title, err
}

// docxSkipped are the elements whose content is not part of the text:
// revisions taken out, field codes, the old-reader copy of a text box
// (mc:Fallback repeats mc:Choice), and the properties a revision
// replaced (they hold the old numbering).
var docxSkipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "instrText": true, "delInstrText": true,
	"Fallback": true, "pPrChange": true, "rPrChange": true, "sectPrChange": true,
	"tblPrChange": true, "trPrChange": true, "tcPrChange": true, "numberingChange": true,
}

// docxPara is a paragraph being read.
type docxPara struct {
	b        strings.Builder
	style    string
	numID    string
	ilvl     int
	hasNumID bool
	hasIlvl  bool
}

// docxTable is a table being read: the current row's finished cells and
// the cell being read.
type docxTable struct {
	cells []string
	cell  strings.Builder
}

// docxBody turns the tokens of word/document.xml into lines.
type docxBody struct {
	num    *docxNumbering
	styles docxStyleNumbering
	limit  int // Limits.MaxTextBytes
	size   int // bytes of text taken so far

	lines  []string
	paras  []*docxPara  // open paragraphs; more than one inside a text box
	tables []*docxTable // open tables; more than one for a table in a cell
	inPPr  int          // depth inside w:pPr, whose w:tab are tab stops
	inRun  int          // depth of runs: a text box's runs are inside one
	vanish bool         // the current run is hidden
	sdts   []bool       // open content controls: showing their placeholder?
}

func (b *docxBody) token(s *xmlStream, tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return b.start(s, t)
	case xml.EndElement:
		return b.end(t)
	}
	return nil
}

func (b *docxBody) start(s *xmlStream, se xml.StartElement) error {
	name := se.Name.Local
	if docxSkipped[name] {
		return s.skip()
	}
	para := b.para()
	switch name {
	case "p":
		b.paras = append(b.paras, &docxPara{})
	case "pPr":
		b.inPPr++
	case "pStyle":
		if para != nil && b.inPPr > 0 {
			para.style = attr(se, "val")
		}
	case "ilvl":
		if para != nil && b.inPPr > 0 {
			para.ilvl, para.hasIlvl = docxLevel(attr(se, "val")), true
		}
	case "numId":
		if para != nil && b.inPPr > 0 {
			para.numID, para.hasNumID = attr(se, "val"), true
		}
	case "r":
		b.inRun++
		b.vanish = false
	case "vanish", "specVanish":
		if b.inRun > 0 && docxOn(se) {
			b.vanish = true
		}
	case "t":
		text, err := s.text(b.limit - b.size + 1)
		if err != nil {
			return err
		}
		if !b.vanish {
			return b.add(para, text)
		}
	case "tab":
		if b.inRun > 0 && b.inPPr == 0 && !b.vanish {
			return b.add(para, "\t")
		}
	case "br", "cr":
		if b.inRun > 0 && !b.vanish {
			return b.add(para, "\n")
		}
	case "noBreakHyphen":
		if b.inRun > 0 && !b.vanish {
			return b.add(para, "-")
		}
	case "sdt":
		b.sdts = append(b.sdts, false)
	case "showingPlcHdr":
		if len(b.sdts) > 0 && docxOn(se) {
			b.sdts[len(b.sdts)-1] = true
		}
	case "sdtContent":
		// A content control left empty shows its prompt (单击或点击此处
		// 输入文字。), which is the template's text, not the report's.
		if len(b.sdts) > 0 && b.sdts[len(b.sdts)-1] {
			return s.skip()
		}
	case "tbl":
		b.tables = append(b.tables, &docxTable{})
	case "tr":
		if tb := b.table(); tb != nil {
			tb.cells = tb.cells[:0]
		}
	case "tc":
		if tb := b.table(); tb != nil {
			tb.cell.Reset()
		}
	}
	return nil
}

func (b *docxBody) end(ee xml.EndElement) error {
	switch ee.Name.Local {
	case "p":
		if len(b.paras) == 0 {
			return nil
		}
		p := b.paras[len(b.paras)-1]
		b.paras = b.paras[:len(b.paras)-1]
		// The number first: Word counts an empty numbered paragraph.
		label := b.label(p)
		text := strings.TrimRight(p.b.String(), " \t\n\u3000")
		if strings.TrimSpace(text) == "" {
			return nil
		}
		b.size += len(label)
		b.put(label + text)
	case "pPr":
		b.inPPr--
	case "sdt":
		if len(b.sdts) > 0 {
			b.sdts = b.sdts[:len(b.sdts)-1]
		}
	case "r":
		b.inRun = max(b.inRun-1, 0)
		b.vanish = false
	case "tc":
		if tb := b.table(); tb != nil {
			tb.cells = append(tb.cells, strings.TrimSpace(tb.cell.String()))
			b.size++ // its tab
		}
	case "tr":
		tb := b.table()
		if tb == nil {
			return nil
		}
		row := strings.TrimRight(strings.Join(tb.cells, "\t"), "\t")
		if row == "" {
			return nil
		}
		if len(b.tables) > 1 {
			// A table inside a cell is flattened into that cell: a
			// tab would split the outer row's cells.
			appendCell(b.tables[len(b.tables)-2], strings.Join(strings.Fields(row), " "))
			return nil
		}
		b.lines = append(b.lines, row)
		b.size++ // its line end
	case "tbl":
		if len(b.tables) > 0 {
			b.tables = b.tables[:len(b.tables)-1]
		}
	}
	if b.size > b.limit {
		return fmt.Errorf("%w: the text passes %d bytes", ErrTooLarge, b.limit)
	}
	return nil
}

// para returns the innermost open paragraph, or nil.
func (b *docxBody) para() *docxPara {
	if len(b.paras) == 0 {
		return nil
	}
	return b.paras[len(b.paras)-1]
}

// table returns the innermost open table, or nil.
func (b *docxBody) table() *docxTable {
	if len(b.tables) == 0 {
		return nil
	}
	return b.tables[len(b.tables)-1]
}

// add appends text to the paragraph p, counting it against the limit.
// Text outside any paragraph (malformed, but well-formed XML) is dropped.
func (b *docxBody) add(p *docxPara, text string) error {
	if p == nil {
		return nil
	}
	b.size += len(text)
	if b.size > b.limit {
		return fmt.Errorf("%w: the text passes %d bytes", ErrTooLarge, b.limit)
	}
	p.b.WriteString(text)
	return nil
}

// put places a finished paragraph or row: into the open table cell, after
// a space, or else as a line of its own.
func (b *docxBody) put(text string) {
	b.size++ // the line end or space after it
	if tb := b.table(); tb != nil {
		appendCell(tb, text)
		return
	}
	b.lines = append(b.lines, text)
}

// appendCell adds a paragraph to the cell being read, after a space; a
// line break inside a cell would end the row early.
func appendCell(tb *docxTable, text string) {
	if tb.cell.Len() > 0 {
		tb.cell.WriteByte(' ')
	}
	tb.cell.WriteString(strings.ReplaceAll(text, "\n", " "))
}

// label returns the rendered list number of paragraph p, or "". The
// paragraph's own w:numPr wins over its style's; numId 0 turns a style's
// numbering off.
func (b *docxBody) label(p *docxPara) string {
	numID, ilvl := p.numID, p.ilvl
	if !p.hasNumID {
		sNum, sLvl, ok := b.styles.resolve(p.style, b.num)
		if !ok {
			return ""
		}
		numID = sNum
		if !p.hasIlvl {
			ilvl = sLvl
		}
	}
	if numID == "" || numID == "0" {
		return ""
	}
	return b.num.next(numID, ilvl)
}

// docxOn reports whether a toggle property (w:vanish and the like) is on:
// present without w:val, or with a true value.
func docxOn(se xml.StartElement) bool {
	switch attr(se, "val") {
	case "0", "false", "off":
		return false
	}
	return true
}

// docxLevel parses a list level, 0 to 8; anything else is level 0.
func docxLevel(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n >= docxLevels {
		return 0
	}
	return n
}

// docxStyle is what a paragraph style says about numbering.
type docxStyle struct {
	basedOn  string
	numID    string
	ilvl     int
	hasNumID bool
	hasIlvl  bool
}

// docxStyleNumbering maps paragraph style ids to their numbering.
type docxStyleNumbering map[string]*docxStyle

// parse reads word/styles.xml.
func (st docxStyleNumbering) parse(s *xmlStream, tok xml.Token) error {
	se, ok := tok.(xml.StartElement)
	if !ok {
		return nil
	}
	switch se.Name.Local {
	case "style":
		if t := attr(se, "type"); t != "paragraph" && t != "" { // paragraph is the default
			return s.skip()
		}
		return st.parseStyle(s, attr(se, "styleId"))
	case "pPrChange", "rPrChange":
		return s.skip()
	}
	return nil
}

// parseStyle reads the w:style element just started.
func (st docxStyleNumbering) parseStyle(s *xmlStream, id string) error {
	style := &docxStyle{}
	for target := s.depth - 1; s.depth > target; {
		tok, err := s.next()
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "basedOn":
			style.basedOn = attr(se, "val")
		case "numId":
			style.numID, style.hasNumID = attr(se, "val"), true
		case "ilvl":
			style.ilvl, style.hasIlvl = docxLevel(attr(se, "val")), true
		case "pPrChange", "rPrChange":
			if err := s.skip(); err != nil {
				return err
			}
		}
	}
	if _, dup := st[id]; !dup {
		st[id] = style
	}
	return nil
}

// resolve follows the basedOn chain of style id to the first style with a
// numId and returns it and its level: the style's w:ilvl, or the level of
// the numbering that names the style in w:pStyle, or 0.
func (st docxStyleNumbering) resolve(id string, num *docxNumbering) (numID string, ilvl int, ok bool) {
	for range maxStyleChain {
		s := st[id]
		if s == nil {
			return "", 0, false
		}
		if s.hasNumID {
			if s.hasIlvl {
				return s.numID, s.ilvl, true
			}
			return s.numID, num.styleLevel(s.numID, id), true
		}
		id = s.basedOn
	}
	return "", 0, false
}
