package participant

import (
	"strconv"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// EarnTrophy claims a trophy for a learning activity.
type EarnTrophy struct{ TrophyEarned }

// AttemptPosttest submits a posttest attempt's two parts.
type AttemptPosttest struct {
	AttemptID  string
	Substansi1 domain.Score
	Substansi2 domain.Score
	TakenAt    time.Time
}

// CheckIn records arrival for klasikal learning.
type CheckIn struct{ CheckedInAt time.Time }

// DecideEnrolment copies a cohort enrolment into the participant's stream. A
// participant belongs to one cohort; the same enrolment again is a repeat.
func DecideEnrolment(s State, e cohort.ParticipantEnrolled) ([]domain.Event, error) {
	if s.Withdrawal != nil {
		return nil, domain.Conflict("R-MOVE-1", "participant "+string(e.NIP)+" withdrew on "+string(s.Withdrawal.WithdrawnOn))
	}
	if s.Enrolled() {
		if s.Enrolment.CohortID != e.CohortID {
			return nil, domain.Conflict("", "participant "+string(e.NIP)+" is already enrolled in cohort "+s.Enrolment.CohortID)
		}
		return []domain.Event{*s.Enrolment}, nil
	}
	return []domain.Event{e}, nil
}

// DecideTrophy applies R-TRO-1 and R-TRO-8 to a trophy claim.
func DecideTrophy(s State, c EarnTrophy) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	e := c.TrophyEarned
	e.EarnedAt = e.EarnedAt.UTC()
	var v domain.Invalid
	if !domain.ValidID(e.ActivityID) {
		v.Add("R-TRO-8", "activity_id", "activity_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if !e.Material.Valid() {
		v.Add("R-TRO-8", "material", "material is kebijakan, substansi_1 or substansi_2")
	}
	if e.Agenda < 0 || e.Agenda > domain.MaxAgenda {
		v.Add("R-TRO-8", "agenda", "agenda is 0 to 4")
	}
	if e.EarnedAt.IsZero() {
		v.Add("", "earned_at", "earned_at is an RFC 3339 time")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if prior, ok := s.Trophies[e.ActivityID]; ok {
		if prior == e {
			return []domain.Event{e}, nil
		}
		return nil, domain.Conflict("R-TRO-8", "activity "+e.ActivityID+" already earned a trophy with other details")
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	if err := withinTraining(s, "earned_at", e.EarnedAt); err != nil {
		return nil, err
	}
	if err := inMOOC(s, "earned_at", e.EarnedAt); err != nil {
		return nil, err
	}
	offered := s.Enrolment.Catalogue.Offered(e.Material, e.Agenda)
	if offered == 0 {
		return nil, domain.Refuse("R-TRO-8", "agenda", "the catalogue offers no "+string(e.Material)+" trophy in agenda "+strconv.Itoa(e.Agenda))
	}
	if s.Tally.Of(e.Material, e.Agenda) >= offered {
		return nil, domain.Refuse("R-TRO-8", "agenda", "the catalogue offers "+strconv.Itoa(offered)+" "+string(e.Material)+" trophies in agenda "+strconv.Itoa(e.Agenda)+", all earned")
	}
	if s.Total >= domain.MaxTrophies {
		return nil, domain.Refuse("R-TRO-1", "activity_id", "a participant holds at most 50 trophies over the whole MOOC")
	}
	return []domain.Event{e}, nil
}

// DecidePosttest scores an attempt under R-POST-2 and R-POST-3.
func DecidePosttest(s State, c AttemptPosttest) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	var v domain.Invalid
	if !domain.ValidID(c.AttemptID) {
		v.Add("", "attempt_id", "attempt_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if c.TakenAt.IsZero() {
		v.Add("", "taken_at", "taken_at is an RFC 3339 time")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := PosttestAttempted{
		AttemptID:  c.AttemptID,
		Substansi1: c.Substansi1, Substansi2: c.Substansi2,
		Weighted: weightedPosttest(c.Substansi1, c.Substansi2),
		TakenAt:  c.TakenAt.UTC(),
	}
	// R-POST-2: the number is the attempt's place among those taken, by
	// taken_at; a repeat keeps the number the state gives it.
	n := 1
	for _, a := range s.Attempts {
		if a.AttemptID != e.AttemptID && takenBefore(a, e) {
			n++
		}
	}
	e = numbered(e, n)
	if prior, ok := s.attempt(c.AttemptID); ok {
		if prior == e {
			return []domain.Event{e}, nil
		}
		return nil, domain.Conflict("", "attempt "+c.AttemptID+" is already recorded with other scores")
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	if err := withinTraining(s, "taken_at", e.TakenAt); err != nil {
		return nil, err
	}
	if err := inMOOC(s, "taken_at", e.TakenAt); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// DecideCheckIn is R-CHECKIN-1: klasikal only after the MOOC is passed.
func DecideCheckIn(s State, c CheckIn) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	if c.CheckedInAt.IsZero() {
		return nil, domain.Refuse("", "checked_in_at", "checked_in_at is an RFC 3339 time")
	}
	if s.CheckedIn != nil {
		return []domain.Event{KlasikalCheckedIn{CheckedInAt: *s.CheckedIn}}, nil
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	if err := withinTraining(s, "checked_in_at", c.CheckedInAt); err != nil {
		return nil, err
	}
	if err := checkInPhase(s, c.CheckedInAt); err != nil {
		return nil, err
	}
	if m := EvaluateMOOC(s); !m.Passed {
		e := domain.Refuse("R-CHECKIN-1", "checked_in_at", "check-in to klasikal learning needs the MOOC passed first; unmet: "+joinRules(m.Unmet))
		return nil, e
	}
	return []domain.Event{KlasikalCheckedIn{CheckedInAt: c.CheckedInAt.UTC()}}, nil
}

// withinTraining is R-DATE-1: a trophy, a posttest attempt and the check-in
// happen during the participant's cohort, starts_on..ends_on, judged in UTC
// with a day's margin either side so that every time zone's calendar day
// counts. A participant whose enrolment was recorded before it carried the
// cohort's dates is not judged.
func withinTraining(s State, field string, t time.Time) error {
	if w := s.Enrolment.Window(); !w.Holds(t, 1, 1) {
		return domain.Refuse("R-DATE-1", field, field+" falls within the training of cohort "+s.Enrolment.CohortID+", "+w.String()+" (a day's margin either side for time zones)")
	}
	return nil
}

func joinRules(rs []string) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += ", "
		}
		out += r
	}
	return out
}

// openForLearning refuses new learning events once a graduation meeting has
// decided the participant: the decision must stay what the meeting saw;
// remedials and corrections have their own way in.
func openForLearning(s State) error {
	if w := s.Withdrawal; w != nil {
		return domain.Conflict("R-MOVE-1", "the participant withdrew on "+string(w.WithdrawnOn)+"; new learning events are closed")
	}
	if d := s.Decision(); d != nil {
		return domain.Conflict("R-GRAD-4", "the graduation meeting "+d.MeetingRef+" has decided this participant; new learning events are closed")
	}
	return nil
}
