package numbers

import (
	"sort"
	"strings"
)

// units are the base units recognised after a number, mapped to the unit
// reported. Magnitude words are never part of a unit (万人 is 万 × 人), so a
// chart can put 9800亿元 and 1.02万亿元 on one axis. Units of different
// size (吨, 公斤, 斤) are kept apart as written: converting them is the
// caller's choice.
var units = map[string]string{
	"%": "%", "％": "%", "‰": "‰", "个百分点": "个百分点", "百分点": "个百分点",
	"元": "元", "元人民币": "元", "人民币": "元", "美元": "美元", "欧元": "欧元", "港元": "港元",
	"人": "人", "人次": "人次", "户": "户", "名": "名", "位": "位", "家": "家", "所": "所",
	"个": "个", "项": "项", "件": "件", "次": "次", "起": "起", "宗": "宗", "份": "份",
	"条": "条", "篇": "篇", "场": "场", "座": "座", "辆": "辆", "台": "台", "套": "套",
	"处": "处", "头": "头", "只": "只", "株": "株", "倍": "倍", "岁": "岁", "周岁": "岁",
	"天": "天", "小时": "小时", "工作日": "工作日", "个工作日": "个工作日",
	"吨": "吨", "吨标准煤": "吨标准煤", "公斤": "公斤", "千克": "千克", "斤": "斤", "克": "克",
	"亩": "亩", "公顷": "公顷", "千公顷": "千公顷", "平方公里": "平方公里", "平方米": "平方米",
	"立方米": "立方米", "公里": "公里", "千米": "千米", "米": "米",
	"千瓦时": "千瓦时", "千瓦": "千瓦", "标箱": "标箱",
}

// unitList holds the keys of units longest first, so that 个百分点 wins
// over 个 and 千瓦时 over 千瓦.
var unitList = longestFirst(units)

func longestFirst(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	return keys
}

// unitAt returns the unit written at the start of s, or "".
func unitAt(s string) string {
	return prefixIn(s, unitList)
}

// prefixIn returns the first of words that s starts with, or "".
func prefixIn(s string, words []string) string {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	return ""
}

// skipWords after a number mark it as a date, a duration in calendar terms
// or a document number, never the value of a metric.
var skipWords = []string{"个月", "季度", "周年", "世纪", "年", "月", "日", "号", "时"}

// skipWordAt returns the skip word at the start of s, or "".
func skipWordAt(s string) string {
	return prefixIn(s, skipWords)
}

// approxWords sit between a number and its unit: 1000多人, 300余件.
var approxWords = []string{"多", "余"}

// suffixQualifiers follow a quantity and bound it.
var suffixQualifiers = []string{"左右", "以上", "以下", "以内", "之内", "上下", "有余"}

// prefixQualifiers are looked for between the metric and its number; the
// one ending last is reported. 预期 is not one: whether a number is a target
// or a result is told by the sentence around it, which Statement keeps.
var prefixQualifiers = []string{
	"约", "近", "接近", "超过", "超", "逾", "突破", "不低于", "不少于", "不超过", "不高于",
	"不到", "不足", "高于", "低于", "达到", "达", "控制在", "保持在", "稳定在",
}

// changeWords say that the number is a change rather than a level, unless
// followed by 到/至/为 (增加到 82.7万亿元 is a level).
var changeWords = []string{
	"增长", "下降", "增加", "减少", "提高", "降低", "上升", "回落", "涨幅", "增幅", "降幅",
	"增产", "减产",
}

// rangeSeparators join the two bounds of a range: 6%—6.5%, 6%到6.5%.
var rangeSeparators = []string{"——", "—", "–", "－", "-", "～", "~", "〜", "到", "至"}

// isTerminator reports whether r ends a sentence: a statement never
// reaches across one.
func isTerminator(r rune) bool {
	switch r {
	case '。', '；', '！', '？', ';', '!', '?', '\n', '\r':
		return true
	}
	return false
}

// isClauseBreak reports whether r ends a clause within a sentence. A
// metric's number is looked for only in its own clause: in
// 国内生产总值增长，城镇调查失业率控制在5.5%以内 the 5.5% is another metric's.
// A colon is no break: 行政复议申请：125 states the value.
func isClauseBreak(r rune) bool {
	switch r {
	case '，', '、', ',':
		return true
	}
	return false
}
