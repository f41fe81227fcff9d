package kurrent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/latsar/ledger/events"
)

// Id claims make event ids unique in the whole store, as the port asks
// (EventStoreDB only knows an id inside one stream, and only for a retry at
// the same expected revision). Before an event is appended, its id is
// claimed: the appender writes an IDClaimed event, expecting no stream, to
// the stream ClaimPrefix+id. The stream name is the index, so finding where
// an id went is one read; the expected revision makes the claim exclusive.
//
// A claim names the stream the id is meant for, the last revision that
// stream had when the claim was made (the event, if recorded, is after it),
// and the owner (one Append call). It says "owner is appending id to stream";
// whether the event was recorded is read from that stream. So:
//
//   - recorded: the id is taken; an Append whose first id it is answers the
//     recorded events (a duplicate), an Append that has it later fails;
//   - not recorded and released (IDReleased by the owner, after a refused
//     append): anyone may claim it again, expecting the release's revision;
//   - not recorded and younger than the lease: the owner may still be
//     appending; an Append whose first id it is waits for the outcome, one
//     that has it later fails;
//   - not recorded and older than the lease: the owner died or gave up
//     without releasing it; it may be taken over like a released claim.
//
// An append whose outcome is unknown (a timeout, a lost connection) does not
// release its claims: the event may be recorded. The lease bounds how long a
// retry of such an append waits; appends give up after half the lease, and
// the server's own write timeouts are a few seconds, so an event is not
// recorded after its claim was taken over. The claim's age is the server's
// creation time against the local clock: hosts must keep their clocks in
// sync (NTP) to well within the lease.
//
// Claim streams do not start with a ledger prefix, so they are not part of
// the global log. They cost one small write per event (and nothing else on
// the common path): an id appended once is claimed once.
const (
	claimedType  = "IDClaimed"
	releasedType = "IDReleased"
)

type claim struct {
	Stream string `json:"stream"`
	After  int64  `json:"after"` // last revision of Stream when claimed, -1: none
	Owner  string `json:"owner"`
}

// claimState is the last event of an id's claim stream.
type claimState struct {
	exists   bool
	rev      uint64 // revision of the last claim event
	released bool
	claim    claim // of an IDClaimed
	created  time.Time
}

// location is where an id is recorded.
type location struct {
	stream   string
	revision uint64
}

var errClaimBusy = errors.New("being appended by another call")

func claimStream(id string) string { return ClaimPrefix + id }

// readClaim reads the last event of id's claim stream.
func (s *Store) readClaim(ctx context.Context, id string) (claimState, error) {
	var st claimState
	rs, err := s.client.ReadStream(ctx, claimStream(id), kurrentdb.ReadStreamOptions{Direction: kurrentdb.Backwards, From: kurrentdb.End{}}, 1)
	if err != nil {
		if isNotFound(err) {
			return st, nil
		}
		return st, s.fail("read claim of "+id, err)
	}
	defer rs.Close()
	ev, err := rs.Recv()
	if err != nil {
		if isNotFound(err) || errors.Is(err, io.EOF) {
			return st, nil
		}
		return st, s.fail("read claim of "+id, err)
	}
	orig := ev.OriginalEvent()
	st.exists, st.rev, st.created = true, orig.EventNumber, orig.CreatedDate
	switch orig.EventType {
	case releasedType:
		st.released = true
	case claimedType:
		if err := json.Unmarshal(orig.Data, &st.claim); err != nil {
			return st, fmt.Errorf("kurrent: claim of %s: %w", id, err)
		}
	default:
		return st, fmt.Errorf("kurrent: claim stream of %s holds a %q event", id, orig.EventType)
	}
	return st, nil
}

// writeClaim appends an IDClaimed to id's claim stream if its last revision
// is the expected one, and answers the claim's revision.
func (s *Store) writeClaim(ctx context.Context, id string, expected kurrentdb.StreamState, c claim) (uint64, error) {
	ev, err := claimEvent(c)
	if err != nil {
		return 0, err
	}
	res, err := s.client.AppendToStream(ctx, claimStream(id), kurrentdb.AppendToStreamOptions{StreamState: expected}, ev)
	if err != nil {
		return 0, err
	}
	return res.NextExpectedVersion, nil
}

func claimEvent(c claim) (kurrentdb.EventData, error) {
	data, err := json.Marshal(c)
	return kurrentdb.EventData{EventID: uuid.New(), EventType: claimedType, ContentType: kurrentdb.ContentTypeJson, Data: data}, err
}

// release gives a claim up after its event was refused, so that a retry
// need not wait for the lease. It is best effort: a claim taken over
// meanwhile (the expected revision fails) is left alone.
func (s *Store) release(ctx context.Context, id string, rev uint64, owner string) {
	if s.isClosed() {
		return // the claim expires with its lease
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	data, _ := json.Marshal(struct {
		Owner string `json:"owner"`
	}{owner})
	_, err := s.client.AppendToStream(ctx, claimStream(id), kurrentdb.AppendToStreamOptions{StreamState: kurrentdb.Revision(rev)},
		kurrentdb.EventData{EventID: uuid.New(), EventType: releasedType, ContentType: kurrentdb.ContentTypeJson, Data: data})
	if err != nil && !s.isClosed() {
		if _, _, wrong := wrongExpected(err); !wrong {
			s.cfg.logger.Warn("kurrent: could not release an id claim; it expires with its lease", "id", id, "err", err)
		}
	}
}

// releaseIfOwned releases id's claim if owner holds it.
func (s *Store) releaseIfOwned(ctx context.Context, id, owner string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if st, err := s.readClaim(ctx, id); err == nil && st.exists && !st.released && st.claim.Owner == owner {
		s.release(ctx, id, st.rev, owner)
	}
}

// findRecorded looks for id in the stream a claim names, after the revision
// the stream had when it was claimed.
func (s *Store) findRecorded(ctx context.Context, id string, c claim) (*location, error) {
	var from kurrentdb.StreamPosition = kurrentdb.Start{}
	if c.After >= 0 {
		from = kurrentdb.Revision(uint64(c.After) + 1)
	}
	var loc *location
	rs, err := s.client.ReadStream(ctx, c.Stream, kurrentdb.ReadStreamOptions{From: from}, readCount)
	if err != nil {
		if isNotFound(err) {
			return nil, nil
		}
		return nil, s.fail("read "+c.Stream, err)
	}
	defer rs.Close()
	for loc == nil {
		ev, err := rs.Recv()
		switch {
		case errors.Is(err, io.EOF) || (err != nil && isNotFound(err)):
			return nil, nil
		case err != nil:
			return nil, s.fail("read "+c.Stream, err)
		}
		if orig := ev.OriginalEvent(); orig != nil && orig.EventID.String() == id {
			loc = &location{stream: orig.StreamID, revision: orig.EventNumber}
		}
	}
	return loc, nil
}

func (s *Store) fresh(st claimState) bool {
	return time.Since(st.created) < s.cfg.lease
}

// claimOrFind makes owner the claimant of id, or answers where id is
// recorded. A claim of another live appender is waited for when wait is set,
// else it is errClaimBusy.
func (s *Store) claimOrFind(ctx context.Context, id string, c claim, wait bool) (rev uint64, loc *location, err error) {
	var expected kurrentdb.StreamState = kurrentdb.NoStream{} // the common case: a new id
	poll := 5 * time.Millisecond
	for refused := 0; ; {
		if expected != nil {
			if refused > 1 {
				// Refused again: another appender is racing for the claim,
				// or this node is behind. Let it settle.
				if err := s.pause(ctx, poll); err != nil {
					return 0, nil, err
				}
			}
			rev, err := s.writeClaim(ctx, id, expected, c)
			if err == nil {
				return rev, nil, nil
			}
			if _, _, wrong := wrongExpected(err); !wrong {
				// The claim may be recorded with its answer lost: give it
				// back if so, or a retry would wait for the lease.
				s.releaseIfOwned(ctx, id, c.Owner)
				return 0, nil, s.fail("claim "+id, err)
			}
			refused++
		}
		st, err := s.readClaim(ctx, id)
		if err != nil {
			return 0, nil, err
		}
		switch {
		case st.exists && !st.released && st.claim.Owner == c.Owner:
			return st.rev, nil, nil // ours: an earlier write whose answer was lost
		case !st.exists:
			// The write said the stream exists: this node is behind.
			expected = kurrentdb.NoStream{}
			refused = max(refused, 2)
			continue
		case st.released:
			expected = kurrentdb.Revision(st.rev)
			continue
		}
		if loc, err := s.findRecorded(ctx, id, st.claim); err != nil || loc != nil {
			return 0, loc, err
		}
		if !s.fresh(st) {
			expected = kurrentdb.Revision(st.rev) // take the abandoned claim over
			continue
		}
		if !wait {
			return 0, nil, errClaimBusy
		}
		expected = nil // only read again, after a pause
		if err := s.pause(ctx, poll); err != nil {
			return 0, nil, err
		}
		poll = min(2*poll, 100*time.Millisecond)
	}
}

// claimFor tells where id is recorded, or what its claim stream must be at
// for a claim written together with the event, in one atomic append: no
// stream, or the revision of a released or abandoned claim. A live claim of
// another appender is waited for when wait is set, else it is errClaimBusy.
func (s *Store) claimFor(ctx context.Context, id string, wait bool) (kurrentdb.StreamState, *location, error) {
	poll := 5 * time.Millisecond
	for {
		st, err := s.readClaim(ctx, id)
		switch {
		case err != nil:
			return nil, nil, err
		case !st.exists:
			return kurrentdb.NoStream{}, nil, nil
		case st.released:
			return kurrentdb.Revision(st.rev), nil, nil
		}
		if loc, err := s.findRecorded(ctx, id, st.claim); err != nil || loc != nil {
			return nil, loc, err
		}
		if !s.fresh(st) {
			return kurrentdb.Revision(st.rev), nil, nil
		}
		if !wait {
			return nil, nil, errClaimBusy
		}
		if err := s.pause(ctx, poll); err != nil {
			return nil, nil, err
		}
		poll = min(2*poll, 100*time.Millisecond)
	}
}

// pause waits for d, or answers why it cannot.
func (s *Store) pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		return events.ErrClosed
	}
}

// findDuplicate tells where id is recorded, if it is, without claiming it.
// An id whose appender is still running is not recorded (yet).
func (s *Store) findDuplicate(ctx context.Context, id string) (*location, error) {
	st, err := s.readClaim(ctx, id)
	if err != nil || !st.exists || st.released {
		return nil, err
	}
	return s.findRecorded(ctx, id, st.claim)
}
