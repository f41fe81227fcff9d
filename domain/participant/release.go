package participant

import (
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

func foldReleased(s State, e cohort.ParticipantReleased) State { s.Release = &e; return s }

// DecideRelease is R-MOVE-3 on the participant: one of the cohort
// released, decided by its meeting, not withdrawn, released once (the same
// release again is a repeat).
func DecideRelease(s State, e cohort.ParticipantReleased) ([]domain.Event, error) {
	switch {
	case !s.Enrolled() || s.Enrolment.CohortID != e.CohortID:
		return nil, domain.Conflict("R-MOVE-3", "participant "+string(e.NIP)+" is not in cohort "+e.CohortID)
	case s.Release != nil && *s.Release == e:
		return []domain.Event{e}, nil
	case s.Release != nil:
		return nil, domain.Conflict("R-MOVE-3", "participant "+string(e.NIP)+" was released on "+string(s.Release.ReleasedOn))
	case s.Withdrawal != nil:
		return nil, domain.Conflict("R-MOVE-1", "participant "+string(e.NIP)+" withdrew on "+string(s.Withdrawal.WithdrawnOn))
	case s.Decision() == nil:
		return nil, domain.Conflict("R-MOVE-3", "participant "+string(e.NIP)+" is not decided: a participant is released after the meeting decides them")
	}
	return []domain.Event{e}, nil
}
