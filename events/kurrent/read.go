package kurrent

import (
	"context"
	"errors"
	"io"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/latsar/ledger/events"
)

// ReadStream implements events.Store. Positions grow with revisions in a
// stream, so the read stops at the first event after maxPosition.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, maxPosition uint64) ([]events.Recorded, error) {
	ctx, end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	evs := []events.Recorded{}
	err = s.scanStream(ctx, stream, kurrentdb.Forwards, kurrentdb.Revision(from), readCount, func(rec events.Recorded) bool {
		if maxPosition != 0 && rec.Position > maxPosition {
			return false
		}
		evs = append(evs, rec)
		return true
	})
	if err != nil {
		return nil, err
	}
	return evs, nil
}

// scanStream reads stream and calls fn with each event until it returns
// false. An unknown stream has no event.
func (s *Store) scanStream(ctx context.Context, stream string, dir kurrentdb.Direction, from kurrentdb.StreamPosition, count uint64, fn func(events.Recorded) bool) error {
	rs, err := s.client.ReadStream(ctx, stream, kurrentdb.ReadStreamOptions{Direction: dir, From: from}, count)
	if err != nil {
		if isNotFound(err) {
			return nil
		}
		return s.fail("read "+stream, err)
	}
	defer rs.Close()
	for {
		ev, err := rs.Recv()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil && isNotFound(err):
			return nil
		case err != nil:
			return s.fail("read "+stream, err)
		}
		orig := ev.OriginalEvent()
		if orig == nil {
			continue
		}
		rec, err := fromRecordedEvent(orig)
		if err != nil {
			return err
		}
		if !fn(rec) {
			return nil
		}
	}
}

// ReadAll implements events.Store. It reads $all forwards from after (a
// position is inclusive in an EventStoreDB read, so the event at after is
// skipped) and keeps the events of the ledger's streams. The client has no
// server-side filter for reads, so other events ($… streams, id claims) are
// read and dropped here. A limit of zero or less means no limit.
func (s *Store) ReadAll(ctx context.Context, after uint64, limit int) ([]events.Recorded, error) {
	ctx, end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	evs := []events.Recorded{}
	err = s.scanAll(ctx, kurrentdb.Forwards, LogPosition(after), func(rec events.Recorded) bool {
		if rec.Position <= after {
			return true
		}
		evs = append(evs, rec)
		return limit <= 0 || len(evs) < limit
	})
	if err != nil {
		return nil, err
	}
	return evs, nil
}

// HeadPosition implements events.Store: the position of the last event of
// the ledger's streams, found by reading $all backwards.
func (s *Store) HeadPosition(ctx context.Context) (uint64, error) {
	ctx, end, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer end()
	var head uint64
	err = s.scanAll(ctx, kurrentdb.Backwards, kurrentdb.End{}, func(rec events.Recorded) bool {
		head = rec.Position
		return false
	})
	return head, err
}

// scanAll reads $all from from and calls fn with each event of the ledger's
// streams until it returns false.
func (s *Store) scanAll(ctx context.Context, dir kurrentdb.Direction, from kurrentdb.AllPosition, fn func(events.Recorded) bool) error {
	rs, err := s.client.ReadAll(ctx, kurrentdb.ReadAllOptions{Direction: dir, From: from}, readCount)
	if err != nil {
		return s.fail("read $all", err)
	}
	defer rs.Close()
	for {
		ev, err := rs.Recv()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return s.fail("read $all", err)
		}
		orig := ev.OriginalEvent()
		if orig == nil || !s.cfg.prefixes.match(orig.StreamID) {
			continue
		}
		rec, err := fromRecordedEvent(orig)
		if err != nil {
			return err
		}
		if !fn(rec) {
			return nil
		}
	}
}
