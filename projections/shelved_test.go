package projections_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
	"github.com/latsar/ledger/projections/shelf"
)

func openShelf(t *testing.T) *shelf.Shelf {
	t.Helper()
	s, err := shelf.Open(filepath.Join(t.TempDir(), "standings.db"), "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func shelvedLog(t *testing.T) (*logWriter, []domain.NIP) {
	w := newLogWriter(t)
	w.cohort("C1")
	w.cohort("C2")
	nips := []domain.NIP{"198001012024011001", "198001012024011002", "198001012024011003", "198001012024011004", "198001012024011005"}
	for _, nip := range nips {
		w.enrol("C1", nip)
	}
	firstTrophy := w.learning(nips, 5)
	w.participant(nips[0], participant.EventCorrected{CorrectedEventID: firstTrophy, CorrectedType: "TrophyEarned", Reason: "double entry"})
	withdrew := cohort.ParticipantWithdrew{CohortID: "C1", NIP: nips[1], Reason: "sakit", LetterNumber: "1/2024", WithdrawnOn: "2024-06-20"}
	w.append(events.CohortPrefix+"C1", withdrew)
	w.participant(nips[1], withdrew)
	return w, nips
}

// A compact model with a shelf reads as the full model does: after a
// rebuild (which shelves every participant), after live events (a shelved
// document of an earlier position is never served) and after a restart
// from its snapshot, when every cold read is the shelf's.
func TestShelvedReadsAsFullMemory(t *testing.T) {
	ctx := context.Background()
	w, nips := shelvedLog(t)
	s := openShelf(t)
	full := projections.NewMemory()
	m := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 1, StandingBytes: 1, RebuildStates: 2})
	m.UseShelf(s)
	if _, err := m.Rebuild(ctx, quiet, 7, nil); err != nil {
		t.Fatal(err)
	}
	catchUp := func(models ...projections.ReadModel) {
		t.Helper()
		for _, model := range models {
			if err := projections.NewProjector(w.store, w.cat, model, quiet).CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	catchUp(full)
	for _, nip := range nips {
		if _, _, ok := kept(t, s, nip); !ok {
			t.Fatalf("the rebuild did not shelve %s", nip)
		}
	}
	before := s.Stats()
	sameReads(t, m, full, nips)
	if hits := s.Stats().Hits - before.Hits; hits < uint64(len(nips)) {
		t.Fatalf("%d reads from the shelf, want every participant's (%d)", hits, len(nips))
	}

	// Live events: each participant's shelved document is now of an earlier
	// position; the cache (one state) lets the others go to the shelf.
	for _, nip := range nips {
		w.participant(nip, participant.ComponentScored{Component: participant.PKTBT, Score: 8800, Assessor: "B", AssessedAt: w.at})
	}
	w.participant(nips[3], participant.TrophyEarned{ActivityID: "late", Material: domain.Substansi1, Agenda: 2, EarnedAt: w.at})
	catchUp(m, full)
	sameReads(t, m, full, nips)

	// A restart from the snapshot, after the shutdown shelved the cache.
	m.ShelveCached()
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var snap bytes.Buffer
	if _, err := m.WriteSnapshot(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	restarted := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 1, StandingBytes: 1})
	restarted.UseShelf(s)
	if _, err := restarted.LoadSnapshot(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	before = s.Stats()
	for _, nip := range nips {
		if _, _, ok, err := restarted.StandingJSON(ctx, nip); err != nil || !ok {
			t.Fatal(nip, ok, err)
		}
	}
	if st := s.Stats(); st.Hits-before.Hits != uint64(len(nips)) || st.Misses != before.Misses {
		t.Fatalf("after the restart: %d hits, %d misses; want every read from the shelf", st.Hits-before.Hits, st.Misses-before.Misses)
	}
	sameReads(t, restarted, full, nips)
}

// kept is nip's shelved document, if any.
func kept(t *testing.T, s *shelf.Shelf, nip domain.NIP) ([]byte, uint64, bool) {
	t.Helper()
	body, position, ok, err := s.Standing(context.Background(), string(nip))
	if err != nil {
		t.Fatal(err)
	}
	return body, position, ok
}

// Live folding with a cache of two states (so states leave it, and are
// shelved, all the time) while readers read: no read answers a document
// older than one it answered before, and at the end every read is the
// full model's. Run with -race: a state is shelved (encoded on the shelf's
// goroutine) only once nothing evolves it any more.
func TestShelvingWhileFolding(t *testing.T) {
	ctx := context.Background()
	w, nips := shelvedLog(t)
	s := openShelf(t)
	m := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 2, StandingBytes: 1})
	m.UseShelf(s)
	if _, err := m.Rebuild(ctx, quiet, 7, nil); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- projections.NewProjector(w.store, w.cat, m, quiet).Run(runCtx) }()

	var wg sync.WaitGroup
	writing := make(chan struct{})
	for _, nip := range nips {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var last uint64
			for {
				select {
				case <-writing:
					return
				default:
				}
				doc, _, ok, err := m.StandingJSON(ctx, nip)
				if err != nil || !ok {
					t.Error(nip, ok, err)
					return
				}
				var st struct{ Position uint64 }
				if err := json.Unmarshal(doc.JSON, &st); err != nil {
					t.Error(err)
					return
				}
				if st.Position < last {
					t.Errorf("%s: read the standing at %d after the one at %d", nip, st.Position, last)
					return
				}
				last = st.Position
			}
		}()
	}
	for round := range 40 {
		nip := nips[round%len(nips)]
		w.participant(nip, participant.TrophyEarned{ActivityID: fmt.Sprintf("live%d", round), Material: domain.Substansi2, Agenda: 1 + round%4, EarnedAt: w.at})
	}
	head, _ := w.store.HeadPosition(ctx)
	if err := m.Wait(ctx, head); err != nil {
		t.Fatal(err)
	}
	close(writing)
	wg.Wait()
	stop()
	<-ran
	full := projections.NewMemory()
	if err := projections.NewProjector(w.store, w.cat, full, quiet).CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	sameReads(t, m, full, nips)
}
