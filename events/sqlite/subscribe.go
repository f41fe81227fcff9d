package sqlite

import (
	"context"
	"sync"
	"time"

	"github.com/latsar/ledger/events"
)

// subscribePage is how many events a subscriber reads, and hands over, at once.
const subscribePage = 1000

// notifier wakes every waiting subscriber after a commit: it closes the
// channel they wait on and replaces it.
type notifier struct {
	mu sync.Mutex
	ch chan struct{}
}

func (n *notifier) init() { n.ch = make(chan struct{}) }

// wait returns a channel closed by the next broadcast. Take it before reading,
// so a commit between the read and the wait is not missed.
func (n *notifier) wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.ch
}

func (n *notifier) broadcast() {
	n.mu.Lock()
	close(n.ch)
	n.ch = make(chan struct{})
	n.mu.Unlock()
}

// Subscribe implements events.Store. Catch-up and live are the same loop: read
// the log after the last position handed over, and when it is exhausted wait
// for the writer's next commit. Because positions are assigned in commit order
// by the single writer, reading "after the last position" never skips an event
// committed later. It returns events.ErrClosed when the store is closed.
func (s *Store) Subscribe(ctx context.Context, after uint64, handle func([]events.Recorded) error) error {
	// Another process writing the same file cannot wake us: poll for it.
	var poll <-chan time.Time
	var timer *time.Timer
	if s.cfg.pollInterval > 0 {
		timer = time.NewTimer(s.cfg.pollInterval)
		defer timer.Stop()
		poll = timer.C
	}
	for {
		wake := s.notify.wait()
		evs, err := s.ReadAll(ctx, after, subscribePage)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(evs) > 0 {
			if err := handle(evs); err != nil {
				return err
			}
			after = evs[len(evs)-1].Position
			if len(evs) == subscribePage {
				continue
			}
		}
		if timer != nil {
			timer.Reset(s.cfg.pollInterval)
		}
		select {
		case <-wake:
		case <-poll:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.done:
			return events.ErrClosed
		}
	}
}
