package corpus

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encodings reported by Decode and recorded in Report.Encoding.
const (
	EncodingUTF8    = "utf-8"
	EncodingUTF8BOM = "utf-8-bom"
	EncodingGB18030 = "gb18030"
)

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// Decode turns the bytes of a text file into UTF-8 text with LF line ends
// and names the encoding it found: "utf-8", "utf-8-bom" (the BOM is
// stripped) or "gb18030" (which covers GBK and GB2312, as many Chinese
// government files are still written).
//
// It refuses, with an error wrapping ErrUnreadable that says what is wrong
// and where, binary data (NUL bytes, a high share of control characters),
// UTF-16, truncated files whose last character was cut, and bytes that are
// neither UTF-8 nor GB18030. GB18030 is only accepted when the result reads
// like Chinese text, because almost any byte string decodes as something in
// it. The returned text never contains U+FFFD.
func Decode(data []byte) (text, encoding string, err error) {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return "", "", fmt.Errorf("%w: UTF-16 text is not supported (convert the file to UTF-8)", ErrUnreadable)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", "", fmt.Errorf("%w: binary data (NUL bytes at offset %d)", ErrUnreadable, i)
	}
	encoding = EncodingUTF8
	body := data
	if bytes.HasPrefix(data, utf8BOM) {
		encoding = EncodingUTF8BOM
		body = data[len(utf8BOM):]
	}
	switch {
	case utf8.Valid(body):
		text = string(body)
	case encoding == EncodingUTF8BOM:
		return "", "", utf8Error(body, len(utf8BOM))
	default:
		if err := truncatedUTF8(body); err != nil {
			return "", "", err
		}
		text, err = decodeGB18030(body)
		if err != nil {
			return "", "", err
		}
		encoding = EncodingGB18030
	}
	// text is valid UTF-8 here, so a byte search finds exactly the U+FFFD
	// characters, without decoding every rune as IndexRune would.
	if i := strings.Index(text, string(utf8.RuneError)); i >= 0 {
		return "", "", fmt.Errorf("%w: the text contains U+FFFD replacement characters (first at character offset %d): it was damaged by an earlier conversion", ErrUnreadable, utf8.RuneCountInString(text[:i]))
	}
	if err := checkControls(text); err != nil {
		return "", "", err
	}
	return foldLineEnds(text), encoding, nil
}

// utf8Error describes the first invalid UTF-8 in b, whose offsets are
// shifted by base (the length of a stripped BOM).
func utf8Error(b []byte, base int) error {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(b[i:]) {
				return fmt.Errorf("%w: truncated UTF-8 sequence at end of file (offset %d)", ErrUnreadable, base+i)
			}
			return fmt.Errorf("%w: not valid UTF-8 (invalid byte 0x%02x at offset %d)", ErrUnreadable, b[i], base+i)
		}
		i += size
	}
	return nil
}

// truncatedUTF8 recognises a UTF-8 file whose last character was cut off:
// everything before the cut is valid UTF-8 with some non-ASCII text in it,
// and the rest is the start of a multi-byte sequence. Reading it as
// GB18030 instead would produce garbage, so it gets its own error.
func truncatedUTF8(b []byte) error {
	for k := 1; k <= 3 && k < len(b); k++ {
		head, tail := b[:len(b)-k], b[len(b)-k:]
		if utf8.RuneStart(tail[0]) && !utf8.FullRune(tail) && utf8.Valid(head) && !isASCII(head) {
			return fmt.Errorf("%w: truncated UTF-8 sequence at end of file (offset %d)", ErrUnreadable, len(head))
		}
	}
	return nil
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// gb18030Char returns the length of the GB18030 character at the start of b,
// or 0 when b does not start with a valid one and truncated when b ends
// inside it. It checks structure only; mapping is left to x/text.
func gb18030Char(b []byte) (size int, truncated bool) {
	c0 := b[0]
	switch {
	case c0 < 0x80:
		return 1, false
	case c0 == 0x80 || c0 == 0xff:
		return 0, false
	case len(b) < 2:
		return 0, true
	}
	c1 := b[1]
	switch {
	case (0x40 <= c1 && c1 <= 0x7e) || (0x80 <= c1 && c1 <= 0xfe):
		return 2, false
	case 0x30 <= c1 && c1 <= 0x39:
		if len(b) < 4 {
			if len(b) == 3 && (b[2] < 0x81 || b[2] == 0xff) {
				return 0, false
			}
			return 0, true
		}
		if b[2] >= 0x81 && b[2] <= 0xfe && b[3] >= 0x30 && b[3] <= 0x39 {
			return 4, false
		}
	}
	return 0, false
}

// decodeGB18030 decodes b as GB18030 if every character is well formed and
// mapped and the text looks like Chinese: most double-byte characters lie
// in the GB2312 area (common hanzi and punctuation), where under a third of
// random byte pairs fall.
func decodeGB18030(b []byte) (string, error) {
	var double, common int
	for i := 0; i < len(b); {
		size, truncated := gb18030Char(b[i:])
		switch {
		case truncated:
			return "", fmt.Errorf("%w: truncated GB18030 sequence at end of file (byte 0x%02x at offset %d)", ErrUnreadable, b[i], i)
		case size == 0:
			return "", fmt.Errorf("%w: not valid UTF-8 or GB18030 (invalid byte 0x%02x at offset %d)", ErrUnreadable, b[i], i)
		case size == 2:
			double++
			if b[i] >= 0xa1 && b[i] <= 0xf7 && b[i+1] >= 0xa1 {
				common++
			}
		case size == 4:
			double++
		}
		i += size
	}
	if double > 0 && common*10 < double*7 {
		return "", fmt.Errorf("%w: not valid UTF-8, and read as GB18030 it does not look like Chinese text (%d of %d characters are common hanzi or punctuation)", ErrUnreadable, common, double)
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("%w: not valid GB18030: %v", ErrUnreadable, err)
	}
	text := string(out)
	if strings.Contains(text, string(utf8.RuneError)) { // the decoder's output is valid UTF-8
		return "", fmt.Errorf("%w: not valid UTF-8 or GB18030 (unmapped GB18030 character at offset %d)", ErrUnreadable, firstUnmapped(b))
	}
	return text, nil
}

// firstUnmapped finds the offset of the first well-formed GB18030 character
// that x/text cannot map; it runs only on the error path.
func firstUnmapped(b []byte) int {
	dec := simplifiedchinese.GB18030.NewDecoder()
	for i := 0; i < len(b); {
		size, _ := gb18030Char(b[i:])
		if size == 0 {
			return i
		}
		out, err := dec.Bytes(b[i : i+size])
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			return i
		}
		i += size
	}
	return len(b)
}

// checkControls refuses text with many control characters: that is binary
// data which happened to decode. A few strays (a DOS ^Z at the end, a form
// feed) are tolerated.
func checkControls(text string) error {
	// Control characters are single bytes, and no byte of a multi-byte
	// UTF-8 character is below 0x80: a byte loop finds them all.
	controls, first := 0, -1
	for i := 0; i < len(text); i++ {
		if c := text[i]; (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7f {
			if first < 0 {
				first = i
			}
			controls++
		}
	}
	if controls <= 2 {
		return nil
	}
	if total := utf8.RuneCountInString(text); controls*100 > total || controls > 64 {
		return fmt.Errorf("%w: binary data (%d control characters, the first at text offset %d)", ErrUnreadable, controls, first)
	}
	return nil
}

// foldLineEnds turns CRLF and lone CR into LF.
func foldLineEnds(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
