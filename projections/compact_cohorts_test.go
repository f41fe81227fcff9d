package projections_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// Cohort states compacted after a rebuild or a snapshot load (their
// sessions' strings shared, their slices clipped, their roster kept apart)
// read as the full model's, and keep folding sessions, enrolments and
// withdrawals recorded afterwards.
func TestCompactedCohortsReadAsFullMemory(t *testing.T) {
	ctx := context.Background()
	w := snapshotLog(t)
	schedule := func(cohortID string, from, to int) {
		for i := from; i < to; i++ {
			s := cohort.SessionScheduled{SessionID: fmt.Sprintf("%s-s%d", cohortID, i), Mode: "synchronous", Date: domain.Date(fmt.Sprintf("2024-06-%02d", 10+i%5)),
				JP: 2, Title: fmt.Sprintf("Sinkronus hari %d", i%3)}
			if i%4 == 0 {
				s.Mode, s.GroupID, s.Coach = "coaching", "G1", "coach-1"
			}
			w.append(events.CohortPrefix+cohortID, s)
		}
	}
	schedule("C1", 0, 7)
	schedule("C2", 0, 5)
	full := projections.NewMemory()
	if _, err := projections.NewProjector(w.store, w.cat, full, quiet).Replay(ctx, 5, nil); err != nil {
		t.Fatal(err)
	}
	compact := rebuilt(t, w)
	sameCohorts(t, compact, full, 7)
	path := filepath.Join(t.TempDir(), "projections.snap")
	if _, err := compact.WriteSnapshotFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	loaded := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 1})
	if _, err := loaded.LoadSnapshotFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	sameCohorts(t, loaded, full, 7)

	schedule("C1", 7, 10)
	schedule("C2", 5, 10)
	// Roster changes fold onto a roster kept apart from the state.
	w.enrol("C2", snapNIPs[4])
	withdrew := cohort.ParticipantWithdrew{CohortID: "C1", NIP: snapNIPs[3], Reason: "sakit", LetterNumber: "2/2024", WithdrawnOn: "2024-06-22"}
	w.append(events.CohortPrefix+"C1", withdrew)
	w.participant(snapNIPs[3], withdrew)
	for _, m := range []projections.ReadModel{full, compact, loaded} {
		if err := projections.NewProjector(w.store, w.cat, m, quiet).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
	}
	sameCohorts(t, compact, full, 10)
	sameCohorts(t, loaded, full, 10)
	sameReads(t, loaded, full, snapNIPs)
}

func sameCohorts(t *testing.T, got, want projections.ReadModel, sessions int) {
	t.Helper()
	ctx := context.Background()
	for _, id := range []string{"C1", "C2"} {
		g, gs, _, _ := got.CohortJSON(ctx, id)
		w, ws, _, _ := want.CohortJSON(ctx, id)
		if string(g) != string(w) || gs != ws {
			t.Fatalf("cohort %s:\n got %s\nwant %s", id, g, w)
		}
		for i := range sessions + 1 {
			sid := fmt.Sprintf("%s-s%d", id, i)
			g, gok, _ := got.SessionCohort(ctx, sid)
			w, wok, _ := want.SessionCohort(ctx, sid)
			if g != w || gok != wok {
				t.Fatalf("session %s: got %q %v, want %q %v", sid, g, gok, w, wok)
			}
		}
	}
	g, _ := got.Cohorts(ctx, "", 10)
	w, _ := want.Cohorts(ctx, "", 10)
	if fmt.Sprint(g) != fmt.Sprint(w) {
		t.Fatalf("cohorts:\n got %+v\nwant %+v", g, w)
	}
}

// Sessions scheduled while the cohort is read: a packed cohort is unpacked
// and packed again under the model's lock, and what readers were handed (a
// view's strings point into the texts' chunks) is never written again.
// Under -race; at the end the compact model reads as the full one.
func TestPackedCohortsReadWhileSessionsFold(t *testing.T) {
	ctx := context.Background()
	w := snapshotLog(t)
	session := func(i int) cohort.SessionScheduled {
		return cohort.SessionScheduled{SessionID: fmt.Sprintf("C1-s%d", i), Mode: "synchronous", Date: domain.Date(fmt.Sprintf("2024-06-%02d", 10+i%5)),
			JP: 2, Title: fmt.Sprintf("Sinkronus hari %d", i%3)}
	}
	for i := range 5 {
		w.append(events.CohortPrefix+"C1", session(i))
	}
	compact := rebuilt(t, w)
	const sessions = 60
	done := make(chan struct{})
	var (
		readers sync.WaitGroup
		mu      sync.Mutex
		held    []projections.CohortView // views handed out while sessions folded
	)
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, _, _, err := compact.CohortJSON(ctx, "C1"); err != nil {
					t.Error(err)
					return
				}
				if v, ok := compact.CohortViewOf("C1"); ok {
					mu.Lock()
					if len(held) < 100 {
						held = append(held, v)
					}
					mu.Unlock()
				}
				if _, _, err := compact.SessionCohort(ctx, "C1-s3"); err != nil {
					t.Error(err)
				}
				if _, err := compact.Cohorts(ctx, "", 10); err != nil {
					t.Error(err)
				}
			}
		})
	}
	p := projections.NewProjector(w.store, w.cat, compact, quiet)
	for i := 5; i < sessions; i++ {
		w.append(events.CohortPrefix+"C1", session(i))
		if err := p.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	readers.Wait()
	full := projections.NewMemory()
	if _, err := projections.NewProjector(w.store, w.cat, full, quiet).Replay(ctx, 5, nil); err != nil {
		t.Fatal(err)
	}
	want, _ := full.CohortViewOf("C1")
	for _, v := range held { // what was handed out still reads as it was
		if !slices.Equal(v.Sessions, want.Sessions[:len(v.Sessions)]) {
			t.Fatalf("a view handed out earlier now reads %+v", v.Sessions)
		}
	}
	sameCohorts(t, compact, full, sessions-1)
}
