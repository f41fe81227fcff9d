package ledger_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

func catalogue() domain.Catalogue {
	return domain.Catalogue{
		domain.Kebijakan:  {0: 3},
		domain.Substansi1: {1: 10, 2: 10, 3: 10, 4: 5},
		domain.Substansi2: {1: 3, 2: 3, 3: 3, 4: 3},
	}
}

func opening(id, institution string) cohort.Open {
	return cohort.Open{Opened: cohort.Opened{
		CohortID: id, Name: "Latsar CPNS " + id, InstitutionID: institution, Golongan: []string{"III"},
		StartsOn: "2024-06-03", EndsOn: "2024-08-02", Catalogue: catalogue(),
	}}
}

func nipOf(i int) string { return fmt.Sprintf("19990101202401%d%03d", 1+i%2, i%1000) }

func enrolment(cohortID string, i int) ledger.Enrol {
	return ledger.Enrol{CohortID: cohortID, Enrol: cohort.Enrol{NIP: nipOf(i), Name: fmt.Sprintf("Peserta %d", i), Golongan: "III", Agency: "pemkab-blitar"}}
}

func (w *world) open(p ledger.Principal, id, institution string) {
	w.t.Helper()
	if _, err := w.ledger.OpenCohort(context.Background(), p, opening(id, institution)); err != nil {
		w.t.Fatalf("open %s: %v", id, err)
	}
}

func TestOpenCohort(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		open cohort.Open
		code domain.Code
		rule string
	}{
		{"admin opens for any institution", admin, opening("C-1", "inst-b"), "", ""},
		{"lms opens for its own institution", lmsA, opening("C-2", "inst-a"), "", ""},
		{"lms may not open for another institution", lmsA, opening("C-3", "inst-b"), domain.CodeForbidden, ""},
		{"agency may not open cohorts", agency, opening("C-4", "inst-a"), domain.CodeForbidden, ""},
		{"another institution's cohort id is taken", lmsB, opening("C-2", "inst-b"), domain.CodeConflict, ""},
		{"bad cohort id names the field", admin, opening("bad id!", "inst-a"), domain.CodeInvalid, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.ledger.OpenCohort(context.Background(), tc.who, tc.open)
			wantCode(t, err, tc.code, tc.rule)
		})
	}
	again, err := w.ledger.OpenCohort(context.Background(), lmsA, opening("C-2", "inst-a"))
	if err != nil || !again.Repeated() {
		t.Fatalf("the same opening again: repeated=%v err=%v, want the first record", again.Repeated(), err)
	}
}

func TestEnrol(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	w.open(admin, "B", "inst-b")
	bad := enrolment("A", 9)
	bad.NIP = "123"
	for _, tc := range []struct {
		name    string
		who     ledger.Principal
		enrol   ledger.Enrol
		code    domain.Code
		rule    string
		written int // events recorded
	}{
		{"lms enrols in its institution's cohort", lmsA, enrolment("A", 1), "", "", 2},
		{"the same enrolment again records nothing", lmsA, enrolment("A", 1), "", "", 0},
		{"another institution's cohort is not found", lmsB, enrolment("A", 2), domain.CodeNotFound, "", 0},
		{"an unknown cohort is not found", admin, enrolment("Z", 2), domain.CodeNotFound, "", 0},
		{"an agency may not enrol", agency, enrolment("A", 2), domain.CodeForbidden, "", 0},
		{"a participant of another cohort is refused", admin, enrolment("B", 1), domain.CodeConflict, "", 0},
		{"a bad NIP cites R-NIP-1", admin, bad, domain.CodeInvalid, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := w.store.HeadPosition(context.Background())
			res, err := w.ledger.Enrol(context.Background(), tc.who, tc.enrol)
			wantCode(t, err, tc.code, tc.rule)
			after, _ := w.store.HeadPosition(context.Background())
			if got := int(after - before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if err == nil && (len(res.Events()) != 2 || res.RosterSize != 1) {
				t.Fatalf("answer %+v, want both events and a roster of 1", res)
			}
		})
	}
	if n := len(w.stream(events.CohortPrefix + "B")); n != 1 {
		t.Fatalf("cohort B holds %d events, want only its opening", n)
	}
}

// TestEnrolRace enrols one NIP into two institutions' cohorts at once, many
// times: exactly one enrolment wins each time, and the loser's roster never
// holds the participant (the phantom of the first wave).
func TestEnrolRace(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	const rounds = 100
	for i := range rounds {
		a, b := fmt.Sprintf("RA-%d", i), fmt.Sprintf("RB-%d", i)
		w.open(admin, a, "inst-a")
		w.open(admin, b, "inst-b")
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for j, who := range []ledger.Principal{lmsA, lmsB} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[j] = w.ledger.Enrol(ctx, who, enrolment([]string{a, b}[j], i))
			}()
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			if err == nil {
				wins++
			} else {
				wantCode(t, err, domain.CodeConflict, "")
			}
		}
		if wins != 1 {
			t.Fatalf("round %d: %d enrolments won (%v), want exactly 1", i, wins, errs)
		}
		rostered := len(w.stream(events.CohortPrefix+a)) + len(w.stream(events.CohortPrefix+b)) - 2
		if rostered != 1 {
			t.Fatalf("round %d: the participant is on %d rosters, want 1", i, rostered)
		}
	}
}
