package bleveindex

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Compact merges the index into as few segments as the segment cap
// allows: one, unless the index holds more than maxSegmentDocs documents.
// A bulk ingest leaves many segments, and every term a query touches is
// looked up in each of them.
func (ix *Index) Compact(ctx context.Context) error {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	plan := mergeplan.SingleSegmentMergePlanOptions
	plan.MaxSegmentSize = ix.segmentCap
	plan.FloorSegmentSize = 1
	// One force merge merges at most ten segments per task, and skips
	// segments a background merge holds at the time: repeat until the
	// segments stop getting fewer for two rounds in a row (a 512 KB-batch ingest of the corpus
	// ended with two after one).
	before, idle := -1, 0
	for range maxCompactRounds {
		if err := sc.ForceMerge(ctx, &plan); err != nil {
			return fmt.Errorf("compacting index %s: %w", ix.dir, err)
		}
		live, err := liveSegmentFiles(sc)
		if err != nil {
			return err
		}
		if len(live) < before || before < 0 {
			idle = 0
		} else {
			idle++
		}
		if len(live) <= 1 || idle == 2 {
			break
		}
		before = len(live)
	}
	return ix.awaitCleanup(ctx, sc)
}

// maxCompactRounds bounds the force merges of one Compact.
const maxCompactRounds = 8

// liveSegmentFiles names the segment files of the index's current
// snapshot.
func liveSegmentFiles(sc *scorch.Scorch) (map[string]bool, error) {
	r, err := sc.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	live := map[string]bool{}
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		for _, ss := range snap.Segments() {
			live[fmt.Sprintf("%012x.zap", ss.Id())] = true
		}
	}
	return live, nil
}

// cleanupWait bounds how long Compact waits for Bleve to delete the
// segment files a merge superseded.
const cleanupWait = 30 * time.Second

// cleanupNudge is how long awaitCleanup waits before it wakes Bleve's
// persister again.
const cleanupNudge = time.Second

// awaitCleanup waits until every segment file in the index folder belongs
// to the current snapshot. Bleve's persister deletes superseded files
// shortly after a merge, but only while the index is open: a process that
// exits right after compacting (lantai ingest) would leave them behind,
// three times the index's size, until the index is next opened.
//
// The persister cleans up only when it goes round its loop: one that
// cleaned before the merge released its files and then went to sleep
// (nothing left to persist) keeps them until the next write. So every
// cleanupNudge the version key is written again, a write that changes
// nothing but wakes the persister.
func (ix *Index) awaitCleanup(ctx context.Context, sc *scorch.Scorch) error {
	deadline := time.Now().Add(cleanupWait)
	nudge := time.Now().Add(cleanupNudge)
	for {
		live, err := liveSegmentFiles(sc)
		if err != nil {
			return err
		}
		files, err := filepath.Glob(filepath.Join(ix.dir, "store", "*.zap"))
		if err != nil {
			return err
		}
		dead := 0
		for _, f := range files {
			if !live[filepath.Base(f)] {
				dead++
			}
		}
		if dead == 0 || time.Now().After(deadline) {
			return nil
		}
		if time.Now().After(nudge) {
			if err := ix.bleve.SetInternal([]byte(versionKey), []byte(versionString(ix.seg))); err != nil {
				return fmt.Errorf("compacting index %s: %w", ix.dir, err)
			}
			nudge = time.Now().Add(cleanupNudge)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
