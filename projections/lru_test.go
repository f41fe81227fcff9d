package projections

import (
	"testing"

	"github.com/latsar/ledger/domain"
)

func TestLRUKeepsWithinItsLimit(t *testing.T) {
	c := newLRU(10, func(s string) int { return len(s) })
	var evicted []domain.NIP
	c.evicted = func(k domain.NIP, _ uint64, _ string) { evicted = append(evicted, k) }
	c.put("a", 1, "aaaa")
	c.put("b", 1, "bbbb")
	if _, _, ok := c.get("a", 1); !ok { // a is now the most recently used
		t.Fatal("a missing")
	}
	c.put("c", 1, "cccc") // 12 > 10: b, the least recently used, goes
	if got, want := evicted, []domain.NIP{"b"}; len(got) != 1 || got[0] != want[0] {
		t.Fatalf("evicted=%v, want %v", got, want)
	}
	if _, _, ok := c.get("a", 2); ok {
		t.Fatal("a at position 2 found, but only position 1 is kept")
	}
	c.put("a", 0, "old") // older than what is kept: ignored
	if v, pos, _ := c.get("a", 0); v != "aaaa" || pos != 1 {
		t.Fatalf("a=%q at %d, want aaaa at 1", v, pos)
	}
	c.put("big", 1, "elevenbytes") // alone above the limit: not kept
	if _, _, ok := c.get("big", 0); ok {
		t.Fatal("a value above the limit was kept")
	}
}

func TestDocCacheGivesAReadDocumentASecondChance(t *testing.T) {
	c := newDocCache(3*(docOverhead+1) - 1) // room for two one-byte documents
	views := map[domain.NIP]*participantView{"a": {}, "b": {}, "c": {}}
	for _, k := range []domain.NIP{"a", "b"} {
		c.put(k, 1, &docEntry{view: views[k], position: 1, body: []byte("x")})
	}
	views["a"].doc.Load().used.Store(true) // a read on the view, without the cache's lock
	c.put("c", 1, &docEntry{view: views["c"], position: 1, body: []byte("x")})
	if views["a"].doc.Load() == nil || views["c"].doc.Load() == nil {
		t.Fatal("the read document a or the new c left")
	}
	if views["b"].doc.Load() != nil {
		t.Fatal("b, never read, should have been evicted and left its view")
	}
}
