package storetest

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/latsar/ledger/events"
)

func appendMulti(t *testing.T, s events.Store, parts ...events.StreamAppend) []events.AppendResult {
	t.Helper()
	res, err := s.AppendMulti(testContext(t), parts)
	if err != nil {
		t.Fatalf("multi-stream append: %v", err)
	}
	if len(res) != len(parts) {
		t.Fatalf("multi-stream append: %d results for %d streams", len(res), len(parts))
	}
	return res
}

func testMultiStreamAppend(t *testing.T, s events.Store) {
	roster, own := newStream(t), newStream(t)
	mustAppend(t, s, roster, events.NoStream, proposed("Opened", `{}`))
	before := headPosition(t, s)
	res := appendMulti(t, s,
		events.StreamAppend{Stream: roster, Expected: events.ExpectRevision(0), Events: []events.Proposed{proposed("Enrolled", `{"n":1}`)}},
		events.StreamAppend{Stream: own, Expected: events.NoStream, Events: []events.Proposed{proposed("Enrolled", `{"n":1}`), proposed("Copied", `{}`)}},
	)
	if res[0].Duplicate || res[1].Duplicate {
		t.Fatalf("first multi-stream append answered a duplicate: %+v", res)
	}
	if got := res[0].Last().Revision; got != 1 {
		t.Fatalf("roster revision=%d, want 1", got)
	}
	if got := res[1].Last().Revision; got != 1 {
		t.Fatalf("own stream revision=%d, want 1", got)
	}
	last := before
	for _, r := range res {
		for _, e := range r.Events {
			if e.Position <= last {
				t.Fatalf("event %s at position %d, not after %d", e.ID, e.Position, last)
			}
			last = e.Position
		}
	}
	if got := headPosition(t, s); got != last {
		t.Fatalf("head=%d, want the last event's position %d", got, last)
	}
	sameEvent(t, readStream(t, s, roster, 0, 0)[1], res[0].Events[0])
	sameEvent(t, readStream(t, s, own, 0, 0)[1], res[1].Events[1])
}

// testMultiStreamAllOrNothing: one part's expectation failing records no part.
func testMultiStreamAllOrNothing(t *testing.T, s events.Store) {
	roster, own := newStream(t), newStream(t)
	mustAppend(t, s, roster, events.NoStream, proposed("Opened", `{}`))
	mustAppend(t, s, own, events.NoStream, proposed("EnrolledElsewhere", `{}`))
	fresh := newStream(t)
	for _, parts := range [][]events.StreamAppend{
		{ // the participant is not new, as the caller believed
			{Stream: roster, Expected: events.ExpectRevision(0), Events: []events.Proposed{proposed("Enrolled", `{}`)}},
			{Stream: own, Expected: events.NoStream, Events: []events.Proposed{proposed("Enrolled", `{}`)}},
		},
		{ // the first part's expectation fails, the later ones would hold
			{Stream: roster, Expected: events.ExpectRevision(7), Events: []events.Proposed{proposed("Enrolled", `{}`)}},
			{Stream: fresh, Expected: events.NoStream, Events: []events.Proposed{proposed("Enrolled", `{}`)}},
		},
	} {
		_, err := s.AppendMulti(testContext(t), parts)
		if !errors.Is(err, events.ErrConflict) {
			t.Fatalf("multi-stream append with a wrong expectation: err=%v, want ErrConflict", err)
		}
	}
	if got := len(readStream(t, s, roster, 0, 0)); got != 1 {
		t.Fatalf("roster holds %d events after refused appends, want 1", got)
	}
	if got := len(readStream(t, s, own, 0, 0)); got != 1 {
		t.Fatalf("participant stream holds %d events after refused appends, want 1", got)
	}
	if got := len(readStream(t, s, fresh, 0, 0)); got != 0 {
		t.Fatalf("fresh stream holds %d events after a refused append, want 0", got)
	}

	// An id taken in a later part fails the whole call too.
	taken := readStream(t, s, own, 0, 0)[0].ID
	_, err := s.AppendMulti(testContext(t), []events.StreamAppend{
		{Stream: roster, Expected: events.ExpectRevision(0), Events: []events.Proposed{proposed("Enrolled", `{}`)}},
		{Stream: fresh, Expected: events.NoStream, Events: []events.Proposed{proposed("A", `{}`), {ID: taken, Type: "Again", Data: []byte(`{}`)}}},
	})
	if err == nil {
		t.Fatal("multi-stream append with a taken id in a later part: err=nil, want an error")
	}
	if got := len(readStream(t, s, roster, 0, 0)); got != 1 {
		t.Fatalf("roster holds %d events after a failed append, want 1", got)
	}
	if got := len(readStream(t, s, fresh, 0, 0)); got != 0 {
		t.Fatalf("fresh stream holds %d events after a failed append, want 0", got)
	}
}

// testMultiStreamDuplicate: the same call again records nothing and answers
// the first record, whatever it expects now.
func testMultiStreamDuplicate(t *testing.T, s events.Store) {
	a, b := newStream(t), newStream(t)
	parts := []events.StreamAppend{
		{Stream: a, Expected: events.NoStream, Events: []events.Proposed{proposed("A", `{}`)}},
		{Stream: b, Expected: events.NoStream, Events: []events.Proposed{proposed("B", `{}`), proposed("C", `{}`)}},
	}
	first := appendMulti(t, s, parts...)
	head := headPosition(t, s)
	again := appendMulti(t, s, parts...)
	for i := range parts {
		if !again[i].Duplicate {
			t.Fatalf("part %d of a repeated multi-stream append: Duplicate=false", i)
		}
		if len(again[i].Events) != len(first[i].Events) {
			t.Fatalf("part %d: %d events answered, want %d", i, len(again[i].Events), len(first[i].Events))
		}
		for j := range first[i].Events {
			sameEvent(t, again[i].Events[j], first[i].Events[j])
		}
	}
	if got := headPosition(t, s); got != head {
		t.Fatalf("head moved from %d to %d on a repeated append", head, got)
	}

	// A part already recorded (a crash of an older, non-atomic writer left
	// it) is answered as a duplicate while the others are recorded.
	c := newStream(t)
	mixed := appendMulti(t, s, parts[0], events.StreamAppend{Stream: c, Expected: events.NoStream, Events: []events.Proposed{proposed("D", `{}`)}})
	if !mixed[0].Duplicate || mixed[1].Duplicate {
		t.Fatalf("mixed append: duplicates %v %v, want true false", mixed[0].Duplicate, mixed[1].Duplicate)
	}
}

// testMultiStreamRace: appenders race for one shared stream's next revision,
// each with a stream of its own beside it. Exactly one wins, and no loser's
// own stream holds anything.
func testMultiStreamRace(t *testing.T, s events.Store) {
	const n = 20
	shared := newStream(t)
	mustAppend(t, s, shared, events.NoStream, proposed("Opened", `{}`))
	own := make([]string, n)
	for i := range own {
		own[i] = newStream(t)
	}
	var wins, conflicts atomic.Int32
	errs := make([]error, n)
	parallel(n, func(i int) {
		_, err := s.AppendMulti(testContext(t), []events.StreamAppend{
			{Stream: shared, Expected: events.ExpectRevision(0), Events: []events.Proposed{proposed("Claimed", fmt.Sprintf(`{"by":%d}`, i))}},
			{Stream: own[i], Expected: events.NoStream, Events: []events.Proposed{proposed("Mine", `{}`)}},
		})
		switch {
		case err == nil:
			wins.Add(1)
		case errors.Is(err, events.ErrConflict):
			conflicts.Add(1)
		default:
			errs[i] = err
		}
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("appender %d: %v", i, err)
		}
	}
	if wins.Load() != 1 || conflicts.Load() != n-1 {
		t.Fatalf("%d won and %d conflicted, want 1 and %d", wins.Load(), conflicts.Load(), n-1)
	}
	if got := len(readStream(t, s, shared, 0, 0)); got != 2 {
		t.Fatalf("shared stream holds %d events, want 2", got)
	}
	written := 0
	for _, st := range own {
		written += len(readStream(t, s, st, 0, 0))
	}
	if written != 1 {
		t.Fatalf("%d own streams were written, want exactly the winner's", written)
	}
}
