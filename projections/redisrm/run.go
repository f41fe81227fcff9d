package redisrm

import (
	"context"
	"errors"

	"log/slog"
	"strconv"
	"time"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
	"github.com/redis/go-redis/v9"
)

// yieldKey asks the live projector to step aside (a rebuild is taking over).
const yieldKey = "latsar:projector:yield"

// RunLeased projects into Redis whenever this process holds the lease, until
// ctx ends: exactly one process projects at a time, and when it dies another
// takes over within LeaseTTL. It resumes from the checkpoint in Redis; when
// Redis is down it waits and resumes, losing nothing.
func (m *Model) RunLeased(ctx context.Context, store events.Store, catalogue *events.Catalogue, log *slog.Logger) {
	for ctx.Err() == nil {
		if yielding, _ := m.rdb.Exists(ctx, yieldKey).Result(); yielding == 0 {
			if ok, err := m.Acquire(ctx); err == nil && ok {
				m.project(ctx, store, catalogue, log)
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(LeaseTTL / 4):
		}
	}
}

func (m *Model) project(ctx context.Context, store events.Store, catalogue *events.Catalogue, log *slog.Logger) {
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = m.Release(ctx)
	}()
	if err := m.Resume(ctx); err != nil {
		log.Warn("projector cannot resume", "err", err)
		return
	}
	log.Info("projector holds the lease", "owner", m.owner, "from", m.Position())
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		t := time.NewTicker(LeaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-runCtx.Done():
				return
			case <-t.C:
				ok, err := m.Renew(runCtx)
				yielding, _ := m.rdb.Exists(runCtx, yieldKey).Result()
				if err != nil || !ok || yielding > 0 {
					log.Warn("projector gives up the lease", "renewed", ok, "yield", yielding > 0, "err", err)
					cancel()
					return
				}
			}
		}
	}()
	err := projections.NewProjector(store, catalogue, m, log).Run(runCtx)
	if err != nil && !errors.Is(err, context.Canceled) {
		log.Warn("projector stopped", "err", err, "position", m.Position())
	}
}

// Progress reports a long job's progress.
type Progress func(done, position, head uint64)

// Rebuild builds the read models from the whole log into fresh keys, then
// switches readers over to them and drops the old ones. The live projector
// steps aside meanwhile (reads go on from the old keys).
func (m *Model) Rebuild(ctx context.Context, store events.Store, catalogue *events.Catalogue, progress Progress) (uint64, error) {
	if err := m.rdb.Set(ctx, yieldKey, m.owner, 0).Err(); err != nil {
		return 0, unavailable(err)
	}
	defer m.rdb.Del(context.Background(), yieldKey)
	for { // wait for the live projector to step aside
		ok, err := m.Acquire(ctx)
		if err != nil {
			return 0, err
		}
		if ok {
			break
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	defer m.Release(context.Background())
	old, err := m.rdb.Get(ctx, currentKey).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, unavailable(err)
	}
	gen := "g" + strconv.FormatInt(time.Now().UnixNano(), 36)
	m.UseGeneration(gen)
	m.local = projections.NewMemory()
	m.published.Store(0)

	renewCtx, stopRenew := context.WithCancel(ctx)
	defer stopRenew()
	go func() {
		t := time.NewTicker(LeaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-renewCtx.Done():
				return
			case <-t.C:
				_, _ = m.Renew(renewCtx)
			}
		}
	}()
	done, err := projections.NewProjector(store, catalogue, m, slog.New(slog.DiscardHandler)).Replay(ctx, rebuildBatch, progress)
	if err != nil {
		return done, err
	}
	// Events recorded during the rebuild are left to the live projector,
	// which resumes from this checkpoint.
	if err := m.rdb.Set(ctx, currentKey, gen, 0).Err(); err != nil {
		return done, unavailable(err)
	}
	if old != "" && old != gen {
		go dropGeneration(m.rdb, old)
	}
	return done, nil
}

// rebuildBatch is how many events a rebuild folds per Redis transaction:
// large, so each touched entity is written once for many of its events.
const rebuildBatch = 20_000

func dropGeneration(rdb *redis.Client, gen string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	iter := rdb.Scan(ctx, 0, "latsar:"+gen+":*", 1000).Iterator()
	var batch []string
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 1000 {
			rdb.Unlink(ctx, batch...)
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		rdb.Unlink(ctx, batch...)
	}
}
