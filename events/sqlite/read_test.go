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
