package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/latsar/ledger/events/sqlite"
	"github.com/prometheus/client_golang/prometheus"
)

// BuildSnapshot folds the SQLite log of o.DataDir into the embedded read
// model, fills its shelf, and writes DataDir/projections.snap, opening the
// log read-only (beside a server that waits for it). `latsar serve` runs it
// in a child process when a start finds no snapshot it can use (a new
// build, a restored directory), then loads the snapshot: the fold of the
// whole log, its garbage and the SQLite driver's allocations never live in
// the server (docs/decisions.md, "Issue 18: the first start's fold in a
// child"). It answers the position the snapshot is of.
func BuildSnapshot(ctx context.Context, o Options) (uint64, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	store, err := sqlite.Open(filepath.Join(o.DataDir, "events.db"), sqlite.ReadOnly(), sqlite.WithStreamCopy(filepath.Join(o.DataDir, StreamCopyFile)))
	if err != nil {
		return 0, fmt.Errorf("open the event store: %w", err)
	}
	defer store.Close()
	a := newApp(store, prometheus.NewRegistry(), o)
	if err := a.openShelf(ctx, o.DataDir); err != nil {
		return 0, err
	}
	started := time.Now()
	_, err = a.Memory.Rebuild(ctx, a.log, rebuildPage, nil)
	if err == nil && a.shelf != nil {
		err = a.shelf.Flush(ctx)
	}
	a.closeShelf()
	if err != nil {
		return 0, fmt.Errorf("build projections: %w", err)
	}
	a.log.Info("projections built from the log", "position", a.Memory.Position(), "took_ms", time.Since(started).Milliseconds())
	return a.Memory.WriteSnapshotFile(ctx, filepath.Join(o.DataDir, SnapshotFile))
}
