package kurrent

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/latsar/ledger/events"
)

// scriptedSub is a subscription that sends its events, then drops (when
// drop is set) or waits until it is closed.
type scriptedSub struct {
	evs    chan *kurrentdb.SubscriptionEvent
	closed chan struct{}
	once   sync.Once
}

func newScriptedSub(drop error, evs ...*kurrentdb.SubscriptionEvent) *scriptedSub {
	s := &scriptedSub{evs: make(chan *kurrentdb.SubscriptionEvent, len(evs)+1), closed: make(chan struct{})}
	for _, e := range evs {
		s.evs <- e
	}
	if drop != nil {
		s.evs <- &kurrentdb.SubscriptionEvent{SubscriptionDropped: &kurrentdb.SubscriptionDropped{Error: drop}}
	}
	return s
}

func (s *scriptedSub) Recv() *kurrentdb.SubscriptionEvent {
	select {
	case e := <-s.evs:
		return e
	case <-s.closed:
		return &kurrentdb.SubscriptionEvent{SubscriptionDropped: &kurrentdb.SubscriptionDropped{Error: errors.New("closed")}}
	}
}

func (s *scriptedSub) Close() error { s.once.Do(func() { close(s.closed) }); return nil }

func appeared(stream string, pos uint64) *kurrentdb.SubscriptionEvent {
	md := appendUserMetadata(nil, time.Unix(0, int64(pos)), &events.Metadata{Actor: "t"})
	return &kurrentdb.SubscriptionEvent{EventAppeared: &kurrentdb.ResolvedEvent{Event: &kurrentdb.RecordedEvent{
		EventID: uuid.New(), EventType: "A", StreamID: stream, Position: kurrentdb.Position{Commit: pos, Prepare: pos},
		Data: []byte(`{}`), UserMetadata: md,
	}}}
}

func checkpoint(pos uint64) *kurrentdb.SubscriptionEvent {
	return &kurrentdb.SubscriptionEvent{CheckPointReached: &kurrentdb.Position{Commit: pos}}
}

type scriptedOpener struct {
	mu     sync.Mutex
	afters []uint64
	subs   []receiver
	errs   []error
}

func (o *scriptedOpener) open(_ context.Context, after uint64) (receiver, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.afters = append(o.afters, after)
	if len(o.errs) > 0 {
		err := o.errs[0]
		o.errs = o.errs[1:]
		if err != nil {
			return nil, err
		}
	}
	if len(o.subs) == 0 {
		return newScriptedSub(nil), nil // nothing more: waits
	}
	s := o.subs[0]
	o.subs = o.subs[1:]
	return s, nil
}

func testPump(o *scriptedOpener, closed chan struct{}) *pump {
	return &pump{
		open:       o.open,
		match:      prefixes{"test-"}.match,
		closed:     closed,
		logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		minBackoff: time.Millisecond,
		maxBackoff: 4 * time.Millisecond,
		maxBatch:   3,
	}
}

func TestPumpResubscribesWithoutGapOrRepeat(t *testing.T) {
	o := &scriptedOpener{
		subs: []receiver{
			newScriptedSub(errors.New("node died"),
				appeared("test-a", 100), appeared("$stats-x", 200), checkpoint(250), appeared("test-a", 300)),
			// The next node sends 300 again, then new events.
			newScriptedSub(errors.New("leader changed"), appeared("test-a", 300), appeared("test-b", 400)),
			newScriptedSub(nil, appeared("test-b", 500)),
		},
		// One attempt fails before the third subscription starts.
		errs: []error{nil, nil, errors.New("unavailable"), nil},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []uint64
	err := testPump(o, make(chan struct{})).run(ctx, 0, func(batch []events.Recorded) error {
		for _, e := range batch {
			got = append(got, e.Position)
			if e.Position == 500 {
				cancel()
			}
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run ended with %v, want context.Canceled", err)
	}
	if want := []uint64{100, 300, 400, 500}; !equal(got, want) {
		t.Fatalf("handed over %v, want %v", got, want)
	}
	if want := []uint64{0, 300, 400, 400}; !equal(o.afters, want) {
		t.Fatalf("subscribed after %v, want %v", o.afters, want)
	}
}

func TestPumpStartsAfterItsPosition(t *testing.T) {
	o := &scriptedOpener{subs: []receiver{newScriptedSub(nil, appeared("test-a", 100), appeared("test-a", 200), appeared("test-a", 300))}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []uint64
	_ = testPump(o, make(chan struct{})).run(ctx, 200, func(batch []events.Recorded) error {
		for _, e := range batch {
			got = append(got, e.Position)
		}
		cancel()
		return nil
	})
	if !equal(got, []uint64{300}) || !equal(o.afters, []uint64{200}) {
		t.Fatalf("handed over %v after subscribing after %v, want [300] after [200]", got, o.afters)
	}
}

func TestPumpBatches(t *testing.T) {
	var evs []*kurrentdb.SubscriptionEvent
	for i := range 7 {
		evs = append(evs, appeared("test-a", uint64(100*(i+1))))
	}
	sub := newScriptedSub(nil, evs...)
	o := &scriptedOpener{subs: []receiver{sub}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sizes []int
	n := 0
	_ = testPump(o, make(chan struct{})).run(ctx, 0, func(batch []events.Recorded) error {
		if len(batch) == 0 {
			t.Errorf("empty batch")
		}
		sizes = append(sizes, len(batch))
		if n += len(batch); n == 7 {
			cancel()
		}
		return nil
	})
	if n != 7 {
		t.Fatalf("handed over %d events, want 7", n)
	}
	for _, s := range sizes {
		if s > 3 {
			t.Fatalf("batch sizes %v exceed 3", sizes)
		}
	}
}

func TestPumpStops(t *testing.T) {
	errStop := errors.New("projection failed")
	t.Run("handler-error", func(t *testing.T) {
		o := &scriptedOpener{subs: []receiver{newScriptedSub(nil, appeared("test-a", 100))}}
		err := testPump(o, make(chan struct{})).run(context.Background(), 0, func([]events.Recorded) error { return errStop })
		if !errors.Is(err, errStop) || len(o.afters) != 1 {
			t.Fatalf("run = %v after %d subscriptions, want the handler's error after 1", err, len(o.afters))
		}
	})
	t.Run("event-without-own-position", func(t *testing.T) {
		bad := appeared("test-a", 100)
		bad.EventAppeared.Event.Position.Commit = 50 // an explicit transaction
		o := &scriptedOpener{subs: []receiver{newScriptedSub(nil, bad)}}
		err := testPump(o, make(chan struct{})).run(context.Background(), 0, func([]events.Recorded) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "explicit transaction") {
			t.Fatalf("run = %v, want the position error", err)
		}
	})
	t.Run("store-closed", func(t *testing.T) {
		closed := make(chan struct{})
		o := &scriptedOpener{}
		done := make(chan error, 1)
		go func() {
			done <- testPump(o, closed).run(context.Background(), 0, func([]events.Recorded) error { return nil })
		}()
		time.Sleep(10 * time.Millisecond)
		close(closed)
		select {
		case err := <-done:
			if !errors.Is(err, events.ErrClosed) {
				t.Fatalf("run = %v, want ErrClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("run did not end when the store closed")
		}
	})
}

func equal(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
