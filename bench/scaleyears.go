package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"sort"
	"time"

	"github.com/lantai/lantai/search"
)

// yearsRun is what the scale run measures of the across-years features
// and of lantai check at one size.
type yearsRun struct {
	// Series is how many series /api/series lists; SeriesMS the median
	// of its answer (the groups are built once per archive state, at
	// start, before the warm log line).
	Series   int     `json:"series"`
	SeriesMS float64 `json:"series_ms"`
	// Largest is the largest series' member count; CompareMS and
	// TimelineMS the medians of comparing its two newest members and of
	// its 国内生产总值 timeline.
	Largest    int     `json:"largest_series"`
	CompareMS  float64 `json:"compare_ms"`
	TimelineMS float64 `json:"timeline_ms"`
	// CheckSeconds is lantai check's wall time over the data folder (read
	// beside serve), CheckExit its exit code.
	CheckSeconds float64 `json:"check_seconds"`
	CheckExit    int     `json:"check_exit"`
	Error        string  `json:"error,omitempty"`
}

// yearsRounds is how many times each across-years request is timed.
const yearsRounds = 5

// measureYears times the series list, a compare and a timeline of the
// largest series on the running server.
func measureYears(ctx context.Context, client *http.Client, base string, y *yearsRun) error {
	var list struct {
		Series []*search.Series `json:"series"`
	}
	var times []float64
	for range yearsRounds {
		start := time.Now()
		if err := getJSON(ctx, client, base+"/api/series", &list); err != nil {
			return fmt.Errorf("/api/series: %w", err)
		}
		times = append(times, msFloat(time.Since(start)))
	}
	y.Series, y.SeriesMS = len(list.Series), median(times)
	if len(list.Series) == 0 {
		return nil
	}
	largest := slices.MaxFunc(list.Series, func(a, b *search.Series) int { return len(a.Members) - len(b.Members) })
	y.Largest = len(largest.Members)
	members := slices.Clone(largest.Members)
	sort.Slice(members, func(i, j int) bool { return members[i].Year < members[j].Year })
	a, b := members[len(members)-2].ID, members[len(members)-1].ID
	for _, m := range []struct {
		u   string
		dst *float64
	}{
		{base + "/api/compare?a=" + url.QueryEscape(a) + "&b=" + url.QueryEscape(b), &y.CompareMS},
		{base + "/api/timeline?series=" + url.QueryEscape(largest.ID) + "&metric=" + url.QueryEscape("国内生产总值"), &y.TimelineMS},
	} {
		times = times[:0]
		for range yearsRounds {
			var body map[string]any
			start := time.Now()
			if err := getJSON(ctx, client, m.u, &body); err != nil {
				return fmt.Errorf("%s: %w", m.u, err)
			}
			times = append(times, msFloat(time.Since(start)))
		}
		*m.dst = median(times)
	}
	return nil
}

// measureCheck runs lantai check over data (read-only, beside serve).
func measureCheck(ctx context.Context, o scaleOptions, bin, data, logPath string, y *yearsRun) {
	logf, err := os.Create(logPath)
	if err != nil {
		y.Error = err.Error()
		return
	}
	defer logf.Close()
	cmd := exec.CommandContext(ctx, bin, "check", "-data", data)
	cmd.Stdout, cmd.Stderr, cmd.Env = logf, logf, childEnv(o)
	start := time.Now()
	err = cmd.Run()
	y.CheckSeconds = time.Since(start).Seconds()
	if cmd.ProcessState != nil {
		y.CheckExit = cmd.ProcessState.ExitCode()
	} else if err != nil {
		y.Error = err.Error()
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	sort.Float64s(s)
	return s[len(s)/2]
}
