package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/lantai/lantai/internal/testcorpus"
)

// gbk encodes s as GB18030 for tests.
func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	const zh = "政府工作报告\r\n各位代表：\r现在，我代表区人民政府向大会报告工作。\n"
	const want = "政府工作报告\n各位代表：\n现在，我代表区人民政府向大会报告工作。\n"
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
	utf := []byte(want)
	gb := gbk(t, want)
	tests := []struct {
		name    string
		in      []byte
		want    string
		enc     string
		wantErr string
	}{
		{name: "utf-8", in: []byte(zh), want: want, enc: "utf-8"},
		{name: "utf-8 with BOM", in: append([]byte("\xef\xbb\xbf"), zh...), want: want, enc: "utf-8-bom"},
		{name: "ascii", in: []byte("plain text"), want: "plain text", enc: "utf-8"},
		{name: "gbk", in: gbk(t, zh), want: want, enc: "gb18030"},
		{name: "gb18030 four-byte", in: gbk(t, "报告€䶮𠀀文字工作政府"), want: "报告€䶮𠀀文字工作政府", enc: "gb18030"},
		{name: "png", in: png, wantErr: "binary data (NUL bytes at offset 8)"},
		{name: "stray NUL", in: []byte("政府工作\x00报告"), wantErr: "binary data (NUL bytes at offset 12)"},
		{name: "utf-16", in: []byte("\xff\xfe\x3f\x65"), wantErr: "UTF-16"},
		{name: "truncated utf-8", in: utf[:len(utf)-2], wantErr: "truncated UTF-8 sequence at end of file"},
		{name: "truncated utf-8 with BOM", in: append([]byte("\xef\xbb\xbf"), utf[:len(utf)-2]...), wantErr: "truncated UTF-8 sequence at end of file"},
		{name: "truncated gbk", in: gb[:len(gb)-2], wantErr: "truncated GB18030 sequence at end of file"},
		{name: "invalid byte", in: []byte("abc\xff政府"), wantErr: "not valid UTF-8 or GB18030 (invalid byte 0xff at offset 3)"},
		{name: "random pairs", in: []byte("\x81\x40\x82\x41\x83\x42\x84\x43\xfe\x50\xfd\x60\x90\x90"), wantErr: "does not look like Chinese text"},
		{name: "replacement characters", in: []byte("政府\ufffd报告"), wantErr: "U+FFFD"},
		{name: "control characters", in: []byte("ab\x01\x02\x03\x04cd"), wantErr: "binary data (4 control characters"},
		{name: "one DOS EOF", in: []byte("各位代表：现在，我代表区人民政府向大会报告工作。\x1a"), want: "各位代表：现在，我代表区人民政府向大会报告工作。\x1a", enc: "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, enc, err := Decode(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrUnreadable) {
					t.Fatalf("Decode error = %v, want ErrUnreadable containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if text != tt.want || enc != tt.enc {
				t.Errorf("Decode = %q, %q; want %q, %q", text, enc, tt.want, tt.enc)
			}
		})
	}
}

// TestDecodeHailar checks the real GBK files of the corpus decode as GB18030.
func TestDecodeHailar(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testcorpus.Dir(t), "hailar-district-gov-work-reports", "reportData", "*.txt"))
	if len(files) != 8 {
		t.Fatalf("found %d Hailar reports, want 8", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, enc, err := Decode(data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if enc != "gb18030" || strings.ContainsAny(text, "\r\ufffd") || !strings.Contains(text, "海拉尔") {
			t.Errorf("%s: encoding %q, or text has CR/U+FFFD/no 海拉尔", f, enc)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("政府工作报告\r\n一、总体情况"))
	f.Add(gbk(f, "政府工作报告\r\n一、总体情况"))
	f.Add([]byte("\xef\xbb\xbf各位代表"))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00"))
	f.Add([]byte("\x81\x30\x81"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, enc, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("error %v does not wrap ErrUnreadable", err)
			}
			return
		}
		if !utf8.ValidString(text) || strings.ContainsAny(text, "\r\ufffd\x00") {
			t.Fatalf("Decode(%q) = %q: invalid UTF-8, CR, NUL or U+FFFD", data, text)
		}
		if enc != "utf-8" && enc != "utf-8-bom" && enc != "gb18030" {
			t.Fatalf("encoding %q", enc)
		}
	})
}
