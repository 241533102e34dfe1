package web

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics holds one server's collectors in a private registry, so that two
// servers in one process (as in tests) never collide on registration.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	search   *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lantai_http_requests_total",
			Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lantai_http_request_duration_seconds",
			Help:    "HTTP request latency by route and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "status"}),
		search: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lantai_search_duration_seconds",
			Help:    "Backend search latency by kind (search, by_year, suggest) and outcome.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"kind", "outcome"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.search,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe records one finished request.
func (m *metrics) observe(route string, status int, d time.Duration) {
	st := strconv.Itoa(status)
	m.requests.WithLabelValues(route, st).Inc()
	m.latency.WithLabelValues(route, st).Observe(d.Seconds())
}

// observeSearch records one backend call.
func (m *metrics) observeSearch(kind string, start time.Time, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.search.WithLabelValues(kind, outcome).Observe(time.Since(start).Seconds())
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
}
