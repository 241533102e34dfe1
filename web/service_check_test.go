package web

import "github.com/lantai/lantai/search"

// The real backend must keep satisfying the seam.
var _ Backend = (*search.Service)(nil)
