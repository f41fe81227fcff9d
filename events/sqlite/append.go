package sqlite

import (
	"context"
	"errors"
	"fmt"

	"github.com/latsar/ledger/events"
)

// appendReq is one Append or AppendMulti call waiting for the writer. The
// writer fills res (or, for a multi-stream append, results) or err, then
// closes done.
type appendReq struct {
	ctx      context.Context
	stream   string
	expected events.ExpectedRevision
	events   []events.Proposed
	res      events.AppendResult
	// parts, when set, make this a multi-stream append: stream, expected,
	// events and res are unused, and each part's answer goes in results.
	parts   []events.StreamAppend
	results []events.AppendResult
	err     error
	done    chan struct{}
}

// Append implements events.Store. It returns once the transaction holding the
// events is committed with synchronous=FULL, so an acknowledged append
// survives a crash. When ctx ends first, Append returns ctx's error and the
// append may or may not be recorded: retrying with the same event IDs is safe.
func (s *Store) Append(ctx context.Context, stream string, expected events.ExpectedRevision, evs []events.Proposed) (events.AppendResult, error) {
	if err := validate(stream, expected, evs); err != nil {
		return events.AppendResult{}, err
	}
	req := &appendReq{ctx: ctx, stream: stream, expected: expected, events: evs}
	if err := s.submit(ctx, req); err != nil {
		return events.AppendResult{}, err
	}
	return req.res, req.err
}

// AppendMulti implements events.Store: the parts go into the writer's
// current transaction under one savepoint, so they share its fsync and are
// committed or undone together.
func (s *Store) AppendMulti(ctx context.Context, parts []events.StreamAppend) ([]events.AppendResult, error) {
	if len(parts) == 0 {
		return nil, errors.New("sqlite: append: no streams")
	}
	seen := make(map[string]bool, len(parts))
	for _, p := range parts {
		if err := validate(p.Stream, p.Expected, p.Events); err != nil {
			return nil, err
		}
		if seen[p.Stream] {
			return nil, fmt.Errorf("sqlite: append: stream %s named twice", p.Stream)
		}
		seen[p.Stream] = true
	}
	req := &appendReq{ctx: ctx, parts: parts}
	if err := s.submit(ctx, req); err != nil {
		return nil, err
	}
	return req.results, req.err
}

// submit hands req to the writer and waits for its answer.
func (s *Store) submit(ctx context.Context, req *appendReq) error {
	if s.cfg.readOnly {
		return errReadOnly
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	req.done = make(chan struct{})

	// The read lock keeps Close from closing reqs while we send on it.
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return events.ErrClosed
	}
	select {
	case s.reqs <- req:
		s.mu.RUnlock()
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}

	select {
	case <-req.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
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
