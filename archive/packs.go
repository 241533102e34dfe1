package archive

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zstd"

	"github.com/lantai/lantai/internal/fsutil"
)

// A pack file holds what one group commit wrote: originals, records and
// deletions. Packs are immutable: each is written whole to a temporary
// file, synced, and renamed into packs/ (fsutil), so after a crash it is
// either there in full or not at all. Packs are numbered in the order they
// were written; a later record of a report replaces an earlier one, and a
// deletion removes it.
//
//	"LTPACK02"                       magic
//	zstd frames ...                  originals and record JSON, back to back
//	index JSON, a zstd frame         packIndex: each entry's frame (offset, length,
//	                                 CRC-32C of its compressed bytes, decompressed size)
//	                                 and where the entry lies in it
//	uint32 CRC-32C of the index      little-endian, of its stored (compressed) bytes
//	uint64 length of the index       little-endian, likewise
//	"LTPACK02"                       magic
//
// A frame holds one Put's original (when new) and record (see compress.go).
// Packs written before compression, "LTPACK01", have the same layout
// with the index and each entry's bytes stored as they are; they are read
// as they are.
//
// The index at the end lets an archive open by reading a few kilobytes
// per pack, and the record heads in it are the catalogue.
const (
	packMagic   = "LTPACK02"
	packMagicV1 = "LTPACK01"
)

// packTrailerLen is the length of what follows the index JSON.
const packTrailerLen = 4 + 8 + 8 // CRC, length, magic

// packExt names pack files: packs/000000000001.pack.
const packExt = ".pack"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// packIndex is the index at the end of a pack.
type packIndex struct {
	Objects []packEntry `json:"objects,omitempty"`
	Records []packEntry `json:"records,omitempty"`
	Deleted []string    `json:"deleted,omitempty"`

	// compressed is set for an LTPACK02 pack, whose entries are in
	// zstd frames.
	compressed bool
}

// packEntry locates one original (Key is its SHA-256) or record (Key is
// the report ID, Head its catalogue entry) in a pack. Off, Len and CRC are
// the stored bytes: in an LTPACK02 pack the frame holding the entry, which
// decompresses to FrameSize bytes, the entry's Size of them from At.
type packEntry struct {
	Key       string      `json:"key"`
	Off       int64       `json:"off"`
	Len       int64       `json:"len"`
	CRC       uint32      `json:"crc"`
	FrameSize int64       `json:"frame_size,omitempty"`
	At        int64       `json:"at,omitempty"`
	Size      int64       `json:"size,omitempty"`
	Head      *recordHead `json:"head,omitempty"`
}

// loc is where e's bytes are in pack number seq, compressed or not.
func (e packEntry) loc(seq uint64, compressed bool) packLoc {
	l := packLoc{pack: seq, off: e.Off, len: e.Len, crc: e.CRC}
	if compressed {
		l.compressed, l.frameSize, l.at, l.size = true, e.FrameSize, e.At, e.Size
	}
	return l
}

// packLoc is where an entry's bytes are: stored as they are, or
// (compressed) the size bytes from at of a zstd frame that decompresses
// to frameSize. It holds no pointers, so the catalogue's maps of them cost
// the garbage collector nothing.
type packLoc struct {
	pack                uint64
	off, len            int64
	crc                 uint32
	compressed          bool
	frameSize, at, size int64
}

// packName is the file name of pack number seq.
func packName(seq uint64) string {
	return fmt.Sprintf("%012d%s", seq, packExt)
}

// parsePackName returns the number of a pack file name.
func parsePackName(name string) (uint64, bool) {
	digits, ok := strings.CutSuffix(name, packExt)
	if !ok || len(digits) == 0 || strings.HasPrefix(name, ".") {
		return 0, false
	}
	seq, err := strconv.ParseUint(digits, 10, 64)
	return seq, err == nil
}

// packWriter writes one pack through a temporary file (see fsutil), so
// that it appears in packs/ whole or not at all.
type packWriter struct {
	f   *fsutil.AtomicFile
	w   *bufio.Writer
	off int64
	idx packIndex
}

// createPack starts writing the pack that finish puts at path.
func createPack(path string) (*packWriter, error) {
	f, err := fsutil.Create(path, 0o644)
	if err != nil {
		return nil, err
	}
	p := &packWriter{f: f, w: bufio.NewWriterSize(f, 1<<20), idx: packIndex{compressed: true}}
	p.write([]byte(packMagic))
	return p, nil
}

func (p *packWriter) write(b []byte) {
	n, _ := p.w.Write(b) // a write error sticks in the bufio.Writer; finish reports it
	p.off += int64(n)
}

// add appends a frame and returns an entry, without its key, for each of
// the frame's parts.
func (p *packWriter) add(f frame) []packEntry {
	total := int64(0)
	for _, n := range f.sizes {
		total += n
	}
	stored := packEntry{Off: p.off, Len: int64(len(f.data)), CRC: crc32.Checksum(f.data, castagnoli), FrameSize: total}
	p.write(f.data)
	ents := make([]packEntry, len(f.sizes))
	at := int64(0)
	for i, n := range f.sizes {
		ents[i] = stored
		ents[i].At, ents[i].Size = at, n
		at += n
	}
	return ents
}

// addObject and addRecord index an original and a record added in a frame.
func (p *packWriter) addObject(sha string, e packEntry) {
	e.Key = sha
	p.idx.Objects = append(p.idx.Objects, e)
}

func (p *packWriter) addRecord(head *recordHead, e packEntry) {
	e.Key, e.Head = head.ID, head
	p.idx.Records = append(p.idx.Records, e)
}

// finish writes the index and trailer and commits the pack: synced, in
// place, its folder synced. On failure the temporary file is removed.
func (p *packWriter) finish() error {
	defer p.f.Abort()
	idx, err := json.Marshal(&p.idx)
	if err != nil {
		return err
	}
	if p.idx.compressed {
		idx = compressFrame(idx).data
	}
	p.write(idx)
	var trailer [packTrailerLen]byte
	binary.LittleEndian.PutUint32(trailer[0:], crc32.Checksum(idx, castagnoli))
	binary.LittleEndian.PutUint64(trailer[4:], uint64(len(idx)))
	copy(trailer[12:], packMagic)
	p.write(trailer[:])
	if err := p.w.Flush(); err != nil {
		return err
	}
	return p.f.Commit()
}

// readPackIndex reads and checks the index of the pack at path.
func readPackIndex(path string) (packIndex, error) {
	f, err := os.Open(path)
	if err != nil {
		return packIndex{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return packIndex{}, err
	}
	size := st.Size()
	if size < int64(len(packMagic)+packTrailerLen) {
		return packIndex{}, fmt.Errorf("%d bytes is too short for a pack", size)
	}
	var trailer [packTrailerLen]byte
	if _, err := f.ReadAt(trailer[:], size-packTrailerLen); err != nil {
		return packIndex{}, err
	}
	magic := string(trailer[12:])
	if magic != packMagic && magic != packMagicV1 {
		return packIndex{}, errors.New("the pack does not end with its magic number (truncated?)")
	}
	var head [len(packMagic)]byte
	if _, err := f.ReadAt(head[:], 0); err != nil {
		return packIndex{}, err
	}
	if string(head[:]) != magic {
		return packIndex{}, fmt.Errorf("the pack begins with %q but ends with %q", head[:], magic)
	}
	idxLen := int64(binary.LittleEndian.Uint64(trailer[4:]))
	idxOff := size - packTrailerLen - idxLen
	if idxLen < 2 || idxLen > size || idxOff < int64(len(packMagic)) {
		return packIndex{}, fmt.Errorf("the pack's index length %d does not fit its %d bytes", idxLen, size)
	}
	raw := make([]byte, idxLen)
	if _, err := f.ReadAt(raw, idxOff); err != nil {
		return packIndex{}, err
	}
	if crc32.Checksum(raw, castagnoli) != binary.LittleEndian.Uint32(trailer[0:]) {
		return packIndex{}, errors.New("the pack's index fails its checksum")
	}
	if magic == packMagic {
		var h zstd.Header
		if err := h.Decode(raw); err != nil {
			return packIndex{}, fmt.Errorf("the pack's index: %w", err)
		}
		if raw, err = decodeFrame(raw, int64(min(h.FrameContentSize, maxFrameSize+1))); err != nil {
			return packIndex{}, fmt.Errorf("the pack's index: %w", err)
		}
	}
	var idx packIndex
	if err := json.Unmarshal(raw, &idx); err != nil {
		return packIndex{}, fmt.Errorf("the pack's index: %w", err)
	}
	idx.compressed = magic == packMagic
	for _, e := range append(idx.Objects, idx.Records...) {
		if e.Off < int64(len(packMagic)) || e.Off > idxOff || e.Len < 0 || e.Len > idxOff-e.Off {
			return packIndex{}, fmt.Errorf("entry %s lies outside the pack's data", e.Key)
		}
		if idx.compressed && (e.FrameSize < 0 || e.FrameSize > maxFrameSize || e.At < 0 || e.Size < 0 || e.At > e.FrameSize || e.Size > e.FrameSize-e.At) {
			return packIndex{}, fmt.Errorf("entry %s: %d bytes from %d do not fit a frame of %d (at most %d)", e.Key, e.Size, e.At, e.FrameSize, maxFrameSize)
		}
	}
	return idx, nil
}

// readPacked reads an entry's bytes, checking the stored bytes against
// their CRC and decompressing them if they are a frame.
func readPacked(dir string, loc packLoc) ([]byte, error) {
	path := filepath.Join(dir, packName(loc.pack))
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, loc.len)
	if _, err := f.ReadAt(b, loc.off); err != nil && !(errors.Is(err, io.EOF) && loc.len == 0) {
		if errors.Is(err, io.EOF) {
			return nil, entryCorruption(path, loc.off, fmt.Sprintf("runs past the pack's end (%d bytes)", loc.len), nil)
		}
		return nil, fmt.Errorf("pack %s: %w", path, err)
	}
	if crc32.Checksum(b, castagnoli) != loc.crc {
		return nil, entryCorruption(path, loc.off, "fails its checksum", nil)
	}
	if !loc.compressed {
		return b, nil
	}
	if loc.at < 0 || loc.size < 0 || loc.at > loc.frameSize || loc.size > loc.frameSize-loc.at {
		return nil, entryCorruption(path, loc.off, "lies outside its frame", nil)
	}
	out, err := decodeFrame(b, loc.frameSize)
	if err != nil {
		return nil, entryCorruption(path, loc.off, "does not decompress", err)
	}
	return out[loc.at : loc.at+loc.size : loc.at+loc.size], nil
}

// loadPacks applies the packs numbered above lastPack, in order, and
// returns how many it applied; a.mu must be held for writing (or a must
// not be shared yet).
func (a *Archive) loadPacks() (int, error) {
	ents, err := os.ReadDir(a.packsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("open archive %s: %w", a.dir, err)
	}
	var seqs []uint64
	for _, e := range ents {
		if seq, ok := parsePackName(e.Name()); ok && !e.IsDir() && seq > a.lastPack {
			seqs = append(seqs, seq)
		}
	}
	slices.Sort(seqs)
	for _, seq := range seqs {
		path := filepath.Join(a.packsDir(), packName(seq))
		idx, err := readPackIndex(path)
		if err != nil {
			a.problems = append(a.problems, fmt.Errorf("pack %s is damaged and was skipped: %w", path, err))
		} else {
			a.applyPack(seq, path, idx)
		}
		a.lastPack = seq
	}
	return len(seqs), nil
}

// applyPack adds a pack's entries to the catalogue; a.mu must be held.
func (a *Archive) applyPack(seq uint64, path string, idx packIndex) {
	for _, e := range idx.Objects {
		a.objectAt[e.Key] = e.loc(seq, idx.compressed)
	}
	for _, e := range idx.Records {
		if e.Head == nil {
			a.problems = append(a.problems, fmt.Errorf("pack %s: record %s has no head and was skipped", path, e.Key))
			continue
		}
		if err := checkHead(e.Head, e.Key); err != nil {
			a.problems = append(a.problems, fmt.Errorf("pack %s: record %s is damaged and was skipped: %w", path, e.Key, err))
			continue
		}
		a.catalogue(e.Head)
		a.recordAt[e.Key] = e.loc(seq, idx.compressed)
	}
	for _, id := range idx.Deleted {
		a.uncatalogue(id)
		delete(a.recordAt, id)
	}
}

// refresh makes a read-only archive's catalogue include the packs written
// since it was opened, and reports whether there were any.
func (a *Archive) refresh() bool {
	if !a.readOnly {
		return false
	}
	a.refreshMu.Lock()
	defer a.refreshMu.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	n, err := a.loadPacks()
	return err == nil && n > 0
}
