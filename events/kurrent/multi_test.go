package kurrent

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/latsar/ledger/events"
)

func part(stream string, expected events.ExpectedRevision, evs ...events.Proposed) events.StreamAppend {
	return events.StreamAppend{Stream: stream, Expected: expected, Events: evs}
}

func streamLen(t *testing.T, s *Store, stream string) int {
	t.Helper()
	evs, err := s.ReadStream(ctxT(t), stream, 0, 0)
	if err != nil {
		t.Fatalf("read %s: %v", stream, err)
	}
	if brk := events.VerifyChain(evs); brk != nil {
		t.Fatalf("%s: chain broken: %+v", stream, *brk)
	}
	return len(evs)
}

// A multi-stream append whose answer is lost is recorded; its retry is told
// so, part by part.
func TestMultiAppendRetryAfterLostAnswerIsDuplicate(t *testing.T) {
	s, f := openFake(t)
	parts := []events.StreamAppend{
		part("cohort-1", events.NoStream, proposed("A")),
		part("participant-1", events.NoStream, proposed("B"), proposed("C")),
	}
	f.mu.Lock()
	f.lostMultiAcks = 1
	f.mu.Unlock()
	if _, err := s.AppendMulti(ctxT(t), parts); err == nil {
		t.Fatal("append whose answer was lost: no error")
	}
	res, err := s.AppendMulti(ctxT(t), parts)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	for i, p := range parts {
		if !res[i].Duplicate || len(res[i].Events) != len(p.Events) || res[i].Events[0].ID != p.Events[0].ID {
			t.Fatalf("retry, part %d: %+v, want the recorded events as a duplicate", i, res[i])
		}
	}
	if streamLen(t, s, "cohort-1") != 1 || streamLen(t, s, "participant-1") != 2 {
		t.Fatal("the retry recorded events again")
	}
}

// A multi-stream append that failed leaves no claim behind: its retry
// records at once, where an Append's retry would wait for the lease.
func TestMultiAppendRetryAfterFailureDoesNotWait(t *testing.T) {
	s, f := openFake(t)
	parts := []events.StreamAppend{part("cohort-1", events.Any, proposed("A")), part("jp-1", events.Any, proposed("B"))}
	f.mu.Lock()
	f.failMulti = 1
	f.mu.Unlock()
	if _, err := s.AppendMulti(ctxT(t), parts); err == nil {
		t.Fatal("failed append: no error")
	}
	ctx, cancel := context.WithTimeout(ctxT(t), 5*time.Second)
	defer cancel()
	res, err := s.AppendMulti(ctx, parts)
	if err != nil || res[0].Duplicate || res[1].Duplicate {
		t.Fatalf("retry: %+v, %v; want both parts recorded", res, err)
	}
}

// Ids are unique in the store, whichever kind of append recorded them.
func TestMultiAppendIDsAreUniqueAcrossStreams(t *testing.T) {
	s, _ := openFake(t)
	first := proposed("A")
	orig, err := s.Append(ctxT(t), "cohort-C1", events.NoStream, []events.Proposed{first})
	if err != nil {
		t.Fatal(err)
	}
	fresh := proposed("C")
	res, err := s.AppendMulti(ctxT(t), []events.StreamAppend{
		part("participant-1", events.NoStream, first, proposed("B")),
		part("jp-1", events.NoStream, fresh),
	})
	if err != nil || !res[0].Duplicate || len(res[0].Events) != 1 || res[0].Events[0].Position != orig.Last().Position || res[1].Duplicate {
		t.Fatalf("first id recorded elsewhere: %+v, %v; want cohort-C1's event as a duplicate and jp-1 recorded", res, err)
	}
	_, err = s.AppendMulti(ctxT(t), []events.StreamAppend{
		part("participant-1", events.NoStream, proposed("D")),
		part("jp-2", events.NoStream, proposed("E"), first),
	})
	if err == nil || !strings.Contains(err.Error(), "already recorded in cohort-C1") {
		t.Fatalf("later id recorded elsewhere: %v", err)
	}
	if streamLen(t, s, "participant-1")+streamLen(t, s, "jp-2") != 0 {
		t.Fatal("a refused multi-stream append recorded events")
	}
	// Append sees the claims AppendMulti wrote with its events.
	dup, err := s.Append(ctxT(t), "participant-9", events.NoStream, []events.Proposed{fresh})
	if err != nil || !dup.Duplicate || dup.Last().Stream != "jp-1" {
		t.Fatalf("Append of an id AppendMulti recorded: %+v, %v", dup, err)
	}
}

// An id an Append is still appending: AppendMulti fails on it as a later id,
// and waits for its outcome as a first id (here, the claim's lease running
// out, after which it takes the claim over).
func TestMultiAppendAndALiveClaim(t *testing.T) {
	s, _ := openFake(t, WithClaimLease(time.Second))
	held := proposed("A")
	if _, _, err := s.claimOrFind(ctxT(t), held.ID, claim{Stream: "cohort-1", After: -1, Owner: uuid.NewString()}, true); err != nil {
		t.Fatal(err)
	}
	_, err := s.AppendMulti(ctxT(t), []events.StreamAppend{part("participant-1", events.NoStream, proposed("B"), held)})
	if err == nil || !strings.Contains(err.Error(), "being appended by another call") {
		t.Fatalf("later id claimed by a live append: %v", err)
	}
	start := time.Now()
	res, err := s.AppendMulti(ctxT(t), []events.StreamAppend{
		part("participant-1", events.NoStream, held),
		part("participant-2", events.NoStream, proposed("C")),
	})
	if err != nil || res[0].Duplicate || res[0].Last().Stream != "participant-1" {
		t.Fatalf("first id claimed by a live append: %+v, %v; want it recorded once the claim expired", res, err)
	}
	if waited := time.Since(start); waited < 500*time.Millisecond {
		t.Fatalf("took over a live claim after %s", waited)
	}
}

// With events.Any, each part is chained after whatever its stream holds,
// however appends race for it.
func TestMultiAppendAnyChainsAfterRacingAppends(t *testing.T) {
	s, _ := openFake(t)
	const n = 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if i%3 == 0 {
				_, errs[i] = s.Append(ctxT(t), "cohort-shared", events.Any, []events.Proposed{proposed("Alone")})
				return
			}
			_, errs[i] = s.AppendMulti(ctxT(t), []events.StreamAppend{
				part("cohort-shared", events.Any, proposed("Shared")),
				part(fmt.Sprintf("participant-%d", i), events.NoStream, proposed("Own")),
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
	if got := streamLen(t, s, "cohort-shared"); got != n {
		t.Fatalf("shared stream holds %d events, want %d", got, n)
	}
}

// The metadata goes through the multi-stream append's string properties and
// comes back as it was sealed.
func TestMultiAppendKeepsMetadata(t *testing.T) {
	s, _ := openFake(t)
	md := events.Metadata{Actor: "tok-1", Role: "admin", Institution: "lms-1", Agency: "ag-1",
		IdempotencyKey: "idem-1", CorrelationID: "corr-1", Ruleset: "2025.1", SchemaVersion: 3}
	p := events.Proposed{ID: uuid.Must(uuid.NewV7()).String(), Type: "Enrolled", Data: []byte(`{"n":1}`), Metadata: md}
	res, err := s.AppendMulti(ctxT(t), []events.StreamAppend{part("cohort-1", events.NoStream, p), part("participant-1", events.NoStream, proposed("X"))})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ReadStream(ctxT(t), "cohort-1", 0, 0)
	if err != nil || len(got) != 1 {
		t.Fatalf("read: %d events, %v", len(got), err)
	}
	if !reflect.DeepEqual(got[0], res[0].Events[0]) {
		t.Fatalf("read back\n %+v\nanswered\n %+v", got[0], res[0].Events[0])
	}
	kept := got[0].Metadata
	kept.PrevHash, kept.Hash = "", ""
	if kept != md || events.VerifyChain(got) != nil {
		t.Fatalf("metadata %+v, want %+v with a verifying chain", got[0].Metadata, md)
	}
}

func TestOpenRefusesAServerBefore25_1(t *testing.T) {
	f := startFakeServerVersion(t, "24.10.0")
	_, err := Open(ctxT(t), f.url(), WithLogger(discard))
	if !errors.Is(err, errors.ErrUnsupported) || !strings.Contains(err.Error(), "version 24.10.0") || !strings.Contains(err.Error(), "KurrentDB 25.1") {
		t.Fatalf("open of a 24.10 server: %v", err)
	}
}

// A node that does not offer the multi-stream append (a leader older than the
// node Open checked) refuses AppendMulti with an error saying why.
func TestMultiAppendOnANodeWithoutIt(t *testing.T) {
	f := startFakeServer(t)
	f.mu.Lock()
	f.hideMulti = true
	f.mu.Unlock()
	s := openOn(t, f)
	_, err := s.AppendMulti(ctxT(t), []events.StreamAppend{part("cohort-1", events.Any, proposed("A"))})
	if !errors.Is(err, errors.ErrUnsupported) || !strings.Contains(err.Error(), "KurrentDB 25.1") {
		t.Fatalf("multi-stream append on a node without it: %v", err)
	}
	if streamLen(t, s, "cohort-1") != 0 {
		t.Fatal("events recorded")
	}
}

func TestMultiAppendRefusals(t *testing.T) {
	s, _ := openFake(t)
	a := proposed("A")
	for name, tc := range map[string]struct {
		parts []events.StreamAppend
		want  string
	}{
		"no parts":           {nil, "no streams"},
		"a stream twice":     {[]events.StreamAppend{part("cohort-1", events.Any, a), part("cohort-1", events.Any, proposed("B"))}, "named twice"},
		"an id in two parts": {[]events.StreamAppend{part("cohort-1", events.Any, a), part("cohort-2", events.Any, a)}, "proposed twice"},
		"a part without any": {[]events.StreamAppend{part("cohort-1", events.Any, a), part("cohort-2", events.Any)}, "no events"},
		"outside the log":    {[]events.StreamAppend{part("orders-1", events.Any, a)}, "prefixes"},
	} {
		_, err := s.AppendMulti(ctxT(t), tc.parts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, tc.want)
		}
	}
}
