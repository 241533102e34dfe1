package archive

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lantai/lantai/corpus"
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
