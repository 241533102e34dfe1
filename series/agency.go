package series

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/lantai/lantai/corpus"
)

// Aliases tells which names stand for the same body: each canonical name
// with the other names it is written by, and the built-in rules that
// expand common abbreviations of an organ's name (科技厅 is 科学技术厅). The
// zero value has no names and no rules; use DefaultAliases or ParseAliases.
type Aliases struct {
	// canonical maps every name (canonical ones included) to its canonical
	// name; names are stored without whitespace.
	canonical map[string]string
	// abbrevs expand the short form of an organ at the end of a name.
	abbrevs []abbrev
}

// abbrev is one abbreviation rule: a name ending in short ends in full.
type abbrev struct{ short, full string }

// builtinAbbrevs are the short forms provincial and city organs are
// commonly written by, with their full forms.
var builtinAbbrevs = []abbrev{
	{"科技厅", "科学技术厅"}, {"科技局", "科学技术局"},
	{"人社厅", "人力资源和社会保障厅"}, {"人社局", "人力资源和社会保障局"},
	{"人力资源社会保障厅", "人力资源和社会保障厅"}, {"人力资源社会保障局", "人力资源和社会保障局"},
	{"发改委", "发展和改革委员会"}, {"发展改革委", "发展和改革委员会"},
	{"卫健委", "卫生健康委员会"}, {"卫生健康委", "卫生健康委员会"},
	{"住建厅", "住房和城乡建设厅"}, {"住房城乡建设厅", "住房和城乡建设厅"},
	{"住建局", "住房和城乡建设局"}, {"住房城乡建设局", "住房和城乡建设局"},
	{"工信厅", "工业和信息化厅"}, {"工信局", "工业和信息化局"},
	{"市场监管局", "市场监督管理局"},
}

// DefaultAliases returns the built-in rules alone: the expansions of
// common organ abbreviations (科技厅, 人社厅, 发改委, 住建局 …) and no
// operator names. AgencyKey applies its district-under-city rule whatever
// the aliases.
func DefaultAliases() *Aliases {
	return &Aliases{canonical: map[string]string{}, abbrevs: builtinAbbrevs}
}

// ParseAliases reads an operator's alias file on top of DefaultAliases.
// Each line names one body: its canonical name, then (after a tab or
// spaces) the other names it is written by, separated by spaces; '#'
// starts a comment; blank lines are skipped. Names may not contain spaces.
// A line with a canonical name and no alias, a name given two canonical
// names, or text that is not UTF-8 is an error naming the line.
//
// A body named in the file is taken as written: AgencyKey does not strip
// its parent city from it, so that an operator can keep apart two
// districts of one name.
func ParseAliases(r io.Reader) (*Aliases, error) {
	a := DefaultAliases()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text, _, _ := strings.Cut(sc.Text(), "#")
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("aliases line %d: not UTF-8", line)
		}
		names := strings.Fields(text)
		if len(names) == 0 {
			continue
		}
		if len(names) == 1 {
			return nil, fmt.Errorf("aliases line %d: %q has no alias after it", line, names[0])
		}
		if err := a.add(names[0], names[1:]); err != nil {
			return nil, fmt.Errorf("aliases line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("aliases line %d: %w", line+1, err)
	}
	return a, nil
}

// add records canonical and its aliases, refusing a name already given
// another canonical name (an alias of one body, or another body's
// canonical name).
func (a *Aliases) add(canonical string, aliases []string) error {
	for _, name := range append([]string{canonical}, aliases...) {
		if c, ok := a.canonical[name]; ok && c != canonical {
			return fmt.Errorf("%q is already a name of %q", name, c)
		}
	}
	a.canonical[canonical] = canonical
	for _, alias := range aliases {
		a.canonical[alias] = canonical
	}
	return nil
}

// AgencyKey returns the canonical name of the body agency names, the key
// series are grouped by. Whitespace is removed; of several issuers
// (a、b) the first is the body; a common short name of a national body is
// its full name (see corpus.Issuers); aliases apply; abbreviated organ
// names are expanded; a bare place name (海拉尔区) is its 人民政府; and a
// district, county, banner or city government written under its province
// or city is that government alone: 呼伦贝尔市海拉尔区人民政府 and
// 海拉尔区人民政府 are one body. A nil a is DefaultAliases.
func AgencyKey(agency string, a *Aliases) string {
	if a == nil {
		a = defaultAliases
	}
	issuers := corpus.Issuers(strings.Join(strings.Fields(agency), ""))
	if len(issuers) == 0 {
		return ""
	}
	s := issuers[0]
	if c, ok := a.canonical[s]; ok {
		return c
	}
	for _, ab := range a.abbrevs {
		if strings.HasSuffix(s, ab.short) {
			s = strings.TrimSuffix(s, ab.short) + ab.full
			break
		}
	}
	if isPlace(s) {
		s += "人民政府"
	}
	if c, ok := a.canonical[s]; ok {
		return c
	}
	s = stripParents(s)
	if c, ok := a.canonical[s]; ok {
		return c
	}
	return s
}

// defaultAliases serves AgencyKey called with nil aliases.
var defaultAliases = DefaultAliases()

// governmentSuffixes end the names of local governments and their offices.
var governmentSuffixes = []string{"人民政府办公室", "人民政府办公厅", "人民政府"}

// stripParents removes from a local government's name the provinces and
// cities it is written under: 内蒙古自治区呼伦贝尔市海拉尔区人民政府 is
// 海拉尔区人民政府. The rest must itself be a place of two characters or
// more ending in 市, 区, 县 or 旗, followed by 人民政府 (or its office).
func stripParents(s string) string {
	for {
		next := stripParent(s)
		if next == s {
			return s
		}
		s = next
	}
}

// stripParent removes the first parent place from s, when there is one.
func stripParent(s string) string {
	var suffix string
	for _, suf := range governmentSuffixes {
		if strings.HasSuffix(s, suf) {
			suffix = suf
			break
		}
	}
	if suffix == "" {
		return s
	}
	place := strings.TrimSuffix(s, suffix)
	for i := range place {
		parent, rest := place[:i], place[i:]
		if utf8.RuneCountInString(parent) < 2 || !hasAnySuffix(parent, "省", "市", "自治区", "自治州", "盟", "地区") {
			continue
		}
		if utf8.RuneCountInString(rest) >= 2 && hasAnySuffix(rest, "市", "区", "县", "旗") {
			return rest + suffix
		}
	}
	return s
}

// isPlace reports a bare place name: two characters or more, ending in a
// division (省, 市, 区, 县, 旗, 州, 盟), with no organ in it.
func isPlace(s string) bool {
	if utf8.RuneCountInString(s) < 2 || !hasAnySuffix(s, "省", "市", "区", "县", "旗", "州", "盟") {
		return false
	}
	return !strings.ContainsAny(s, "厅局委部院办会府室署")
}
