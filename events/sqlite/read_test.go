package sqlite_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/latsar/ledger/events"
)

// The reads keep the driver's buffer of each event's data rather than copy
// it (read.go): every event read, in one read or in reads after it, keeps
// its own data, and an event without data reads as none.
func TestReadEventsKeepTheirData(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "events.db"))
	var want []string
	for i := range 40 {
		stream := fmt.Sprintf("participant-%d", i%3)
		data := fmt.Sprintf(`{"i":%d,"pad":"%0*d"}`, i, i*7, i)
		p := event("Scored", data)
		if i == 5 {
			p.Data, data = nil, ""
		}
		if _, err := s.Append(t.Context(), stream, events.Any, []events.Proposed{p}); err != nil {
			t.Fatal(err)
		}
		want = append(want, data)
	}
	all, err := s.ReadAll(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var streams [3][]events.Recorded
	for i := range streams {
		if streams[i], err = s.ReadStream(t.Context(), fmt.Sprintf("participant-%d", i), 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	paged, err := s.ReadAll(t.Context(), 10, 7)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range all {
		if string(e.Data) != want[i] || (want[i] == "" && e.Data != nil) {
			t.Fatalf("event %d of the log: data %q, want %q", i, e.Data, want[i])
		}
		if s := streams[i%3][i/3]; s.ID != e.ID || s.Stream != e.Stream || s.Position != e.Position || string(s.Data) != want[i] {
			t.Fatalf("event %d of its stream: %+v, want %+v", i, s, e)
		}
	}
	if len(paged) != 7 || paged[0].Position != 11 || string(paged[6].Data) != want[16] {
		t.Fatalf("page after 10: %d events from %d", len(paged), paged[0].Position)
	}
	if got, err := s.ReadStream(t.Context(), "participant-none", 0, 0); err != nil || got == nil || len(got) != 0 {
		t.Fatalf("empty stream: %v, %v; want an empty slice", got, err)
	}
}

// A long stream read whole is read in parallel ranges (read_parallel.go):
// it answers what the log holds of it, in order, whatever the bound on
// position and however many events (around the split's threshold and its
// ranges' edges), while other reads of it run at once.
func TestLongStreamsReadWhole(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "events.db"))
	var positions []uint64 // of the long stream's events, by revision
	for i := range 203 {
		res, err := s.Append(t.Context(), "participant-long", events.Any, []events.Proposed{event("Scored", fmt.Sprintf(`{"i":%d}`, i))})
		if err != nil {
			t.Fatal(err)
		}
		positions = append(positions, res.Last().Position)
		if _, err := s.Append(t.Context(), "participant-other", events.Any, []events.Proposed{event("Scored", `{}`)}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(upTo uint64, want int) error {
		got, err := s.ReadStream(t.Context(), "participant-long", 0, upTo)
		if err != nil {
			return err
		}
		if len(got) != want {
			return fmt.Errorf("up to %d: %d events, want %d", upTo, len(got), want)
		}
		for i, e := range got {
			if e.Revision != uint64(i) || e.Position != positions[i] || string(e.Data) != fmt.Sprintf(`{"i":%d}`, i) || e.Stream != "participant-long" {
				return fmt.Errorf("up to %d: event %d is %+v", upTo, i, e)
			}
		}
		return nil
	}
	for _, n := range []int{1, 63, 64, 65, 66, 67, 128, 150, 203} {
		if err := check(positions[n-1], n); err != nil {
			t.Fatal(err)
		}
		if err := check(positions[n-1]+1, n); err != nil { // the other stream's next event
			t.Fatal(err)
		}
	}
	if err := check(0, 203); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() { errs <- check(0, 203) }()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	tail, err := s.ReadStream(t.Context(), "participant-long", 200, 0)
	if err != nil || len(tail) != 3 || tail[0].Revision != 200 {
		t.Fatalf("from revision 200: %d events (%v)", len(tail), err)
	}
}
