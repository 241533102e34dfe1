package bleveindex

import (
	"fmt"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TermPostings are a term's postings in one segment, deleted documents
// too: the documents holding it, in order, with the term's frequency and
// the field's norm in each, what Bleve's tf-idf scores a term match by.
// Segments never change, so they hold for as long as the segment lives.
type TermPostings struct {
	Locals []uint32
	Freqs  []uint64
	Norms  []float64
}

// Size is the postings' size in memory, in bytes.
func (p *TermPostings) Size() int { return len(p.Locals)*20 + 80 }

// TermPostings reads a term's postings in a segment of the snapshot.
func (s *Sets) TermPostings(seg int, field, term string) (*TermPostings, error) {
	dict, err := s.segs[seg].Segment().Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("reading the terms of %s: %w", field, err)
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("reading the postings of %s:%q: %w", field, term, err)
	}
	out := &TermPostings{}
	it := pl.Iterator(true, true, false, nil)
	for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
		if err != nil {
			return nil, fmt.Errorf("reading the postings of %s:%q: %w", field, term, err)
		}
		out.Locals = append(out.Locals, uint32(p.Number()))
		out.Freqs = append(out.Freqs, p.Frequency())
		out.Norms = append(out.Norms, p.Norm())
	}
	return out, nil
}

// NewPostingsSearcher returns a searcher of the live documents of the
// snapshot r whose field holds term, scored by Bleve's own tf-idf term
// scorer exactly as its term searcher scores them, from the term's
// postings in each segment (Sets.TermPostings, which a caller may keep):
// advancing it is a binary search in memory instead of a step through a
// segment's compressed postings. r must be the snapshot of sets, and the
// index scored by tf-idf, Bleve's default and Lantai's mapping's.
func NewPostingsSearcher(sets *Sets, r bindex.IndexReader, field, term string, boost float64, postings []*TermPostings, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if len(postings) != len(sets.segs) {
		return nil, fmt.Errorf("bleveindex: postings of %d segments for a snapshot of %d", len(postings), len(sets.segs))
	}
	docTotal, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	s := &postingsSearcher{sets: sets, postings: postings, deleted: make([]*roaring.Bitmap, len(postings)), term: []byte(term), termString: term,
		boost: boost, queryWeight: 1, batchSeg: -1}
	var docTerm uint64
	for seg, p := range postings {
		s.deleted[seg] = sets.segs[seg].Deleted()
		if s.deleted[seg] == nil {
			docTerm += uint64(len(p.Locals))
			continue
		}
		for _, local := range p.Locals {
			if !s.deleted[seg].Contains(local) {
				docTerm++
			}
		}
	}
	s.count = docTerm
	s.idf = idf(docTotal, docTerm)
	s.scorer = scorer.NewTermQueryScorer(s.term, field, boost, docTotal, docTerm, 0, options)
	return s, nil
}

// postingsSearcher is NewPostingsSearcher's searcher: its position is the
// segment seg and the index at of that segment's postings.
type postingsSearcher struct {
	sets     *Sets
	postings []*TermPostings
	deleted  []*roaring.Bitmap
	term     []byte
	// termString is term as the scorer's matches carry it.
	termString string
	scorer     *scorer.TermQueryScorer
	count      uint64
	seg, at    int
	tfd        bindex.TermFieldDoc
	// boost, idf and queryWeight are the scorer's, for scoring batches
	// (addScores) without a match object each.
	boost, idf, queryWeight float64
	// batchSeg and batchAt are addScores' place in the postings, apart
	// from the searcher's own (seg, at).
	batchSeg, batchAt int
}

// Next implements bsearch.Searcher.
func (s *postingsSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for ; s.seg < len(s.postings); s.seg, s.at = s.seg+1, 0 {
		p := s.postings[s.seg]
		for ; s.at < len(p.Locals); s.at++ {
			local := p.Locals[s.at]
			if s.deleted[s.seg] != nil && s.deleted[s.seg].Contains(local) {
				continue
			}
			s.tfd.Reset()
			s.tfd.Term = s.termString
			s.tfd.Freq = p.Freqs[s.at]
			s.tfd.Norm = p.Norms[s.at]
			s.tfd.ID = bindex.NewIndexInternalID(s.tfd.ID, s.sets.keys.offsets[s.seg]+uint64(local))
			s.at++
			return s.scorer.Score(ctx, &s.tfd), nil
		}
	}
	return nil, nil
}

// Advance implements bsearch.Searcher; like the set searcher's, it never
// moves back.
func (s *postingsSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	offsets := s.sets.keys.offsets
	target := id.Value()
	seg := sort.Search(len(offsets), func(i int) bool { return offsets[i] > target }) - 1
	if seg > s.seg {
		s.seg, s.at = seg, 0
	}
	if seg == s.seg && s.seg < len(s.postings) {
		locals := s.postings[seg].Locals
		local := uint32(target - offsets[seg])
		s.at += sort.Search(len(locals)-s.at, func(i int) bool { return locals[s.at+i] >= local })
	}
	return s.Next(ctx)
}

// Weight implements bsearch.Searcher.
func (s *postingsSearcher) Weight() float64 { return s.scorer.Weight() }

// SetQueryNorm implements bsearch.Searcher.
func (s *postingsSearcher) SetQueryNorm(qn float64) {
	s.scorer.SetQueryNorm(qn)
	s.queryWeight = s.boost * s.idf * qn
}

// Count implements bsearch.Searcher.
func (s *postingsSearcher) Count() uint64 { return s.count }

// Min implements bsearch.Searcher.
func (s *postingsSearcher) Min() int { return 0 }

// Size implements bsearch.Searcher.
func (s *postingsSearcher) Size() int { return 128 }

// DocumentMatchPoolSize implements bsearch.Searcher.
func (s *postingsSearcher) DocumentMatchPoolSize() int { return 1 }

// Close implements bsearch.Searcher.
func (s *postingsSearcher) Close() error { return nil }
