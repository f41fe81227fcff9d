package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latsar/ledger/audit"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	ledgerpkg "github.com/latsar/ledger/ledger"
)

// BenchmarkReplayStream is what an as_of replay costs without HTTP: a
// participant's whole stream read (from the stream copy when the log has
// one), lent as ledger.Replay borrows it, and folded into the standing, over 1,000 participants picked at
// random positions of the log. Its allocations are what the collector pays
// for at the tail of the as_of p99 (docs/benchmarks.md).
func BenchmarkReplayStream(b *testing.B) {
	dir, _ := generatedLog(b)
	store, err := sqlite.Open(filepath.Join(dir, "events.db"), sqlite.ReadOnly(), sqlite.WithStreamCopy(filepath.Join(dir, "streams.db")))
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	head, err := store.HeadPosition(ctx)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var streams []string
	for len(streams) < 1000 {
		recs, err := store.ReadAll(ctx, rng.Uint64N(head), 1)
		if err != nil {
			b.Fatal(err)
		}
		if len(recs) == 1 && strings.HasPrefix(recs[0].Stream, events.ParticipantPrefix) {
			streams = append(streams, recs[0].Stream)
		}
	}
	catalogue := ledgerpkg.Catalogue()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		err := events.UseStream(ctx, store, streams[i%len(streams)], 0, 0, func(recs []events.Recorded) error {
			if _, ok, err := audit.Standing(catalogue, recs); err != nil || !ok {
				return fmt.Errorf("enrolled %v: %w", ok, err)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
