package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/latsar/ledger/events"
)

func testAppendNoStream(t *testing.T, s events.Store) {
	stream := newStream(t)
	head := headPosition(t, s)
	p := proposed("Opened", `{"n": 1}`)
	p.Metadata = events.Metadata{Actor: "tok-1", Role: "admin", CorrelationID: "c-1", SchemaVersion: 2}
	before := time.Now()
	res := mustAppend(t, s, stream, events.NoStream, p)
	if res.Duplicate {
		t.Fatalf("duplicate=true on a first append")
	}
	if got, want := len(res.Events), 1; got != want {
		t.Fatalf("len(events)=%d, want %d", got, want)
	}
	e := res.Last()
	if e.ID != p.ID || e.Type != p.Type || e.Stream != stream || e.Revision != 0 {
		t.Fatalf("recorded %+v, want id %s type %s stream %s revision 0", e, p.ID, p.Type, stream)
	}
	if e.Position <= head {
		t.Fatalf("position=%d, want > head %d", e.Position, head)
	}
	if e.RecordedAt.Before(before.Add(-time.Minute)) || e.RecordedAt.After(time.Now().Add(time.Minute)) {
		t.Fatalf("recorded_at=%v, want about %v", e.RecordedAt, before)
	}
	if got, want := e.Metadata.Actor, "tok-1"; got != want {
		t.Fatalf("metadata.actor=%q, want %q", got, want)
	}
	if e.Metadata.Hash == "" || e.Metadata.PrevHash != "" {
		t.Fatalf("hash=%q prev_hash=%q, want a hash and no prev_hash", e.Metadata.Hash, e.Metadata.PrevHash)
	}
	got := readStream(t, s, stream, 0, 0)
	if len(got) != 1 {
		t.Fatalf("read %d events, want 1", len(got))
	}
	sameEvent(t, got[0], e)
	if string(got[0].Data) != `{"n": 1}` {
		t.Fatalf("data=%s, want %s", got[0].Data, `{"n": 1}`)
	}
}

func testNoStreamConflict(t *testing.T, s events.Store) {
	stream := newStream(t)
	mustAppend(t, s, stream, events.NoStream, proposed("A", `{}`))
	_, err := s.Append(testContext(t), stream, events.NoStream, []events.Proposed{proposed("B", `{}`)})
	wantConflict(t, err, stream, events.NoStream, 0)
	if got := readStream(t, s, stream, 0, 0); len(got) != 1 {
		t.Fatalf("stream holds %d events after a conflict, want 1", len(got))
	}
}

func testExactRevision(t *testing.T, s events.Store) {
	ctx := testContext(t)
	stream := newStream(t)
	_, err := s.Append(ctx, stream, events.ExpectRevision(0), []events.Proposed{proposed("A", `{}`)})
	wantConflict(t, err, stream, events.ExpectRevision(0), -1)

	mustAppend(t, s, stream, events.NoStream, proposed("A", `{}`))
	res := mustAppend(t, s, stream, events.ExpectRevision(0), proposed("B", `{}`))
	if got, want := res.Last().Revision, uint64(1); got != want {
		t.Fatalf("revision=%d, want %d", got, want)
	}
	_, err = s.Append(ctx, stream, events.ExpectRevision(0), []events.Proposed{proposed("C", `{}`)})
	wantConflict(t, err, stream, events.ExpectRevision(0), 1)
	_, err = s.Append(ctx, stream, events.ExpectRevision(5), []events.Proposed{proposed("C", `{}`)})
	wantConflict(t, err, stream, events.ExpectRevision(5), 1)
	res = mustAppend(t, s, stream, events.ExpectRevision(1), proposed("C", `{}`))
	if got, want := res.Last().Revision, uint64(2); got != want {
		t.Fatalf("revision=%d, want %d", got, want)
	}
}

func testAnyRevision(t *testing.T, s events.Store) {
	stream := newStream(t)
	for i := range 3 {
		res := mustAppend(t, s, stream, events.Any, proposed("A", `{}`))
		if got, want := res.Last().Revision, uint64(i); got != want {
			t.Fatalf("append %d: revision=%d, want %d", i, got, want)
		}
	}
}

func testDuplicate(t *testing.T, s events.Store) {
	stream := newStream(t)
	first := []events.Proposed{proposed("A", `{"a":1}`), proposed("B", `{"b":2}`)}
	orig := mustAppend(t, s, stream, events.NoStream, first...)
	mustAppend(t, s, stream, events.ExpectRevision(1), proposed("C", `{}`))

	for _, expected := range []events.ExpectedRevision{events.NoStream, events.Any, events.ExpectRevision(0), events.ExpectRevision(2), events.ExpectRevision(9)} {
		res, err := s.Append(testContext(t), stream, expected, first)
		if err != nil {
			t.Fatalf("retry with expected %d: %v, want the original events", expected, err)
		}
		if !res.Duplicate {
			t.Fatalf("retry with expected %d: duplicate=false, want true", expected)
		}
		if got, want := len(res.Events), len(orig.Events); got != want {
			t.Fatalf("retry with expected %d: %d events, want %d", expected, got, want)
		}
		for i := range res.Events {
			sameEvent(t, res.Events[i], orig.Events[i])
		}
	}
	if got, want := len(readStream(t, s, stream, 0, 0)), 3; got != want {
		t.Fatalf("stream holds %d events after retries, want %d", got, want)
	}
}

// testDuplicateConcurrent sends the same append from many goroutines at once,
// as a client retrying on a timeout would: one records, the others are told
// it is a duplicate of that one.
func testDuplicateConcurrent(t *testing.T, s events.Store) {
	stream := newStream(t)
	p := proposed("A", `{}`)
	const n = 20
	results := make([]events.AppendResult, n)
	errs := make([]error, n)
	parallel(n, func(i int) {
		results[i], errs[i] = s.Append(testContext(t), stream, events.Any, []events.Proposed{p})
	})
	originals := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("append %d: %v", i, errs[i])
		}
		if !results[i].Duplicate {
			originals++
		}
		if got, want := results[i].Last().Position, results[0].Last().Position; got != want {
			t.Fatalf("append %d: position=%d, want %d as the others", i, got, want)
		}
	}
	if originals != 1 {
		t.Fatalf("%d appends recorded the event, want exactly 1", originals)
	}
	if got := readStream(t, s, stream, 0, 0); len(got) != 1 {
		t.Fatalf("stream holds %d events, want 1", len(got))
	}
}

func testMultiEventAtomic(t *testing.T, s events.Store) {
	stream := newStream(t)
	mustAppend(t, s, stream, events.NoStream, proposed("Zero", `{}`))
	batch := make([]events.Proposed, 5)
	for i := range batch {
		batch[i] = proposed(fmt.Sprintf("E%d", i), fmt.Sprintf(`{"i":%d}`, i))
	}
	res := mustAppend(t, s, stream, events.ExpectRevision(0), batch...)
	if got, want := len(res.Events), 5; got != want {
		t.Fatalf("%d events recorded, want %d", got, want)
	}
	for i, e := range res.Events {
		if got, want := e.Revision, uint64(i+1); got != want {
			t.Fatalf("event %d: revision=%d, want %d", i, got, want)
		}
		if e.ID != batch[i].ID {
			t.Fatalf("event %d: id=%s, want %s", i, e.ID, batch[i].ID)
		}
		if i > 0 && e.Position <= res.Events[i-1].Position {
			t.Fatalf("event %d: position=%d, not after %d", i, e.Position, res.Events[i-1].Position)
		}
	}

	// A later event whose ID is already recorded (here the first event of
	// the stream, or another event of the same call) fails the whole call.
	other := newStream(t)
	taken := res.Events[2].ID
	fresh := proposed("Fresh", `{}`)
	for _, evs := range [][]events.Proposed{
		{fresh, {ID: taken, Type: "Again", Data: []byte(`{}`)}},
		{fresh, {ID: fresh.ID, Type: "Twice", Data: []byte(`{}`)}},
	} {
		if _, err := s.Append(testContext(t), other, events.Any, evs); err == nil {
			t.Fatalf("append of %v whose later id is taken: err=nil, want an error", evs)
		}
		if got := readStream(t, s, other, 0, 0); len(got) != 0 {
			t.Fatalf("stream holds %d events after a failed append, want 0", len(got))
		}
	}
	if got, want := len(readStream(t, s, stream, 0, 0)), 6; got != want {
		t.Fatalf("stream holds %d events, want %d", got, want)
	}
	res = mustAppend(t, s, other, events.NoStream, fresh)
	if got, want := res.Last().Revision, uint64(0); got != want {
		t.Fatalf("append after failed ones: revision=%d, want %d", got, want)
	}
}

func testAppendAfterClose(t *testing.T, s events.Store) {
	stream := newStream(t)
	mustAppend(t, s, stream, events.NoStream, proposed("A", `{}`))
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	_, err := s.Append(context.Background(), stream, events.Any, []events.Proposed{proposed("B", `{}`)})
	if !errors.Is(err, events.ErrClosed) {
		t.Fatalf("append after close: err=%v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
}
