package extract

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// docxLevels is the number of list levels WordprocessingML defines.
const docxLevels = 9

// docxLvl is one level of a list definition (w:lvl).
type docxLvl struct {
	start  int
	format string // w:numFmt
	text   string // w:lvlText, %1…%9 standing for the levels' numbers
	isLgl  bool   // legal numbering: every level's number in arabic digits
	pStyle string // the paragraph style this level belongs to
}

// docxNum is a list instance (w:num): a definition and its overrides.
type docxNum struct {
	abstract      string
	startOverride [docxLevels]int // 0: none
	lvlOverride   [docxLevels]*docxLvl
}

// docxCounters are the running numbers of one list definition.
type docxCounters struct {
	value [docxLevels]int
	set   [docxLevels]bool
}

// docxNumbering holds word/numbering.xml and the numbers given so far.
// Word numbers the w:num instances of one abstract definition as one
// list, so counters are kept per definition; an instance with a
// w:startOverride restarts its level the first time it is used.
type docxNumbering struct {
	abstracts map[string]*[docxLevels]*docxLvl
	nums      map[string]*docxNum
	counters  map[string]*docxCounters
	used      map[string]bool

	// parse state: the definition, instance and level being read
	curAbs  *[docxLevels]*docxLvl
	curNum  *docxNum
	curOver int // level of the w:lvlOverride being read, or -1
	curLvl  *docxLvl
}

func newDocxNumbering() *docxNumbering {
	return &docxNumbering{abstracts: map[string]*[docxLevels]*docxLvl{}, nums: map[string]*docxNum{},
		counters: map[string]*docxCounters{}, used: map[string]bool{}, curOver: -1}
}

// parse reads word/numbering.xml.
func (n *docxNumbering) parse(s *xmlStream, tok xml.Token) error {
	if ee, ok := tok.(xml.EndElement); ok {
		switch ee.Name.Local {
		case "abstractNum":
			n.curAbs = nil
		case "num":
			n.curNum = nil
		case "lvlOverride":
			n.curOver = -1
		case "lvl":
			n.curLvl = nil
		}
		return nil
	}
	se, ok := tok.(xml.StartElement)
	if !ok {
		return nil
	}
	val := attr(se, "val")
	switch se.Name.Local {
	case "abstractNum":
		id := attr(se, "abstractNumId")
		if n.abstracts[id] == nil {
			n.abstracts[id] = &[docxLevels]*docxLvl{}
		}
		n.curAbs = n.abstracts[id]
	case "num":
		id := attr(se, "numId")
		if n.nums[id] == nil {
			n.nums[id] = &docxNum{}
		}
		n.curNum = n.nums[id]
	case "abstractNumId":
		if n.curNum != nil {
			n.curNum.abstract = val
		}
	case "lvlOverride":
		n.curOver = docxLevel(attr(se, "ilvl"))
	case "startOverride":
		if v, err := strconv.Atoi(val); err == nil && n.curNum != nil && n.curOver >= 0 {
			n.curNum.startOverride[n.curOver] = max(v, 1)
		}
	case "lvl":
		// A level whose w:start is missing starts at 1: the schema says
		// 0, but no producer means a "0、" heading.
		n.curLvl = &docxLvl{start: 1, format: "decimal"}
		switch {
		case n.curNum != nil && n.curOver >= 0:
			n.curNum.lvlOverride[n.curOver] = n.curLvl
		case n.curAbs != nil:
			n.curAbs[docxLevel(attr(se, "ilvl"))] = n.curLvl
		}
	case "start":
		if v, err := strconv.Atoi(val); err == nil && n.curLvl != nil {
			n.curLvl.start = max(v, 0)
		}
	case "numFmt":
		if n.curLvl != nil {
			n.curLvl.format = val
		}
	case "lvlText":
		if n.curLvl != nil {
			n.curLvl.text = val
		}
	case "isLgl":
		if n.curLvl != nil {
			n.curLvl.isLgl = docxOn(se)
		}
	case "pStyle":
		if n.curLvl != nil {
			n.curLvl.pStyle = val
		}
	case "rPr", "pPr", "numStyleLink", "styleLink":
		// Run and paragraph properties of a level hold no numbering.
		return s.skip()
	}
	return nil
}

// level returns the definition of level ilvl of instance num.
func (n *docxNumbering) level(num *docxNum, ilvl int) *docxLvl {
	if l := num.lvlOverride[ilvl]; l != nil {
		return l
	}
	if abs := n.abstracts[num.abstract]; abs != nil {
		return abs[ilvl]
	}
	return nil
}

// styleLevel returns the level of instance numID that names style in its
// w:pStyle, or 0.
func (n *docxNumbering) styleLevel(numID, style string) int {
	num := n.nums[numID]
	if num == nil {
		return 0
	}
	for i := range docxLevels {
		if l := n.level(num, i); l != nil && l.pStyle == style {
			return i
		}
	}
	return 0
}

// next counts a paragraph at level ilvl of list numID and returns its
// rendered number, or "" for a bullet or an unknown list.
func (n *docxNumbering) next(numID string, ilvl int) string {
	num := n.nums[numID]
	if num == nil {
		return ""
	}
	lvl := n.level(num, ilvl)
	if lvl == nil {
		return ""
	}
	c := n.counters[num.abstract]
	if c == nil {
		c = &docxCounters{}
		n.counters[num.abstract] = c
	}
	if !n.used[numID] {
		n.used[numID] = true
		for i, v := range num.startOverride {
			if v > 0 {
				c.value[i], c.set[i] = v-1, true
			}
		}
	}
	if c.set[ilvl] {
		c.value[ilvl]++
	} else {
		c.value[ilvl], c.set[ilvl] = lvl.start, true
	}
	for i := ilvl + 1; i < docxLevels; i++ {
		c.set[i] = false
	}
	if lvl.format == "bullet" {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(lvl.text); i++ {
		ch := lvl.text[i]
		if ch != '%' || i+1 >= len(lvl.text) || lvl.text[i+1] < '1' || lvl.text[i+1] > '9' {
			b.WriteByte(ch)
			continue
		}
		i++
		k := int(lvl.text[i] - '1')
		ref := n.level(num, k)
		if ref == nil {
			continue
		}
		v := ref.start
		if c.set[k] {
			v = c.value[k]
		}
		format := ref.format
		if lvl.isLgl && k != ilvl {
			format = "decimal"
		}
		b.WriteString(formatListNumber(v, format))
	}
	return strings.TrimRight(b.String(), " \t")
}

// formatListNumber renders v in a w:numFmt; formats with no form for v
// (a circled 25, an unknown name) fall back to arabic digits.
func formatListNumber(v int, format string) string {
	switch format {
	case "none":
		return ""
	case "chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
		"taiwaneseCountingThousand", "japaneseCounting", "koreanCounting":
		if s := cnNumeral(v, cnDigitsSimple, cnUnitsSimple); s != "" {
			return s
		}
	case "chineseLegalSimplified":
		if s := cnNumeral(v, cnDigitsLegal, cnUnitsLegal); s != "" {
			return s
		}
	case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
		if v >= 0 {
			var b strings.Builder
			for _, d := range strconv.Itoa(v) {
				b.WriteRune(cnDigitsSimple[d-'0'])
			}
			return b.String()
		}
	case "ideographTraditional":
		if v >= 1 && v <= 10 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[v-1])
		}
	case "ideographZodiac":
		if v >= 1 && v <= 12 {
			return string([]rune("子丑寅卯辰巳午未申酉戌亥")[v-1])
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle":
		if v >= 1 && v <= 20 {
			return string(rune(0x2460 + v - 1))
		}
	case "decimalEnclosedParen":
		if v >= 1 && v <= 20 {
			return string(rune(0x2474 + v - 1))
		}
	case "decimalEnclosedFullstop":
		if v >= 1 && v <= 20 {
			return string(rune(0x2488 + v - 1))
		}
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, d := range strconv.Itoa(v) {
			b.WriteRune(d - '0' + '０')
		}
		return b.String()
	case "decimalZero":
		return fmt.Sprintf("%02d", v)
	case "upperLetter", "lowerLetter":
		if v >= 1 {
			s := strings.Repeat(string(rune('A'+(v-1)%26)), (v-1)/26+1)
			if format == "lowerLetter" {
				s = strings.ToLower(s)
			}
			return s
		}
	case "upperRoman", "lowerRoman":
		if s := roman(v); s != "" {
			if format == "lowerRoman" {
				s = strings.ToLower(s)
			}
			return s
		}
	}
	return strconv.Itoa(v)
}

// The digits and units of Chinese numerals, everyday and financial.
var (
	cnDigitsSimple = []rune("〇一二三四五六七八九")
	cnUnitsSimple  = []rune("十百千")
	cnDigitsLegal  = []rune("零壹贰叁肆伍陆柒捌玖")
	cnUnitsLegal   = []rune("拾佰仟")
)

// cnNumeral writes 1–9999 as a Chinese numeral (十一, 一百零五, 一千零一十;
// the financial forms keep 壹拾), or "" outside that range.
func cnNumeral(v int, digits, units []rune) string {
	if v < 1 || v > 9999 {
		return ""
	}
	var out []rune
	zero := false
	for pos, div := 3, 1000; pos >= 0; pos, div = pos-1, div/10 {
		d := v / div % 10
		if d == 0 {
			zero = len(out) > 0
			continue
		}
		if zero {
			out = append(out, '零')
			zero = false
		}
		out = append(out, digits[d])
		if pos > 0 {
			out = append(out, units[pos-1])
		}
	}
	if v >= 10 && v < 20 && digits[1] == '一' {
		out = out[1:] // 十一, not 一十一
	}
	return string(out)
}

// roman writes 1–3999 in Roman numerals, or "" outside that range.
func roman(v int) string {
	if v < 1 || v > 3999 {
		return ""
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, n := range vals {
		for v >= n {
			b.WriteString(syms[i])
			v -= n
		}
	}
	return b.String()
}
