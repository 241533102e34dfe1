package search

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/zstd"

	"github.com/lantai/lantai/internal/fsutil"
)

// The completion candidates come from every report's title and headings,
// a pass over the whole archive that decodes every record: at ten times
// the shared corpus it took most of a minute after each start, and a
// suggestion asked for before it ended waited for it. So each build is
// kept in the data folder with the archive's stamp, and a server whose
// archive has not changed since starts with it at once.

// suggestCacheName is the file the candidates are kept in, in the data
// folder; derived, so deleting it only costs a rebuild.
const suggestCacheName = "suggest.cache"

// suggestCacheVersion is the layout of the file; another is rebuilt.
const suggestCacheVersion = 1

// suggestCacheCodec compresses the file with zstd: the candidates of the
// shared corpus take 9.3 MB as gob, a third of the index, and repeat
// themselves (each text twice, folded; many headings alike).
var suggestCacheCodec = newZstdCodec()

// zstdCodec compresses whole buffers with one shared encoder and decoder,
// both safe for concurrent use through EncodeAll and DecodeAll.
type zstdCodec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

func newZstdCodec() zstdCodec {
	// Neither constructor fails without options that can fail.
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
	dec, _ := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxSuggestCache))
	return zstdCodec{enc: enc, dec: dec}
}

// maxSuggestCache bounds what a damaged file may decompress to.
const maxSuggestCache = 1 << 30

func (c zstdCodec) encode(b []byte) []byte { return c.enc.EncodeAll(b, nil) }

func (c zstdCodec) decode(b []byte) ([]byte, error) { return c.dec.DecodeAll(b, nil) }

// storedSuggestions is the file's content.
type storedSuggestions struct {
	Version int
	// Stamp is the archive's (archive.Archive.Stamp) when the candidates
	// were read from it.
	Stamp   string
	Entries []storedSuggestion
}

// storedSuggestion is one suggestEntry.
type storedSuggestion struct {
	Text, Folded, Kind, ID string
}

func (s *Service) suggestCachePath() string {
	return filepath.Join(s.cfg.DataDir, suggestCacheName)
}

// loadSuggestCache returns the kept candidates when they were read from the
// archive in the state it is in now; nil otherwise.
func (s *Service) loadSuggestCache() *suggestIndex {
	data, err := os.ReadFile(s.suggestCachePath())
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.log.Warn("reading the kept completion candidates", "err", err)
		}
		return nil
	}
	var stored storedSuggestions
	plain, err := suggestCacheCodec.decode(data)
	if err == nil {
		err = gob.NewDecoder(bytes.NewReader(plain)).Decode(&stored)
	}
	if err != nil {
		s.log.Warn("the kept completion candidates are damaged; rebuilding them", "file", s.suggestCachePath(), "err", err)
		return nil
	}
	if stored.Version != suggestCacheVersion || stored.Stamp != s.archive.Stamp() {
		return nil
	}
	si := &suggestIndex{entries: make([]suggestEntry, len(stored.Entries)), empty: s.archive.Len() == 0}
	for i, e := range stored.Entries {
		si.entries[i] = newSuggestEntry(e.Text, e.Folded, e.Kind, e.ID)
	}
	si.indexRunes()
	return si
}

// saveSuggestCache keeps si, read from the archive at stamp. A read-only
// server, or a full disk, only logs: the file saves time, nothing else.
func (s *Service) saveSuggestCache(si *suggestIndex, stamp string) {
	if s.cfg.ReadOnly {
		return
	}
	stored := storedSuggestions{Version: suggestCacheVersion, Stamp: stamp, Entries: make([]storedSuggestion, len(si.entries))}
	for i, e := range si.entries {
		stored.Entries[i] = storedSuggestion{Text: e.text, Folded: e.folded, Kind: e.kind, ID: e.id}
	}
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(&stored)
	if err == nil {
		// Written under the lock Close takes, so never after it.
		packed := suggestCacheCodec.encode(buf.Bytes())
		s.suggest.mu.Lock()
		if !s.suggest.closed {
			err = fsutil.WriteFileAtomic(s.suggestCachePath(), packed, 0o644)
		}
		s.suggest.mu.Unlock()
	}
	if err != nil {
		s.log.Warn("keeping the completion candidates", "err", fmt.Errorf("%s: %w", s.suggestCachePath(), err))
	}
}
