package participant_test

import (
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
)

// TestDecideRelease: a decided participant of the cohort is released once
// and the standing shows it; an undecided, withdrawn or other cohort's one
// is refused (R-MOVE-3, R-MOVE-1).
func TestDecideRelease(t *testing.T) {
	const n = domain.NIP("199901012024011001")
	enrolled := participant.Evolve(participant.Initial(), cohort.ParticipantEnrolled{CohortID: "c1", NIP: n, Agency: "pemkab-blitar"})
	decided := participant.Evolve(enrolled, participant.GraduationDecided{MeetingRef: "BA-1", DecidedOn: "2024-08-16", Outcome: "lulus"})
	withdrawn := participant.Evolve(enrolled, cohort.ParticipantWithdrew{CohortID: "c1", NIP: n, WithdrawnOn: "2024-07-01"})
	e := cohort.ParticipantReleased{CohortID: "c1", NIP: n, Agency: "pemkab-blitar", MeetingRef: "BA-1", ReleasedOn: "2024-08-16"}

	evs, err := participant.DecideRelease(decided, e)
	if err != nil || evs[0] != e {
		t.Fatalf("release: %v %v", evs, err)
	}
	released := participant.Evolve(decided, e)
	if got := participant.StandingOf(released).Released; got == nil || *got != e {
		t.Fatalf("standing released=%v, want %v", got, e)
	}
	if participant.StandingOf(decided).Released != nil {
		t.Errorf("a decided participant not released shows a release")
	}
	if again, err := participant.DecideRelease(released, e); err != nil || again[0] != e {
		t.Fatalf("repeat: %v %v", again, err)
	}
	other := e
	other.ReleasedOn = "2024-08-19"
	otherCohort := e
	otherCohort.CohortID = "c2"
	for name, tc := range map[string]struct {
		s    participant.State
		e    cohort.ParticipantReleased
		rule string
	}{
		"undecided":    {enrolled, e, "R-MOVE-3"},
		"withdrawn":    {withdrawn, e, "R-MOVE-1"},
		"twice":        {released, other, "R-MOVE-3"},
		"other cohort": {decided, otherCohort, "R-MOVE-3"},
		"not enrolled": {participant.Initial(), e, "R-MOVE-3"},
	} {
		_, err := participant.DecideRelease(tc.s, tc.e)
		de, ok := domain.AsError(err)
		if !ok || de.Code != domain.CodeConflict || de.Rule != tc.rule {
			t.Errorf("%s: %v, want 409 citing %s", name, err, tc.rule)
		}
	}
}
