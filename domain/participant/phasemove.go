package participant

import (
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// foldPhaseMoved puts a move of the cohort's phases in the enrolment's
// copy (R-PHASE-20), so the participant's phase checks (R-PHASE-2..5)
// judge the layout in force. An enrolment that copied no phases (recorded
// before enrolments did) stays unjudged, as it was.
func foldPhaseMoved(s State, e cohort.PhaseMoved) State {
	if s.Enrolment == nil || s.Enrolment.CohortID != e.CohortID || s.Enrolment.Phases == nil {
		return s
	}
	en := *s.Enrolment
	en.Phases = e.Phases
	s.Enrolment = &en
	return s
}

// DecidePhaseMove is R-PHASE-20 on a participant of the cohort: the move
// does not pass over a learning fact of theirs already recorded in the
// span it shifts (from the day before the earlier of the phase's old and
// new first day: R-PHASE-3's margin), whose phase it would change under
// it: a trophy, a posttest attempt, the check-in, an attendance, a
// remedial, the e-learning evaluation. One whose enrolment carries no
// phases of this cohort takes no copy.
func DecidePhaseMove(s State, e cohort.PhaseMoved) ([]domain.Event, error) {
	if !s.Enrolled() || s.Enrolment.CohortID != e.CohortID || s.Enrolment.Phases == nil {
		return nil, nil
	}
	from := min(e.FromStartsOn, e.StartsOn).AddDays(-1)
	if what, on, ok := factFrom(s, from); ok {
		return nil, domain.Conflict("R-PHASE-20", "participant "+string(s.Enrolment.NIP)+"'s "+what+" is recorded on "+string(on)+
			", in the span this move shifts: a move does not pass over recorded facts")
	}
	return []domain.Event{e}, nil
}

// factFrom is a dated learning fact of s on or after from, if any.
func factFrom(s State, from domain.Date) (string, domain.Date, bool) {
	day := func(t time.Time) domain.Date { return domain.Date(t.UTC().Format(time.DateOnly)) }
	for _, t := range s.Trophies {
		if d := day(t.EarnedAt); d >= from {
			return "trophy " + t.ActivityID, d, true
		}
	}
	for _, a := range s.Attempts {
		if d := day(a.TakenAt); d >= from {
			return "posttest attempt " + a.AttemptID, d, true
		}
	}
	if s.CheckedIn != nil && day(*s.CheckedIn) >= from {
		return "check-in", day(*s.CheckedIn), true
	}
	for _, a := range s.Attendance {
		if a.Date >= from {
			return "attendance at " + a.SessionID, a.Date, true
		}
	}
	for _, r := range s.Remedials {
		if r.TakenOn >= from {
			return "remedial " + string(r.Component), r.TakenOn, true
		}
	}
	if s.ElearningEvaluated != nil && day(*s.ElearningEvaluated) >= from {
		return "e-learning evaluation", day(*s.ElearningEvaluated), true
	}
	return "", "", false
}
