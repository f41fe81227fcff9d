package sqlite

import (
	"context"
	"time"
)

// checkpointEvery is how often the WAL is copied back into the database file.
const checkpointEvery = time.Second

// checkpointer copies the WAL into the database file in the background
// (PASSIVE: it never blocks the writer or readers), so commits only append to
// the WAL. When the store closes it checkpoints once more and truncates the
// WAL, leaving a single file an auditor can copy.
func (s *Store) checkpointer() {
	defer close(s.checkpointed)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	ctx := context.Background()
	for {
		select {
		case <-t.C:
			_, _ = s.cdb.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		case <-s.done:
			_, _ = s.cdb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
			return
		}
	}
}
