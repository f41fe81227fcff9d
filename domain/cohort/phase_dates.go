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

// phaseSpan is a run of phases, from the first day of From to the last of To.
type phaseSpan struct{ From, To string }

// sessionPhases are the phases a session of each mode is held in
// (R-PHASE-4): synchronous sessions in distance learning (e-learning and
// the actualisation at the workplace), klasikal sessions in klasikal.
var sessionPhases = map[string]phaseSpan{
	ModeSynchronous: {PhaseElearning, PhaseActualization},
	ModeKlasikal:    {PhaseKlasikal, PhaseKlasikal},
}

// window is the span's days, when the cohort has both phases.
func (s State) window(sp phaseSpan) (domain.Window, bool) {
	first, ok1 := s.PhaseOf(sp.From)
	last, ok2 := s.PhaseOf(sp.To)
	if !ok1 || !ok2 {
		return domain.Window{}, false
	}
	return domain.Window{StartsOn: first.StartsOn, EndsOn: last.EndsOn}, true
}

// String names the span ("elearning to actualization", "klasikal").
func (sp phaseSpan) String() string {
	if sp.From == sp.To {
		return sp.From
	}
	return sp.From + " to " + sp.To
}

// CheckSessionPhase is R-PHASE-4 for a session: its date lies in the
// phases of its mode. A cohort without phases is not judged (R-DATE-2
// still is).
func (s State) CheckSessionPhase(mode string, date domain.Date) error {
	sp, ok := sessionPhases[mode]
	if !ok {
		return nil
	}
	if w, ok := s.window(sp); ok && (date < w.StartsOn || date > w.EndsOn) {
		return domain.Refuse("R-PHASE-4", "date", "a "+mode+" session of cohort "+s.Opened.CohortID+" is held in "+sp.String()+", "+w.String())
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
