package cohort_test

import (
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// TestCallUpDeciders: proposal (R-CALL-1), call-up of proposed participants
// only (R-CALL-2), confirmation of called-up participants only, which
// enrols (R-CALL-3).
func TestCallUpDeciders(t *testing.T) {
	st := cohort.Evolve(cohort.Initial(), opened("III"))
	const a, b = "199901012024011001", "199901012024012002"
	fold := func(evs []domain.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			st = cohort.Evolve(st, e)
		}
	}
	fold(cohort.DecideProposal(st, cohort.Propose{Enrol: cohort.Enrol{NIP: a, Name: "A", Golongan: "III", Agency: "pemkab-blitar"}, LetterNumber: "800/1"}))
	if _, err := cohort.DecideProposal(st, cohort.Propose{Enrol: cohort.Enrol{NIP: b, Name: "B", Golongan: "II", Agency: "pemkab-blitar"}, LetterNumber: "800/1"}); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Errorf("golongan II in a cohort of III: %v", err)
	}
	if _, err := cohort.DecideCallUp(st, cohort.CallUp{NIPs: []string{a, b}, LetterNumber: "800/2", CalledOn: "2024-05-27"}); err == nil {
		t.Error("calling up a participant not proposed was accepted")
	}
	if _, err := cohort.DecideConfirmation(st, a, time.Date(2024, 5, 29, 9, 0, 0, 0, time.UTC)); domain.ErrorCode(err) != domain.CodeConflict {
		t.Errorf("confirming before the call-up: %v", err)
	}
	fold(cohort.DecideCallUp(st, cohort.CallUp{NIPs: []string{a}, LetterNumber: "800/2", CalledOn: "2024-05-27"}))
	evs, err := cohort.DecideConfirmation(st, a, time.Date(2024, 5, 29, 9, 0, 0, 0, time.UTC))
	if err != nil || len(evs) != 2 {
		t.Fatalf("confirmation: %v %v", evs, err)
	}
	if en, ok := evs[0].(cohort.ParticipantEnrolled); !ok || en.Name != "A" || en.Agency != "pemkab-blitar" {
		t.Errorf("the enrolment comes first with the proposal's details: %#v", evs[0])
	}
	fold(evs, nil)
	if len(st.Roster) != 1 {
		t.Errorf("roster %d, want 1", len(st.Roster))
	}
}
