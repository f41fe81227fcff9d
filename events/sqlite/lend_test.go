package sqlite_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
)

// A lent stream is the stream ReadStream answers, by every path a read
// takes (the stream copy and the log's tail, parallel ranges of a long
// stream, one query), and what a borrower keeps of an event (a copy of the
// envelope, its strings, its data) stays intact when the buffer is lent
// again to later reads.
func TestLentStreamIsTheReadStream(t *testing.T) {
	dir := t.TempDir()
	s := open(t, filepath.Join(dir, "events.db"), sqlite.WithStreamCopy(filepath.Join(dir, "streams.db")))
	appendRounds(t, s, 3, 80) // 80 events a stream: read in parallel ranges
	ctx := t.Context()
	lent := func(stream string, from, at uint64) (all []events.Recorded, first events.Recorded) {
		err := s.LendStream(ctx, stream, from, at, func(recs []events.Recorded) error {
			all = append(all, recs...)
			if len(recs) > 0 {
				first = recs[0]
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return all, first
	}
	check := func(path string) {
		t.Helper()
		var kept []events.Recorded
		for i := range 3 {
			stream := fmt.Sprintf("participant-%d", i)
			for _, read := range []struct{ from, at uint64 }{{0, 0}, {0, 100}, {40, 0}, {0, 1}} {
				want, err := s.ReadStream(ctx, stream, read.from, read.at)
				if err != nil {
					t.Fatal(err)
				}
				got, first := lent(stream, read.from, read.at)
				if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Fatalf("%s: %s from %d at %d: lent %d events, read %d, or they differ", path, stream, read.from, read.at, len(got), len(want))
				}
				if len(want) > 0 {
					kept = append(kept, first)
					if !reflect.DeepEqual(first, want[0]) {
						t.Fatalf("%s: the first event lent differs from the one read", path)
					}
				}
			}
		}
		// Read again and again: nothing kept from the lends changed.
		for range 3 {
			lent("participant-0", 0, 0)
		}
		for _, k := range kept {
			again, err := s.ReadStream(ctx, k.Stream, k.Revision, k.Position)
			if err != nil || len(again) == 0 || !reflect.DeepEqual(again[len(again)-1], k) {
				t.Fatalf("%s: an event kept from a lend changed after later reads: %+v", path, k)
			}
		}
	}
	check("from the log")
	if _, err := s.BuildStreamCopy(ctx); err != nil {
		t.Fatal(err)
	}
	appendRounds(t, s, 3, 2) // a tail after the copy
	check("from the copy and its tail")
	if st := s.StreamCopyStats(); st.Reads == 0 || st.Broken != 0 {
		t.Fatalf("stats %+v: want reads from the copy, none broken", st)
	}
}
