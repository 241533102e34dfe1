package indexer

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
)

func TestCloseAfterCompactLeavesOneSegment(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, testSeg)
	if err != nil {
		t.Fatal(err)
	}
	// Several batches: one segment each until the compaction, big enough
	// that the merge's superseded files outlive a prompt Close.
	text := strings.Repeat("推进行政复议体制改革，规范行政执法行为，全年办理案件31件。", 40)
	for i := range 4 {
		b := ix.NewBatch()
		for j := range 200 {
			r := corpus.Report{
				ID:       fmt.Sprintf("r%d-%d", i, j),
				Title:    fmt.Sprintf("测试区%d年法治政府建设情况报告之%d", 2020+i, j),
				Text:     text,
				Sections: []corpus.Section{{ID: "s1", Heading: "主要举措", Text: text, Level: 1}},
			}
			if err := b.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := ix.Apply(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	zaps, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(zaps) != 1 {
		t.Errorf("%d segment files after compacting and closing, want 1: %v", len(zaps), zaps)
	}
}
