package numbers

import (
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in    string
		value float64
		n     int // bytes consumed; -1 for all of in
		ok    bool
	}{
		{"12.8", 12.8, -1, true},
		{"125件", 125, 3, true},
		{"1,234件", 1234, 5, true},
		{"13,390亿斤", 1.339e12, len("13,390亿"), true},
		{"1,2", 1, 1, true}, // a list, not a thousands group
		{"1,2345", 1, 1, true},
		{"１２３４", 1234, -1, true},
		{"４．７５亿吨", 4.75e8, len("４．７５亿"), true},
		{"３３，２１２万吨", 3.3212e8, len("３３，２１２万"), true},
		{"12，345", 12, 2, true}, // the Chinese comma after ASCII digits
		{"1.2万亿元", 1.2e12, len("1.2万亿"), true},
		{"9800亿", 9.8e11, -1, true},
		{"6600万人", 6.6e7, len("6600万"), true},
		{"274.4亿元", 2.744e10, len("274.4亿"), true},
		{"1100 万人", 1.1e7, len("1100 万"), true},
		{"3千万", 3e7, -1, true},
		{"5千瓦时", 5, 1, true}, // 千 begins the unit
		{"5千万千瓦", 5e7, len("5千万"), true},
		{"4 9 2 5 0 万吨", 4.925e8, len("4 9 2 5 0 万"), true},
		{"1 9 9 8 年", 1998, len("1 9 9 8"), true},
		{"1 0 1", 1, 1, true}, // table cells
		{"125 3", 125, 3, true},
		{"6.", 6, 1, true},
		{"十", 10, -1, true},
		{"十二", 12, -1, true},
		{"二十", 20, -1, true},
		{"二十五", 25, -1, true},
		{"一百零五", 105, -1, true},
		{"两千", 2000, -1, true},
		{"一千二百", 1200, -1, true},
		{"一千二百亿", 1.2e11, -1, true},
		{"三千五百万人", 3.5e7, len("三千五百万"), true},
		{"一亿二千万", 1.2e8, -1, true},
		{"一万亿", 1e12, -1, true},
		{"一万二", 12000, -1, true},
		{"一千二", 1200, -1, true},
		{"三点五", 3.5, -1, true},
		{"十二点八", 12.8, -1, true},
		{"零点五", 0.5, -1, true},
		{"一点二万亿", 1.2e12, -1, true},
		{"二〇二二年", 2022, len("二〇二二"), true},
		{"一九九八", 1998, -1, true},
		{"十三五", 13, len("十三"), true},
		{"一是", 1, len("一"), true}, // read; Find judges it
		{"零", 0, -1, true},
		{"三点", 3, len("三"), true},
		{"", 0, 0, false},
		{"abc", 0, 0, false},
		{"百分之五", 0, 0, false}, // a percentage, not a number
		{"千万", 0, 0, false},
		{"万一", 0, 0, false},
		{".5", 0, 0, false},
	}
	for _, tt := range tests {
		v, n, ok := ParseNumber(tt.in)
		wantN := tt.n
		if wantN < 0 {
			wantN = len(tt.in)
		}
		if ok != tt.ok || ok && (v != tt.value || n != wantN) {
			t.Errorf("ParseNumber(%q) = %v, %d, %v; want %v, %d, %v", tt.in, v, n, ok, tt.value, wantN, tt.ok)
		}
	}
}

// reviewLabels are the two last label groups of the template's 行政复议、行政诉讼
// table header, separated as flattened pages separate them.
const (
	reviewLabels      = "结果维持\r\r\r结果纠正\r\r\r其他结果\r\r\r尚未审结\r\r\r总计\r\r\r结果维持\r\r\r结果纠正\r\r\r其他结果\r\r\r尚未审结\r\r\r总计"
	reviewLabelsGlued = "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
)

// want is the expected first statement of a Find test; max 0 means no range.
type want struct {
	value, max float64
	unit, qual string
	text       string
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, text, metric string
		count              int // statements expected; 0 for none
		w                  want
	}{
		// The shapes the brief lists.
		{"count", "全年共收到行政复议申请125件，同比增长10.6%", "行政复议申请", 1, want{125, 0, "件", "", "125件"}},
		{"thousands", "收到行政复议申请共计1,234件", "行政复议申请", 1, want{1234, 0, "件", "", "1,234件"}},
		{"space before unit", "收到行政复议申请1234 件", "行政复议申请", 1, want{1234, 0, "件", "", "1234 件"}},
		{"full-width", "收到行政复议申请１２３４件", "行政复议申请", 1, want{1234, 0, "件", "", "１２３４件"}},
		{"range em dash", "国内生产总值增长6%—6.5%", "国内生产总值", 1, want{6, 6.5, "%", "增长", "6%—6.5%"}},
		{"range hyphen", "国内生产总值增长6-6.5%", "国内生产总值", 1, want{6, 6.5, "%", "增长", "6-6.5%"}},
		{"range wave", "国内生产总值增长6%～6.5%", "国内生产总值", 1, want{6, 6.5, "%", "增长", "6%～6.5%"}},
		{"range 到", "国内生产总值增长6%到6.5%", "国内生产总值", 1, want{6, 6.5, "%", "增长", "6%到6.5%"}},
		{"range full-width minus", "国内生产总值增长6%－6.5%；城镇新增就业", "国内生产总值", 1, want{6, 6.5, "%", "增长", "6%－6.5%"}},
		{"range magnitude", "城镇新增就业1000—1100万人", "城镇新增就业", 1, want{1e7, 1.1e7, "人", "", "1000—1100万人"}},
		{"range 至 percent", "增长百分之六至百分之七", "增长", 1, want{6, 7, "%", "", "百分之六至百分之七"}},
		{"not a range", "国内生产总值增长6%-5%", "国内生产总值", 1, want{6, 0, "%", "增长", "6%"}},
		{"trillion", "国内生产总值达到99.1万亿元", "国内生产总值", 1, want{9.91e13, 0, "元", "达到", "99.1万亿元"}},
		{"target", "国内生产总值预期增长6.5%左右", "国内生产总值", 1, want{6.5, 0, "%", "左右", "6.5%左右"}},
		{"jin", "粮食产量达到13,390亿斤", "粮食产量", 1, want{1.339e12, 0, "斤", "达到", "13,390亿斤"}},
		{"以上", "粮食产量6.5亿吨以上", "粮食产量", 1, want{6.5e8, 0, "吨", "以上", "6.5亿吨以上"}},
		{"jobs 以上", "城镇新增就业1100万人以上", "城镇新增就业", 1, want{1.1e7, 0, "人", "以上", "1100万人以上"}},
		{"jobs", "城镇新增就业1352万人", "城镇新增就业", 1, want{1.352e7, 0, "人", "", "1352万人"}},
		{"涨幅", "居民消费价格涨幅3%左右", "居民消费价格", 1, want{3, 0, "%", "左右", "3%左右"}},
		{"以内", "城镇登记失业率4.5%以内", "城镇登记失业率", 1, want{4.5, 0, "%", "以内", "4.5%以内"}},
		{"百分之", "财政收入增长百分之十二点八", "财政收入", 1, want{12.8, 0, "%", "增长", "百分之十二点八"}},
		{"百分之六点五", "国内生产总值增长百分之六点五", "国内生产总值", 1, want{6.5, 0, "%", "增长", "百分之六点五"}},
		{"千分之", "人口自然增长率千分之六点五", "人口自然增长率", 1, want{6.5, 0, "‰", "", "千分之六点五"}},
		{"chinese money", "财政收入一千二百亿元", "财政收入", 1, want{1.2e11, 0, "元", "", "一千二百亿元"}},
		{"chinese bare", "财政收入一千二百亿，比上年增加", "财政收入", 1, want{1.2e11, 0, "", "", "一千二百亿"}},
		{"chinese people", "城镇新增就业三千五百万人", "城镇新增就业", 1, want{3.5e7, 0, "人", "", "三千五百万人"}},
		{"chinese year skipped", "国内生产总值二〇二二年达到一百二十万亿元", "国内生产总值", 1, want{1.2e14, 0, "元", "达到", "一百二十万亿元"}},
		{"year skipped", "行政复议申请2022年共收到125件", "行政复议申请", 1, want{125, 0, "件", "", "125件"}},
		{"date skipped", "行政复议申请3月15日前收到12件", "行政复议申请", 1, want{12, 0, "件", "", "12件"}},
		{"date range skipped", "行政复议申请1-2月共收到30件", "行政复议申请", 1, want{30, 0, "件", "", "30件"}},
		{"months skipped", "行政复议申请近6个月收到30件", "行政复议申请", 1, want{30, 0, "件", "", "30件"}},
		{"ordinal skipped", "国内生产总值第2季度增长6%", "国内生产总值", 1, want{6, 0, "%", "增长", "6%"}},
		{"identifier skipped", "细颗粒物PM2.5浓度下降3.1%", "细颗粒物", 1, want{3.1, 0, "%", "下降", "3.1%"}},
		{"percentage points", "城镇登记失业率下降0.3个百分点", "城镇登记失业率", 1, want{0.3, 0, "个百分点", "下降", "0.3个百分点"}},
		{"two points", "城镇登记失业率下降两个百分点，", "城镇登记失业率", 1, want{2, 0, "个百分点", "下降", "两个百分点"}},
		{"table spaces", "行政复议申请 125 件", "行政复议申请", 1, want{125, 0, "件", "", "125 件"}},
		{"table colon", "行政复议申请：125", "行政复议申请", 1, want{125, 0, "", "", "125"}},
		{"table ideographic space", "行政复议申请\u3000\u300012\u3000\u30003", "行政复议申请", 1, want{12, 0, "", "", "12"}},
		{"approx before magnitude", "城镇新增就业1000多万人", "城镇新增就业", 1, want{1e7, 0, "人", "多", "1000多万人"}},
		{"approx after magnitude", "城镇新增就业1万多人", "城镇新增就业", 1, want{1e4, 0, "人", "多", "1万多人"}},
		{"余", "行政复议申请300余件", "行政复议申请", 1, want{300, 0, "件", "余", "300余件"}},
		{"从 to 到", "国内生产总值从不到70万亿元增加到超过100万亿元", "国内生产总值", 1, want{1e14, 0, "元", "超过", "100万亿元"}},
		{"从 to 增加到", "国内生产总值从26.6万亿元增加到51.9万亿元，跃升到世界第二", "国内生产总值", 1, want{5.19e13, 0, "元", "", "51.9万亿元"}},
		{"从 without 到", "国内生产总值从26.6万亿元起步", "国内生产总值", 1, want{2.66e13, 0, "元", "", "26.6万亿元"}},
		{"从 with a range", "国内生产总值增长从6%到6.5%", "国内生产总值", 1, want{6, 6.5, "%", "增长", "6%到6.5%"}},
		{"level after 增加到", "国内生产总值增加到82.7万亿元", "国内生产总值", 1, want{8.27e13, 0, "元", "", "82.7万亿元"}},
		{"kWh", "全社会用电量5千万千瓦时", "全社会用电量", 1, want{5e7, 0, "千瓦时", "", "5千万千瓦时"}},
		{"pension", "基本养老金提高5%", "基本养老金", 1, want{5, 0, "%", "提高", "5%"}},
		{"income", "居民人均可支配收入达到35128元", "居民人均可支配收入", 1, want{35128, 0, "元", "达到", "35128元"}},
		{"zero cases", "今年以来，我厅行政复议为零项，行政诉讼1项", "行政复议", 1, want{0, 0, "项", "", "零项"}},
		{"two statements", "国内生产总值达到99.1万亿元，增长6.1%。国内生产总值增长6%左右", "国内生产总值", 2, want{9.91e13, 0, "元", "达到", "99.1万亿元"}},

		// Suffix tolerance.
		{"metric with 数", "行政复议申请125件", "行政复议申请数", 1, want{125, 0, "件", "", "125件"}},
		{"text with 数量", "行政复议申请数量：125", "行政复议申请", 1, want{125, 0, "", "", "125"}},
		{"metric 人数", "城镇新增就业1100万人", "城镇新增就业人数", 1, want{1.1e7, 0, "人", "", "1100万人"}},
		{"text 人数", "城镇新增就业人数超过6400万人", "城镇新增就业", 1, want{6.4e7, 0, "人", "超过", "6400万人"}},
		{"other measure", "粮食总产值500亿元", "粮食总产量", 0, want{}},
		{"short base kept", "粮食产能1.2万亿斤", "粮食产量", 0, want{}},

		// Nothing stated: never guess.
		{"no number", "加强行政复议申请的办理", "行政复议申请", 0, want{}},
		{"no metric", "全年收到125件", "行政复议申请", 0, want{}},
		{"empty metric", "全年收到125件", " ", 0, want{}},
		{"metric with terminator", "全年收到125件。", "件。", 0, want{}},
		{"next clause", "国内生产总值增长，城镇调查失业率控制在5.5%以内", "国内生产总值", 0, want{}},
		{"list", "国内生产总值用水量、能耗分别下降23%、15%", "国内生产总值", 0, want{}},
		{"next sentence", "国内生产总值稳步增长。全年增长6%", "国内生产总值", 0, want{}},
		{"not in window", "城镇新增就业要在实现预期目标的基础上力争达到近几年的实际规模并保持总体稳定其规模达到1100万人", "城镇新增就业", 0, want{}},
		{"words with 一", "行政复议申请统一受理，一是进一步规范", "行政复议申请", 0, want{}},
		{"一次性", "基本养老金一次性补发", "基本养老金", 0, want{}},
		{"一项改革", "行政复议申请一项改革", "行政复议申请", 0, want{}},
		{"十三五", "国内生产总值十三五期间", "国内生产总值", 0, want{}},
		{"list marker", "行政复议申请十二、", "行政复议申请", 0, want{}},
		{"glued table", "一、本年新收政府信息公开申请数量110000011二、上年结转", "信息公开申请", 0, want{}},
		{"leading zeros", "行政机关不再处理其政府信息公开申请00000002.申请人逾期", "信息公开申请", 0, want{}},
		{"list number", "行政复议申请2.申请人", "行政复议申请", 0, want{}},
		{"document number", "撤回行政复议申请（冀政复终﹝2020﹞2-141）", "行政复议申请", 0, want{}},
		{"next mention owns it", "行政复议申请和行政复议申请125件", "行政复议申请", 1, want{125, 0, "件", "", "125件"}},

		// Single sentences from the corpus (national, 海拉尔区 and 河北
		// 政府信息公开年报 reports).
		{"gdp 2022", "国内生产总值达到114万亿元，增长8.1%", "国内生产总值", 1, want{1.14e14, 0, "元", "达到", "114万亿元"}},
		{"gdp target 2019", "国内生产总值增长6%－6.5%", "国内生产总值", 1, want{6, 6.5, "%", "增长", "6%－6.5%"}},
		{"gdp full-width", "国内生产总值增长１０．２％", "国内生产总值", 1, want{10.2, 0, "%", "增长", "１０．２％"}},
		{"gdp spaced", "国内生产总值达到7 4 7 7 2 亿元", "国内生产总值", 1, want{7.4772e12, 0, "元", "达到", "7 4 7 7 2 亿元"}},
		{"grain 2022", "粮食产量1.37万亿斤，创历史新高", "粮食产量", 1, want{1.37e12, 0, "斤", "", "1.37万亿斤"}},
		{"grain spaced", "粮食产量达到4 9 2 5 0 万吨，比五年前增加5 0 0 0 万吨", "粮食产量", 1, want{4.925e8, 0, "吨", "达到", "4 9 2 5 0 万吨"}},
		{"grain full-width comma", "粮食产量将要达到３，９８９亿斤，比１９５５年增长８．４％", "粮食产量", 1, want{3.989e11, 0, "斤", "达到", "３，９８９亿斤"}},
		{"grain chinese", "粮食产量达到三亿六千万吨", "粮食产量", 1, want{3.6e8, 0, "吨", "达到", "三亿六千万吨"}},
		{"grain 公斤", "粮食产量达到４５５０亿公斤以上，棉花播种面积和产量有较大增长", "粮食产量", 1, want{4.55e11, 0, "公斤", "以上", "４５５０亿公斤以上"}},
		{"jobs 2022", "城镇新增就业1269万人，城镇调查失业率平均为5.1%", "城镇新增就业", 1, want{1.269e7, 0, "人", "", "1269万人"}},
		{"jobs target", "城镇新增就业1100万人以上，城镇调查失业率5.5%左右", "城镇新增就业", 1, want{1.1e7, 0, "人", "以上", "1100万人以上"}},
		{"hailar gdp", "2014年，全区地区生产总值完成274.4亿元，同比增长9.1%;地方财政总收入完成24.9亿元", "地区生产总值", 1, want{2.744e10, 0, "元", "", "274.4亿元"}},
		{"hailar jobs", "实现城镇新增就业5487人，再就业1687人，城镇登记失业率为3.79%", "城镇新增就业", 1, want{5487, 0, "人", "", "5487人"}},
		{"hailar income", "城镇居民人均可支配收入达到28541元，同比增长10.4%", "居民人均可支配收入", 1, want{28541, 0, "元", "达到", "28541元"}},
		{"hailar target", "经济社会发展主要预期目标是：地区生产总值增长8%，达到296亿元", "地区生产总值", 1, want{8, 0, "%", "增长", "8%"}},
		{"hebei requests", "全年共受理政府信息公开申请78件，全部按照统一格式及时答复", "信息公开申请", 1, want{78, 0, "件", "", "78件"}},
		{"hebei requests 共", "全年收到公民、法人和其他组织政府信息公开申请共19件，当年办结19件", "政府信息公开申请", 1, want{19, 0, "件", "", "19件"}},
		{"hebei none received", "2020年未收到政府信息公开申请", "政府信息公开申请", 0, want{}},
		{"hebei appeals", "2018年，河北省教育厅共受理行政复议1起，行政诉讼5起", "行政复议", 1, want{1, 0, "起", "", "1起"}},

		// Spellings of one metric.
		{"总 inserted", "全年粮食总产量达到46947万吨，增产3877万吨", "粮食产量", 1, want{4.6947e8, 0, "吨", "达到", "46947万吨"}},
		{"总 dropped", "工业产值增长10%", "工业总产值", 1, want{10, 0, "%", "增长", "10%"}},
		{"总 not before 产能", "粮食总产能1.2万亿斤", "粮食产量", 0, want{}},
		{"新增 first", "五年全国新增城镇就业5100万人。", "城镇新增就业", 1, want{5.1e7, 0, "人", "", "5100万人"}},
		{"累计新增 first", "累计新增城镇就业5870万人，城镇居民人均可支配收入", "城镇新增就业", 1, want{5.87e7, 0, "人", "", "5870万人"}},
		{"依申请公开", "2018年受理政府信息依申请公开98件，全部按照统一格式进行答复", "政府信息公开申请", 1, want{98, 0, "件", "", "98件"}},
		{"公开申请 for 依申请公开", "全年共受理政府信息公开申请64件", "政府信息依申请公开", 1, want{64, 0, "件", "", "64件"}},
		{"信息 for 政府信息", "全年共收到信息公开申请166件，按照规定格式答复", "政府信息公开申请", 1, want{166, 0, "件", "", "166件"}},
		{"longest spelling at a place", "政府信息公开申请数量：12", "政府信息公开申请", 1, want{12, 0, "", "", "12"}},

		// 从X到Y with dates, 由X到Y.
		{"从 date to date", "国内生产总值从１９９７年的７．４万亿元增加到２００２年的１０．２万亿元，按可比价格计算", "国内生产总值", 1, want{1.02e13, 0, "元", "", "１０．２万亿元"}},
		{"由 to", "地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元，年均增长12.1%", "地区生产总值", 1, want{2.879e10, 0, "元", "", "287.9亿元"}},
		{"由 without 到", "地区生产总值由162.4亿元构成", "地区生产总值", 1, want{1.624e10, 0, "元", "", "162.4亿元"}},
		{"由 too far", "地区生产总值由全区各行业共同完成的162.4亿元增加到287.9亿元", "地区生产总值", 1, want{1.624e10, 0, "元", "", "162.4亿元"}},

		// A magnitude word standing for one of itself.
		{"bare magnitude", "粮食总产量连续6年稳定在万亿斤以上并逐年增加", "粮食产量", 1, want{1e12, 0, "斤", "以上", "万亿斤以上"}},
		{"bare magnitude 突破", "国内生产总值突破百万亿元", "国内生产总值", 1, want{1e14, 0, "元", "突破", "百万亿元"}},
		{"bare magnitude without qualifier", "粮食产量千亿斤的目标", "粮食产量", 0, want{}},
		{"bare magnitude without unit", "粮食产量超过万亿", "粮食产量", 0, want{}},
		{"magnitude begins the unit", "全社会用电量超过千瓦时", "全社会用电量", 0, want{}},

		// A clause with no subject of its own goes on with the metric.
		{"next clause 去年达到", "粮食产量屡创历史新高，去年达到54641万吨，连续7年增产", "粮食产量", 1, want{5.4641e8, 0, "吨", "达到", "54641万吨"}},
		{"next clause 又增产", "粮食总产量在上年大幅度增长的基础上，又增产1454万吨，达到48401万吨", "粮食产量", 1, want{1.454e7, 0, "吨", "增产", "1454万吨"}},
		{"next clause after a date", "国内生产总值稳中有升，2018年增长6.6%", "国内生产总值", 1, want{6.6, 0, "%", "增长", "6.6%"}},
		{"one clause only", "粮食产量稳定，再创新高，达到6亿吨", "粮食产量", 0, want{}},
		{"next clause with a subject", "粮食产量稳定增长，棉花达到600万吨", "粮食产量", 0, want{}},
		{"list does not continue", "粮食产量、达到600万吨", "粮食产量", 0, want{}},

		// The measure alone after its head.
		{"measure after head", "粮食连续五年增产，总产量52850 万吨，创历史最高水平", "粮食产量", 1, want{5.285e8, 0, "吨", "", "52850 万吨"}},
		{"measure after head and year", "全国粮食连续四年增产，2007年产量达到50150万吨。", "粮食产量", 1, want{5.015e8, 0, "吨", "达到", "50150万吨"}},
		{"measure of another head", "棉花连续五年增产，总产量600万吨", "粮食产量", 0, want{}},
		{"measure not opening its clause", "粮食连续五年增产，棉花产量600万吨", "粮食产量", 0, want{}},
		{"measure in the next sentence", "粮食连续五年增产。总产量52850万吨", "粮食产量", 0, want{}},

		// The national template's 行政复议、行政诉讼 table, flattened.
		{"review table cells", "四、行政复议、行政诉讼情况\r行政复议\r\r\r行政诉讼\r\r\r\r\r结果维持\r\r\r结果纠正\r\r\r其他结果\r\r\r尚未审结\r\r\r总计\r\r\r未经复议直接起诉\r\r\r复议后起诉\r\r\r\r\r" + reviewLabels + "\r\r\r\r\r2\r\r\r2\r\r\r0\r\r\r0\r\r\r4\r\r\r0\r\r\r1\r\r\r0\r\r\r1\r\r\r2\r\r\r1\r\r\r0\r\r\r0\r\r\r0\r\r\r1\r\r\r\r\r\r五、", "行政复议", 1, want{4, 0, "", "", "4"}},
		{"review table glued", "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉" + reviewLabelsGlued + "610070000061007\u3000\u3000五、", "行政复议", 1, want{7, 0, "", "", "7"}},
		{"review table glued, cells of two digits", "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉" + reviewLabelsGlued + "6100700000610071\u3000\u3000五、", "行政复议", 0, want{}},
		{"review table empty cells counted", "行政复议\r\r\r行政诉讼\r\r\r\r\r结果维持\r\r\r结果纠正\r\r\r其他结果\r\r\r尚未审结\r\r\r总计\r\r\r未经复议直接起诉\r\r\r复议后起诉\r\r\r\r\r" + reviewLabels + "\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r0\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r0\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r0\r\r\r\r\r\r\r五、", "行政复议", 1, want{0, 0, "", "", "0"}},
		{"review table uneven cells", "行政复议\r\r\r行政诉讼\r\r\r\r\r结果维持\r\r\r结果纠正\r\r\r其他结果\r\r\r尚未审结\r\r\r总计\r\r\r未经复议直接起诉\r\r\r复议后起诉\r\r\r\r\r" + reviewLabels + "\r\r\r\r\r\r\r0\r\r\r0\r五、", "行政复议", 0, want{}},
		{"review table spaces", "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 1 0 0 0 1 0 0 0 0 0 2 0 0 0 2", "行政复议", 1, want{1, 0, "", "", "1"}},
		{"review table has no 行政诉讼 value", "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉" + reviewLabelsGlued + "610070000061007", "行政诉讼", 0, want{}},
		{"not the template", "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计610070000061007", "行政复议", 0, want{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(tt.text, tt.metric)
			checkStatements(t, tt.text, got)
			if len(got) != tt.count {
				t.Fatalf("Find(%q, %q) gave %d statements %+v; want %d", tt.text, tt.metric, len(got), got, tt.count)
			}
			if tt.count == 0 {
				return
			}
			st := got[0]
			var max float64
			if st.ValueMax != nil {
				max = *st.ValueMax
			}
			g := want{*st.Value, max, st.Unit, st.Qualifier, st.Text}
			if g != tt.w {
				t.Errorf("Find(%q, %q)[0] = %+v; want %+v", tt.text, tt.metric, g, tt.w)
			}
		})
	}
}

func TestFindFields(t *testing.T) {
	text := "一、工作回顾\n全年共收到行政复议申请数125件，同比增长10.6%。下一句。"
	got := Find(text, "行政复议申请")
	if len(got) != 1 {
		t.Fatalf("got %d statements; want 1", len(got))
	}
	st := got[0]
	if st.Mention != "行政复议申请数" || st.Sentence != "全年共收到行政复议申请数125件，同比增长10.6%" {
		t.Errorf("Mention %q, Sentence %q", st.Mention, st.Sentence)
	}
	if st.Offset != strings.Index(text, "行政复议") || st.NumberOffset != strings.Index(text, "125") {
		t.Errorf("Offset %d, NumberOffset %d", st.Offset, st.NumberOffset)
	}
	if st.Change != "" || st.ValueMax != nil {
		t.Errorf("Change %q, ValueMax %v", st.Change, st.ValueMax)
	}
	if got := Find("国内生产总值预期增长6.5%左右", "国内生产总值"); got[0].Change != "增长" {
		t.Errorf("Change %q; want 增长", got[0].Change)
	}
}

// checkStatements asserts what holds for every statement of any text.
func checkStatements(t *testing.T, text string, sts []Statement) {
	t.Helper()
	last := -1
	for _, st := range sts {
		if st.Value == nil {
			t.Fatalf("nil Value in %+v", st)
		}
		if st.Offset <= last || st.Offset < 0 || st.Offset+len(st.Mention) > len(text) ||
			text[st.Offset:st.Offset+len(st.Mention)] != st.Mention {
			t.Fatalf("bad Offset %d for mention %q", st.Offset, st.Mention)
		}
		last = st.Offset
		if st.NumberOffset < st.Offset+len(st.Mention) || st.NumberOffset+len(st.Text) > len(text) ||
			st.Text == "" || text[st.NumberOffset:st.NumberOffset+len(st.Text)] != st.Text {
			t.Fatalf("bad NumberOffset %d for text %q", st.NumberOffset, st.Text)
		}
		if !strings.Contains(st.Sentence, st.Mention) || !strings.Contains(st.Sentence, st.Text) {
			t.Fatalf("sentence %q lacks %q or %q", st.Sentence, st.Mention, st.Text)
		}
	}
}
