package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/events/storetest"
)

// copyingStore builds the stream copy again after every second append, so
// the contract's whole-stream reads come from the copy and the log's tail
// after it.
type copyingStore struct {
	*sqlite.Store
	t       *testing.T
	mu      sync.Mutex
	appends int
}

func (c *copyingStore) Append(ctx context.Context, stream string, expected events.ExpectedRevision, evs []events.Proposed) (events.AppendResult, error) {
	r, err := c.Store.Append(ctx, stream, expected, evs)
	c.rebuildNowAndThen(ctx)
	return r, err
}

func (c *copyingStore) AppendMulti(ctx context.Context, parts []events.StreamAppend) ([]events.AppendResult, error) {
	r, err := c.Store.AppendMulti(ctx, parts)
	c.rebuildNowAndThen(ctx)
	return r, err
}

func (c *copyingStore) rebuildNowAndThen(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.appends++; c.appends%2 == 0 {
		if _, err := c.BuildStreamCopy(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, events.ErrClosed) {
			c.t.Errorf("build the stream copy: %v", err)
		}
	}
}

func TestContractWithStreamCopy(t *testing.T) {
	storetest.Run(t, func(t *testing.T) events.Store {
		dir := t.TempDir()
		return &copyingStore{Store: open(t, filepath.Join(dir, "events.db"), sqlite.WithStreamCopy(filepath.Join(dir, "streams.db"))), t: t}
	})
}

// appendRounds appends rounds events to each of streams participants,
// round by round, so that each stream's events are spread over the log.
func appendRounds(t *testing.T, s events.Store, streams, rounds int) {
	t.Helper()
	for r := range rounds {
		for i := range streams {
			if _, err := s.Append(t.Context(), fmt.Sprintf("participant-%d", i), events.Any, []events.Proposed{event("Scored", fmt.Sprintf(`{"round":%d}`, r))}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A whole-stream read from the copy answers what the log holds: the events
// copied, then those recorded after the copy, cut at any position.
func TestStreamCopyAnswersTheLog(t *testing.T) {
	dir := t.TempDir()
	s := open(t, filepath.Join(dir, "events.db"), sqlite.WithStreamCopy(filepath.Join(dir, "streams.db")))
	appendRounds(t, s, 5, 20)
	before := readStreams(t, s, 5, 0)
	upTo, err := s.BuildStreamCopy(t.Context())
	if err != nil || upTo != 100 {
		t.Fatalf("build: up to %d, %v; want 100", upTo, err)
	}
	if got := readStreams(t, s, 5, 0); !reflect.DeepEqual(got, before) {
		t.Fatalf("read from the copy differs from the log's")
	}
	appendRounds(t, s, 6, 3) // participant-5 is not in the copy at all
	plain := open(t, filepath.Join(dir, "events.db"), sqlite.ReadOnly())
	for _, at := range []uint64{0, 37, 100, 101, 113} {
		if got, want := readStreams(t, s, 6, at), readStreams(t, plain, 6, at); !reflect.DeepEqual(got, want) {
			t.Fatalf("at position %d: the copy and its tail differ from the log", at)
		}
	}
	if st := s.StreamCopyStats(); st.UpTo != 100 || st.Reads < 20 || st.Broken != 0 {
		t.Fatalf("stats %+v: want up to 100, reads served, none broken", st)
	}
	s.Close()
	again := open(t, filepath.Join(dir, "events.db"), sqlite.WithStreamCopy(filepath.Join(dir, "streams.db")))
	if st := again.StreamCopyStats(); st.UpTo != 100 {
		t.Fatalf("reopened: copy up to %d, want 100", st.UpTo)
	}
}

func readStreams(t *testing.T, s events.Store, n int, at uint64) [][]events.Recorded {
	t.Helper()
	out := make([][]events.Recorded, n)
	for i := range out {
		var err error
		if out[i], err = s.ReadStream(t.Context(), fmt.Sprintf("participant-%d", i), 0, at); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// A copy that no longer says what the log says (an event's content, its
// position) is not believed: the read answers the log's events, counts the
// copy broken and drops it, deleting its file for the next build.
func TestStreamCopyThatDiffersIsDropped(t *testing.T) {
	for name, tamper := range map[string]string{
		"content":  `UPDATE events SET data = '{"round":99}' WHERE stream = 'participant-1' AND revision = 3`,
		"position": `UPDATE events SET position = position + 1 WHERE stream = 'participant-1' AND revision = 3`,
		"missing":  `DELETE FROM events WHERE stream = 'participant-1' AND revision = 19`,
		"extra":    `INSERT INTO events SELECT stream, 20, 1000, 'forged', type, data, metadata, recorded_at FROM events WHERE stream = 'participant-1' AND revision = 19`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			copyPath := filepath.Join(dir, "streams.db")
			s := open(t, filepath.Join(dir, "events.db"), sqlite.WithStreamCopy(copyPath))
			appendRounds(t, s, 3, 20)
			want := readStreams(t, s, 3, 0)
			if _, err := s.BuildStreamCopy(t.Context()); err != nil {
				t.Fatal(err)
			}
			db, err := sql.Open("sqlite", copyPath)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(tamper); err != nil {
				t.Fatal(err)
			}
			db.Close()
			if got := readStreams(t, s, 3, 0); !reflect.DeepEqual(got, want) {
				t.Fatalf("read after tampering with the copy: differs from the log")
			}
			if st := s.StreamCopyStats(); st.Broken != 1 || st.UpTo != 0 {
				t.Fatalf("stats %+v: want one broken read and no copy in use", st)
			}
			if _, err := os.Stat(copyPath); !os.IsNotExist(err) {
				t.Fatalf("the broken copy's file is still there: %v", err)
			}
		})
	}
}

// A copy of another log (the data directory restored from elsewhere, the
// log replaced) is deleted when the store opens.
func TestStreamCopyOfAnotherLogIsDeleted(t *testing.T) {
	dir := t.TempDir()
	copyPath := filepath.Join(dir, "streams.db")
	a := open(t, filepath.Join(dir, "a.db"), sqlite.WithStreamCopy(copyPath))
	appendRounds(t, a, 2, 3)
	if _, err := a.BuildStreamCopy(t.Context()); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b := open(t, filepath.Join(dir, "b.db"), sqlite.WithStreamCopy(copyPath))
	appendRounds(t, b, 2, 3)
	if st := b.StreamCopyStats(); st.UpTo != 0 {
		t.Fatalf("another log's copy is in use: %+v", st)
	}
	if _, err := os.Stat(copyPath); !os.IsNotExist(err) {
		t.Fatalf("another log's copy was kept: %v", err)
	}
}

// Builds race with appends and whole-stream reads (run with -race): every
// read answers the stream as the log holds it at the read's position.
func TestStreamCopyWhileWriting(t *testing.T) {
	dir := t.TempDir()
	s := open(t, filepath.Join(dir, "events.db"), sqlite.WithStreamCopy(filepath.Join(dir, "streams.db")))
	plain := open(t, filepath.Join(dir, "events.db"), sqlite.ReadOnly())
	appendRounds(t, s, 4, 10)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for r := 0; ; r++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.Append(t.Context(), fmt.Sprintf("participant-%d", r%4), events.Any, []events.Proposed{event("Scored", "{}")}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			head, err := s.HeadPosition(t.Context())
			if err != nil {
				t.Error(err)
				return
			}
			got, want := readStreams(t, s, 4, head), readStreams(t, plain, 4, head)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("at position %d: the read differs from the log's", head)
				return
			}
		}
	})
	for range 5 {
		if _, err := s.BuildStreamCopy(t.Context()); err != nil {
			t.Error(err)
		}
	}
	close(stop)
	wg.Wait()
	if st := s.StreamCopyStats(); st.Broken != 0 || st.Reads == 0 {
		t.Fatalf("stats %+v: want reads from the copy and none broken", st)
	}
}
