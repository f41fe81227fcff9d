package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"sync"

	"github.com/latsar/ledger/events"
)

// The live feed (GET /v1/events/stream) follows the log once per process:
// one subscription to the store encodes each event once as its SSE frame
// and hands the frames to every subscriber through a bounded queue. A
// subscriber whose queue is full has fallen behind: it is dropped (its
// stream ends cleanly and the client resumes with Last-Event-ID) instead of
// making the others, or the writers, wait.

// frame is one event as an SSE message.
type frame struct {
	position uint64
	b        []byte
}

const (
	feedRecent = 4096 // frames kept for subscribers joining from catch-up
	feedQueue  = 256  // batches a subscriber may lag before it is dropped
)

type feed struct {
	store events.Store
	log   *slog.Logger
	done  <-chan struct{}

	mu      sync.Mutex
	started bool
	from    uint64  // recent holds every frame after this position
	recent  []frame // the latest frames, in the log's order
	subs    map[*follower]struct{}
}

type follower struct {
	frames  chan []frame
	dropped chan struct{}
}

func newFeed(store events.Store, log *slog.Logger, done <-chan struct{}) *feed {
	return &feed{store: store, log: log, done: done, subs: make(map[*follower]struct{})}
}

// encodeFrame writes r as an SSE message.
func encodeFrame(r events.Recorded) (frame, error) {
	data, err := json.Marshal(logEventOf(r))
	if err != nil {
		return frame{}, err
	}
	b := make([]byte, 0, len(data)+len(r.Type)+48)
	b = append(b, "id: "...)
	b = strconv.AppendUint(b, r.Position, 10)
	b = append(b, "\nevent: "...)
	b = append(b, r.Type...)
	b = append(b, "\ndata: "...)
	b = append(b, data...)
	b = append(b, "\n\n"...)
	return frame{position: r.Position, b: b}, nil
}

// start follows the log from its head, once.
func (f *feed) start(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.started {
		return nil
	}
	head, err := f.store.HeadPosition(ctx)
	if err != nil {
		return err
	}
	f.started, f.from, f.recent = true, head, f.recent[:0]
	go f.follow(head)
	return nil
}

func (f *feed) follow(after uint64) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-f.done; cancel() }()
	err := f.store.Subscribe(ctx, after, func(batch []events.Recorded) error {
		frames := make([]frame, 0, len(batch))
		for _, r := range batch {
			fr, err := encodeFrame(r)
			if err != nil {
				return err
			}
			frames = append(frames, fr)
		}
		f.publish(frames)
		return nil
	})
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, events.ErrClosed) {
		f.log.Error("live feed stopped", "err", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.started = false
	for s := range f.subs {
		f.drop(s)
	}
}

func (f *feed) publish(frames []frame) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.recent)+len(frames) > 2*feedRecent {
		cut := max(0, len(f.recent)-feedRecent)
		if cut > 0 {
			f.from = f.recent[cut-1].position
		}
		f.recent = append(f.recent[:0], f.recent[cut:]...)
	}
	f.recent = append(f.recent, frames...)
	for s := range f.subs {
		select {
		case s.frames <- frames:
		default:
			f.drop(s)
		}
	}
}

func (f *feed) drop(s *follower) {
	delete(f.subs, s)
	close(s.dropped)
}

// join makes a follower of a subscriber that has read the log up to after.
// It answers false when the feed remembers too little to go on from there:
// the subscriber reads on from the store and tries again.
func (f *feed) join(after uint64) (*follower, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.started || after < f.from {
		return nil, false
	}
	s := &follower{frames: make(chan []frame, feedQueue), dropped: make(chan struct{})}
	i := len(f.recent)
	for i > 0 && f.recent[i-1].position > after {
		i--
	}
	if i < len(f.recent) {
		s.frames <- append([]frame(nil), f.recent[i:]...)
	}
	f.subs[s] = struct{}{}
	return s, true
}

func (f *feed) leave(s *follower) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.subs, s)
}

// subscribers is how many follow the feed now.
func (f *feed) subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}
