package main

// queries is the query list of every latency measurement: domain terms,
// one- and two-character pieces that jieba rarely cuts out, several terms
// at once, Latin and digits, and 文号. It mirrors recallQueries in
// search/corpus_test.go (whose recall test proves the answers right), kept
// here so the benchmark depends on no test file.
var queries = []string{
	// domain terms
	"法治政府", "行政复议", "行政诉讼", "放管服", "一网通办", "跨省通办", "双随机一公开", "证明事项告知承诺制",
	"诉源治理", "法律明白人", "营商环境", "政府信息公开", "依申请公开", "规范性文件", "合法性审查", "乡村振兴",
	"脱贫攻坚", "疫情防控", "安全生产", "简政放权", "供给侧结构性改革", "高质量发展", "人民代表大会", "国务院令",
	"退役士兵", "海拉尔", "隆阳区", "法治政府建设", "行政执法", "政务服务",
	// one and two characters
	"桥", "税", "粮", "矿", "港", "鹰", "法", "通办", "复议", "网通", "改革", "治理", "审批", "民生", "府建",
	// several terms
	"行政复议 行政诉讼", "营商环境 优化", "乡村振兴 脱贫攻坚", "法治 政府 建设", "教育 医疗 养老",
	// Latin and digits
	"5G", "PM2.5", "GDP", "CPI", "2022", "2019", "12345", "WTO", "31件", "2022年度", "十四五", "第656号",
	// document numbers
	"国发〔2019〕5号", "国办函〔2004〕57号", "隆政办发〔2022〕26号", "国务院令第656号", "丽政发〔2023〕30号",
}
