package extract

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"github.com/richardlehane/msoleps"
	"github.com/richardlehane/msoleps/types"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// oleMaxPropBytes bounds the SummaryInformation stream read for the title;
// Word writes a few hundred bytes, and a larger one is not worth reading.
const oleMaxPropBytes = 1 << 20

// docTitle returns the Title property of the SummaryInformation stream f,
// or "" when f is absent, too large or unreadable.
func docTitle(f *mscfb.File, fileSize int) string {
	if f == nil || f.Size > oleMaxPropBytes || f.Size > int64(fileSize) {
		return ""
	}
	buf := make([]byte, f.Size)
	if _, err := io.ReadFull(f, buf); err != nil {
		return ""
	}
	return oleTitle(buf)
}

// oleTitle returns the Title property of the property set stream b, or ""
// when b is malformed or has no title: the title is a nicety, and a broken
// property set must not lose the document's text. msoleps indexes and
// allocates by the counts it reads without checking them, so b is first
// checked by olePropsSane, and a panic left over is taken as no title.
func oleTitle(b []byte) (title string) {
	defer func() {
		if recover() != nil {
			title = ""
		}
	}()
	if !olePropsSane(b) {
		return ""
	}
	ps, err := msoleps.NewFrom(bytes.NewReader(b))
	if err != nil {
		return ""
	}
	codePage := uint16(1252) // the property set's default ([MS-OLEPS] 2.18)
	for _, p := range ps.Property {
		if cp, ok := p.T.(types.I2); ok && p.Name == "CodePage" {
			codePage = uint16(cp)
		}
	}
	for _, p := range ps.Property {
		if p.Name != "Title" {
			continue
		}
		switch v := p.T.(type) {
		case *types.CodeString:
			title = oleDecodeCodePage(v.Chars, codePage)
		case types.UnicodeString:
			title = string(utf16.Decode(v))
		}
	}
	if i := strings.IndexByte(title, 0); i >= 0 {
		title = title[:i]
	}
	return strings.TrimSpace(title)
}

// olePropsSane reports whether a property set stream's headers, property
// tables and vector counts lie inside it ([MS-OLEPS] 2.20–2.21), so that
// msoleps can neither index past it nor allocate more than its size.
func olePropsSane(b []byte) bool {
	if len(b) < 48 || docU16(b, 0) != 0xFFFE {
		return false
	}
	sets := []uint32{docU32(b, 44)}
	switch docU32(b, 24) {
	case 1:
	case 2:
		if len(b) < 68 {
			return false
		}
		sets = append(sets, docU32(b, 64))
	default:
		return false
	}
	size := uint64(len(b))
	for _, off := range sets {
		// A PropertySet: its size, its count, then count (id, offset) pairs.
		if uint64(off)+8 > size {
			return false
		}
		n := uint64(docU32(b, int(off)+4))
		if uint64(off)+8+8*n > size {
			return false
		}
		for i := range n {
			at := uint64(off) + uint64(docU32(b, int(uint64(off)+8+8*i+4)))
			if at+8 > size {
				return false
			}
			// A vector's count: msoleps allocates it before reading it.
			if docU16(b, int(at))&0x1000 != 0 && uint64(docU32(b, int(at)+4)) > size {
				return false
			}
		}
	}
	return true
}

// oleDecodeCodePage decodes a property string in the set's code page; a code
// page this reader does not know is kept when it is UTF-8 (ASCII is).
func oleDecodeCodePage(b []byte, codePage uint16) string {
	var enc encoding.Encoding
	switch codePage {
	case 1200:
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = docU16(b, 2*i)
		}
		return string(utf16.Decode(u))
	case 65001:
		return strings.ToValidUTF8(string(b), "")
	case 936, 20936:
		enc = simplifiedchinese.GBK
	case 54936:
		enc = simplifiedchinese.GB18030
	case 950:
		enc = traditionalchinese.Big5
	case 1252:
		enc = charmap.Windows1252
	}
	if enc == nil {
		if utf8.Valid(b) {
			return string(b)
		}
		return ""
	}
	s, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return ""
	}
	return string(s)
}
