package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"
)

// SnapshotFile is where the embedded read model's snapshot is kept in the
// data directory (projections/snapshot.go).
const SnapshotFile = "projections.snap"

// buildMemory fills the embedded read model: from its snapshot when one
// belongs to this log and this fold, else by folding the whole log. The
// catch-up after it folds what the snapshot or the rebuild did not reach.
func (a *App) buildMemory(ctx context.Context, o Options) error {
	if a.snapshotPath != "" && (a.loadSnapshot(ctx) || (o.SnapshotBuilder != nil && a.snapshotFromChild(ctx, o.SnapshotBuilder))) {
		return nil
	}
	_, err := a.Memory.Rebuild(ctx, a.log, rebuildPage, nil)
	return err
}

// snapshotFromChild has build write the snapshot outside the process and
// loads it; it says whether it did. An empty log has nothing to fold.
func (a *App) snapshotFromChild(ctx context.Context, build func(context.Context) error) bool {
	if head, err := a.Store.HeadPosition(ctx); err != nil || head == 0 {
		return false
	}
	started := time.Now()
	if err := build(ctx); err != nil {
		a.log.Warn("projections not built by the child process: rebuilding them here", "err", err)
		return false
	}
	a.log.Info("projections built by a child process", "took_ms", time.Since(started).Milliseconds())
	return a.loadSnapshot(ctx)
}

// loadSnapshot loads the snapshot when there is one that fits the model and
// the log, and says whether it did.
func (a *App) loadSnapshot(ctx context.Context) bool {
	started := time.Now()
	h, err := a.Memory.LoadSnapshotFile(ctx, a.snapshotPath)
	switch {
	case err == nil:
		a.snapshotAt = h.Position
		a.log.Info("projections loaded from their snapshot", "file", a.snapshotPath, "position", h.Position, "took_ms", time.Since(started).Milliseconds())
		return true
	case errors.Is(err, os.ErrNotExist):
		a.log.Info("no snapshot of the projections: rebuilding them from the log", "file", a.snapshotPath)
	default:
		a.log.Warn("snapshot of the projections not used: rebuilding them from the log", "file", a.snapshotPath, "err", err)
	}
	return false
}

// snapshotPathOf is where the snapshot is kept, "" when none is: snapshots
// are off, or the read model is not the embedded one over the SQLite log.
func snapshotPathOf(o Options) string {
	if o.SnapshotEvery <= 0 || o.RedisURL != "" || o.ESDBURL != "" {
		return ""
	}
	return filepath.Join(o.DataDir, SnapshotFile)
}

// keepSnapshots writes the snapshot every interval while the model moved,
// until ctx ends.
func (a *App) keepSnapshots(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.writeSnapshot(ctx)
		}
	}
}

// writeSnapshot writes the snapshot unless the model has not moved since
// the last one.
func (a *App) writeSnapshot(ctx context.Context) {
	if a.snapshotPath == "" || a.Memory.Position() == 0 || a.Memory.Position() == a.snapshotAt {
		return
	}
	started := time.Now()
	position, err := a.Memory.WriteSnapshotFile(ctx, a.snapshotPath)
	if err != nil {
		a.log.Warn("snapshot of the projections not written", "err", err)
		return
	}
	a.snapshotAt = position
	a.log.Info("snapshot of the projections written", "file", a.snapshotPath, "position", position, "took_ms", time.Since(started).Milliseconds())
}
