package search

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lantai/lantai/internal/fold"
	"github.com/lantai/lantai/query"
	"github.com/lantai/lantai/samples"
)

// Extra invented reports beside the built-in samples: one that says only
// 简政放权 and 商事环境 (synonyms of 放管服 and 营商环境), one that cites the
// 文号 云政发〔2023〕8号 carried by a sample.
var variantFixtures = map[string]string{
	"wangchuan-2021-jianzheng.txt": `望川区2021年简政放权工作总结

索引号
11330105MB2345678K/2021-00031
发文机构
临江市望川区人民政府
公开目录
工作总结
文      号
望政发〔2021〕12号
日期
2021-12-20


一、主要做法

(一)持续简政放权。全年取消和下放区级审批事项18项，商事环境进一步改善。

二、下一步打算

(一)巩固改革成果。继续清理证明材料，方便企业和群众办事。
`,
	"wangchuan-2023-yingshang-luoshi.txt": `望川区贯彻落实云溪区经验做法的情况通报

索引号
11330105MB2345678K/2023-00040
发文机构
临江市望川区人民政府
公开目录
工作动态
文      号
望政办发〔2023〕3号
日期
2023-06-01


一、学习借鉴

(一)对照云政发〔2023〕8号文件要求，梳理本区企业开办流程，压缩办理时限。
`,
}

var (
	sampleOnce sync.Once
	sampleS    *Service
	sampleErr  error
)

// sampleSvc opens a service over the built-in samples plus variantFixtures.
func sampleSvc(t *testing.T) *Service {
	t.Helper()
	sampleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lantai-variants-")
		if err != nil {
			sampleErr = err
			return
		}
		afterAllTests(func() {
			if sampleS != nil {
				sampleS.Close()
			}
			os.RemoveAll(dir)
		})
		in := filepath.Join(dir, "in")
		paths, err := samples.WriteTo(in)
		if err != nil {
			sampleErr = err
			return
		}
		for name, text := range variantFixtures {
			p := filepath.Join(in, name)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				sampleErr = err
				return
			}
			paths = append(paths, p)
		}
		s, err := Open(context.Background(), Config{DataDir: filepath.Join(dir, "data"), Backend: testBackend(t)})
		if err != nil {
			sampleErr = err
			return
		}
		sum, err := s.IngestPaths(context.Background(), paths, IngestOptions{})
		if err != nil {
			sampleErr = err
			return
		}
		if sum.Failed > 0 {
			sampleErr = os.ErrInvalid
			return
		}
		sampleS = s
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleS
}

func search(t *testing.T, s *Service, req Request) *Response {
	t.Helper()
	res, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	return res
}

func reportText(t *testing.T, s *Service, id string) string {
	t.Helper()
	r, err := s.report(id)
	if err != nil {
		t.Fatal(err)
	}
	return r.Title + "\n" + r.Text
}

// checkExactThenRelated asserts that every exact hit comes before every
// related one, that exact hits contain one of exact and related ones do
// not, and returns the related hits.
func checkExactThenRelated(t *testing.T, s *Service, res *Response, exact ...string) []Hit {
	t.Helper()
	var related []Hit
	for i, h := range res.Hits {
		text := reportText(t, s, h.ID)
		has := slices.ContainsFunc(exact, func(e string) bool { return strings.Contains(text, e) })
		switch h.Match {
		case MatchExact:
			if len(related) > 0 {
				t.Errorf("exact hit %d (%s) after a related one", i, h.Title)
			}
			if !has {
				t.Errorf("exact hit %s does not contain %q", h.Title, exact)
			}
		case MatchRelated:
			if has {
				t.Errorf("related hit %s contains %q: it should be exact", h.Title, exact)
			}
			related = append(related, h)
		default:
			t.Errorf("hit %s has match %q", h.Title, h.Match)
		}
	}
	if uint64(len(res.Hits)) != res.Total && len(res.Hits) < res.Size {
		t.Errorf("total %d but %d hits on a partial page", res.Total, len(res.Hits))
	}
	return related
}

func TestSynonymsAreRelatedAfterExact(t *testing.T) {
	s := sampleSvc(t)
	tests := []struct {
		query, exact, via string
	}{
		{"放管服", "放管服", "简政放权"},
		{"营商环境", "营商环境", "商事环境"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			res := search(t, s, Request{Query: tc.query, Size: 50})
			related := checkExactThenRelated(t, s, res, tc.exact)
			if len(related) == 0 {
				t.Fatalf("no related hit through %s: %+v", tc.via, res.Hits)
			}
			for _, h := range related {
				if !strings.Contains(reportText(t, s, h.ID), tc.via) {
					t.Errorf("related hit %s does not contain %s", h.Title, tc.via)
				}
			}
		})
	}
}

// Paging through exact and related hits one by one gives the same list as
// one big page, and every page agrees on the total.
func TestRelatedPaging(t *testing.T) {
	s := sampleSvc(t)
	all := search(t, s, Request{Query: "放管服", Size: 50})
	var paged []Hit
	for page := 1; page <= int(all.Total)+1; page++ {
		res := search(t, s, Request{Query: "放管服", Size: 2, Page: page})
		if res.Total != all.Total {
			t.Fatalf("page %d: total %d, want %d", page, res.Total, all.Total)
		}
		paged = append(paged, res.Hits...)
	}
	if len(paged) != len(all.Hits) {
		t.Fatalf("paged %d hits, one page %d", len(paged), len(all.Hits))
	}
	for i := range paged {
		if paged[i].ID != all.Hits[i].ID || paged[i].Match != all.Hits[i].Match {
			t.Errorf("hit %d: paged %s/%s, one page %s/%s", i, paged[i].Title, paged[i].Match, all.Hits[i].Title, all.Hits[i].Match)
		}
	}
	var n int
	for _, f := range all.Facets.Year {
		n += f.Count
	}
	if uint64(n) != all.Total {
		t.Errorf("year facets add up to %d, total %d", n, all.Total)
	}
}

func TestTraditionalQueryFindsSimplified(t *testing.T) {
	s := sampleSvc(t)
	for _, q := range []string{"行政復議", "一網通辦", "營商環境"} {
		res := search(t, s, Request{Query: q, Size: 50})
		if res.Total == 0 {
			t.Errorf("%s: no hits", q)
			continue
		}
		for _, h := range res.Hits {
			if h.Match != MatchRelated {
				t.Errorf("%s: hit %s is %s, want related", q, h.Title, h.Match)
			}
		}
		simp := simplified(q)
		if !slices.ContainsFunc(res.Hits, func(h Hit) bool { return strings.Contains(reportText(t, s, h.ID), simp) }) {
			t.Errorf("%s: no hit contains %s", q, simp)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	s := sampleSvc(t)
	tests := []struct{ query, want string }{
		{"行政附议", "行政复议"},
		{"一网通半", "一网通办"},
		{"营伤环境", "营商环境"},
		{"xzfy", "行政复议"},
		{"xingzhengfuyi", "行政复议"},
	}
	for _, tc := range tests {
		res := search(t, s, Request{Query: tc.query})
		if res.DidYouMean != tc.want {
			t.Errorf("%s: did_you_mean %q, want %q", tc.query, res.DidYouMean, tc.want)
		}
		if res.Total == 0 {
			t.Errorf("%s: no related hits through the correction", tc.query)
		}
		checkExactThenRelated(t, s, res, tc.query)
	}
	// A query with enough hits gets no correction.
	if res := search(t, s, Request{Query: "行政复议"}); res.DidYouMean != "" {
		t.Errorf("行政复议: did_you_mean %q", res.DidYouMean)
	}
}

func TestPinyinSuggest(t *testing.T) {
	s := sampleSvc(t)
	for _, q := range []string{"xzfy", "xingzhengfuyi", "xingzheng", "ywtb"} {
		got, err := s.Suggest(context.Background(), q, 8)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			t.Errorf("%s: no suggestions", q)
			continue
		}
		want := map[string]string{"xzfy": "行政复议", "xingzhengfuyi": "行政复议", "xingzheng": "行政", "ywtb": "一网通办"}[q]
		if !strings.Contains(got[0].Text, want) {
			t.Errorf("%s: first suggestion %+v, want one with %s", q, got[0], want)
		}
		titles := 0
		for _, g := range got {
			if g.Kind == "title" || g.Kind == "heading" {
				titles++
			}
		}
		if q != "xingzheng" && titles == 0 {
			t.Errorf("%s: no title or heading among %+v", q, got)
		}
	}
}

func TestIdentifierForms(t *testing.T) {
	s := sampleSvc(t)
	carrier, citing := "云溪区2023年优化营商环境", "望川区贯彻落实云溪区经验做法"
	for _, q := range []string{
		"云政发〔2023〕8号", "云政发[2023]8号", "云政发（2023）8号", "云政发(2023)8号", "云政发【2023】8号",
		"云政发〔2023〕8", "云政发[2023]8", "云政发(2023)8", "云政发 〔2023〕 8号", "doc_no:云政发[2023]8号",
	} {
		res := search(t, s, Request{Query: q})
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Title, carrier) {
			t.Errorf("%s: first hit %v, want the report carrying it", q, titles(res.Hits))
			continue
		}
		if strings.HasPrefix(q, "doc_no:") {
			continue
		}
		if len(res.Hits) < 2 || !strings.Contains(res.Hits[1].Title, citing) {
			t.Errorf("%s: second hit %v, want the report citing it", q, titles(res.Hits))
		}
	}
	for _, q := range []string{"11330102MB1234567X/2023-00015", "11330102mb1234567x/2023-00015", "１１３３０１０２ＭＢ１２３４５６７Ｘ／２０２３－０００１５"} {
		res := search(t, s, Request{Query: q})
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Title, carrier) {
			t.Errorf("%s: first hit %v, want the report with that 索引号", q, titles(res.Hits))
		}
	}
}

func titles(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Title)
	}
	return out
}

func TestBuiltinSynonyms(t *testing.T) {
	groups, err := parseSynonyms(builtinSynonymsText, "synonyms.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) < 40 {
		t.Errorf("only %d synonym groups", len(groups))
	}
	alts := builtinSynonyms().alternatives("放管服")
	for _, w := range []string{"简政放权", "放管结合", "优化服务"} {
		if !slices.Contains(alts, w) {
			t.Errorf("放管服 alternatives %v lack %s", alts, w)
		}
	}
	if alts := builtinSynonyms().alternatives("深化放管服改革"); !slices.Contains(alts, "深化简政放权改革") {
		t.Errorf("深化放管服改革 alternatives %v", alts)
	}
}

func TestLoadSynonyms(t *testing.T) {
	s := sampleSvc(t)
	p := filepath.Join(t.TempDir(), "syn.txt")
	if err := os.WriteFile(p, []byte("# operator list\n云溪区、临江云溪\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.LoadSynonyms(p); err != nil {
		t.Fatal(err)
	}
	defer s.LoadSynonyms("")
	if alts := s.synonymList().alternatives("临江云溪"); !slices.Contains(alts, "云溪区") {
		t.Errorf("operator group not loaded: %v", alts)
	}
	if alts := s.synonymList().alternatives("放管服"); !slices.Contains(alts, "简政放权") {
		t.Errorf("built-in groups lost: %v", alts)
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("孤单\n"), 0o644)
	if err := s.LoadSynonyms(bad); err == nil || !strings.Contains(err.Error(), "bad.txt:1") {
		t.Errorf("one-word group: err %v, want one naming bad.txt:1", err)
	}
	if err := s.LoadSynonyms(filepath.Join(t.TempDir(), "missing.txt")); err == nil {
		t.Error("missing file: no error")
	}
}

// FuzzVariants: no input makes the synonym parser or the rewrite panic,
// and a rewrite that says it changed nothing returns the tree as parsed.
func FuzzVariants(f *testing.F) {
	for _, s := range []string{"放管服 营商环境", `"a b" -c (d OR e) year:2019..2020 title:x`, "行政復議", "xzfy", "、、\n# x\na b", `"`, "-(", "国发[2019]5号"} {
		f.Add(s)
	}
	ss := builtinSynonyms()
	f.Fuzz(func(t *testing.T, q string) {
		parseSynonyms(q, "fuzz")
		root, _ := query.Parse(q)
		rw, changed := rewriteLiterals(root, func(lit string) []string {
			return append(ss.alternatives(fold.String(lit)), simplified(lit))
		})
		if !changed && !reflect.DeepEqual(rw, root) {
			t.Errorf("%q: unchanged rewrite %+v differs from %+v", q, rw, root)
		}
	})
}
