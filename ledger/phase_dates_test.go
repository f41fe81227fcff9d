package ledger_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/domain/seminar"
	"github.com/latsar/ledger/domain/staff"
	"github.com/latsar/ledger/ledger"
)

// TestSeminarRAAndTheAcademicEvaluation runs R-PHASE-4, R-PHASE-5 and
// R-PHASE-8 through the ledger on a cohort laid out by the blended template
// from 2024-06-03 (elearning 06-25..07-24): seminar R.A is held in
// e-learning; its score without an academic evaluation by its day is
// recorded with an R-PHASE-8 warning, and so is the evaluation assessed
// after it; the enrolment carried the phases into the participant's stream.
func TestSeminarRAAndTheAcademicEvaluation(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	open := opening("T", "inst-a")
	open.EndsOn, open.Template = "", cohort.TemplateBlended
	if _, err := w.ledger.OpenCohort(ctx, admin, open); err != nil {
		t.Fatal(err)
	}
	n1 := w.enrolledIn("T", 1)
	w.registered("penguji-rina", "Dr. Rina Kartika", "inst-a")
	w.assigned("T", "penguji-rina", staff.Examiner, "")

	ra := func(date string) seminar.Schedule {
		return seminar.Schedule{SeminarID: "ra-" + date, Kind: seminar.Design, Date: date, Examiners: []string{"penguji-rina"}, NIPs: []string{n1}}
	}
	_, err := w.ledger.ScheduleSeminar(ctx, lmsA, "T", ra("2024-06-24"))
	wantCode(t, err, domain.CodeInvalid, "R-PHASE-4")
	wantField(t, err, "date")
	if _, err := w.ledger.ScheduleSeminar(ctx, lmsA, "T", ra("2024-07-23")); err != nil {
		t.Fatal(err)
	}

	_, err = w.ledger.ScoreSeminar(ctx, lmsA, "ra-2024-07-23", ledger.SeminarScore{NIP: n1, StaffID: "penguji-rina", Score: 8400,
		ScoredAt: time.Date(2024, 7, 21, 9, 0, 0, 0, time.UTC)})
	wantCode(t, err, domain.CodeInvalid, "R-PHASE-5")
	wantField(t, err, "scored_at")
	res, err := w.ledger.ScoreSeminar(ctx, lmsA, "ra-2024-07-23", ledger.SeminarScore{NIP: n1, StaffID: "penguji-rina", Score: 8400,
		ScoredAt: time.Date(2024, 7, 23, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if !warnedBy(res.Warnings, "R-PHASE-8") {
		t.Fatalf("seminar R.A score without an academic evaluation: warnings %v, want R-PHASE-8", res.Warnings)
	}

	scored, err := w.ledger.RecordScore(ctx, lmsA, n1, participant.Score{ComponentScored: participant.ComponentScored{
		Component: participant.AcademicElearning, Score: 8000, Assessor: "Widyaiswara", AssessedAt: time.Date(2024, 7, 25, 9, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	if !warnedBy(scored.Warnings, "R-PHASE-8") {
		t.Fatalf("academic evaluation after seminar R.A: warnings %v, want R-PHASE-8", scored.Warnings)
	}
	_, err = w.ledger.RecordScore(ctx, lmsA, n1, participant.Score{ComponentScored: participant.ComponentScored{
		Component: participant.AttitudeInstitution, Score: 8500, Assessor: "Widyaiswara", AssessedAt: time.Date(2024, 7, 25, 9, 0, 0, 0, time.UTC)}})
	wantCode(t, err, domain.CodeInvalid, "R-PHASE-5")
	wantField(t, err, "assessed_at")
}

func warnedBy(ws []domain.Warning, rule string) bool {
	return slices.ContainsFunc(ws, func(w domain.Warning) bool { return w.Rule == rule })
}
