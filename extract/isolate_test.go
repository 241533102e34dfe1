package extract

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// isolateTestReader, set in the environment of a test, makes the worker
// (this test binary started again) read DOCX with a misbehaving reader:
// "hang" ignores its context, "alloc" allocates without end, "crash"
// panics, "err:KIND" fails with that error kind.
const isolateTestReader = "LANTAI_EXTRACT_TEST_READER"

// TestMain makes the test binary its own extraction worker: Isolated
// starts it again with LANTAI_EXTRACT_WORKER=1.
func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		if r := isolateMisbehave(os.Getenv(isolateTestReader)); r != nil {
			readers[FormatDOCX] = r
		}
	}
	WorkerMain()
	os.Exit(m.Run())
}

// isolateMisbehave returns the misbehaving reader named, or nil.
func isolateMisbehave(name string) reader {
	switch {
	case name == "hang":
		return func(context.Context, []byte, Limits) (Result, error) {
			time.Sleep(time.Hour)
			return Result{}, nil
		}
	case name == "alloc":
		return func(context.Context, []byte, Limits) (Result, error) {
			var keep [][]byte
			for {
				b := make([]byte, 1<<20)
				for i := range b {
					b[i] = byte(i)
				}
				keep = append(keep, b)
			}
		}
	case name == "crash":
		return func(context.Context, []byte, Limits) (Result, error) {
			var m map[string]int
			m["x"]++ // a nil map: the runtime panics, as a buggy reader would
			return Result{}, nil
		}
	case strings.HasPrefix(name, "err:"):
		for _, k := range errKinds {
			if k.name == strings.TrimPrefix(name, "err:") {
				return func(context.Context, []byte, Limits) (Result, error) {
					return Result{}, fmt.Errorf("%w: made up by the test", k.err)
				}
			}
		}
	}
	return nil
}

// isolateFixture reads a committed fixture.
func isolateFixture(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestIsolatedMatchesExtract(t *testing.T) {
	files := map[string][]byte{
		"markup.docx": docxOf(t, docxP("a &lt; b &amp;&amp; c &gt; d 　“引号”")+`<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r></w:p>`),
	}
	for _, path := range []string{"testdata/docx/songxi-2023-fazhi.docx", "testdata/ofd/songxi-2023-jihua-chars.ofd"} {
		files[path] = isolateFixture(t, path)
	}
	for path, data := range files {
		want, err := Extract(context.Background(), path, data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		got, stats, err := IsolatedStats(context.Background(), path, data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: isolated %+v\nin process %+v", path, got, want)
		}
		if stats.PeakRSS <= 0 || stats.Elapsed <= 0 {
			t.Errorf("%s: stats %+v", path, stats)
		}
		t.Logf("%s: peak RSS %.1f MB in %s", path, float64(stats.PeakRSS)/1e6, stats.Elapsed.Round(time.Millisecond))
	}
}

// isolateHostile are the hostile zip-based files: committed ones and
// ones too large to commit, made by the test.
var isolateHostile = []struct {
	name string
	data func(t testing.TB) []byte
	want error
}{
	{"truncated.docx", hostileFile, ErrCorrupt},
	{"encrypted.docx", hostileFile, ErrEncrypted},
	{"scan.ofd", hostileFile, ErrNoTextLayer},
	{"deep-nesting.docx", hostileFile, ErrCorrupt},
	{"deep-nesting.ofd", hostileFile, ErrCorrupt},
	{"invalid-xml.docx", hostileFile, ErrCorrupt},
	{"invalid-xml.ofd", hostileFile, ErrCorrupt},
	{"bomb.docx", func(testing.TB) []byte { return zipBomb(300<<20, false) }, ErrTooLarge},
	{"bomb-lying-size.docx", func(testing.TB) []byte { return zipBomb(300<<20, true) }, ErrCorrupt},
	{"huge-text.docx", func(testing.TB) []byte { return zipHugeText(100 << 20) }, ErrTooLarge},
	{"many-entries.docx", func(testing.TB) []byte { return zipManyEntries(30000) }, ErrTooLarge},
	{"many-pages.ofd", func(t testing.TB) []byte { return ofdManyPages(t, 3000) }, ErrTooLarge},
	{"many-codes.ofd", func(t testing.TB) []byte { return ofdManyCodes(t, 150000) }, ErrTooLarge},
}

// hostileFile is the data of a committed hostile file, by the test's name.
func hostileFile(t testing.TB) []byte {
	return isolateFixture(t, filepath.Join("testdata/hostile", t.Name()[strings.LastIndex(t.Name(), "/")+1:]))
}

// TestIsolatedHostile runs each hostile file through Isolated with the
// default limits: each fails with its kind of error, naming the file,
// with the worker's peak RSS under 200 MB.
func TestIsolatedHostile(t *testing.T) {
	for _, h := range isolateHostile {
		t.Run(h.name, func(t *testing.T) {
			data := h.data(t)
			_, stats, err := IsolatedStats(context.Background(), h.name, data, Limits{})
			if !errors.Is(err, h.want) {
				t.Fatalf("error %v, want %v", err, h.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Name != h.name || !strings.Contains(err.Error(), h.name) {
				t.Errorf("error %q does not name the file", err)
			}
			if stats.PeakRSS >= 200e6 {
				t.Errorf("peak RSS %.1f MB, want under 200 MB", float64(stats.PeakRSS)/1e6)
			}
			t.Logf("%d bytes: %v; peak RSS %.1f MB in %s", len(data), err, float64(stats.PeakRSS)/1e6, stats.Elapsed.Round(time.Millisecond))
		})
	}
}

func TestIsolatedErrorKinds(t *testing.T) {
	data := isolateFixture(t, "testdata/docx/songxi-2023-fazhi.docx")
	for _, k := range errKinds {
		t.Run(k.name, func(t *testing.T) {
			t.Setenv(isolateTestReader, "err:"+k.name)
			_, err := Isolated(context.Background(), "made-up.docx", data, Limits{})
			if !errors.Is(err, k.err) {
				t.Fatalf("error %v, want %v", err, k.err)
			}
			for _, other := range errKinds {
				if other.err != k.err && errors.Is(err, other.err) {
					t.Errorf("error %v is also %v", err, other.err)
				}
			}
			var e *Error
			if !errors.As(err, &e) || e.Name != "made-up.docx" || e.Format != FormatDOCX {
				t.Errorf("error %#v, want an *Error naming made-up.docx (docx)", err)
			}
		})
	}
}

func TestIsolatedTimeout(t *testing.T) {
	t.Setenv(isolateTestReader, "hang")
	data := isolateFixture(t, "testdata/docx/songxi-2023-fazhi.docx")
	_, stats, err := IsolatedStats(context.Background(), "hangs.docx", data, Limits{Timeout: time.Second})
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "hangs.docx") {
		t.Fatalf("error %v, want ErrTimeout naming hangs.docx", err)
	}
	// Read from the worker as it was killed: its own, not the parent's.
	if stats.PeakRSS <= 0 || stats.PeakRSS >= 200e6 {
		t.Errorf("peak RSS %.1f MB", float64(stats.PeakRSS)/1e6)
	}
}

func TestIsolatedMemoryLimit(t *testing.T) {
	t.Setenv(isolateTestReader, "alloc")
	data := isolateFixture(t, "testdata/docx/songxi-2023-fazhi.docx")
	_, stats, err := IsolatedStats(context.Background(), "greedy.docx", data, Limits{MaxMemoryBytes: 64 << 20})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "memory limit of 64 MiB") || !strings.Contains(err.Error(), "greedy.docx") {
		t.Fatalf("error %v, want ErrTooLarge naming greedy.docx and the memory limit", err)
	}
	t.Logf("%v; peak RSS %.1f MB", err, float64(stats.PeakRSS)/1e6)
}

func TestIsolatedCrash(t *testing.T) {
	t.Setenv(isolateTestReader, "crash")
	data := isolateFixture(t, "testdata/docx/songxi-2023-fazhi.docx")
	_, err := Isolated(context.Background(), "crashes.docx", data, Limits{})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "crashed") || !strings.Contains(err.Error(), "crashes.docx") {
		t.Fatalf("error %v, want ErrCorrupt saying the reader crashed", err)
	}
}

func TestIsolatedCancelled(t *testing.T) {
	t.Setenv(isolateTestReader, "hang")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	data := isolateFixture(t, "testdata/docx/songxi-2023-fazhi.docx")
	_, err := Isolated(ctx, "cancelled.docx", data, Limits{})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestIsolatedInputLimit(t *testing.T) {
	data := isolateFixture(t, "testdata/docx/songxi-2023-fazhi.docx")
	_, stats, err := IsolatedStats(context.Background(), "big.docx", data, Limits{MaxInputBytes: 100})
	if !errors.Is(err, ErrTooLarge) || stats.PeakRSS != 0 {
		t.Fatalf("error %v, stats %+v: want ErrTooLarge before any worker starts", err, stats)
	}
}
