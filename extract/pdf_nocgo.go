//go:build !(cgo && !nocgo && (linux || darwin))

package extract

import (
	"context"
	"fmt"
)

// Without cgo there is no MuPDF to read PDFs with (see pdf_mupdf.go); a
// PDF is then refused as such rather than mistaken for another format.
func init() {
	readers[FormatPDF] = func(context.Context, []byte, Limits) (Result, error) {
		return Result{}, fmt.Errorf("%w: this build has no PDF reader (it needs cgo, for MuPDF, on Linux or macOS)", ErrUnsupported)
	}
}
