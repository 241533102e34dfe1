package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// TestRepairSalvagesTruncatedPack cuts a pack of many reports short: the
// archive opens without its reports and names the pack; Repair stores
// again every report whose frame is whole, moves the pack aside, and the
// archive then opens clean, each salvaged report and original byte-exact.
func TestRepairSalvagesTruncatedPack(t *testing.T) {
	dir := t.TempDir()
	a := openTestArchive(t, dir)
	first := mustPut(t, a, testDoc("first.txt", "RP-0", "先存的一份"))
	const n = 40
	var wg sync.WaitGroup
	docs := make([]string, n)
	for i := range n {
		docs[i] = fmt.Sprintf("第%d份报告：全年办理行政复议案件%d件。%s", i, i*7, strings.Repeat("依法行政。", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := a.Put(testDoc(fmt.Sprintf("r%02d.txt", i), fmt.Sprintf("RP-%02d", i+1), docs[i])); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	a.Close()

	packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*.pack"))
	var biggest string
	var most int
	for _, p := range packs {
		idx, err := readPackIndex(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(idx.Records) > most {
			biggest, most = p, len(idx.Records)
		}
	}
	if most < 4 {
		t.Fatalf("the concurrent Puts shared no pack (at most %d records in one)", most)
	}
	data, err := os.ReadFile(biggest)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(biggest, data[:len(data)*6/10], 0o644); err != nil {
		t.Fatal(err)
	}

	b := openTestArchive(t, dir)
	if len(b.Problems()) != 1 || b.Len() != n+1-most {
		t.Fatalf("truncated pack: %d reports, problems %v; want %d and the pack named", b.Len(), b.Problems(), n+1-most)
	}
	res, err := b.Repair(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("repair: %d salvaged of %d, lost %q", res.Salvaged, most, res.Lost)
	if len(res.Packs) != 1 || res.Salvaged == 0 || res.Salvaged >= most || len(res.Lost) == 0 {
		t.Fatalf("repair = %+v; want the pack moved, some of its %d records salvaged and the cut named", res, most)
	}
	if _, err := os.Stat(filepath.Join(dir, damagedDir, filepath.Base(biggest))); err != nil {
		t.Errorf("the damaged pack was not kept aside: %v", err)
	}
	b.Close()

	c := openTestArchive(t, dir)
	if len(c.Problems()) != 0 || c.Len() != n+1-most+res.Salvaged {
		t.Fatalf("after repair: %d reports, problems %v; want %d, none", c.Len(), c.Problems(), n+1-most+res.Salvaged)
	}
	check, err := c.Check(context.Background(), nil)
	if err != nil || len(check.Problems) != 0 {
		t.Fatalf("check after repair: %v %v", check.Problems, err)
	}
	if _, err := c.Get(first.ID); err != nil {
		t.Errorf("a report of another pack: %v", err)
	}
	seen := 0
	err = c.Each(func(r corpus.Report) error {
		var i int
		if _, err := fmt.Sscanf(r.Source, "r%02d.txt", &i); err != nil {
			return nil
		}
		seen++
		if r.Text != docs[i] {
			t.Errorf("%s: text %q", r.Source, r.Text)
		}
		o, err := c.OriginalOf(r.ID)
		if err != nil || string(o.Data) != docs[i] {
			t.Errorf("%s: original %q, %v", r.Source, o.Data, err)
		}
		return nil
	})
	if err != nil || seen != c.Len()-1 {
		t.Errorf("Each: %d reports, %v", seen, err)
	}
}

// FuzzSalvageFrames feeds arbitrary bytes, and real frames damaged, to
// the frame walker and the record splitter Repair uses: no panic, and a
// frame is never measured past the bytes given.
func FuzzSalvageFrames(f *testing.F) {
	rec := record{ID: "0123456789abcdef", Key: "source:x", Versions: []Version{{SHA256: corpus.SHA256Hex([]byte("原件")), Report: corpus.Report{Text: "原件"}}}}
	b, err := encodeRecord(&rec)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(compressFrame([]byte("原件"), b).data)
	f.Add(compressFrame(b).data)
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x05, 0x29, 0x00, 0x00})
	f.Add([]byte(`{"id":"0123456789abcdef","key":"k","versions":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if n, content, err := nextFrame(data); err == nil {
			if n <= 0 || n > len(data) {
				t.Fatalf("frame of %d bytes in %d", n, len(data))
			}
			splitFrame(content)
		}
		splitFrame(data)
	})
}
