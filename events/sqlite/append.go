package sqlite

import (
	"context"
	"errors"
	"fmt"

	"github.com/latsar/ledger/events"
)

// appendReq is one Append call waiting for the writer. The writer fills res
// or err, then closes done.
type appendReq struct {
	ctx      context.Context
	stream   string
	expected events.ExpectedRevision
	events   []events.Proposed
	res      events.AppendResult
	err      error
	done     chan struct{}
}

// Append implements events.Store. It returns once the transaction holding the
// events is committed with synchronous=FULL, so an acknowledged append
// survives a crash. When ctx ends first, Append returns ctx's error and the
// append may or may not be recorded: retrying with the same event IDs is safe.
func (s *Store) Append(ctx context.Context, stream string, expected events.ExpectedRevision, evs []events.Proposed) (events.AppendResult, error) {
	if s.cfg.readOnly {
		return events.AppendResult{}, errReadOnly
	}
	if err := validate(stream, expected, evs); err != nil {
		return events.AppendResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return events.AppendResult{}, err
	}
	req := &appendReq{ctx: ctx, stream: stream, expected: expected, events: evs, done: make(chan struct{})}

	// The read lock keeps Close from closing reqs while we send on it.
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return events.AppendResult{}, events.ErrClosed
	}
	select {
	case s.reqs <- req:
		s.mu.RUnlock()
	case <-ctx.Done():
		s.mu.RUnlock()
		return events.AppendResult{}, ctx.Err()
	}

	select {
	case <-req.done:
		return req.res, req.err
	case <-ctx.Done():
		return events.AppendResult{}, ctx.Err()
	}
}

func validate(stream string, expected events.ExpectedRevision, evs []events.Proposed) error {
	switch {
	case stream == "":
		return errors.New("sqlite: append: empty stream name")
	case len(evs) == 0:
		return fmt.Errorf("sqlite: append to %s: no events", stream)
	case expected < 0 && expected != events.Any && expected != events.NoStream:
		return fmt.Errorf("sqlite: append to %s: invalid expected revision %d", stream, expected)
	}
	for _, e := range evs {
		if e.ID == "" || e.Type == "" {
			return fmt.Errorf("sqlite: append to %s: an event needs an id and a type", stream)
		}
	}
	return nil
}

var errReadOnly = errors.New("sqlite: the store was opened read-only")
