package bleveindex

import (
	"log/slog"
	"sync"

	"github.com/lantai/lantai/index"
)

// Options configures a Backend.
type Options struct {
	// UserDictPath is the operator's extra segmentation dictionary, if any.
	UserDictPath string
	// LiteralCacheSize is how many confirmed literals (per index segment
	// and scope) to keep, 0 for the default; a negative size confirms
	// every literal anew in every search (literals.go).
	LiteralCacheSize int
	// Logger receives structured logs; nil discards.
	Logger *slog.Logger
}

// Backend opens Bleve indexes of reports. It keeps what outlives any one
// index: the segmenter (its dictionaries take ~100 MB) and the literal
// cache.
type Backend struct {
	seg      *Segmenter
	log      *slog.Logger
	literals *literalCache
}

var _ index.Backend = (*Backend)(nil)
var _ index.Index = (*Index)(nil)

// New makes a backend, loading the segmenter for opts.UserDictPath (once
// per process and dictionary).
func New(opts Options) (*Backend, error) {
	seg, err := sharedSegmenter(opts.UserDictPath)
	if err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Backend{seg: seg, log: log, literals: newLiteralCache(opts.LiteralCacheSize)}, nil
}

// Name implements index.Backend.
func (b *Backend) Name() string { return "bleve" }

// Open implements index.Backend.
func (b *Backend) Open(dir string) (index.Index, error) {
	ix, err := open(dir, b.seg, maxSegmentDocs)
	if err != nil {
		return nil, err
	}
	ix.backend = b
	return ix, nil
}

// OpenReadOnly implements index.Backend.
func (b *Backend) OpenReadOnly(dir string) (index.Index, error) {
	ix, err := OpenReadOnly(dir, b.seg)
	if err != nil {
		return nil, err
	}
	ix.backend = b
	return ix, nil
}

var (
	segmentersMu sync.Mutex
	segmenters   = map[string]*Segmenter{}
)

// sharedSegmenter returns the process's segmenter for a user dictionary:
// the dictionaries take ~100 MB, so a process never loads them twice.
func sharedSegmenter(userDict string) (*Segmenter, error) {
	segmentersMu.Lock()
	defer segmentersMu.Unlock()
	if s, ok := segmenters[userDict]; ok {
		return s, nil
	}
	s, err := NewSegmenter(SegmenterOptions{UserDictPath: userDict})
	if err != nil {
		return nil, err
	}
	segmenters[userDict] = s
	return s, nil
}
