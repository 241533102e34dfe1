package search

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/lantai/lantai/cites"
	"github.com/lantai/lantai/internal/fsutil"
)

// Building the citation graph reads every record and finds the citations
// of every text: 1.6 s at the shared corpus, 13 s at ten times it, after
// each start. So the graph is kept in the data folder under the archive's
// stamp, as the completion candidates are (suggestcache.go): a server whose
// archive has not changed since starts with it at once, and a write the
// graph follows keeps it again. A file of another state, or one that does
// not read back whole, is ignored (and logged) and the graph rebuilt.

// citationCacheName is the file the graph is kept in, in the data folder;
// derived, so deleting it only costs a rebuild.
const citationCacheName = "cites.cache"

// citationCacheMagic opens the file, with the layout's version: another
// is rebuilt. The archive's stamp follows on the next line, so that a
// file of another state is told without reading the rest: the graph's
// entries, as gob, compressed with zstd (whose checksum tells a damaged
// file).
const citationCacheMagic = "lantai citation graph 1"

// keepCitationsEvery is the shortest time between two keepings of the
// graph: uploads every half second would otherwise write it again and
// again (tens of milliseconds of CPU and a few megabytes each).
const keepCitationsEvery = 5 * time.Second

func (s *Service) citationCachePath() string {
	return filepath.Join(s.cfg.DataDir, citationCacheName)
}

// citationKeeper runs the keeping of the graph in the background, one
// pass at a time: a request while one runs makes one more after it.
type citationKeeper struct {
	mu      sync.Mutex
	save    func() // set with the first graph (useCitations)
	running bool
	again   bool
}

// wanted asks for the current graph to be kept. It never waits.
func (k *citationKeeper) wanted() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.save == nil {
		return
	}
	if k.running {
		k.again = true
		return
	}
	k.running = true
	go k.run()
}

func (k *citationKeeper) run() {
	for {
		k.save()
		k.mu.Lock()
		if !k.again {
			k.running = false
			k.mu.Unlock()
			return
		}
		k.again = false
		k.mu.Unlock()
		time.Sleep(keepCitationsEvery)
	}
}

// keptCitationsStamp is the archive stamp the kept graph was made at,
// read from the file's head; "" when there is no readable file.
func (s *Service) keptCitationsStamp() string {
	f, err := os.Open(s.citationCachePath())
	if err != nil {
		return ""
	}
	defer f.Close()
	r := bufio.NewReader(f)
	magic, _ := r.ReadString('\n')
	stamp, _ := r.ReadString('\n')
	if strings.TrimSuffix(magic, "\n") != citationCacheMagic {
		return ""
	}
	return strings.TrimSuffix(stamp, "\n")
}

// warmCitations starts loading the kept graph when it is of the
// archive's state, so that a restart answers citations, citation searches
// and hits' counts at once; without such a file it builds nothing (see
// Warm).
func (s *Service) warmCitations(ctx context.Context) {
	if stamp := s.keptCitationsStamp(); stamp != "" && stamp == s.archive.Stamp() {
		s.startCitations(ctx)
	}
}

// loadCitationCache returns the kept graph when it was made at stamp, the
// archive's state now; nil otherwise, logging why unless there is no file.
func (s *Service) loadCitationCache(stamp string) *citationGraph {
	path := s.citationCachePath()
	start := time.Now()
	data, err := os.ReadFile(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.log.Warn("reading the kept citation graph; rebuilding it", "err", err)
		}
		return nil
	}
	magic, rest, _ := bytes.Cut(data, []byte("\n"))
	kept, body, _ := bytes.Cut(rest, []byte("\n"))
	if string(magic) != citationCacheMagic {
		s.log.Warn("the kept citation graph is damaged or of another version; rebuilding it", "file", path)
		return nil
	}
	if string(kept) != stamp {
		s.log.Info("the kept citation graph is of another archive state; rebuilding it", "file", path, "kept", string(kept), "archive", stamp)
		return nil
	}
	var entries []cites.Entry
	plain, err := suggestCacheCodec.decode(body)
	if err == nil {
		err = gob.NewDecoder(bytes.NewReader(plain)).Decode(&entries)
	}
	if err == nil && len(entries) > s.archive.Len() {
		err = fmt.Errorf("%d documents, the archive has %d", len(entries), s.archive.Len())
	}
	if err != nil {
		s.log.Warn("the kept citation graph is damaged; rebuilding it", "file", path, "err", err)
		return nil
	}
	g := cites.Restore(entries)
	s.log.Info("citation graph loaded", "reports", g.Len(), "took", time.Since(start).Round(time.Millisecond))
	return &citationGraph{stamp: stamp, graph: g}
}

// saveCitationCache keeps the current graph, unless a write is changing
// it (the write asks again when it ends). A read-only server, or a full
// disk, only logs: the file saves time, nothing else.
func (s *Service) saveCitationCache() {
	if s.cfg.ReadOnly {
		return
	}
	st := &s.citations
	state := func() (*citationGraph, string, bool) {
		st.mu.Lock()
		defer st.mu.Unlock()
		if st.current == nil {
			return nil, "", false
		}
		return st.current, st.current.stamp, st.following == nil
	}
	cg, stamp, still := state()
	if cg == nil || !still {
		return
	}
	entries := cg.graph.Snapshot()
	// A write that started while the snapshot was taken may have changed
	// the graph: its end keeps it again.
	if now, nowStamp, still := state(); now != cg || nowStamp != stamp || !still {
		return
	}
	var buf bytes.Buffer
	buf.WriteString(citationCacheMagic + "\n" + stamp + "\n")
	var plain bytes.Buffer
	err := gob.NewEncoder(&plain).Encode(entries)
	if err == nil {
		buf.Write(suggestCacheCodec.encode(plain.Bytes()))
		// Under the lock Close takes to close the index: never written
		// after Close returns.
		s.mu.RLock()
		if s.ix != nil {
			err = fsutil.WriteFileAtomic(s.citationCachePath(), buf.Bytes(), 0o644)
		}
		s.mu.RUnlock()
	}
	if err != nil {
		s.log.Warn("keeping the citation graph", "err", fmt.Errorf("%s: %w", s.citationCachePath(), err))
	}
}
