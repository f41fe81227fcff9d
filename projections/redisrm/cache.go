package redisrm

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latsar/ledger/projections"
	"github.com/redis/go-redis/v9"
)

// changesChannel carries, after each batch the projector commits, the
// generation, the batch's last position and the keys it changed. It is
// published inside the batch's MULTI/EXEC, so it is never ahead of the data.
const changesChannel = "latsar:changes"

// nearCache keeps the encoded standings and cohort views this process has
// read, and drops each one when the projector says it changed. Every change
// at or before upTo has been dropped, so a cached answer reflects at least
// upTo: reads that must see a position (min_position) wait for upTo, not for
// Redis. The cache is on only while this process follows the channel; when
// the subscription is lost it is emptied and reads go to Redis again.
type nearCache struct {
	mu       sync.Mutex
	on       bool
	entries  map[string]cachedView
	upTo     uint64
	epoch    uint64 // bumped by every drop, so a read racing a change is not kept
	advanced chan struct{}
}

type cachedView struct {
	body  []byte
	scope projections.Scope
	rows  []projections.LeaderRow // a leaderboard's first maxBoardRows rows
}

// maxCached bounds the cache (about 4 KiB an entry).
const maxCached = 250_000

func newNearCache() *nearCache {
	return &nearCache{entries: map[string]cachedView{}, advanced: make(chan struct{})}
}

func (c *nearCache) get(key string) (cachedView, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.on {
		return cachedView{}, false, 0
	}
	v, ok := c.entries[key]
	return v, ok, c.epoch
}

// put keeps a view read from Redis unless a change was dropped since the
// read began (epoch) or the cache went off.
func (c *nearCache) put(key string, v cachedView, epoch uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.on || c.epoch != epoch {
		return
	}
	if len(c.entries) >= maxCached {
		clear(c.entries)
	}
	c.entries[key] = v
}

// drop removes changed views; every change up to pos is then dropped.
func (c *nearCache) drop(pos uint64, keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		delete(c.entries, k)
	}
	c.epoch++
	if c.on && pos > c.upTo {
		c.upTo = pos
		close(c.advanced)
		c.advanced = make(chan struct{})
	}
}

// start turns the cache on, empty, consistent up to pos.
func (c *nearCache) start(pos uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
	c.on, c.upTo = true, pos
	c.epoch++
	close(c.advanced)
	c.advanced = make(chan struct{})
}

func (c *nearCache) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
	c.on = false
	c.epoch++
	close(c.advanced)
	c.advanced = make(chan struct{})
}

// position is upTo while the cache is on.
func (c *nearCache) position() (uint64, bool, chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.upTo, c.on, c.advanced
}

// changeMessage is what the projector publishes for a batch.
func changeMessage(gen string, pos uint64, keys []string) string {
	return gen + " " + strconv.FormatUint(pos, 10) + "\n" + strings.Join(keys, "\n")
}

func parseChange(msg string) (gen string, pos uint64, keys []string, ok bool) {
	head, rest, _ := strings.Cut(msg, "\n")
	gen, p, found := strings.Cut(head, " ")
	if !found {
		return "", 0, nil, false
	}
	pos, err := strconv.ParseUint(p, 10, 64)
	if err != nil {
		return "", 0, nil, false
	}
	if rest != "" {
		keys = strings.Split(rest, "\n")
	}
	return gen, pos, keys, true
}

// Follow keeps the near cache in step with the projector until ctx ends. An
// API process calls it; without it the cache stays off.
func (m *Model) Follow(ctx context.Context) {
	for ctx.Err() == nil {
		m.followOnce(ctx)
		m.cache.stop()
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (m *Model) followOnce(ctx context.Context) {
	sub := m.rdb.Subscribe(ctx, changesChannel)
	defer sub.Close()
	if _, err := sub.Receive(ctx); err != nil {
		return
	}
	// Subscribed first, then the checkpoint: every change after it arrives.
	m.genMu.Lock()
	m.genRead = time.Time{}
	m.genMu.Unlock()
	cp, err := m.checkpoint(ctx)
	if err != nil {
		return
	}
	m.cache.start(cp)
	for ctx.Err() == nil {
		msg, err := sub.ReceiveTimeout(ctx, 2*time.Second)
		var ne net.Error
		switch {
		case errors.As(err, &ne) && ne.Timeout():
			// Quiet: make sure the connection is alive.
			if err := sub.Ping(ctx); err != nil {
				return
			}
			continue
		case err != nil:
			return
		}
		change, ok := msg.(*redis.Message)
		if !ok {
			continue // a pong or a subscription notice
		}
		gen, pos, keys, ok := parseChange(change.Payload)
		if !ok {
			continue
		}
		for i, k := range keys {
			keys[i] = gen + "|" + k
		}
		m.cache.drop(pos, keys)
	}
}
