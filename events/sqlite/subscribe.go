package sqlite

import (
	"context"
	"sync"
	"time"

	"github.com/latsar/ledger/events"
)

// subscribePage is how many events a subscriber reads, and hands over, at once.
const subscribePage = 1000

// recentWindow is how many of the latest committed events stay in memory, so
// live subscribers take them from there instead of reading them back.
const recentWindow = 8192

// notifier wakes every waiting subscriber after a commit: it closes the
// channel they wait on and replaces it. It also keeps the latest committed
// events, contiguous in position, for subscribers that are live.
type notifier struct {
	mu     sync.Mutex
	ch     chan struct{}
	recent []events.Recorded
}

func (n *notifier) init() { n.ch = make(chan struct{}) }

// wait returns a channel closed by the next broadcast. Take it before reading,
// so a commit between the read and the wait is not missed.
func (n *notifier) wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.ch
}

// broadcast wakes subscribers after a commit of committed (in position order).
func (n *notifier) broadcast(committed []events.Recorded) {
	n.mu.Lock()
	if len(committed) > 0 {
		if k := len(n.recent); k > 0 && n.recent[k-1].Position+1 != committed[0].Position {
			n.recent = n.recent[:0] // a gap (another process wrote): start again
		}
		if len(n.recent)+len(committed) > 2*recentWindow {
			keep := max(0, len(n.recent)-recentWindow)
			n.recent = append(n.recent[:0], n.recent[keep:]...)
		}
		n.recent = append(n.recent, committed...)
	}
	close(n.ch)
	n.ch = make(chan struct{})
	n.mu.Unlock()
}

// since returns up to limit events after position after from memory, and
// whether memory could answer: it holds events after after, and every one
// of them. Memory never answers "nothing new": another process may have
// written the file since this one's last commit, and only the file knows.
func (n *notifier) since(after uint64, limit int) ([]events.Recorded, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	k := len(n.recent)
	if k == 0 || after+1 < n.recent[0].Position || after >= n.recent[k-1].Position {
		return nil, false
	}
	from := int(after + 1 - n.recent[0].Position)
	to := min(k, from+limit)
	return append([]events.Recorded(nil), n.recent[from:to]...), true
}

// Subscribe implements events.Store. Catch-up and live are the same loop: read
// the log after the last position handed over (from memory when the latest
// commits cover it, else from the file), and when it is exhausted wait for the
// writer's next commit. Because positions are assigned in commit order
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
		evs, inMemory := s.notify.since(after, subscribePage)
		var err error
		if !inMemory {
			evs, err = s.ReadAll(ctx, after, subscribePage)
		}
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
