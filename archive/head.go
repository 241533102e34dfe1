package archive

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// decodeHead decodes a record without its reports. encoding/json checks
// every byte of the report texts, at roughly 100 MB/s: most of the time of
// opening an archive. headScanner skips them with bytes.IndexByte instead;
// whatever it does not expect goes to the strict decoder, which then
// names the damage.
func decodeHead(b []byte) (*recordHead, error) {
	b, _ = splitRecord(b)
	s := headScanner{b: b}
	if h, ok := s.head(); ok {
		return h, nil
	}
	var h recordHead
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// headScanner walks the JSON of a record just far enough to find its head
// fields, skipping other values without decoding them.
type headScanner struct {
	b []byte
	i int
}

func (s *headScanner) head() (*recordHead, bool) {
	var h recordHead
	ok := s.object(func(key string) bool {
		switch key {
		case "id":
			return s.decode(&h.ID)
		case "key":
			return s.decode(&h.Key)
		case "versions":
			return s.array(func() bool {
				var v versionHead
				ok := s.object(func(key string) bool {
					switch key {
					case "sha256":
						return s.decode(&v.SHA256)
					case "media_type":
						return s.decode(&v.MediaType)
					case "source":
						return s.decode(&v.Source)
					case "ingested_at":
						return s.decode(&v.IngestedAt)
					}
					return s.skip()
				})
				h.Versions = append(h.Versions, v)
				return ok
			})
		}
		return s.skip()
	})
	s.space()
	return &h, ok && s.i == len(s.b)
}

func (s *headScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// consume skips spaces and then c, reporting whether c was there.
func (s *headScanner) consume(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object walks an object, calling field with each key; field must consume
// the value.
func (s *headScanner) object(field func(key string) bool) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	for {
		s.space()
		start := s.i
		if s.i >= len(s.b) || s.b[s.i] != '"' || !s.skipString() {
			return false
		}
		key, plain := asciiKey(s.b[start+1 : s.i-1])
		if !plain || !s.consume(':') || !field(key) {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume('}')
	}
}

// array walks an array, calling elem to consume each element.
func (s *headScanner) array(elem func() bool) bool {
	if !s.consume('[') {
		return false
	}
	if s.consume(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume(']')
	}
}

// decode unmarshals the next value, which is small, into v.
func (s *headScanner) decode(v any) bool {
	s.space()
	start := s.i
	return s.skip() && json.Unmarshal(s.b[start:s.i], v) == nil
}

// skip passes over the next value without decoding it.
func (s *headScanner) skip() bool {
	s.space()
	depth := 0
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			if !s.skipString() {
				return false
			}
			if depth == 0 {
				return true
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth < 0 {
				return false
			}
			if depth == 0 {
				s.i++
				return true
			}
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return false
			}
		default:
			if depth == 0 {
				// A number or literal runs to the next delimiter.
				start := s.i
				for s.i < len(s.b) && !isDelimiter(s.b[s.i]) {
					s.i++
				}
				return s.i > start
			}
		}
		s.i++
	}
	return false
}

// asciiKey lower-cases an object key, as encoding/json matches keys
// without regard to case; keys with escapes or non-ASCII letters (which
// fold in subtler ways) are left to encoding/json.
func asciiKey(raw []byte) (string, bool) {
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			return "", false
		}
	}
	return strings.ToLower(string(raw)), true
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// skipString passes over the string starting at s.i (a quote).
func (s *headScanner) skipString() bool {
	j := s.i + 1
	for {
		k := bytes.IndexByte(s.b[j:], '"')
		if k < 0 {
			return false
		}
		j += k
		backslashes := 0
		for p := j - 1; p > s.i && s.b[p] == '\\'; p-- {
			backslashes++
		}
		j++
		if backslashes%2 == 0 {
			s.i = j
			return true
		}
	}
}
