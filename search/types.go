package search

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
)

// ErrBadRequest marks a request parameter that is out of range or malformed;
// the error text names the parameter.
var ErrBadRequest = errors.New("bad request")

// Scopes of a search.
const (
	ScopeReports  = "reports"
	ScopeSections = "sections"
)

// Sort orders of a search.
const (
	SortRelevance = "relevance"
	SortDate      = "date"   // oldest first
	SortDateDesc  = "-date"  // newest first
	SortRecent    = "recent" // relevance, with recent documents boosted
)

// MaxSize is the largest page size a request may ask for.
const MaxSize = 100

// MaxResultWindow is how deep paging may go: page × size may not pass it.
// A deeper page costs the index memory and time in proportion to its depth
// (every hit above it is ranked), so one request could otherwise exhaust
// the server; a reader wanting every match narrows the query or uses the
// id listing instead.
const MaxResultWindow = 10000

// Query cost limits. A query's cost grows with its length, its number of
// terms (each one a posting walk and a confirmation) and its nesting (each
// level of exclusion or grouping walks its documents again), so each is
// capped; past a cap the request is refused with the cap named rather than
// left to run past its deadline.
const (
	MaxQueryRunes = 1000 // characters of q
	MaxQueryTerms = 32   // words, phrases and field:value filters
	MaxQueryDepth = 8    // nested parentheses and exclusions
)

// Match kinds of a hit.
const (
	MatchExact   = "exact"   // the text contains what was typed
	MatchRelated = "related" // found only through a synonym, variant or correction
)

// Request is one search as the API and the command line accept it.
type Request struct {
	// Query is what the person typed.
	Query string `json:"q"`
	// Scope is ScopeReports (default) or ScopeSections.
	Scope string `json:"scope"`
	// Agency, Catalog and Year filter on exact values; empty/0 means any.
	Agency  string `json:"agency,omitempty"`
	Catalog string `json:"catalog,omitempty"`
	Year    int    `json:"year,omitempty"`
	// From and To bound the document date, inclusive, as YYYY-MM-DD.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Sort is SortRelevance (default), SortRecent, SortDate or SortDateDesc.
	Sort string `json:"sort"`
	// Page is 1-based; Size is at most MaxSize (default 10).
	Page int `json:"page"`
	Size int `json:"size"`
}

// Normalize fills defaults and checks every parameter, returning an error
// wrapping ErrBadRequest that names the first bad parameter.
func (r *Request) Normalize() error {
	if n := utf8.RuneCountInString(r.Query); n > MaxQueryRunes {
		return fmt.Errorf("%w: q must be at most %d characters long, not %d", ErrBadRequest, MaxQueryRunes, n)
	}
	if r.Scope == "" {
		r.Scope = ScopeReports
	}
	if r.Scope != ScopeReports && r.Scope != ScopeSections {
		return fmt.Errorf("%w: scope must be %q or %q, not %q", ErrBadRequest, ScopeReports, ScopeSections, r.Scope)
	}
	if r.Sort == "" {
		r.Sort = SortRelevance
	}
	if r.Sort != SortRelevance && r.Sort != SortDate && r.Sort != SortDateDesc && r.Sort != SortRecent {
		return fmt.Errorf("%w: sort must be relevance, recent, date or -date, not %q", ErrBadRequest, r.Sort)
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Page < 1 {
		return fmt.Errorf("%w: page must be 1 or more, not %d", ErrBadRequest, r.Page)
	}
	if r.Size == 0 {
		r.Size = 10
	}
	if r.Size < 1 || r.Size > MaxSize {
		return fmt.Errorf("%w: size must be between 1 and %d, not %d", ErrBadRequest, MaxSize, r.Size)
	}
	// Divided, not multiplied: page × size overflows for a large page.
	if r.Page > MaxResultWindow/r.Size {
		return fmt.Errorf("%w: page must be at most %d with size %d: page × size may not pass the result window of %d hits, not page %d",
			ErrBadRequest, MaxResultWindow/r.Size, r.Size, MaxResultWindow, r.Page)
	}
	if r.Year < 0 || r.Year > 9999 {
		return fmt.Errorf("%w: year must be a four-digit year, not %d", ErrBadRequest, r.Year)
	}
	var from, to time.Time
	var err error
	if r.From != "" {
		if from, err = time.Parse(time.DateOnly, r.From); err != nil {
			return fmt.Errorf("%w: from must be a date as YYYY-MM-DD, not %q", ErrBadRequest, r.From)
		}
	}
	if r.To != "" {
		if to, err = time.Parse(time.DateOnly, r.To); err != nil {
			return fmt.Errorf("%w: to must be a date as YYYY-MM-DD, not %q", ErrBadRequest, r.To)
		}
	}
	if r.From != "" && r.To != "" && from.After(to) {
		return fmt.Errorf("%w: from (%s) is after to (%s)", ErrBadRequest, r.From, r.To)
	}
	return nil
}

// Response is the body of a search, exactly as the API returns it.
type Response struct {
	Total  uint64 `json:"total"`
	TookMS int64  `json:"took_ms"`
	Page   int    `json:"page"`
	Size   int    `json:"size"`
	Hits   []Hit  `json:"hits"`
	Facets Facets `json:"facets"`
	// DidYouMean is a corrected query when this one found little.
	DidYouMean string `json:"did_you_mean,omitempty"`
	// Ignored lists parts of the query that were taken literally because
	// they did not parse as syntax.
	Ignored []string `json:"ignored,omitempty"`
}

// Hit is one report or section found.
type Hit struct {
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	Agency   string      `json:"agency"`
	Catalog  string      `json:"catalog"`
	Date     string      `json:"date"`
	Year     int         `json:"year"`
	IndexNo  string      `json:"index_no"`
	DocNo    string      `json:"doc_no"`
	Score    float64     `json:"score"`
	Snippets []string    `json:"snippets"`
	Section  *SectionRef `json:"section,omitempty"`
	// Match is MatchExact or MatchRelated.
	Match string `json:"match"`
	// CitesCount and CitedByCount are how many archived reports the
	// report cites and how many cite it (attachments included); nil
	// while the citation graph is being built (fillCitationCounts).
	CitesCount   *int `json:"cites_count,omitempty"`
	CitedByCount *int `json:"cited_by_count,omitempty"`
}

// SectionRef names the section a section hit was found in.
type SectionRef struct {
	ID      string `json:"id"`
	Number  string `json:"number"`
	Heading string `json:"heading"`
	Level   int    `json:"level"`
}

// Facets counts the matching documents per agency, year and catalog.
type Facets struct {
	Agency  []FacetValue `json:"agency"`
	Year    []FacetValue `json:"year"`
	Catalog []FacetValue `json:"catalog"`
}

// FacetValue is one facet bucket.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// YearGroups is the "按年份" view: section hits grouped by year (newest
// first), then by agency.
type YearGroups struct {
	Total  uint64      `json:"total"`
	TookMS int64       `json:"took_ms"`
	Years  []YearGroup `json:"years"`
}

// YearGroup holds one year's hits, grouped by agency.
type YearGroup struct {
	Year     int           `json:"year"`
	Agencies []AgencyGroup `json:"agencies"`
}

// AgencyGroup holds one agency's section hits within a year.
type AgencyGroup struct {
	Agency string `json:"agency"`
	Hits   []Hit  `json:"hits"`
}

// Suggestion is one completion for what a person is typing.
type Suggestion struct {
	Text string `json:"text"`
	// Kind is "title", "heading" or "term".
	Kind string `json:"kind"`
	// ID is the report of a title suggestion.
	ID string `json:"id,omitempty"`
}

// Stats describes what the archive and index hold.
type Stats struct {
	Reports        int          `json:"reports"`
	Sections       int          `json:"sections"`
	IndexBytes     int64        `json:"index_bytes"`
	ArchiveBytes   int64        `json:"archive_bytes"`
	Agencies       []FacetValue `json:"agencies"`
	Years          []FacetValue `json:"years"`
	Catalogs       []FacetValue `json:"catalogs"`
	IndexVersion   string       `json:"index_version"`
	DictionaryHash string       `json:"dictionary_version"`
}

// ReportView is one report as the API returns it: the record, its versions
// and the most similar other reports.
type ReportView struct {
	corpus.Report
	Versions []VersionInfo `json:"versions"`
	Related  []Hit         `json:"related"`
}

// VersionInfo describes one stored version of a report, oldest first
// (see versionInfo).
type VersionInfo struct {
	// Number is the version's place, 1 for the oldest.
	Number     int    `json:"number"`
	SHA256     string `json:"sha256"`
	MediaType  string `json:"media_type"`
	Source     string `json:"source"`
	IngestedAt string `json:"ingested_at"`
	// Title and Date are what this version's original was parsed to.
	Title string `json:"title"`
	Date  string `json:"date"`
	// TextBytes is the size of the text read from it, Sections how many
	// numbered sections it has.
	TextBytes int `json:"text_bytes"`
	Sections  int `json:"sections"`
}

// Original is a report's original bytes as received.
type Original struct {
	Data      []byte
	MediaType string
	// Source is where the original was read from (Report.Source); a
	// download name is the transport's to derive from it.
	Source string
}

// IngestResult summarises an upload or ingest through the service.
type IngestResult struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Repaired counts reports whose damaged record or original the upload
	// stored again.
	Repaired int       `json:"repaired"`
	IDs      []string  `json:"ids"`
	Failures []Failure `json:"failures"`
	// Notes names files stored with a problem to know of (a scan with no
	// text layer).
	Notes []Failure `json:"notes"`
}

// Failure names one input that could not be stored, and why.
type Failure struct {
	Source string `json:"source"`
	Reason string `json:"reason"`
}

// ErrNotFound marks an unknown report id or 索引号.
var ErrNotFound = errors.New("not found")

// ErrTimeout marks a query that ran past its deadline.
var ErrTimeout = errors.New("query timed out")

// ErrDamaged marks a report whose stored record or original fails its
// checksum (archive.ErrDamaged): that report alone cannot be served until
// its original is ingested again.
var ErrDamaged = archive.ErrDamaged

// DamagedReport returns the id of the damaged report err names.
func DamagedReport(err error) (id string, ok bool) {
	var d *archive.DamagedError
	if errors.As(err, &d) {
		return d.ID, true
	}
	return "", false
}
