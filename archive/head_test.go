package archive

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lantai/lantai/corpus"
)

func TestDecodeHead(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC)
	rec := record{ID: "0123456789abcdef", Key: `index_no:QX-"1"\2`, Versions: []Version{
		{SHA256: strings.Repeat("a", 64), MediaType: "text/plain; charset=utf-8", Source: "a/b.txt", IngestedAt: at,
			Report: corpus.Report{Title: `引号"和\反斜杠\"`, Text: "正文{[\"}]\\", Year: 2023, Sections: []corpus.Section{{ID: "1", Start: 0, End: 3}}, Extra: map[string]string{"k": "}"}}},
		{SHA256: strings.Repeat("b", 64), MediaType: "text/html", Source: "c.html#2", IngestedAt: at.Add(time.Hour)},
	}}
	compact, _ := json.Marshal(rec)
	indented, _ := json.MarshalIndent(rec, "", "  ")
	reordered := []byte(`{"versions":[{"report":{"title":"x"},"source":"s","sha256":"` + strings.Repeat("c", 64) + `","extra":[1,true,null,{"a":-2.5e3}]}],"other":null,"key":"source:s","id":"x"}`)
	tests := []struct {
		name string
		in   []byte
		fast bool // the fast path handles it
	}{
		{"compact", compact, true},
		{"indented", indented, true},
		{"reordered with unknown fields", reordered, true},
		{"escaped key", []byte(`{"i\u0064":"x","key":"k","versions":[]}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want recordHead
			if err := json.Unmarshal(tt.in, &want); err != nil {
				t.Fatal(err)
			}
			s := headScanner{b: tt.in}
			fast, ok := s.head()
			if ok != tt.fast {
				t.Errorf("fast path ok = %v, want %v", ok, tt.fast)
			}
			got, err := decodeHead(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, want) || (ok && !reflect.DeepEqual(*fast, want)) {
				t.Errorf("decodeHead = %+v, want %+v", got, want)
			}
		})
	}
	for _, bad := range []string{"", "{", `{"id":"x"`, `{"id":"x",}`, `{"id":"x"} trailing`, string(compact[:len(compact)/2])} {
		if _, err := decodeHead([]byte(bad)); err == nil {
			t.Errorf("decodeHead(%q) succeeded", bad)
		}
	}
}

// sameHead reports whether two heads say the same; times are compared as
// instants, since a time's location does not survive encoding.
func sameHead(a, b *recordHead) bool {
	if a.ID != b.ID || a.Key != b.Key || len(a.Versions) != len(b.Versions) {
		return false
	}
	for i, v := range a.Versions {
		w := b.Versions[i]
		if v.SHA256 != w.SHA256 || v.MediaType != w.MediaType || v.Source != w.Source || !v.IngestedAt.Equal(w.IngestedAt) {
			return false
		}
	}
	return true
}

// FuzzDecodeHead feeds decodeHead arbitrary bytes. It must never panic,
// and a head it accepts must survive a round trip: written back as a
// record (report included, its text made of the fuzzed strings), it is
// taken by the fast scanner, not left to encoding/json, and decodes to the
// same head. Where the fast scanner accepts valid JSON, it must also agree
// with encoding/json.
func FuzzDecodeHead(f *testing.F) {
	rec := record{ID: "0123456789abcdef", Key: `index_no:QX-"1"\2`, Versions: []Version{{
		SHA256: strings.Repeat("a", 64), MediaType: "text/plain; charset=utf-8", Source: `a\"b.txt`,
		IngestedAt: time.Date(2024, 5, 6, 7, 8, 9, 10, time.FixedZone("", 8*3600)),
		Report:     corpus.Report{Text: `a"b\c`, Sections: []corpus.Section{{ID: "1", Text: "}"}}},
	}}}
	b, _ := json.Marshal(rec)
	f.Add(b)
	if enc, err := encodeRecord(&rec); err == nil {
		f.Add(enc)
	}
	f.Add([]byte(`{"id":"x","versions":[{"report":[1,{"a":"]"}]}]}`))
	f.Add([]byte(`{"ID":"x","Key":"k\u0041","versions":[{"ingested_at":"2024-01-02T03:04:05-07:30"}]}`))
	f.Add([]byte(`{"id":"x","key":"\\","versions":null}`))
	f.Add([]byte(`{"id":"x","key":"\\","versions":[{"source":"\\\"}\\","sha256":"` + strings.Repeat("b", 64) + `"}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		h, err := decodeHead(in)
		if err != nil {
			return
		}
		s := headScanner{b: in}
		fast, ok := s.head()
		var strict recordHead
		if ok && json.Unmarshal(in, &strict) == nil && !sameHead(fast, &strict) {
			t.Errorf("fast %+v, strict %+v", fast, strict)
		}
		if len(h.Versions) == 0 {
			return // no record is written without a version, and checkHead refuses one
		}
		rec := record{ID: h.ID, Key: h.Key}
		for _, v := range h.Versions {
			rec.Versions = append(rec.Versions, Version{SHA256: v.SHA256, MediaType: v.MediaType, Source: v.Source, IngestedAt: v.IngestedAt,
				Report: corpus.Report{ID: h.ID, Source: v.Source, Text: h.Key + v.Source, Extra: map[string]string{v.MediaType: h.ID}}})
		}
		enc, err := encodeRecord(&rec)
		if err != nil {
			t.Fatalf("the head %+v was accepted but does not encode: %v", h, err)
		}
		line, _ := splitRecord(enc)
		again := headScanner{b: line}
		back, ok := again.head()
		if !ok {
			t.Fatalf("the fast scanner refuses %s, the encoding of a head it accepted", enc)
		}
		if !sameHead(h, back) {
			t.Errorf("round trip: %+v became %+v (through %s)", h, back, enc)
		}
	})
}
