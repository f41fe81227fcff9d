package webhooks

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/latsar/ledger/domain/webhook"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// DB is DATA/webhooks.db: what the deliverer knows of the subscriptions (a
// copy of the webhook streams, with the position up to which it has read the
// log), each webhook's checkpoint, and the delivery log. It is its own file,
// so that deliveries never wait on the event store's single writer.
//
// A checkpoint moves in the same transaction as the delivery that moved it,
// so a restart resumes after the last event delivered (or given up on) and
// before the first that was not. Losing the file loses no subscription (they
// are in the log) but the checkpoints: every webhook is then delivered again
// from its registration, which receivers de-duplicate by webhook-id.
type DB struct {
	db *sql.DB

	mu       sync.Mutex
	registry uint64        // the log is read up to here for subscriptions
	moved    chan struct{} // closed and replaced when registry moves
	saved    time.Time     // when registry was last written
}

const schema = `
CREATE TABLE IF NOT EXISTS webhooks (
	webhook_id  TEXT PRIMARY KEY,
	registered  TEXT NOT NULL,    -- the WebhookRegistered event's JSON
	position    INTEGER NOT NULL, -- of that event: deliveries start after it
	disabled_at INTEGER,          -- unix nanoseconds, NULL while active
	delivered   INTEGER NOT NULL  -- the checkpoint: resume after it
);
CREATE TABLE IF NOT EXISTS deliveries (
	seq              INTEGER PRIMARY KEY,
	webhook_id       TEXT NOT NULL,
	event_id         TEXT NOT NULL,
	event_type       TEXT NOT NULL,
	position         INTEGER NOT NULL,
	attempts         INTEGER NOT NULL,
	status           TEXT NOT NULL,
	last_status_code INTEGER NOT NULL,
	last_error       TEXT NOT NULL,
	first_attempt_at INTEGER NOT NULL,
	last_attempt_at  INTEGER NOT NULL,
	next_attempt_at  INTEGER,
	delivered_at     INTEGER,
	UNIQUE (webhook_id, event_id)
);
CREATE INDEX IF NOT EXISTS deliveries_by_webhook ON deliveries (webhook_id, seq);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`

// Retention is how long a finished delivery stays in the delivery log.
const Retention = 30 * 24 * time.Hour

// OpenDB opens (creating) the file at path.
func OpenDB(path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("webhooks.db: %w", err)
	}
	d := &DB{db: db, moved: make(chan struct{})}
	var pos sql.NullInt64
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'registry'`).Scan(&pos); err != nil && !errors.Is(err, sql.ErrNoRows) {
		db.Close()
		return nil, fmt.Errorf("webhooks.db: %w", err)
	}
	d.registry = uint64(pos.Int64)
	return d, nil
}

// Close closes the file.
func (d *DB) Close() error { return d.db.Close() }

// Position is the position of the log up to which the subscriptions are known.
func (d *DB) Position() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.registry
}

// Wait returns once the subscriptions are known up to pos, or ctx ends.
func (d *DB) Wait(ctx context.Context, pos uint64) error {
	for {
		d.mu.Lock()
		at, moved := d.registry, d.moved
		d.mu.Unlock()
		if at >= pos {
			return nil
		}
		select {
		case <-moved:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Known records that the log holds no subscription change up to pos, as a
// data directory written without a server (latsar generate) says of its
// log: the first start then follows the log from pos instead of reading
// all of it for subscriptions.
func (d *DB) Known(ctx context.Context, pos uint64) error { return d.read(ctx, pos, true) }

// read moves the registry position (persisting it at most once a second,
// unless tx writes it with a subscription's change).
func (d *DB) read(ctx context.Context, pos uint64, force bool) error {
	d.mu.Lock()
	due := force || time.Since(d.saved) >= time.Second
	d.mu.Unlock()
	if due {
		if _, err := d.db.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('registry', ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)`, pos); err != nil {
			return err
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if due {
		d.saved = time.Now()
	}
	if pos > d.registry {
		d.registry = pos
		close(d.moved)
		d.moved = make(chan struct{})
	}
	return nil
}

// register keeps a subscription recorded at pos; one known already is kept
// as it is (with its checkpoint).
func (d *DB) register(ctx context.Context, r webhook.Registered, pos uint64) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = d.db.ExecContext(ctx, `INSERT OR IGNORE INTO webhooks (webhook_id, registered, position, delivered) VALUES (?, ?, ?, ?)`,
		r.WebhookID, string(b), pos, pos)
	return err
}

// disable ends a subscription; its pending delivery, if any, is cancelled.
func (d *DB) disable(ctx context.Context, id string, at time.Time) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE webhooks SET disabled_at = ? WHERE webhook_id = ? AND disabled_at IS NULL`, at.UnixNano(), id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET status = ?, next_attempt_at = NULL WHERE webhook_id = ? AND status = ?`,
		webhook.Cancelled, id, webhook.Pending); err != nil {
		return err
	}
	return tx.Commit()
}

// Webhooks are every subscription known, in id order.
func (d *DB) Webhooks(ctx context.Context) ([]webhook.Subscription, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT registered, position, disabled_at, delivered FROM webhooks ORDER BY webhook_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []webhook.Subscription{}
	for rows.Next() {
		s, err := scanSubscription(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Webhook is one subscription.
func (d *DB) Webhook(ctx context.Context, id string) (webhook.Subscription, bool, error) {
	s, err := scanSubscription(d.db.QueryRowContext(ctx, `SELECT registered, position, disabled_at, delivered FROM webhooks WHERE webhook_id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return webhook.Subscription{}, false, nil
	}
	return s, err == nil, err
}

func scanSubscription(row interface{ Scan(...any) error }) (webhook.Subscription, error) {
	var s webhook.Subscription
	var raw string
	var disabled sql.NullInt64
	if err := row.Scan(&raw, &s.Position, &disabled, &s.Delivered); err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(raw), &s.Registered); err != nil {
		return s, fmt.Errorf("webhooks.db: %w", err)
	}
	s.DisabledAt = timeOf(disabled)
	return s, nil
}

// Deliveries are a webhook's deliveries after seq after, oldest first.
func (d *DB) Deliveries(ctx context.Context, id string, after uint64, limit int) ([]webhook.Delivery, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT seq, event_id, event_type, position, attempts, status, last_status_code, last_error,
		first_attempt_at, last_attempt_at, next_attempt_at, delivered_at
		FROM deliveries WHERE webhook_id = ? AND seq > ? ORDER BY seq LIMIT ?`, id, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []webhook.Delivery{}
	for rows.Next() {
		dl, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, dl)
	}
	return out, rows.Err()
}

// delivery is the delivery of one event to a webhook, if attempted before.
func (d *DB) delivery(ctx context.Context, id, eventID string) (webhook.Delivery, bool, error) {
	dl, err := scanDelivery(d.db.QueryRowContext(ctx, `SELECT seq, event_id, event_type, position, attempts, status, last_status_code, last_error,
		first_attempt_at, last_attempt_at, next_attempt_at, delivered_at
		FROM deliveries WHERE webhook_id = ? AND event_id = ?`, id, eventID))
	if errors.Is(err, sql.ErrNoRows) {
		return webhook.Delivery{}, false, nil
	}
	return dl, err == nil, err
}

func scanDelivery(row interface{ Scan(...any) error }) (webhook.Delivery, error) {
	var dl webhook.Delivery
	var first, last int64
	var next, delivered sql.NullInt64
	err := row.Scan(&dl.Seq, &dl.EventID, &dl.EventType, &dl.Position, &dl.Attempts, &dl.Status, &dl.LastStatusCode, &dl.LastError,
		&first, &last, &next, &delivered)
	dl.FirstAttempt, dl.LastAttempt = time.Unix(0, first).UTC(), time.Unix(0, last).UTC()
	dl.NextAttempt, dl.DeliveredAt = timeOf(next), timeOf(delivered)
	return dl, err
}

// record writes a delivery as it stands after an attempt; a finished one
// (delivered or failed) moves the webhook's checkpoint to its event in the
// same transaction.
func (d *DB) record(ctx context.Context, id string, dl webhook.Delivery) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO deliveries (webhook_id, event_id, event_type, position, attempts, status, last_status_code, last_error,
			first_attempt_at, last_attempt_at, next_attempt_at, delivered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (webhook_id, event_id) DO UPDATE SET attempts = excluded.attempts, status = excluded.status,
			last_status_code = excluded.last_status_code, last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at,
			next_attempt_at = excluded.next_attempt_at, delivered_at = excluded.delivered_at`,
		id, dl.EventID, dl.EventType, dl.Position, dl.Attempts, dl.Status, dl.LastStatusCode, dl.LastError,
		dl.FirstAttempt.UnixNano(), dl.LastAttempt.UnixNano(), nanos(dl.NextAttempt), nanos(dl.DeliveredAt))
	if err != nil {
		return err
	}
	if dl.Status == webhook.Delivered || dl.Status == webhook.Failed {
		if err := checkpoint(ctx, tx, id, dl.Position); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// checkpoint moves a webhook's checkpoint past events it does not want.
func (d *DB) checkpoint(ctx context.Context, id string, pos uint64) error {
	return checkpoint(ctx, d.db, id, pos)
}

func checkpoint(ctx context.Context, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, id string, pos uint64) error {
	_, err := db.ExecContext(ctx, `UPDATE webhooks SET delivered = max(delivered, ?) WHERE webhook_id = ?`, pos, id)
	return err
}

// prune drops finished deliveries older than Retention.
func (d *DB) prune(ctx context.Context, now time.Time) error {
	_, err := d.db.ExecContext(ctx, `DELETE FROM deliveries WHERE status != ? AND last_attempt_at < ?`, webhook.Pending, now.Add(-Retention).UnixNano())
	return err
}

func timeOf(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := time.Unix(0, n.Int64).UTC()
	return &t
}

func nanos(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixNano()
}
