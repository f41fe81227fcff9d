// Package storetest is the contract of events.Store: every adapter runs
// Run against itself and must pass it.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latsar/ledger/events"
)

// Run runs the acceptance suite. open is called once per subtest; it may
// return a fresh store or one shared by the subtests (each subtest uses
// streams of its own), and it must register the store's Close with
// t.Cleanup: the suite itself closes only the stores of the close subtest, so
// Close must be safe to call twice.
//
// The suite expects to be the only writer while it runs: it reads the head of
// the global log and expects its own events right after it.
func Run(t *testing.T, open func(t *testing.T) events.Store) {
	t.Helper()
	for _, tc := range []struct {
		name string
		test func(t *testing.T, s events.Store)
	}{
		{"append-no-stream-new", testAppendNoStream},
		{"no-stream-on-existing-conflicts", testNoStreamConflict},
		{"exact-revision", testExactRevision},
		{"any-revision", testAnyRevision},
		{"duplicate-id-is-no-op", testDuplicate},
		{"duplicate-id-concurrent", testDuplicateConcurrent},
		{"multi-event-atomic", testMultiEventAtomic},
		{"multi-stream-append", testMultiStreamAppend},
		{"multi-stream-all-or-nothing", testMultiStreamAllOrNothing},
		{"multi-stream-duplicate", testMultiStreamDuplicate},
		{"multi-stream-race-one-wins", testMultiStreamRace},
		{"read-stream", testReadStream},
		{"unknown-stream-empty", testUnknownStream},
		{"read-all", testReadAll},
		{"subscribe-catch-up-live-resume", testSubscribe},
		{"subscribe-handler-error", testSubscribeHandlerError},
		{"race-same-revision", testRaceSameRevision},
		{"race-retry-on-conflict", testRaceRetry},
		{"hash-chain", testHashChain},
		{"hash-chain-across-concurrent-appends", testHashChainConcurrent},
		{"head-position-ping", testHeadPosition},
		{"append-after-close", testAppendAfterClose},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, open(t)) })
	}
}

// Helpers.

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

var streamSeq atomic.Uint64

// newStream names a stream no earlier run used, so a store kept between runs
// still works.
func newStream(t *testing.T) string {
	name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name())
	return fmt.Sprintf("test-%s-%x-%d", name, time.Now().UnixNano(), streamSeq.Add(1))
}

var idSeq atomic.Uint32

// newID is a UUIDv7 (RFC 9562): time-ordered, as the design asks of event IDs,
// and a UUID so adapters whose backend wants one (EventStoreDB) can use it as is.
func newID() string {
	var u [16]byte
	ms := uint64(time.Now().UnixMilli())
	binary.BigEndian.PutUint64(u[:8], ms<<16)
	_, _ = rand.Read(u[6:])
	// Keep IDs of one millisecond ordered too: a sequence in rand_a.
	seq := idSeq.Add(1)
	u[6] = 0x70 | byte(seq>>8)&0x0f
	u[7] = byte(seq)
	u[8] = 0x80 | u[8]&0x3f
	h := hex.EncodeToString(u[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func proposed(typ, data string) events.Proposed {
	return events.Proposed{ID: newID(), Type: typ, Data: []byte(data), Metadata: events.Metadata{Actor: "storetest"}}
}

func mustAppend(t *testing.T, s events.Store, stream string, expected events.ExpectedRevision, evs ...events.Proposed) events.AppendResult {
	t.Helper()
	res, err := s.Append(testContext(t), stream, expected, evs)
	if err != nil {
		t.Fatalf("append to %s expecting %d: %v", stream, expected, err)
	}
	if got, want := len(res.Events), len(evs); got != want {
		t.Fatalf("append to %s: %d events recorded, want %d", stream, got, want)
	}
	return res
}

func readStream(t *testing.T, s events.Store, stream string, from, maxPosition uint64) []events.Recorded {
	t.Helper()
	evs, err := s.ReadStream(testContext(t), stream, from, maxPosition)
	if err != nil {
		t.Fatalf("read %s from %d up to %d: %v", stream, from, maxPosition, err)
	}
	if from == 0 && maxPosition == 0 {
		// Every whole stream the suite reads back must hold its chain.
		if brk := events.VerifyChain(evs); brk != nil {
			t.Fatalf("read %s: chain broken: %+v", stream, *brk)
		}
	}
	return evs
}

func headPosition(t *testing.T, s events.Store) uint64 {
	t.Helper()
	head, err := s.HeadPosition(testContext(t))
	if err != nil {
		t.Fatalf("head position: %v", err)
	}
	return head
}

func wantConflict(t *testing.T, err error, stream string, expected events.ExpectedRevision, actual int64) {
	t.Helper()
	if !errors.Is(err, events.ErrConflict) {
		t.Fatalf("append to %s expecting %d: err=%v, want ErrConflict", stream, expected, err)
	}
	var ce *events.ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("append to %s expecting %d: err=%v, want a *ConflictError", stream, expected, err)
	}
	if ce.Stream != stream || ce.Expected != expected || ce.Actual != actual {
		t.Fatalf("conflict %+v, want stream %s expected %d actual %d", *ce, stream, expected, actual)
	}
}

// sameEvent compares what an adapter must give back identically: everything
// but the representation of the time (compared with Equal) and of empty data.
func sameEvent(t *testing.T, got, want events.Recorded) {
	t.Helper()
	if got.ID != want.ID || got.Type != want.Type || got.Stream != want.Stream ||
		got.Revision != want.Revision || got.Position != want.Position ||
		!got.RecordedAt.Equal(want.RecordedAt) || string(got.Data) != string(want.Data) ||
		got.Metadata != want.Metadata {
		t.Fatalf("event\n got %+v\nwant %+v", got, want)
	}
}

func parallel(n int, f func(i int)) {
	done := make(chan struct{})
	start := make(chan struct{})
	for i := range n {
		go func() {
			defer func() { done <- struct{}{} }()
			<-start
			f(i)
		}()
	}
	close(start)
	for range n {
		<-done
	}
}
