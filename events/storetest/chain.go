package storetest

import (
	"fmt"
	"testing"

	"github.com/latsar/ledger/events"
)

func testHashChain(t *testing.T, s events.Store) {
	stream := newStream(t)
	full := proposed("Full", `{ "score" : 7001, "note": "spaces are kept" }`)
	full.Metadata = events.Metadata{
		Actor: "tok-9", Role: "assessor", Institution: "lms-1", Agency: "ag-2",
		IdempotencyKey: "idem-1", CorrelationID: "corr-1", Ruleset: "2025.1", SchemaVersion: 3,
		PrevHash: "forged", Hash: "forged", // the store fills these, whatever the caller says
	}
	noData := events.Proposed{ID: newID(), Type: "NoData"}
	var recorded []events.Recorded
	for _, call := range []struct {
		expected events.ExpectedRevision
		evs      []events.Proposed
	}{
		{events.NoStream, []events.Proposed{full}},
		{events.ExpectRevision(0), []events.Proposed{proposed("A", `{"a":[1,2]}`), proposed("B", `"text"`), noData}},
		{events.Any, []events.Proposed{proposed("C", `{}`)}},
		{events.ExpectRevision(4), []events.Proposed{proposed("D", `{}`), proposed("E", `null`)}},
	} {
		res := mustAppend(t, s, stream, call.expected, call.evs...)
		recorded = append(recorded, res.Events...)
	}
	if brk := events.VerifyChain(recorded); brk != nil {
		t.Fatalf("chain of the append results broken: %+v", *brk)
	}

	got := readStream(t, s, stream, 0, 0) // verifies the chain
	sameEvents(t, "read back", got, recorded)
	for i, e := range got {
		want := ""
		if i > 0 {
			want = got[i-1].Metadata.Hash
		}
		if e.Metadata.PrevHash != want {
			t.Fatalf("event %d: prev_hash=%q, want %q", i, e.Metadata.PrevHash, want)
		}
		if len(e.Metadata.Hash) != 64 {
			t.Fatalf("event %d: hash=%q, want 64 hex digits", i, e.Metadata.Hash)
		}
	}
	if md := got[0].Metadata; md.Ruleset != "2025.1" || md.SchemaVersion != 3 || md.Agency != "ag-2" {
		t.Fatalf("metadata read back %+v, want the proposed fields", md)
	}

	// The chain must notice an edited or removed event, or it proves nothing.
	edited := append([]events.Recorded(nil), got...)
	edited[2].Data = []byte(`{"a":[1,3]}`)
	if brk := events.VerifyChain(edited); brk == nil || brk.Revision != 2 {
		t.Fatalf("chain with an edited event: break %+v, want one at revision 2", brk)
	}
	removed := append(append([]events.Recorded(nil), got[:3]...), got[4:]...)
	if brk := events.VerifyChain(removed); brk == nil || brk.Revision != 4 {
		t.Fatalf("chain with a removed event: break %+v, want one at revision 4", brk)
	}
}

// testHashChainConcurrent appends to a few streams at once, so an adapter
// that commits several appends together chains each stream after the right
// event.
func testHashChainConcurrent(t *testing.T, s events.Store) {
	streams := []string{newStream(t), newStream(t), newStream(t)}
	errs := make([]error, 30)
	parallel(len(errs), func(i int) {
		for j := range 5 {
			evs := []events.Proposed{proposed("A", fmt.Sprintf(`{"g":%d,"j":%d}`, i, j))}
			if j%2 == 1 {
				evs = append(evs, proposed("B", `{}`))
			}
			if _, err := s.Append(testContext(t), streams[i%len(streams)], events.Any, evs); err != nil {
				errs[i] = err
				return
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			t.Fatalf("append: %v", err)
		}
	}
	for _, st := range streams {
		if got, want := len(readStream(t, s, st, 0, 0)), 10*7; got != want {
			t.Fatalf("%s holds %d events, want %d", st, got, want)
		}
	}
}
