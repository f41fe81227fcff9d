package api

import (
	"crypto/subtle"

	"github.com/latsar/ledger/domain"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	replayed    prometheus.Counter
	rateLimited *prometheus.CounterVec

	// series are the request counters and histograms found so far by
	// their labels: the vectors hash the label values and take a lock at
	// every look-up.
	mu     sync.RWMutex
	series map[seriesKey]series
}

type seriesKey struct {
	method, route string
	status        int
}

type series struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		series: map[seriesKey]series{},
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "latsar_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "latsar_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	m.replayed = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "latsar_idempotency_replays_total", Help: "Writes answered from a kept Idempotency-Key answer.",
	})
	m.rateLimited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "latsar_rate_limited_total", Help: "Requests refused with 429, by budget (token or address).",
	}, []string{"budget"})
	reg.MustRegister(m.requests, m.duration, m.replayed, m.rateLimited)
	// Registering twice (two servers on one registry in tests) is harmless.
	_ = reg.Register(collectors.NewGoCollector())
	_ = reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// count adds a request to the counters and the latency histogram of its
// route and status.
func (m *metrics) count(method, route string, status int, took time.Duration) {
	k := seriesKey{method, route, status}
	m.mu.RLock()
	s, ok := m.series[k]
	m.mu.RUnlock()
	if !ok {
		s = series{m.requests.WithLabelValues(method, route, strconv.Itoa(status)), m.duration.WithLabelValues(method, route)}
		m.mu.Lock()
		m.series[k] = s
		m.mu.Unlock()
	}
	s.requests.Inc()
	s.duration.Observe(took.Seconds())
}

func promHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
}

// observeServer registers the gauges read from the server's state at each
// scrape: live-feed subscribers and the progress of a rebuild.
func (s *Server) observeServer(reg *prometheus.Registry) {
	_ = reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "latsar_live_feed_subscribers", Help: "Subscribers following the live feed (GET /v1/events/stream).",
	}, func() float64 { return float64(s.feed.subscribers()) }))
	_ = reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "latsar_rebuild_events", Help: "Events folded by the running (or last) rebuild of the read models.",
	}, func() float64 {
		s.rebuilds.mu.Lock()
		defer s.rebuilds.mu.Unlock()
		return float64(s.rebuilds.status.Events)
	}))
	_ = reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "latsar_rebuild_running", Help: "1 while this process rebuilds the read models.",
	}, func() float64 {
		s.rebuilds.mu.Lock()
		defer s.rebuilds.mu.Unlock()
		if s.rebuilds.status.State == "running" {
			return 1
		}
		return 0
	}))
}

// metricsHandler serves /metrics: open, or behind its own bearer secret.
func (s *Server) metricsHandler() echo.HandlerFunc {
	h := echo.WrapHandler(promHandler(s.cfg.Registry))
	if s.cfg.MetricsToken == "" {
		return h
	}
	want := []byte("Bearer " + s.cfg.MetricsToken)
	return func(c echo.Context) error {
		if subtle.ConstantTimeCompare([]byte(c.Request().Header.Get(echo.HeaderAuthorization)), want) != 1 {
			return domain.Errorf(domain.CodeUnauthorized, "send Authorization: Bearer <LATSAR_METRICS_TOKEN>")
		}
		return h(c)
	}
}
