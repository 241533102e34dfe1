package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index/indextest"
	"github.com/lantai/lantai/internal/fold"
)

// qualityQueries is the ranking evaluation set (docs/QUALITY.md): domain
// terms of the shared corpus's subjects — legal and administrative
// vocabulary, policy slogans, sectors — chosen so that each is in the
// title of some reports and only in the body of many others.
var qualityQueries = []string{
	"法治政府建设", "行政复议", "行政诉讼", "行政执法", "政府信息公开", "营商环境", "放管服", "一网通办",
	"跨省通办", "双随机一公开", "证明事项告知承诺制", "规范性文件", "合法性审查", "乡村振兴", "安全生产",
	"疫情防控", "政务服务", "信用体系", "行政处罚", "行政许可", "公平竞争审查", "重大行政决策",
	"法律顾问", "普法", "依法行政", "市场监管", "生态环境", "食品安全", "退役士兵", "社会保险",
	"住房公积金", "安置", "消防", "统计", "预算", "审计", "税收", "知识产权", "公共资源交易",
	"应急管理", "数据安全", "个人信息", "养老服务", "义务教育", "医疗保障", "民办教育", "招标投标",
	"标准化", "档案", "外商投资",
}

// judgment grades one report for one query: 2 when its title contains the
// query, 1 when a section heading does, 0 otherwise. Containment is the
// literal definition of the backend suite (indextest.ContainsLiteral:
// folded text, punctuation runs matching each other).
func judgment(r corpus.Report, q []fold.Run) int {
	if indextest.ContainsLiteral(indextest.TextRuns(r.Title), q) {
		return 2
	}
	for _, sec := range r.Sections {
		if indextest.ContainsLiteral(indextest.TextRuns(sec.Heading), q) {
			return 1
		}
	}
	return 0
}

// qualityResult holds the evaluation of the whole set.
type qualityResult struct {
	NDCG10, MRR float64
	Queries     int
	PerQuery    []string
}

// evaluateRanking runs every query in report scope and scores the first
// ten hits against the judgments: nDCG@10 with gain 2^grade-1 and log2
// discount, and MRR, the reciprocal rank of the first hit with the best
// grade any report has for that query (0 when it is not in the first 10).
func evaluateRanking(t testing.TB, s *Service) qualityResult {
	t.Helper()
	var reports []corpus.Report
	err := s.archive.Each(func(r corpus.Report) error {
		r.Text = "" // judgments need titles and headings only
		for i := range r.Sections {
			r.Sections[i].Text = ""
		}
		reports = append(reports, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var res qualityResult
	for _, q := range qualityQueries {
		qr := indextest.LiteralRuns(q)
		grades := map[string]int{}
		var all []int
		for _, r := range reports {
			if g := judgment(r, qr); g > 0 {
				grades[r.ID] = g
				all = append(all, g)
			}
		}
		if len(all) == 0 {
			t.Errorf("query %s has no judged report; replace it", q)
			continue
		}
		sort.Sort(sort.Reverse(sort.IntSlice(all)))
		best := all[0]
		resp, err := s.Search(context.Background(), Request{Query: q, Scope: ScopeReports, Size: 10})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var dcg, idcg, rr float64
		for i, h := range resp.Hits {
			g := grades[h.ID]
			dcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
			if rr == 0 && g == best {
				rr = 1 / float64(i+1)
			}
		}
		for i, g := range all[:min(10, len(all))] {
			idcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
		}
		ndcg := dcg / idcg
		res.NDCG10 += ndcg
		res.MRR += rr
		res.Queries++
		res.PerQuery = append(res.PerQuery, fmt.Sprintf("%s\tjudged=%d best=%d\tnDCG@10=%.3f\tRR=%.3f", q, len(all), best, ndcg, rr))
	}
	if res.Queries > 0 {
		res.NDCG10 /= float64(res.Queries)
		res.MRR /= float64(res.Queries)
	}
	return res
}

// Floors a little under the values recorded in docs/QUALITY.md: a change
// that ranks worse than this fails.
const (
	floorNDCG10 = 0.97
	floorMRR    = 0.97
)

func TestRankingQuality(t *testing.T) {
	s := corpusSvc(t)
	if len(qualityQueries) < 40 {
		t.Fatalf("only %d evaluation queries", len(qualityQueries))
	}
	res := evaluateRanking(t, s)
	t.Logf("nDCG@10 %.4f, MRR %.4f over %d queries\n%s", res.NDCG10, res.MRR, res.Queries, strings.Join(res.PerQuery, "\n"))
	if res.NDCG10 < floorNDCG10 {
		t.Errorf("nDCG@10 %.4f under the floor %.4f", res.NDCG10, floorNDCG10)
	}
	if res.MRR < floorMRR {
		t.Errorf("MRR %.4f under the floor %.4f", res.MRR, floorMRR)
	}
}
