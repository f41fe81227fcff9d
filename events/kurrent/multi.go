package kurrent

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/latsar/ledger/events"
)

// AppendMulti implements events.Store with the server's multi-stream append
// (KurrentDB 25.1 or later), which records the events of every part and the
// id claims of all of them as one transaction, or nothing.
//
// Each part is judged as Append judges it: its stream's last event is read;
// a part whose expectation does not hold is a duplicate if its first id is
// recorded, else the call fails with a *events.ConflictError naming it. The
// other parts are sealed after their streams' last events and appended
// expecting exactly those revisions, each id's claim in the same append
// expecting no claim stream (or a released or abandoned claim), so that an id
// recorded meanwhile anywhere refuses the whole append. The server names one
// stream that refused: for a claim, the part whose first id it is becomes a
// duplicate, a later id fails the call as in Append, a claim that may be
// taken over is expected at its revision; for an events.Any part's stream,
// the append is sealed again after the new last event; for any other part it
// is a conflict (or a duplicate, if its first id was recorded meanwhile).
// Claims are never written apart from their events, so a failed call leaves
// nothing to release and nothing for a retry to wait for.
//
// When ctx ends or the connection fails during the append, it may or may not
// be recorded: retrying with the same ids is safe, and answers the recorded
// events as duplicates if it was.
func (s *Store) AppendMulti(ctx context.Context, parts []events.StreamAppend) ([]events.AppendResult, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	m, err := s.newMulti(parts)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ctx, end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	return m.run(ctx)
}

// multi is one AppendMulti call.
type multi struct {
	s       *Store
	parts   []events.StreamAppend
	results []events.AppendResult
	dup     []bool
	ids     map[string]idRef
	// claimAt is where an id's claim stream must be for the claim, as learnt
	// from refusals; an id not in it is new (no stream).
	claimAt map[string]kurrentdb.StreamState
	owner   string
}

// idRef is where a proposed id is: its part, and its index in the part.
type idRef struct{ part, index int }

func (s *Store) newMulti(parts []events.StreamAppend) (*multi, error) {
	if len(parts) == 0 {
		return nil, errors.New("kurrent: append: no streams")
	}
	m := &multi{
		s: s, parts: parts, owner: uuid.NewString(),
		results: make([]events.AppendResult, len(parts)), dup: make([]bool, len(parts)),
		ids: map[string]idRef{}, claimAt: map[string]kurrentdb.StreamState{},
	}
	for i, p := range parts {
		if err := s.validate(p.Stream, p.Expected, p.Events); err != nil {
			return nil, err
		}
		if slices.ContainsFunc(parts[:i], func(q events.StreamAppend) bool { return q.Stream == p.Stream }) {
			return nil, fmt.Errorf("kurrent: append: stream %s named twice", p.Stream)
		}
		for j, e := range p.Events {
			if _, ok := m.ids[e.ID]; ok {
				return nil, fmt.Errorf("kurrent: append: event %s is proposed twice", e.ID)
			}
			m.ids[e.ID] = idRef{i, j}
		}
	}
	return m, nil
}

func (m *multi) run(ctx context.Context) ([]events.AppendResult, error) {
	s := m.s
	backoff := time.Millisecond
	giveUp := time.Now().Add(s.cfg.lease / 2)
	for {
		heads, err := m.judge(ctx)
		if err != nil {
			return nil, err
		}
		if heads == nil {
			return m.results, nil // every part is a duplicate
		}
		recs, reqs, err := m.request(heads)
		if err != nil {
			return nil, err
		}
		_, err = s.client.MultiStreamAppend(ctx, slices.Values(reqs))
		if err == nil {
			return m.readBack(ctx, recs)
		}
		var refusal *kurrentdb.StreamRevisionConflictError
		if !errors.As(err, &refusal) {
			return nil, m.failed(err)
		}
		learnt, err := m.refused(ctx, refusal)
		if err != nil {
			return nil, err
		}
		if learnt {
			continue
		}
		// Another append got there first, or this node is behind: try again
		// after a pause that keeps racing appenders from lockstep.
		if time.Now().After(giveUp) {
			return nil, fmt.Errorf("kurrent: append to %s: still refused after %s of retries: %w", refusal.Stream, s.cfg.lease/2, events.ErrConflict)
		}
		if err := s.pause(ctx, time.Duration(rand.Int64N(int64(backoff)))+time.Millisecond); err != nil {
			return nil, err
		}
		backoff = min(2*backoff, 50*time.Millisecond)
	}
}

// judge reads the last event of the stream of each part not yet known to be
// a duplicate, and answers the heads to seal after (nil when every part is a
// duplicate) or the conflict that fails the call.
func (m *multi) judge(ctx context.Context) ([]streamHead, error) {
	heads := make([]streamHead, len(m.parts))
	pending := false
	for i, p := range m.parts {
		if m.dup[i] {
			continue
		}
		h, err := m.s.readHead(ctx, p.Stream)
		if err != nil {
			return nil, err
		}
		if p.Expected.Holds(h.rev) {
			heads[i], pending = h, true
		} else if err := m.duplicateOr(ctx, i, h.rev); err != nil {
			return nil, err
		}
	}
	if !pending {
		return nil, nil
	}
	return heads, nil
}

// duplicateOr answers part i as a duplicate if its first id is recorded;
// else the call fails, the part's stream being at actual.
func (m *multi) duplicateOr(ctx context.Context, i int, actual int64) error {
	p := m.parts[i]
	loc, err := m.s.findDuplicate(ctx, p.Events[0].ID)
	switch {
	case err != nil:
		return err
	case loc == nil:
		return &events.ConflictError{Stream: p.Stream, Expected: p.Expected, Actual: actual}
	}
	return m.duplicate(ctx, i, loc)
}

func (m *multi) duplicate(ctx context.Context, i int, loc *location) error {
	res, err := m.s.duplicate(ctx, loc, m.parts[i].Events)
	m.results[i], m.dup[i] = res, err == nil
	return err
}

// request seals the pending parts after their heads and makes the append:
// their events in the order of parts (so their positions follow it), then a
// claim of each of their ids.
func (m *multi) request(heads []streamHead) ([][]events.Recorded, []kurrentdb.AppendStreamRequest, error) {
	now := time.Now()
	recs := make([][]events.Recorded, len(m.parts))
	var reqs, claims []kurrentdb.AppendStreamRequest
	for i, p := range m.parts {
		if m.dup[i] {
			continue
		}
		recs[i] = seal(p.Stream, heads[i], p.Events, now)
		data := make([]kurrentdb.EventData, len(recs[i]))
		for j := range recs[i] {
			var err error
			if data[j], err = toEventData(&recs[i][j]); err != nil {
				return nil, nil, err
			}
			if data[j].Metadata, err = stringProperties(data[j].Metadata); err != nil {
				return nil, nil, err
			}
		}
		reqs = append(reqs, kurrentdb.AppendStreamRequest{StreamName: p.Stream, Events: slices.Values(data), ExpectedStreamState: expectedFor(heads[i].rev)})
		for _, e := range p.Events {
			ev, err := claimEvent(claim{Stream: p.Stream, After: heads[i].rev, Owner: m.owner})
			if err != nil {
				return nil, nil, err
			}
			at, ok := m.claimAt[e.ID]
			if !ok {
				at = kurrentdb.NoStream{}
			}
			claims = append(claims, kurrentdb.AppendStreamRequest{StreamName: claimStream(e.ID), Events: slices.Values([]kurrentdb.EventData{ev}), ExpectedStreamState: at})
		}
	}
	return recs, append(reqs, claims...), nil
}

// refused looks into the stream the server named when it refused the append,
// and tells whether something was learnt that lets the next try go at once.
func (m *multi) refused(ctx context.Context, r *kurrentdb.StreamRevisionConflictError) (bool, error) {
	if id, ok := strings.CutPrefix(r.Stream, ClaimPrefix); ok {
		if ref, ok := m.ids[id]; ok {
			return m.claimRefused(ctx, id, ref)
		}
	}
	i := slices.IndexFunc(m.parts, func(p events.StreamAppend) bool { return p.Stream == r.Stream })
	switch {
	case i < 0:
		return false, fmt.Errorf("kurrent: multi-stream append refused on %s, a stream it did not write", r.Stream)
	case m.parts[i].Expected == events.Any:
		return false, nil
	}
	actual, known := revisionOf(r.ActualRevision)
	if !known {
		h, err := m.s.readHead(ctx, r.Stream)
		if err != nil {
			return false, err
		}
		actual = h.rev
	}
	return true, m.duplicateOr(ctx, i, actual)
}

// claimRefused: id's claim stream was not where the append expected it.
func (m *multi) claimRefused(ctx context.Context, id string, ref idRef) (bool, error) {
	p := m.parts[ref.part]
	at, loc, err := m.s.claimFor(ctx, id, ref.index == 0)
	switch {
	case errors.Is(err, errClaimBusy):
		return false, fmt.Errorf("kurrent: append to %s: event %s is %w", p.Stream, id, err)
	case err != nil:
		return false, err
	case loc != nil && ref.index == 0:
		return true, m.duplicate(ctx, ref.part, loc)
	case loc != nil:
		return false, fmt.Errorf("kurrent: append to %s: event %s is already recorded in %s at revision %d",
			p.Stream, id, loc.stream, loc.revision)
	}
	prev, ok := m.claimAt[id]
	if !ok {
		prev = kurrentdb.NoStream{}
	}
	m.claimAt[id] = at
	return prev != at, nil
}

// revisionOf is the last revision a stream state names (-1: no stream).
func revisionOf(st kurrentdb.StreamState) (int64, bool) {
	switch st := st.(type) {
	case kurrentdb.NoStream:
		return -1, true
	case kurrentdb.StreamRevision:
		return int64(st.Value), true
	}
	return 0, false
}

// readBack reads the recorded parts back for their positions.
func (m *multi) readBack(ctx context.Context, recs [][]events.Recorded) ([]events.AppendResult, error) {
	for i, p := range m.parts {
		if m.dup[i] {
			continue
		}
		res, err := m.s.readBack(ctx, p.Stream, recs[i])
		if err != nil {
			return nil, err
		}
		m.results[i] = res
	}
	return m.results, nil
}

// errMultiUnsupported: the node does not offer the multi-stream append.
var errMultiUnsupported = fmt.Errorf("kurrent: atomic multi-stream appends need KurrentDB 25.1 or later, "+
	"and the node this store is connected to does not offer them: %w", errors.ErrUnsupported)

// failed explains an error that leaves the append's outcome unknown, or the
// server unable to do it.
func (m *multi) failed(err error) error {
	if hasCode(err, kurrentdb.ErrorCodeUnsupportedFeature) && !m.s.isClosed() {
		return errMultiUnsupported
	}
	streams := make([]string, 0, len(m.parts))
	for i, p := range m.parts {
		if !m.dup[i] {
			streams = append(streams, p.Stream)
		}
	}
	return m.s.fail("multi-stream append to "+strings.Join(streams, ", "), err)
}
