package app

import (
	"context"
	"time"

	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/projections"
	"github.com/prometheus/client_golang/prometheus"
)

// storeMetrics are the event store's: appends, group-commit batch sizes and
// commit (fsync) latency.
type storeMetrics struct {
	events   prometheus.Counter
	batch    prometheus.Histogram
	requests prometheus.Histogram
	commit   prometheus.Histogram
}

func newStoreMetrics(reg *prometheus.Registry) *storeMetrics {
	m := &storeMetrics{
		events: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "latsar_store_events_appended_total", Help: "Events recorded in the log by this process.",
		}),
		batch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "latsar_store_commit_events", Help: "Events per committed transaction (group commit).",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024},
		}),
		requests: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "latsar_store_commit_appends", Help: "Appends (requests) per committed transaction.",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512},
		}),
		commit: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "latsar_store_commit_seconds", Help: "Time of a commit, fsync included.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25},
		}),
	}
	reg.MustRegister(m.events, m.batch, m.requests, m.commit)
	return m
}

func (m *storeMetrics) observer() sqlite.Option {
	return sqlite.WithCommitObserver(func(requests, events int, took time.Duration) {
		m.events.Add(float64(events))
		m.batch.Observe(float64(events))
		m.requests.Observe(float64(requests))
		m.commit.Observe(took.Seconds())
	})
}

// registerLag exposes how far each projector trails the log, read at each
// scrape.
func (a *App) registerLag(reg *prometheus.Registry, models map[string]projections.ReadModel) {
	for name, m := range models {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "latsar_projection_lag_events", Help: "Events recorded but not yet applied by a projector.",
			ConstLabels: prometheus.Labels{"projector": name},
		}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			head, err := a.Store.HeadPosition(ctx)
			if pos := m.Position(); err == nil && head > pos {
				return float64(head - pos)
			}
			return 0
		}))
	}
}
