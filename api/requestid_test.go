package api

import "testing"

// TestRequestID: ids as echo's own generator makes them (32 letters), each
// letter about as frequent as any other.
func TestRequestID(t *testing.T) {
	counts := map[rune]int{}
	seen := map[string]bool{}
	const ids = 2000
	for range ids {
		id := requestID()
		if len(id) != 32 || seen[id] {
			t.Fatalf("id %q: want 32 letters, each id new", id)
		}
		seen[id] = true
		for _, r := range id {
			if !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z') {
				t.Fatalf("id %q holds %q", id, r)
			}
			counts[r]++
		}
	}
	// 64,000 letters over 52: about 1,231 each (σ ≈ 35); a letter twice as
	// likely as another, or missing, is far outside these bounds.
	if len(counts) != 52 {
		t.Fatalf("%d letters used, want 52", len(counts))
	}
	for r, n := range counts {
		if n < 1000 || n > 1460 {
			t.Errorf("letter %q drawn %d times of %d", r, n, ids*32)
		}
	}
}
