package sqlite

import (
	"context"
	"errors"
	"sync"

	"github.com/latsar/ledger/events"
)

// readFromCopy reads stream up to position upTo from the stream copy, and
// what the log recorded of it after the copy, from the log, into a borrowed
// buffer (releaseRead). ok is false when there is no copy, the copy does
// not hold the stream, or it does not hold it faithfully: the caller then
// reads the log, with the stream's revisions listed here (nil when there
// was no copy to read).
//
// Faithfully: the copy holds exactly the stream's events that the log's
// (stream, revision) index lists up to the copy's last position, at the
// same positions (the index carries them: a few adjacent pages, read while
// the copy is); from revision 0 they chain (each one's prev_hash is the
// hash before it, its hash is of its content: the stream's chain of
// docs/integrity.md) up to the hash the log holds at the last copied
// revision. The hash covers all of an event but its position, which the
// index covers.
func (s *Store) readFromCopy(ctx context.Context, stream string, upTo int64) (evs *[]events.Recorded, ok bool, listed []revisionAt, err error) {
	s.copies.mu.RLock()
	c := s.copies.current
	if c == nil {
		s.copies.mu.RUnlock()
		return nil, false, nil, nil
	}
	// The three reads wait on the disk at once: the copy's pages, the
	// index's, and the log's rows from the last copied event on.
	var (
		copied, logged   *[]events.Recorded
		copyErr, tailErr error
		wg               sync.WaitGroup
	)
	wg.Go(func() {
		rows, err := c.read.QueryContext(ctx, stream, upTo)
		if err == nil {
			copied, err = scanLent(rows, stream, true)
		}
		copyErr = err
	})
	wg.Go(func() {
		rows, err := s.copyTail.QueryContext(ctx, stream, stream, min(clampInt64(c.upTo), upTo), upTo)
		if err == nil {
			logged, err = scanLent(rows, stream, true)
		}
		tailErr = err
	})
	listed, err = s.streamRevisions(ctx, stream, upTo)
	wg.Wait()
	s.copies.mu.RUnlock()
	if logged != nil {
		defer releaseRead(logged)
	}
	served := false
	if copied != nil {
		defer func() {
			if !served {
				releaseRead(copied)
			}
		}()
	}
	if err = errors.Join(err, tailErr); err != nil {
		return nil, true, nil, err
	}
	if copyErr != nil || len(*copied) == 0 {
		return nil, false, listed, nil // the log answers, and says why if it cannot
	}
	if !faithful(*copied, listed, *logged, c.upTo) {
		s.copies.broken.Add(1)
		s.dropStreamCopy(c)
		return nil, false, listed, nil
	}
	s.copies.reads.Add(1)
	*copied = append(*copied, (*logged)[1:]...)
	served = true
	return copied, true, nil, nil
}

// copyTailSQL reads a stream up to a position (the 4th argument) from its
// last event at or before the copy's last position (the 3rd) on.
const copyTailSQL = readStreamColumns + `WHERE stream = ? AND revision >= (
	SELECT revision FROM events WHERE stream = ? AND position <= ? ORDER BY revision DESC LIMIT 1
) AND position <= ? ORDER BY revision`

// faithful says whether copied is what the log holds of the stream up to
// position copiedUpTo, given the stream's revisions the log lists and the
// events it holds from copied's last revision on.
func faithful(copied []events.Recorded, listed []revisionAt, logged []events.Recorded, copiedUpTo uint64) bool {
	n := 0
	for n < len(listed) && uint64(listed[n].position) <= copiedUpTo {
		n++
	}
	if n != len(copied) {
		return false
	}
	for i := range copied {
		if uint64(listed[i].revision) != copied[i].Revision || uint64(listed[i].position) != copied[i].Position {
			return false
		}
	}
	last := &copied[len(copied)-1]
	if len(logged) == 0 || logged[0].Revision != last.Revision || logged[0].Metadata.Hash != last.Metadata.Hash {
		return false
	}
	return events.VerifyChain(copied) == nil
}
