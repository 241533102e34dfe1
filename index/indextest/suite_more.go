package indextest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/samples"
)

// reportTitled is the model's report of a title.
func reportTitled(t *testing.T, m *model, title string) *corpus.Report {
	t.Helper()
	for _, r := range m.reports {
		if r.Title == title {
			return r
		}
	}
	t.Fatalf("no report titled %s", title)
	return nil
}

func testIdentifiers(t *testing.T, f *Fixture, m *model) {
	tests := []struct{ name, typed string }{
		{"文号", yingshangDocNo},
		{"文号 in square brackets", "云政发[2023]8号"},
		{"文号 in full-width parentheses, without 号", "云政发（2023）8"},
		{"文号 with spaces", "云政发 〔2023〕 8号"},
		{"索引号", yingshangIndexNo},
		{"索引号 in lower case", strings.ToLower(yingshangIndexNo)},
		{"文号 of a jointly issued report", joint2022DocNo},
	}
	onlyAsID := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := Request(tt.typed, index.Reports, 10)
			req.Identifier = strings.Join(strings.Fields(tt.typed), "")
			var carrier string
			for _, r := range m.reports {
				if carries(r, req.Identifier) {
					if carrier != "" {
						t.Fatalf("two reports carry %s", req.Identifier)
					}
					carrier = r.ID
				}
			}
			want := m.matches(req)
			plain := req
			plain.Identifier = ""
			citing := m.matches(plain)
			if carrier == "" || len(want) < 2 {
				t.Fatalf("the model finds carrier %q and %d matches: the test proves nothing", carrier, len(want))
			}
			if !slices.ContainsFunc(citing, func(d *modelDoc) bool { return d.id == carrier }) {
				onlyAsID++
			}
			res := f.Search(t, req)
			if len(res.Hits) == 0 || res.Hits[0].ReportID != carrier {
				t.Errorf("hits %+v, want the carrier %s first", res.Hits, carrier)
			}
			checkMatches(t, f, m, tt.typed, req, want)
			// The identifier ranks in the reports scope only.
			sections := req
			sections.Scope = index.Sections
			checkMatches(t, f, m, tt.typed+" (sections)", sections, m.matches(sections))
		})
	}
	if onlyAsID == 0 {
		t.Error("every carrier cites itself: the identifier was never needed")
	}
}

func testLike(t *testing.T, f *Fixture, m *model) {
	r := reportTitled(t, m, "云溪区2022年度法治政府建设情况的报告")
	res := f.Search(t, index.Request{Like: r, Size: 10})
	if len(res.Hits) < 2 {
		t.Fatalf("%d reports like %s", len(res.Hits), r.Title)
	}
	for _, h := range res.Hits {
		if h.ReportID == r.ID {
			t.Errorf("the report itself is among those like it: %+v", res.Hits)
		}
		if h.Section != -1 || h.DocID != h.ReportID {
			t.Errorf("hit %+v is not a report", h)
		}
	}
	if first := m.reports[res.Hits[0].ReportID]; first == nil || first.Agency != r.Agency {
		t.Errorf("the first report like %s is not of its agency %s: %+v", r.Title, r.Agency, first)
	}
	excluded := res.Hits[0].DocID
	again := f.Search(t, index.Request{Like: r, Size: 10, Exclude: []string{excluded}})
	if len(again.Hits) == 0 || slices.ContainsFunc(again.Hits, func(h index.Hit) bool { return h.DocID == excluded || h.ReportID == r.ID }) {
		t.Errorf("excluding %s: %+v", excluded, again.Hits)
	}
}

func testExclude(t *testing.T, f *Fixture, m *model) {
	excluded := 0
	for _, q := range suiteQueries {
		for _, scope := range scopes {
			req := all(q, scope)
			ids := m.ids(req)
			for i := 0; i < len(ids); i += 2 {
				req.Exclude = append(req.Exclude, ids[i])
			}
			req.Exclude = append(req.Exclude, "no-such-document")
			excluded += len(req.Exclude) - 1
			checkMatches(t, f, m, describe(q, req)+" with exclusions", req, m.matches(req))
		}
	}
	if excluded == 0 {
		t.Error("nothing was excluded")
	}
}

func testIDsUpTo(t *testing.T, f *Fixture, m *model) {
	for _, q := range []string{"行政复议", "法", ""} {
		for _, scope := range scopes {
			want := m.ids(all(q, scope))
			n := len(want)
			if n < 2 {
				t.Fatalf("%s: %d matches", q, n)
			}
			for _, tt := range []struct {
				upTo int
				all  bool
			}{{n, true}, {n + 5, true}, {n - 1, false}, {1, false}, {0, false}} {
				req := Request(q, scope, 2)
				req.From, req.IDsUpTo = 1, tt.upTo
				res := f.Search(t, req)
				what := describe(q, req)
				switch {
				case !tt.all && res.IDs != nil:
					t.Errorf("%s: %d ids up to %d of %d matches, want none", what, len(res.IDs), tt.upTo, n)
				case tt.all && res.IDs == nil:
					t.Errorf("%s: no ids up to %d of %d matches", what, tt.upTo, n)
				case tt.all:
					compareSets(t, what, want, res.IDs)
				}
				if len(res.Hits) != 2 {
					t.Errorf("%s: %d hits on a page of 2", what, len(res.Hits))
				}
			}
		}
	}
}

// sha256Hex is the SHA-256 of an original, as Indexed returns it.
func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// birdReport is an invented report, in two versions (the same 索引号).
func birdReport(guards, points int) string {
	return seedReport("望川区2024年湿地候鸟保护工作总结",
		meta("11330105MB2345678K/2024-00011", "临江市望川区自然资源和规划分局", "工作总结", "", "2024-12-20"),
		"一、基本情况",
		"(一)全区设立候鸟保护站3处，聘请护鸟员"+strconv.Itoa(guards)+"名。",
		"(二)新建候鸟观测点"+strconv.Itoa(points)+"处。",
		"二、下一步工作",
		"加强湿地巡护，严厉打击非法捕猎候鸟行为。")
}

func testWrites(t *testing.T, f *Fixture, _ *model) {
	probes := []string{"候鸟", "护鸟员42名", "护鸟员57名", "行政复议", "法", ""}
	check := func(step string) *model {
		t.Helper()
		m, err := newModel(f.Archive)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range probes {
			for _, scope := range scopes {
				req := all(q, scope)
				checkMatches(t, f, m, step+": "+describe(q, req), req, m.matches(req))
			}
		}
		for id, r := range m.reports {
			if got, err := f.Index.Indexed(id); err != nil || got != r.SHA256 {
				t.Errorf("%s: Indexed(%s) = %q, %v; the archive holds %s", step, id, got, err, r.SHA256)
			}
		}
		return m
	}
	found := func(step, q string, id string) {
		t.Helper()
		for _, scope := range scopes {
			var want []string
			if id != "" {
				want = []string{id}
			}
			var got []string
			for _, docID := range f.IDs(t, Request(q, scope, 0)) {
				report, _, _ := strings.Cut(docID, "#")
				got = append(got, report)
			}
			if got = slices.Compact(slices.Sorted(slices.Values(got))); !slices.Equal(got, want) {
				t.Errorf("%s: %s in %s found in %v, want %v", step, q, scope, got, want)
			}
		}
	}
	indexed := func(step, id, want string) {
		t.Helper()
		if got, err := f.Index.Indexed(id); err != nil || got != want {
			t.Errorf("%s: Indexed(%s) = %q, %v, want %q", step, id, got, err, want)
		}
	}
	check("before")
	found("before", "候鸟", "")
	indexed("before", "no-such-report", "")

	v1, v2 := birdReport(42, 2), birdReport(57, 3)
	ids := f.Upload(t, "wangchuan-2024-houniao.txt", v1)
	if len(ids) != 1 {
		t.Fatalf("upload: %v", ids)
	}
	id := ids[0]
	indexed("upload", id, sha256Hex(v1))
	check("upload")
	found("upload", "候鸟", id)
	found("upload", "护鸟员42名", id)

	if ids := f.Upload(t, "wangchuan-2024-houniao-v2.txt", v2); len(ids) != 1 || ids[0] != id {
		t.Fatalf("new version: %v, want %s", ids, id)
	}
	indexed("new version", id, sha256Hex(v2))
	check("new version")
	found("new version", "护鸟员57名", id)
	found("new version", "护鸟员42名", "")

	f.Delete(t, id)
	indexed("delete", id, "")
	check("delete")
	found("delete", "候鸟", "")

	f.Reindex(t)
	m := check("reindex")
	// The samples as ingested: Indexed is the SHA-256 of their bytes.
	err := fs.WalkDir(samples.FS, samples.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(samples.FS, path)
		if err != nil {
			return err
		}
		sum := sha256Hex(string(data))
		n := 0
		for _, r := range m.reports {
			if filepath.Base(r.Source) == d.Name() {
				n++
				indexed("reindex, "+d.Name(), r.ID, sum)
			}
		}
		if n != 1 {
			t.Errorf("%d reports from %s", n, d.Name())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testVocabulary(t *testing.T, f *Fixture, m *model) {
	text := "临江市云溪区持续优化营商环境"
	words := f.Index.Words(text)
	long := 0
	for _, w := range words {
		if !strings.Contains(text, w) || !isHan(w) {
			t.Errorf("Words(%s) = %v: %q is not a Chinese piece of the text", text, words, w)
		}
		if utf8.RuneCountInString(w) >= 2 {
			long++
		}
	}
	if long < 2 {
		t.Errorf("Words(%s) = %v, want it cut into words", text, words)
	}
	if w := f.Index.Words("2024, PM2.5"); len(w) != 0 {
		t.Errorf("Words of no Chinese = %v", w)
	}
	v, err := f.Index.Vocabulary()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range m.reports {
		for _, w := range f.Index.Words(r.Title) {
			if utf8.RuneCountInString(w) < 2 {
				continue
			}
			checked++
			if !v.Has(w) {
				t.Errorf("%s of the title %s is not in the vocabulary", w, r.Title)
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d title words checked", checked)
	}
	// The words of a new title that no text held before are in the
	// vocabulary read after the write, not before.
	title := "望川区2024年湿地候鸟保护工作总结"
	var fresh []string
	for _, w := range f.Index.Words(title) {
		if utf8.RuneCountInString(w) < 2 || !isHan(w) {
			continue
		}
		held := false
		for _, r := range m.reports {
			held = held || strings.Contains(r.Title, w) || strings.Contains(r.Text, w)
		}
		if !held {
			fresh = append(fresh, w)
			if v.Has(w) {
				t.Errorf("%s is in the vocabulary before any text holds it", w)
			}
		}
	}
	if len(fresh) == 0 {
		t.Fatalf("no word of %s is new: %v", title, f.Index.Words(title))
	}
	f.Upload(t, "wangchuan-2024-houniao.txt", birdReport(42, 2))
	// A backend may refresh its vocabulary in the background after
	// writes (index.Index.Vocabulary); the new words must come, soon.
	deadline := time.Now().Add(vocabularyLag)
	for {
		after, err := f.Index.Vocabulary()
		if err != nil {
			t.Fatal(err)
		}
		var missing []string
		for _, w := range fresh {
			if !after.Has(w) {
				missing = append(missing, w)
			}
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v of an uploaded title not in the vocabulary %s after the upload", missing, vocabularyLag)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// vocabularyLag is how long after a write its words may take to reach the
// vocabulary.
const vocabularyLag = 15 * time.Second

// isHan reports whether every character of s is Chinese.
func isHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// indexModel writes every report of the model into a new index in dir
// and returns it open.
func indexModel(t *testing.T, b index.Backend, m *model, dir string) index.Index {
	t.Helper()
	ix, err := b.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	w := ix.NewWriter()
	for _, r := range m.reports {
		if err := w.Add(*r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return ix
}

func testVersions(t *testing.T, newBackend func(testing.TB) index.Backend) {
	damage := func(t *testing.T, dir string, deep bool) {
		t.Helper()
		n := 0
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case d.IsDir() && path != dir && !deep:
				return filepath.SkipDir
			case d.Type().IsRegular():
				n++
				return os.WriteFile(path, []byte("{an index of no version"), 0o644)
			}
			return nil
		})
		if err != nil || n == 0 {
			t.Fatalf("damaged %d files: %v", n, err)
		}
	}
	for _, tt := range []struct {
		name string
		deep bool
	}{{"index metadata damaged", false}, {"every file damaged", true}} {
		t.Run(tt.name, func(t *testing.T) {
			f := Open(t, newBackend(t), nil)
			m, err := newModel(f.Archive)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "index")
			if err := indexModel(t, f.Backend, m, dir).Close(); err != nil {
				t.Fatal(err)
			}
			// An index the backend wrote reopens, holding what it held.
			ix, err := f.Backend.Open(dir)
			if err != nil {
				t.Fatalf("reopening: %v", err)
			}
			reopened := &Fixture{Backend: f.Backend, Archive: f.Archive, Index: ix}
			for _, q := range []string{"", "行政复议", "法"} {
				req := all(q, index.Sections)
				checkMatches(t, reopened, m, "reopened: "+describe(q, req), req, m.matches(req))
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			damage(t, dir, tt.deep)
			for _, b := range []index.Backend{f.Backend, newBackend(t)} {
				ix, err := b.Open(dir)
				if err == nil {
					ix.Close()
				}
				if !errors.Is(err, index.ErrVersionMismatch) {
					t.Errorf("opening a damaged index: %v, want an error wrapping index.ErrVersionMismatch", err)
				}
			}
		})
	}
}
