package webhooks

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/events"
)

// StreamPrefix names a webhook's stream: `webhook-{id}`.
const StreamPrefix = events.WebhookPrefix

// Options tune deliveries; zero values take the defaults.
type Options struct {
	// Attempts bounds the attempts at one event (default 8); after the last
	// fails the delivery is logged failed and the next event follows.
	Attempts int
	// FirstRetry is the wait after the first failed attempt (default 30 s);
	// each later wait doubles, up to MaxRetry (default 1 h). With the
	// defaults, 8 attempts span about 64 minutes.
	FirstRetry time.Duration
	MaxRetry   time.Duration
	// Timeout bounds one attempt, from dialling to the answer's end (default 10 s).
	Timeout time.Duration
	// Policy is what endpoints may be (loopback http for tests).
	Policy webhook.Policy
	// Off keeps the subscriptions' copy current but delivers nothing: for
	// every replica of a deployment but the one that delivers.
	Off bool
}

func (o Options) withDefaults() Options {
	if o.Attempts <= 0 {
		o.Attempts = 8
	}
	if o.FirstRetry <= 0 {
		o.FirstRetry = 30 * time.Second
	}
	if o.MaxRetry <= 0 {
		o.MaxRetry = time.Hour
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	return o
}

// retryAfter is the wait after the n-th failed attempt: FirstRetry doubled
// n-1 times, at most MaxRetry.
func (o Options) retryAfter(n int) time.Duration {
	d := o.FirstRetry
	for i := 1; i < n && d < o.MaxRetry; i++ {
		d *= 2
	}
	return min(d, o.MaxRetry)
}

// Deliverer follows the log for the subscriptions and runs one worker per
// active webhook. Writes never wait for it: it reads what they recorded.
type Deliverer struct {
	store     events.Store
	catalogue *events.Catalogue
	db        *DB
	secrets   *Secrets
	opts      Options
	log       *slog.Logger
	post      *poster
	tenants   *tenants

	mu      sync.Mutex
	workers map[string]*worker
}

type worker struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// New makes a deliverer; Run starts it.
func New(store events.Store, catalogue *events.Catalogue, db *DB, secrets *Secrets, opts Options, log *slog.Logger) *Deliverer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts = opts.withDefaults()
	return &Deliverer{store: store, catalogue: catalogue, db: db, secrets: secrets, opts: opts, log: log,
		post: newPoster(opts), tenants: newTenants(store), workers: map[string]*worker{}}
}

// Run follows the log for subscriptions until ctx ends, starting a worker
// for each active one, and stops every worker before it returns.
func (d *Deliverer) Run(ctx context.Context) {
	defer d.stopAll()
	subs, err := d.db.Webhooks(ctx)
	if err != nil {
		d.log.Error("webhooks: read the subscriptions", "err", err)
	}
	for _, s := range subs {
		if s.DisabledAt == nil {
			d.start(ctx, s)
		}
	}
	if err := d.db.prune(ctx, time.Now()); err != nil {
		d.log.Warn("webhooks: prune the delivery log", "err", err)
	}
	for {
		err := d.store.Subscribe(ctx, d.db.Position(), func(batch []events.Recorded) error { return d.apply(ctx, batch) })
		if ctx.Err() != nil || errors.Is(err, events.ErrClosed) {
			return
		}
		d.log.Error("webhooks: following the log for subscriptions", "err", err)
		if !sleep(ctx, time.Second) {
			return
		}
	}
}

// apply keeps the subscriptions of a batch of the log and starts or stops
// their workers.
func (d *Deliverer) apply(ctx context.Context, batch []events.Recorded) error {
	changed := false
	for _, rec := range batch {
		if !strings.HasPrefix(rec.Stream, StreamPrefix) || rec.Position <= d.db.Position() {
			continue
		}
		e, err := d.catalogue.Decode(rec)
		if err != nil {
			return err
		}
		switch e := e.(type) {
		case webhook.Registered:
			if err := d.db.register(ctx, e, rec.Position); err != nil {
				return err
			}
			d.start(ctx, webhook.Subscription{Registered: e, Position: rec.Position, Delivered: rec.Position})
		case webhook.Disabled:
			d.stop(e.WebhookID) // first, so that no attempt is logged after the cancellation
			if err := d.db.disable(ctx, e.WebhookID, e.DisabledAt); err != nil {
				return err
			}
		}
		changed = true
	}
	return d.db.read(ctx, batch[len(batch)-1].Position, changed)
}

func (d *Deliverer) start(ctx context.Context, s webhook.Subscription) {
	if d.opts.Off {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, running := d.workers[s.WebhookID]; running {
		return
	}
	wctx, cancel := context.WithCancel(ctx)
	w := &worker{cancel: cancel, done: make(chan struct{})}
	d.workers[s.WebhookID] = w
	go func() {
		defer close(w.done)
		d.work(wctx, s)
	}()
}

func (d *Deliverer) stop(id string) {
	d.mu.Lock()
	w, ok := d.workers[id]
	delete(d.workers, id)
	d.mu.Unlock()
	if ok {
		w.cancel()
		<-w.done
	}
}

func (d *Deliverer) stopAll() {
	d.mu.Lock()
	ws := d.workers
	d.workers = map[string]*worker{}
	d.mu.Unlock()
	for _, w := range ws {
		w.cancel()
	}
	for _, w := range ws {
		<-w.done
	}
}

// sleep waits for d or ctx's end; it tells whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
