package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/events/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) events.Store { return open(t, filepath.Join(t.TempDir(), "events.db")) })
}

// TestContractSharedStore runs the suite with one store for all subtests, as
// a long-lived process would use it.
func TestContractSharedStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	shared := open(t, path)
	storetest.Run(t, func(t *testing.T) events.Store {
		if t.Name() == "TestContractSharedStore/append-after-close" {
			return open(t, filepath.Join(t.TempDir(), "closing.db"))
		}
		return shared
	})
}

func TestRestartKeepsAcknowledgedEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "dir", "events.db")
	s := open(t, path)
	if got, want := s.Path(), path; got != want {
		t.Fatalf("path=%q, want %q", got, want)
	}

	const writers, each = 16, 25
	acked := make([][]events.Recorded, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			stream := fmt.Sprintf("participant-%d", w%4) // four writers per stream
			for i := range each {
				res, err := s.Append(t.Context(), stream, events.Any, []events.Proposed{event("Scored", fmt.Sprintf(`{"w":%d,"i":%d}`, w, i))})
				if err != nil {
					t.Errorf("append: %v", err)
					return
				}
				acked[w] = append(acked[w], res.Events...)
			}
		})
	}
	wg.Wait()
	head, err := s.HeadPosition(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	s = open(t, path)
	byID := map[string]events.Recorded{}
	for st := range 4 {
		evs, err := s.ReadStream(t.Context(), fmt.Sprintf("participant-%d", st), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if brk := events.VerifyChain(evs); brk != nil {
			t.Fatalf("chain broken after restart: %+v", *brk)
		}
		for _, e := range evs {
			byID[e.ID] = e
		}
	}
	if got, want := len(byID), writers*each; got != want {
		t.Fatalf("%d events after restart, want %d", got, want)
	}
	for _, evs := range acked {
		for _, want := range evs {
			got, ok := byID[want.ID]
			if !ok {
				t.Fatalf("acknowledged event %s lost", want.ID)
			}
			if got.Position != want.Position || got.Revision != want.Revision ||
				got.Metadata.Hash != want.Metadata.Hash || !got.RecordedAt.Equal(want.RecordedAt) {
				t.Fatalf("after restart\n got %+v\nwant %+v", got, want)
			}
		}
	}

	res, err := s.Append(t.Context(), "participant-0", events.ExpectRevision(4*each-1), []events.Proposed{event("After", `{}`)})
	if err != nil {
		t.Fatalf("append after restart: %v", err)
	}
	if got := res.Last(); got.Position <= head || got.Revision != 4*each {
		t.Fatalf("append after restart: position %d revision %d, want > %d and %d", got.Position, got.Revision, head, 4*each)
	}
	evs, err := s.ReadStream(t.Context(), "participant-0", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if brk := events.VerifyChain(evs); brk != nil {
		t.Fatalf("chain broken after an append past the restart: %+v", *brk)
	}
}

// TestCloseWhileAppending: every append answered with success is on disk; the
// others are told the store is closed.
func TestCloseWhileAppending(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	s := open(t, path)
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	for w := range 32 {
		wg.Go(func() {
			for i := 0; ; i++ {
				res, err := s.Append(context.Background(), fmt.Sprintf("s-%d", w), events.Any, []events.Proposed{event("E", `{}`)})
				if errors.Is(err, events.ErrClosed) {
					return
				}
				if err != nil {
					t.Errorf("append: %v", err)
					return
				}
				mu.Lock()
				acked = append(acked, res.Last().ID)
				mu.Unlock()
			}
		})
	}
	time.Sleep(100 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	wg.Wait()

	if len(acked) == 0 {
		t.Fatalf("no append acknowledged before close")
	}

	// Queued appends are finished, later ones refused before being queued:
	// the file holds exactly the acknowledged events.
	s = open(t, path)
	all, err := s.ReadAll(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	recorded := map[string]bool{}
	for _, e := range all {
		recorded[e.ID] = true
	}
	if got, want := len(all), len(acked); got != want {
		t.Fatalf("%d events recorded, want the %d acknowledged", got, want)
	}
	for _, id := range acked {
		if !recorded[id] {
			t.Fatalf("acknowledged event %s lost", id)
		}
	}
}

func TestCloseEndsSubscriptions(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "events.db"))
	if _, err := s.Append(t.Context(), "s", events.NoStream, []events.Proposed{event("E", `{}`)}); err != nil {
		t.Fatal(err)
	}
	caughtUp := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- s.Subscribe(t.Context(), 0, func([]events.Recorded) error { close(caughtUp); return nil })
	}()
	<-caughtUp
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if !errors.Is(err, events.ErrClosed) {
			t.Fatalf("subscription ended with %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("subscription outlived Close")
	}
	for name, err := range map[string]error{
		"read stream": func() error { _, err := s.ReadStream(t.Context(), "s", 0, 0); return err }(),
		"read all":    func() error { _, err := s.ReadAll(t.Context(), 0, 10); return err }(),
		"ping":        s.Ping(t.Context()),
	} {
		if !errors.Is(err, events.ErrClosed) {
			t.Fatalf("%s after close: %v, want ErrClosed", name, err)
		}
	}
}

// TestAuditorSeesPlainRows opens the file with database/sql, as the sqlite3
// shell would, while the store is open.
func TestAuditorSeesPlainRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	s := open(t, path)
	md := events.Metadata{Actor: "tok-1", Ruleset: "2025.1"}
	p := event("ComponentScored", `{"score":7001}`)
	p.Metadata = md
	res, err := s.Append(t.Context(), "participant-199001012020011001", events.NoStream, []events.Proposed{p})
	if err != nil {
		t.Fatal(err)
	}
	want := res.Last()

	db := auditor(t, path)
	var (
		pos, rev, at                       int64
		id, stream, typ, data, hash, dtype string
		version                            int
		mode                               string
	)
	err = db.QueryRow(`SELECT position, id, stream, revision, type, data, typeof(data),
		json_extract(metadata, '$.hash'), recorded_at FROM events WHERE id = ?`, p.ID).
		Scan(&pos, &id, &stream, &rev, &typ, &data, &dtype, &hash, &at)
	if err != nil {
		t.Fatalf("auditor query: %v", err)
	}
	if uint64(pos) != want.Position || stream != want.Stream || uint64(rev) != want.Revision || typ != want.Type {
		t.Fatalf("row (%d %s %d %s), want %+v", pos, stream, rev, typ, want)
	}
	if data != `{"score":7001}` || dtype != "text" {
		t.Fatalf("data=%s (%s), want the JSON as text", data, dtype)
	}
	if hash != want.Metadata.Hash {
		t.Fatalf("hash=%s, want %s", hash, want.Metadata.Hash)
	}
	if got := time.Unix(0, at).UTC(); !got.Equal(want.RecordedAt) {
		t.Fatalf("recorded_at=%v, want %v", got, want.RecordedAt)
	}
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != 1 {
		t.Fatalf("user_version=%d (%v), want 1", version, err)
	}
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode=%s (%v), want wal", mode, err)
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	db := auditor(t, path)
	if _, err := db.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	if s, err := sqlite.Open(path); err == nil {
		s.Close()
		t.Fatalf("open of a file with schema 99: err=nil, want a refusal")
	}
}

func open(t *testing.T, path string, opts ...sqlite.Option) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(path, opts...)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func auditor(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func event(typ, data string) events.Proposed {
	return events.Proposed{ID: uuid.Must(uuid.NewV7()).String(), Type: typ, Data: []byte(data)}
}

// TestSubscriberSeesAnotherProcess: two stores on one file stand for two
// processes; a subscriber of the first, live and caught up on its own
// writes, sees what the second writes within the poll interval.
func TestSubscriberSeesAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	a := open(t, path, sqlite.WithPollInterval(50*time.Millisecond))
	b := open(t, path)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ev := func(id string) []events.Proposed {
		return []events.Proposed{{ID: id, Type: "T", Data: []byte(`{}`)}}
	}
	if _, err := a.Append(ctx, "mine", events.Any, ev("a-1")); err != nil {
		t.Fatal(err)
	}
	seen := make(chan string, 10)
	go func() {
		_ = a.Subscribe(ctx, 0, func(recs []events.Recorded) error {
			for _, r := range recs {
				seen <- r.ID
			}
			return nil
		})
	}()
	if id := <-seen; id != "a-1" {
		t.Fatalf("first event %s, want a-1", id)
	}
	if _, err := b.Append(ctx, "theirs", events.Any, ev("b-1")); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-seen:
		if id != "b-1" {
			t.Fatalf("next event %s, want b-1", id)
		}
	case <-ctx.Done():
		t.Fatal("the subscriber never saw the other process's write")
	}
}
