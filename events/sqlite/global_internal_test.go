package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/latsar/ledger/events"
)

// logHolds reads the whole file and checks that every event chains after
// the one before it in position order, and that the log verifies.
func logHolds(t *testing.T, s *Store) []events.Recorded {
	t.Helper()
	all, err := s.ReadAll(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range all {
		want := ""
		if i > 0 {
			want = all[i-1].Metadata.Hash
		}
		if e.Metadata.PrevGlobal != want {
			t.Fatalf("event at position %d (%s): prev_global %.12q, want the hash of position %d %.12q", e.Position, e.ID, e.Metadata.PrevGlobal, i, want)
		}
	}
	rep, err := events.VerifyLog(context.Background(), s, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Events != len(all) {
		t.Fatalf("log of %d events: %+v", len(all), rep)
	}
	return all
}

func gev(id string) events.Proposed {
	return events.Proposed{ID: id, Type: "T", Data: []byte(`{"id":"` + id + `"}`)}
}

func greq(stream string, expected events.ExpectedRevision, evs ...events.Proposed) *appendReq {
	return &appendReq{ctx: context.Background(), stream: stream, expected: expected, events: evs, done: make(chan struct{})}
}

// TestGlobalChainThroughUndoneRequests commits batches in which requests are
// refused after some of their rows were written (a savepoint rolled back), a
// multi-stream append is undone, and a whole batch fails: the global head the
// writer chains after must follow what the file holds.
func TestGlobalChainThroughUndoneRequests(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	s.w.commitBatch([]*appendReq{
		greq("a", events.NoStream, gev("a0")),
		greq("b", events.Any, gev("b0"), gev("a0")), // second id taken: b0 undone
		greq("b", events.Any, gev("b1"), gev("b1")), // same id twice: undone
		{ctx: context.Background(), done: make(chan struct{}), parts: []events.StreamAppend{ // the same id in two parts: undone
			{Stream: "c", Expected: events.NoStream, Events: []events.Proposed{gev("c0")}},
			{Stream: "d", Expected: events.NoStream, Events: []events.Proposed{gev("c0")}},
		}},
		greq("a", events.ExpectRevision(0), gev("a1"), gev("a2")),
	})
	if got := len(logHolds(t, s)); got != 3 {
		t.Fatalf("%d events, want a0, a1, a2", got)
	}

	// A batch that fails as a whole (a crash between the streams of a
	// multi-stream append) leaves the writer chaining after what committed.
	s.w.staged = func(string) error { return errors.New("crash") }
	s.w.commitBatch([]*appendReq{
		greq("e", events.Any, gev("e0"), gev("e1")),
		{ctx: context.Background(), done: make(chan struct{}), parts: []events.StreamAppend{
			{Stream: "f", Expected: events.NoStream, Events: []events.Proposed{gev("f0")}},
			{Stream: "g", Expected: events.NoStream, Events: []events.Proposed{gev("g0")}},
		}},
	})
	s.w.staged = nil
	if _, err := s.Append(context.Background(), "e", events.Any, []events.Proposed{gev("e0")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendMulti(context.Background(), []events.StreamAppend{
		{Stream: "f", Expected: events.NoStream, Events: []events.Proposed{gev("f0")}},
		{Stream: "g", Expected: events.NoStream, Events: []events.Proposed{gev("g0"), gev("g1")}},
	}); err != nil {
		t.Fatal(err)
	}
	if got := len(logHolds(t, s)); got != 7 {
		t.Fatalf("%d events, want 7", got)
	}
}

// TestGlobalChainWithAnotherWriter appends through two stores open on the
// same file, as two processes would: each must notice the other moved the
// head of the log.
func TestGlobalChainWithAnotherWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	one, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { one.Close() })
	two, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { two.Close() })
	for i, s := range []*Store{one, two, two, one, one, two, one} {
		id := string(rune('a' + i))
		if _, err := s.Append(context.Background(), "s-"+id, events.NoStream, []events.Proposed{gev(id + "0"), gev(id + "1")}); err != nil {
			t.Fatal(err)
		}
	}
	logHolds(t, one)
}

// TestGlobalChainStartsInAnOlderLog opens a file written before prev_global
// existed: the chain starts at the first event appended now.
func TestGlobalChainStartsInAnOlderLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(context.Background(), "old", events.NoStream, []events.Proposed{gev("o0"), gev("o1")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	stripPrevGlobal(t, path)

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	res, err := s.Append(context.Background(), "old", events.ExpectRevision(1), []events.Proposed{gev("o2")})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := events.VerifyLog(context.Background(), s, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.ChainedFrom != res.Last().Position {
		t.Fatalf("report %+v, want ok and chained from position %d", rep, res.Last().Position)
	}
}

// stripPrevGlobal rewrites the file as the writer before prev_global wrote
// it: the stream chains only.
func stripPrevGlobal(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(readAllColumns + `ORDER BY position`)
	if err != nil {
		t.Fatal(err)
	}
	all, err := scanRead(rows, "", false)
	if err != nil {
		t.Fatal(err)
	}
	prev := map[string]string{}
	for _, e := range all {
		e.Metadata.PrevGlobal = ""
		events.Seal(prev[e.Stream], &e)
		prev[e.Stream] = e.Metadata.Hash
		if _, err := db.Exec(`UPDATE events SET metadata = ? WHERE position = ?`, string(events.AppendMetadataJSON(nil, &e.Metadata)), int64(e.Position)); err != nil {
			t.Fatal(err)
		}
	}
}
