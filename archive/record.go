package archive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/lantai/lantai/corpus"
)

// Version is one stored version of a report: an original and what was
// parsed from it.
type Version struct {
	// SHA256 is the content address of the original.
	SHA256 string `json:"sha256"`
	// MediaType is the content type the original is served with.
	MediaType string `json:"media_type"`
	// Source is where this version was read from.
	Source string `json:"source"`
	// IngestedAt is when this version was stored (UTC).
	IngestedAt time.Time `json:"ingested_at"`
	// Report is the report parsed from this version's original.
	Report corpus.Report `json:"report"`
}

// record is a report's versions as the archive stores them: in a pack, or
// as reports/<id>.json in the old layout. Versions run oldest first; the
// last one is the report's current state.
type record struct {
	ID       string    `json:"id"`
	Key      string    `json:"key"`
	Versions []Version `json:"versions"`
}

// storedRecord is the JSON form of a record. A section's text is nearly
// always a piece of its report's text, which the record holds anyway, so
// it is stored as where it lies in the report's text: that halves the
// bytes to encode, write and decode.
type storedRecord struct {
	ID       string          `json:"id"`
	Key      string          `json:"key"`
	Versions []storedVersion `json:"versions"`
}

type storedVersion struct {
	Version
	Report storedReport `json:"report"`
}

type storedReport struct {
	corpus.Report
	Sections []storedSection `json:"sections"`
	// RawText is the length of the report's text when it is stored after
	// the record's JSON line rather than in it (Text is then empty).
	RawText int `json:"raw_text,omitempty"`
}

// storedSection is a Section whose Text is either stored (Text set) or
// found at TextAt, TextLen bytes long, in the report's text. Records of
// the old layout store every text; they decode the same way.
type storedSection struct {
	corpus.Section
	Text    *string `json:"text,omitempty"`
	TextAt  int     `json:"text_at,omitempty"`
	TextLen int     `json:"text_len,omitempty"`
}

// encodeRecord is rec's JSON, one line ended by a newline with HTML
// characters unescaped, followed by the texts of its versions' reports,
// back to back and as they are (each version's raw_text gives its
// length). JSON would escape a text and its decoder check and unescape
// every byte again: at ~100 MB/s, that was most of the time of reading a
// record, which every search hit does. No JSON string holds a raw
// newline, so the first one ends the JSON.
func encodeRecord(rec *record) ([]byte, error) {
	out := storedRecord{ID: rec.ID, Key: rec.Key, Versions: make([]storedVersion, len(rec.Versions))}
	for i, v := range rec.Versions {
		sv := storedVersion{Version: v, Report: storedReport{Report: v.Report}}
		sv.Version.Report = corpus.Report{}
		if v.Report.Sections != nil {
			sv.Report.Sections = make([]storedSection, len(v.Report.Sections))
		}
		for j, s := range v.Report.Sections {
			ss := storedSection{Section: s}
			if at := sectionTextAt(v.Report.Text, s); at >= 0 {
				ss.TextAt, ss.TextLen = at, len(s.Text)
			} else {
				ss.Text = &v.Report.Sections[j].Text
			}
			ss.Section.Text = ""
			sv.Report.Sections[j] = ss
		}
		sv.Report.RawText, sv.Report.Text = len(v.Report.Text), ""
		out.Versions[i] = sv
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return nil, err
	}
	for _, v := range rec.Versions {
		buf.WriteString(v.Report.Text)
	}
	return buf.Bytes(), nil
}

// sectionTextAt is where s.Text lies in text, looked for within the
// section's span, or -1.
func sectionTextAt(text string, s corpus.Section) int {
	if s.Text == "" {
		return -1
	}
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return -1
	}
	if i := strings.Index(text[s.Start:s.End], s.Text); i >= 0 {
		return s.Start + i
	}
	return -1
}

// decodeRecord decodes what encodeRecord wrote, or a record of the old
// layout.
func decodeRecord(b []byte) (record, error) {
	line, texts := splitRecord(b)
	var in storedRecord
	// goccy/go-json decodes the same JSON into the same values 4× faster
	// than encoding/json (BenchmarkRecordDecode): a record is read for
	// every search hit.
	if err := gojson.Unmarshal(line, &in); err != nil {
		return record{}, err
	}
	rec := record{ID: in.ID, Key: in.Key, Versions: make([]Version, len(in.Versions))}
	for i, sv := range in.Versions {
		v := sv.Version
		v.Report = sv.Report.Report
		if n := sv.Report.RawText; n != 0 {
			if n < 0 || n > len(texts) || v.Report.Text != "" {
				return record{}, fmt.Errorf("version %d: raw_text %d with %d bytes of texts left", i+1, n, len(texts))
			}
			v.Report.Text, texts = string(texts[:n]), texts[n:]
		}
		if sv.Report.Sections != nil {
			v.Report.Sections = make([]corpus.Section, len(sv.Report.Sections))
		}
		for j, ss := range sv.Report.Sections {
			s := ss.Section
			switch {
			case ss.Text != nil:
				s.Text = *ss.Text
			case ss.TextLen > 0:
				if ss.TextAt < 0 || ss.TextAt > len(v.Report.Text) || ss.TextLen > len(v.Report.Text)-ss.TextAt {
					return record{}, fmt.Errorf("section %s: text_at %d and text_len %d lie outside the report's %d bytes of text", s.ID, ss.TextAt, ss.TextLen, len(v.Report.Text))
				}
				s.Text = v.Report.Text[ss.TextAt : ss.TextAt+ss.TextLen]
			}
			v.Report.Sections[j] = s
		}
		rec.Versions[i] = v
	}
	if len(texts) != 0 {
		return record{}, fmt.Errorf("%d bytes follow the texts of its versions", len(texts))
	}
	return rec, nil
}

// splitRecord is a stored record's JSON line and the texts after it. A
// record of the old layouts is JSON alone, ended by a newline or not, and
// a loose file of the oldest may be indented over several lines: only a
// first line that gives a raw_text is cut there.
func splitRecord(b []byte) (line, texts []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 && bytes.Contains(b[:i], rawTextKey) {
		return b[:i+1], b[i+1:]
	}
	return b, nil
}

var rawTextKey = []byte(`"raw_text":`)
