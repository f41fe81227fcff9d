package sqlite

import (
	"context"
	"strconv"
	"time"
)

// checkpointEvery is how often the WAL is copied back into the database file.
const checkpointEvery = time.Second

// defaultWALLimit is the WAL size, in pages, past which the checkpointer
// truncates it (16,384 pages: 64 MiB at the default 4 KiB page).
const defaultWALLimit = 16384

// truncateWait bounds how long a truncating checkpoint waits for readers
// still on an older snapshot. It holds the writers off meanwhile, so it
// gives up early (and tries again next time) rather than stall appends.
const truncateWait = 200 * time.Millisecond

// checkpointer copies the WAL into the database file in the background
// (PASSIVE: it never blocks the writer or readers), so commits only append to
// the WAL. A PASSIVE checkpoint never lets the WAL start over while appends
// keep coming (there is always a newer frame than the last one copied), so
// under a steady load the file would grow without end (19.7 GB after 4.6M
// events, seen by `latsar generate`): once it passes the limit, a TRUNCATE
// checkpoint, which waits briefly for the writer and the readers, copies the
// rest and empties it. When the store closes it checkpoints once more and
// truncates the WAL, leaving a single file an auditor can copy.
func (s *Store) checkpointer() {
	defer close(s.checkpointed)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	ctx := context.Background()
	for {
		select {
		case <-t.C:
			var busy, frames, copied int
			err := s.cdb.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
			if err == nil && frames >= s.cfg.walLimit {
				s.truncateWAL(ctx)
			}
		case <-s.done:
			_, _ = s.cdb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
			return
		}
	}
}

// truncateWAL checkpoints the whole WAL and empties it, waiting at most
// truncateWait for the locks (the checkpointer's one connection runs the
// three statements in turn).
func (s *Store) truncateWAL(ctx context.Context) {
	_, _ = s.cdb.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(truncateWait.Milliseconds(), 10))
	_, _ = s.cdb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	_, _ = s.cdb.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(s.cfg.busyTimeout.Milliseconds(), 10))
}
