package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lantai/lantai/internal/testcorpus"
)

// textGoldenDoc is what the golden files of this layout record: the
// original bytes are the fixture itself, so only their media type is kept.
type textGoldenDoc struct {
	MediaType string `json:"media_type"`
	Report    Report `json:"report"`
}

// readOneFixture reads testdata/name through Read and compares the report
// with testdata/<name without .txt>.golden.json.
func readOneFixture(t *testing.T, name string) Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := Read(name, data)
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("Read(%s): %d documents, errors %v", name, len(docs), errs)
	}
	checkReport(t, docs[0].Report)
	checkGolden(t, strings.TrimSuffix(name, ".txt"), textGoldenDoc{docs[0].MediaType, docs[0].Report})
	return docs[0].Report
}

// TestReadGolden reads the invented fixtures against their golden files:
// testdata/text-report.txt (the seed layout, with an empty 文号, an unknown
// 公开方式 label, （一）/(二) headings and inline 一是 points) and
// testdata/dateline-gbk.txt (the Hailar layout, GBK with CRLF line ends,
// made with `sed 's/$/\r/' | iconv -f utf-8 -t gb18030`).
func TestReadGolden(t *testing.T) {
	r := readOneFixture(t, "text-report.txt")
	if r.DocNo != "" || r.Extra["公开方式"] != "主动公开" || r.Views != 128 || r.Date != "2024-01-10" || r.Year != 2023 {
		t.Errorf("metadata: doc_no %q, extra %v, views %d, date %q, year %d", r.DocNo, r.Extra, r.Views, r.Date, r.Year)
	}
	if !strings.HasPrefix(r.Text, "2023年，青禾区") {
		t.Errorf("body starts %q, want the first paragraph after the metadata", r.Text[:30])
	}
	r = readOneFixture(t, "dateline-gbk.txt")
	if r.Encoding != "gb18030" || r.Agency != "松岭市北川区人民政府" || r.Date != "2021-02-26" || r.Extra["speaker"] != "松岭市北川区人民政府区长 林海涛" {
		t.Errorf("dateline fixture: encoding %q, agency %q, date %q, extra %v", r.Encoding, r.Agency, r.Date, r.Extra)
	}
}

// TestReadSeed checks the metadata of the real seed report.
func TestReadSeed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testcorpus.Dir(t), "seed", "longyang-2022-fazhi.txt"))
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := Read("seed/longyang-2022-fazhi.txt", data)
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("Read: %d documents, errors %v", len(docs), errs)
	}
	d := docs[0]
	r := d.Report
	got := fmt.Sprintf("%s|%s|%s|%s|%q|%d|%s|%d|%s|%s", r.Title, r.IndexNo, r.Agency, r.Catalog, r.DocNo, r.Views, r.Date, r.Year, r.Format, r.Encoding)
	want := `隆阳区2022年度法治政府建设情况的报告|01525685-0/20221219-00001|隆阳区人民政府|法治政府建设|""|35|2022-12-19|2022|text|utf-8`
	if got != want {
		t.Errorf("seed metadata:\n got %s\nwant %s", got, want)
	}
	if len(r.Extra) != 0 || !strings.HasPrefix(r.Text, "一、法治政府建设工作情况") || r.SHA256 != SHA256Hex(data) ||
		d.MediaType != "text/plain; charset=utf-8" || r.Source != "seed/longyang-2022-fazhi.txt" {
		t.Errorf("seed: extra %v, text starts %q, sha %s, media type %s, source %s", r.Extra, r.Text[:20], r.SHA256, d.MediaType, r.Source)
	}
}

// TestReadHailar reads all eight real Hailar work reports (GBK, CRLF).
func TestReadHailar(t *testing.T) {
	dir := filepath.Join(testcorpus.Dir(t), "hailar-district-gov-work-reports", "reportData")
	for year := 2012; year <= 2019; year++ {
		name := fmt.Sprintf("%d.txt", year)
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		docs, errs := Read(name, data)
		if len(errs) > 0 || len(docs) != 1 {
			t.Fatalf("%s: %d documents, errors %v", name, len(docs), errs)
		}
		d := docs[0]
		r := d.Report
		checkSections(t, r.Text, r.Sections)
		if r.Format != FormatDateline || r.Encoding != "gb18030" || d.MediaType != "text/plain; charset=gb18030" {
			t.Errorf("%s: format %q, encoding %q, media type %q", name, r.Format, r.Encoding, d.MediaType)
		}
		if r.Year != year || !strings.HasPrefix(r.Date, fmt.Sprint(year)) ||
			!strings.HasSuffix(r.Title, fmt.Sprintf("海拉尔区%d年政府工作报告", year)) || r.Extra["title_as_written"] != "政府工作报告" {
			t.Errorf("%s: year %d, date %q, title %q", name, r.Year, r.Date, r.Title)
		}
		if !strings.HasSuffix(r.Agency, "海拉尔区人民政府") || !strings.Contains(r.Extra["session"], "人民代表大会") || r.Extra["speaker"] == "" {
			t.Errorf("%s: agency %q, extra %v", name, r.Agency, r.Extra)
		}
		if strings.ContainsAny(r.Text, "\r\ufffd") || !strings.Contains(r.Text[:200], "各位代表") {
			t.Errorf("%s: text has CR or U+FFFD, or does not start at 各位代表", name)
		}
		if len(r.Sections) < 5 || r.Sections[0].Number != "一、" {
			t.Errorf("%s: %d sections, first %+v", name, len(r.Sections), r.Sections[0])
		}
	}
}

func TestLooksLikeDateline(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"政 府 工 作 报 告\n\n----2012年2月29日在海拉尔区第十三届人民代表大会第六次会议上\n", true},
		{"　—2017年2月11日在海拉尔区第十四届人民代表大会第六次会议上 \n", true},
		{"政府工作报告\n（２０２０年５月２２日在第十三届全国人民代表大会第三次会议上）\n", true},
		{"隆阳区2022年度法治政府建设情况的报告\n\n索引号\n01525685-0/20221219-00001\n", false},
		{"一\n二\n三\n四\n五\n六\n——2019年3月4日在某区第一届人民代表大会第一次会议上\n", false},
		{"——2019年2月30日在某区第一届人民代表大会第一次会议上", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := looksLikeDateline(tt.text); got != tt.want {
			t.Errorf("looksLikeDateline(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestReadHostile feeds bad and odd inputs through Read: each must give a
// clear error or a sane report, never a panic.
func TestReadHostile(t *testing.T) {
	report := "某区2023年工作报告\n\n索引号\n123/2023-1\n日期\n2023-05-06\n\n一、总体情况\n（一）甲。乙。\n"
	gb := gbk(t, report)
	tests := []struct {
		name    string
		data    []byte
		wantErr string
		check   func(t *testing.T, r Report)
	}{
		{name: "empty", data: nil, wantErr: "the file is empty"},
		{name: "whitespace", data: []byte(" \r\n\t "), wantErr: "the file is empty"},
		{name: "png", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), wantErr: "binary data"},
		{name: "truncated utf-8", data: []byte(report)[:len(report)-2], wantErr: "truncated UTF-8"},
		{name: "truncated gbk", data: gb[:len(gb)-2], wantErr: "truncated GB18030"},
		{name: "NUL inside text", data: []byte("某区报告\n一、情况\x00说明"), wantErr: "NUL bytes at offset"},
		{
			name: "unknown labels",
			data: []byte("某区报告\n索引号\nA-1\n公开方式\n主动公开\n有效性\n有效\n责任部门：区司法局\n浏览量\n7\n\n正文第一段。\n"),
			check: func(t *testing.T, r Report) {
				want := map[string]string{"公开方式": "主动公开", "有效性": "有效", "责任部门": "区司法局"}
				if fmt.Sprint(r.Extra) != fmt.Sprint(want) || r.Views != 7 || r.Text != "正文第一段。" {
					t.Errorf("extra %v, views %d, text %q", r.Extra, r.Views, r.Text)
				}
			},
		},
		{
			name: "unknown label opens the block",
			data: []byte("某区报告\n公开方式\n主动公开\n点击量\n35次\n\n正文。\n"),
			check: func(t *testing.T, r Report) {
				if r.Extra["公开方式"] != "主动公开" || r.Views != 35 || r.Text != "正文。" {
					t.Errorf("extra %v, views %d, text %q", r.Extra, r.Views, r.Text)
				}
			},
		},
		{
			name: "no metadata and no sections",
			data: []byte("关于做好春季防火工作的通知\n各乡镇：\n请做好春季防火工作。\n"),
			check: func(t *testing.T, r Report) {
				if r.Title != "关于做好春季防火工作的通知" || len(r.Sections) != 0 || r.Text != "各乡镇：\n请做好春季防火工作。" {
					t.Errorf("title %q, %d sections, text %q", r.Title, len(r.Sections), r.Text)
				}
			},
		},
		{
			name: "one long paragraph",
			data: []byte(strings.Repeat("全区经济运行稳中向好", 20) + "。其余内容。"),
			check: func(t *testing.T, r Report) {
				if utf8.RuneCountInString(r.Title) != maxTitleRunes || !strings.HasSuffix(r.Text, "其余内容。") || !strings.HasPrefix(r.Text, "全区") {
					t.Errorf("title %q, text %q", r.Title, r.Text)
				}
			},
		},
		{
			name: "metadata before the title",
			data: []byte("标题：某区2021年度报告\n发布日期：2022年1月3日\n\n一、情况\n"),
			check: func(t *testing.T, r Report) {
				if r.Title != "某区2021年度报告" || r.Published != "2022-01-03" || r.Year != 2021 || len(r.Sections) != 1 {
					t.Errorf("title %q, published %q, year %d, sections %d", r.Title, r.Published, r.Year, len(r.Sections))
				}
			},
		},
		{
			name: "gbk text report",
			data: gb,
			check: func(t *testing.T, r Report) {
				if r.Encoding != "gb18030" || r.IndexNo != "123/2023-1" || r.Date != "2023-05-06" || len(r.Sections) != 2 {
					t.Errorf("encoding %q, index_no %q, date %q, %d sections", r.Encoding, r.IndexNo, r.Date, len(r.Sections))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := Read("hostile.txt", tt.data)
			if tt.wantErr != "" {
				var ie *InputError
				if len(docs) != 0 || len(errs) != 1 || !errors.As(errs[0], &ie) || ie.Source != "hostile.txt" ||
					!errors.Is(errs[0], ErrUnreadable) || !strings.Contains(errs[0].Error(), tt.wantErr) {
					t.Fatalf("Read = %d documents, %v; want one InputError containing %q", len(docs), errs, tt.wantErr)
				}
				return
			}
			if len(errs) != 0 || len(docs) != 1 {
				t.Fatalf("Read = %d documents, %v", len(docs), errs)
			}
			r := docs[0].Report
			checkSections(t, r.Text, r.Sections)
			tt.check(t, r)
		})
	}
}

// TestReadHuge reads a generated 50 MB text report: it must parse in
// reasonable time with every section found.
func TestReadHuge(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB input; skipped with -short")
	}
	var b strings.Builder
	b.WriteString("某区2023年度工作报告\n\n索引号\nX-1\n日期\n2023-12-01\n\n")
	para := strings.Repeat("全区上下齐心协力，推动各项工作取得新进展。", 20) + "\n"
	chapters := 0
	for b.Len() < 50<<20 {
		chapters++
		fmt.Fprintf(&b, "%s、第%d部分\n", cnNumeral((chapters-1)%99+1), chapters)
		for i := 1; i <= 9; i++ {
			fmt.Fprintf(&b, "（%s）分项%d。一是甲；二是乙。\n%s", cnNumeral(i), i, para)
		}
	}
	data := []byte(b.String())
	start := time.Now()
	docs, errs := Read("huge.txt", data)
	elapsed := time.Since(start)
	if len(errs) != 0 || len(docs) != 1 {
		t.Fatalf("Read = %d documents, %v", len(docs), errs)
	}
	r := docs[0].Report
	if want := chapters * 28; len(r.Sections) != want {
		t.Errorf("%d sections, want %d", len(r.Sections), want)
	}
	checkSections(t, r.Text, r.Sections[:100])
	if elapsed > 20*time.Second {
		t.Errorf("reading 50 MB took %v", elapsed)
	}
	t.Logf("50 MB, %d sections in %v", len(r.Sections), elapsed)
}

// cnNumeral writes 1..99 in Chinese numerals, for generated reports.
func cnNumeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

func FuzzReadTextReport(f *testing.F) {
	for _, name := range []string{"text-report.txt"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(string(data))
		}
	}
	f.Add("标题：某报告\n文号\n浏览量\n3\n一、甲\n")
	f.Add("索引号：\n")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // readers get decoded text only
		}
		docs, _ := readTextReport(input{Name: "fuzz.txt", Data: []byte(text), Text: text, Encoding: "utf-8"})
		for _, d := range docs {
			checkReport(t, d.Report)
		}
	})
}

func FuzzReadDateline(f *testing.F) {
	f.Add("政 府 工 作 报 告\n——2019年3月4日在某区第十五届人民代表大会第三次会议上\n某区人民政府区长  某某\n各位代表：\n一、回顾\n")
	f.Add("—2017年2月11日在会议上\n")
	f.Add("(2020年5月22日在第十三届全国人民代表大会第三次会议上)")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		looksLikeDateline(text)
		docs, _ := readDateline(input{Name: "fuzz.txt", Data: []byte(text), Text: text, Encoding: "utf-8"})
		for _, d := range docs {
			checkReport(t, d.Report)
		}
	})
}

// checkReport asserts what every parsed report must satisfy.
func checkReport(t *testing.T, r Report) {
	t.Helper()
	for _, s := range []string{r.Title, r.IndexNo, r.Agency, r.Catalog, r.DocNo, r.Date, r.Text} {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 in %+v", r)
		}
	}
	if r.Date != "" {
		if _, ok := NormalizeDate(r.Date); !ok {
			t.Fatalf("date %q is not YYYY-MM-DD", r.Date)
		}
	}
	checkSections(t, r.Text, r.Sections)
}
