package kurrent

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/storetest"
)

// TestContract runs the store contract against a real KurrentDB (25.1 or
// later), named by LATSAR_ESDB_URL:
//
//	LATSAR_ESDB_URL='esdb://localhost:2113?tls=false' go test ./events/kurrent -run Contract
//
// The suite's streams start with "test-" and are new on every run, so a
// cluster kept between runs (or a production one, though not advised) works;
// the suite expects no other writer of test- streams while it runs.
func TestContract(t *testing.T) {
	url := os.Getenv(URLVariable)
	if url == "" {
		t.Skipf("%s is not set: set it to a KurrentDB 25.1+ connection string "+
			"(e.g. esdb://localhost:2113?tls=false) to run the store contract against a server", URLVariable)
	}
	open := func(t *testing.T) *Store {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		s, err := Open(ctx, url, WithStreamPrefixes("test-"))
		if err != nil {
			t.Fatalf("open %s: %v", redact(url), err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	shared := open(t)
	storetest.Run(t, func(t *testing.T) events.Store {
		if strings.HasSuffix(t.Name(), "/append-after-close") {
			return open(t)
		}
		return shared
	})
}

// TestStoreAgainstFakeServer runs the contract through the real client
// against the in-process imitation of the server (fakeserver_test.go).
func TestStoreAgainstFakeServer(t *testing.T) {
	storetest.Run(t, func(t *testing.T) events.Store {
		s, _ := openFake(t, WithStreamPrefixes("test-"))
		return s
	})
}

func proposed(typ string) events.Proposed {
	return events.Proposed{ID: uuid.Must(uuid.NewV7()).String(), Type: typ, Data: []byte(`{}`), Metadata: events.Metadata{Actor: "t"}}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestSubscriptionSurvivesDroppedConnections(t *testing.T) {
	s, f := openFake(t)
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	got := make(chan events.Recorded, 100)
	errc := make(chan error, 1)
	go func() {
		var last uint64
		errc <- s.Subscribe(ctx, 0, func(batch []events.Recorded) error {
			for _, e := range batch {
				if e.Position <= last {
					return fmt.Errorf("position %d after %d", e.Position, last)
				}
				last = e.Position
				got <- e
			}
			return nil
		})
	}()
	var want []string
	for round := range 4 {
		for i := range 5 {
			res, err := s.Append(ctx, fmt.Sprintf("cohort-%d", i%2), events.Any, []events.Proposed{proposed("Round")})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, res.Last().ID)
		}
		if round < 3 {
			f.dropSubscriptions()
		}
	}
	for i, id := range want {
		select {
		case e := <-got:
			if e.ID != id {
				t.Fatalf("event %d: %s, want %s", i, e.ID, id)
			}
		case err := <-errc:
			t.Fatalf("subscription ended: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatalf("%d of %d events handed over", i, len(want))
		}
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("subscribe ended with %v", err)
	}
	select {
	case e := <-got:
		t.Fatalf("one event too many: %+v", e)
	default:
	}
}

// An append whose answer is lost is recorded; its retry is told so.
func TestRetryAfterLostAnswerIsDuplicate(t *testing.T) {
	s, f := openFake(t)
	evs := []events.Proposed{proposed("A"), proposed("B")}
	f.mu.Lock()
	f.lostAcks = 1
	f.mu.Unlock()
	if _, err := s.Append(ctxT(t), "participant-1", events.NoStream, evs); err == nil {
		t.Fatal("append whose answer was lost: no error")
	}
	res, err := s.Append(ctxT(t), "participant-1", events.NoStream, evs)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if !res.Duplicate || len(res.Events) != 2 || res.Events[0].ID != evs[0].ID || res.Events[1].ID != evs[1].ID {
		t.Fatalf("retry: %+v, want the two recorded events as a duplicate", res)
	}
	all, err := s.ReadStream(ctxT(t), "participant-1", 0, 0)
	if err != nil || len(all) != 2 || events.VerifyChain(all) != nil {
		t.Fatalf("stream after retry: %d events, %v", len(all), err)
	}
}

// An append that failed before being recorded keeps its claim until the
// lease ends (it cannot know it was not recorded); a retry then records it.
func TestRetryAfterFailedAppendWaitsForTheLease(t *testing.T) {
	s, f := openFake(t, WithClaimLease(time.Second))
	evs := []events.Proposed{proposed("A")}
	f.mu.Lock()
	f.failAppends = 1
	f.mu.Unlock()
	if _, err := s.Append(ctxT(t), "participant-1", events.Any, evs); err == nil {
		t.Fatal("failed append: no error")
	}
	start := time.Now()
	res, err := s.Append(ctxT(t), "participant-1", events.Any, evs)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if res.Duplicate || res.Last().Revision != 0 {
		t.Fatalf("retry: %+v, want the event recorded at revision 0", res)
	}
	if waited := time.Since(start); waited < 500*time.Millisecond {
		t.Fatalf("retry took over a live claim after %s", waited)
	}
}

// Ids are unique in the store: an id recorded in one stream makes an append
// to another stream a duplicate (first id) or a failure (later id).
func TestIDsAreUniqueAcrossStreams(t *testing.T) {
	s, _ := openFake(t)
	first := proposed("A")
	orig, err := s.Append(ctxT(t), "cohort-C1", events.NoStream, []events.Proposed{first})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Append(ctxT(t), "participant-1", events.NoStream, []events.Proposed{first, proposed("B")})
	if err != nil || !res.Duplicate || len(res.Events) != 1 || res.Events[0].Stream != "cohort-C1" || res.Events[0].Position != orig.Last().Position {
		t.Fatalf("append of an id recorded elsewhere: %+v, %v; want cohort-C1's event as a duplicate", res, err)
	}
	if _, err := s.Append(ctxT(t), "participant-1", events.NoStream, []events.Proposed{proposed("C"), first}); err == nil {
		t.Fatal("append whose second id is recorded elsewhere: no error")
	}
	if evs, _ := s.ReadStream(ctxT(t), "participant-1", 0, 0); len(evs) != 0 {
		t.Fatalf("participant-1 holds %d events", len(evs))
	}
	// The refused append released its claim on its first id.
	again := proposed("D")
	if _, err := s.Append(ctxT(t), "participant-1", events.ExpectRevision(5), []events.Proposed{again}); !errors.Is(err, events.ErrConflict) {
		t.Fatalf("append expecting revision 5 of an empty stream: %v", err)
	}
	if _, err := s.Append(ctxT(t), "participant-1", events.NoStream, []events.Proposed{again}); err != nil {
		t.Fatalf("append after a conflict: %v", err)
	}
}

func TestConcurrentRetriesOfAMultiEventAppend(t *testing.T) {
	s, _ := openFake(t)
	evs := []events.Proposed{proposed("A"), proposed("B"), proposed("C")}
	const n = 10
	res := make([]events.AppendResult, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { res[i], errs[i] = s.Append(ctxT(t), "jp-1", events.Any, evs) })
	}
	wg.Wait()
	originals := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("append %d: %v", i, errs[i])
		}
		if !res[i].Duplicate {
			originals++
		}
		if len(res[i].Events) != 3 || res[i].Last().Position != res[0].Last().Position {
			t.Fatalf("append %d: %+v", i, res[i])
		}
	}
	if originals != 1 {
		t.Fatalf("%d appends recorded the events", originals)
	}
}

func TestAppendRefusals(t *testing.T) {
	s, _ := openFake(t)
	ok := proposed("A")
	for name, tc := range map[string]struct {
		stream string
		evs    []events.Proposed
		want   string
	}{
		"stream outside the log": {"orders-1", []events.Proposed{ok}, "prefixes"},
		"id not a uuid":          {"cohort-1", []events.Proposed{{ID: "evt-1", Type: "A"}}, "not a UUID"},
		"id not canonical":       {"cohort-1", []events.Proposed{{ID: strings.ToUpper(ok.ID), Type: "A"}}, "must be written as"},
		"system type":            {"cohort-1", []events.Proposed{{ID: ok.ID, Type: "$metadata"}}, "reserved"},
		"id twice in one append": {"cohort-1", []events.Proposed{ok, ok}, "twice"},
		"no events":              {"cohort-1", nil, "no events"},
	} {
		_, err := s.Append(ctxT(t), tc.stream, events.Any, tc.evs)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, tc.want)
		}
	}
}

func TestOpenRefusesAnUnreachableServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := Open(ctx, "esdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1&discoveryInterval=10")
	if err == nil {
		t.Fatal("open of a closed port: no error")
	}
	if _, err := Open(ctx, "esdb://admin:secret@127.0.0.1:1?tls=false&maxDiscoverAttempts=1"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("open error %v shows the password", err)
	}
}

// A claim whose answer is lost is given back by the failing append, so its
// retry does not wait for the lease.
func TestRetryAfterLostClaimAnswer(t *testing.T) {
	s, f := openFake(t)
	evs := []events.Proposed{proposed("A")}
	f.mu.Lock()
	f.lostAcks, f.failClaims = 1, true
	f.mu.Unlock()
	if _, err := s.Append(ctxT(t), "participant-1", events.NoStream, evs); err == nil {
		t.Fatal("append whose claim answer was lost: no error")
	}
	ctx, cancel := context.WithTimeout(ctxT(t), 5*time.Second)
	defer cancel()
	res, err := s.Append(ctx, "participant-1", events.NoStream, evs)
	if err != nil || res.Duplicate {
		t.Fatalf("retry: %+v, %v; want the event recorded", res, err)
	}
}

func TestCloseEndsRunningCalls(t *testing.T) {
	s, _ := openFake(t)
	subErr := make(chan error, 1)
	go func() {
		subErr <- s.Subscribe(context.Background(), 0, func([]events.Recorded) error { return nil })
	}()
	// An append waiting for another live claim of its first id.
	held := proposed("A")
	owner := uuid.NewString()
	if _, _, err := s.claimOrFind(ctxT(t), held.ID, claim{Stream: "cohort-1", After: -1, Owner: owner}, true); err != nil {
		t.Fatal(err)
	}
	appendErr := make(chan error, 1)
	go func() {
		_, err := s.Append(context.Background(), "cohort-1", events.Any, []events.Proposed{held})
		appendErr <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	for name, c := range map[string]chan error{"subscribe": subErr, "append": appendErr} {
		select {
		case err := <-c:
			if !errors.Is(err, events.ErrClosed) {
				t.Errorf("%s ended with %v, want ErrClosed", name, err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("%s still running after Close", name)
		}
	}
	if _, err := s.HeadPosition(context.Background()); !errors.Is(err, events.ErrClosed) {
		t.Errorf("head after close: %v", err)
	}
}
