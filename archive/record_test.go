package archive

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/samples"
)

func TestRecordRoundTrip(t *testing.T) {
	text := "一、总体情况\n今年完成了工作。\n二、存在问题\n问题不少。"
	sections := []corpus.Section{
		{ID: "1", Level: 1, Number: "一、", Heading: "总体情况", Text: "今年完成了工作。", Start: 0, End: strings.Index(text, "二、")},
		{ID: "2", Level: 1, Number: "二、", Heading: "存在问题", Text: "问题不少。", Start: strings.Index(text, "二、"), End: len(text)},
		{ID: "3", Level: 1, Number: "三、", Heading: "无正文", Text: "", Start: len(text), End: len(text)},
		// A text the parser rewrote (not a piece of the report's text) is stored as it is.
		{ID: "4", Level: 2, Number: "（一）", Heading: "改写", Text: "改写过的文字", Start: 0, End: 5},
		// Offsets outside the text are stored as they are, too.
		{ID: "5", Level: 2, Number: "（二）", Heading: "越界", Text: "越界", Start: 3, End: 1 << 20},
	}
	at := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	rec := record{ID: "0123456789abcdef", Key: "source:a.txt", Versions: []Version{
		{SHA256: strings.Repeat("a", 64), MediaType: "text/plain", Source: "a.txt", IngestedAt: at, Report: corpus.Report{Title: "无章节", Text: "正文"}},
		{SHA256: strings.Repeat("b", 64), MediaType: "text/plain", Source: "a.txt", IngestedAt: at, Report: corpus.Report{Title: "空章节", Text: "正文", Sections: []corpus.Section{}}},
		{SHA256: strings.Repeat("c", 64), MediaType: "text/plain", Source: "a.txt", IngestedAt: at, Report: corpus.Report{Title: "有章节", Text: text, Sections: sections}},
	}}
	b, err := encodeRecord(&rec)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"今年完成了工作。"`) {
		t.Errorf("a section's text that lies in the report's text is stored twice: %s", b)
	}
	got, err := decodeRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rec) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, rec)
	}

	// A record of the old layout stores every text and decodes the same.
	legacy, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decodeRecord(legacy); err != nil || !reflect.DeepEqual(got, rec) {
		t.Errorf("old layout: %v\n got %+v\nwant %+v", err, got, rec)
	}

	damaged := strings.Replace(string(b), `"text_at":`, `"text_at":9999`, 1)
	if _, err := decodeRecord([]byte(damaged)); err == nil || !strings.Contains(err.Error(), "text_at") {
		t.Errorf("offsets outside the text: err = %v", err)
	}
}

// TestRecordRawTexts: texts after the JSON line keep every byte (line
// breaks, a record's own markers), and a record whose lengths disagree
// with what follows is refused, not cut.
func TestRecordRawTexts(t *testing.T) {
	tricky := "第一行\n{\"id\":\"0123456789abcdef\",\"raw_text\":3}\n\r\x00末行"
	rec := record{ID: "0123456789abcdef", Key: "source:b.txt", Versions: []Version{
		{SHA256: strings.Repeat("a", 64), Source: "b.txt", Report: corpus.Report{Title: `"raw_text":1`, Text: tricky}},
		{SHA256: strings.Repeat("b", 64), Source: "b.txt", Report: corpus.Report{Title: "空"}},
		{SHA256: strings.Repeat("c", 64), Source: "b.txt", Report: corpus.Report{Title: "又一版", Text: "正文\n"}},
	}}
	b, err := encodeRecord(&rec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(b), "\n"+tricky+"正文\n") {
		t.Fatalf("the texts are not stored raw after the JSON line: %q", b)
	}
	got, err := decodeRecord(b)
	if err != nil || !reflect.DeepEqual(got, rec) {
		t.Fatalf("round trip: %v\n got %+v\nwant %+v", err, got, rec)
	}
	for name, bad := range map[string][]byte{
		"cut short":     b[:len(b)-1],
		"bytes after":   append(append([]byte{}, b...), 'x'),
		"negative size": []byte(strings.Replace(string(b), `"raw_text":`+strconv.Itoa(len(tricky)), `"raw_text":-1`, 1)),
	} {
		if _, err := decodeRecord(bad); err == nil {
			t.Errorf("%s: decoded without an error", name)
		}
	}
}

// BenchmarkRecordDecode decodes the record of a sample report as stored
// now and as the JSON of the old layout.
func BenchmarkRecordDecode(b *testing.B) {
	rec := sampleRecordForBench(b)
	stored, err := encodeRecord(&rec)
	if err != nil {
		b.Fatal(err)
	}
	legacy, err := json.Marshal(rec)
	if err != nil {
		b.Fatal(err)
	}
	for name, enc := range map[string][]byte{"raw": stored, "json": legacy} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(rec.Versions[0].Report.Text)))
			for b.Loop() {
				if _, err := decodeRecord(enc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// sampleRecordForBench is the record of the longest sample report.
func sampleRecordForBench(b *testing.B) record {
	dir := b.TempDir()
	paths, err := samples.WriteTo(dir)
	if err != nil {
		b.Fatal(err)
	}
	var longest corpus.Report
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs, errs := corpus.Read(filepath.Base(p), data)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		for _, d := range docs {
			if len(d.Report.Text) > len(longest.Text) {
				longest = d.Report
			}
		}
	}
	return record{ID: "0123456789abcdef", Key: "k", Versions: []Version{{SHA256: strings.Repeat("a", 64), Report: longest}}}
}

// FuzzDecodeRecord: whatever a damaged pack hands it, decodeRecord errs
// or returns a record whose encoding decodes to itself. (Not to the first
// record exactly, nor in one step: invalid UTF-8 in a JSON string, which
// encodeRecord never writes, is escaped as U+FFFD by the encoder.)
func FuzzDecodeRecord(f *testing.F) {
	rec := record{ID: "0123456789abcdef", Key: "k", Versions: []Version{{SHA256: strings.Repeat("a", 64),
		Report: corpus.Report{Title: "题", Text: "一、总体\n正文。", Sections: []corpus.Section{{ID: "1", Level: 1, Number: "一、", Heading: "总体", Text: "正文。", Start: 0, End: 17}}}}}}
	b, err := encodeRecord(&rec)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	legacy, _ := json.Marshal(rec)
	f.Add(legacy)
	f.Add([]byte(`{"id":"x","versions":[{"report":{"raw_text":3}}]}` + "\nabc"))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := decodeRecord(in)
		if err != nil {
			return
		}
		enc, err := encodeRecord(&got)
		if err != nil {
			t.Fatalf("a decoded record does not encode: %v", err)
		}
		back, err := decodeRecord(enc)
		if err != nil {
			t.Fatalf("its encoding does not decode: %v\n%q", err, enc)
		}
		again, err := encodeRecord(&back)
		if err != nil {
			t.Fatal(err)
		}
		if back2, err := decodeRecord(again); err != nil || !reflect.DeepEqual(back2, back) {
			t.Errorf("round trip: %v\n got %+v\nwant %+v", err, back2, back)
		}
	})
}
