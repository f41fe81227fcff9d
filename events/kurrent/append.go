package kurrent

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/latsar/ledger/events"
)

// Append implements events.Store.
//
// The store fills the hash chain, so an append always knows what it appends
// after: it reads the stream's last event, seals the events after it and
// appends expecting exactly that revision. With events.Any a refused append
// reads the new last event and tries again; with an exact expectation (or
// events.NoStream) it is a *events.ConflictError. Event ids are claimed
// first (claims.go): an append whose first id is recorded answers the
// recorded events as a duplicate, whatever it expected; one whose later id is
// recorded fails. The append answers after reading its events back, for their
// positions.
//
// When ctx ends or the connection fails during the append, the append may or
// may not be recorded: retrying with the same ids is safe, and answers the
// recorded events if it was.
func (s *Store) Append(ctx context.Context, stream string, expected events.ExpectedRevision, evs []events.Proposed) (events.AppendResult, error) {
	if err := s.usable(); err != nil {
		return events.AppendResult{}, err
	}
	if err := s.validate(stream, expected, evs); err != nil {
		return events.AppendResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return events.AppendResult{}, err
	}
	ctx, end, err := s.begin(ctx)
	if err != nil {
		return events.AppendResult{}, err
	}
	defer end()
	head, err := s.readHead(ctx, stream)
	if err != nil {
		return events.AppendResult{}, err
	}
	if !expected.Holds(head.rev) {
		// A retried append is a duplicate whatever its expectation.
		loc, err := s.findDuplicate(ctx, evs[0].ID)
		switch {
		case err != nil:
			return events.AppendResult{}, err
		case loc != nil:
			return s.duplicate(ctx, loc, evs)
		}
		return events.AppendResult{}, &events.ConflictError{Stream: stream, Expected: expected, Actual: head.rev}
	}

	a := appender{s: s, stream: stream, expected: expected, evs: evs, owner: uuid.NewString()}
	defer a.releaseUnlessKept(ctx)
	c := claim{Stream: stream, After: head.rev, Owner: a.owner}
	rev, loc, err := s.claimOrFind(ctx, evs[0].ID, c, true)
	switch {
	case err != nil:
		return events.AppendResult{}, err
	case loc != nil:
		return s.duplicate(ctx, loc, evs)
	}
	claimedAt := time.Now()
	a.held = append(a.held, heldClaim{evs[0].ID, rev})
	for _, p := range evs[1:] {
		rev, loc, err := s.claimOrFind(ctx, p.ID, c, false)
		switch {
		case errors.Is(err, errClaimBusy):
			return events.AppendResult{}, fmt.Errorf("kurrent: append to %s: event %s is %w", stream, p.ID, err)
		case err != nil:
			return events.AppendResult{}, err
		case loc != nil:
			return events.AppendResult{}, fmt.Errorf("kurrent: append to %s: event %s is already recorded in %s at revision %d",
				stream, p.ID, loc.stream, loc.revision)
		}
		a.held = append(a.held, heldClaim{p.ID, rev})
	}

	// Finish well within the lease, so that the claims are not taken over
	// while this append may still be recorded.
	wctx, cancel := context.WithDeadline(ctx, claimedAt.Add(s.cfg.lease/2))
	defer cancel()
	return a.write(ctx, wctx, head)
}

type appender struct {
	s        *Store
	stream   string
	expected events.ExpectedRevision
	evs      []events.Proposed
	owner    string
	held     []heldClaim
	keep     bool // the claims stay: the events are (or may be) recorded
}

type heldClaim struct {
	id  string
	rev uint64
}

func (a *appender) releaseUnlessKept(ctx context.Context) {
	if a.keep {
		return
	}
	for _, h := range a.held {
		a.s.release(ctx, h.id, h.rev, a.owner)
	}
}

// write appends the sealed events after head, again after each refusal when
// the caller expected any revision.
func (a *appender) write(ctx, wctx context.Context, head streamHead) (events.AppendResult, error) {
	s := a.s
	backoff := time.Millisecond
	data := make([]kurrentdb.EventData, len(a.evs))
	for {
		recs := seal(a.stream, head, a.evs, time.Now())
		for i := range recs {
			var err error
			if data[i], err = toEventData(&recs[i]); err != nil {
				return events.AppendResult{}, err
			}
		}
		_, err := s.client.AppendToStream(wctx, a.stream, kurrentdb.AppendToStreamOptions{StreamState: expectedFor(head.rev)}, data...)
		if err == nil {
			a.keep = true
			return s.readBack(ctx, a.stream, recs)
		}
		actual, known, wrong := wrongExpected(err)
		if !wrong {
			// Timeouts and lost connections leave the outcome unknown.
			a.keep = true
			if ctx.Err() == nil && wctx.Err() != nil {
				return events.AppendResult{}, fmt.Errorf("kurrent: append to %s: gave up after %s: %w", a.stream, s.cfg.lease/2, err)
			}
			return events.AppendResult{}, s.fail("append to "+a.stream, err)
		}
		if a.expected != events.Any {
			if !known {
				h, err := s.readHead(ctx, a.stream)
				if err != nil {
					return events.AppendResult{}, err
				}
				actual = h.rev
			}
			return events.AppendResult{}, &events.ConflictError{Stream: a.stream, Expected: a.expected, Actual: actual}
		}
		// Someone appended first: chain after their events, after a pause
		// that keeps many appenders of one stream from lockstep.
		if err := s.pause(wctx, time.Duration(rand.Int64N(int64(backoff)))+time.Millisecond); err != nil {
			return events.AppendResult{}, s.gaveUp(ctx, a.stream, err)
		}
		backoff = min(2*backoff, 50*time.Millisecond)
		if head, err = s.readHead(wctx, a.stream); err != nil {
			return events.AppendResult{}, s.gaveUp(ctx, a.stream, err)
		}
	}
}

// gaveUp explains an error met while retrying an append.
func (s *Store) gaveUp(ctx context.Context, stream string, err error) error {
	if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("kurrent: append to %s: still refused after %s of retries: %w", stream, s.cfg.lease/2, events.ErrConflict)
	}
	return err
}

// streamHead is a stream's last revision (-1: no event) and hash.
type streamHead struct {
	rev  int64
	hash string
}

func (s *Store) readHead(ctx context.Context, stream string) (streamHead, error) {
	h := streamHead{rev: -1}
	err := s.scanStream(ctx, stream, kurrentdb.Backwards, kurrentdb.End{}, 1, func(rec events.Recorded) bool {
		h.rev, h.hash = int64(rec.Revision), rec.Metadata.Hash
		return false
	})
	return h, err
}

// seal makes the events recorded after head, hash chain included.
func seal(stream string, head streamHead, evs []events.Proposed, now time.Time) []events.Recorded {
	now = now.UTC()
	recs := make([]events.Recorded, len(evs))
	prev := head.hash
	for i, p := range evs {
		rec := &recs[i]
		*rec = events.Recorded{
			ID: p.ID, Type: p.Type, Stream: stream,
			Revision: uint64(head.rev + 1 + int64(i)), RecordedAt: now,
			Data: p.Data, Metadata: p.Metadata,
		}
		events.Seal(prev, rec)
		prev = rec.Metadata.Hash
	}
	return recs
}

// readBack reads the appended events for their positions. A node that has
// not applied the write yet (a follower) is read again for a while. Events
// with the same ids but another hash were recorded by an earlier append
// (EventStoreDB answered the retry as idempotent): the append is a duplicate.
func (s *Store) readBack(ctx context.Context, stream string, recs []events.Recorded) (events.AppendResult, error) {
	first := recs[0].Revision
	var got []events.Recorded
	for wait, waited := time.Millisecond, time.Duration(0); ; wait = min(2*wait, 100*time.Millisecond) {
		got = got[:0]
		err := s.scanStream(ctx, stream, kurrentdb.Forwards, kurrentdb.Revision(first), uint64(len(recs)), func(rec events.Recorded) bool {
			got = append(got, rec)
			return true
		})
		if err != nil {
			return events.AppendResult{}, fmt.Errorf("kurrent: append to %s recorded, reading it back: %w", stream, err)
		}
		if len(got) == len(recs) {
			break
		}
		if waited > 5*time.Second {
			return events.AppendResult{}, fmt.Errorf("kurrent: append to %s recorded at revision %d but not readable from this node", stream, first)
		}
		if err := s.pause(ctx, wait); err != nil {
			return events.AppendResult{}, err
		}
		waited += wait
	}
	dup := false
	for i := range got {
		if got[i].ID != recs[i].ID {
			return events.AppendResult{}, fmt.Errorf("kurrent: append to %s: revision %d holds event %s, not %s",
				stream, got[i].Revision, got[i].ID, recs[i].ID)
		}
		dup = dup || got[i].Metadata.Hash != recs[i].Metadata.Hash
	}
	return events.AppendResult{Events: got, Duplicate: dup}, nil
}

// duplicate answers an append whose first id is recorded at loc: the events
// recorded from there whose ids are the proposed ones, in order.
func (s *Store) duplicate(ctx context.Context, loc *location, evs []events.Proposed) (events.AppendResult, error) {
	recs := make([]events.Recorded, 0, len(evs))
	err := s.scanStream(ctx, loc.stream, kurrentdb.Forwards, kurrentdb.Revision(loc.revision), uint64(len(evs)), func(rec events.Recorded) bool {
		if rec.ID != evs[len(recs)].ID {
			return false
		}
		recs = append(recs, rec)
		return len(recs) < len(evs)
	})
	if err != nil {
		return events.AppendResult{}, err
	}
	if len(recs) == 0 {
		return events.AppendResult{}, fmt.Errorf("kurrent: event %s was recorded in %s at revision %d and is not there", evs[0].ID, loc.stream, loc.revision)
	}
	return events.AppendResult{Events: recs, Duplicate: true}, nil
}

func (s *Store) validate(stream string, expected events.ExpectedRevision, evs []events.Proposed) error {
	switch {
	case stream == "":
		return errors.New("kurrent: append: empty stream name")
	case !s.cfg.prefixes.match(stream):
		return fmt.Errorf("kurrent: append to %s: the stream has none of the prefixes %v of this store's log", stream, []string(s.cfg.prefixes))
	case len(evs) == 0:
		return fmt.Errorf("kurrent: append to %s: no events", stream)
	case expected < 0 && expected != events.Any && expected != events.NoStream:
		return fmt.Errorf("kurrent: append to %s: invalid expected revision %d", stream, expected)
	}
	seen := make(map[string]bool, len(evs))
	for _, e := range evs {
		if e.Type == "" || strings.HasPrefix(e.Type, "$") {
			return fmt.Errorf("kurrent: append to %s: event %s: type %q is empty or reserved", stream, e.ID, e.Type)
		}
		if _, err := parseID(e.ID); err != nil {
			return fmt.Errorf("kurrent: append to %s: %w", stream, err)
		}
		if seen[e.ID] {
			return fmt.Errorf("kurrent: append to %s: event %s is proposed twice", stream, e.ID)
		}
		seen[e.ID] = true
	}
	return nil
}
