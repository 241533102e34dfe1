package extract

import (
	"archive/zip"
	"bytes"
	"strings"
)

// detectZip tells a DOCX from an OFD by the names in the zip's central
// directory; any other zip is FormatUnknown.
func detectZip(data []byte) Format {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return FormatUnknown
	}
	for _, f := range zr.File {
		switch {
		case f.Name == "word/document.xml":
			return FormatDOCX
		case strings.EqualFold(f.Name, "OFD.xml"):
			return FormatOFD
		}
	}
	return FormatUnknown
}
