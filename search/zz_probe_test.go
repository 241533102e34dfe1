package search

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestProbePlan(t *testing.T) {
	dir := "/tmp/lantai-probe-data"
	_, err := os.Stat(dir)
	fresh := err != nil
	s, err := Open(context.Background(), Config{DataDir: dir, QueryTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if fresh {
		st := time.Now()
		sum, err := s.IngestPaths(context.Background(), []string{"/work/shared/corpus"}, IngestOptions{})
		t.Logf("ingest %+v %v %s", sum.Added, err, time.Since(st))
	}
	t.Logf("index size %d", s.ix.DiskSize())
	v, _ := s.ix.Vocabulary()
	t.Logf("vocab %d", v.Len())
	for _, q := range []string{"人民代表大会", "法治政府建设", "桥", "行政复议", "通办", "国务院令第656号", "政府", "法"} {
		for _, scope := range []string{ScopeReports, ScopeSections} {
			st := time.Now()
			res, err := s.Search(context.Background(), Request{Query: q, Scope: scope})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %s: %d hits %s", q, scope, res.Total, time.Since(st))
		}
	}
}
