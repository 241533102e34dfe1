package search

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/lantai/lantai/query"
)

func TestNormalizeBoundsPagingAndLength(t *testing.T) {
	tests := []struct {
		req     Request
		mention string
	}{
		{Request{Page: 100, Size: 100}, ""},
		{Request{Page: 1000}, ""},
		{Request{Page: 1001}, "page must be at most 1000 with size 10"},
		{Request{Page: 101, Size: 100}, "result window of 10000"},
		{Request{Page: math.MaxInt, Size: 100}, "page must be at most 100"},
		{Request{Page: math.MaxInt / 2, Size: 3}, "page must be at most 3333"},
		{Request{Query: strings.Repeat("法", query.MaxRunes)}, ""},
		{Request{Query: strings.Repeat("法", query.MaxRunes+1)}, "q must be at most 1000 characters long, not 1001"},
	}
	for _, tt := range tests {
		err := tt.req.Normalize()
		switch {
		case tt.mention == "" && err != nil:
			t.Errorf("page %d size %d: %v", tt.req.Page, tt.req.Size, err)
		case tt.mention != "" && (err == nil || !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), tt.mention)):
			t.Errorf("page %d size %d: error %v, want ErrBadRequest mentioning %q", tt.req.Page, tt.req.Size, err, tt.mention)
		}
	}
}
