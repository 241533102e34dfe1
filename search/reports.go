package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
)

// Report returns the latest version of a report, its versions and the
// reports most like it.
func (s *Service) Report(ctx context.Context, id string) (*ReportView, error) {
	r, err := s.report(id)
	if err != nil {
		return nil, err
	}
	versions, err := s.archive.Versions(id)
	if err != nil {
		return nil, s.mapArchiveErr(err)
	}
	view := &ReportView{Report: r, Versions: make([]VersionInfo, 0, len(versions)), Related: []Hit{}}
	for i, v := range versions {
		view.Versions = append(view.Versions, versionInfo(i+1, v))
	}
	related, err := s.related(ctx, r, 6)
	if err != nil {
		s.log.Warn("related reports", "id", id, "err", err)
	} else {
		view.Related = related
	}
	return view, nil
}

// related finds the reports most like r: the words of its title, with the
// same agency's reports (often the same report of other years) first.
func (s *Service) related(ctx context.Context, r corpus.Report, n int) ([]Hit, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	s.mu.RLock()
	defer s.mu.RUnlock()
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	res, err := ix.Search(ctx, index.Request{Like: &r, Size: n})
	if err != nil {
		return nil, err
	}
	out := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, hitMetadata(h, s.archivedReport(h), MatchRelated))
	}
	return out, nil
}

// Original returns a report's original bytes as received.
func (s *Service) Original(ctx context.Context, id string) (*Original, error) {
	o, err := s.archive.OriginalOf(id)
	if err != nil {
		return nil, s.mapArchiveErr(err)
	}
	return &Original{Data: o.Data, MediaType: o.MediaType, Source: o.Source}, nil
}

// File returns one of report id's attached files (corpus.File), by its
// SHA-256, exactly as stored; ErrNotFound when the report has no such
// file.
func (s *Service) File(ctx context.Context, id, sha256 string) (*Original, error) {
	r, err := s.report(id)
	if err != nil {
		return nil, err
	}
	for _, f := range r.Files {
		if f.SHA256 != sha256 {
			continue
		}
		b, _, err := s.archive.Original(sha256)
		if err != nil {
			return nil, s.mapArchiveErr(err)
		}
		return &Original{Data: b, MediaType: f.MediaType, Source: f.Name}, nil
	}
	return nil, fmt.Errorf("report %s has no attached file %q: %w", id, sha256, ErrNotFound)
}

// LookupIndexNo returns the ids of the reports carrying an 索引号.
func (s *Service) LookupIndexNo(ctx context.Context, indexNo string) ([]string, error) {
	ids, err := s.archive.LookupIndexNo(indexNo)
	if err != nil {
		return nil, s.mapArchiveErr(err)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%w: no report has 索引号 %q", ErrNotFound, indexNo)
	}
	return ids, nil
}

// Resolve finds a report by id or, failing that, by 索引号.
func (s *Service) Resolve(ctx context.Context, idOrIndexNo string) (string, error) {
	if _, err := s.report(idOrIndexNo); err == nil {
		return idOrIndexNo, nil
	} else if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	ids, err := s.LookupIndexNo(ctx, idOrIndexNo)
	if err != nil {
		return "", fmt.Errorf("%w: no report has id or 索引号 %q", ErrNotFound, idOrIndexNo)
	}
	return ids[len(ids)-1], nil
}

// Stats describes what the archive and the index hold.
func (s *Service) Stats(ctx context.Context) (*Stats, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ix, err := s.index()
	if err != nil {
		return nil, err
	}
	reports, err := ix.Search(ctx, index.Request{Scope: index.Reports})
	if err != nil {
		return nil, err
	}
	sections, err := ix.Search(ctx, index.Request{Scope: index.Sections})
	if err != nil {
		return nil, err
	}
	info := ix.Info()
	f := facetsOf(reports.Facets, facetLimits{agency: 1000, year: 1000, catalog: 1000})
	sort.Slice(f.Year, func(i, j int) bool { return f.Year[i].Value < f.Year[j].Value })
	return &Stats{
		Reports:        int(reports.Total),
		Sections:       int(sections.Total),
		IndexBytes:     info.DiskBytes,
		ArchiveBytes:   dirBytes(s.archive.Dir()),
		Agencies:       f.Agency,
		Years:          f.Year,
		Catalogs:       f.Catalog,
		IndexVersion:   info.Version,
		DictionaryHash: info.Dictionary,
	}, nil
}

// dirBytes is the size of the files under dir.
func dirBytes(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
