package bleveindex

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Verify implements index.Index. Every segment file of a scorch index ends
// with the IEEE CRC-32 of all the bytes before it (zap's footer): Verify
// reads each live segment through and compares.
func (ix *Index) Verify(ctx context.Context) ([]string, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil, nil
	}
	live, err := liveSegmentFiles(sc)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(live))
	for name := range live {
		names = append(names, name)
	}
	slices.Sort(names)
	var problems []string
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return problems, err
		}
		path := filepath.Join(ix.dir, "store", name)
		if err := verifySegment(path); err != nil {
			problems = append(problems, fmt.Sprintf("index segment %s: %v", path, err))
		}
	}
	return problems, nil
}

// verifySegment checks a segment file's trailing CRC-32.
func verifySegment(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.Size() < 4 {
		return fmt.Errorf("%d bytes is too short for a segment", info.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, bufio.NewReaderSize(f, 1<<20), info.Size()-4); err != nil {
		return err
	}
	var tail [4]byte
	if _, err := f.ReadAt(tail[:], info.Size()-4); err != nil {
		return err
	}
	if got, want := h.Sum32(), binary.BigEndian.Uint32(tail[:]); got != want {
		return fmt.Errorf("fails its checksum (CRC-32 %08x, the footer says %08x)", got, want)
	}
	return nil
}
