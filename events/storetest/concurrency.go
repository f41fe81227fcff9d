package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/latsar/ledger/events"
)

func testSubscribe(t *testing.T, s events.Store) {
	a, b := newStream(t), newStream(t)
	mine := map[string]bool{a: true, b: true}
	for i := range 10 {
		mustAppend(t, s, a, events.Any, proposed("Before", fmt.Sprintf(`{"i":%d}`, i)))
	}

	// Catch-up from the start of the log, then live while two writers append.
	sub := subscribe(t, s, 0, mine)
	got := sub.next(t, 10)
	done := make(chan error, 2)
	for _, st := range []string{a, b} {
		go func() {
			for i := range 20 {
				if _, err := s.Append(testContext(t), st, events.Any, []events.Proposed{proposed("Live", fmt.Sprintf(`{"i":%d}`, i))}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatalf("append while subscribed: %v", err)
		}
	}
	got = append(got, sub.next(t, 40)...)
	sub.stop(t)

	want := append(readStream(t, s, a, 0, 0), readStream(t, s, b, 0, 0)...)
	sort.Slice(want, func(i, j int) bool { return want[i].Position < want[j].Position })
	sameEvents(t, "catch-up then live", got, want)

	// Resume after an event in the middle: the rest, and only the rest.
	sub = subscribe(t, s, want[14].Position, mine)
	sameEvents(t, "resume", sub.next(t, len(want)-15), want[15:])
	sub.stop(t)
}

func testSubscribeHandlerError(t *testing.T, s events.Store) {
	head := headPosition(t, s)
	mustAppend(t, s, newStream(t), events.NoStream, proposed("A", `{}`))
	errStop := errors.New("handler says stop")
	errc := make(chan error, 1)
	go func() {
		errc <- s.Subscribe(testContext(t), head, func([]events.Recorded) error { return errStop })
	}()
	select {
	case err := <-errc:
		if !errors.Is(err, errStop) {
			t.Fatalf("subscribe ended with %v, want the handler's error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("subscribe did not end when its handler failed")
	}
}

// testRaceSameRevision has 50 appenders expect the same revision: one wins,
// the others are told the revision the winner left.
func testRaceSameRevision(t *testing.T, s events.Store) {
	const n = 50
	for _, tc := range []struct {
		name     string
		prepare  int
		expected events.ExpectedRevision
	}{
		{"no-stream", 0, events.NoStream},
		{"exact", 3, events.ExpectRevision(2)},
	} {
		stream := newStream(t)
		for range tc.prepare {
			mustAppend(t, s, stream, events.Any, proposed("Before", `{}`))
		}
		errs := make([]error, n)
		parallel(n, func(i int) {
			_, errs[i] = s.Append(testContext(t), stream, tc.expected, []events.Proposed{proposed("Race", `{}`)})
		})
		wins := 0
		for _, err := range errs {
			if err == nil {
				wins++
				continue
			}
			wantConflict(t, err, stream, tc.expected, int64(tc.prepare))
		}
		if wins != 1 {
			t.Fatalf("%s: %d appenders won revision %d, want exactly 1", tc.name, wins, tc.prepare)
		}
		if got, want := len(readStream(t, s, stream, 0, 0)), tc.prepare+1; got != want {
			t.Fatalf("%s: stream holds %d events, want %d", tc.name, got, want)
		}
	}
}

// testRaceRetry is the command path under contention: 50 appenders each
// retry on conflict, with the revision the conflict reports, until their one
// event is recorded.
func testRaceRetry(t *testing.T, s events.Store) {
	const n = 50
	stream := newStream(t)
	ids := make([]string, n)
	errs := make([]error, n)
	parallel(n, func(i int) {
		p := proposed("Racer", fmt.Sprintf(`{"racer":%d}`, i))
		ids[i] = p.ID
		expected := events.NoStream
		for range 20 * n {
			_, err := s.Append(testContext(t), stream, expected, []events.Proposed{p})
			var ce *events.ConflictError
			switch {
			case err == nil:
				return
			case !errors.As(err, &ce):
				errs[i] = err
				return
			case ce.Actual < 0:
				expected = events.NoStream
			default:
				expected = events.ExpectRevision(uint64(ce.Actual))
			}
		}
		errs[i] = fmt.Errorf("racer %d: still conflicting after %d tries", i, 20*n)
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got := readStream(t, s, stream, 0, 0)
	if len(got) != n {
		t.Fatalf("stream holds %d events, want %d", len(got), n)
	}
	seen := map[string]int{}
	for i, e := range got {
		if e.Revision != uint64(i) {
			t.Fatalf("event %d has revision %d", i, e.Revision)
		}
		seen[e.ID]++
	}
	for i, id := range ids {
		if seen[id] != 1 {
			t.Fatalf("racer %d's event recorded %d times, want once", i, seen[id])
		}
	}
}

type subscription struct {
	evs    chan events.Recorded
	errc   chan error
	cancel context.CancelFunc
}

// subscribe runs s.Subscribe in a goroutine. Its handler checks that
// positions strictly increase across all batches (no repeat, no disorder)
// and passes on the events of the streams in mine.
func subscribe(t *testing.T, s events.Store, after uint64, mine map[string]bool) *subscription {
	ctx, cancel := context.WithCancel(testContext(t))
	sub := &subscription{evs: make(chan events.Recorded, 64), errc: make(chan error, 1), cancel: cancel}
	last := after
	go func() {
		sub.errc <- s.Subscribe(ctx, after, func(batch []events.Recorded) error {
			if len(batch) == 0 {
				return errors.New("handler called with no event")
			}
			for _, e := range batch {
				if e.Position <= last {
					return fmt.Errorf("position %d handed over after %d: repeated or out of order", e.Position, last)
				}
				last = e.Position
				if !mine[e.Stream] {
					continue
				}
				select {
				case sub.evs <- e:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}()
	return sub
}

func (sub *subscription) next(t *testing.T, n int) []events.Recorded {
	t.Helper()
	var got []events.Recorded
	timeout := time.After(20 * time.Second)
	for len(got) < n {
		select {
		case e := <-sub.evs:
			got = append(got, e)
		case err := <-sub.errc:
			t.Fatalf("subscription ended after %d of %d events: %v", len(got), n, err)
		case <-timeout:
			t.Fatalf("subscription handed over %d of %d events", len(got), n)
		}
	}
	return got
}

// stop cancels the subscription, which must end with the context's error and
// must not have handed over anything more of ours.
func (sub *subscription) stop(t *testing.T) {
	t.Helper()
	sub.cancel()
	select {
	case err := <-sub.errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("subscription ended with %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("subscription did not end when its context did")
	}
	select {
	case e := <-sub.evs:
		t.Fatalf("subscription handed over one event too many: %+v", e)
	default:
	}
}

func sameEvents(t *testing.T, what string, got, want []events.Recorded) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d events, want %d", what, len(got), len(want))
	}
	for i := range got {
		sameEvent(t, got[i], want[i])
	}
}
