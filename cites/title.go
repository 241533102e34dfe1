package cites

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Bounds on a title between its marks, in runes: longer spans are marks
// left open by a broken page, not titles.
const maxTitle = 120

// mark is an opening title mark waiting for its close.
type mark struct {
	outer bool // 《 rather than an inner 〈 or <
	at    int  // byte offset just after the mark
}

// findTitles returns the 《titles》 in text, outer and nested: in
// 《关于印发〈A〉的通知》 both the notice and A, in 《…《B》…》 both. Inner
// marks are 〈〉 (and < >, ＜＞, which pages use for them) inside 《》; a
// 〈 outside any 《 is not a title mark (it brackets years and numbers
// too). Marks are paired by a stack that a line break or 。 empties, so an
// unclosed 《 cannot swallow the rest of the text.
func findTitles(text string) []Citation {
	var out []Citation
	var stack []mark
	for i, r := range text {
		size := utf8.RuneLen(r)
		if size < 0 {
			size = 1 // utf8.RuneError for an invalid byte: one byte long
		}
		switch r {
		case '《':
			stack = append(stack, mark{outer: true, at: i + size})
		case '〈', '\u2329', '<', '＜':
			if len(stack) > 0 {
				stack = append(stack, mark{at: i + size})
			}
		case '》':
			// Close the innermost 《, dropping inner marks left open.
			for len(stack) > 0 {
				m := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if m.outer {
					out = appendTitle(out, text, m.at, i)
					break
				}
			}
		case '〉', '\u232a', '>', '＞':
			if n := len(stack); n > 0 && !stack[n-1].outer {
				out = appendTitle(out, text, stack[n-1].at, i)
				stack = stack[:n-1]
			}
		case '\n', '\r', '。':
			stack = stack[:0]
		}
	}
	return dropAliases(text, out)
}

// dropAliases removes the titles that are short names of a document the
// text cites in full: one introduced by 简称 or 以下称 (…的意见》（以下简称
// 《意见》）) and every later use of it, unless the full title has the same
// key, and the bare kinds that only such
// a short name can be (genericTitles: 《通知》, 《若干措施》). Resolving them
// would need the full title they stand for; kept, they would resolve to
// any document of that name.
func dropAliases(text string, titles []Citation) []Citation {
	alias, cited := map[string]bool{}, map[string]bool{}
	for _, c := range titles {
		_, mark := utf8.DecodeLastRuneInString(text[:c.Offset])
		before := text[:c.Offset-mark]
		intro := strings.HasSuffix(before, "简称") || strings.HasSuffix(before, "以下称") || strings.HasSuffix(before, "简称为")
		// 《中华人民共和国车船税法实施条例》（以下简称《车船税法实施条例》）:
		// a short name with the key of the full title stands for it anyway.
		if intro && !cited[c.Key] {
			alias[c.Key] = true
		}
		cited[c.Key] = true
	}
	out := titles[:0]
	for _, c := range titles {
		if !alias[c.Key] && !genericTitles[c.Key] {
			out = append(out, c)
		}
	}
	return out
}

// genericTitles are kinds of document that a text writes in title marks
// only as the short name of one it named before.
var genericTitles = func() map[string]bool {
	set := map[string]bool{}
	for _, k := range strings.Fields(`意见 通知 规定 条例 办法 决定 方案 细则 纲要 规划 措施 通告 公告 决议 报告
		计划 要点 规则 批复 答复 函 法 标准 指南 规范 章程 目录 清单 若干措施 若干意见 若干规定
		实施意见 实施方案 实施细则 实施办法 指导意见 管理办法 暂行办法 暂行规定 工作方案 行动方案
		行动计划 三年行动计划 工作要点 决议 建议 纪要 会议纪要 条例实施细则 解释 说明 指引`) {
		set[k] = true
	}
	return set
}()

// appendTitle adds the title text[start:end] when it names a document.
func appendTitle(out []Citation, text string, start, end int) []Citation {
	written := text[start:end]
	if n := utf8.RuneCountInString(written); n == 0 || n > maxTitle {
		return out
	}
	key, variant := TitleKey(written)
	if !isDocumentTitle(key) {
		return out
	}
	return append(out, Citation{Kind: KindTitle, Text: written, Offset: start, End: end, Key: key, Variant: variant})
}

// variantMarks are the edition marks that a title may end in, in brackets,
// and that make another edition of the same document rather than another
// document: 《X（试行）》 cites X's trial edition. Longer marks come first
// so that 修订草案 is not read as 草案.
var variantMarks = []string{"修订草案", "修正草案", "征求意见稿", "送审稿", "草案", "试行", "暂行"}

// TitleKey is the form a title is matched on, for a citation and a
// document's Title alike, and the edition mark it ended in. The key is the
// title in NFKC without spaces, quotation marks and inner title marks
// (《关于印发〈A〉的通知》 and a stored 关于印发《A》的通知 are one key), without
// a leading 中华人民共和国 (laws are cited by their short names: 《劳动法》 is
// 《中华人民共和国劳动法》) and without a trailing bracketed edition mark
// (variantMarks), which is returned as the variant.
func TitleKey(title string) (key, variant string) {
	s := norm.NFKC.String(title)
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\ufeff':
			return -1
		case strings.ContainsRune("《》〈〉<>\"'“”‘’「」『』", r):
			return -1
		}
		return r
	}, s)
	if short, ok := strings.CutPrefix(s, "中华人民共和国"); ok && utf8.RuneCountInString(short) >= 2 {
		s = short
	}
	for _, v := range variantMarks {
		if base, ok := strings.CutSuffix(s, "("+v+")"); ok && base != "" {
			return base, v
		}
	}
	return s, ""
}

// notDocuments are endings of titles that name no document an archive of
// reports would hold: periodicals (《人民日报》, 《求是》杂志 is written
// 《求是》 and stays a title), and the forms, certificates and registers
// that regulations mention by name (《营业执照》, 《申报书》, 《登记表》,
// 《许可证》). A false citation costs more than a missed one: it would
// stay unresolved forever.
var notDocuments = []string{
	"日报", "晚报", "快报", "时报", "周报", "画报", "学报", "杂志", "周刊", "月刊", "期刊", "丛书",
	"证", "表", "单", "卡", "册", "簿", "账", "执照", "凭证", "证明", "合同", "协议", "名单", "名录表",
}

// isDocumentTitle reports whether a title key may name a document: it has
// at least two characters, one of them Han, and does not end like a
// periodical or a form (notDocuments), before any bracketed note (a
// 清单 is a document, though 单 ends forms); a 书 ending is a form (申报书,
// 通知书) except in 白皮书.
func isDocumentTitle(key string) bool {
	if utf8.RuneCountInString(key) < 2 || strings.IndexFunc(key, func(r rune) bool { return unicode.Is(unicode.Han, r) }) < 0 {
		return false
	}
	// 《行政许可告知承诺书（示范文本）》: the ending before a bracketed
	// note decides.
	if i := strings.LastIndex(key, "("); i > 0 && strings.HasSuffix(key, ")") {
		key = key[:i]
	}
	if strings.HasSuffix(key, "清单") {
		return true // 《市场准入负面清单》 is a document, 《名单》 and 《通关单》 are not
	}
	for _, e := range notDocuments {
		if strings.HasSuffix(key, e) {
			return false
		}
	}
	return !strings.HasSuffix(key, "书") || strings.HasSuffix(key, "白皮书")
}
