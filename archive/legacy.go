package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// The old layout, from before packs: each original in objects/ab/<sha256>
// and each report's record in reports/<id>.json. Archives in it are read
// as they are; nothing new is written there (a new version of an old
// report goes to a pack and wins), and Delete removes an old record after
// its deletion is durable in a pack.

func (a *Archive) objectsDir() string { return filepath.Join(a.dir, "objects") }

func (a *Archive) reportsDir() string { return filepath.Join(a.dir, "reports") }

// objectPath and recordPath are where the old layout keeps an original
// and a record.
func (a *Archive) objectPath(sha string) string {
	return filepath.Join(a.objectsDir(), sha[:2], sha)
}

func (a *Archive) recordPath(id string) string {
	return filepath.Join(a.reportsDir(), id+".json")
}

// damagedRecord is an old-layout record file that failed to load.
type damagedRecord struct {
	id  string
	err error
}

// loadLegacy catalogues reports/*.json, decoded in parallel and without
// their report bodies.
func (a *Archive) loadLegacy() ([]damagedRecord, error) {
	ents, err := os.ReadDir(a.reportsDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open archive %s: %w", a.dir, err)
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			names = append(names, e.Name())
		}
	}
	heads := make([]*recordHead, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range next {
				heads[i], errs[i] = a.loadHead(names[i])
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	var damaged []damagedRecord
	for i, h := range heads {
		if errs[i] != nil {
			damaged = append(damaged, damagedRecord{strings.TrimSuffix(names[i], ".json"), errs[i]})
			continue
		}
		a.catalogue(h)
	}
	return damaged, nil
}

// loadHead reads and checks one record file.
func (a *Archive) loadHead(name string) (*recordHead, error) {
	p := filepath.Join(a.reportsDir(), name)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", p, err)
	}
	h, err := decodeHead(b)
	if err != nil {
		return nil, fmt.Errorf("record %s is damaged and was skipped: %w", p, err)
	}
	if err := checkHead(h, strings.TrimSuffix(name, ".json")); err != nil {
		return nil, fmt.Errorf("record %s is damaged and was skipped: %w", p, err)
	}
	return h, nil
}
