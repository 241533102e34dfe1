package index

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/lantai/lantai/corpus"
)

// ErrVersionMismatch marks an index built by another version of the
// backend's analysis or layout: it must be rebuilt from the archive.
var ErrVersionMismatch = errors.New("index was built with another analyzer, dictionary or mapping")

// ErrDamaged marks an index whose files are missing or damaged. Like one
// of another version it must be rebuilt from the archive, so it matches
// ErrVersionMismatch too.
var ErrDamaged error = damagedIndex{}

type damagedIndex struct{}

func (damagedIndex) Error() string { return "index files are missing or damaged" }
func (damagedIndex) Unwrap() error { return ErrVersionMismatch }

// ErrBusy marks an index that another process holds for writing.
var ErrBusy = errors.New("index is in use by another lantai process")

// MaxWindow is the deepest hit a search ranks (Request.From+Size); a
// backend refuses a deeper page rather than allocate for it.
const MaxWindow = 10000

// Backend opens indexes of one engine. One Backend serves one archive for
// the life of a process: what it keeps across indexes (analysis
// dictionaries, report texts read for confirming literals) it keeps here.
type Backend interface {
	// Open opens the index in dir, creating it when dir is empty or
	// absent. An index of another version fails with ErrVersionMismatch.
	Open(dir string) (Index, error)
	// OpenReadOnly opens the existing index in dir for searching only:
	// it writes nothing (a read-only mount will do) and works while
	// another process has the index open for writing, reading the index
	// as it was when opened. No index, or one of another version, fails
	// with ErrVersionMismatch.
	OpenReadOnly(dir string) (Index, error)
	// Name identifies the engine in logs and stats ("bleve").
	Name() string
}

// Index is one opened index of reports and their sections. It is safe for
// concurrent use: searches run beside writes.
type Index interface {
	// Search runs one request: its total, one page of hits, facet counts
	// and, when asked, every match's id.
	Search(ctx context.Context, req Request) (*Result, error)
	// NewWriter starts a batch of additions; what was added is searchable
	// when Close returns.
	NewWriter() Writer
	// Delete removes a report and its sections.
	Delete(ctx context.Context, reportID string) error
	// Indexed returns the SHA-256 of the version of a report the index
	// holds, "" when it holds none.
	Indexed(reportID string) (sha256 string, err error)
	// Compact merges the index into as few parts as it can, for the
	// fastest searches, after a rebuild or a large ingest.
	Compact(ctx context.Context) error
	// Verify reads back every file the index's current state is made of
	// against its checksum and returns one line per damaged or missing
	// file (none when the index is whole); err is for a check that could
	// not run.
	Verify(ctx context.Context) (problems []string, err error)
	// Vocabulary is the set of words the index cut out of titles and
	// texts. After writes it may lag them by a few seconds (a backend
	// refreshes it in the background rather than make a search wait).
	Vocabulary() (*Vocabulary, error)
	// Words cuts a text into the Chinese words the index would.
	Words(text string) []string
	// Info describes the index.
	Info() Info
	// Close releases the index.
	Close() error
}

// Writer adds reports to an index in batches. It is safe for concurrent
// use; of two versions of a report, the one added later stays.
type Writer interface {
	// Add queues a report (and its sections), replacing any version of it.
	Add(r corpus.Report) error
	// Close writes what is queued and reports the first error of any batch.
	Close() error
}

// Info describes an opened index.
type Info struct {
	// Version names the backend's analysis and layout; an index of
	// another version is rebuilt.
	Version string
	// Dictionary identifies the segmentation dictionaries in use.
	Dictionary string
	// DiskBytes is the index's size on disk.
	DiskBytes int64
	// Dir is where the index lives.
	Dir string
}

// Scope is what a search's hits are.
type Scope uint8

// Scopes.
const (
	Reports  Scope = iota // whole reports
	Sections              // the numbered sections of reports
)

func (s Scope) String() string {
	if s == Sections {
		return "sections"
	}
	return "reports"
}

// Order is the order of a search's hits. Ties go to the newer document,
// then the index's own order, so pages never overlap. In the date orders
// documents without a date come last.
type Order uint8

// Orders.
const (
	ByRelevance  Order = iota
	ByDate             // oldest first, then relevance
	ByDateDesc         // newest first, then relevance
	ByYearAgency       // year newest first, then agency, then relevance: the 按年份 view
)

// Filter restricts a search to documents of one agency, one catalog, a
// range of years and a range of dates; the zero Filter lets every document
// through.
type Filter struct {
	// Agency names one issuer, or several (corpus.Issuers): a document
	// passes when it was issued by each of them, alone or jointly.
	Agency  string
	Catalog string
	// YearFrom and YearTo bound the year, inclusive; 0 leaves a side open.
	YearFrom, YearTo int
	// DateFrom and DateTo bound the date (YYYY-MM-DD), inclusive; ""
	// leaves a side open.
	DateFrom, DateTo string
	// ReportIDs, when not nil, lets through only the documents of these
	// reports: the reports, and in the sections scope their sections. An
	// empty list that is not nil lets nothing through (a citation filter
	// that found no report).
	ReportIDs []string
}

// Request is one search of an index.
type Request struct {
	// Query is the parsed query; nil matches every document of the scope
	// the filter lets through.
	Query *Node
	// Identifier is set when the whole query is a 文号 or 索引号: the
	// document carrying it ranks first, above those citing it (reports
	// scope only).
	Identifier string
	// Like asks for the reports most like one report instead of Query:
	// sharing the words of its title, the same agency's first.
	Like   *corpus.Report
	Filter Filter
	Scope  Scope
	Order  Order
	// RecentFrom, when set, boosts documents of the two and five years
	// before it above older ones; relevance still decides among them.
	RecentFrom time.Time
	// From and Size are the page: hits From to From+Size-1 in Order.
	From, Size int
	// Exclude lists document ids (Hit.DocID) that never match.
	Exclude []string
	// IDsUpTo asks for every match's id in Result.IDs when there are at
	// most this many.
	IDsUpTo int
	// FacetLimit, when positive, keeps in Result.Facets only the
	// FacetLimit values of each facet with the most matches (ties: the
	// lesser value first); 0 keeps every value.
	FacetLimit int
}

// Result is what a search found.
type Result struct {
	// Total counts every match.
	Total uint64
	// Hits is the requested page.
	Hits []Hit
	// Facets counts the matches per agency, year and catalog.
	Facets Facets
	// IDs lists every match's document id, in no particular order, when
	// the request's IDsUpTo allowed it; else nil.
	IDs []string
}

// Hit is one matching report or section.
type Hit struct {
	// DocID is the index's id of the document: the report id for a
	// report, "<report id>#<ordinal>" for a section (SectionDocID).
	DocID string
	// ReportID is the report the hit belongs to.
	ReportID string
	// Section is the ordinal of a section hit in its report's Sections,
	// -1 for a report hit.
	Section int
	Score   float64
}

// Facets counts matches by value: a jointly issued report counts under
// each of its issuers; years are decimal strings; a document without a
// value (no catalog, an unknown year) is not counted.
type Facets struct {
	Agency, Year, Catalog map[string]int
}

// SectionDocID is the document id of a report's section.
func SectionDocID(reportID string, ordinal int) string {
	return reportID + "#" + strconv.Itoa(ordinal)
}
