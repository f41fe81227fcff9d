package sqlite_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
)

// benchData is about the size of a real event.
const benchData = `{"nip":"199001012020011001","component":"posttest","score":7001,"attempt":1,"recorded_by":"lms-1"}`

var benchMetadata = events.Metadata{
	Actor: "tok-bench", Role: "assessor", Institution: "lms-1",
	CorrelationID: "0197a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d", Ruleset: "2025.1", SchemaVersion: 1,
}

func benchEvent() events.Proposed {
	p := event("ComponentScored", benchData)
	p.Metadata = benchMetadata
	return p
}

func benchStore(b *testing.B) *sqlite.Store {
	s, err := sqlite.Open(filepath.Join(b.TempDir(), "events.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func reportEventsPerSec(b *testing.B, n int) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkAppendOnePerCall: one event per Append, one caller: one
// transaction, so one fsync, per event.
func BenchmarkAppendOnePerCall(b *testing.B) {
	s := benchStore(b)
	ctx := b.Context()
	n := 0
	for b.Loop() {
		if _, err := s.Append(ctx, "participant-1", events.Any, []events.Proposed{benchEvent()}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportEventsPerSec(b, n)
}

// BenchmarkAppendConcurrent: 32 callers, one event per Append, each on its
// own stream with an exact expected revision. Group commit shares a
// transaction among the appends waiting together.
func BenchmarkAppendConcurrent(b *testing.B) {
	const callers = 32
	s := benchStore(b)
	ctx := b.Context()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for c := range callers {
		wg.Go(func() {
			stream := fmt.Sprintf("participant-%d", c)
			expected := events.NoStream
			for next.Add(1) <= int64(b.N) {
				res, err := s.Append(ctx, stream, expected, []events.Proposed{benchEvent()})
				if err != nil {
					b.Error(err)
					return
				}
				expected = events.ExpectRevision(res.Last().Revision)
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	reportEventsPerSec(b, b.N)
}

// BenchmarkAppendBatch100: 100 events per Append, one caller. ns/op is per
// Append of 100 events.
func BenchmarkAppendBatch100(b *testing.B) {
	s := benchStore(b)
	ctx := b.Context()
	batch := make([]events.Proposed, 100)
	n := 0
	for b.Loop() {
		for i := range batch {
			batch[i] = benchEvent()
		}
		if _, err := s.Append(ctx, "participant-1", events.Any, batch); err != nil {
			b.Fatal(err)
		}
		n += len(batch)
	}
	reportEventsPerSec(b, n)
}
