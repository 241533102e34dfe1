package search

import (
	"context"
	"math"
	"sort"

	"github.com/lantai/lantai/index"
)

// MatchingIDs returns the index ids of every exact match of a request
// (reports: report ids; sections: "<report id>#<ordinal>"), sorted and
// without snippets: what a recall check or an export of results needs.
func (s *Service) MatchingIDs(ctx context.Context, req Request) ([]string, error) {
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	var ids []string
	err := s.withPlan(ctx, &req, func(ctx context.Context, ix index.Index, p *plan) error {
		ireq := p.req
		ireq.From, ireq.Size, ireq.IDsUpTo = 0, 0, math.MaxInt
		res, err := ix.Search(ctx, ireq)
		if err != nil {
			return s.mapSearchErr(ctx, err)
		}
		ids = res.IDs
		if ids == nil {
			ids = []string{}
		}
		sort.Strings(ids)
		return nil
	})
	return ids, err
}
