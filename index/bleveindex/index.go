package bleveindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/index"
	"github.com/lantai/lantai/internal/fold"
)

// Version of the index layout: bump it whenever the mapping, the analysis
// or the document shape changes, and every index built before is rebuilt
// from the archive on the next start.
const Version = "20"

// Document types in the index.
const (
	TypeReport  = "report"
	TypeSection = "section"
)

// Field names of indexed documents. FieldSectionID, FieldTitle,
// FieldHeading, FieldText, FieldIndexNo, FieldDocNo, FieldNumber and
// FieldLevel belong to MappingWith (the benchmarks' baseline) only: Lantai
// reads what a hit displays from the archive.
const (
	FieldType        = "type"
	FieldReportID    = "report_id"
	FieldSectionID   = "section_id"
	FieldSectionOrd  = "section_ord"
	FieldTitle       = "title"
	FieldHeading     = "heading"
	FieldText        = "text"
	FieldLit         = "lit"
	FieldTitleLit    = "title_lit"
	FieldTitleWords  = "title_w"
	FieldTextWords   = "text_w"
	FieldAgency      = "agency"
	FieldIssuer      = "issuer"
	FieldCatalog     = "catalog"
	FieldYearKey     = "year_k"
	FieldDateKey     = "date_k"
	FieldIndexNo     = "index_no"
	FieldIndexNoNorm = "index_no_norm"
	FieldDocNo       = "doc_no"
	FieldDocNoNorm   = "doc_no_norm"
	FieldNumber      = "number"
	FieldLevel       = "level"
	FieldSHA256      = "sha256"
	FieldSections    = "nsec"
	// FieldMatchText is the stored match text of a report document
	// (matchtext.go), in which literals are confirmed.
	FieldMatchText = "mt"
)

// The text of a document is indexed twice. The literal fields, of report
// documents only (FieldLit: the report's title, text and section
// headings, ReportLiteralText; FieldTitleLit: its title), hold the
// distinct SetTokens of the text, without positions, frequencies or norms:
// a report that contains a query holds all of the query's terms, and so
// does the report of every section that contains it. The search confirms
// each candidate, report or section of a candidate report, in the text
// itself, which also tells whether the query stands in a title or
// heading. Sections hold no literal field of their own: their terms
// repeated their report's and doubled the index's postings and the cost
// of an ingest (docs/BENCHMARKS.md, session 6). The word fields hold
// jieba's words with frequencies: a report's title (FieldTitleWords) and
// Preamble (FieldTextWords), a section's heading and own text
// (FieldTextWords); every piece of text is in one document's. They rank,
// scoring a document where the query is a word of its own above one where
// it is a piece of a longer word.

const versionKey = "lantai_index_version"

// Index is the Bleve index of reports and their sections. It is safe for
// concurrent use.
type Index struct {
	bleve   bleve.Index
	dir     string
	version string
	seg     *Segmenter
	// segmentCap bounds the documents of a segment (maxSegmentDocs).
	segmentCap int64
	// serial tells this index from every other the process opens.
	serial uint64
	// specs say how each field of a document is indexed (fields.go).
	specs map[string]fieldSpec
	// snapshotCopy is the folder of the copy of another process's index
	// snapshot a read-only open reads (OpenReadOnly), removed by Close.
	snapshotCopy string

	closeOnce sync.Once
	closeErr  error

	keysMu sync.Mutex
	// keys caches the key table of each live segment, by segment id.
	keys map[uint64]*keyTable
	// lastKeys are the key tables of the last snapshot asked for, for
	// the searches of that snapshot, with the facet counts they pool.
	lastKeys *snapshotKeys
	// facetDict gives the facet values of all key tables merged ids.
	facetDict *facetDictionary

	vocabMu sync.Mutex
	// vocab caches the word fields' vocabulary; vocabWrites counts the
	// batches applied, vocabOf the count vocab was read at, and
	// vocabLoading is set while a background reload runs (vocab.go).
	vocab        *index.Vocabulary
	vocabWrites  uint64
	vocabOf      uint64
	vocabLoading bool
	vocabLoaded  time.Time

	// bytes counts the bytes of the match texts written and sampled, for
	// the needles of literals (matchtext.go).
	bytes byteCounts

	// backend holds what outlives the index (the literal cache); nil for
	// an index opened without one, which caches no literal.
	backend *Backend
}

// versionString is what an index records about how it was built.
func versionString(seg *Segmenter) string {
	return "v" + Version + "/dict-" + seg.DictionaryVersion()
}

// Open opens the index in dir, creating it when dir does not exist. It
// returns index.ErrVersionMismatch when the index was built differently; the
// caller then rebuilds it from the archive.
func Open(dir string, seg *Segmenter) (*Index, error) {
	return open(dir, seg, maxSegmentDocs)
}

// open is Open with segments of at most segmentCap documents.
func open(dir string, seg *Segmenter, segmentCap int64) (*Index, error) {
	Use(seg)
	config := map[string]interface{}{"scorchMergePlanOptions": backgroundMergePlan(segmentCap)}
	if _, statErr := os.Stat(filepath.Join(dir, "index_meta.json")); statErr == nil {
		// Another process holding the index (a running server) makes the
		// open fail after a moment instead of hanging.
		config["bolt_timeout"] = "3s"
		b, err := openExisting(dir, seg, config)
		if err != nil {
			return nil, err
		}
		return newIndex(b, dir, seg, segmentCap)
	}
	b, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, config)
	if err != nil {
		return nil, fmt.Errorf("creating index %s: %w", dir, err)
	}
	if err := b.SetInternal([]byte(versionKey), []byte(versionString(seg))); err != nil {
		b.Close()
		return nil, err
	}
	return newIndex(b, dir, seg, segmentCap)
}

// checkNewestSnapshot loads the newest snapshot the index recorded. Bleve
// opens an index at the newest snapshot it can load and logs the ones it
// cannot: with a segment file gone it would open an older one, holding
// less, without an error.
func checkNewestSnapshot(b bleve.Index) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	epochs, err := sc.RootBoltSnapshotEpochs()
	if err != nil || len(epochs) == 0 {
		return err
	}
	snap, err := sc.LoadSnapshot(epochs[0])
	if err != nil {
		return fmt.Errorf("its newest snapshot does not load: %w", err)
	}
	if snap != nil {
		return snap.DecRef()
	}
	return nil
}

// ownLayout reports whether dir's index metadata names the scorch
// layout this build writes.
func ownLayout(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "index_meta.json"))
	if err != nil {
		return false
	}
	var meta struct {
		Storage string `json:"storage"`
	}
	return json.Unmarshal(b, &meta) == nil && meta.Storage == scorch.Name
}

// openExisting opens the Bleve index in dir with config and checks that
// this build made it.
func openExisting(dir string, seg *Segmenter, config map[string]interface{}) (bleve.Index, error) {
	b, err := bleve.OpenUsing(dir, config)
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s (is `lantai serve` running on this data folder?)", index.ErrBusy, dir)
		}
		// An index this build cannot read is rebuilt from the archive
		// like one of another version. Bleve reads the mapping from the
		// segments, so when the metadata names this build's layout a
		// missing or damaged segment is what failed: say damaged.
		if ownLayout(dir) {
			return nil, fmt.Errorf("%w: opening %s: %v", index.ErrDamaged, dir, err)
		}
		return nil, fmt.Errorf("%w: opening %s: %v", index.ErrVersionMismatch, dir, err)
	}
	if err := checkNewestSnapshot(b); err != nil {
		b.Close()
		return nil, fmt.Errorf("%w: opening %s: %v", index.ErrDamaged, dir, err)
	}
	want := versionString(seg)
	got, _ := b.GetInternal([]byte(versionKey))
	if string(got) != want {
		b.Close()
		return nil, fmt.Errorf("%w: %s has %q, this build needs %q", index.ErrVersionMismatch, dir, got, want)
	}
	return b, nil
}

// newIndex wraps an opened Bleve index of dir.
func newIndex(b bleve.Index, dir string, seg *Segmenter, segmentCap int64) (*Index, error) {
	specs, err := fieldSpecs(newMapping())
	if err != nil {
		b.Close()
		return nil, err
	}
	ix := &Index{bleve: b, dir: dir, version: versionString(seg), seg: seg, segmentCap: segmentCap, serial: openedIndexes.Add(1), specs: specs}
	ix.sampleByteCounts()
	return ix, nil
}

// byteSample is how many bytes of stored match texts an opened index
// counts for its needles: enough for the frequencies of Chinese text's
// bytes, a few milliseconds to read.
const byteSample = 1 << 20

// byteSampleDocs bounds the documents of one segment sampled.
const byteSampleDocs = 8192

// sampleByteCounts counts the bytes of the first reports' match texts of
// each segment, up to byteSample in all, so that an index opened without
// writing picks its needles' rare bytes as one that wrote them.
func (ix *Index) sampleByteCounts() {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return
	}
	r, err := adv.Reader()
	if err != nil {
		return
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return
	}
	segs := snap.Segments()
	for _, ss := range segs {
		share := byteSample / len(segs)
		// A report and its sections follow each other, so a few
		// thousand documents hold a few hundred reports' texts.
		for local := uint64(0); local < min(ss.Segment().Count(), byteSampleDocs) && share > 0; local++ {
			_ = ss.Segment().VisitStoredFields(local, func(field string, _ byte, value []byte, _ []uint64) bool {
				if field != FieldMatchText {
					return true
				}
				var t matchText
				if t.decode(value) == nil {
					ix.bytes.add(t.body)
					share -= len(t.body)
				}
				return false
			})
		}
	}
}

// openedIndexes counts the indexes the process has opened, for serial.
var openedIndexes atomic.Uint64

// maxSegmentDocs bounds the documents of one index segment, in the
// background merges of a bulk ingest and in Compact. A merge maps the
// segments it reads; unbounded, the final compaction of a large corpus
// maps the whole index and the peak memory of an ingest grows with the
// corpus. At ~1 KB of index per document (the real corpus: 61 k
// documents, 64 MB) a segment stays near 100 MB, so an ingest peaks near
// jieba's ~100 MB + the 208 MiB heap limit + one merge's ~100 MB,
// however large the corpus. The real corpus stays one segment.
const maxSegmentDocs = 100_000

// backgroundMergePlan is Bleve's default merge plan with segments capped
// at segmentCap documents, as scorch's configuration takes it (by field
// name: mergeplan.MergePlanOptions has function fields JSON cannot carry).
func backgroundMergePlan(segmentCap int64) map[string]interface{} {
	d := mergeplan.DefaultMergePlanOptions
	return map[string]interface{}{
		"MaxSegmentsPerTier":   d.MaxSegmentsPerTier,
		"MaxSegmentSize":       segmentCap,
		"MaxSegmentFileSize":   d.MaxSegmentFileSize,
		"TierGrowth":           d.TierGrowth,
		"SegmentsPerMergeTask": d.SegmentsPerMergeTask,
		"FloorSegmentSize":     min(d.FloorSegmentSize, segmentCap/10),
		"ReclaimDeletesWeight": d.ReclaimDeletesWeight,
	}
}

// VersionString describes how the index was built (layout and dictionary).
func (ix *Index) VersionString() string { return ix.version }

// Dir is the index's folder.
func (ix *Index) Dir() string { return ix.dir }

// Close closes the index.
// A second Close does nothing (Bleve's would panic).
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		ix.closeErr = ix.bleve.Close()
		if ix.snapshotCopy != "" {
			if err := os.RemoveAll(ix.snapshotCopy); ix.closeErr == nil {
				ix.closeErr = err
			}
		}
	})
	return ix.closeErr
}

// newMapping is Lantai's index mapping: the metadata, the literal set
// fields and the word fields.
func newMapping() *mapping.IndexMappingImpl {
	m := metadataMapping(SetAnalyzerName, false)
	doc := m.DefaultMapping
	// Only whether a document holds a term matters to the set fields: no
	// frequencies or norms. Bleve's tf-idf scores such a field NaN, so the
	// search package queries them with a constant score.
	set := func() *mapping.FieldMapping { return textField(SetAnalyzerName, false, false, true) }
	words := func() *mapping.FieldMapping { return textField(AnalyzerName, false, false, false) }
	doc.AddFieldMappingsAt(FieldLit, set())
	doc.AddFieldMappingsAt(FieldTitleLit, set())
	doc.AddFieldMappingsAt(FieldTitleWords, words())
	doc.AddFieldMappingsAt(FieldTextWords, words())
	doc.AddFieldMappingsAt(FieldMatchText, storedField())
	// The agency again, one term per issuer of a jointly issued document,
	// for the agency filter (FieldAgency holds the whole 发文机构, for
	// display and the facets' key tables).
	doc.AddFieldMappingsAt(FieldIssuer, textField(IssuerAnalyzerName, false, false, true))
	return m
}

// MappingWith is a mapping with the metadata fields and textAnalyzer on
// positional title, heading and body fields (FieldText), without Lantai's
// own literal and word fields: benchmarks build a baseline index with
// another analyzer through it.
func MappingWith(textAnalyzer string) *mapping.IndexMappingImpl {
	m := metadataMapping(textAnalyzer, true)
	// Phrase queries need positions.
	text := func(store bool) *mapping.FieldMapping { return textField(textAnalyzer, store, true, false) }
	m.DefaultMapping.AddFieldMappingsAt(FieldTitle, text(true))
	m.DefaultMapping.AddFieldMappingsAt(FieldHeading, text(true))
	m.DefaultMapping.AddFieldMappingsAt(FieldText, text(false))
	return m
}

// textField is an analysed field that is not part of _all and has no doc
// values.
func textField(analyzer string, store, termVectors, skipFreqNorm bool) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = store
	f.IncludeTermVectors = termVectors
	f.IncludeInAll = false
	f.DocValues = false
	f.SkipFreqNorm = skipFreqNorm
	return f
}

// keywordField is a field indexed as one term.
func keywordField(store, docValues bool) *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = store
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = docValues
	return f
}

// storedField is a field stored for display and not indexed.
func storedField() *mapping.FieldMapping {
	f := keywordField(true, false)
	f.Index = false
	return f
}

// metadataMapping is the mapping of the metadata fields: type, ids,
// facets, dates and normalised identifiers. Lantai stores only what the
// index itself needs (report_id and section_ord, which Sets.Ref also reads
// as doc values, and sha256 and nsec for Indexed): a hit's title, metadata
// and section come from the archive. With storeDisplay, as in the
// baseline of the benchmarks, the fields a hit displays are stored too.
func metadataMapping(defaultAnalyzer string, storeDisplay bool) *mapping.IndexMappingImpl {
	kw := keywordField
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldType, kw(false, false))
	doc.AddFieldMappingsAt(FieldReportID, kw(true, true))
	doc.AddFieldMappingsAt(FieldSectionOrd, kw(true, true))
	doc.AddFieldMappingsAt(FieldAgency, kw(storeDisplay, true))
	doc.AddFieldMappingsAt(FieldCatalog, kw(storeDisplay, true))
	doc.AddFieldMappingsAt(FieldYearKey, kw(storeDisplay, true))
	doc.AddFieldMappingsAt(FieldDateKey, kw(storeDisplay, true))
	doc.AddFieldMappingsAt(FieldIndexNoNorm, kw(false, false))
	doc.AddFieldMappingsAt(FieldDocNoNorm, kw(false, false))
	doc.AddFieldMappingsAt(FieldSHA256, storedField())
	doc.AddFieldMappingsAt(FieldSections, storedField())
	if storeDisplay {
		for _, f := range []string{FieldSectionID, FieldIndexNo, FieldDocNo, FieldNumber, FieldLevel} {
			doc.AddFieldMappingsAt(f, storedField())
		}
	}

	// Every query names its field: no composite _all field.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = defaultAnalyzer
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// YearKey is the indexed form of a year: four digits, so that the keys'
// order is the years' order and a year range is a term range.
func YearKey(year int) string {
	return fmt.Sprintf("%04d", year)
}

// ReportLiteralText is the text of a report's literal field: its title,
// its text, and any section heading or text that its span in the text
// does not hold verbatim (a reader that rewrote it), so that a report
// holds every term of each of its sections.
func ReportLiteralText(r corpus.Report) string {
	var b strings.Builder
	b.Grow(len(r.Title) + len(r.Text) + 1)
	b.WriteString(r.Title)
	b.WriteByte('\n')
	b.WriteString(r.Text)
	for _, s := range r.Sections {
		span := r.Text
		if 0 <= s.Start && s.Start <= s.End && s.End <= len(r.Text) {
			span = r.Text[s.Start:s.End]
		}
		for _, part := range []string{s.Heading, s.Text} {
			if !strings.Contains(span, part) {
				b.WriteByte('\n')
				b.WriteString(part)
			}
		}
	}
	return b.String()
}

// Preamble is the part of a report's text that no section's span covers
// (the text before the first heading, and all of a report without
// sections), its pieces joined by newlines: the words a report document
// holds of its own, since its sections' documents hold the rest. A span
// that does not fit the text leaves the whole text.
func Preamble(r corpus.Report) string {
	spans := make([][2]int, 0, len(r.Sections))
	for _, s := range r.Sections {
		if s.Start < 0 || s.End < s.Start || s.End > len(r.Text) ||
			!utf8.RuneStart(byteAt(r.Text, s.Start)) || !utf8.RuneStart(byteAt(r.Text, s.End)) {
			return r.Text
		}
		spans = append(spans, [2]int{s.Start, s.End})
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		if sp[0] > at {
			b.WriteString(r.Text[at:sp[0]])
			b.WriteByte('\n')
		}
		at = max(at, sp[1])
	}
	b.WriteString(r.Text[at:])
	return b.String()
}

// byteAt is s[i], or an ASCII byte at the end of s.
func byteAt(s string, i int) byte {
	if i == len(s) {
		return '\n'
	}
	return s[i]
}

// SectionDocID is the index id of a report's section number ord (0-based).
func SectionDocID(reportID string, ord int) string {
	return reportID + "#" + strconv.Itoa(ord)
}

// Batch collects documents to write to the index at once.
type Batch struct {
	ix    *Index
	b     *bleve.Batch
	bytes int
	// sections counts the sections of each report added to this batch,
	// and unapplied those of the batch a Writer is still applying: the
	// index does not show them yet, and a later version must delete them.
	sections  map[string]int
	unapplied map[string]int
}

// NewBatch starts a batch of writes.
func (ix *Index) NewBatch() *Batch {
	return &Batch{ix: ix, b: ix.bleve.NewBatch(), sections: map[string]int{}}
}

// Size is the approximate number of text bytes in the batch.
func (b *Batch) Size() int { return b.bytes }

// Len is the number of operations in the batch.
func (b *Batch) Len() int { return b.b.Size() }

// Add queues a report and its sections, replacing a previous version's.
func (b *Batch) Add(r corpus.Report) error {
	p, err := b.ix.prepare(r)
	if err != nil {
		return err
	}
	return b.add(p)
}

// preparedReport is a report's documents, built and analysed, ready to be
// queued: preparing is most of an ingest's work and needs no batch, so a
// Writer prepares reports on every core.
type preparedReport struct {
	id   string
	docs []*document.Document
	// sections is the number of section documents, bytes their text's.
	sections, bytes int
}

// prepare builds and analyses the documents of a report and its sections.
func (ix *Index) prepare(r corpus.Report) (*preparedReport, error) {
	if r.ID == "" {
		return nil, errors.New("bleveindex: report without id")
	}
	base := map[string]string{
		FieldReportID: r.ID,
		FieldAgency:   r.Agency,
		FieldIssuer:   r.Agency,
		FieldCatalog:  r.Catalog,
	}
	if r.IndexNo != "" {
		base[FieldIndexNoNorm] = corpus.NormalizeIndexNo(r.IndexNo)
	}
	if r.DocNoNorm != "" {
		base[FieldDocNoNorm] = fold.String(r.DocNoNorm)
	}
	if r.Year > 0 {
		base[FieldYearKey] = YearKey(r.Year)
	}
	if _, err := time.Parse(time.DateOnly, r.Date); err == nil {
		base[FieldDateKey] = r.Date
	}
	rep := clone(base)
	rep[FieldType] = TypeReport
	rep[FieldLit] = ReportLiteralText(r)
	rep[FieldTitleLit] = r.Title
	rep[FieldTitleWords] = r.Title
	rep[FieldTextWords] = Preamble(r)
	rep[FieldSHA256] = r.SHA256
	rep[FieldSections] = strconv.Itoa(len(r.Sections))
	text := newMatchText(r)
	rep[FieldMatchText] = string(text.pack())
	ix.bytes.add(text.body)
	p := &preparedReport{id: r.ID, docs: make([]*document.Document, 0, 1+len(r.Sections)), sections: len(r.Sections), bytes: len(r.Text) + len(r.Title)}
	doc, err := newDocument(ix.specs, r.ID, rep)
	if err != nil {
		return nil, fmt.Errorf("indexing report %s: %w", r.ID, err)
	}
	p.docs = append(p.docs, doc)
	for i, s := range r.Sections {
		values := clone(base)
		values[FieldType] = TypeSection
		values[FieldSectionOrd] = strconv.Itoa(i)
		values[FieldTextWords] = s.Heading + "\n" + s.Text
		doc, err := newDocument(ix.specs, SectionDocID(r.ID, i), values)
		if err != nil {
			return nil, fmt.Errorf("indexing section %s of report %s: %w", s.ID, r.ID, err)
		}
		p.docs = append(p.docs, doc)
		p.bytes += len(s.Text) + len(s.Heading)
	}
	return p, nil
}

// add queues a prepared report, replacing a previous version's.
func (b *Batch) add(p *preparedReport) error {
	if err := b.deleteSections(p.id); err != nil {
		return err
	}
	for _, doc := range p.docs {
		if err := b.b.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("indexing %s: %w", doc.ID(), err)
		}
	}
	b.bytes += p.bytes
	b.sections[p.id] = p.sections
	return nil
}

// Delete queues the removal of a report and its sections.
func (b *Batch) Delete(reportID string) error {
	if err := b.deleteSections(reportID); err != nil {
		return err
	}
	b.b.Delete(reportID)
	return nil
}

// deleteSections queues the removal of the sections the index holds for a
// report, so a new version with fewer sections leaves none behind.
func (b *Batch) deleteSections(reportID string) error {
	n, _, err := b.ix.indexed(reportID)
	if err != nil {
		return err
	}
	n = max(n, b.sections[reportID], b.unapplied[reportID])
	for i := range n {
		b.b.Delete(SectionDocID(reportID, i))
	}
	return nil
}

func clone(m map[string]string) map[string]string {
	c := make(map[string]string, len(m)+8)
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Apply writes the batch.
func (ix *Index) Apply(b *Batch) error {
	if b.b.Size() == 0 {
		return nil
	}
	if err := ix.bleve.Batch(b.b); err != nil {
		return fmt.Errorf("writing index batch: %w", err)
	}
	ix.vocabMu.Lock()
	ix.vocabWrites++
	ix.vocabMu.Unlock()
	// A new Bleve batch rather than Reset: scorch's analysis goroutine
	// may still be reading the applied one's operations when Batch
	// returns (the race detector caught Reset writing beside it).
	b.b = ix.bleve.NewBatch()
	b.bytes = 0
	clear(b.sections)
	return nil
}

// Indexed implements index.Index.
func (ix *Index) Indexed(reportID string) (string, error) {
	_, sha, err := ix.indexed(reportID)
	return sha, err
}

// indexed returns the number of sections and the original's SHA-256 that
// the index holds for a report; sha256 is "" when the report is not indexed.
func (ix *Index) indexed(reportID string) (sections int, sha256 string, err error) {
	d, err := ix.bleve.Document(reportID)
	if err != nil {
		return 0, "", fmt.Errorf("reading index document %s: %w", reportID, err)
	}
	if d == nil {
		return 0, "", nil
	}
	d.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case FieldSections:
			sections, _ = strconv.Atoi(string(f.Value()))
		case FieldSHA256:
			sha256 = string(f.Value())
		}
	})
	return sections, sha256, nil
}

// searchBleve runs a Bleve request.
func (ix *Index) searchBleve(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return ix.bleve.SearchInContext(ctx, req)
}

// DocCount is the number of documents (reports and sections).
func (ix *Index) DocCount() (uint64, error) { return ix.bleve.DocCount() }

// DiskSize is the size of the index folder in bytes.
func (ix *Index) DiskSize() int64 {
	var n int64
	filepath.WalkDir(ix.dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
