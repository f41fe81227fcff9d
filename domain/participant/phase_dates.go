package participant

import (
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/seminar"
)

// The checks of a participant's dates against the phases of their cohort
// (rules.md "Dates within the phases"). The phases are those the enrolment
// copied; a participant whose cohort has none (opened without a template,
// or enrolled before enrolments carried phases) is judged by R-DATE only.
// Times are judged on the UTC calendar: "on or after day d" holds from the
// day before d (a WIB morning is the day before in UTC, as R-DATE-1).

// onOrAfter tells whether t falls on day d or later, a day's margin before.
func onOrAfter(t time.Time, d domain.Date) bool { return !t.Before(d.AddDays(-1).Time()) }

// moocWindow is R-PHASE-2's: from the MOOC's first day to the last day
// before klasikal begins, by when the MOOC is to be passed (000).
func moocWindow(en *cohort.ParticipantEnrolled) (from, before domain.Date, ok bool) {
	m, ok := en.PhaseOf(cohort.PhaseMOOC)
	if !ok {
		return "", "", false
	}
	before = m.EndsOn.AddDays(1)
	if k, ok := en.PhaseOf(cohort.PhaseKlasikal); ok {
		before = k.StartsOn
	}
	return m.StartsOn, before, true
}

// inMOOC is R-PHASE-2 and R-PHASE-3 for a trophy's earned_at or an
// attempt's taken_at: inside the MOOC's window and before the klasikal
// check-in.
func inMOOC(s State, field string, t time.Time) error {
	from, before, ok := moocWindow(s.Enrolment)
	if !ok {
		return nil
	}
	if !onOrAfter(t, from) || !t.Before(before.Time()) {
		return domain.Refuse("R-PHASE-2", field, field+" falls in the MOOC of cohort "+s.Enrolment.CohortID+": on or after "+string(from)+" and before klasikal begins on "+string(before))
	}
	if s.CheckedIn != nil && !t.Before(*s.CheckedIn) {
		return domain.Refuse("R-PHASE-3", field, field+" comes before the klasikal check-in of "+s.CheckedIn.Format(time.RFC3339))
	}
	return nil
}

// checkInPhase is R-PHASE-3 for the check-in: during klasikal (a day's
// margin either side), after every trophy and posttest attempt recorded.
func checkInPhase(s State, t time.Time) error {
	k, ok := s.Enrolment.PhaseOf(cohort.PhaseKlasikal)
	if !ok {
		return nil
	}
	if !k.Window().Holds(t, 1, 1) {
		return domain.Refuse("R-PHASE-3", "checked_in_at", "the klasikal check-in falls in klasikal, "+k.Window().String()+" (a day's margin either side for time zones)")
	}
	if last, what := lastMOOCFact(s); !last.IsZero() && !t.After(last) {
		return domain.Refuse("R-PHASE-3", "checked_in_at", "the klasikal check-in follows the MOOC: "+what+" is dated "+last.Format(time.RFC3339))
	}
	return nil
}

// lastMOOCFact is the latest trophy or posttest attempt, and what it is.
func lastMOOCFact(s State) (time.Time, string) {
	var last time.Time
	var what string
	for _, tr := range s.Trophies {
		if tr.EarnedAt.After(last) {
			last, what = tr.EarnedAt, "the trophy of "+tr.ActivityID
		}
	}
	for _, a := range s.Attempts {
		if a.TakenAt.After(last) {
			last, what = a.TakenAt, "posttest attempt "+a.AttemptID
		}
	}
	return last, what
}

// AssessedPhase is the phase a component assesses (R-PHASE-5): its score
// is not assessed before that phase begins. academic_mooc is derived from
// the posttest and has none.
func AssessedPhase(c Component) string {
	switch c {
	case AttitudeInstitution, ActualizationImplementation:
		// The institution's attitude covers klasikal too (000, Evaluasi
		// 3); the implementation is examined at the seminar aktualisasi,
		// klasikal's fifth day.
		return cohort.PhaseKlasikal
	case AttitudeAgency:
		// The home agency judges the actualisation at the workplace and PKTBT.
		return cohort.PhaseActualization
	case AcademicElearning, ActualizationDesign:
		// The case/essay evaluation (e-learning day 12) and seminar R.A
		// (days 21-22).
		return cohort.PhaseElearning
	case PKTBT:
		return cohort.PhasePKTBT
	}
	return ""
}

// assessedAfterPhase is R-PHASE-5 for a component score's assessed_at.
func assessedAfterPhase(s State, e ComponentScored) error {
	p, ok := s.Enrolment.PhaseOf(AssessedPhase(e.Component))
	if !ok || onOrAfter(e.AssessedAt, p.StartsOn) {
		return nil
	}
	return domain.Refuse("R-PHASE-5", "assessed_at", string(e.Component)+" assesses "+p.Phase+", which begins on "+string(p.StartsOn)+": it is not assessed before")
}

// scoredAfterSeminar is R-PHASE-5 for a seminar score: not scored before
// the seminar is held.
func scoredAfterSeminar(s State, date domain.Date, at time.Time) error {
	if len(s.Enrolment.Phases) == 0 || onOrAfter(at, date) {
		return nil
	}
	return domain.Refuse("R-PHASE-5", "scored_at", "a seminar held on "+string(date)+" is not scored before it")
}

// evaluatedBy tells whether academic_elearning was assessed by day d (on
// the UTC calendar, d itself included).
func (s State) evaluatedBy(d domain.Date) bool {
	return s.ElearningEvaluated != nil && s.ElearningEvaluated.Before(d.AddDays(1).Time())
}

// academicEvaluationMissing is R-PHASE-8 at a seminar R.A score: the
// participant has no academic_elearning evaluation by the seminar's day.
func academicEvaluationMissing(s State, sem seminar.Scheduled) bool {
	return len(s.Enrolment.Phases) > 0 && sem.Kind == seminar.Design && !s.evaluatedBy(sem.Date)
}

// evaluatedAfterSeminar is R-PHASE-8 at an academic_elearning score: the
// participant's first seminar R.A, when it was held before the day the
// score is assessed and no evaluation was assessed by its day ("" else).
func evaluatedAfterSeminar(s State, e ComponentScored) string {
	if len(s.Enrolment.Phases) == 0 || e.Component != AcademicElearning {
		return ""
	}
	var first *SeminarRecord
	for _, r := range s.Seminars {
		if r.Kind == seminar.Design && (first == nil || r.Date < first.Date || r.Date == first.Date && r.SeminarID < first.SeminarID) {
			first = &r
		}
	}
	if first == nil || e.AssessedAt.Before(first.Date.AddDays(1).Time()) || s.evaluatedBy(first.Date) {
		return ""
	}
	return first.SeminarID
}
