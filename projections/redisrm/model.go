package redisrm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
	"github.com/redis/go-redis/v9"
)

// ErrLeaseLost is returned by Apply when another projector holds the lease:
// this one must stop writing.
var ErrLeaseLost = errors.New("redis read model: the projector lease is held by another process")

// Model is the Redis read model. Readers (API replicas) use its read methods;
// the one projector holding the lease also calls Apply, keeping in memory the
// states it folds (restored from their snapshots in Redis when it resumes).
type Model struct {
	rdb   *redis.Client
	owner string // lease owner id of this process

	genMu   sync.Mutex
	gen     string
	genRead time.Time
	fixed   bool // a rebuild writes one generation whatever is current

	local     *projections.Memory
	cache     *nearCache
	published atomic.Uint64
	advanced  atomic.Pointer[chan struct{}]
}

// New connects a read model to Redis at url (redis://host:port/db).
func New(url, owner string) (*Model, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("LATSAR_REDIS_URL: %w", err)
	}
	// A Redis that stops answering (paused, partitioned) must cost a request
	// about a second, not the client's default of several: reads then answer
	// 503 and writes go on without their kept Idempotency-Key answers.
	opt.MaxRetries = 1
	opt.DialTimeout = time.Second
	opt.ReadTimeout = 400 * time.Millisecond
	opt.WriteTimeout = 400 * time.Millisecond
	opt.PoolTimeout = time.Second
	m := &Model{rdb: redis.NewClient(opt), owner: owner, local: projections.NewMemory(), cache: newNearCache()}
	ch := make(chan struct{})
	m.advanced.Store(&ch)
	return m, nil
}

// Close closes the connection pool.
func (m *Model) Close() error { return m.rdb.Close() }

// Client is the connection, for the lease and rebuild.
func (m *Model) Client() *redis.Client { return m.rdb }

// generation is the live generation, re-read at most once a second.
func (m *Model) generation(ctx context.Context) (keys, error) {
	m.genMu.Lock()
	defer m.genMu.Unlock()
	if m.fixed || (m.gen != "" && time.Since(m.genRead) < time.Second) {
		return keysFor(m.gen), nil
	}
	gen, err := m.rdb.Get(ctx, currentKey).Result()
	if errors.Is(err, redis.Nil) {
		gen, err = "g1", m.rdb.SetNX(ctx, currentKey, "g1", 0).Err()
	}
	if err != nil {
		return keys{}, unavailable(err)
	}
	m.gen, m.genRead = gen, time.Now()
	return keysFor(gen), nil
}

// UseGeneration pins the model to a generation (a rebuild writing fresh keys).
func (m *Model) UseGeneration(gen string) {
	m.genMu.Lock()
	m.gen, m.fixed = gen, true
	m.genMu.Unlock()
}

// Resume loads the checkpoint of the live generation: the projector goes on
// from there, restoring each state from its snapshot when it is next touched.
func (m *Model) Resume(ctx context.Context) error {
	m.genMu.Lock()
	m.genRead = time.Time{} // a rebuild may have switched generations meanwhile
	m.genMu.Unlock()
	k, err := m.generation(ctx)
	if err != nil {
		return err
	}
	pos, err := m.rdb.Get(ctx, k.checkpoint()).Uint64()
	if err != nil && !errors.Is(err, redis.Nil) {
		return unavailable(err)
	}
	m.local = projections.NewMemory()
	m.local.StartAt(pos)
	m.publish(pos)
	return nil
}

func (m *Model) publish(pos uint64) {
	m.published.Store(pos)
	next := make(chan struct{})
	close(*m.advanced.Swap(&next))
}

// Apply folds a batch and writes what it changed, with the checkpoint, in one
// transaction fenced by the lease.
func (m *Model) Apply(ctx context.Context, batch []projections.Decoded) error {
	k, err := m.generation(ctx)
	if err != nil {
		return err
	}
	if err := m.restore(ctx, k, batch); err != nil {
		return err
	}
	t := m.local.ApplyTouched(batch)
	if t.Last.Position == 0 {
		return nil
	}
	if err := m.write(ctx, k, t); err != nil {
		// What the model folded is ahead of Redis now: start again from the
		// checkpoint Redis holds.
		m.local = projections.NewMemory()
		m.local.StartAt(m.published.Load())
		return err
	}
	keys := m.changedKeys(t)
	for i, key := range keys {
		keys[i] = k.gen + "|" + key
	}
	m.cache.drop(t.Last.Position, keys)
	m.publish(t.Last.Position)
	return nil
}

// genName is the generation this model writes or reads.
func (m *Model) genName() string {
	m.genMu.Lock()
	defer m.genMu.Unlock()
	return m.gen
}

// restore loads the snapshots of the entities a batch touches that this
// process has not folded yet.
func (m *Model) restore(ctx context.Context, k keys, batch []projections.Decoded) error {
	if m.local.Position() == 0 {
		return nil // from the start of the log: nothing to restore
	}
	need := map[string]bool{}
	for _, d := range batch {
		if s := d.Record.Stream; !need[s] && !m.local.Has(s) {
			need[s] = true
		}
	}
	if len(need) == 0 {
		return nil
	}
	pipe := m.rdb.Pipeline()
	cmds := map[string]*redis.StringCmd{}
	for s := range need {
		switch {
		case strings.HasPrefix(s, events.ParticipantPrefix):
			cmds[s] = pipe.HGet(ctx, k.participant(domain.NIP(s[len(events.ParticipantPrefix):])), "snapshot")
		case strings.HasPrefix(s, events.CohortPrefix):
			cmds[s] = pipe.HGet(ctx, k.cohort(s[len(events.CohortPrefix):]), "snapshot")
		case strings.HasPrefix(s, events.TokenPrefix):
			cmds[s] = pipe.HGet(ctx, k.tokens(), s[len(events.TokenPrefix):])
		}
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return unavailable(err)
	}
	for s, cmd := range cmds {
		raw, err := cmd.Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		var snap projections.Snapshot
		if err := json.Unmarshal([]byte(raw), &snap); err != nil {
			return fmt.Errorf("redis read model: snapshot of %s: %w", s, err)
		}
		m.local.Restore(s, snap)
	}
	return nil
}

// Position is the position every answer reflects at least: the near cache's
// while it is on, else the last batch written (a projector) or the
// checkpoint in Redis (a reader).
func (m *Model) Position() uint64 {
	if p, on, _ := m.cache.position(); on {
		return p
	}
	if p := m.published.Load(); p > 0 {
		return p
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	pos, _ := m.checkpoint(ctx)
	return pos
}

func (m *Model) checkpoint(ctx context.Context) (uint64, error) {
	k, err := m.generation(ctx)
	if err != nil {
		return 0, err
	}
	pos, err := m.rdb.Get(ctx, k.checkpoint()).Uint64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, unavailable(err)
	}
	return pos, nil
}

// Lag is the checkpoint and the recorded_at of its event.
func (m *Model) Lag(ctx context.Context) (uint64, time.Time, error) {
	k, err := m.generation(ctx)
	if err != nil {
		return 0, time.Time{}, err
	}
	vals, err := m.rdb.MGet(ctx, k.checkpoint(), k.checkpointAt()).Result()
	if err != nil {
		return 0, time.Time{}, unavailable(err)
	}
	pos, _ := strconv.ParseUint(str(vals[0]), 10, 64)
	ns, _ := strconv.ParseInt(str(vals[1]), 10, 64)
	var at time.Time
	if ns > 0 {
		at = time.Unix(0, ns)
	}
	return pos, at, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// Wait returns when the checkpoint reaches pos: at once when this process
// writes it, by polling Redis otherwise.
func (m *Model) Wait(ctx context.Context, pos uint64) error {
	for {
		ch := *m.advanced.Load()
		upTo, on, cacheMoved := m.cache.position()
		if on {
			// Cached answers must be fresh up to pos, whatever Redis holds.
			if upTo >= pos {
				return nil
			}
			select {
			case <-cacheMoved:
			case <-time.After(5 * time.Millisecond):
			case <-ctx.Done():
				return ctx.Err()
			}
			continue
		}
		if m.published.Load() >= pos {
			return nil
		}
		if cp, err := m.checkpoint(ctx); err == nil && cp >= pos {
			return nil
		}
		select {
		case <-ch:
		case <-time.After(5 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Checkpoint is the position Redis itself holds the read models at, read
// now: unlike Position, it falls when Redis lost its data (restarted empty),
// so a read that found nothing can tell "absent" from "not rebuilt yet".
func (m *Model) Checkpoint(ctx context.Context) (uint64, error) { return m.checkpoint(ctx) }
