package indextest

import "strings"

// The suite's invented reports, beside the built-in samples: every
// agency, number and figure is made up (the fictional city 临江市 and its
// districts 云溪区 and 望川区). Each is in the seed plain-text layout.

// seedReport lays out a report: its title, its metadata (label, value
// pairs; an empty value leaves the label out) and its body.
func seedReport(title string, meta [][2]string, body ...string) string {
	var b strings.Builder
	b.WriteString(title + "\n\n")
	for _, kv := range meta {
		if kv[1] != "" {
			b.WriteString(kv[0] + "\n" + kv[1] + "\n")
		}
	}
	b.WriteString("\n\n" + strings.Join(body, "\n\n") + "\n")
	return b.String()
}

// meta is the metadata block of an invented report.
func meta(indexNo, agency, catalog, docNo, date string) [][2]string {
	return [][2]string{{"索引号", indexNo}, {"发文机构", agency}, {"公开目录", catalog}, {"文号", docNo}, {"日期", date}}
}

// twinBody is the text of the two twin reports, whose matches of
// twinTerm score alike: only their dates tell them apart.
var twinBody = []string{
	"一、推进决策公开",
	"(一)落实重大行政决策预公开制度，重要改革方案公开征求意见时间不少于30日。",
	"(二)邀请利益相关方、群众代表列席区政府常务会议，全年举办政务开放日活动4场。",
	"二、加强公开平台建设",
	"(一)优化区政府门户网站政府信息公开专栏，栏目更新及时率保持100%。",
}

// twinTerm stands in the twins' bodies and nowhere else.
const twinTerm = "政务开放日"

// joint2022DocNo is the 文号 of a jointly issued report, cited by another.
const joint2022DocNo = "临司发〔2022〕11号"

// yingshangDocNo and yingshangIndexNo identify the built-in sample
// yunxi-2023-yingshang.txt, which an invented report cites.
const (
	yingshangDocNo   = "云政发〔2023〕8号"
	yingshangIndexNo = "11330102MB1234567X/2023-00015"
)

// suiteReports are the invented reports the suite's fixture adds to the
// samples: two jointly issued ones (issuers in either order and with
// either separator) and a report of one of their issuers alone; twins
// that tie; a report citing a sample's 文号 and 索引号 more often than
// the sample itself; a report without a date or a catalog.
var suiteReports = map[string]string{
	"suite-joint-2022.txt": seedReport("临江市司法局 临江市财政局关于印发《临江市法律援助经费管理办法》的通知",
		meta("11330100MB0012345A/2022-00031", "临江市司法局、临江市财政局", "政策文件", joint2022DocNo, "2022-06-15"),
		"各区人民政府，市政府各部门：",
		"现将《临江市法律援助经费管理办法》印发给你们，请认真贯彻执行。",
		"一、总则",
		"(一)为规范法律援助经费管理，提高资金使用效益，根据《中华人民共和国法律援助法》，制定本办法。",
		"(二)法律援助经费实行专款专用，任何单位和个人不得截留、挪用。",
		"二、经费保障",
		"市、区两级财政将法律援助经费纳入同级财政预算，2022年全市安排法律援助经费386万元。",
		"三、监督管理",
		"司法行政部门会同财政部门对经费使用情况开展绩效评价，评价结果作为下一年度预算安排的依据。"),
	"suite-joint-2023.txt": seedReport("临江市财政局 临江市司法局关于做好2023年度法律援助补贴发放工作的通知",
		meta("11330100MB0012346B/2023-00008", "临江市财政局，临江市司法局", "政策文件", "临财行〔2023〕5号", "2023-04-10"),
		"一、补贴标准",
		"(一)依据《临江市法律援助经费管理办法》（临司发〔2022〕11号），民事、行政案件每件补贴1800元，刑事案件每件补贴2400元。",
		"(二)法律援助补贴按季度结算，临司发〔2022〕11号规定的标准不再另行调整。",
		"二、发放程序",
		"承办律师于结案后30日内提交结案材料，区司法局审核后报同级财政部门拨付，严格执行临司发〔2022〕11号有关规定。",
		"三、工作要求",
		"各区要加强法律援助补贴资金监管，发现虚报冒领的，依法追回并通报。"),
	"suite-sifaju-2021.txt": seedReport("临江市司法局2021年法治政府建设年度报告",
		meta("11330100MB0012345A/2022-00002", "临江市司法局", "法治政府建设", "", "2022-01-20"),
		"2021年，市司法局认真履行推进法治政府建设职责，现将有关情况报告如下。",
		"一、主要工作",
		"(一)办理行政复议案件。全年收到行政复议申请412件，受理386件，审结371件，直接纠错率12.4%。",
		"(二)扩大法律援助覆盖面。全年办理法律援助案件3156件，为受援群众挽回经济损失2870万元。",
		"二、存在的问题",
		"基层法律服务力量不足，部分街道公共法律服务工作站仅有1名工作人员。"),
	"suite-wangchuan-2021-zwgk.txt": seedReport("望川区2021年政务公开工作要点",
		meta("11330105MB2345678K/2021-00019", "临江市望川区人民政府办公室", "政务公开", "", "2021-03-15"),
		twinBody...),
	"suite-wangchuan-2022-zwgk.txt": seedReport("望川区2022年政务公开工作要点",
		meta("11330105MB2345678K/2022-00021", "临江市望川区人民政府办公室", "政务公开", "", "2022-03-15"),
		twinBody...),
	"suite-wangchuan-2023-yingshang.txt": seedReport("望川区学习借鉴云溪区优化营商环境经验的情况报告",
		meta("11330105MB2345678K/2023-00030", "临江市望川区发展和改革局", "工作动态", "", "2023-05-22"),
		"一、学习借鉴情况",
		"(一)组织专题学习《临江市云溪区人民政府关于印发云溪区2023年优化营商环境工作要点的通知》（云政发〔2023〕8号，索引号11330102MB1234567X/2023-00015），对照云政发〔2023〕8号逐项梳理我区差距。",
		"(二)参照云政发〔2023〕8号的做法，推进高频事项“一件事一次办”，年内新增集成服务15项。",
		"二、下一步打算",
		"全面对标云政发〔2023〕8号，将企业开办全流程压缩至1个工作日以内。"),
	"suite-wangchuan-2020-xxgk.txt": seedReport("望川区2020年政府信息公开工作年度报告",
		meta("11330105MB2345679L/2021-00001", "临江市望川区人民政府办公室", "", "", ""),
		"一、总体情况",
		"2020年，望川区主动公开政府信息2316条，受理依申请公开58件，均在法定期限内答复。",
		"二、行政复议和行政诉讼情况",
		"因政府信息公开引起的行政复议3件，行政诉讼1件，均维持原处理决定。"),
}
