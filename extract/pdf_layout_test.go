package extract

import (
	"strings"
	"testing"
)

// These tests lay out pages made up here, so they need no PDF and no
// MuPDF.

func TestStartsSection(t *testing.T) {
	for s, want := range map[string]bool{
		"一、总体情况": true, "十二、其他": true, "（一）主动公开": true, "(三)依申请": true,
		"1.基本情况": true, "2、工作": true, "（1）收费": true, "①第一": true,
		"第一条 为了": true, "第12条": true, "第三章 附则": true, "一是深化改革": true,
		"第二十条第（一）项": true, "1.5万人次": false, "2023年": false, "统一、规范": false,
		"（社区）公开栏": false, "是加强政策": false, "": false,
	} {
		if got := startsSection(s); got != want {
			t.Errorf("startsSection(%q) = %v", s, got)
		}
	}
}

func TestIsPageNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"- 3 -": true, "—12—": true, "3": true, "第 4 页": true, "第 1 页 共 6 页": true,
		"共6页 第2页": true, "2/5": true, "Page 3 of 9": true, "（7）": true,
		"青禾县人民政府办公室": false, "2023年": false, "第二十条": false, "3.5": false,
	} {
		if got := isPageNumber(s); got != want {
			t.Errorf("isPageNumber(%q) = %v", s, got)
		}
	}
}

func TestPDFDateOf(t *testing.T) {
	for s, want := range map[string]string{
		"2024年1月26日": "2024-01-26", "2023 年 3 月 20 日": "2023-03-20", "2024-01-26": "2024-01-26",
		"2024.1.5": "2024-01-05", "二〇二四年一月二十六日": "2024-01-26", "二○二三年十二月三十一日": "2023-12-31",
		"二〇二三年三月十日": "2023-03-10", "2024年13月1日": "", "二〇二四年一月四十日": "",
		"于2024年1月26日印发": "", "1024年1月1日": "",
	} {
		if got := pdfDateOf(s); got != want {
			t.Errorf("pdfDateOf(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestNormalizeSpace(t *testing.T) {
	for s, want := range map[string]string{
		"文　　号":             "文号",
		"2023 年 1 月":       "2023年1月",
		"  Open   Data  ":  "Open Data",
		"联系电话： 0851":       "联系电话：0851",
		"\u3000\u3000一、总体": "一、总体",
	} {
		if got := normalizeSpace(s); got != want {
			t.Errorf("normalizeSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

// A page of 16 pt text between x = 80 and 520, first lines indented two
// characters, with a running header and a page number footer.
func testPage(n int, body ...pdfLine) pdfPage {
	lines := []pdfLine{
		{x0: 250, x1: 350, baseline: 50, size: 10.5, text: "青禾县人民政府"},
		{x0: 290, x1: 310, baseline: 800, size: 12, text: "- " + string(rune('0'+n)) + " -"},
	}
	return pdfPage{width: 595, height: 842, lines: append(lines, body...)}
}

// row is a line of body text on the nth row of the page.
func row(n int, x0, x1 float64, text string) pdfLine {
	return pdfLine{x0: x0, x1: x1, baseline: 100 + 28*float64(n), size: 16, text: text}
}

func TestLayoutParagraphs(t *testing.T) {
	pages := []pdfPage{
		testPage(1,
			pdfLine{x0: 100, x1: 500, baseline: 80, size: 22, text: "青禾县2023年政府信息公开工作"},
			pdfLine{x0: 250, x1: 350, baseline: 110, size: 22, text: "年度报告"},
			row(1, 112, 232, "一、总体情况"),
			row(2, 112, 520, "2023年，青禾县坚持以人民为中心的发展思想，认真贯"),
			row(3, 80, 520, "彻落实条例。二是加强政务公开制度建设，推进统"),
			row(4, 80, 520, "一、规范的公开平台建设，全年政府信息公开工作平稳。"),
			row(5, 80, 519, "二是做好解读，坚持政策性文件与解读材料同步组织。"),
			row(6, 80, 300, "全年发布解读材料132篇。"),
			row(7, 112, 520, "针对上述问题，2024年我县将重点做好以下工作，一是"),
			row(8, 80, 520, "压实工作责任，将政务公开工作纳入领导班子年度述"),
		),
		testPage(2,
			row(0, 80, 400, "职内容，建立栏目更新情况月通报制度。"),
			row(1, 112, 280, "二、主动公开情况"),
			row(2, 80, 160, "信息内容"), row(2, 200, 300, "本年制发件数"),
			row(3, 80, 160, "规章"), row(3, 200, 220, "0"),
		),
	}
	lay := layoutPDF(pages)
	want := strings.Join([]string{
		"青禾县2023年政府信息公开工作年度报告",
		"一、总体情况",
		// 统一、 at the margin stays inside its sentence; 二是 after a
		// full stop at the margin too, as the document indents.
		"2023年，青禾县坚持以人民为中心的发展思想，认真贯彻落实条例。二是加强政务公开制度建设，推进统一、规范的公开平台建设，全年政府信息公开工作平稳。二是做好解读，坚持政策性文件与解读材料同步组织。全年发布解读材料132篇。",
		// Across the page break, past the footer and the header.
		"针对上述问题，2024年我县将重点做好以下工作，一是压实工作责任，将政务公开工作纳入领导班子年度述职内容，建立栏目更新情况月通报制度。",
		"二、主动公开情况",
		"信息内容\t本年制发件数",
		"规章\t0",
	}, "\n")
	if lay.text != want {
		t.Errorf("text\n got %q\nwant %q", lay.text, want)
	}
	if lay.title != "青禾县2023年政府信息公开工作年度报告" {
		t.Errorf("title %q", lay.title)
	}
}

// Without first-line indents a sentence's end at the margin ends the
// paragraph, and a section number opens one.
// TestLayoutKeepsDataInMargins: a table row of digits alone at the foot of
// every page (telephone numbers) differs from page to page only in its
// digits, as a page number does, but is no running footer.
func TestLayoutKeepsDataInMargins(t *testing.T) {
	pages := []pdfPage{
		testPage(1, row(1, 80, 300, "承德市教育局"), pdfLine{x0: 80, x1: 300, baseline: 760, size: 16, text: "0314-2131595"}),
		testPage(2, row(1, 80, 300, "邯郸市教育局"), pdfLine{x0: 80, x1: 300, baseline: 760, size: 16, text: "0310-6269949"}),
	}
	text := layoutPDF(pages).text
	for _, want := range []string{"0314-2131595", "0310-6269949"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s dropped as a footer:\n%s", want, text)
		}
	}
	if strings.Contains(text, "青禾县人民政府") || strings.Contains(text, "- 1 -") {
		t.Errorf("the running header or page number kept:\n%s", text)
	}
}

func TestLayoutFlushParagraphs(t *testing.T) {
	pages := []pdfPage{{width: 595, height: 842, lines: []pdfLine{
		row(1, 80, 520, "本报告依据《条例》编制，内容包括总体情况、主动公"),
		row(2, 80, 520, "开情况和其他需要报告的事项，现将有关情况报告如下。"),
		row(3, 80, 520, "本报告所列数据的统计期限自2023年1月1日起至12月"),
		row(4, 80, 520, "31日止，电子版可在门户网站下载，联系电话：0851-"),
		row(5, 80, 200, "一、总体情况"),
		row(6, 80, 300, "短的一行。"),
	}}}
	want := "本报告依据《条例》编制，内容包括总体情况、主动公开情况和其他需要报告的事项，现将有关情况报告如下。\n" +
		"本报告所列数据的统计期限自2023年1月1日起至12月31日止，电子版可在门户网站下载，联系电话：0851-\n" +
		"一、总体情况\n短的一行。"
	if got := layoutPDF(pages).text; got != want {
		t.Errorf("text\n got %q\nwant %q", got, want)
	}
}

// The wrapped lines of table cells go back into their cells, and the
// document number and date are read from them.
func TestLayoutTableCells(t *testing.T) {
	cell := func(x0, x1, baseline float64, text string) pdfLine {
		return pdfLine{x0: x0, x1: x1, baseline: baseline, size: 12, text: text}
	}
	pages := []pdfPage{{width: 595, height: 842, lines: []pdfLine{
		{x0: 100, x1: 500, baseline: 100, size: 22, text: "某县2023年度报告"},
		cell(82, 118, 160, "索引号"), cell(192, 297, 160, "11520327MB1C456"), cell(303, 351, 160, "发文机构"), cell(413, 509, 160, "某县人民政府办"),
		cell(192, 281, 178, "78X/2024-00012"), cell(413, 437, 178, "公室"),
		cell(82, 106, 201, "文号"), cell(192, 297, 201, "某府办函〔2024〕6"), cell(303, 327, 201, "日期"), cell(413, 474, 201, "2024-01-26"),
		cell(192, 204, 219, "号"),
		row(6, 112, 400, "正文。"),
	}}}
	lay := layoutPDF(pages)
	want := "某县2023年度报告\n索引号\t11520327MB1C45678X/2024-00012\t发文机构\t某县人民政府办公室\n" +
		"文号\t某府办函〔2024〕6号\t日期\t2024-01-26\n正文。"
	if lay.text != want {
		t.Errorf("text\n got %q\nwant %q", lay.text, want)
	}
	if lay.docNo != "某府办函〔2024〕6号" || lay.date != "2024-01-26" || lay.title != "某县2023年度报告" {
		t.Errorf("metadata %q %q %q", lay.title, lay.docNo, lay.date)
	}
}

// A page shown sideways reads as one shown upright; a diagonal
// watermark is left out.
func TestOrientPage(t *testing.T) {
	// Upright, the page is 595 × 842 with lines at y = 100 and 128; under
	// /Rotate 90 it shows 842 × 595, its text running down.
	recs := []pdfRecord{
		{x0: 742, y0: 80, x1: 758, y1: 520, ox: 742, oy: 80, dx: 0, dy: 1, size: 16, text: "第一行"},
		{x0: 714, y0: 80, x1: 730, y1: 300, ox: 714, oy: 80, dx: 0, dy: 1, size: 16, text: "第二行"},
		{x0: 300, y0: 200, x1: 500, y1: 400, ox: 300, oy: 400, dx: 0.7, dy: -0.7, size: 40, text: "内部资料"},
	}
	p := orientPage(recs, 842, 595)
	if p.width != 595 || p.height != 842 || len(p.lines) != 2 {
		t.Fatalf("page %v×%v, %d lines", p.width, p.height, len(p.lines))
	}
	first, second := p.lines[0], p.lines[1]
	if first.text != "第一行" || first.x0 != 80 || first.x1 != 520 || !(first.baseline < second.baseline) {
		t.Errorf("lines %+v %+v", first, second)
	}
}

func TestParseRecords(t *testing.T) {
	recs := parseRecords([]byte("1 2 3 4 5 6 1 0 16\t一行\nbad\n1 2 x 4 5 6 1 0 16\t坏\n1 2 3 4 5 6 1 0 NaN\t坏\n"))
	if len(recs) != 1 || recs[0].text != "一行" || recs[0].size != 16 || recs[0].x1 != 3 {
		t.Errorf("records %+v", recs)
	}
}

// Rows that all stop short of the page's right half do not wrap, so they
// stay lines of their own: a list of names is not one paragraph.
func TestLayoutShortLines(t *testing.T) {
	var lines []pdfLine
	names := []string{"张明", "李华", "王芳", "赵强", "陈静", "刘洋", "杨帆", "黄磊", "周敏"}
	for i, n := range names {
		lines = append(lines, row(i, 80, 112, n))
	}
	if got := layoutPDF([]pdfPage{{width: 595, height: 842, lines: lines}}).text; got != strings.Join(names, "\n") {
		t.Errorf("text %q", got)
	}
}
