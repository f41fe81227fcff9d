package cohort

import (
	"github.com/latsar/ledger/domain"
)

// PhaseNamed is the phase called name in a layout (R-PHASE-1); a cohort
// without phases has none.
func PhaseNamed(phases []Phase, name string) (Phase, bool) {
	for _, p := range phases {
		if p.Phase == name {
			return p, true
		}
	}
	return Phase{}, false
}

// PhaseOf is the cohort's phase called name, as laid out at the opening.
func (s State) PhaseOf(name string) (Phase, bool) {
	if s.Opened == nil {
		return Phase{}, false
	}
	return PhaseNamed(s.Opened.Phases, name)
}

// PhaseOf is the phase called name of the cohort the enrolment is in, as
// the enrolment copied it (none before enrolments carried phases).
func (e ParticipantEnrolled) PhaseOf(name string) (Phase, bool) {
	return PhaseNamed(e.Phases, name)
}

// Window is the phase's days, starts_on..ends_on.
func (p Phase) Window() domain.Window {
	return domain.Window{StartsOn: p.StartsOn, EndsOn: p.EndsOn}
}

// TrainingEnds is the last day of the cohort's training (R-PHASE-6): its
// ends_on, or klasikal's last day when a phase was moved past it.
func (s State) TrainingEnds() domain.Date {
	ends := s.Opened.EndsOn
	if k, ok := s.PhaseOf(PhaseKlasikal); ok && k.EndsOn > ends {
		ends = k.EndsOn
	}
	return ends
}

// sessionPhases are the phases a session of each mode is held in
// (R-PHASE-4): synchronous sessions in distance learning (e-learning and
// the actualisation at the workplace), klasikal sessions in klasikal.
var sessionPhases = map[string][2]string{
	ModeSynchronous: {PhaseElearning, PhaseActualization},
	ModeKlasikal:    {PhaseKlasikal, PhaseKlasikal},
}

// between is the days from the first day of phase from to the last of
// phase to, when the cohort has both.
func (s State) between(from, to string) (domain.Window, bool) {
	first, ok1 := s.PhaseOf(from)
	last, ok2 := s.PhaseOf(to)
	if !ok1 || !ok2 {
		return domain.Window{}, false
	}
	return domain.Window{StartsOn: first.StartsOn, EndsOn: last.EndsOn}, true
}

// CheckSessionPhase is R-PHASE-4 for a session: its date lies in the
// phases of its mode. A cohort without phases is not judged (R-DATE-2
// still is).
func (s State) CheckSessionPhase(mode string, date domain.Date) error {
	ph, ok := sessionPhases[mode]
	if !ok {
		return nil
	}
	w, ok := s.between(ph[0], ph[1])
	if ok && (date < w.StartsOn || date > w.EndsOn) {
		where := ph[0]
		if ph[1] != ph[0] {
			where += " to " + ph[1]
		}
		return domain.Refuse("R-PHASE-4", "date", "a "+mode+" session of cohort "+s.Opened.CohortID+" is held in "+where+", "+w.String())
	}
	return nil
}

// CheckWithinPhase is R-PHASE-4 for a thing dated in one phase (a
// seminar): date lies in phase name. A cohort without it is not judged.
func (s State) CheckWithinPhase(name, what string, date domain.Date) error {
	p, ok := s.PhaseOf(name)
	if ok && (date < p.StartsOn || date > p.EndsOn) {
		return domain.Refuse("R-PHASE-4", "date", what+" of cohort "+s.Opened.CohortID+" is held in "+name+", "+p.Window().String())
	}
	return nil
}

// checkMeetingAfterTraining is R-PHASE-6: the first graduation meeting is
// held on or after klasikal's last day, when a moved phase puts it after
// ends_on (R-DATE-4 has judged ends_on already).
func (s State) checkMeetingAfterTraining(on domain.Date) error {
	if ends := s.TrainingEnds(); on < ends {
		return domain.Refuse("R-PHASE-6", "decided_on", "the graduation meeting is held on or after the day klasikal ends ("+string(ends)+")")
	}
	return nil
}
