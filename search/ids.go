package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"

	"github.com/lantai/lantai/indexer"
)

// MatchingIDs returns the index ids of every exact match of a request
// (reports: report ids; sections: "<report id>#<ordinal>"), unranked and
// without snippets: what a recall check or an export of results needs.
func (s *Service) MatchingIDs(ctx context.Context, req Request) ([]string, error) {
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	var ids []string
	err := s.withPlan(ctx, &req, func(ctx context.Context, ix *indexer.Index, p *plan) error {
		count, err := ix.DocCount()
		if err != nil {
			return err
		}
		sr := bleve.NewSearchRequestOptions(p.query, int(count), 0, false)
		sr.SortBy([]string{"_id"})
		res, err := ix.Search(ctx, sr)
		if err != nil {
			return s.mapSearchErr(ctx, err)
		}
		ids = make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		return nil
	})
	return ids, err
}
