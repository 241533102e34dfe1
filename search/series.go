package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
	"github.com/lantai/lantai/internal/fold"
	"github.com/lantai/lantai/numbers"
	"github.com/lantai/lantai/series"
)

// SeriesMember is one report of a series.
type SeriesMember struct {
	ID    string `json:"id"`
	Year  int    `json:"year"`
	Title string `json:"title"`
	Date  string `json:"date,omitempty"`
}

// Series is one body's reports of one kind across years (see package
// series).
type Series struct {
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	Agency  string         `json:"agency"`
	Kind    string         `json:"kind"`
	Years   []int          `json:"years"`
	Members []SeriesMember `json:"members"`
}

// seriesState caches the series of the archive under its stamp: grouping
// reads every record (a second for the corpus, ten at 10×), so it is done
// once per archive state, and after a write the old groups keep answering
// while the new ones are built in the background.
type seriesState struct {
	// build is held by the one grouping pass running.
	build sync.Mutex
	// mu guards the fields below.
	mu         sync.Mutex
	current    *seriesGroups
	rebuilding bool
	aliases    *series.Aliases
}

// seriesGroups is one grouping of the archive.
type seriesGroups struct {
	stamp string
	all   []*Series
	byID  map[string]*Series
	byRep map[string]*Series
}

// loadAliases reads the operator's alias file (Config.SeriesAliasesPath).
func (s *Service) loadAliases() error {
	s.series.aliases = series.DefaultAliases()
	if s.cfg.SeriesAliasesPath == "" {
		return nil
	}
	f, err := os.Open(s.cfg.SeriesAliasesPath)
	if err != nil {
		return fmt.Errorf("series aliases: %w", err)
	}
	defer f.Close()
	a, err := series.ParseAliases(f)
	if err != nil {
		return fmt.Errorf("series aliases %s: %w", s.cfg.SeriesAliasesPath, err)
	}
	s.series.aliases = a
	return nil
}

// allSeries returns the archive's series. The first call groups them;
// after a write, the groups of the previous state answer while a
// background pass groups the new one.
func (s *Service) allSeries(ctx context.Context) ([]*Series, *seriesGroups, error) {
	st := &s.series
	stamp := s.archive.Stamp()
	st.mu.Lock()
	cur := st.current
	stale := cur != nil && cur.stamp != stamp
	if stale && !st.rebuilding {
		st.rebuilding = true
		go func() {
			if _, err := s.groupSeries(context.WithoutCancel(ctx)); err != nil {
				s.log.Warn("grouping report series", "err", err)
			}
			st.mu.Lock()
			st.rebuilding = false
			st.mu.Unlock()
		}()
	}
	st.mu.Unlock()
	if cur != nil {
		return cur.all, cur, nil
	}
	g, err := s.groupSeries(ctx)
	if err != nil {
		return nil, nil, err
	}
	return g.all, g, nil
}

// groupSeries groups the archive's reports into series, unless a pass
// that finished while this one waited already did so for the archive's
// state.
func (s *Service) groupSeries(ctx context.Context) (*seriesGroups, error) {
	st := &s.series
	st.build.Lock()
	defer st.build.Unlock()
	stamp := s.archive.Stamp()
	st.mu.Lock()
	cur := st.current
	st.mu.Unlock()
	if cur != nil && cur.stamp == stamp {
		return cur, nil
	}
	var members []series.Member
	err := s.archive.Each(func(r corpus.Report) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		m := series.Member{ID: r.ID, Title: r.Title, Agency: r.Agency, Year: r.Year, Date: r.Date, SHA256: r.SHA256}
		if r.Text != "" {
			sum := sha256.Sum256([]byte(r.Text))
			m.TextSHA = hex.EncodeToString(sum[:])
		}
		members = append(members, m)
		return nil
	})
	if err != nil && !errors.Is(err, archive.ErrDamaged) {
		return nil, err
	}
	groups := series.Group(members, st.aliases)
	g := &seriesGroups{stamp: stamp, all: make([]*Series, 0, len(groups)), byID: map[string]*Series{}, byRep: map[string]*Series{}}
	for _, gr := range groups {
		out := &Series{ID: gr.ID, Name: gr.Name, Agency: gr.Agency, Kind: gr.Kind, Years: gr.Years, Members: make([]SeriesMember, 0, len(gr.Members))}
		for _, m := range gr.Members {
			out.Members = append(out.Members, SeriesMember{ID: m.ID, Year: m.Year, Title: m.Title, Date: m.Date})
			g.byRep[m.ID] = out
		}
		g.all = append(g.all, out)
		g.byID[out.ID] = out
	}
	st.mu.Lock()
	st.current = g
	st.mu.Unlock()
	return g, nil
}

// ListSeries returns the series whose agency contains agency and whose
// name contains q (both folded; empty matches all), sorted by name.
func (s *Service) ListSeries(ctx context.Context, agency, q string) ([]*Series, error) {
	all, _, err := s.allSeries(ctx)
	if err != nil {
		return nil, err
	}
	agency, q = fold.String(strings.TrimSpace(agency)), fold.String(strings.TrimSpace(q))
	out := []*Series{}
	for _, sr := range all {
		if agency != "" && !strings.Contains(fold.String(sr.Agency), agency) {
			continue
		}
		if q != "" && !strings.Contains(fold.String(sr.Name), q) {
			continue
		}
		out = append(out, sr)
	}
	return out, nil
}

// SeriesByID returns one series, or ErrNotFound.
func (s *Service) SeriesByID(ctx context.Context, id string) (*Series, error) {
	_, st, err := s.allSeries(ctx)
	if err != nil {
		return nil, err
	}
	if sr, ok := st.byID[id]; ok {
		return sr, nil
	}
	return nil, fmt.Errorf("%w: no series has the id %q", ErrNotFound, id)
}

// SeriesOf returns the series report id belongs to, or ErrNotFound.
func (s *Service) SeriesOf(ctx context.Context, reportID string) (*Series, error) {
	_, st, err := s.allSeries(ctx)
	if err != nil {
		return nil, err
	}
	if sr, ok := st.byRep[reportID]; ok {
		return sr, nil
	}
	if _, err := s.report(reportID); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%w: report %s belongs to no series", ErrNotFound, reportID)
}

// ReportRef names a report in a comparison.
type ReportRef struct {
	ID    string `json:"id"`
	Year  int    `json:"year"`
	Title string `json:"title"`
}

// SectionBrief names a section in a comparison.
type SectionBrief struct {
	ID      string `json:"id"`
	Heading string `json:"heading"`
	Level   int    `json:"level"`
}

// SentenceChange is one sentence added, removed or changed between two
// aligned sections.
type SentenceChange struct {
	Kind    string         `json:"kind"`
	A       string         `json:"a"`
	B       string         `json:"b"`
	Numbers []NumberChange `json:"numbers"`
}

// NumberChange is a figure that differs between aligned sentences, as
// written in each.
type NumberChange struct {
	A string `json:"a"`
	B string `json:"b"`
}

// SectionPair is a section of the first report aligned with one of the
// second.
type SectionPair struct {
	A          SectionBrief     `json:"a"`
	B          SectionBrief     `json:"b"`
	Similarity float64          `json:"similarity"`
	SplitFrom  string           `json:"split_from,omitempty"`
	MergedInto string           `json:"merged_into,omitempty"`
	Changes    []SentenceChange `json:"changes"`
}

// Comparison is two reports side by side, section by section.
type Comparison struct {
	A          ReportRef      `json:"a"`
	B          ReportRef      `json:"b"`
	Pairs      []SectionPair  `json:"pairs"`
	UnmatchedA []SectionBrief `json:"unmatched_a"`
	UnmatchedB []SectionBrief `json:"unmatched_b"`
}

// Compare aligns two reports' level-1 and level-2 sections by what they
// are about and marks the sentences and figures that changed.
func (s *Service) Compare(ctx context.Context, a, b string) (*Comparison, error) {
	if a == "" || b == "" {
		return nil, fmt.Errorf("%w: compare needs two report ids, a and b", ErrBadRequest)
	}
	ra, err := s.report(a)
	if err != nil {
		return nil, err
	}
	rb, err := s.report(b)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := series.Compare(ra, rb)
	out := &Comparison{
		A:     ReportRef{ID: ra.ID, Year: ra.Year, Title: ra.Title},
		B:     ReportRef{ID: rb.ID, Year: rb.Year, Title: rb.Title},
		Pairs: make([]SectionPair, 0, len(c.Pairs)), UnmatchedA: briefs(c.UnmatchedA), UnmatchedB: briefs(c.UnmatchedB),
	}
	for _, p := range c.Pairs {
		sp := SectionPair{A: brief(p.A), B: brief(p.B), Similarity: p.Similarity, SplitFrom: p.SplitFrom, MergedInto: p.MergedInto, Changes: make([]SentenceChange, 0, len(p.Changes))}
		for _, ch := range p.Changes {
			sc := SentenceChange{Kind: ch.Kind, A: ch.A, B: ch.B, Numbers: make([]NumberChange, 0, len(ch.Numbers))}
			for _, n := range ch.Numbers {
				sc.Numbers = append(sc.Numbers, NumberChange{A: n.A, B: n.B})
			}
			sp.Changes = append(sp.Changes, sc)
		}
		out.Pairs = append(out.Pairs, sp)
	}
	return out, nil
}

func brief(r series.SectionRef) SectionBrief {
	return SectionBrief{ID: r.ID, Heading: r.Heading, Level: r.Level}
}

func briefs(rs []series.SectionRef) []SectionBrief {
	out := make([]SectionBrief, 0, len(rs))
	for _, r := range rs {
		out = append(out, brief(r))
	}
	return out
}

// TimelinePoint is what one report of a series states for a metric: the
// first statement, or nulls when it states none.
type TimelinePoint struct {
	Year        int      `json:"year"`
	ReportID    string   `json:"report_id"`
	Title       string   `json:"title"`
	Value       *float64 `json:"value"`
	ValueMax    *float64 `json:"value_max"`
	Unit        string   `json:"unit"`
	Qualifier   string   `json:"qualifier"`
	Change      string   `json:"change,omitempty"`
	Text        string   `json:"text"`
	Sentence    string   `json:"sentence"`
	Offset      int      `json:"offset"`
	Occurrences int      `json:"occurrences"`
}

// Timeline is a metric read out of every report of a series.
type Timeline struct {
	Series *Series         `json:"series"`
	Metric string          `json:"metric"`
	Points []TimelinePoint `json:"points"`
}

// maxMetric bounds the metric phrase a timeline takes.
const maxMetric = 40

// Timeline reads, for each member report of a series, the number it
// states for metric (see package numbers): value, unit, qualifier, the
// sentence and its offset, and how many more statements follow. A report
// that states none has a point with a null value, never a guess.
func (s *Service) Timeline(ctx context.Context, seriesID, metric string) (*Timeline, error) {
	metric = strings.TrimSpace(metric)
	switch {
	case metric == "":
		return nil, fmt.Errorf("%w: metric is required (e.g. 行政复议申请, 国内生产总值)", ErrBadRequest)
	case len([]rune(metric)) > maxMetric:
		return nil, fmt.Errorf("%w: metric is %d characters, at most %d", ErrBadRequest, len([]rune(metric)), maxMetric)
	}
	sr, err := s.SeriesByID(ctx, seriesID)
	if err != nil {
		return nil, err
	}
	out := &Timeline{Series: sr, Metric: metric, Points: make([]TimelinePoint, 0, len(sr.Members))}
	for _, m := range sr.Members {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := TimelinePoint{Year: m.Year, ReportID: m.ID, Title: m.Title, Offset: -1}
		r, err := s.report(m.ID)
		if err != nil && !errors.Is(err, ErrDamaged) {
			return nil, err
		}
		if st := numbers.Find(r.Text, metric); len(st) > 0 {
			f := st[0]
			p.Value, p.ValueMax, p.Unit, p.Qualifier, p.Change = f.Value, f.ValueMax, f.Unit, f.Qualifier, f.Change
			p.Text, p.Sentence, p.Offset, p.Occurrences = f.Text, f.Sentence, f.Offset, len(st)
		}
		out.Points = append(out.Points, p)
	}
	return out, nil
}

// FollowedSection is where a followed section stands in one report of a
// series; Section is nil when no section of that report is like it.
type FollowedSection struct {
	Year     int           `json:"year"`
	ReportID string        `json:"report_id"`
	Title    string        `json:"title"`
	Section  *SectionBrief `json:"section"`
	Score    float64       `json:"score"`
}

// Followed is one section followed across every year of a series.
type Followed struct {
	Series  *Series           `json:"series"`
	Heading string            `json:"heading"`
	Points  []FollowedSection `json:"points"`
}

// FollowSection finds, in each report of a series, the level-1 or level-2
// section most like heading (years and digits aside), or like the one
// matched the year before (see series.Follow).
func (s *Service) FollowSection(ctx context.Context, seriesID, heading string) (*Followed, error) {
	heading = strings.TrimSpace(heading)
	switch {
	case heading == "":
		return nil, fmt.Errorf("%w: heading is required (e.g. 工作回顾, 行政复议)", ErrBadRequest)
	case len([]rune(heading)) > MaxQueryRunes:
		return nil, fmt.Errorf("%w: heading is %d characters, at most %d", ErrBadRequest, len([]rune(heading)), MaxQueryRunes)
	}
	sr, err := s.SeriesByID(ctx, seriesID)
	if err != nil {
		return nil, err
	}
	reports := make([]corpus.Report, 0, len(sr.Members))
	for _, m := range sr.Members {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r, err := s.report(m.ID)
		if err != nil && !errors.Is(err, ErrDamaged) {
			return nil, err
		}
		r.ID, r.Year, r.Title = m.ID, m.Year, m.Title
		reports = append(reports, r)
	}
	out := &Followed{Series: sr, Heading: heading, Points: make([]FollowedSection, 0, len(reports))}
	for i, fp := range series.Follow(reports, heading) {
		p := FollowedSection{Year: fp.Year, ReportID: reports[i].ID, Title: fp.Title, Score: fp.Score}
		if fp.Section != nil {
			b := brief(*fp.Section)
			p.Section = &b
		}
		out.Points = append(out.Points, p)
	}
	return out, nil
}
