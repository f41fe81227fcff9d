package participant

import (
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

func foldWithdrew(s State, e cohort.ParticipantWithdrew) State {
	s.Withdrawal = &e
	return s
}

// foldTransferred moves the participant's enrolment to the new cohort; the
// learning record (trophies, attempts, scores…) is the stream's and stays.
func foldTransferred(s State, e cohort.ParticipantTransferred) State {
	en := e.Enrolment
	s.Enrolment = &en
	s.Transfers = append(s.Transfers, e)
	return s
}

// DecideWithdrawal is R-MOVE-1 on the participant: one still in training,
// not decided (a decision stands; a dispute contests it).
func DecideWithdrawal(s State, e cohort.ParticipantWithdrew) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	if s.Withdrawal != nil {
		if *s.Withdrawal == e {
			return []domain.Event{e}, nil
		}
		return nil, domain.Conflict("R-MOVE-1", "the participant withdrew on "+string(s.Withdrawal.WithdrawnOn))
	}
	if d := s.Decision(); d != nil {
		return nil, domain.Conflict("R-MOVE-1", "the graduation meeting "+d.MeetingRef+" has decided this participant; a decided participant does not withdraw")
	}
	return []domain.Event{e}, nil
}

// DecideTransfer is R-MOVE-2 on the participant: enrolled in the cohort the
// move leaves, not withdrawn, not decided.
func DecideTransfer(s State, e cohort.ParticipantTransferred) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	if s.Withdrawal != nil {
		return nil, domain.Conflict("R-MOVE-1", "the participant withdrew on "+string(s.Withdrawal.WithdrawnOn))
	}
	if d := s.Decision(); d != nil {
		return nil, domain.Conflict("R-MOVE-2", "the graduation meeting "+d.MeetingRef+" has decided this participant; a decided participant is not moved")
	}
	if s.Enrolment.CohortID != e.FromCohortID {
		return nil, domain.Conflict("R-MOVE-2", "the participant is in cohort "+s.Enrolment.CohortID)
	}
	return []domain.Event{e}, nil
}
