package series

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// report builds a report of an invented body from its text, sectioned as
// the archive sections it.
func report(year int, title, text string) corpus.Report {
	return corpus.Report{Title: title, Year: year, Text: text, Sections: corpus.ParseSections(text)}
}

// qingshan2021 and qingshan2022 are two years of an invented district's
// 法治政府建设情况报告. In 2022 the parts are reordered (the plan before the
// problems, 法治宣传 first), 执法 is split into 执法 and 行政复议, 政务公开
// is gone, 数字法治政府 is new and a figure changed (125件 → 143件).
var qingshan2021 = report(2021, "青山区人民政府2021年法治政府建设情况报告", `青山区人民政府2021年法治政府建设情况报告

2021年，青山区深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下。
一、2021年法治政府建设工作开展情况
（一）深化行政审批制度改革。全年办理行政许可事项125件，办结率达到98.5%。推行一网通办，实现企业开办一日办结。清理规范中介服务事项十二项。
（二）推进严格规范公正文明执法。全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。组织执法人员培训班六期，培训执法人员三百余人次。开展执法案卷评查，抽查案卷八十卷。办理行政复议案件36件，纠错率为8%。行政机关负责人出庭应诉率达到100%。建立行政复议与信访衔接机制，化解行政争议一批。
（三）加强法治宣传教育。启动八五普法规划，举办法治讲座二十场。推进法治文化阵地建设，建成法治广场两个。开展宪法宣传周活动，发放宣传资料一万份。
（四）推进政务公开。主动公开政府信息2300条，依申请公开办理答复45件。更新政务公开专栏，规范公开目录。
二、存在的问题
部分工作人员法治意识有待提高。基层执法力量依然薄弱，执法装备保障不足。
三、2022年工作安排
（一）持续优化营商环境。深化放管服改革，压减审批时限。
（二）提升执法水平。加强执法队伍建设，开展执法能力提升行动。
`)

var qingshan2022 = report(2022, "青山区人民政府2022年法治政府建设情况报告", `青山区人民政府2022年法治政府建设情况报告

2022年，青山区深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下。
一、2022年法治政府建设工作开展情况
（一）加强法治宣传教育。落实八五普法规划，举办法治讲座二十场。推进法治文化阵地建设，建成法治广场两个。开展宪法宣传周活动，发放宣传资料一万份。
（二）深化行政审批制度改革。全年办理行政许可事项143件，办结率达到99.2%。推行一网通办，实现企业开办一日办结。清理规范中介服务事项十二项。
（三）推进严格规范执法。全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。组织执法人员培训班六期，培训执法人员三百余人次。开展执法案卷评查，抽查案卷八十卷。
（四）加强行政复议和应诉工作。办理行政复议案件36件，纠错率为8%。行政机关负责人出庭应诉率达到100%。建立行政复议与信访衔接机制，化解行政争议一批。
（五）推进数字法治政府建设。上线智慧司法平台，归集电子证照数据。推动公共法律服务网络平台与热线融合。
二、2023年工作安排
（一）持续优化营商环境。深化放管服改革，压减审批时限。
（二）提升执法水平。加强执法队伍建设，开展执法能力提升行动。
三、存在的问题
部分工作人员法治意识有待提高。基层执法力量依然薄弱，执法装备保障不足。
`)

// refs lists "A->B" for each pair, with "/split" when the pair is a split.
func refs(c Comparison) []string {
	var out []string
	for _, p := range c.Pairs {
		s := p.A.ID + "->" + p.B.ID
		if p.SplitFrom != "" {
			s += "/split" + p.SplitFrom
		}
		out = append(out, s)
	}
	return out
}

// ids lists the IDs of sections.
func ids(refs []SectionRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}

func TestCompare(t *testing.T) {
	c := Compare(qingshan2021, qingshan2022)
	want := []string{"1->1", "1.3->1.1", "1.1->1.2", "1.2->1.3/split1.2", "1.2->1.4/split1.2", "3->2", "3.1->2.1", "3.2->2.2", "2->3"}
	if got := refs(c); !slices.Equal(got, want) {
		t.Errorf("pairs %v, want %v", got, want)
	}
	if got := ids(c.UnmatchedA); !slices.Equal(got, []string{"1.4"}) {
		t.Errorf("unmatched in 2021: %v, want [1.4]", got)
	}
	if got := ids(c.UnmatchedB); !slices.Equal(got, []string{"1.5"}) {
		t.Errorf("unmatched in 2022: %v, want [1.5]", got)
	}
	for _, p := range c.Pairs {
		if p.Similarity <= 0 || p.Similarity > 1 {
			t.Errorf("%s->%s: similarity %v", p.A.ID, p.B.ID, p.Similarity)
		}
		switch p.A.ID + "->" + p.B.ID {
		case "1->1":
			if p.Similarity < 0.5 {
				t.Errorf("1->1: similarity %.2f; the headings match", p.Similarity)
			}
			if len(p.Changes) != 0 {
				t.Errorf("1->1: changes %+v; only the year moved", p.Changes)
			}
		case "1.1->1.2":
			want := []Change{{Kind: Changed, A: "全年办理行政许可事项125件，办结率达到98.5%。", B: "全年办理行政许可事项143件，办结率达到99.2%。",
				Numbers: []NumberChange{{"125件", "143件"}, {"98.5%", "99.2%"}}}}
			if fmt.Sprint(p.Changes) != fmt.Sprint(want) {
				t.Errorf("1.1->1.2: changes %+v, want %+v", p.Changes, want)
			}
		case "1.3->1.1":
			want := []Change{{Kind: Changed, A: "启动八五普法规划，举办法治讲座二十场。", B: "落实八五普法规划，举办法治讲座二十场。"}}
			if fmt.Sprint(p.Changes) != fmt.Sprint(want) {
				t.Errorf("1.3->1.1: changes %+v, want %+v", p.Changes, want)
			}
		case "1.2->1.4":
			// The 执法 half went to 1.3; the heading is new.
			want := []Change{
				{Kind: Removed, A: "推进严格规范公正文明执法"},
				{Kind: Removed, A: "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。"},
				{Kind: Removed, A: "组织执法人员培训班六期，培训执法人员三百余人次。"},
				{Kind: Removed, A: "开展执法案卷评查，抽查案卷八十卷。"},
				{Kind: Added, B: "加强行政复议和应诉工作"},
			}
			if fmt.Sprint(p.Changes) != fmt.Sprint(want) {
				t.Errorf("1.2->1.4: changes %+v, want %+v", p.Changes, want)
			}
		}
	}
}

func TestCompareEmpty(t *testing.T) {
	c := Compare(corpus.Report{}, qingshan2022)
	if len(c.Pairs) != 0 || len(c.UnmatchedA) != 0 || len(c.UnmatchedB) != 10 {
		t.Errorf("empty vs 2022: %d pairs, unmatched %v / %v", len(c.Pairs), ids(c.UnmatchedA), ids(c.UnmatchedB))
	}
}

func TestFollow(t *testing.T) {
	other := report(2023, "青山区人民政府2023年政府工作报告", "各位代表：\n一、经济运行\n全区生产总值增长百分之六。工业投资持续增加。\n二、城市更新\n改造老旧小区二十个，新建公园三座。\n")
	got := Follow([]corpus.Report{qingshan2021, qingshan2022, other, qingshan2021}, "深化行政审批制度改革")
	want := []string{"2021:1.1", "2022:1.2", "2023:-", "2021:1.1"}
	var lines []string
	for _, fp := range got {
		id := "-"
		if fp.Section != nil {
			id = fp.Section.ID
		}
		lines = append(lines, fmt.Sprintf("%d:%s", fp.Year, id))
	}
	if !slices.Equal(lines, want) {
		t.Errorf("Follow: %v, want %v", lines, want)
	}
	// Once found, a section is followed by its text when its heading changes.
	renamed := report(2023, "", strings.Replace(qingshan2022.Text, "（二）深化行政审批制度改革。", "（二）持续提升政务服务效能。", 1))
	got = Follow([]corpus.Report{qingshan2021, renamed}, "行政审批制度改革")
	if got[1].Section == nil || got[1].Section.ID != "1.2" {
		t.Errorf("renamed section: %+v, want 1.2", got[1].Section)
	}
}

func TestNumbers(t *testing.T) {
	got := numbers("全年办理125件，增长12.5%，投资3.2亿元，合计1,200人，三十五项，百分之八，一是加强。２０２１年")
	want := []string{"125件", "12.5%", "3.2亿元", "1,200人", "三十五项", "百分之八", "2021年"}
	if !slices.Equal(got, want) {
		t.Errorf("numbers: %q, want %q", got, want)
	}
}

func TestDiffSentences(t *testing.T) {
	a := sentences("2021年完成投资10亿元。新建学校两所。开展培训。")
	b := sentences("2022年完成投资12亿元。开展培训！新增养老床位三百张。")
	got := diffSentences(a, b, 1)
	want := []Change{
		{Kind: Changed, A: "2021年完成投资10亿元。", B: "2022年完成投资12亿元。", Numbers: []NumberChange{{"10亿元", "12亿元"}}},
		{Kind: Removed, A: "新建学校两所。"},
		{Kind: Changed, A: "开展培训。", B: "开展培训！"},
		{Kind: Added, B: "新增养老床位三百张。"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("diff:\n%+v\nwant:\n%+v", got, want)
	}
}

// TestDiffSentencesBestPairing: a pair that is merely alike (two headings)
// must not take the place of the better pairs after it, as the first
// match in order would (the 云溪区 samples' 行政复议 figures).
func TestDiffSentencesBestPairing(t *testing.T) {
	a := sentences("加强行政复议和行政应诉工作。2021年共收到行政复议申请63件，受理58件。")
	b := sentences("2022年区行政复议局共收到行政复议申请88件，受理79件。加强行政应诉。")
	got := diffSentences(a, b, 1)
	want := []Change{
		{Kind: Removed, A: "加强行政复议和行政应诉工作。"},
		{Kind: Changed, A: "2021年共收到行政复议申请63件，受理58件。", B: "2022年区行政复议局共收到行政复议申请88件，受理79件。",
			Numbers: []NumberChange{{"63件", "88件"}, {"58件", "79件"}}},
		{Kind: Added, B: "加强行政应诉。"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("diff:\n%+v\nwant:\n%+v", got, want)
	}
}

// syntheticReport writes a report of about 30,000 characters: 10 parts
// of 10 points of 10 sentences, drawn from words by r.
func syntheticReport(r *rand.Rand, year int) corpus.Report {
	words := strings.Fields("发展 建设 推进 加强 改革 创新 服务 管理 工作 经济 社会 城市 乡村 生态 环境 教育 医疗 就业 住房 交通 产业 企业 项目 投资 消费 民生 安全 法治 文化 旅游 科技 人才 开放 合作 质量 效益 基层 治理 社区 群众 政府 市场 资金 财政 税收 农业 工业 数字 绿色 低碳")
	var b strings.Builder
	fmt.Fprintf(&b, "%d年工作报告\n", year)
	for i := range 10 {
		fmt.Fprintf(&b, "%s、%s%s工作\n", cnOrdinal(i+1), words[r.IntN(len(words))], words[r.IntN(len(words))])
		for j := range 10 {
			fmt.Fprintf(&b, "（%s）%s%s%s。", cnOrdinal(j+1), words[r.IntN(len(words))], words[r.IntN(len(words))], words[r.IntN(len(words))])
			for range 10 {
				for range 6 {
					b.WriteString(words[r.IntN(len(words))])
				}
				fmt.Fprintf(&b, "%d个，", r.IntN(500))
				for range 6 {
					b.WriteString(words[r.IntN(len(words))])
				}
				b.WriteString("。")
			}
			b.WriteString("\n")
		}
	}
	return report(year, "", b.String())
}

// cnOrdinal writes 1–19 in Chinese numerals.
func cnOrdinal(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n < 10 {
		return digits[n]
	}
	return "十" + digits[n-10]
}

func BenchmarkCompare(b *testing.B) {
	a := syntheticReport(rand.New(rand.NewPCG(1, 2)), 2021)
	c := syntheticReport(rand.New(rand.NewPCG(3, 4)), 2022)
	// The second year keeps half of the first's points as they were.
	var next strings.Builder
	for i, line := range strings.SplitAfter(c.Text, "\n") {
		if i%2 == 0 && i < len(strings.SplitAfter(a.Text, "\n")) {
			line = strings.SplitAfter(a.Text, "\n")[i]
		}
		next.WriteString(line)
	}
	c = report(2022, "", next.String())
	b.Logf("%d and %d characters, %d and %d sections", len([]rune(a.Text)), len([]rune(c.Text)), len(a.Sections), len(c.Sections))
	b.ReportAllocs()
	for b.Loop() {
		Compare(a, c)
	}
}

// Parts of 2021 that 2022 made points of one part, and back: a 宏观 part
// with 就业 and 生态 parts becomes one 重点任务 part with a point for each.
const (
	reviewText  = "过去一年，全区经济运行总体平稳，财政收入稳步增长，重大项目建设加快推进，营商环境持续优化，人民生活水平不断提高。"
	jobsText    = "全年城镇新增就业岗位一万二千个，开展职业技能培训三千人次，扶持创业带动就业八百人，零就业家庭动态清零，高校毕业生就业率保持稳定，公益性岗位安置困难群体就业两百人。"
	ecologyText = "全年完成植树造林五千亩，空气质量优良天数达到三百天，城市污水处理率提高到百分之九十五，关停取缔散乱污企业四十家，河湖长制全面落实，秸秆综合利用率明显提高。"
)

var (
	threeParts = report(2021, "", "一、工作回顾\n"+reviewText+"\n二、稳定扩大就业\n"+jobsText+"\n三、持续改善生态\n"+ecologyText+"\n")
	twoParts   = report(2022, "", "一、工作回顾\n"+reviewText+"\n二、重点任务\n（一）稳定扩大就业\n"+jobsText+"\n（二）持续改善生态\n"+ecologyText+"\n")
)

// TestCompareMerged: a part that became a point of another part (paired
// across levels) is aligned with that part too, which was merged.
func TestCompareMerged(t *testing.T) {
	c := Compare(threeParts, twoParts)
	level1 := map[string]string{}
	for _, p := range c.Pairs {
		if p.A.Level == 1 && p.B.Level == 1 {
			level1[p.A.ID+"->"+p.B.ID] = p.MergedInto
		}
	}
	want := map[string]string{"1->1": "", "2->2": "2", "3->2": "2"}
	if fmt.Sprint(level1) != fmt.Sprint(want) {
		t.Errorf("level-1 pairs and MergedInto %v, want %v (all pairs %v)", level1, want, refs(c))
	}
}

// TestCompareSplitByPromotion: a point that became a part of its own
// (paired across levels) leaves its part aligned with the new part too.
func TestCompareSplitByPromotion(t *testing.T) {
	c := Compare(twoParts, threeParts)
	var level1 []string
	for _, p := range c.Pairs {
		if p.A.Level == 1 && p.B.Level == 1 {
			level1 = append(level1, p.A.ID+"->"+p.B.ID+"/"+p.SplitFrom)
		}
	}
	want := []string{"1->1/", "2->2/2", "2->3/2"}
	if !slices.Equal(level1, want) {
		t.Errorf("level-1 pairs %v, want %v (all pairs %v)", level1, want, refs(c))
	}
}

// TestCompareFewWordsMoveNothing: a part paired across levels with a point
// it shares only a few words with (依申请收费 and 依申请公开) is no part moved.
func TestCompareFewWordsMoveNothing(t *testing.T) {
	a := report(2018, "", "一、概述\n"+reviewText+"\n二、依申请收费及减免情况\n本年度未收取任何费用。\n")
	b := report(2019, "", "一、总体情况\n"+reviewText+"\n（一）依申请公开\n全年收到申请十六件，均按时答复。\n")
	for _, p := range Compare(a, b).Pairs {
		if p.A.Level == 1 && p.B.Level == 1 && p.A.ID == "2" {
			t.Errorf("pair %s->%s (%.2f): 依申请收费 was not moved", p.A.ID, p.B.ID, p.Similarity)
		}
	}
}

// TestCompareSecondPartner: a text that lost a part's body runs the next
// part's text into its heading (三、收到和处理…情况2022年，…存在…问题); the
// part is aligned with both the heading alone and the part the text went
// to in the other report, as split.
func TestCompareSecondPartner(t *testing.T) {
	const (
		total    = "一、总体情况全年坚持以人民为中心深化政务信息公开，不断提升政务公开质量，公开政策文件五十八件，发布解读材料十篇。"
		active   = "二、主动公开政府信息情况"
		requests = "三、收到和处理政府信息公开申请情况"
		problems = "政务信息公开工作虽然取得了一些成效，但仍存在政策解读材料形式不够丰富、解读质量有待提高等问题。我们将进一步发挥政务公开在建设法治政府方面的促进作用，充分运用多种方式对重要政策进行全方位精准解读。"
	)
	a := report(2022, "", "本报告依据条例编制。"+total+active+requests+"2022年，"+problems+"六、其他需要报告的事项本年未收取信息处理费。")
	b := report(2023, "", "本报告依据条例编制。"+total+active+requests+"四、因政府信息公开工作被申请行政复议、提起行政诉讼情况五、存在的主要问题及改进情况2023年，"+problems+"六、其他需要报告的事项本年未收取信息处理费。")
	var level1 []string
	for _, p := range Compare(a, b).Pairs {
		if p.A.Level == 1 && p.B.Level == 1 {
			level1 = append(level1, p.A.ID+"->"+p.B.ID+"/"+p.SplitFrom)
		}
	}
	// a's 六、 is its fourth part.
	want := []string{"1->1/", "2->2/", "3->3/3", "3->5/3", "4->6/"}
	if !slices.Equal(level1, want) {
		t.Errorf("level-1 pairs %v, want %v", level1, want)
	}
}

func TestNormHeading(t *testing.T) {
	for in, want := range map[string]string{
		"2013年工作回顾":  "工作回顾",
		"依申请收费及减免情况": "依申请收费及减免",
		"总体情况":       "总体",
		"情况":         "情况",
	} {
		if got := normHeading(in); got != want {
			t.Errorf("normHeading(%q) = %q, want %q", in, got, want)
		}
	}
}
