package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/ledger"
)

var assessedAt = time.Date(2024, 7, 30, 10, 0, 0, 0, time.UTC)

func score(c participant.Component, v domain.Score) participant.Score {
	return participant.Score{ComponentScored: participant.ComponentScored{Component: c, Score: v, Assessor: "Widyaiswara Ahmad", AssessedAt: assessedAt}}
}

// otherAgency is the home agency of no test participant.
var otherAgency = ledger.Principal{TokenID: "t-agency-2", Role: access.Agency, Agency: "pemkot-malang"}

func TestRecordScore(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	nip := w.enrolledIn("A", 1)
	closed := w.decidedIn("D", 2)
	keyed := lmsA
	keyed.IdempotencyKey = "score-1"
	for _, tc := range []struct {
		useCase
		cmd participant.Score
	}{
		{useCase{"the institution scores its component", lmsA, nip, "", "", 1}, score(participant.AttitudeInstitution, 8550)},
		{useCase{"the home agency scores its component", agency, nip, "", "", 1}, score(participant.PKTBT, 8000)},
		{useCase{"an admin scores either party's component", admin, nip, "", "", 1}, score(participant.AttitudeAgency, 8000)},
		{useCase{"the institution may not score the agency's component (R-EVAL-1)", lmsA, nip, domain.CodeForbidden, "R-EVAL-1", 0}, score(participant.AttitudeAgency, 8000)},
		{useCase{"the agency may not score the institution's component (R-EVAL-1)", agency, nip, domain.CodeForbidden, "R-EVAL-1", 0}, score(participant.AcademicElearning, 8000)},
		{useCase{"the wrong party is refused before the tenant is looked at", lmsB, nip, domain.CodeForbidden, "R-EVAL-1", 0}, score(participant.PKTBT, 8000)},
		{useCase{"academic_mooc is the posttest's (R-POST-2)", admin, nip, domain.CodeInvalid, "R-POST-2", 0}, score(participant.AcademicMOOC, 8000)},
		{useCase{"an unknown component cites R-EVAL-1", lmsA, nip, domain.CodeInvalid, "R-EVAL-1", 0}, score("charisma", 8000)},
		{useCase{"an auditor may not score", auditor, nip, domain.CodeForbidden, "", 0}, score(participant.PKTBT, 8000)},
		{useCase{"another institution's participant is not found", lmsB, nip, domain.CodeNotFound, "", 0}, score(participant.AcademicElearning, 8000)},
		{useCase{"another agency's participant is not found", otherAgency, nip, domain.CodeNotFound, "", 0}, score(participant.PKTBT, 8000)},
		{useCase{"a participant decided incomplete receives a missing score (R-GRAD-5)", admin, closed, "", "", 1}, score(participant.PKTBT, 8000)},
		{useCase{"with an idempotency key", keyed, nip, "", "", 1}, score(participant.AcademicElearning, 7500)},
		{useCase{"the same key again answers the first record", keyed, nip, "", "", 0}, score(participant.AcademicElearning, 7500)},
		{useCase{"a later score replaces the earlier", lmsA, nip, "", "", 1}, score(participant.AcademicElearning, 7000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.head()
			res, err := w.ledger.RecordScore(context.Background(), tc.who, tc.nip, tc.cmd)
			wantCode(t, err, tc.code, tc.rule)
			if got := w.recorded(before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if err == nil && (len(res.Events()) != 1 || res.Repeated() != (tc.written == 0)) {
				t.Fatalf("answer %+v, want one event, repeated %v", res, tc.written == 0)
			}
			if err == nil && tc.written == 1 {
				if got := res.Evaluation.Components.Get(tc.cmd.Component); got == nil || *got != tc.cmd.Score {
					t.Fatalf("evaluation holds %s = %v, want %v", tc.cmd.Component, got, tc.cmd.Score)
				}
			}
		})
	}
}

// deferredOnPKTBT enrols participant i of cohort id, scores every component
// 80 but pktbt 65 and holds the graduation meeting, which defers the
// participant on pktbt (R-GRAD-2).
func (w *world) deferredOnPKTBT(id string, i int) string {
	w.t.Helper()
	ctx := context.Background()
	w.open(admin, id, "inst-a")
	nip := w.enrolledIn(id, i)
	if _, err := w.ledger.AttemptPosttest(ctx, lmsA, nip, posttest("p-1", 8000, 8000)); err != nil {
		w.t.Fatal(err)
	}
	for c, v := range map[participant.Component]domain.Score{
		participant.AttitudeInstitution: 8000, participant.AttitudeAgency: 8000, participant.AcademicElearning: 8000,
		participant.ActualizationDesign: 8000, participant.ActualizationImplementation: 8000, participant.PKTBT: 6500,
	} {
		if _, err := w.ledger.RecordScore(ctx, admin, nip, score(c, v)); err != nil {
			w.t.Fatalf("score %s: %v", c, err)
		}
	}
	m, err := w.ledger.HoldMeeting(ctx, admin, ledger.Meeting{CohortID: id, MeetingRef: "BA-" + id, DecidedOn: "2024-08-02"})
	if err != nil {
		w.t.Fatal(err)
	}
	if d := m.Decisions[0].Decision; d.Outcome != participant.Ditunda {
		w.t.Fatalf("the meeting decided %s (%v), want ditunda on pktbt", d.Outcome, d.Rules)
	}
	return nip
}

func TestTakeRemedial(t *testing.T) {
	w := newWorld(t)
	nip := w.deferredOnPKTBT("A", 1)
	remedial := func(c participant.Component, v domain.Score, on domain.Date) ledger.Remedial {
		return ledger.Remedial{Component: c, Score: v, TakenOn: on}
	}
	for _, tc := range []struct {
		useCase
		cmd ledger.Remedial
	}{
		{useCase{"the institution may not take the agency's remedial (R-EVAL-1)", lmsA, nip, domain.CodeForbidden, "R-EVAL-1", 0}, remedial(participant.PKTBT, 7500, "2024-08-05")},
		{useCase{"an auditor may not record remedials", auditor, nip, domain.CodeForbidden, "", 0}, remedial(participant.PKTBT, 7500, "2024-08-05")},
		{useCase{"another agency's participant is not found", otherAgency, nip, domain.CodeNotFound, "", 0}, remedial(participant.PKTBT, 7500, "2024-08-05")},
		{useCase{"another institution's participant is not found", lmsB, nip, domain.CodeNotFound, "", 0}, remedial(participant.AcademicElearning, 7500, "2024-08-05")},
		{useCase{"an unknown participant is not found", admin, nipOf(7), domain.CodeNotFound, "", 0}, remedial(participant.PKTBT, 7500, "2024-08-05")},
		{useCase{"a component that did not defer cites R-REM-1", lmsA, nip, domain.CodeInvalid, "R-REM-1", 0}, remedial(participant.AcademicElearning, 7500, "2024-08-05")},
		{useCase{"a component without remedial cites R-REM-3", lmsA, nip, domain.CodeInvalid, "R-REM-3", 0}, remedial(participant.ActualizationDesign, 7500, "2024-08-05")},
		{useCase{"after the cohort's deadline cites R-REM-3", agency, nip, domain.CodeInvalid, "R-REM-3", 0}, remedial(participant.PKTBT, 7500, "2024-08-12")},
		{useCase{"the home agency takes the pktbt remedial by the deadline", agency, nip, "", "", 1}, remedial(participant.PKTBT, 7500, "2024-08-05")},
		{useCase{"the same remedial again answers the first record", agency, nip, "", "", 0}, remedial(participant.PKTBT, 7500, "2024-08-05")},
		{useCase{"a second remedial of a component cites R-REM-1", admin, nip, domain.CodeInvalid, "R-REM-1", 0}, remedial(participant.PKTBT, 9000, "2024-08-06")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.head()
			res, err := w.ledger.TakeRemedial(context.Background(), tc.who, tc.nip, tc.cmd)
			wantCode(t, err, tc.code, tc.rule)
			if got := w.recorded(before); got != tc.written {
				t.Fatalf("%d events recorded, want %d", got, tc.written)
			}
			if err != nil {
				return
			}
			// R-REM-3's default deadline: a week after ends_on (2024-08-02).
			if res.Deadline != "2024-08-09" || len(res.Events()) != 1 || res.Repeated() != (tc.written == 0) {
				t.Fatalf("answer %+v, want the deadline 2024-08-09 and one event", res)
			}
			if got := res.Evaluation.Components.Get(participant.PKTBT); got == nil || *got != 7500 {
				t.Fatalf("pktbt is %v after the remedial, want 75.00 (R-REM-4)", got)
			}
		})
	}
}

// TestTakeRemedialReadsTheExtendedDeadline: the deadline is the cohort's as
// the admin last moved it (R-REM-3 "or as needed").
func TestTakeRemedialReadsTheExtendedDeadline(t *testing.T) {
	w := newWorld(t)
	nip := w.deferredOnPKTBT("A", 1)
	ctx := context.Background()
	late := ledger.Remedial{Component: participant.PKTBT, Score: 7500, TakenOn: "2024-08-14"}
	_, err := w.ledger.TakeRemedial(ctx, agency, nip, late)
	wantCode(t, err, domain.CodeInvalid, "R-REM-3")
	if _, err := w.ledger.ExtendRemedialDeadline(ctx, admin, "A", cohortDeadline("2024-08-16")); err != nil {
		t.Fatal(err)
	}
	res, err := w.ledger.TakeRemedial(ctx, agency, nip, late)
	if err != nil || res.Deadline != "2024-08-16" {
		t.Fatalf("deadline %s err %v, want the extended 2024-08-16 and the remedial recorded", res.Deadline, err)
	}
}

func cohortDeadline(on domain.Date) cohort.RemedialDeadlineExtended {
	return cohort.RemedialDeadlineExtended{Deadline: on, Reason: "Aktualisasi diperpanjang karena banjir"}
}
