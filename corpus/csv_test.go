package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/lantai/lantai/internal/testcorpus"
)

func TestReadCSVGolden(t *testing.T) {
	docs, errs := readRowFixture(t, "crawl.csv", "河北政府网站/5科学技术厅-政府信息公开/crawl.csv", "csv-crawl")
	if len(docs) != 4 || len(errs) != 0 {
		t.Fatalf("got %d documents and errors %v, want 4 and none", len(docs), errs)
	}
	full, titleOnly, quoted, bare := docs[0].Report, docs[1].Report, docs[2].Report, docs[3].Report
	if full.Agency != "河北省科学技术厅" || full.Date != "2031-04-12" || full.Catalog != "科技政策" || full.Extra["效力状态"] != "有效" || len(full.Sections) == 0 {
		t.Errorf("row 1: %+v", full)
	}
	if titleOnly.Text != "" || titleOnly.Date != "2031-03-02" || !strings.HasSuffix(titleOnly.Title, "...") {
		t.Errorf("row 2 should be title-only with its truncated title: %+v", titleOnly)
	}
	wantLinks := []string{"https://www.most.gov.cn/tztg/203103/W020310302001.pdf", "https://kjt.hebei.gov.cn/www/xxgk2020/228104/228108/228109/415001/2031030210.doc"}
	if !reflect.DeepEqual(titleOnly.Attachments, wantLinks) {
		t.Errorf("row 2 attachments %q, want %q", titleOnly.Attachments, wantLinks)
	}
	if !strings.Contains(quoted.Text, "其中\"政策解读\"58条") || quoted.Catalog != "" || quoted.Date != "2031-01-20" {
		t.Errorf("row 3 (quoted, multi-line): %+v", quoted)
	}
	if !strings.Contains(string(docs[2].Original), "\n一、总体情况\n") || !strings.HasSuffix(string(docs[2].Original), ",[],,,") {
		t.Errorf("row 3 original is not the record's bytes: %q", docs[2].Original)
	}
	if bare.Agency != "河北省科学技术厅" || bare.Source != "河北政府网站/5科学技术厅-政府信息公开/crawl.csv#4" {
		t.Errorf("row 4 should take its agency from the folder: %+v", bare)
	}
}

func TestReadCSVRulesGolden(t *testing.T) {
	docs, errs := readRowFixture(t, "crawl-rules.csv", "河北政府网站/3人民政府-政府信息公开/rules.csv", "csv-crawl-rules")
	if len(docs) != 2 || len(errs) != 0 {
		t.Fatalf("got %d documents and errors %v, want 2 and none", len(docs), errs)
	}
	r := docs[0].Report
	if r.Agency != "河北省人民政府" || r.Date != "2030-06-05" || r.DocNo != "河北省人民政府令〔2030〕第3号" || r.Extra["摘要"] == "" {
		t.Errorf("row 1: agency %q date %q doc no %q extra %v", r.Agency, r.Date, r.DocNo, r.Extra)
	}
	if r := docs[1].Report; !strings.HasPrefix(r.Text, "(2031年1月17日") || r.Date != "2031-01-17" {
		t.Errorf("row 2 (摘要 only) text %q date %q", r.Text, r.Date)
	}
}

func TestReadCSVBrokenQuote(t *testing.T) {
	docs, errs := readRowFixture(t, "broken-quote.csv", "broken-quote.csv", "csv-broken-quote")
	var titles []string
	for _, d := range docs {
		titles = append(titles, d.Report.Title+" "+d.Report.Source)
	}
	want := []string{"第一号通知 broken-quote.csv#1", "第三号通知 broken-quote.csv#3", "第五号通知 broken-quote.csv#5"}
	if !reflect.DeepEqual(titles, want) {
		t.Errorf("documents %q, want %q (good rows around the broken ones)", titles, want)
	}
	if len(errs) != 2 ||
		!strings.HasPrefix(errs[0].Error(), "broken-quote.csv#2: record 2 (line 3) skipped: malformed CSV") ||
		!strings.HasPrefix(errs[1].Error(), "broken-quote.csv#4: record 4 (line 5) skipped: malformed CSV: bare") {
		t.Errorf("errors %v, want records 2 and 4 named with their lines", errs)
	}
}

func TestReadCSVHostile(t *testing.T) {
	tests := []struct {
		name, data string
		docs       int
		sources    []string
		errs       []string
	}{
		{name: "header only", data: "标题,时间,内容\n", errs: []string{"no rows"}},
		{name: "header only with BOM and CRLF", data: "\ufeff标题,时间,内容\r\n", errs: []string{"no rows"}},
		{name: "unknown columns", data: "a,b\n1,2\n", errs: []string{"names none of the columns 标题, 内容, 摘要 (it has: a, b)"}},
		{name: "broken header", data: "标题,\"时间\n", errs: []string{"header row cannot be read"}},
		{
			name: "wrong field count", data: "标题,时间\n通知一,2031-01-01,多余\n通知二,2031-01-02\n",
			docs: 1, sources: []string{"f.csv#2"}, errs: []string{"f.csv#1: record 1 (line 2) skipped: it has 3 fields, the header has 2"},
		},
		{
			name: "empty record", data: "标题,时间,内容\n,2031-01-01,\n通知二,2031-01-02,正文\n",
			docs: 1, sources: []string{"f.csv#2"}, errs: []string{"f.csv#1: record 1 (line 2) skipped: the record has neither 标题 nor 内容"},
		},
		{
			name: "repeated header and blank cells skipped", data: "标题,内容\n通知一,正文一\n标题,内容\n,\n通知二,正文二\n",
			docs: 2, sources: []string{"f.csv#1", "f.csv#4"},
		},
		{
			name: "glued records", data: "标题,时间,内容,访问地址\n通知一,2031-01-01,正文一,https://x.example.gov.cn/1.html通知二,2031-01-02,正文二,https://x.example.gov.cn/2.html\n",
			docs: 2, sources: []string{"f.csv#1", "f.csv#1.2"},
		},
		{
			name: "CRLF with a quoted line break", data: "标题,内容\r\n通知一,\"第一段\r\n第二段\"\r\n通知二,正文\r\n",
			docs: 2, sources: []string{"f.csv#1", "f.csv#2"},
		},
		{name: "no title no body anywhere", data: "标题,内容\n,\n", errs: []string{"no rows"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			docs, errs := Read("f.csv", data)
			checkRowInvariants(t, data, docs, errs)
			var sources []string
			for _, d := range docs {
				sources = append(sources, d.Report.Source)
			}
			if len(docs) != tt.docs || !reflect.DeepEqual(sources, tt.sources) {
				t.Errorf("documents %q, want %d: %q", sources, tt.docs, tt.sources)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors %v, want %q", errs, tt.errs)
			}
			for i, w := range tt.errs {
				if !strings.Contains(errs[i].Error(), w) {
					t.Errorf("error %q does not say %q", errs[i], w)
				}
			}
		})
	}
}

func TestReadCSVGluedOriginals(t *testing.T) {
	data := []byte("标题,时间,内容,访问地址\n通知一,2031-01-01,正文一,https://x.example.gov.cn/1.html通知二,2031-01-02,正文二,https://x.example.gov.cn/2.html\n")
	docs, _ := Read("f.csv", data)
	if len(docs) != 2 {
		t.Fatalf("got %d documents, want 2", len(docs))
	}
	if got := string(docs[0].Original); got != "通知一,2031-01-01,正文一,https://x.example.gov.cn/1.html" || docs[0].Report.URL != "https://x.example.gov.cn/1.html" {
		t.Errorf("first record %q, URL %q", got, docs[0].Report.URL)
	}
	if got := string(docs[1].Original); got != "通知二,2031-01-02,正文二,https://x.example.gov.cn/2.html" || docs[1].Report.Title != "通知二" {
		t.Errorf("second record %q, title %q", got, docs[1].Report.Title)
	}
}

func TestSplitLinks(t *testing.T) {
	tests := []struct {
		cell string
		want []string
	}{
		{"", nil},
		{"https://a.gov.cn/1.pdf;", []string{"https://a.gov.cn/1.pdf"}},
		{"https://kjt.hebei.gov.cnhttp://www.gov.cn/2.doc; https://a.gov.cn/1.pdf,https://a.gov.cn/1.pdf", []string{"http://www.gov.cn/2.doc", "https://a.gov.cn/1.pdf"}},
		{"https://a.gov.cn/1.pdf\nhttps://a.gov.cn/2.pdf", []string{"https://a.gov.cn/1.pdf", "https://a.gov.cn/2.pdf"}},
	}
	for _, tt := range tests {
		if got := splitLinks(tt.cell); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitLinks(%q) = %q, want %q", tt.cell, got, tt.want)
		}
	}
}

func TestHebeiFolderAgency(t *testing.T) {
	tests := map[string]string{
		"河北政府网站/2人力资源和社会保障厅-政府信息公开/a.csv":  "河北省人力资源和社会保障厅",
		"corpus/河北政府网站/3人民政府-政府信息公开/a.csv": "河北省人民政府",
		"河北政府网站/4财政厅(财政信息网)-政策法规/a.csv":    "河北省财政厅",
		"河北政府网站/1发改委-政务公开/a.csv":           "河北省发展和改革委员会",
		"other/2人力资源和社会保障厅-政府信息公开/a.csv":   "",
		"河北政府网站/a.csv":                     "",
		"河北政府网站/没有分隔符/a.csv":               "",
	}
	for name, want := range tests {
		if got := hebeiFolderAgency(name); got != want {
			t.Errorf("hebeiFolderAgency(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestReadCSVRealCorpus reads the 29 files of the Hebei crawl: 2,717
// documents (one record is two glued rows, one a repeated header), no
// errors, every original the record's exact bytes.
func TestReadCSVRealCorpus(t *testing.T) {
	root := filepath.Join(testcorpus.Dir(t), "hebei-gov-xxgk")
	files, err := filepath.Glob(filepath.Join(root, "河北政府网站", "*", "*.csv"))
	if err != nil || len(files) != 29 {
		t.Fatalf("found %d CSV files (%v), want 29", len(files), err)
	}
	var total, dated, withAgency, titleOnly int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(root, f)
		docs, errs := Read(filepath.ToSlash(name), data)
		checkRowInvariants(t, data, docs, errs)
		for _, e := range errs {
			t.Errorf("unexpected error: %v", e)
		}
		total += len(docs)
		for _, d := range docs {
			r := d.Report
			if r.Date != "" {
				dated++
			}
			if strings.HasPrefix(r.Agency, "河北省") {
				withAgency++
			}
			if r.Text == "" {
				titleOnly++
			}
			if r.Title == "" || r.Format != FormatCSV || d.MediaType != "text/csv; charset=utf-8" {
				t.Errorf("%s: title %q format %q media type %q", r.Source, r.Title, r.Format, d.MediaType)
			}
		}
	}
	if total != 2717 {
		t.Errorf("%d documents, want 2717", total)
	}
	if withAgency != total || dated < total*99/100 {
		t.Errorf("%d of %d with a Hebei agency, %d dated", withAgency, total, dated)
	}
	if titleOnly == 0 || titleOnly > total/2 {
		t.Errorf("%d title-only records of %d", titleOnly, total)
	}
}

func FuzzReadCSV(f *testing.F) {
	addFuzzFixtures(f, "crawl.csv", "crawl-rules.csv", "broken-quote.csv")
	f.Add([]byte("标题,时间,内容,访问地址\n通知一,2031-01-01,正文一,https://x.gov.cn/1通知二,2031-01-02,正文二,https://x.gov.cn/2\n"))
	f.Add([]byte("\ufeff标题,内容\r\n\"a\r\nb\",\"c\"\"d\"\r\n标题,内容\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "河北政府网站/1发改委-政务公开/f.csv", data) })
}

func TestReadCSVGB18030(t *testing.T) {
	text := "标题,时间,内容\n清河县关于春季防火的通知,2031年03月01日,\"各乡镇：\n一、加强巡查。\"\n"
	data, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := Read("gbk.csv", data)
	checkRowInvariants(t, data, docs, errs)
	if len(docs) != 1 || len(errs) != 0 {
		t.Fatalf("got %d documents, errors %v", len(docs), errs)
	}
	d := docs[0]
	if d.Report.Title != "清河县关于春季防火的通知" || d.Report.Text != "各乡镇：\n一、加强巡查。" || d.Report.Date != "2031-03-01" {
		t.Errorf("title %q text %q date %q", d.Report.Title, d.Report.Text, d.Report.Date)
	}
	if d.Report.Encoding != EncodingGB18030 || d.MediaType != "text/csv; charset=gb18030" {
		t.Errorf("encoding %q media type %q", d.Report.Encoding, d.MediaType)
	}
}
