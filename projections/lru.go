package projections

import (
	"container/list"
	"sync"

	"github.com/latsar/ledger/domain"
)

// lru keeps the most recently used values up to a total cost (a count when
// each value costs 1, bytes for encoded documents). A limit of 0 keeps
// everything: the full-state mode a mirror (Redis) relies on. Each value
// carries the position it was computed at, so a reader asking for a later
// position misses instead of reading a stale value.
type lru[V any] struct {
	mu     sync.Mutex
	limit  int
	cost   int
	order  *list.List // front: most recently used
	items  map[domain.NIP]*list.Element
	costOf func(V) int
	// evicted, when set, is told of each value evicted for room or
	// replaced by a later one.
	evicted func(key domain.NIP, position uint64, value V)
	// removed, when set, is told of each value evicted for room only: a
	// value no one holds any more (a replaced one may share its maps with
	// the value replacing it).
	removed func(key domain.NIP, position uint64, value V)
	// admitted, when set, is told (under the cache's lock) of each value
	// put kept, after evicted was told of the value it replaced.
	admitted func(value V)
	// spare, when set, may keep the least recently used value once more
	// (a second chance for a value read without get, see docEntry).
	spare func(value V) bool
}

type lruEntry[V any] struct {
	key      domain.NIP
	position uint64
	value    V
	cost     int
}

func newLRU[V any](limit int, costOf func(V) int) *lru[V] {
	return &lru[V]{limit: limit, order: list.New(), items: make(map[domain.NIP]*list.Element), costOf: costOf}
}

// get answers the value kept for key at position (any position when
// position is 0), marking it used.
func (c *lru[V]) get(key domain.NIP, position uint64) (V, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.items[key]
	if el == nil {
		var zero V
		return zero, 0, false
	}
	e := el.Value.(*lruEntry[V])
	if position != 0 && e.position != position {
		var zero V
		return zero, 0, false
	}
	c.order.MoveToFront(el)
	return e.value, e.position, true
}

// put keeps value for key at position, evicting the least recently used
// values beyond the limit. A value that alone exceeds the limit is not kept.
func (c *lru[V]) put(key domain.NIP, position uint64, value V) {
	cost := c.costOf(value)
	c.mu.Lock()
	defer c.mu.Unlock()
	if el := c.items[key]; el != nil {
		e := el.Value.(*lruEntry[V])
		if e.position > position {
			return // a later value is kept already
		}
		if c.evicted != nil {
			c.evicted(key, e.position, e.value)
		}
		c.cost += cost - e.cost
		e.position, e.value, e.cost = position, value, cost
		c.order.MoveToFront(el)
	} else {
		if c.limit > 0 && cost > c.limit {
			return
		}
		c.items[key] = c.order.PushFront(&lruEntry[V]{key: key, position: position, value: value, cost: cost})
		c.cost += cost
	}
	if c.admitted != nil {
		c.admitted(value)
	}
	spared := 0
	for c.limit > 0 && c.cost > c.limit {
		last := c.order.Back()
		e := last.Value.(*lruEntry[V])
		if c.spare != nil && spared < len(c.items) && c.spare(e.value) {
			c.order.MoveToFront(last)
			spared++
			continue
		}
		c.order.Remove(last)
		delete(c.items, e.key)
		c.cost -= e.cost
		if c.evicted != nil {
			c.evicted(e.key, e.position, e.value)
		}
		if c.removed != nil {
			c.removed(e.key, e.position, e.value)
		}
	}
}

// each calls f with every value kept, least recently used first.
func (c *lru[V]) each(f func(key domain.NIP, position uint64, value V)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.order.Back(); el != nil; el = el.Prev() {
		e := el.Value.(*lruEntry[V])
		f(e.key, e.position, e.value)
	}
}

// drop forgets key.
func (c *lru[V]) drop(key domain.NIP) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el := c.items[key]; el != nil {
		c.order.Remove(el)
		delete(c.items, key)
		c.cost -= el.Value.(*lruEntry[V]).cost
	}
}
