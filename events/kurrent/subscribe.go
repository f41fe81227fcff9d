package kurrent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"

	"github.com/latsar/ledger/events"
)

// Subscribe implements events.Store with a catch-up subscription to $all,
// filtered on the server by the ledger's stream prefixes: the server sends
// the recorded events after the position, then new ones as they are
// recorded. The adapter remembers the position of the last event handed
// over; when the subscription drops (a node dies, the leader changes, the
// connection breaks) it subscribes again after that position, with a
// growing pause, so the handler sees no gap and no repeat. Events at or
// before that position are dropped should the server send them again.
// Checkpoints only tell that filtered-out events were passed over; they are
// not used to resume, so a resubscription may scan such events again but
// cannot skip one of ours. Errors that retrying cannot mend (access denied,
// bad credentials, an event without a position of its own) end it.
func (s *Store) Subscribe(ctx context.Context, after uint64, handle func([]events.Recorded) error) error {
	sctx, end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	p := pump{
		open:       s.openSubscription,
		match:      s.cfg.prefixes.match,
		closed:     s.done,
		logger:     s.cfg.logger,
		minBackoff: 50 * time.Millisecond,
		maxBackoff: 5 * time.Second,
		maxBatch:   subscribeBatch,
	}
	err = p.run(sctx, after, handle)
	if ctx.Err() == nil && s.isClosed() {
		return events.ErrClosed
	}
	return err
}

// subscribeBatch caps how many events one handler call gets.
const subscribeBatch = 512

func (s *Store) openSubscription(ctx context.Context, after uint64) (receiver, error) {
	return s.client.SubscribeToAll(ctx, kurrentdb.SubscribeToAllOptions{
		From:   LogPosition(after), // a subscription starts after its position
		Filter: s.cfg.prefixes.filter(),
	})
}

// receiver is what the pump needs of an *kurrentdb.Subscription.
type receiver interface {
	Recv() *kurrentdb.SubscriptionEvent
	Close() error
}

// pump hands the events of successive subscriptions to a handler.
type pump struct {
	open                   func(ctx context.Context, after uint64) (receiver, error)
	match                  func(stream string) bool
	closed                 <-chan struct{}
	logger                 *slog.Logger
	minBackoff, maxBackoff time.Duration
	maxBatch               int
}

// handlerError carries the handler's error out of a subscription.
type handlerError struct{ err error }

func (e handlerError) Error() string { return e.err.Error() }

// fatalError is an error no resubscription mends.
type fatalError struct{ err error }

func (e fatalError) Error() string { return e.err.Error() }

func (p *pump) run(ctx context.Context, after uint64, handle func([]events.Recorded) error) error {
	last := after
	backoff := p.minBackoff
	for {
		progressed, err := p.once(ctx, &last, handle)
		var he handlerError
		var fe fatalError
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case p.isClosed():
			return events.ErrClosed
		case errors.As(err, &he):
			return he.err
		case errors.As(err, &fe):
			return fe.err
		case isPermanent(err):
			return fmt.Errorf("kurrent: subscribe: %w", err)
		}
		if progressed {
			backoff = p.minBackoff
		}
		p.logger.Warn("kurrent: subscription to $all dropped; subscribing again", "after", last, "in", backoff, "err", err)
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-p.closed:
			t.Stop()
			return events.ErrClosed
		}
		backoff = min(2*backoff, p.maxBackoff)
	}
}

func (p *pump) isClosed() bool {
	select {
	case <-p.closed:
		return true
	default:
		return false
	}
}

// once runs one subscription until it drops or must stop, handing over the
// events after *last and moving *last along.
func (p *pump) once(ctx context.Context, last *uint64, handle func([]events.Recorded) error) (progressed bool, err error) {
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sub, err := p.open(sctx, *last)
	if err != nil {
		return false, err
	}

	// Recv blocks, so a goroutine receives; the loop below takes what has
	// arrived so far as one batch.
	ch := make(chan *kurrentdb.SubscriptionEvent, p.maxBatch)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			ev := sub.Recv()
			select {
			case ch <- ev:
			case <-stop:
				return
			}
			if ev.SubscriptionDropped != nil {
				return
			}
		}
	})
	defer func() {
		close(stop)
		_ = sub.Close()
		cancel()
		wg.Wait()
	}()

	for {
		var ev *kurrentdb.SubscriptionEvent
		select {
		case ev = <-ch:
		case <-ctx.Done():
			return progressed, ctx.Err()
		case <-p.closed:
			return progressed, events.ErrClosed
		}
		var batch []events.Recorded
		var dropped error
		cur := *last
	drain:
		for {
			switch {
			case ev.SubscriptionDropped != nil:
				dropped = ev.SubscriptionDropped.Error
				if dropped == nil {
					dropped = errors.New("subscription dropped")
				}
				break drain
			case ev.EventAppeared != nil:
				rec, ok, err := p.convert(ev.EventAppeared, cur)
				if err != nil {
					return progressed, fatalError{err}
				}
				if ok {
					batch = append(batch, rec)
					cur = rec.Position
				}
			}
			if len(batch) >= p.maxBatch {
				break drain
			}
			select {
			case ev = <-ch:
			default:
				break drain
			}
		}
		if len(batch) > 0 {
			if err := handle(batch); err != nil {
				return progressed, handlerError{err}
			}
			*last, progressed = cur, true
		}
		if dropped != nil {
			return progressed, dropped
		}
	}
}

// convert keeps an event of the ledger's streams after position after.
func (p *pump) convert(ev *kurrentdb.ResolvedEvent, after uint64) (events.Recorded, bool, error) {
	orig := ev.OriginalEvent()
	if orig == nil || !p.match(orig.StreamID) {
		return events.Recorded{}, false, nil
	}
	rec, err := fromRecordedEvent(orig)
	if err != nil {
		return events.Recorded{}, false, err
	}
	if rec.Position <= after {
		return events.Recorded{}, false, nil // sent again after a resubscription
	}
	return rec, true, nil
}
