package cohort

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/latsar/ledger/domain"
)

// MaxGroupSize is R-COH-4's limit.
const MaxGroupSize = 10

// openForLearning refuses roster, group and session changes once the first
// graduation meeting has decided the cohort.
func openForLearning(s State) error {
	if m := s.FirstMeeting(); m != nil {
		return domain.Conflict("R-GRAD-4", "the graduation meeting "+m.MeetingRef+" has decided this cohort; it is closed to new learning events")
	}
	return nil
}

// FormGroup asks for a synchronous learning group.
type FormGroup struct {
	GroupID string
	NIPs    []string
}

// DecideGroup applies R-COH-4: at most 10 participants, all of this cohort,
// none already in another group.
func DecideGroup(s State, c FormGroup) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	var v domain.Invalid
	if !domain.ValidID(c.GroupID) {
		v.Add("", "group_id", "group_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if len(c.NIPs) == 0 || len(c.NIPs) > MaxGroupSize {
		v.Add("R-COH-4", "nips", fmt.Sprintf("a group holds 1 to %d participants", MaxGroupSize))
	}
	nips := s.OnRoster(c.NIPs, "R-COH-4", &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := GroupFormed{GroupID: c.GroupID, NIPs: nips}
	for _, g := range s.Groups {
		if g.GroupID == e.GroupID {
			if reflect.DeepEqual(g, e) {
				return []domain.Event{g}, nil
			}
			return nil, domain.Conflict("R-COH-4", "group "+e.GroupID+" exists with other members")
		}
	}
	for i, n := range nips {
		if other, ok := s.GroupOf[n]; ok {
			return nil, domain.Refuse("R-COH-4", fmt.Sprintf("nips[%d]", i), string(n)+" is already in group "+other)
		}
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// Attendance modes of sessions (R-ATT-1).
const (
	ModeSynchronous = "synchronous"
	ModeKlasikal    = "klasikal"
)

// DecideSession schedules a synchronous or klasikal session.
func DecideSession(s State, e SessionScheduled) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	var v domain.Invalid
	if !domain.ValidID(e.SessionID) {
		v.Add("", "session_id", "session_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if e.Mode != ModeSynchronous && e.Mode != ModeKlasikal {
		v.Add("R-ATT-1", "mode", "mode is synchronous or klasikal: asynchronous work takes no attendance")
	}
	if _, ok := domain.ParseDate(string(e.Date)); !ok {
		v.Add("", "date", "date is YYYY-MM-DD")
	}
	if e.JP < 1 || e.JP > 14 {
		v.Add("", "jp", "jp is 1 to 14 (the longest klasikal day has 14 JP)")
	}
	if strings.TrimSpace(e.Title) == "" {
		v.Add("", "title", "title is required")
	} else if msg := domain.Line("title", e.Title, domain.MaxNameLen); msg != "" {
		v.Add("R-INPUT-2", "title", msg)
	}
	if e.GroupID != "" && !slices.ContainsFunc(s.Groups, func(g GroupFormed) bool { return g.GroupID == e.GroupID }) {
		v.Add("R-COH-4", "group_id", "no group "+e.GroupID+" in cohort "+s.Opened.CohortID)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if prior, ok := s.Session(e.SessionID); ok {
		if prior == e {
			return []domain.Event{prior}, nil
		}
		return nil, domain.Conflict("", "session "+e.SessionID+" exists with other details")
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	if w := s.Window(); e.Date < w.StartsOn || e.Date > w.EndsOn {
		return nil, domain.Refuse("R-DATE-2", "date", "a session of cohort "+s.Opened.CohortID+" is dated within its training, "+w.String())
	}
	if err := s.CheckSessionPhase(e.Mode, e.Date); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// DecideMeeting closes a graduation meeting on the cohort stream; the same
// meeting again answers the event recorded then.
func DecideMeeting(s State, e GraduationMeetingHeld) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	for _, m := range s.Meetings {
		if m.MeetingRef == e.MeetingRef {
			return []domain.Event{m}, nil
		}
	}
	if first := s.FirstMeeting(); first != nil && !e.Redecision {
		return nil, domain.Conflict("R-GRAD-4", "the cohort was decided at meeting "+first.MeetingRef)
	}
	if err := CheckMeetingDate(s, e.DecidedOn, e.Redecision); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// CheckMeetingDate is R-DATE-4: the graduation meeting decides on the final
// evaluation, so it is held on or after the day the training ends (the
// repeat meeting follows it, R-REM-4); and R-PHASE-6: on or after
// klasikal's last day.
func CheckMeetingDate(s State, on domain.Date, repeat bool) error {
	if repeat {
		return nil
	}
	if on < s.Opened.EndsOn {
		return domain.Refuse("R-DATE-4", "decided_on", "the graduation meeting is held on or after the day the training ends ("+string(s.Opened.EndsOn)+")")
	}
	return s.checkMeetingAfterTraining(on)
}

// DecideDeadline records a later remedial deadline with its reason (R-REM-3).
func DecideDeadline(s State, e RemedialDeadlineExtended) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	var v domain.Invalid
	if strings.TrimSpace(e.Reason) == "" {
		v.Add("R-REM-3", "reason", "a later deadline needs its reason")
	} else if msg := domain.Text("reason", e.Reason, domain.MaxTextLen); msg != "" {
		v.Add("R-INPUT-2", "reason", msg)
	}
	if s.Extension != nil && *s.Extension == e {
		return []domain.Event{e}, nil // the same extension again
	}
	if _, ok := domain.ParseDate(string(e.Deadline)); !ok {
		v.Add("", "deadline", "deadline is YYYY-MM-DD")
	} else if current := s.RemedialDeadline(); e.Deadline <= current {
		v.Add("R-REM-3", "deadline", "a recorded deadline only moves later than the one in force ("+string(current)+")")
	} else if limit := s.Opened.EndsOn.AddDays(MaxDeadlineDays); e.Deadline > limit {
		v.Add("R-DATE-6", "deadline", "a remedial deadline is at most a year after the training ends ("+string(limit)+")")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}
