package extract

import (
	"context"
	"encoding/xml"
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"
)

func init() { readers[FormatOFD] = readOFD }

// maxRunsPerPage refuses a page with more text codes: a dense page set
// one character per code holds some 3,000; each costs memory until its
// page is laid out.
const maxRunsPerPage = 100000

// readOFD is the OFD reader (GB/T 33190-2016): OFD.xml names each
// document's Document.xml (DocBody/DocRoot), that lists its pages
// (Pages/Page BaseLoc), and each page's Content.xml holds TextObjects
// whose TextCodes carry their text and baseline position. The text codes
// of a page are put in reading order — by baseline, codes within a
// tolerance of one another forming a line, then left to right — and
// lines that wrap a paragraph are joined again (layoutOFD), so the text
// reads like a text report: one paragraph per line, table rows with
// their cells joined by tabs, page numbers dropped.
//
// Text that a page places through a CompositeObject (a unit drawn in the
// resources, as producers converting from PDF write it) is read where it
// is placed. Template pages (the running headers and page numbers of many
// producers), annotations, signatures and seals are not read. A document
// whose pages hold only images is a scan, and one with no text but page
// numbers is taken for one: ErrNoTextLayer. A package with an
// Encryptions.xml is encrypted (GM/T 0099): ErrEncrypted. Rotated and
// vertical text is read as if it were horizontal, and columns side by
// side as rows of cells.
func readOFD(ctx context.Context, data []byte, lim Limits) (Result, error) {
	a, err := openZip(data, lim)
	if err != nil {
		return Result{}, err
	}
	if a.lookup("Encryptions.xml") != nil {
		return Result{}, fmt.Errorf("%w: the package holds Encryptions.xml", ErrEncrypted)
	}
	root, err := readOFDRoot(ctx, a)
	if err != nil {
		return Result{}, err
	}
	var pages []ofdPageRef
	for _, docRoot := range root.docRoots {
		doc, err := readOFDDocument(ctx, a, docRoot)
		if err != nil {
			return Result{}, err
		}
		for _, loc := range doc.pages {
			pages = append(pages, ofdPageRef{loc: loc, doc: doc})
		}
		if len(pages) > lim.MaxPages {
			return Result{}, fmt.Errorf("%w: more than %d pages", ErrTooLarge, lim.MaxPages)
		}
	}
	var (
		lines     [][]ofdLine // per page
		textBytes int
		runs      int
		imageOnly int
	)
	for _, p := range pages {
		pg, err := readOFDPage(ctx, a, p, lim.MaxTextBytes-textBytes)
		if err != nil {
			return Result{}, err
		}
		textBytes += pg.textBytes
		runs += len(pg.runs)
		if len(pg.runs) == 0 && pg.images {
			imageOnly++
		}
		lines = append(lines, ofdLines(pg.runs))
	}
	switch text := layoutOFD(lines); {
	case runs == 0 && imageOnly > 0:
		return Result{}, fmt.Errorf("%w: %d of its %d pages hold only images", ErrNoTextLayer, imageOnly, len(pages))
	case runs == 0:
		return Result{}, fmt.Errorf("%w: its %d pages hold no text", ErrNoTextLayer, len(pages))
	case strings.TrimSpace(text) == "":
		return Result{}, fmt.Errorf("%w: its %d pages hold no text but page numbers", ErrNoTextLayer, len(pages))
	default:
		return Result{Text: text, Pages: len(pages), Title: root.title, DocNo: root.docNo}, nil
	}
}

// ofdRoot is what OFD.xml says: the documents and the first one's
// metadata.
type ofdRoot struct {
	docRoots     []string
	title, docNo string
}

// readOFDRoot reads OFD.xml.
func readOFDRoot(ctx context.Context, a *zipArchive) (ofdRoot, error) {
	var root ofdRoot
	err := a.readEntryXML(ctx, "OFD.xml", func(s *xmlStream, tok xml.Token) error {
		se, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch se.Name.Local {
		case "DocRoot":
			loc, err := s.text(1024)
			if loc = strings.TrimSpace(loc); loc != "" {
				root.docRoots = append(root.docRoots, loc)
			}
			return err
		case "Title":
			t, err := s.text(1024)
			if root.title == "" {
				root.title = strings.Join(strings.Fields(t), " ")
			}
			return err
		case "CustomData":
			// Government producers record the document number as a
			// custom datum named 文号, 发文文号 or 发文字号 ("字号"
			// alone is a font size).
			name := strings.TrimSpace(attr(se, "Name"))
			v, err := s.text(256)
			if (strings.HasSuffix(name, "文号") || name == "发文字号") && root.docNo == "" {
				root.docNo = strings.TrimSpace(v)
			}
			return err
		}
		return nil
	})
	if err == nil && len(root.docRoots) == 0 {
		err = fmt.Errorf("%w: OFD.xml names no DocRoot", ErrCorrupt)
	}
	return root, err
}

// ofdDoc is one document of the package: its pages' content entries in
// page order, its resource entries, and the composite graphic units they
// define, read when a page first places one.
type ofdDoc struct {
	dir   string
	pages []string
	res   []string
	units map[string]*ofdPage // by ID; nil until read
}

// ofdPageRef is a page's content entry and the document it belongs to.
type ofdPageRef struct {
	loc string
	doc *ofdDoc
}

// readOFDDocument reads a Document.xml.
func readOFDDocument(ctx context.Context, a *zipArchive, docRoot string) (*ofdDoc, error) {
	docRoot = strings.TrimPrefix(docRoot, "/")
	if a.lookup(docRoot) == nil {
		return nil, fmt.Errorf("%w: OFD.xml names %s, which is not in the package", ErrCorrupt, docRoot)
	}
	doc := &ofdDoc{dir: path.Dir(docRoot)}
	err := a.readEntryXML(ctx, docRoot, func(s *xmlStream, tok xml.Token) error {
		se, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch se.Name.Local {
		case "TemplatePage", "Annotations", "Attachments", "CustomTags", "Outlines", "Permissions", "Actions":
			// Running headers, annotations and the like: not the body.
			return s.skip()
		case "PublicRes", "DocumentRes":
			loc, err := s.text(1024)
			if loc = strings.TrimSpace(loc); loc != "" && len(doc.res) < 16 {
				doc.res = append(doc.res, ofdResolve(a, doc.dir, loc))
			}
			return err
		case "Page":
			loc := attr(se, "BaseLoc")
			if loc == "" {
				return fmt.Errorf("%w: %s has a page without BaseLoc", ErrCorrupt, docRoot)
			}
			doc.pages = append(doc.pages, ofdResolve(a, doc.dir, loc))
			if len(doc.pages) > maxZipEntries {
				return fmt.Errorf("%w: %s lists more than %d pages", ErrTooLarge, docRoot, maxZipEntries)
			}
		}
		return nil
	})
	return doc, err
}

// compositeUnits returns the composite graphic units of the document's
// resources — drawings that pages place with a CompositeObject, which
// producers converting from PDF use for text too — reading them the
// first time. Each unit's text counts against budget when it is read and
// again each time a page places it.
func (doc *ofdDoc) compositeUnits(ctx context.Context, a *zipArchive, budget int) (map[string]*ofdPage, error) {
	if doc.units != nil {
		return doc.units, nil
	}
	doc.units = map[string]*ofdPage{}
	for _, loc := range doc.res {
		if a.lookup(loc) == nil {
			continue // a resource file gone loses its drawings, not the document
		}
		var (
			c    = &ofdCollector{loc: loc, budget: budget}
			id   string
			runs int
		)
		err := a.readEntryXML(ctx, loc, func(s *xmlStream, tok xml.Token) error {
			switch t := tok.(type) {
			case xml.StartElement:
				if t.Name.Local == "CompositeGraphicUnit" {
					id, c.runs, c.images = attr(t, "ID"), nil, false
					return nil
				}
			case xml.EndElement:
				if t.Name.Local == "CompositeGraphicUnit" && id != "" {
					if doc.units[id] == nil {
						doc.units[id] = &ofdPage{runs: c.runs, images: c.images}
						runs += len(c.runs)
					}
					id = ""
					return nil
				}
			}
			if id == "" {
				return nil // fonts, colour spaces, media: not drawings
			}
			if runs+len(c.runs) >= maxRunsPerPage {
				return fmt.Errorf("%w: %s holds more than %d text codes", ErrTooLarge, loc, maxRunsPerPage)
			}
			return c.token(s, tok)
		})
		if err != nil {
			return nil, err
		}
		budget -= c.textBytes
	}
	return doc.units, nil
}

// ofdResolve resolves loc, a location in the package: from the root when
// it starts with "/", else against dir; a producer that wrote a path from
// the root without the "/" is still found.
func ofdResolve(a *zipArchive, dir, loc string) string {
	if strings.HasPrefix(loc, "/") {
		return path.Clean(loc)[1:]
	}
	rel := path.Join(dir, loc)
	if a.lookup(rel) == nil && a.lookup(loc) != nil {
		return loc
	}
	return rel
}

// ofdRun is one TextCode placed on its page: its baseline's start, the
// estimated end of its last glyph, and its font size, all in mm.
type ofdRun struct {
	x, y, end, size float64
	text            string
}

// ofdPage is what a page's content holds.
type ofdPage struct {
	runs      []ofdRun
	images    bool
	textBytes int
}

// ofdObject is the TextObject being read: where its coordinate space
// lies on the page and where its next code starts by default.
type ofdObject struct {
	bx, by     float64    // Boundary's origin
	ctm        [6]float64 // object space to Boundary space
	size       float64
	nextX      float64
	nextY      float64
	hasNextPos bool
}

// ofdCollector gathers the text codes and notes the images of a page's
// content or a composite unit's; its text may take at most budget bytes.
type ofdCollector struct {
	ofdPage
	loc    string
	budget int
	obj    *ofdObject
}

func (c *ofdCollector) token(s *xmlStream, tok xml.Token) error {
	if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "TextObject" {
		c.obj = nil
	}
	se, ok := tok.(xml.StartElement)
	if !ok {
		return nil
	}
	switch se.Name.Local {
	case "ImageObject":
		c.images = true
	case "TextObject":
		c.obj = newOFDObject(se)
	case "TextCode":
		if c.obj == nil {
			return s.skip()
		}
		text, err := s.text(c.budget - c.textBytes + 1)
		if err != nil {
			return err
		}
		c.textBytes += len(text)
		if c.textBytes > c.budget {
			return fmt.Errorf("%w: the text passes the limit in %s", ErrTooLarge, c.loc)
		}
		if run, ok := c.obj.place(se, text); ok {
			if len(c.runs) == maxRunsPerPage {
				return fmt.Errorf("%w: %s holds more than %d text codes", ErrTooLarge, c.loc, maxRunsPerPage)
			}
			c.runs = append(c.runs, run)
		}
	}
	return nil
}

// ofdComposite is a CompositeObject of a page: a unit placed through a
// CTM into a Boundary.
type ofdComposite struct {
	unit   string
	bx, by float64
	ctm    [6]float64
}

// readOFDPage reads the content of one page, the composite units it
// places included; its text may take at most budget bytes.
func readOFDPage(ctx context.Context, a *zipArchive, p ofdPageRef, budget int) (ofdPage, error) {
	c := &ofdCollector{loc: p.loc, budget: budget}
	var comps []ofdComposite
	err := a.readEntryXML(ctx, p.loc, func(s *xmlStream, tok xml.Token) error {
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "CompositeObject" && len(comps) < maxRunsPerPage {
			o := newOFDObject(se)
			comps = append(comps, ofdComposite{unit: attr(se, "ResourceID"), bx: o.bx, by: o.by, ctm: o.ctm})
			return nil
		}
		return c.token(s, tok)
	})
	if err != nil || len(comps) == 0 {
		return c.ofdPage, err
	}
	units, err := p.doc.compositeUnits(ctx, a, budget)
	if err != nil {
		return c.ofdPage, err
	}
	for _, comp := range comps {
		u := units[comp.unit]
		if u == nil {
			continue
		}
		c.images = c.images || u.images
		if len(c.runs)+len(u.runs) > maxRunsPerPage {
			return c.ofdPage, fmt.Errorf("%w: %s places more than %d text codes", ErrTooLarge, p.loc, maxRunsPerPage)
		}
		for _, r := range u.runs {
			c.textBytes += len(r.text)
			if c.textBytes > budget {
				return c.ofdPage, fmt.Errorf("%w: the text passes the limit in %s", ErrTooLarge, p.loc)
			}
			if run, ok := comp.place(r); ok {
				c.runs = append(c.runs, run)
			}
		}
	}
	return c.ofdPage, nil
}

// place maps a run of the unit onto the page; false when the numbers
// overflow.
func (comp ofdComposite) place(r ofdRun) (ofdRun, bool) {
	m := comp.ctm
	out := ofdRun{x: comp.bx + m[0]*r.x + m[2]*r.y + m[4], y: comp.by + m[1]*r.x + m[3]*r.y + m[5],
		end: comp.bx + m[0]*r.end + m[2]*r.y + m[4], size: r.size * ofdScale(m), text: r.text}
	return out, finite(out.x, out.y, out.end, out.size)
}

// ofdScale is how much a CTM scales lengths (1 for a degenerate one).
func ofdScale(m [6]float64) float64 {
	scale := math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
	if scale == 0 || !finite(scale) {
		return 1
	}
	return scale
}

// finite reports whether no value is NaN or infinite.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// newOFDObject reads a TextObject's Boundary, CTM and Size.
func newOFDObject(se xml.StartElement) *ofdObject {
	o := &ofdObject{ctm: [6]float64{1, 0, 0, 1, 0, 0}, size: 3.5}
	if b := ofdNumbers(attr(se, "Boundary")); len(b) >= 2 {
		o.bx, o.by = b[0], b[1]
	}
	if m := ofdNumbers(attr(se, "CTM")); len(m) == 6 {
		copy(o.ctm[:], m)
	}
	if v, err := strconv.ParseFloat(attr(se, "Size"), 64); err == nil && v > 0 && v < 1000 {
		o.size = v
	}
	return o
}

// place positions a TextCode of o on the page. A code without X or Y
// goes on where the previous one ended.
func (o *ofdObject) place(se xml.StartElement, text string) (ofdRun, bool) {
	runes := []rune(text)
	x, errX := strconv.ParseFloat(attr(se, "X"), 64)
	y, errY := strconv.ParseFloat(attr(se, "Y"), 64)
	if errX != nil || errY != nil {
		if !o.hasNextPos {
			return ofdRun{}, false
		}
		if errX != nil {
			x = o.nextX
		}
		if errY != nil {
			y = o.nextY
		}
	}
	deltas := ofdDeltas(attr(se, "DeltaX"), len(runes))
	adv := 0.0
	for i, r := range runes {
		switch {
		case i == len(runes)-1:
			adv += glyphWidth(r) * o.size
		case i < len(deltas):
			adv += deltas[i]
		default:
			adv += glyphWidth(r) * o.size
		}
	}
	o.nextX, o.nextY, o.hasNextPos = x+adv, y, true
	text = strings.TrimSpace(text)
	if text == "" || len(runes) == 0 {
		return ofdRun{}, false
	}
	m := o.ctm
	scale := ofdScale(m)
	run := ofdRun{x: o.bx + m[0]*x + m[2]*y + m[4], y: o.by + m[1]*x + m[3]*y + m[5], size: o.size * scale, text: text}
	run.end = run.x + adv*scale
	return run, finite(run.x, run.y, run.end, run.size)
}

// glyphWidth estimates a glyph's advance in ems: Chinese characters and
// full-width forms take one, Latin letters and digits about half.
func glyphWidth(r rune) float64 {
	if r < 0x2E80 || (r >= 0xFF61 && r <= 0xFFDC) {
		return 0.5
	}
	return 1
}

// ofdNumbers parses a space-separated list of numbers (Boundary, CTM);
// it stops at the first that is not one.
func ofdNumbers(s string) []float64 {
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || !finite(v) {
			break
		}
		out = append(out, v)
	}
	return out
}

// ofdDeltas expands a DeltaX list — numbers, and "g N v" for N times v —
// to at most n values.
func ofdDeltas(s string, n int) []float64 {
	f := strings.Fields(s)
	var out []float64
	for i := 0; i < len(f) && len(out) < n; i++ {
		if f[i] == "g" && i+2 < len(f) {
			count, err1 := strconv.Atoi(f[i+1])
			v, err2 := strconv.ParseFloat(f[i+2], 64)
			if err1 != nil || err2 != nil {
				break
			}
			for j := 0; j < count && len(out) < n; j++ {
				out = append(out, v)
			}
			i += 2
			continue
		}
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			break
		}
		out = append(out, v)
	}
	return out
}
