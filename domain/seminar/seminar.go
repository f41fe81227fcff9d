// Package seminar decides the seminars of actualisation (seed 000, 001): the
// seminar R.A, where the actualisation design (rancangan aktualisasi) is
// examined, and the seminar aktualisasi of the klasikal week, where its
// implementation is. A seminar is its own stream (seminar-{seminar_id}), so
// that its scores find it by id alone; the scores themselves are written to
// each participant's stream (participant.SeminarScored), where they feed the
// component (R-SEM-2).
package seminar

import (
	"fmt"
	"slices"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// Kinds of seminar.
const (
	// Design is the seminar R.A (rancangan aktualisasi).
	Design = "design"
	// Actualization is the seminar aktualisasi (the klasikal week's fifth day).
	Actualization = "actualization"
)

// MaxExaminers bounds a seminar's panel.
const MaxExaminers = 5

// Examiner is one examiner of a seminar, with the name the cohort knows.
type Examiner struct {
	StaffID string `json:"staff_id" example:"penguji-rina"`
	Name    string `json:"name" example:"Dr. Rina Kartika"`
} // @name SeminarExaminer

// Scheduled records a seminar of a cohort: its kind, date, examiners and the
// participants it examines (R-SEM-1).
type Scheduled struct {
	SeminarID     string       `json:"seminar_id"`
	CohortID      string       `json:"cohort_id"`
	InstitutionID string       `json:"institution_id"`
	Kind          string       `json:"kind" enums:"design,actualization"`
	Date          domain.Date  `json:"date" swaggertype:"string" format:"date"`
	Examiners     []Examiner   `json:"examiners"`
	NIPs          []domain.NIP `json:"nips" swaggertype:"array,string"`
} // @name SeminarScheduled

func (Scheduled) EventType() string { return "SeminarScheduled" }

// State is the seminar as scheduled (nil before).
type State struct {
	Scheduled *Scheduled
}

// Initial is the state of a seminar not scheduled.
func Initial() State { return State{} }

// Exists tells whether the seminar is scheduled.
func (s State) Exists() bool { return s.Scheduled != nil }

// Evolve folds one event into the state.
func Evolve(s State, e domain.Event) State { return Aggregate.Evolve(s, e) }

// Aggregate declares the events of a seminar's stream.
var Aggregate = domain.NewAggregate("seminar",
	domain.On(1, func(s State, e Scheduled) State { s.Scheduled = &e; return s }, "R-SEM-1").
		Keyed(func(domain.Event) string { return "schedule" }),
)

// ExaminerIDs are the staff ids of the panel, in the order scheduled.
func (e Scheduled) ExaminerIDs() []string {
	ids := make([]string, len(e.Examiners))
	for i, x := range e.Examiners {
		ids[i] = x.StaffID
	}
	return ids
}

// Examines tells whether the seminar examines participant nip.
func (e Scheduled) Examines(nip domain.NIP) bool { return slices.Contains(e.NIPs, nip) }

// Schedule asks for a seminar of a cohort.
type Schedule struct {
	SeminarID string
	Kind      string
	Date      string
	Examiners []string
	NIPs      []string
}

// DecideSchedule schedules a seminar of cohort cs (R-SEM-1): kind design
// (R.A) or actualization, a date, 1 to 5 examiners each assigned to the
// cohort as an examiner (R-STAFF-3), and participants on its roster. The
// cohort must still be open (R-GRAD-4). seminar_id is a natural id: the same
// seminar again answers the record, other details are 409.
func DecideSchedule(s State, cs cohort.State, c Schedule) ([]domain.Event, error) {
	if !cs.Exists() {
		return nil, domain.NotFound("cohort")
	}
	var v domain.Invalid
	if !domain.ValidID(c.SeminarID) {
		v.Add("", "seminar_id", "seminar_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if c.Kind != Design && c.Kind != Actualization {
		v.Add("R-SEM-1", "kind", "kind is design (seminar R.A) or actualization (seminar aktualisasi)")
	}
	date, ok := domain.ParseDate(c.Date)
	if !ok {
		v.Add("", "date", "date is YYYY-MM-DD")
	}
	if len(c.Examiners) == 0 || len(c.Examiners) > MaxExaminers {
		v.Add("R-SEM-1", "examiners", fmt.Sprintf("a seminar has 1 to %d examiners", MaxExaminers))
	}
	var examiners []Examiner
	for i, id := range c.Examiners {
		field := fmt.Sprintf("examiners[%d]", i)
		switch {
		case slices.ContainsFunc(examiners, func(x Examiner) bool { return x.StaffID == id }):
			v.Add("R-SEM-1", field, id+" is listed twice")
		case cs.CheckExaminer(field, id) != nil:
			v.Add("R-STAFF-3", field, id+" is not an examiner assigned to cohort "+cs.Opened.CohortID)
		default:
			examiners = append(examiners, Examiner{StaffID: id, Name: cs.StaffName(id)})
		}
	}
	if len(c.NIPs) == 0 {
		v.Add("R-SEM-1", "nips", "a seminar examines at least one participant")
	}
	nips := cs.OnRoster(c.NIPs, "R-SEM-1", &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := Scheduled{SeminarID: c.SeminarID, CohortID: cs.Opened.CohortID, InstitutionID: cs.Opened.InstitutionID,
		Kind: c.Kind, Date: date, Examiners: examiners, NIPs: nips}
	if s.Exists() {
		if same(*s.Scheduled, e) {
			return []domain.Event{*s.Scheduled}, nil
		}
		if s.Scheduled.CohortID != e.CohortID {
			return nil, domain.Conflict("R-SEM-1", "seminar "+e.SeminarID+" belongs to another cohort")
		}
		return nil, domain.Conflict("R-SEM-1", "seminar "+e.SeminarID+" is scheduled with other details")
	}
	if m := cs.FirstMeeting(); m != nil {
		return nil, domain.Conflict("R-GRAD-4", "the graduation meeting "+m.MeetingRef+" has decided this cohort; it is closed to new learning events")
	}
	if err := cs.CheckWithinPhase(Phase(e.Kind), "a "+e.Kind+" seminar", e.Date); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// Phase is the phase a seminar of kind k is held in (R-PHASE-4): seminar
// R.A closes e-learning (000: e-learning days 21–22), the seminar
// aktualisasi is klasikal's fifth day.
func Phase(k string) string {
	if k == Design {
		return cohort.PhaseElearning
	}
	return cohort.PhaseKlasikal
}

func same(a, b Scheduled) bool {
	return a.SeminarID == b.SeminarID && a.CohortID == b.CohortID && a.Kind == b.Kind && a.Date == b.Date &&
		slices.Equal(a.ExaminerIDs(), b.ExaminerIDs()) && slices.Equal(a.NIPs, b.NIPs)
}
