package storetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/latsar/ledger/events"
)

func testReadStream(t *testing.T, s events.Store) {
	stream := newStream(t)
	var recs []events.Recorded
	for i := range 5 {
		// Another stream's event first, so positions of this one are not
		// contiguous and recs[0].Position-1 is a position (not 0, "no limit").
		mustAppend(t, s, newStream(t), events.Any, proposed("Noise", `{}`))
		res := mustAppend(t, s, stream, events.Any, proposed("A", fmt.Sprintf(`{"i":%d}`, i)))
		recs = append(recs, res.Last())
	}
	for _, tc := range []struct {
		name        string
		from, maxPo uint64
		want        []events.Recorded
	}{
		{"all", 0, 0, recs},
		{"from-2", 2, 0, recs[2:]},
		{"from-2-up-to-3", 2, recs[3].Position, recs[2:4]},
		{"up-to-between-3-and-4", 0, recs[3].Position + 1, recs[:4]},
		{"up-to-before-first", 0, recs[0].Position - 1, nil},
		{"from-past-end", 5, 0, nil},
	} {
		got := readStream(t, s, stream, tc.from, tc.maxPo)
		if len(got) != len(tc.want) {
			t.Fatalf("%s: read %d events, want %d", tc.name, len(got), len(tc.want))
		}
		for i := range got {
			sameEvent(t, got[i], tc.want[i])
		}
	}
}

func testUnknownStream(t *testing.T, s events.Store) {
	got, err := s.ReadStream(testContext(t), newStream(t), 0, 0)
	if err != nil {
		t.Fatalf("read unknown stream: %v, want no error", err)
	}
	if len(got) != 0 {
		t.Fatalf("read unknown stream: %d events, want 0", len(got))
	}
}

func testReadAll(t *testing.T, s events.Store) {
	ctx := testContext(t)
	a, b := newStream(t), newStream(t)
	head := headPosition(t, s)
	var want []string
	for i := range 4 {
		for _, st := range []string{a, b} {
			res := mustAppend(t, s, st, events.Any, proposed("A", fmt.Sprintf(`{"i":%d}`, i)))
			want = append(want, res.Last().ID)
		}
	}
	var got []string
	after := head
	for pages := 0; ; pages++ {
		if pages > len(want) {
			t.Fatalf("read all: still reading after %d pages", pages)
		}
		page, err := s.ReadAll(ctx, after, 3)
		if err != nil {
			t.Fatalf("read all after %d: %v", after, err)
		}
		if len(page) > 3 {
			t.Fatalf("read all limit 3: %d events", len(page))
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			if e.Position <= after {
				t.Fatalf("read all: position %d not after %d", e.Position, after)
			}
			after = e.Position
			if e.Stream == a || e.Stream == b {
				got = append(got, e.ID)
			}
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("read all: ids %v, want %v", got, want)
	}
	if tail, err := s.ReadAll(ctx, after, 10); err != nil || len(tail) != 0 {
		t.Fatalf("read all after the head: %d events, err %v, want none", len(tail), err)
	}
}

func testHeadPosition(t *testing.T, s events.Store) {
	ctx := testContext(t)
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	res := mustAppend(t, s, newStream(t), events.NoStream, proposed("A", `{}`), proposed("B", `{}`))
	if got, want := headPosition(t, s), res.Last().Position; got != want {
		t.Fatalf("head=%d, want the last appended position %d", got, want)
	}
}
