package participant_test

import (
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
)

// TestPhaseMoveOnTheParticipant: the move reaches the enrolment's copy of
// the phases (the state before it is left as it was); a fact recorded in
// the span it shifts refuses it, one before does not (R-PHASE-20).
func TestPhaseMoveOnTheParticipant(t *testing.T) {
	const n = domain.NIP("199901012024011001")
	old := []cohort.Phase{{Phase: "klasikal", StartsOn: "2024-09-05", EndsOn: "2024-09-12"}, {Phase: "graduation", StartsOn: "2024-09-13", EndsOn: "2024-09-13"}}
	moved := []cohort.Phase{{Phase: "klasikal", StartsOn: "2024-09-16", EndsOn: "2024-09-23"}, {Phase: "graduation", StartsOn: "2024-09-24", EndsOn: "2024-09-24"}}
	e := cohort.PhaseMoved{CohortID: "c1", Phase: "klasikal", FromStartsOn: "2024-09-05", StartsOn: "2024-09-16", Reason: "x", Phases: moved}
	enrolled := participant.Evolve(participant.Initial(), cohort.ParticipantEnrolled{CohortID: "c1", NIP: n, Phases: old})

	evs, err := participant.DecidePhaseMove(enrolled, e)
	if err != nil || len(evs) != 1 {
		t.Fatalf("move: %v %v", evs, err)
	}
	after := participant.Evolve(enrolled, e)
	if k, _ := after.Enrolment.PhaseOf("klasikal"); k.StartsOn != "2024-09-16" {
		t.Fatalf("klasikal after the move %v", k)
	}
	if k, _ := enrolled.Enrolment.PhaseOf("klasikal"); k.StartsOn != "2024-09-05" {
		t.Fatalf("the state before the move changed: %v", k)
	}

	trophyAt := func(at time.Time) participant.State {
		return participant.Evolve(enrolled, participant.TrophyEarned{ActivityID: "a1", Material: domain.Kebijakan, EarnedAt: at})
	}
	checkedIn := participant.Evolve(enrolled, participant.KlasikalCheckedIn{CheckedInAt: time.Date(2024, 9, 4, 23, 0, 0, 0, time.UTC)})
	for name, tc := range map[string]struct {
		s      participant.State
		refuse bool
	}{
		"trophy in the MOOC":             {trophyAt(time.Date(2024, 6, 5, 8, 0, 0, 0, time.UTC)), false},
		"check-in the evening before":    {checkedIn, true},
		"attendance on klasikal day one": {participant.Evolve(enrolled, participant.AttendanceRecorded{SessionID: "k1", Date: "2024-09-05"}), true},
		"other cohort":                   {participant.Evolve(participant.Initial(), cohort.ParticipantEnrolled{CohortID: "c2", NIP: n, Phases: old}), false},
	} {
		_, err := participant.DecidePhaseMove(tc.s, e)
		de, _ := domain.AsError(err)
		if refused := err != nil; refused != tc.refuse || (refused && (de.Code != domain.CodeConflict || de.Rule != "R-PHASE-20")) {
			t.Errorf("%s: %v, want refused=%v citing R-PHASE-20", name, err, tc.refuse)
		}
	}
	// An enrolment recorded before enrolments copied the phases takes none.
	bare := participant.Evolve(participant.Initial(), cohort.ParticipantEnrolled{CohortID: "c1", NIP: n})
	if evs, err := participant.DecidePhaseMove(bare, e); err != nil || len(evs) != 0 {
		t.Errorf("enrolment without phases: %v %v, want nothing", evs, err)
	}
	if participant.Evolve(bare, e).Enrolment.Phases != nil {
		t.Errorf("an enrolment without phases got the moved ones")
	}
}
