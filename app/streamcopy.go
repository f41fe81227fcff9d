package app

import (
	"context"
	"time"

	"github.com/latsar/ledger/events/sqlite"
	"github.com/prometheus/client_golang/prometheus"
)

// StreamCopyFile is the SQLite log's copy ordered by stream
// (events/sqlite/streamcopy.go): a cache for replays, checked against the
// log at every read, deleted and built again when it is not of this log.
const StreamCopyFile = "streams.db"

// streamCopyCheck is how often the server looks whether the copy is due,
// unless Options.StreamCopyCheck says otherwise.
const streamCopyCheck = 10 * time.Minute

// keepStreamCopy builds the stream copy once the log holds from events and
// builds it again whenever an eighth more than it holds was recorded since
// (what was recorded after it is read from the log, at random places), in
// the background, until ctx ends.
func (a *App) keepStreamCopy(ctx context.Context, s *sqlite.Store, o Options) {
	every := o.StreamCopyCheck
	if every <= 0 {
		every = streamCopyCheck
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		a.buildStreamCopyIfDue(ctx, s, o)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (a *App) buildStreamCopyIfDue(ctx context.Context, s *sqlite.Store, o Options) {
	head, err := s.HeadPosition(ctx)
	if err != nil {
		return
	}
	// A copy up to upTo is enough while less than an eighth of what it
	// holds was recorded after it.
	enough := func(upTo uint64) bool { return upTo > 0 && head-upTo <= upTo/8 }
	upTo := s.StreamCopyStats().UpTo
	if head < o.StreamCopyFrom || enough(upTo) {
		return
	}
	// A copy built by hand since (`latsar stream-copy`) may be enough.
	if position, err := s.LoadStreamCopyIfPresent(ctx); err == nil && enough(position) {
		a.log.Info("stream copy taken from its file", "file", StreamCopyFile, "up_to", position)
		return
	}
	started := time.Now()
	a.log.Info("building the stream copy", "file", StreamCopyFile, "head", head, "copied_up_to", upTo)
	var position uint64
	if o.StreamCopyBuilder != nil {
		if err = o.StreamCopyBuilder(ctx); err == nil {
			position, err = s.LoadStreamCopy(ctx)
		}
	} else {
		position, err = s.BuildStreamCopy(ctx)
	}
	if err != nil {
		if ctx.Err() == nil {
			a.log.Warn("stream copy not built: replays read the log", "err", err)
		}
		return
	}
	a.log.Info("stream copy built", "up_to", position, "took_ms", time.Since(started).Milliseconds())
}

func registerStreamCopy(reg *prometheus.Registry, s *sqlite.Store) {
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "latsar_stream_copy_position", Help: "The last log position the stream copy holds (0: none in use).",
		}, func() float64 { return float64(s.StreamCopyStats().UpTo) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "latsar_stream_copy_reads_total", Help: "Whole-stream reads served from the stream copy and the log's tail.",
		}, func() float64 { return float64(s.StreamCopyStats().Reads) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "latsar_stream_copy_broken_total", Help: "Reads the stream copy did not hold faithfully: served by the log, the copy dropped.",
		}, func() float64 { return float64(s.StreamCopyStats().Broken) }),
	)
}
