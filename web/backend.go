package web

import (
	"context"

	"github.com/lantai/lantai/search"
)

// Backend is everything the web layer needs from search and the archive.
// *search.Service implements it; errors wrap search.ErrBadRequest,
// search.ErrNotFound or search.ErrTimeout where those apply.
type Backend interface {
	// Search runs one search request.
	Search(ctx context.Context, req search.Request) (*search.Response, error)
	// ByYear runs a section search and groups the hits by year, then agency.
	ByYear(ctx context.Context, req search.Request) (*search.YearGroups, error)
	// Suggest completes what a person is typing.
	Suggest(ctx context.Context, prefix string, limit int) ([]search.Suggestion, error)
	// Report returns the latest version of a report with its versions and
	// related reports.
	Report(ctx context.Context, id string) (*search.ReportView, error)
	// Original returns a report's original bytes as received.
	Original(ctx context.Context, id string) (*search.Original, error)
	// File returns one of a report's attached files by its SHA-256; the
	// error wraps search.ErrNotFound when the report has no such file.
	File(ctx context.Context, id, sha256 string) (*search.Original, error)
	// Citations returns what a report cites and what cites it.
	Citations(ctx context.Context, id string) (*search.Citations, error)
	// Versions returns a report's stored versions, oldest first, numbered
	// from 1.
	Versions(ctx context.Context, id string) ([]search.VersionInfo, error)
	// VersionDiff compares version a of a report with version b (1-based);
	// the error wraps search.ErrBadRequest for a number below 1 and
	// search.ErrNotFound for one past the last version, naming it.
	VersionDiff(ctx context.Context, id string, a, b int) (*search.VersionDiff, error)
	// Editions returns the history of the regulation a report is an
	// edition of: its steps and the archive's editions of it.
	Editions(ctx context.Context, id string) (*search.Editions, error)
	// LookupIndexNo returns the ids of the reports carrying an 索引号.
	LookupIndexNo(ctx context.Context, indexNo string) ([]string, error)
	// Ingest stores and indexes one uploaded file.
	Ingest(ctx context.Context, name string, data []byte) (*search.IngestResult, error)
	// Delete removes a report from the archive and the index.
	Delete(ctx context.Context, id string) error
	// Reindex rebuilds the index from the archive while searches go on.
	Reindex(ctx context.Context) error
	// Stats describes the archive and the index.
	Stats(ctx context.Context) (*search.Stats, error)
	// ListSeries returns the series whose agency contains agency and whose
	// name contains q (empty matches all), sorted by name.
	ListSeries(ctx context.Context, agency, q string) ([]*search.Series, error)
	// SeriesByID returns one series; the error wraps search.ErrNotFound
	// for an unknown id.
	SeriesByID(ctx context.Context, id string) (*search.Series, error)
	// SeriesOf returns the series a report belongs to; the error wraps
	// search.ErrNotFound when it belongs to none (or is unknown).
	SeriesOf(ctx context.Context, reportID string) (*search.Series, error)
	// Compare aligns two reports section by section and marks the
	// sentences and figures that changed.
	Compare(ctx context.Context, a, b string) (*search.Comparison, error)
	// Timeline reads the figure each member report of a series states for
	// metric; a report stating none has a point with null values.
	Timeline(ctx context.Context, seriesID, metric string) (*search.Timeline, error)
	// FollowSection finds one section in every report of a series.
	FollowSection(ctx context.Context, seriesID, heading string) (*search.Followed, error)
}
