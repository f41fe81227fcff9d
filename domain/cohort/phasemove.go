package cohort

import (
	"slices"
	"strconv"
	"strings"

	"github.com/latsar/ledger/domain"
)

// PhaseMoved records the institution's move of one phase of a cohort laid
// out by a template (R-PHASE-20): where it started, where it starts now,
// why, and the whole layout after the move, in which the phases after it
// follow it as the template lays them out (each keeping its working days,
// counted over the holidays configured when it was moved).
type PhaseMoved struct {
	CohortID     string      `json:"cohort_id"`
	Phase        string      `json:"phase"`
	FromStartsOn domain.Date `json:"from_starts_on"`
	StartsOn     domain.Date `json:"starts_on"`
	Reason       string      `json:"reason"`
	Phases       []Phase     `json:"phases"`
	// Sessions are the template's default sessions (R-PHASE-21) in the
	// span that moves, dated again on the moved layout: they move with
	// their phase (nobody attended them yet, or the move is refused).
	Sessions []SessionScheduled `json:"sessions,omitempty"`
}

// EventType implements domain.Event.
func (PhaseMoved) EventType() string { return "CohortPhaseMoved" }

// MovePhase asks for a phase to start on another working day.
type MovePhase struct {
	Phase    string
	StartsOn domain.Date
	Reason   string
	Holidays map[domain.Date]bool
}

// foldPhaseMoved puts the moved layout in force: the opening's record
// stays as it was in the log, the state's copy carries the phases now.
func foldPhaseMoved(s State, e PhaseMoved) State {
	if s.Opened == nil {
		return s
	}
	o := *s.Opened
	o.Phases = e.Phases
	s.Opened = &o
	s.PhaseMoves = append(s.PhaseMoves, e)
	if len(e.Sessions) > 0 {
		sessions := slices.Clone(s.Sessions) // shared with the states before
		for _, ss := range e.Sessions {
			if i, ok := s.SessionByID[ss.SessionID]; ok {
				sessions[i] = ss
			}
		}
		s.Sessions = sessions
	}
	return s
}

// repeats tells whether e is the move c asks for.
func (e PhaseMoved) repeats(c MovePhase) bool {
	return e.Phase == c.Phase && e.StartsOn == c.StartsOn && e.Reason == c.Reason
}

// RepeatsLatestMove tells whether c is the cohort's latest move asked again.
func (s State) RepeatsLatestMove(c MovePhase) bool {
	n := len(s.PhaseMoves)
	return n > 0 && s.PhaseMoves[n-1].repeats(c)
}

// PhaseMoveKey is the natural id of the move c on s: its number among
// the cohort's moves, the latest one's when c repeats it, so a phase moved
// back and forth is a new move each time and a retry is recorded once.
func PhaseMoveKey(s State, c MovePhase) string {
	n := len(s.PhaseMoves)
	if s.RepeatsLatestMove(c) {
		n--
	}
	return "phase-move:" + strconv.Itoa(n)
}

// DecideMovePhase is R-PHASE-20: a phase of a template's layout, not
// pktbt (it runs alongside actualisation), moves to a working day with a
// reason; the order of the phases holds (it starts after the phase before
// it ends; the MOOC not before the cohort starts), the training stays
// within starts_on..ends_on (which every enrolment carries, R-DATE-1), the
// template's default sessions in the span that moves move with their phase
// (R-PHASE-21) while any other session there holds the move back, and a
// decided cohort's phases stand. The latest move asked again is a repeat.
func DecideMovePhase(s State, c MovePhase) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	if len(s.Opened.Phases) == 0 {
		return nil, domain.Conflict("R-PHASE-20", "cohort "+s.Opened.CohortID+" was opened without a template: it has no phases to move")
	}
	if s.RepeatsLatestMove(c) {
		return []domain.Event{s.PhaseMoves[len(s.PhaseMoves)-1]}, nil
	}
	var v domain.Invalid
	if strings.TrimSpace(c.Reason) == "" {
		v.Add("R-PHASE-20", "reason", "a move of a phase records its reason")
	} else if msg := domain.Text("reason", c.Reason, domain.MaxTextLen); msg != "" {
		v.Add("R-INPUT-2", "reason", msg)
	}
	phases := s.Opened.Phases
	i := slices.IndexFunc(phases, func(p Phase) bool { return p.Phase == c.Phase })
	t := Templates[s.Opened.Template]
	switch {
	case i < 0 || i >= len(t.Steps):
		v.Add("R-PHASE-20", "phase", "phase is one of "+phaseNames(phases))
	case t.Steps[i].Alongside:
		v.Add("R-PHASE-20", "phase", c.Phase+" runs alongside "+phases[i-1].Phase+": move "+phases[i-1].Phase)
	}
	if _, ok := domain.ParseDate(string(c.StartsOn)); !ok {
		v.Add("", "starts_on", "starts_on is a date YYYY-MM-DD")
	} else if !WorkingDay(c.StartsOn, c.Holidays) {
		v.Add("R-PHASE-20", "starts_on", "a phase starts on a working day (Monday to Friday, not a holiday)")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if m := s.FirstMeeting(); m != nil {
		return nil, domain.Conflict("R-PHASE-20", "the graduation meeting "+m.MeetingRef+" has decided this cohort: its phases stand")
	}
	from := phases[i].StartsOn
	if err := checkMoveBounds(s, i, c.StartsOn); err != nil {
		return nil, err
	}
	moved := relayFrom(t, phases, i, c.StartsOn, c.Holidays)
	if err := checkMovedWindow(s, moved); err != nil {
		return nil, err
	}
	sessions, err := sessionsMoved(s, min(from, c.StartsOn), moved, c.Holidays)
	if err != nil {
		return nil, err
	}
	return []domain.Event{PhaseMoved{CohortID: s.Opened.CohortID, Phase: c.Phase, FromStartsOn: from, StartsOn: c.StartsOn,
		Reason: c.Reason, Phases: moved, Sessions: sessions}}, nil
}

// sessionsMoved dates again, on the moved layout, the default sessions
// scheduled on or after from; a session there that the institution
// scheduled itself was planned on the layout in force and holds the move
// back (R-PHASE-20).
func sessionsMoved(s State, from domain.Date, moved []Phase, holidays map[domain.Date]bool) ([]SessionScheduled, error) {
	relaid := map[string]SessionScheduled{}
	if s.Opened.DefaultSessions {
		o := *s.Opened
		o.Phases = moved
		for _, ss := range DefaultSessions(o, holidays) {
			relaid[ss.SessionID] = ss
		}
	}
	var out []SessionScheduled
	for _, ss := range s.Sessions {
		if ss.Date < from {
			continue
		}
		again, ok := relaid[ss.SessionID]
		if !ok {
			return nil, domain.Conflict("R-PHASE-20", "session "+ss.SessionID+" is scheduled on "+string(ss.Date)+", in the span this move shifts: its date was planned on the layout in force")
		}
		if again.Date != ss.Date {
			ss.Date = again.Date
			out = append(out, ss)
		}
	}
	return out, nil
}

// checkMoveBounds keeps the order of the phases (R-PHASE-20): phase i
// starts after the phase before it ends (the MOOC, on or after the
// cohort's starts_on), and somewhere else than now.
func checkMoveBounds(s State, i int, starts domain.Date) error {
	phases := s.Opened.Phases
	switch {
	case phases[i].StartsOn == starts:
		return domain.Refuse("R-PHASE-20", "starts_on", phases[i].Phase+" already starts on "+string(starts))
	case i == 0 && starts < s.Opened.StartsOn:
		return domain.Refuse("R-PHASE-20", "starts_on", "the MOOC starts on or after the cohort's starts_on ("+string(s.Opened.StartsOn)+")")
	case i > 0 && starts <= phases[i-1].EndsOn:
		return domain.Refuse("R-PHASE-20", "starts_on", phases[i].Phase+" starts after "+phases[i-1].Phase+" ends ("+string(phases[i-1].EndsOn)+"): the order of the phases holds")
	}
	return nil
}

// checkMovedWindow keeps a moved layout within the cohort's training,
// starts_on..ends_on, which the enrolments carry; the graduation meeting's
// day lies after it, at most R-DATE-6's year later.
func checkMovedWindow(s State, moved []Phase) error {
	if ends := TrainingEnds(moved); ends > s.Opened.EndsOn {
		return domain.Refuse("R-PHASE-20", "starts_on", "the training would end on "+string(ends)+", after the cohort's ends_on ("+string(s.Opened.EndsOn)+"): a move stays within the training every enrolment carries")
	}
	last := moved[len(moved)-1]
	if limit := s.Opened.EndsOn.AddDays(MaxDeadlineDays); last.EndsOn > limit {
		return domain.Refuse("R-DATE-6", "starts_on", last.Phase+" would be after "+string(limit)+", a year after the training ends")
	}
	return nil
}

// relayFrom lays phase i out from starts and the phases after it behind
// it, as the template does (Template.LayOut); the phases before it stay.
func relayFrom(t Template, phases []Phase, i int, starts domain.Date, holidays map[domain.Date]bool) []Phase {
	return t.layFrom(slices.Clone(phases[:i]), i, starts, phases[max(i-1, 0)], holidays)
}

func phaseNames(phases []Phase) string {
	names := make([]string, len(phases))
	for i, p := range phases {
		names[i] = p.Phase
	}
	return strings.Join(names, ", ")
}
