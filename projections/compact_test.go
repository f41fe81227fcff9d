package projections_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/events/sqlite"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
)

// A compact model answers every read as the full model does, whether it was
// rebuilt from the log (streams together or interleaved, corrections, moves)
// or followed it live with a cache too small for the participants it folds.
func TestCompactMemoryReadsAsFullMemory(t *testing.T) {
	ctx := context.Background()
	w := newLogWriter(t)
	w.cohort("C1")
	w.cohort("C2")
	nips := []domain.NIP{"198001012024011001", "198001012024011002", "198001012024011003", "198001012024011004"}
	for _, nip := range nips {
		w.enrol("C1", nip)
	}
	// Interleaved learning events, a correction, a withdrawal and a transfer.
	firstTrophy := w.learning(nips, 6)
	w.participant(nips[0], participant.EventCorrected{CorrectedEventID: firstTrophy, CorrectedType: "TrophyEarned", Reason: "double entry"})
	withdrew := cohort.ParticipantWithdrew{CohortID: "C1", NIP: nips[1], Reason: "sakit", LetterNumber: "1/2024", WithdrawnOn: "2024-06-20"}
	w.append(events.CohortPrefix+"C1", withdrew)
	w.participant(nips[1], withdrew)
	moved := cohort.ParticipantTransferred{NIP: nips[2], FromCohortID: "C1", ToCohortID: "C2", Reason: "mutasi", TransferredOn: "2024-06-21", Enrolment: w.enrolment("C2", nips[2])}
	w.participant(nips[2], moved)

	full := projections.NewMemory()
	if _, err := projections.NewProjector(w.store, w.cat, full, quiet).Replay(ctx, 7, nil); err != nil {
		t.Fatal(err)
	}
	for _, states := range []int{1, 2, 100} {
		t.Run(fmt.Sprintf("rebuilt-holding-%d", states), func(t *testing.T) {
			m := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 1, StandingBytes: 1, RebuildStates: states})
			n, err := m.Rebuild(ctx, quiet, 7, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := n, w.count; got != want {
				t.Fatalf("rebuilt %d events, want %d", got, want)
			}
			sameReads(t, m, full, nips)
		})
	}
	live := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 1, StandingBytes: 1})
	if err := projections.NewProjector(w.store, w.cat, live, quiet).CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	sameReads(t, live, full, nips)

	// Events after the rebuild fold onto states loaded from the store.
	rebuilt := projections.NewCompactMemory(w.store, w.cat, projections.CacheLimits{States: 1})
	if _, err := rebuilt.Rebuild(ctx, quiet, 100, nil); err != nil {
		t.Fatal(err)
	}
	for _, nip := range nips {
		w.participant(nip, participant.ComponentScored{Component: participant.PKTBT, Score: 8800, Assessor: "B", AssessedAt: w.at})
	}
	w.participant(nips[3], participant.EventCorrected{CorrectedEventID: firstTrophy, CorrectedType: "TrophyEarned", Reason: "not this participant's: ignored"})
	for _, m := range []projections.ReadModel{full, rebuilt} {
		if err := projections.NewProjector(w.store, w.cat, m, quiet).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
	}
	sameReads(t, rebuilt, full, nips)
}

func sameReads(t *testing.T, got, want projections.ReadModel, nips []domain.NIP) {
	t.Helper()
	ctx := context.Background()
	if g, w := got.Position(), want.Position(); g != w {
		t.Fatalf("position=%d, want %d", g, w)
	}
	for _, nip := range append(nips, "199901012024011999") {
		for range 2 { // computed, then from the cache
			gd, gs, gok, gerr := got.StandingJSON(ctx, nip)
			wd, ws, wok, werr := want.StandingJSON(ctx, nip)
			if gerr != nil || werr != nil {
				t.Fatal(gerr, werr)
			}
			if string(gd.JSON) != string(wd.JSON) || gd.ETag != wd.ETag || gs != ws || gok != wok {
				t.Fatalf("standing of %s:\n got %v %+v %s %s\nwant %v %+v %s %s", nip, gok, gs, gd.ETag, gd.JSON, wok, ws, wd.ETag, wd.JSON)
			}
			if tag := projections.DocumentOf(gd.JSON).ETag; gok && gd.ETag != tag {
				t.Fatalf("standing of %s: etag %s, its bytes hash to %s", nip, gd.ETag, tag)
			}
		}
	}
	for _, id := range []string{"C1", "C2", "nope"} {
		g, gok, _ := got.CohortSummaries(ctx, id, "", 100)
		w, wok, _ := want.CohortSummaries(ctx, id, "", 100)
		if !reflect.DeepEqual(g, w) || gok != wok {
			t.Fatalf("summaries of %s:\n got %+v\nwant %+v", id, g, w)
		}
		for _, board := range []string{projections.BoardTrophies, projections.BoardFinal} {
			g, _, _ := got.Leaderboard(ctx, id, board, 10)
			w, _, _ := want.Leaderboard(ctx, id, board, 10)
			if !reflect.DeepEqual(g, w) {
				t.Fatalf("board %s of %s:\n got %+v\nwant %+v", board, id, g, w)
			}
		}
	}
	g, _ := got.Cohorts(ctx, "", 10)
	w, _ := want.Cohorts(ctx, "", 10)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("cohorts:\n got %+v\nwant %+v", g, w)
	}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// logWriter appends domain events straight to a SQLite store.
type logWriter struct {
	t     *testing.T
	store *sqlite.Store
	cat   *events.Catalogue
	at    time.Time
	count uint64
}

func newLogWriter(t *testing.T) *logWriter {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return &logWriter{t: t, store: store, cat: ledger.Catalogue(), at: time.Date(2024, 6, 3, 8, 0, 0, 0, time.UTC)}
}

var testCatalogue = domain.Catalogue{domain.Kebijakan: {0: 3}, domain.Substansi1: {1: 10, 2: 10, 3: 10, 4: 10}, domain.Substansi2: {1: 5, 2: 5, 3: 5, 4: 5}}

func (w *logWriter) cohort(id string) {
	w.append(events.CohortPrefix+id, cohort.Opened{CohortID: id, Name: "Cohort " + id, InstitutionID: "bpsdm", Golongan: []string{"III"},
		StartsOn: "2024-06-03", EndsOn: "2024-08-02", Catalogue: testCatalogue, Ruleset: domain.Ruleset})
}

func (w *logWriter) enrolment(cohortID string, nip domain.NIP) cohort.ParticipantEnrolled {
	return cohort.ParticipantEnrolled{CohortID: cohortID, NIP: nip, Name: "Peserta " + string(nip[len(nip)-3:]), Golongan: "III",
		Agency: "blitar", InstitutionID: "bpsdm", Catalogue: testCatalogue, Ruleset: domain.Ruleset}
}

func (w *logWriter) enrol(cohortID string, nip domain.NIP) {
	e := w.enrolment(cohortID, nip)
	w.append(events.CohortPrefix+cohortID, e)
	w.participant(nip, e)
}

// learning appends rounds of a trophy and a score to each participant in
// turn, and answers the id of the first trophy.
func (w *logWriter) learning(nips []domain.NIP, rounds int) (firstTrophy string) {
	for round := range rounds {
		for i, nip := range nips {
			id := w.participant(nip, participant.TrophyEarned{ActivityID: fmt.Sprintf("a%d", round), Material: domain.Substansi1, Agenda: 1 + round%4, EarnedAt: w.at})
			if round == 0 && i == 0 {
				firstTrophy = id
			}
			w.participant(nip, participant.ComponentScored{Component: participant.AttitudeInstitution, Score: domain.Score(7000 + 100*round + i), Assessor: "A", AssessedAt: w.at})
		}
	}
	return firstTrophy
}

func (w *logWriter) participant(nip domain.NIP, e domain.Event) string {
	return w.append(events.ParticipantPrefix+string(nip), e)
}

// append records one event and answers its id.
func (w *logWriter) append(stream string, e domain.Event) string {
	w.t.Helper()
	name, data, err := w.cat.Encode(e)
	if err != nil {
		w.t.Fatal(err)
	}
	w.at = w.at.Add(time.Minute)
	id := events.EventID(stream, "", 0, w.at)
	if _, err := w.store.Append(context.Background(), stream, events.Any, []events.Proposed{{ID: id, Type: name, Data: data,
		Metadata: events.Metadata{Actor: "test", Role: "admin", SchemaVersion: 1, Ruleset: domain.Ruleset}}}); err != nil {
		w.t.Fatal(err)
	}
	w.count++
	return id
}
