package cites

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lantai/lantai/corpus"
)

// Citation kinds.
const (
	KindDocNo = "doc_no" // a 文号: issuer, year and serial number
	KindTitle = "title"  // a 《title》
)

// Citation is one reference to another document found in a text.
type Citation struct {
	// Kind is KindDocNo or KindTitle.
	Kind string `json:"kind"`
	// Text is the citation as written: the whole 文号, or the title
	// between its marks (without them).
	Text string `json:"text"`
	// Offset and End delimit Text in the text given to Find (bytes).
	Offset int `json:"offset"`
	End    int `json:"end"`
	// Key is the form resolution matches on: DocNoKey(Text) for a 文号,
	// the base of TitleKey(Text) for a title.
	Key string `json:"key"`
	// Variant is the edition mark stripped from a title to make its Key
	// ("试行", "草案", "修订草案", …); empty when there was none.
	Variant string `json:"variant,omitempty"`
}

// Find returns every citation in text, in the order of their offsets (an
// outer title before the titles nested in it). It never fails: text that
// is not valid UTF-8 is read rune by rune like any other, and what does
// not parse as a citation is skipped.
func Find(text string) []Citation {
	out := findDocNos(text)
	out = append(out, findTitles(text)...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Offset != out[j].Offset {
			return out[i].Offset < out[j].Offset
		}
		return out[i].End > out[j].End
	})
	return out
}

// The three shapes of a 文号 as the corpus writes them, each matched from
// the year (or the 令) on; the issuer before it is found by issuerBefore.
// Spaces (ASCII, U+3000, no-break, and line breaks: an order's header is
// 国务院令 on one line and 第706号 on the next) are allowed between the
// parts because pages pad and wrap them; digits may be full-width.
var (
	// 国办发〔2017〕47号, with any bracket pair around the year (mixed pairs
	// such as （2019〕 occur too) and an optional 第; the 号 may be missing
	// at the end of a clause (冀政复终﹝2020﹞2).
	docNoBracket = regexp.MustCompile(`^[\s\x{3000}\x{a0}]*[〔\[【(（［﹝〈〖][\s\x{3000}\x{a0}]*([12１２][0-9０-９]{3})[\s\x{3000}\x{a0}]*[〕\]】)）］﹞〉〗][\s\x{3000}\x{a0}]*(?:第[\s\x{3000}\x{a0}]*)?[0-9０-９]{1,5}(?:[\s\x{3000}\x{a0}]*号)?`)
	// 国务院令第588号: an order numbered without a year.
	docNoOrder = regexp.MustCompile(`^[\s\x{3000}\x{a0}]*第[\s\x{3000}\x{a0}]*[0-9０-９]{1,5}[\s\x{3000}\x{a0}]*号`)
	// 国家税务总局公告2015年第89号, 冀教德育函2020年32号: a year without brackets.
	docNoYearly = regexp.MustCompile(`^[\s\x{3000}\x{a0}]*([12１２][0-9０-９]{3})[\s\x{3000}\x{a0}]*年[\s\x{3000}\x{a0}]*(?:第[\s\x{3000}\x{a0}]*)?[0-9０-９]{1,5}[\s\x{3000}\x{a0}]*号`)
	// docNoStart finds where one of the shapes may begin: a bracket, a 令
	// or a digit.
	docNoStart = regexp.MustCompile(`[〔\[【(（［﹝〈〖]|令|[12１２][0-9０-９]{3}[\s\x{3000}\x{a0}]*年`)
)

// findDocNos returns the 文号 in text.
func findDocNos(text string) []Citation {
	var out []Citation
	last := 0 // end of the previous 文号: the next one's issuer may not reach back into it
	for _, loc := range docNoStart.FindAllStringIndex(text, -1) {
		at := loc[0]
		if at < last {
			continue
		}
		var end int
		var mode issuerMode
		rest := text[at:]
		switch {
		case strings.HasPrefix(rest, "令"):
			m := docNoOrder.FindStringIndex(rest[len("令"):])
			if m == nil {
				continue
			}
			end = at + len("令") + m[1]
			at += len("令") // the 令 is the issuer's last character
			mode = issuerOrder
		case rest[0] >= '0' && rest[0] <= '9' || strings.HasPrefix(rest, "１") || strings.HasPrefix(rest, "２"):
			m := docNoYearly.FindStringSubmatchIndex(rest)
			if m == nil || !plausibleYear(rest[m[2]:m[3]]) {
				continue
			}
			end = at + m[1]
			mode = issuerYearly
		default:
			m := docNoBracket.FindStringSubmatchIndex(rest)
			if m == nil || !plausibleYear(rest[m[2]:m[3]]) {
				continue
			}
			end = at + m[1]
			if !strings.HasSuffix(text[:end], "号") && !endsClause(text[end:]) {
				continue // 〔2017〕12 followed by more digits or words is no 文号
			}
			mode = issuerPlain
		}
		start, ok := issuerBefore(text, at, last, mode)
		if !ok {
			continue
		}
		written := strings.TrimRightFunc(text[start:end], unicode.IsSpace)
		out = append(out, Citation{Kind: KindDocNo, Text: written, Offset: start, End: start + len(written), Key: DocNoKey(written)})
		last = end
	}
	return out
}

// plausibleYear reports whether four digits (maybe full-width) name a year
// a 文号 can carry.
func plausibleYear(s string) bool {
	s = toASCIIDigits(s)
	return len(s) == 4 && (s[:2] == "19" || s[:2] == "20")
}

// toASCIIDigits turns full-width digits into ASCII ones.
func toASCIIDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// endsClause reports whether what follows a 文号 without its 号 ends it:
// punctuation, a space, a line end or the end of the text, not a digit or
// a word that would make the number a count (〔2017〕5个).
func endsClause(after string) bool {
	r, _ := utf8.DecodeRuneInString(after)
	if after == "" {
		return true
	}
	return !unicode.IsDigit(r) && !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r)
}

// ordinance splits a normalised 文号 of an order (…令第N号, …令〔YYYY〕第N号)
// into its issuer, its bracketed year (maybe empty) and its number.
var ordinance = regexp.MustCompile(`^(.+)令(〔\d{4}〕)?第?0*(\d+)号$`)

// bracketed splits any other normalised 文号 with a bracketed year.
var bracketed = regexp.MustCompile(`^(.+〔\d{4}〕)第?0*(\d+)号$`)

// DocNoKey is the form a 文号 is matched on, for a citation's text and a
// document's DocNo alike: corpus.NormalizeDocNo (NFKC, no spaces, the year
// in 〔〕, a missing 号 added), then the variants that name one number in
// several ways folded too: a 第 after the year and leading zeros of the
// number dropped (国科发高字〔1999〕097号 is …97号), and for an order the
// issuers written without 中华人民共和国 and by their full names, so that
// 国务院令第588号 and 中华人民共和国国务院令第588号 (and 国令第588号) are one
// key. For a 文号 with a bracketed year and no 令 the key is
// NormalizeDocNo's form whenever it has no 第 or leading zero.
func DocNoKey(docNo string) string {
	k := corpus.NormalizeDocNo(docNo)
	if m := ordinance.FindStringSubmatch(k); m != nil {
		return orderIssuer(m[1]) + "令" + m[2] + "第" + m[3] + "号"
	}
	if m := bracketed.FindStringSubmatch(k); m != nil {
		return m[1] + m[2] + "号"
	}
	return k
}

// orderIssuer is the issuer of an order in its matching form: each of
// several joint issuers without 中华人民共和国 and by its full name
// (corpus.Issuers), joined by 、.
func orderIssuer(s string) string {
	if s == "国" { // 国令第707号 is the State Council's own short form
		return "国务院"
	}
	parts := strings.Split(s, "、")
	for i, p := range parts {
		if short, ok := strings.CutPrefix(p, "中华人民共和国"); ok && short != "" {
			parts[i] = short
		}
	}
	if full := corpus.Issuers(strings.Join(parts, "、")); len(full) > 0 {
		return strings.Join(full, "、")
	}
	return s
}
