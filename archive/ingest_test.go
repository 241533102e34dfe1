package archive

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/lantai/lantai/internal/testcorpus"
)

// fixtureReport renders an invented report in the seed plain-text layout.
func fixtureReport(title, indexNo, agency, date, body string) string {
	return title + "\n\n索引号\n" + indexNo + "\n发文机构\n" + agency + "\n公开目录\n法治政府建设\n日期\n" + date + "\n\n\n" + body
}

const fixtureBody = "一、工作情况\n\n(一)坚持依法行政\n\n一是完善制度。全年审查规范性文件12件。二是加强监督。\n\n二、存在问题\n\n个别部门执法不够规范。\n"

// writeTree creates files (slash paths → content) under root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIngestFolder(t *testing.T) {
	root := t.TempDir()
	col := filepath.Join(root, "collection")
	writeTree(t, col, map[string]string{
		"SOURCE.md":               "# 说明\n不是报告。\n",
		"README.md":               "# readme\n",
		"LICENSE":                 "license text\n",
		"sub/_index.md":           "---\ntitle: x\n---\n",
		".git/config":             "[core]\n",
		".hidden.txt":             "隐藏\n",
		"qingxi-2023.txt":         fixtureReport("青溪县2023年度法治政府建设情况的报告", "QX-0001/2023-00017", "青溪县人民政府", "2023-12-20", fixtureBody),
		"sub/baishan-2022.txt":    fixtureReport("白山镇2022年度法治政府建设情况的报告", "BS-0002/2022-00003", "白山镇人民政府", "2022-12-01", fixtureBody),
		"sub/deeper/empty.txt":    "   \n",
		"sub/deeper/lanhe-22.txt": fixtureReport("澜河区2022年度法治政府建设情况的报告", "LH-0003/2022-00009", "澜河区人民政府", "2022-11-30", fixtureBody),
	})
	single := filepath.Join(root, "single.txt")
	writeTree(t, root, map[string]string{"single.txt": fixtureReport("松岭乡2021年度法治政府建设情况的报告", "SL-0004/2021-00001", "松岭乡人民政府", "2021-12-28", fixtureBody)})

	a := openTestArchive(t, t.TempDir())
	var (
		mu       sync.Mutex
		stored   = map[string]Status{}
		progress []int
	)
	opt := IngestOptions{
		OnStored: func(_ context.Context, r PutResult) error {
			mu.Lock()
			defer mu.Unlock()
			stored[r.Report.Source] = r.Status
			return nil
		},
		Progress: func(done, total int, _ string) { progress = append(progress, done) },
	}
	paths := []string{col, single, filepath.Join(root, "missing")}
	sum, err := Ingest(context.Background(), a, paths, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 4 || sum.Updated != 0 || sum.Unchanged != 0 || sum.Failed != 2 || sum.Files != 5 {
		t.Errorf("summary %+v, want 4 added, 2 failed, 5 files", sum)
	}
	wantFailed := []string{filepath.Join(root, "missing"), "collection/sub/deeper/empty.txt"}
	sort.Strings(wantFailed)
	var gotFailed []string
	for _, f := range sum.Failures {
		gotFailed = append(gotFailed, f.Source)
		if f.Reason == "" {
			t.Errorf("failure %s has no reason", f.Source)
		}
	}
	if !slices.Equal(gotFailed, wantFailed) {
		t.Errorf("failures %v, want %v", sum.Failures, wantFailed)
	}
	var sources []string
	for s, st := range stored {
		sources = append(sources, s)
		if st != Added {
			t.Errorf("%s: %v, want added", s, st)
		}
	}
	sort.Strings(sources)
	want := []string{"collection/qingxi-2023.txt", "collection/sub/baishan-2022.txt", "collection/sub/deeper/lanhe-22.txt", "single.txt"}
	if !slices.Equal(sources, want) {
		t.Errorf("sources %v, want %v", sources, want)
	}
	if !slices.Equal(progress, []int{1, 2, 3, 4, 5}) {
		t.Errorf("progress calls %v", progress)
	}

	// Again: every document is unchanged and still passed to OnStored.
	clear(stored)
	sum, err = Ingest(context.Background(), a, paths[:2], opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Unchanged != 4 || sum.Added+sum.Updated != 0 || len(stored) != 4 {
		t.Errorf("second run %+v, %d stored; want 4 unchanged", sum, len(stored))
	}
}

func TestIngestOnStoredError(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"r.txt": fixtureReport("青溪县2023年度报告", "QX-9", "青溪县人民政府", "2023-01-02", fixtureBody)})
	a := openTestArchive(t, t.TempDir())
	sum, err := Ingest(context.Background(), a, []string{filepath.Join(root, "r.txt")}, IngestOptions{
		OnStored: func(context.Context, PutResult) error { return errors.New("index is full") },
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.Failed != 1 || !strings.Contains(sum.Failures[0].Reason, "index is full") || a.Len() != 1 {
		t.Errorf("summary %+v, Len %d; want the report archived and the failure named", sum, a.Len())
	}
}

func TestIngestCancelled(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"r.txt": fixtureReport("青溪县2023年度报告", "QX-9", "青溪县人民政府", "2023-01-02", fixtureBody)})
	a := openTestArchive(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Ingest(ctx, a, []string{root}, IngestOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// Expected documents in the shared corpus, by collection.
const (
	corpusSeed       = 1
	corpusNational   = 53
	corpusHailar     = 8
	corpusRegs       = 899
	corpusHebeiRows  = 2717
	corpusGovCN      = 60
	corpusLishui     = 1
	corpusDocuments  = corpusSeed + corpusNational + corpusHailar + corpusRegs + corpusHebeiRows + corpusGovCN + corpusLishui
	corpusFileInputs = corpusSeed + 1 + corpusHailar + corpusRegs + 29 + corpusGovCN + corpusLishui
)

func TestIngestCorpus(t *testing.T) {
	dir := testcorpus.Dir(t)
	if testing.Short() {
		t.Skip("ingests the whole corpus")
	}
	a := openTestArchive(t, t.TempDir())
	sum, err := Ingest(context.Background(), a, []string{dir}, IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sum.Failures {
		t.Errorf("FAILED %s: %s", f.Source, f.Reason)
	}
	if sum.Files != corpusFileInputs {
		t.Errorf("%d files read, want %d", sum.Files, corpusFileInputs)
	}
	stored := sum.Added + sum.Updated + sum.Unchanged
	if stored != corpusDocuments {
		t.Errorf("%d documents stored (%d added, %d updated, %d unchanged), want %d", stored, sum.Added, sum.Updated, sum.Unchanged, corpusDocuments)
	}
	versions := 0
	if err := a.EachVersions(func(_ string, vs []Version) error { versions += len(vs); return nil }); err != nil {
		t.Fatal(err)
	}
	// Documents sharing an identity key become versions of one report, so
	// reports + extra versions must account for every document, minus
	// byte-identical duplicates (unchanged on first sight).
	if versions+sum.Unchanged != corpusDocuments || a.Len()+sum.Updated != versions {
		t.Errorf("%d reports with %d versions from %d documents (%d updated, %d unchanged)", a.Len(), versions, corpusDocuments, sum.Updated, sum.Unchanged)
	}
	t.Logf("%d documents → %d reports, %d versions; %d updated, %d unchanged on first ingest; %.1f MB in %v",
		stored, a.Len(), versions, sum.Updated, sum.Unchanged, float64(sum.Bytes)/1e6, sum.Duration)

	again, err := Ingest(context.Background(), a, []string{dir}, IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Unchanged != corpusDocuments || again.Added+again.Updated+again.Failed != 0 {
		t.Errorf("second ingest: %d added, %d updated, %d unchanged, %d failed; want all %d unchanged", again.Added, again.Updated, again.Unchanged, again.Failed, corpusDocuments)
	}

	// Reopening rebuilds the same catalogue from the records.
	a.Close()
	b := openTestArchive(t, a.Dir())
	if b.Len() != a.Len() || len(b.Problems()) != 0 {
		t.Errorf("reopen: Len %d (was %d), problems %v", b.Len(), a.Len(), b.Problems())
	}
}

// BenchmarkIngestCorpus measures read + decode + parse + archive (with
// fsync) of the whole shared corpus into a fresh archive, without an index.
func BenchmarkIngestCorpus(b *testing.B) {
	dir := testcorpus.Dir(b)
	var bytes int64
	for b.Loop() {
		b.StopTimer()
		a, err := Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := Ingest(context.Background(), a, []string{dir}, IngestOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Failed != 0 {
			b.Fatalf("%d failures, first %+v", sum.Failed, sum.Failures[0])
		}
		bytes = sum.Bytes
		b.StopTimer()
		a.Close()
		b.StartTimer()
	}
	b.SetBytes(bytes)
}
