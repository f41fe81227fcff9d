package sqlite

import (
	"context"
	"strconv"
	"time"
)

// checkpointEvery is how often the WAL is copied back into the database file.
const checkpointEvery = time.Second

// defaultWALLimit is the WAL size, in pages, past which the checkpointer
// starts it over (16,384 pages: 64 MiB at the default 4 KiB page).
const defaultWALLimit = 16384

// restartWait bounds how long a restarting checkpoint waits for readers
// still on an older snapshot. It holds the writers off meanwhile, so it
// gives up early (and tries again next time) rather than stall appends.
const restartWait = 200 * time.Millisecond

// checkpointer copies the WAL into the database file in the background
// (PASSIVE: it never blocks the writer or readers), so commits only append to
// the WAL. A PASSIVE checkpoint never lets the WAL start over while appends
// keep coming (there is always a newer frame than the last one copied), so
// under a steady load the file would grow without end (19.7 GB after 4.6M
// events, seen by `latsar generate`): once it passes the limit, a RESTART
// checkpoint, which waits briefly for the writer and the readers, copies the
// rest and has the writer start the WAL over. When the store closes it
// checkpoints once more and truncates the WAL, leaving a single file an
// auditor can copy.
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
				s.restartWAL(ctx)
			}
		case <-s.done:
			_, _ = s.cdb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
			return
		}
	}
}

// restartWAL checkpoints the whole WAL and makes the writer start it over
// from its first frame, waiting at most truncateWait for the locks (the
// checkpointer's one connection runs the three statements in turn). RESTART,
// not TRUNCATE: the file keeps its blocks, so the commits that follow
// overwrite them and their flush need not also journal the file's growth
// (measured: ~30 % less time per flush); the writer's journal_size_limit
// trims it back to twice the limit when it starts over.
func (s *Store) restartWAL(ctx context.Context) {
	_, _ = s.cdb.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(restartWait.Milliseconds(), 10))
	_, _ = s.cdb.ExecContext(ctx, "PRAGMA wal_checkpoint(RESTART)")
	_, _ = s.cdb.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(s.cfg.busyTimeout.Milliseconds(), 10))
}
