package archive

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Entries of LTPACK02 packs are zstd frames (github.com/klauspost/compress).
// A Put's original and its record share one frame: the record holds the
// text parsed from the original, and for a JSON Lines row (what the scale
// benchmark feeds) the original holds that same text, so the record
// compresses to little more than references into the original. Reading a
// record then decodes its original too, which costs microseconds against
// the record's JSON decoding.
//
// Measured on the corpus (3,739 reports, 32.4 MB of report text), as
// ingested from its files and from its JSON Lines export (what the scale
// benchmark feeds): bytes of the entries ÷ bytes of report text; CPU to
// compress the corpus's entries (85 MB, 114 MB for JSON Lines) on one
// core; time to decode one record's frame, against 150-190 µs for its JSON:
//
//	                          files   JSONL   compress   decode
//	uncompressed (LTPACK01)   2.61×   3.51×
//	per entry, SpeedFastest   0.93×   1.02×   0.6 s      ~30 µs
//	per entry, SpeedDefault   0.88×   0.96×   0.7-0.8 s  ~27 µs
//	record with its original
//	  as raw dict, Default    0.51×   0.53×   ~1.3 s     ~39 µs (two frames)
//	one frame, SpeedFastest   0.55×   0.57×   0.4 s      ~26-35 µs
//	one frame, SpeedDefault   0.52×   0.54×   0.5-0.8 s  ~23-45 µs
//	one frame, SpeedBetter    0.51×   0.52×   1.0-1.2 s  ~31 µs
//
// One frame at SpeedDefault is within 2% of the dictionary at well under
// half its CPU, needs no per-call options (one shared Decoder serves every
// read) and decodes in one call; it beats SpeedFastest by 6% for little
// more. Whole archives, pack indexes included: 0.54× the text for the
// files (2.69× before), 0.57× for JSON Lines (3.58×). The archive's part
// of an ingest of the corpus took 0.5-1 s more CPU (2.0-2.9 s against
// 1.2-2.0 s); a whole ingest of the files 36.0 s against 34.9 s, of the
// JSON Lines 74.6 s against 69.1 s on a busy machine. Reading a record
// (EachVersions) went from ~0.21 to ~0.23 ms of CPU, an original from 24
// to ~60 µs (its frame holds the record too). Frames are compressed by the
// Put's goroutine, in parallel, before the group commit.

// maxFrameSize is the most a frame may decompress to. Put refuses an
// original (or a record) larger than that, and a pack whose index claims
// more is damaged: no length read from a pack allocates more than this.
const maxFrameSize = 512 << 20

// zstdEncoder compresses frames; EncodeAll is safe for concurrent use.
var zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
	enc, err := zstd.NewWriter(nil,
		zstd.WithEncoderLevel(zstd.SpeedDefault),
		zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)),
		// Each pooled encoder keeps a history of twice its window: at
		// the default 8 MiB that was 32 MiB held beside ingest's 160 MiB
		// soft limit (internal/memtune), and twice the collections. A
		// frame's record refers to its original's text within the size
		// of the original, and a report's original is rarely near 1 MiB:
		// on the corpus 1 MiB compresses to the same bytes as 8.
		zstd.WithWindowSize(1<<20),
		// A single-segment frame always declares its size, which
		// decodeFrame checks before decoding.
		zstd.WithSingleSegment(true))
	if err != nil {
		panic(err) // only for invalid options
	}
	return enc
})

// zstdDecoder decompresses frames; DecodeAll is safe for concurrent use.
var zstdDecoder = sync.OnceValue(func() *zstd.Decoder {
	dec, err := zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(0),
		zstd.WithDecoderMaxMemory(maxFrameSize))
	if err != nil {
		panic(err) // only for invalid options
	}
	return dec
})

// frame is one zstd frame of a pack: parts compressed back to back.
type frame struct {
	data  []byte  // the compressed frame
	sizes []int64 // each part's length, decompressed
}

// compressFrame compresses parts into one frame; their total must not
// exceed maxFrameSize.
func compressFrame(parts ...[]byte) frame {
	f := frame{sizes: make([]int64, len(parts))}
	for i, p := range parts {
		f.sizes[i] = int64(len(p))
	}
	if len(parts) == 1 {
		f.data = zstdEncoder().EncodeAll(parts[0], nil)
		return f
	}
	buf := joinBuffers.Get().(*[]byte)
	src := (*buf)[:0]
	for _, p := range parts {
		src = append(src, p...)
	}
	f.data = zstdEncoder().EncodeAll(src, nil)
	if cap(src) <= maxPooledJoin {
		*buf = src
		joinBuffers.Put(buf)
	}
	return f
}

// joinBuffers hold the parts of a frame joined for compressing; a buffer
// grown past maxPooledJoin is left to the collector.
var joinBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledJoin = 1 << 20

// decodeFrame decompresses a frame that the pack's index says holds size
// bytes.
func decodeFrame(data []byte, size int64) ([]byte, error) {
	if size < 0 || size > maxFrameSize {
		return nil, fmt.Errorf("a frame of %d bytes is beyond the limit of %d", size, maxFrameSize)
	}
	var h zstd.Header
	if err := h.Decode(data); err != nil {
		return nil, err
	}
	if h.Skippable || !h.HasFCS || h.FrameContentSize != uint64(size) {
		return nil, fmt.Errorf("the frame does not declare the %d bytes the index gives it", size)
	}
	// The decoder allocates by the frame's declared size, now known to be
	// within the limit, and stops at maxFrameSize in any case.
	out, err := zstdDecoder().DecodeAll(data, nil)
	if err != nil {
		return nil, err
	}
	if int64(len(out)) != size {
		return nil, errors.New("the frame decompresses to other than its declared size")
	}
	return out, nil
}
