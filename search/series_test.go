package search

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestSeriesOnCorpus runs the across-years features on the real corpus:
// the 国务院 政府工作报告 form one series, two of its years compare with
// their 工作回顾 sections aligned, and its 国内生产总值 timeline reads a
// number for most years and null (never a guess) for a year that states
// none.
func TestSeriesOnCorpus(t *testing.T) {
	s := corpusSvc(t)
	ctx := context.Background()
	start := time.Now()
	list, err := s.ListSeries(ctx, "国务院", "政府工作报告")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("grouped the corpus into series in %s", time.Since(start))
	var gov *Series
	for _, sr := range list {
		if sr.Agency == "国务院" && sr.Kind == "政府工作报告" {
			gov = sr
		}
	}
	if gov == nil || len(gov.Years) < 40 {
		t.Fatalf("series of 国务院 政府工作报告: %+v (of %d listed), want one of 40 years or more", gov, len(list))
	}
	if got, err := s.SeriesByID(ctx, gov.ID); err != nil || got.ID != gov.ID {
		t.Errorf("SeriesByID(%s) = %v, %v", gov.ID, got, err)
	}
	if _, err := s.SeriesByID(ctx, "0000000000000000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SeriesByID(unknown) = %v, want ErrNotFound", err)
	}
	byYear := map[int]string{}
	for _, m := range gov.Members {
		byYear[m.Year] = m.ID
	}
	if got, err := s.SeriesOf(ctx, byYear[2014]); err != nil || got.ID != gov.ID {
		t.Errorf("SeriesOf(2014 report) = %v, %v", got, err)
	}

	c, err := s.Compare(ctx, byYear[2013], byYear[2014])
	if err != nil {
		t.Fatal(err)
	}
	aligned := false
	for _, p := range c.Pairs {
		if strings.Contains(p.A.Heading, "工作回顾") && strings.Contains(p.B.Heading, "工作回顾") {
			aligned = true
		}
	}
	if !aligned || c.A.Year != 2013 || c.B.Year != 2014 {
		t.Errorf("compare 2013 with 2014: the 工作回顾 sections are not aligned (%d pairs)", len(c.Pairs))
	}
	if _, err := s.Compare(ctx, "", byYear[2014]); !errors.Is(err, ErrBadRequest) {
		t.Errorf("Compare without a: %v, want ErrBadRequest", err)
	}

	tl, err := s.Timeline(ctx, gov.ID, "国内生产总值")
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Points) != len(gov.Members) {
		t.Fatalf("%d points for %d members", len(tl.Points), len(gov.Members))
	}
	stated, empty := 0, 0
	for _, p := range tl.Points {
		if p.Value == nil {
			empty++
			if p.Text != "" || p.Occurrences != 0 {
				t.Errorf("%d: a point without a value has text %q", p.Year, p.Text)
			}
			continue
		}
		stated++
		if !strings.Contains(p.Sentence, "国内生产总值") || !strings.Contains(p.Sentence, p.Text) {
			t.Errorf("%d: sentence %q does not state %q for the metric", p.Year, p.Sentence, p.Text)
		}
	}
	if stated < 15 || empty == 0 {
		t.Errorf("国内生产总值 timeline: %d years stated, %d empty; want most recent years stated and some not", stated, empty)
	}
	if _, err := s.Timeline(ctx, gov.ID, ""); !errors.Is(err, ErrBadRequest) {
		t.Errorf("Timeline without a metric: %v, want ErrBadRequest", err)
	}
}
