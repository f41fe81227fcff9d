package ledger

import (
	"context"
	"time"

	"github.com/latsar/ledger/domain"
)

// absentWait bounds how long a read that found nothing waits for the read
// model to reach the log's head before it may say so.
const absentWait = 2 * time.Second

// checkpointer is a read model kept outside this process (Redis), which can
// tell where its data stand now; Position, seen from here, never falls.
type checkpointer interface {
	Checkpoint(ctx context.Context) (uint64, error)
}

// find reads an object from the read model (read answers whether it was
// there) and answers 404 only when the model held every event recorded when
// the read began: a model that is empty, restarted or rebuilding never
// denies an object the log holds. The model's position is taken before each
// read, so a read that found nothing saw at least that position. A model
// that does not catch up in time answers 503 (try again).
//
// Most reads find what they look for, so the first read asks nothing of the
// log: its head (a query of the store, about a sixth of a standing GET's
// CPU when taken first; docs/benchmarks.md) is only needed to deny, and it
// is taken after that miss. A head taken later only asks more of the model.
func (l *Ledger) find(ctx context.Context, what string, read func() (bool, error)) error {
	if found, err := read(); err != nil || found {
		return err
	}
	head, err := l.store.HeadPosition(ctx)
	if err != nil {
		return err
	}
	wait, cancel := context.WithTimeout(ctx, absentWait)
	defer cancel()
	for {
		at := l.model.Position()
		if cp, ok := l.model.(checkpointer); ok {
			if at, err = cp.Checkpoint(wait); err != nil {
				return err
			}
		}
		found, err := read()
		switch {
		case err != nil || found:
			return err
		case at >= head:
			return domain.NotFound(what)
		}
		select {
		case <-wait.Done():
			return domain.Errorf(domain.CodeUnavailable, "the read models are catching up with the log; try again")
		case <-time.After(20 * time.Millisecond):
		}
	}
}
