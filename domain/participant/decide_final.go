package participant

import (
	"slices"
	"strings"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// RecordAttendance is one participant's attendance at a session; the session's
// facts come from the cohort.
type RecordAttendance struct{ AttendanceRecorded }

// DecideAttendance records attendance (R-ATT-1) unless it repeats the record
// in force for the session.
func DecideAttendance(s State, c RecordAttendance) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	e := c.AttendanceRecorded
	if e.Mode != ModeSynchronous && e.Mode != ModeKlasikal {
		return nil, domain.Refuse("R-ATT-1", "mode", "attendance is taken in synchronous and klasikal sessions only")
	}
	if e.Status != Present && e.Status != Absent {
		return nil, domain.Refuse("", "status", "status is present or absent")
	}
	if prior, ok := s.Attendance[e.SessionID]; ok && prior.Status == e.Status && prior.JP == e.JP && slices.Equal(prior.DaySessions, e.DaySessions) {
		return nil, nil // the record in force already says so
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// Score is an assessor's score of a component.
type Score struct{ ComponentScored }

// DecideScore records a component score; academic_mooc is derived from the
// posttest (R-POST-2) and never scored by hand.
func DecideScore(s State, c Score) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	e := c.ComponentScored
	e.AssessedAt = e.AssessedAt.UTC()
	var v domain.Invalid
	switch {
	case !e.Component.Valid():
		v.Add("R-EVAL-1", "component", "component is one of attitude_institution, attitude_agency, academic_elearning, actualization_design, actualization_implementation, pktbt")
	case e.Component.AssessedBy() == Derived:
		v.Add("R-POST-2", "component", "academic_mooc is the posttest result (R-POST-2); it is never entered by hand")
	}
	if strings.TrimSpace(e.Assessor) == "" {
		v.Add("", "assessor", "assessor is required")
	} else if msg := domain.Line("assessor", e.Assessor, domain.MaxNameLen); msg != "" {
		v.Add("R-INPUT-2", "assessor", msg)
	}
	if e.AssessedAt.IsZero() {
		v.Add("", "assessed_at", "assessed_at is an RFC 3339 time")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !s.LateScoreFor(e.Component) {
		if err := openForLearning(s); err != nil {
			return nil, err
		}
	}
	if w := s.Enrolment.Window(); !w.Holds(e.AssessedAt, 1, ScoreMarginDays) {
		return nil, domain.Refuse("R-DATE-3", "assessed_at", "assessed_at falls within the training of cohort "+s.Enrolment.CohortID+", "+w.String()+", or at most 30 days after it ends")
	}
	if err := assessedAfterPhase(s, e); err != nil {
		return nil, err
	}
	e.AfterSeminar = evaluatedAfterSeminar(s, e)
	return []domain.Event{e}, nil
}

// ScoreMarginDays is how long after ends_on a component may still be
// assessed (R-DATE-3): the institution's and the agency's evaluations are
// written up after the last day, before the graduation meeting; a month is
// room enough, and a later score is a correction's, which is judged by the
// same rule.
const ScoreMarginDays = 30

// DecideGraduation records the meeting's decision for this participant. A
// second call for the same meeting answers the decision recorded then; a
// first meeting cannot be held twice, and a repeat meeting decides only a
// participant it deferred.
func DecideGraduation(s State, d GraduationDecided) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	if prior, ok := s.DecisionAt(d.MeetingRef); ok {
		return []domain.Event{prior}, nil
	}
	last := s.Decision()
	switch {
	case !d.Redecision && last != nil:
		return nil, domain.Conflict("R-GRAD-4", "the cohort was decided at meeting "+last.MeetingRef)
	case d.Redecision && d.DisputeID == "" && last != nil && last.Outcome == Incomplete:
		if !s.CompleteSinceIncomplete() {
			return nil, domain.Conflict("R-GRAD-5", "a participant decided incomplete is decided again once every component is scored")
		}
	case d.Redecision && d.DisputeID == "" && (last == nil || last.Outcome != Ditunda):
		return nil, domain.Conflict("R-REM-4", "a repeat meeting decides only participants it deferred (or, R-GRAD-5, decided incomplete and now complete)")
	case d.DisputeID != "" && !s.UpheldDispute(d.DisputeID):
		return nil, domain.Refuse("", "dispute_id", "a redecision needs an upheld dispute of this participant not used yet")
	case d.DisputeID != "" && d.DecidedOn < s.disputedOn(d.DisputeID):
		return nil, domain.Refuse("R-DATE-4", "decided_on", "a redecision follows the decision disputed, taken on "+string(s.disputedOn(d.DisputeID)))
	}
	return []domain.Event{d}, nil
}

// TakeRemedial is a remedial score for a deferring component, with the
// cohort's remedial deadline.
type TakeRemedial struct {
	Component Component
	Score     domain.Score
	TakenOn   domain.Date
	Deadline  domain.Date
}

// DecideRemedial applies R-REM-1..3: only a component that deferred the
// participant, once, by the deadline, and only components that have a remedial.
func DecideRemedial(s State, c TakeRemedial) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	if !c.Component.Valid() {
		return nil, domain.Refuse("R-REM-1", "component", "component is one of the components of rules.md §6")
	}
	rule := RemedialRule(c.Component)
	if rule == "" {
		return nil, domain.Refuse("R-REM-3", "component", string(c.Component)+" has no remedial (only academic_mooc, academic_elearning, actualization_implementation and pktbt do)")
	}
	e := RemedialTaken(c)
	if prior, ok := s.Remedials[c.Component]; ok {
		if prior.Score == e.Score && prior.TakenOn == e.TakenOn {
			return []domain.Event{prior}, nil
		}
		return nil, domain.Refuse("R-REM-1", "component", "the one remedial of "+string(c.Component)+" was taken on "+string(prior.TakenOn))
	}
	if !s.deferredOn(c.Component) {
		return nil, domain.Refuse("R-REM-1", "component", "a remedial is for a component that deferred the participant at the graduation meeting")
	}
	if c.TakenOn > c.Deadline {
		return nil, domain.Refuse(rule, "taken_on", "the remedial deadline was "+string(c.Deadline))
	}
	if decidedOn := s.Decision().DecidedOn; c.TakenOn < decidedOn {
		return nil, domain.Refuse("R-REM-1", "taken_on", "a remedial follows the meeting of "+string(decidedOn))
	}
	return []domain.Event{e}, nil
}

// RepeatMeetingDays is R-REM-4's limit in working days after the first meeting.
const RepeatMeetingDays = 15

// CheckRepeatMeeting is R-REM-4: the repeat meeting is held at most 15
// working days after the first.
func CheckRepeatMeeting(first, on domain.Date, holidays map[domain.Date]bool) error {
	limit := cohort.AddWorkingDays(first, RepeatMeetingDays, holidays)
	if on > limit {
		return domain.Refuse("R-REM-4", "decided_on", "the repeat meeting is held by "+string(limit)+", 15 working days after "+string(first))
	}
	if on < first {
		return domain.Refuse("R-REM-4", "decided_on", "the repeat meeting follows the meeting of "+string(first))
	}
	return nil
}
