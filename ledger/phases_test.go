package ledger_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// templated is cohort id of inst-a laid out by the blended template from
// 2024-06-03 (klasikal 2024-09-05..12), ending 2024-09-27.
func templated(id string, defaults bool) cohort.Open {
	o := opening(id, "inst-a")
	o.Template, o.EndsOn, o.DefaultSessions = cohort.TemplateBlended, "2024-09-27", defaults
	return o
}

// TestOpenWithDefaultSessions: the opening and the 16 sessions of the
// master schedule are one append; attendance is taken on them; the same
// opening again records nothing; a session id another cohort holds refuses
// the whole opening (R-PHASE-21).
func TestOpenWithDefaultSessions(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	res, err := w.ledger.OpenCohort(ctx, lmsA, templated("T", true))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(res.Appends); got != 1 || len(res.Events()) != 17 {
		t.Fatalf("%d appends of %d events, want one of 17", got, len(res.Events()))
	}
	if got := len(res.Cohort.Sessions); got != 16 {
		t.Fatalf("the view lists %d sessions, want 16", got)
	}
	again, err := w.ledger.OpenCohort(ctx, lmsA, templated("T", true))
	if err != nil || !again.Repeated() || len(w.stream(events.CohortPrefix+"T")) != 17 {
		t.Fatalf("same opening again: repeated=%v err=%v", again.Repeated(), err)
	}
	nip := w.enrolledIn("T", 1)
	w.settle()
	if _, err := w.ledger.RecordAttendance(ctx, lmsA, attendance("T:klasikal-2", nip, "absent")); err != nil {
		t.Fatalf("attendance on a default session: %v", err)
	}
	if got := w.attendanceOf(nip); len(got) != 1 || got[0].JP != 14 || got[0].Date != "2024-09-06" {
		t.Fatalf("attendance %+v, want klasikal day 2: 14 JP on 2024-09-06", got)
	}

	w.open(admin, "X", "inst-a")
	w.scheduled("X", cohort.SessionScheduled{SessionID: "U:klasikal-1", Mode: cohort.ModeKlasikal, Date: "2024-07-01", JP: 2, Title: "Taken"})
	_, err = w.ledger.OpenCohort(ctx, lmsA, templated("U", true))
	wantCode(t, err, domain.CodeConflict, "R-PHASE-21")
	if n := len(w.stream(events.CohortPrefix + "U")); n != 0 {
		t.Fatalf("cohort U holds %d events after a refused opening", n)
	}
}

// TestMovePhase: the institution's LMS moves klasikal a week with its
// reason; the view shows the layout in force and the move; the same move
// again records nothing, a move back is recorded; another institution
// sees no cohort and an agency may not move (R-PHASE-20).
func TestMovePhase(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.ledger.OpenCohort(ctx, admin, templated("T", false)); err != nil {
		t.Fatal(err)
	}
	later := cohort.MovePhase{Phase: cohort.PhaseKlasikal, StartsOn: "2024-09-16", Reason: "Gedung dipakai seleksi CPNS"}
	_, err := w.ledger.MovePhase(ctx, lmsB, "T", later)
	wantCode(t, err, domain.CodeNotFound, "")
	_, err = w.ledger.MovePhase(ctx, agency, "T", later)
	wantCode(t, err, domain.CodeForbidden, "")

	res, err := w.ledger.MovePhase(ctx, lmsA, "T", later)
	if err != nil {
		t.Fatal(err)
	}
	v := res.Cohort
	if v.Phases[4].StartsOn != "2024-09-16" || v.Phases[5].StartsOn != "2024-09-24" || len(v.PhaseMoves) != 1 || v.PhaseMoves[0].Reason != later.Reason {
		t.Fatalf("view: phases %v, moves %+v", v.Phases, v.PhaseMoves)
	}
	again, err := w.ledger.MovePhase(ctx, lmsA, "T", later)
	if err != nil || !again.Repeated() {
		t.Fatalf("same move again: repeated=%v err=%v", again.Repeated(), err)
	}
	back := cohort.MovePhase{Phase: cohort.PhaseKlasikal, StartsOn: "2024-09-05", Reason: "Gedung tersedia lagi"}
	if _, err := w.ledger.MovePhase(ctx, lmsA, "T", back); err != nil {
		t.Fatal(err)
	}
	if n := len(w.stream(events.CohortPrefix + "T")); n != 3 {
		t.Fatalf("the cohort holds %d events, want the opening and two moves", n)
	}
	w.settle()
	raw, err := w.ledger.Cohort(ctx, auditor, "T")
	if err != nil {
		t.Fatal(err)
	}
	var read projections.CohortView
	if err := json.Unmarshal(raw, &read); err != nil {
		t.Fatal(err)
	}
	if read.Phases[4].StartsOn != "2024-09-05" || len(read.PhaseMoves) != 2 {
		t.Fatalf("read view: phases %v, %d moves", read.Phases, len(read.PhaseMoves))
	}
	// Not before the actualisation ends.
	_, err = w.ledger.MovePhase(ctx, lmsA, "T", cohort.MovePhase{Phase: cohort.PhaseKlasikal, StartsOn: "2024-09-02", Reason: "x"})
	wantCode(t, err, domain.CodeInvalid, "R-PHASE-20")
}

// TestMoveReachesTheRoster: the move is written on the cohort and each
// participant in one append, so a participant's check-in is judged by the
// moved klasikal (R-PHASE-3); a participant's fact in the span a move
// shifts refuses it and nothing is written (R-PHASE-20).
func TestMoveReachesTheRoster(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.ledger.OpenCohort(ctx, admin, templated("T", false)); err != nil {
		t.Fatal(err)
	}
	p, q := w.enrolledIn("T", 1), w.enrolledIn("T", 3)
	w.passMOOC(p)
	if _, err := w.ledger.EarnTrophy(ctx, lmsA, q, trophyClaim("keb-1", domain.Kebijakan, 0)); err != nil {
		t.Fatal(err)
	}
	before := w.head()
	_, err := w.ledger.MovePhase(ctx, lmsA, "T", cohort.MovePhase{Phase: cohort.PhaseMOOC, StartsOn: "2024-06-10", Reason: "Akun MOOC belum aktif"})
	wantCode(t, err, domain.CodeConflict, "R-PHASE-20")
	if n := w.recorded(before); n != 0 {
		t.Fatalf("a refused move wrote %d events", n)
	}

	res, err := w.ledger.MovePhase(ctx, lmsA, "T", cohort.MovePhase{Phase: cohort.PhaseKlasikal, StartsOn: "2024-09-16", Reason: "Gedung dipakai"})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(res.Appends); got != 3 {
		t.Fatalf("%d appends, want the cohort and both participants", got)
	}
	_, err = w.ledger.CheckIn(ctx, lmsA, p, participant.CheckIn{CheckedInAt: time.Date(2024, 9, 5, 8, 0, 0, 0, time.UTC)})
	wantCode(t, err, domain.CodeInvalid, "R-PHASE-3")
	if _, err := w.ledger.CheckIn(ctx, lmsA, p, participant.CheckIn{CheckedInAt: time.Date(2024, 9, 16, 8, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatalf("check-in on the moved klasikal's first day: %v", err)
	}
	// The same move again writes nothing, on any stream.
	before = w.head()
	again, err := w.ledger.MovePhase(ctx, lmsA, "T", cohort.MovePhase{Phase: cohort.PhaseKlasikal, StartsOn: "2024-09-16", Reason: "Gedung dipakai"})
	if err != nil || !again.Repeated() || w.recorded(before) != 0 {
		t.Fatalf("same move again: repeated=%v err=%v", again.Repeated(), err)
	}
}

// TestDefaultSessionsMoveWithKlasikal: klasikal moved a week takes its six
// default sessions along, and attendance is taken on their new dates
// (R-PHASE-20, R-PHASE-21).
func TestDefaultSessionsMoveWithKlasikal(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.ledger.OpenCohort(ctx, lmsA, templated("T", true)); err != nil {
		t.Fatal(err)
	}
	nip := w.enrolledIn("T", 1)
	res, err := w.ledger.MovePhase(ctx, lmsA, "T", cohort.MovePhase{Phase: cohort.PhaseKlasikal, StartsOn: "2024-09-16", Reason: "Gedung dipakai"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ss := range res.Cohort.Sessions {
		if ss.Mode == cohort.ModeKlasikal && (ss.Date < "2024-09-16" || ss.Date > "2024-09-23") {
			t.Errorf("session %s on %s, outside the moved klasikal", ss.SessionID, ss.Date)
		}
	}
	w.settle()
	if _, err := w.ledger.RecordAttendance(ctx, lmsA, attendance("T:klasikal-2", nip, "absent")); err != nil {
		t.Fatalf("attendance on a moved default session: %v", err)
	}
	if got := w.attendanceOf(nip); len(got) != 1 || got[0].Date != "2024-09-17" {
		t.Fatalf("attendance %+v, want klasikal day 2 on its new date 2024-09-17", got)
	}
}
