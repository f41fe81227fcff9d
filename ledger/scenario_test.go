package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/ledger"
)

// TestWholeProgrammeWithoutHTTP runs one cohort through the application
// layer alone, as a second entry point would: opening, enrolment, the MOOC,
// a session and its attendance, check-in, every component, the graduation
// meeting, a remedial and the repeat meeting, a dispute upheld and the
// redecision, then the auditor's replay and trail.
func TestWholeProgrammeWithoutHTTP(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	w.open(lmsA, "P", "inst-a")
	nips := []string{w.enrolledIn("P", 1), w.enrolledIn("P", 2)}
	_, err := w.ledger.ScheduleSession(ctx, lmsA, "P", cohort.SessionScheduled{SessionID: "klasikal-1", Mode: "klasikal", Date: "2024-07-22", JP: 10, Title: "Klasikal hari 1"})
	must("schedule", err)
	w.settle() // attendance finds the session through the read model
	for _, nip := range nips {
		w.passMOOC(nip)
		_, err := w.ledger.CheckIn(ctx, lmsA, nip, participant.CheckIn{CheckedInAt: time.Date(2024, 7, 22, 7, 30, 0, 0, time.UTC)})
		must("check in", err)
	}
	_, err = w.ledger.RecordAttendance(ctx, lmsA, ledger.Attendance{SessionID: "klasikal-1", Records: []ledger.AttendanceRecord{
		{NIP: nips[0], Status: participant.Present}, {NIP: nips[1], Status: participant.Present}}})
	must("attendance", err)

	score := func(who ledger.Principal, nip string, c participant.Component, v domain.Score) {
		t.Helper()
		_, err := w.ledger.RecordScore(ctx, who, nip, participant.Score{ComponentScored: participant.ComponentScored{
			Component: c, Score: v, Assessor: "Penguji", AssessedAt: time.Date(2024, 8, 1, 9, 0, 0, 0, time.UTC)}})
		must("score "+string(c), err)
	}
	for i, nip := range nips {
		elearning := domain.Score(8500)
		if i == 1 {
			elearning = 6000 // defers the second participant on the academic aspect
		}
		score(lmsA, nip, participant.AttitudeInstitution, 8500)
		score(agency, nip, participant.AttitudeAgency, 8500)
		score(lmsA, nip, participant.AcademicElearning, elearning)
		score(lmsA, nip, participant.ActualizationDesign, 8500)
		score(lmsA, nip, participant.ActualizationImplementation, 8500)
		score(agency, nip, participant.PKTBT, 8500)
	}

	first, err := w.ledger.HoldMeeting(ctx, lmsA, ledger.Meeting{CohortID: "P", MeetingRef: "BA-P-1", DecidedOn: "2024-08-02"})
	must("graduation meeting", err)
	outcome := func(m ledger.MeetingHeld, nip string) string {
		for _, d := range m.Decisions {
			if string(d.NIP) == nip {
				return d.Decision.Outcome
			}
		}
		return ""
	}
	if outcome(first, nips[0]) != participant.Lulus || outcome(first, nips[1]) != participant.Ditunda {
		t.Fatalf("first meeting: %s and %s, want lulus and ditunda", outcome(first, nips[0]), outcome(first, nips[1]))
	}

	_, err = w.ledger.TakeRemedial(ctx, lmsA, nips[1], ledger.Remedial{Component: participant.AcademicElearning, Score: 8000, TakenOn: "2024-08-07"})
	must("remedial", err)
	repeat, err := w.ledger.HoldMeeting(ctx, lmsA, ledger.Meeting{CohortID: "P", MeetingRef: "BA-P-2", DecidedOn: "2024-08-09", Repeat: true})
	must("repeat meeting", err)
	if len(repeat.Decisions) != 1 || outcome(repeat, nips[1]) != participant.Lulus {
		t.Fatalf("repeat meeting decided %+v, want only %s, lulus", repeat.Decisions, nips[1])
	}

	var decisionID string
	for _, d := range first.Decisions {
		if string(d.NIP) == nips[0] {
			decisionID = d.EventID
		}
	}
	filed, err := w.ledger.FileDispute(ctx, agency, ledger.FileDispute{NIP: nips[0], DecisionEventID: decisionID, Reason: "Nilai PKTBT tidak sesuai berita acara"})
	must("dispute", err)
	_, err = w.ledger.ResolveDispute(ctx, admin, filed.Dispute.DisputeID, ledger.Resolution{Outcome: "upheld", Note: "Berita acara diperiksa"})
	must("resolution", err)
	redecided, err := w.ledger.Redecide(ctx, admin, ledger.Redecide{NIP: nips[0], MeetingRef: "BA-SENGKETA-1", DecidedOn: "2024-09-02", DisputeID: filed.Dispute.DisputeID})
	must("redecision", err)
	if redecided.Decision.DisputeID != filed.Dispute.DisputeID {
		t.Fatalf("redecision %+v does not name its dispute", redecided.Decision)
	}

	trail, err := w.ledger.Audit(ctx, auditor, nips[1])
	must("audit trail", err)
	if len(trail.Entries) == 0 {
		t.Fatal("an empty audit trail")
	}
	then, err := w.ledger.Replay(ctx, auditor, nips[1], time.Time{}, first.Position())
	must("replay", err)
	if o := then.Outcome; o.Status != "decided" || o.Result != participant.Ditunda || o.MeetingRef != "BA-P-1" {
		t.Fatalf("replayed at the first meeting: %+v, want ditunda at BA-P-1", o)
	}
}
