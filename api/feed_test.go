package api

import (
	"testing"
)

func frames(from, to uint64) []frame {
	var out []frame
	for p := from; p <= to; p++ {
		out = append(out, frame{position: p, b: []byte("x")})
	}
	return out
}

// TestFeedDropsTheSlowAndFeedsTheRest: a follower that stops reading is
// dropped once its queue is full; one that reads gets every frame in order.
func TestFeedDropsTheSlowAndFeedsTheRest(t *testing.T) {
	f := &feed{subs: map[*follower]struct{}{}, started: true, from: 0}
	slow, ok := f.join(0)
	if !ok {
		t.Fatal("join at the feed's start refused")
	}
	fast, _ := f.join(0)
	got := uint64(0)
	for i := uint64(1); i <= feedQueue+10; i++ {
		f.publish(frames(i, i))
		for _, fr := range <-fast.frames {
			if fr.position != got+1 {
				t.Fatalf("fast follower got %d after %d", fr.position, got)
			}
			got = fr.position
		}
	}
	select {
	case <-slow.dropped:
	default:
		t.Fatal("the slow follower was not dropped")
	}
	if _, still := f.subs[slow]; still {
		t.Fatal("the slow follower is still fed")
	}
	if _, still := f.subs[fast]; !still {
		t.Fatal("the fast follower was dropped")
	}
}

// TestFeedJoinFromMemory: a subscriber that caught up to a position the feed
// remembers gets the frames after it; one further back must read the store.
func TestFeedJoinFromMemory(t *testing.T) {
	f := &feed{subs: map[*follower]struct{}{}, started: true, from: 10}
	f.publish(frames(11, 20))
	if _, ok := f.join(5); ok {
		t.Fatal("joined before what the feed remembers")
	}
	s, ok := f.join(15)
	if !ok {
		t.Fatal("join within memory refused")
	}
	first := <-s.frames
	if first[0].position != 16 || first[len(first)-1].position != 20 {
		t.Fatalf("frames %d..%d, want 16..20", first[0].position, first[len(first)-1].position)
	}
	for range 2 * feedRecent / 10 {
		f.publish(frames(f.recent[len(f.recent)-1].position+1, f.recent[len(f.recent)-1].position+10))
		<-s.frames
	}
	if f.from <= 10 || len(f.recent) > 2*feedRecent {
		t.Fatalf("memory not trimmed: from=%d, %d frames", f.from, len(f.recent))
	}
}
