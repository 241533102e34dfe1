package search

import (
	"fmt"
	"testing"
)

// TestLiteralCacheAgreesWithConfirming checks that a search answered from
// the literal cache (the first time, filling it, and again, reading it)
// finds and scores exactly what confirming every candidate anew finds,
// in both scopes and with filters that cut the literal's matches.
func TestLiteralCacheAgreesWithConfirming(t *testing.T) {
	s, _ := openSamples(t, nil)
	queries := []string{"法治政府", "行政复议", "依法行政 法治", `"法治政府建设"`, "title:法治政府", "行政复议 OR 行政诉讼", "法治政府 -行政复议", "桥", "5g", "不存在的文字"}
	requests := []Request{}
	for _, q := range queries {
		for _, scope := range []string{ScopeReports, ScopeSections} {
			requests = append(requests,
				Request{Query: q, Scope: scope},
				Request{Query: q, Scope: scope, Year: 2022},
				Request{Query: q, Scope: scope, From: "2021-01-01", To: "2022-12-31", Sort: SortDate})
		}
	}
	summary := func(r *Response) string {
		out := fmt.Sprintf("total %d, did you mean %q:", r.Total, r.DidYouMean)
		for _, h := range r.Hits {
			sec := ""
			if h.Section != nil {
				sec = h.Section.ID
			}
			out += fmt.Sprintf(" %s/%s %.3f %s;", h.ID, sec, h.Score, h.Match)
		}
		return out
	}
	cache := s.literals
	found := 0
	for _, req := range requests {
		s.results.invalidate()
		s.literals = nil
		want := summary(doSearch(t, s, req))
		s.literals = cache
		for _, pass := range []string{"filling the cache", "from the cache"} {
			s.results.invalidate()
			res := doSearch(t, s, req)
			if got := summary(res); got != want {
				t.Errorf("%+v %s:\n got %s\nwant %s", req, pass, got, want)
			}
			found += len(exactHits(res))
		}
	}
	if found == 0 {
		t.Fatal("no query found anything: the comparison proves nothing")
	}
}
