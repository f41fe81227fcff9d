package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/latsar/ledger/events"
)

// TestOneBatchJudgesEachRequestAlone commits one crafted batch, as group
// commit would gather it, and checks that every request is answered as if it
// had been alone, in order.
func TestOneBatchJudgesEachRequestAlone(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	ev := func(id string) events.Proposed {
		return events.Proposed{ID: id, Type: "T", Data: []byte(`{"id":"` + id + `"}`)}
	}
	req := func(stream string, expected events.ExpectedRevision, evs ...events.Proposed) *appendReq {
		return &appendReq{ctx: context.Background(), stream: stream, expected: expected, events: evs, done: make(chan struct{})}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	gone := req("c", events.Any, ev("gone"))
	gone.ctx = cancelled

	batch := []*appendReq{
		0: req("a", events.NoStream, ev("a0")),
		1: req("a", events.ExpectRevision(7), ev("a0")),           // retry of 0, wrong expectation: duplicate
		2: req("a", events.NoStream, ev("a1")),                    // a has an event since 0: conflict
		3: req("a", events.ExpectRevision(0), ev("a1"), ev("a2")), // chains after 0
		4: req("b", events.Any, ev("b0"), ev("a2")),               // later id taken in this batch: fails alone
		5: req("b", events.NoStream, ev("b0")),                    // b still empty after 4
		6: req("b", events.Any, ev("b1"), ev("b1")),               // same id twice: fails alone
		7: gone,                                                   // caller gone: not recorded
		8: req("a", events.ExpectRevision(2), ev("a3")),
	}
	s.w.commitBatch(batch)

	for _, i := range []int{0, 3, 5, 8} {
		if batch[i].err != nil || batch[i].res.Duplicate {
			t.Fatalf("request %d: err=%v duplicate=%v, want recorded", i, batch[i].err, batch[i].res.Duplicate)
		}
	}
	if r := batch[1]; r.err != nil || !r.res.Duplicate || r.res.Last().Position != batch[0].res.Last().Position {
		t.Fatalf("request 1: err=%v result=%+v, want a duplicate of request 0", r.err, r.res)
	}
	var ce *events.ConflictError
	if err := batch[2].err; !errors.As(err, &ce) || ce.Actual != 0 {
		t.Fatalf("request 2: err=%v, want a conflict with actual 0", err)
	}
	for _, i := range []int{4, 6} {
		if err := batch[i].err; err == nil || errors.Is(err, events.ErrConflict) {
			t.Fatalf("request %d: err=%v, want a refusal of a taken id", i, err)
		}
	}
	if !errors.Is(batch[7].err, context.Canceled) {
		t.Fatalf("request 7: err=%v, want context.Canceled", batch[7].err)
	}
	if got := batch[3].res.Events[0].Metadata.PrevHash; got != batch[0].res.Last().Metadata.Hash {
		t.Fatalf("request 3 chained after %q, want request 0's hash", got)
	}
	if got := batch[5].res.Last().Revision; got != 0 {
		t.Fatalf("request 5: revision %d, want 0", got)
	}

	for stream, want := range map[string][]string{"a": {"a0", "a1", "a2", "a3"}, "b": {"b0"}, "c": nil} {
		evs, err := s.ReadStream(context.Background(), stream, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != len(want) {
			t.Fatalf("stream %s holds %d events, want %d", stream, len(evs), len(want))
		}
		for i, e := range evs {
			if e.ID != want[i] {
				t.Fatalf("stream %s event %d is %s, want %s", stream, i, e.ID, want[i])
			}
		}
		if brk := events.VerifyChain(evs); brk != nil {
			t.Fatalf("stream %s: chain broken: %+v", stream, *brk)
		}
	}
}

// TestWriterIsDurable checks the settings an acknowledged append relies on,
// on the writer's own connection (they are per connection).
func TestWriterIsDurable(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for pragma, want := range map[string]string{"journal_mode": "wal", "synchronous": "2", "busy_timeout": "5000"} {
		var got string
		if err := s.w.conn.QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("PRAGMA %s=%s, want %s", pragma, got, want)
		}
	}
	var readOnly string
	if err := s.rdb.QueryRowContext(t.Context(), "PRAGMA query_only").Scan(&readOnly); err != nil || readOnly != "1" {
		t.Fatalf("reader query_only=%s (%v), want 1", readOnly, err)
	}
}

// TestMultiStreamCrashBetweenStreams fails the writer after the first stream
// of a multi-stream append is staged: after reopening the file, neither
// stream holds anything, and the single appends committed in the same batch
// fail with it rather than half-commit.
func TestMultiStreamCrashBetweenStreams(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ev := func(id string) events.Proposed { return events.Proposed{ID: id, Type: "T", Data: []byte(`{}`)} }
	crash := errors.New("crash")
	s.w.staged = func(stream string) error {
		if stream == "cohort-A" {
			return crash
		}
		return nil
	}
	multi := &appendReq{ctx: context.Background(), done: make(chan struct{}), parts: []events.StreamAppend{
		{Stream: "cohort-A", Expected: events.NoStream, Events: []events.Proposed{ev("roster")}},
		{Stream: "participant-1", Expected: events.NoStream, Events: []events.Proposed{ev("copy")}},
	}}
	single := &appendReq{ctx: context.Background(), done: make(chan struct{}), stream: "other", expected: events.Any, events: []events.Proposed{ev("o")}}
	s.w.commitBatch([]*appendReq{single, multi})
	if !errors.Is(multi.err, crash) || !errors.Is(single.err, crash) {
		t.Fatalf("errors %v and %v, want the crash for both", multi.err, single.err)
	}
	s.w.staged = nil
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, stream := range []string{"cohort-A", "participant-1", "other"} {
		recs, err := s.ReadStream(context.Background(), stream, 0, 0)
		if err != nil || len(recs) != 0 {
			t.Fatalf("%s after the crash: %d events, err=%v; want none", stream, len(recs), err)
		}
	}
	// The same append again completes both streams.
	res, err := s.AppendMulti(context.Background(), multi.parts)
	if err != nil || len(res) != 2 || res[0].Duplicate || res[1].Duplicate {
		t.Fatalf("append after the crash: %+v, %v", res, err)
	}
}

// TestLoneAppendAfterABatchIsCommitted: after a commit of many appends the
// writer waits for their appenders to come back (group commit); an append
// that finds them gone is still committed once the wait ends.
func TestLoneAppendAfterABatchIsCommitted(t *testing.T) {
	var batches []int
	s, err := Open(filepath.Join(t.TempDir(), "events.db"), WithCommitObserver(func(requests, _ int, _ time.Duration) {
		batches = append(batches, requests) // the writer's goroutine only
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second) // a hang, not a timing
	defer cancel()
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Go(func() {
			id := fmt.Sprintf("many-%d", i)
			if _, err := s.Append(ctx, id, events.NoStream, []events.Proposed{{ID: id, Type: "T"}}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	res, err := s.Append(ctx, "lone", events.NoStream, []events.Proposed{{ID: "lone", Type: "T"}})
	if err != nil {
		t.Fatalf("lone append: %v", err)
	}
	if got, want := res.Last().Position, uint64(33); got != want {
		t.Fatalf("lone append at position %d, want %d", got, want)
	}
	s.Close()
	total := 0
	for _, n := range batches {
		total += n
	}
	if got, want := total, 33; got != want {
		t.Fatalf("%d appends committed in batches %v, want %d", got, batches, want)
	}
}
