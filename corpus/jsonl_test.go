package corpus

import (
	"strings"
	"testing"
)

func TestReadJSONLGolden(t *testing.T) {
	docs, errs := readRowFixture(t, "export.jsonl", "export.jsonl", "jsonl-export")
	if len(docs) != 3 || len(errs) != 0 {
		t.Fatalf("got %d documents and errors %v, want 3 and none", len(docs), errs)
	}
	kept, parsed, fixed := docs[0].Report, docs[1].Report, docs[2].Report
	if kept.ID != "" || kept.Extra["original_id"] != "r-0001" || kept.Extra["original_sha256"] == "" || kept.Source != "corpus/seed/qinghe-2030.txt" {
		t.Errorf("line 1: id %q extra %v source %q", kept.ID, kept.Extra, kept.Source)
	}
	if kept.Format != FormatJSONL || kept.DocNoNorm != "清政办发〔2031〕3号" || kept.Published != "2031-02-05" || len(kept.Sections) != 2 {
		t.Errorf("line 1: format %q doc no %q published %q sections %d", kept.Format, kept.DocNoNorm, kept.Published, len(kept.Sections))
	}
	if parsed.Date != "2031-04-01" || len(parsed.Sections) == 0 || parsed.Extra["original_sha256"] != "" {
		t.Errorf("line 2: date %q, %d sections, extra %v", parsed.Date, len(parsed.Sections), parsed.Extra)
	}
	if fixed.Source != "export.jsonl#3" || fixed.Date != "2031-01-15" || len(fixed.Sections) != 1 || fixed.Sections[0].End > len(fixed.Text) {
		t.Errorf("line 3: source %q date %q sections %+v", fixed.Source, fixed.Date, fixed.Sections)
	}
}

func TestReadJSONLHostile(t *testing.T) {
	data := []byte("{\"title\":\"清河县通知\",\"date\":\"不是日期\",\"year\":-5}\nnot json\n[1,2]\n{\"views\":3}\n\n{\"title\":\"东光县通知\",\"sections\":[{\"id\":\"1\",\"level\":1,\"start\":2,\"end\":1}]}\r\n{\"title\":")
	docs, errs := Read("x.jsonl", data)
	checkRowInvariants(t, data, docs, errs)
	if len(docs) != 2 {
		t.Fatalf("got %d documents, want 2", len(docs))
	}
	if r := docs[0].Report; r.Date != "" || r.Extra["original_date"] != "不是日期" || r.Year != 0 {
		t.Errorf("line 1: date %q extra %v year %d", r.Date, r.Extra, r.Year)
	}
	if r := docs[1].Report; len(r.Sections) != 0 || string(docs[1].Original) != "{\"title\":\"东光县通知\",\"sections\":[{\"id\":\"1\",\"level\":1,\"start\":2,\"end\":1}]}" {
		t.Errorf("line 6: sections %+v original %q", r.Sections, docs[1].Original)
	}
	want := []string{
		"x.jsonl#2: line 2: invalid JSON: invalid character 'o' in literal null",
		"x.jsonl#3: line 3: invalid JSON: json: cannot unmarshal array",
		"x.jsonl#4: line 4: the record has neither a title nor a text",
		"x.jsonl#7: line 7: invalid JSON: unexpected end of JSON input",
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %v, want %d", errs, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %q, want prefix %q", errs[i], w)
		}
	}
}

func TestSectionsFit(t *testing.T) {
	text := "一、总体情况\n正文。"
	tests := []struct {
		name string
		s    Section
		want bool
	}{
		{"whole text", Section{Level: 1, Start: 0, End: len(text)}, true},
		{"empty span", Section{Level: 1, Start: 3, End: 3}, true},
		{"past the end", Section{Level: 1, Start: 0, End: len(text) + 1}, false},
		{"negative", Section{Level: 1, Start: -1, End: 3}, false},
		{"reversed", Section{Level: 1, Start: 6, End: 3}, false},
		{"inside a character", Section{Level: 1, Start: 1, End: 3}, false},
		{"no level", Section{Start: 0, End: 3}, false},
	}
	for _, tt := range tests {
		if got := sectionsFit([]Section{tt.s}, text); got != tt.want {
			t.Errorf("%s: sectionsFit = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func FuzzReadJSONL(f *testing.F) {
	addFuzzFixtures(f, "export.jsonl")
	f.Add([]byte("{\"title\":\"a\",\"text\":\"一、b\",\"sections\":[{\"level\":1,\"start\":0,\"end\":99}]}\nnull\n{}\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.jsonl", data) })
}

// TestJSONLDropsFileDescriptions: an exported line describes attached
// files whose bytes it does not carry; importing it must not claim them.
func TestJSONLDropsFileDescriptions(t *testing.T) {
	line := `{"id":"0123456789abcdef","title":"附件报告","text":"一、总体情况\n内容。","parent_id":"fedcba9876543210","files":[{"name":"a.pdf","sha256":"` + strings.Repeat("ab", 32) + `","media_type":"application/pdf","bytes":10}]}` + "\n"
	docs, errs := Read("export.jsonl", []byte(line))
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatal(errs)
	}
	r := docs[0].Report
	if len(r.Files) != 0 || r.ParentID != "" || r.Extra["original_parent_id"] != "fedcba9876543210" {
		t.Errorf("files %+v, parent %q, extra %v", r.Files, r.ParentID, r.Extra)
	}
}
