package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"
)

// MatchingIDs returns the index ids of every exact match of a request
// (reports: report ids; sections: "<report id>#<ordinal>"), unranked and
// without snippets: what a recall check or an export of results needs.
func (s *Service) MatchingIDs(ctx context.Context, req Request) ([]string, error) {
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	p, err := s.buildPlan(ix, &req)
	if err != nil {
		return nil, err
	}
	count, err := ix.DocCount()
	if err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(p.query, int(count), 0, false)
	sr.SortBy([]string{"_id"})
	res, err := ix.Search(ctx, sr)
	if err != nil {
		return nil, s.mapSearchErr(ctx, err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}
