package ledger_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// TestMeetingDecidesOnlyItsOwnParticipants leaves, as the first wave could,
// a roster entry on cohort A for a participant enrolled in cohort B by their
// own stream: A's meeting must neither decide nor show them.
func TestMeetingDecidesOnlyItsOwnParticipants(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.open(admin, "A", "inst-a")
	w.open(admin, "B", "inst-b")
	for _, e := range []ledger.Enrol{enrolment("A", 1), enrolment("B", 2)} {
		if _, err := w.ledger.Enrol(ctx, admin, e); err != nil {
			t.Fatal(err)
		}
	}
	phantom := cohort.ParticipantEnrolled{CohortID: "A", NIP: domain.NIP(nipOf(2)), Name: "Peserta 2", Golongan: "III", Agency: "pemkab-blitar", InstitutionID: "inst-a", Catalogue: catalogue()}
	data, _ := json.Marshal(phantom)
	if _, err := w.store.Append(ctx, events.CohortPrefix+"A", events.Any, []events.Proposed{{ID: "0190d7bc-e800-77d1-9453-451adc1938ba", Type: phantom.EventType(), Data: data}}); err != nil {
		t.Fatal(err)
	}

	preview, err := w.ledger.PreviewGraduation(ctx, lmsA, "A")
	if err != nil {
		t.Fatal(err)
	}
	held, err := w.ledger.HoldMeeting(ctx, lmsA, ledger.Meeting{CohortID: "A", MeetingRef: "BA-A", DecidedOn: "2024-08-02"})
	if err != nil {
		t.Fatal(err)
	}
	for what, ds := range map[string][]ledger.Decided{"preview": preview.Decisions, "meeting": held.Decisions} {
		if len(ds) != 1 || ds[0].NIP != domain.NIP(nipOf(1)) {
			t.Fatalf("%s decides %+v, want only %s", what, ds, nipOf(1))
		}
	}
	for _, rec := range w.stream(events.ParticipantPrefix + nipOf(2)) {
		if rec.Type == "GraduationDecided" {
			t.Fatalf("cohort A's meeting decided cohort B's participant: %s", rec.Data)
		}
	}
}

func TestHoldMeeting(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.open(admin, "A", "inst-a")
	for i := range 3 {
		if _, err := w.ledger.Enrol(ctx, admin, enrolment("A", i)); err != nil {
			t.Fatal(err)
		}
	}
	meeting := func(ref, on string, repeat bool) ledger.Meeting {
		return ledger.Meeting{CohortID: "A", MeetingRef: ref, DecidedOn: domain.Date(on), Repeat: repeat}
	}
	for _, tc := range []struct {
		name     string
		who      ledger.Principal
		m        ledger.Meeting
		code     domain.Code
		rule     string
		recorded int
	}{
		{"a repeat meeting before the first is refused", admin, meeting("BA-R", "2024-08-05", true), domain.CodeConflict, "R-REM-4", 0},
		{"an auditor may not hold it", auditor, meeting("BA-1", "2024-08-02", false), domain.CodeForbidden, "", 0},
		{"another institution's lms finds no cohort", lmsB, meeting("BA-1", "2024-08-02", false), domain.CodeNotFound, "", 0},
		{"the meeting records the cohort and every participant at once", lmsA, meeting("BA-1", "2024-08-02", false), "", "", 4},
		{"the same meeting again records nothing", lmsA, meeting("BA-1", "2024-08-02", false), "", "", 0},
		{"the same reference on another day is refused", lmsA, meeting("BA-1", "2024-08-03", false), domain.CodeConflict, "R-GRAD-4", 0},
		{"a second meeting is refused", lmsA, meeting("BA-2", "2024-08-02", false), domain.CodeConflict, "R-GRAD-4", 0},
		{"a repeat meeting past 15 working days is refused", lmsA, meeting("BA-R", "2024-09-30", true), domain.CodeInvalid, "R-REM-4", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := w.store.HeadPosition(ctx)
			_, err := w.ledger.HoldMeeting(ctx, tc.who, tc.m)
			wantCode(t, err, tc.code, tc.rule)
			after, _ := w.store.HeadPosition(ctx)
			if got := int(after - before); got != tc.recorded {
				t.Fatalf("%d events recorded, want %d", got, tc.recorded)
			}
		})
	}
}
