package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/latsar/ledger/domain/webhook"
	"github.com/latsar/ledger/events"
)

// Event is the body of a delivery: the event as the log's page shows it
// (GET /v1/events), envelope and metadata included.
type Event struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Stream     string          `json:"stream"`
	Revision   uint64          `json:"revision"`
	Position   uint64          `json:"position"`
	RecordedAt time.Time       `json:"recorded_at"`
	Data       json.RawMessage `json:"data"`
	Metadata   events.Metadata `json:"metadata"`
}

// MaxBody bounds the body of one delivery; a larger event is logged failed
// without an attempt (none comes near: requests are bounded well below).
const MaxBody = 1 << 20

// work delivers the log to one webhook from its checkpoint, in order, until
// ctx ends (the webhook is disabled or the process stops).
func (d *Deliverer) work(ctx context.Context, s webhook.Subscription) {
	for {
		after, err := d.resumeAt(ctx, s)
		if err == nil {
			w := &follow{ctx: ctx, d: d, sub: s, after: after, saved: after}
			err = d.store.Subscribe(ctx, after, w.handle)
		}
		if ctx.Err() != nil || errors.Is(err, events.ErrClosed) {
			return
		}
		d.log.Error("webhooks: delivering", "webhook_id", s.WebhookID, "err", err)
		if !sleep(ctx, time.Second) {
			return
		}
	}
}

// resumeAt is the webhook's checkpoint as webhooks.db keeps it.
func (d *Deliverer) resumeAt(ctx context.Context, s webhook.Subscription) (uint64, error) {
	cur, ok, err := d.db.Webhook(ctx, s.WebhookID)
	if err != nil || !ok {
		return max(s.Delivered, s.Position), err
	}
	return max(cur.Delivered, cur.Position), nil
}

// follow is one webhook's pass over the log.
type follow struct {
	ctx   context.Context
	d     *Deliverer
	sub   webhook.Subscription
	after uint64    // the last event delivered, given up on or not wanted
	saved uint64    // the checkpoint as webhooks.db has it
	at    time.Time // when saved was written
}

func (f *follow) handle(batch []events.Recorded) error {
	for _, rec := range batch {
		if rec.Position <= f.after {
			continue
		}
		want, err := f.wants(rec)
		if err != nil {
			return err
		}
		if want {
			if err := f.d.deliver(f.ctx, f.sub, rec); err != nil {
				return err
			}
			f.saved, f.at = rec.Position, time.Now()
		}
		f.after = rec.Position
	}
	// Events it does not want move the checkpoint too, now and then, so a
	// restart does not read them again.
	if f.after > f.saved && time.Since(f.at) >= time.Second {
		if err := f.d.db.checkpoint(f.ctx, f.sub.WebhookID, f.after); err != nil {
			return err
		}
		f.saved, f.at = f.after, time.Now()
	}
	return nil
}

// wants tells whether the webhook receives rec: one of its event types and,
// when it is restricted to a tenant, an event of that tenant.
func (f *follow) wants(rec events.Recorded) (bool, error) {
	if !f.sub.Wants(rec.Type) {
		return false, nil
	}
	if !f.sub.Tenanted() {
		return true, nil
	}
	t, err := f.d.tenants.of(f.ctx, rec)
	if err != nil {
		return false, err
	}
	return f.sub.Sees(t), nil
}
