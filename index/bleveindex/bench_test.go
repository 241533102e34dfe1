package bleveindex

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yanyiwu/gojieba"
)

// syntheticReport is an invented work report of about 100 KB in the style
// of the corpus: numbered headings, domain terms, figures, 文号, Latin
// codes and full-width punctuation.
func syntheticReport() string {
	paras := []string{
		"一、%d年工作回顾",
		"过去一年，在区委的坚强领导下，区政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入推进法治政府建设，地区生产总值增长%d.%d%%，一般公共预算收入完成%d亿元。",
		"（一）深化“放管服”改革，持续优化营商环境。全面推行证明事项告知承诺制，“一网通办”事项达到%d项，跨省通办事项%d项，政务服务中心全年办件%d件，群众满意率99.%d%%。",
		"（二）严格规范公正文明执法。落实行政执法公示、执法全过程记录、重大执法决定法制审核三项制度，开展“双随机、一公开”抽查%d次，办理行政复议案件%d件，行政诉讼案件%d件，败诉率下降%d个百分点。",
		"（三）推进乡村振兴。新建高标准农田%d万亩，粮食产量稳定在%d万吨，新改建农村公路%d公里、桥梁%d座，5G基站覆盖所有行政村，PM2.5平均浓度降至%d微克/立方米。",
		"依据《青石县人民政府关于印发〈青石县重大行政决策程序规定〉的通知》（青政发〔2023〕%d号），全年完成合法性审查%d件，清理规范性文件%d件。",
		"二是加强诉源治理，培育“法律明白人”%d名，人民调解组织调处矛盾纠纷%d件，调解成功率%d%%。",
	}
	var b strings.Builder
	for i := 0; b.Len() < 100<<10; i++ {
		p := paras[i%len(paras)]
		args := make([]any, strings.Count(p, "%d"))
		for j := range args {
			args[j] = (i*37 + j*11) % 1000
		}
		fmt.Fprintf(&b, p+"\n", args...)
	}
	return b.String()
}

// BenchmarkTokens measures segmentation alone (folding, runs, jieba in
// default mode) in MB/s of input text; the probe measured gojieba
// at 10.9 MB/s per core. The synthetic report repeats its runs, which the
// segmenter's cache answers after the first time, as it answers a
// section's runs after its report's at ingest; BenchmarkJiebaAlone is the
// uncached floor.
func BenchmarkTokens(b *testing.B) {
	text := syntheticReport()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		testSeg.Tokens(text)
	}
}

// BenchmarkSetTokens measures the literal fields' tokenizer (folding,
// runs, each distinct character and bigram once), which every text is
// analysed by too.
func BenchmarkSetTokens(b *testing.B) {
	text := syntheticReport()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		SetTokens(text)
	}
}

// BenchmarkJiebaAlone is gojieba on the whole text in one call, the floor
// BenchmarkTokens is compared with: the difference is folding, splitting
// into runs and one cgo call per run.
func BenchmarkJiebaAlone(b *testing.B) {
	text := syntheticReport()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		testSeg.jieba.Tokenize(text, gojieba.DefaultMode, true)
	}
}
