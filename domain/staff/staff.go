// Package staff decides who teaches, coaches and examines (seed 000, 001): a
// person an institution registers (its PIC, facilitators, speakers, coaches,
// examiners, and the home agency's mentors), and the assignments that put the
// person in a cohort, an agenda or a group. The rules are R-STAFF-* of
// docs/rules.md ("Rules the ledger adds").
package staff

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/latsar/ledger/domain"
)

// Role is what a person does in a cohort (seed 000: the PIC "melakukan input
// data Peserta dan tenaga pelatihan"; seed 001: facilitators and speakers
// per agenda, coaches, examiners of the seminars, the home agency's mentor).
type Role string // @name StaffRole

const (
	PIC         Role = "pic"
	Facilitator Role = "facilitator"
	Speaker     Role = "speaker"
	Coach       Role = "coach"
	Examiner    Role = "examiner"
	Mentor      Role = "mentor"
)

// Roles in a stable order.
var Roles = [...]Role{PIC, Facilitator, Speaker, Coach, Examiner, Mentor}

// Valid tells whether r is one of the six roles.
func (r Role) Valid() bool { return slices.Contains(Roles[:], r) }

// Teaches tells whether a participant evaluates the person as one who taught
// them (R-EVP-1): facilitators, speakers and coaches.
func (r Role) Teaches() bool { return r == Facilitator || r == Speaker || r == Coach }

// Registered records a person an institution works with (R-STAFF-1). NIP is
// set when the person is an ASN; Agency names a mentor's home agency.
type Registered struct {
	StaffID       string     `json:"staff_id"`
	Name          string     `json:"name"`
	InstitutionID string     `json:"institution_id"`
	NIP           domain.NIP `json:"nip,omitempty"`
	Agency        string     `json:"agency,omitempty"`
} // @name StaffRegistered

// Assigned puts a person in a cohort in a role, optionally for one agenda,
// one group or named participants (R-STAFF-1). It is recorded on the cohort
// (which judges examiners, coaches and evaluations by it) and copied into
// the person's own stream (which lists their cohorts), in one append; the
// person's name and NIP are copied in so the cohort's list folds alone.
type Assigned struct {
	StaffID       string       `json:"staff_id"`
	Name          string       `json:"name"`
	NIP           domain.NIP   `json:"nip,omitempty"`
	CohortID      string       `json:"cohort_id"`
	InstitutionID string       `json:"institution_id"`
	Role          Role         `json:"role"`
	Agenda        *int         `json:"agenda,omitempty" extensions:"x-nullable"`
	GroupID       string       `json:"group_id,omitempty"`
	NIPs          []domain.NIP `json:"nips,omitempty" swaggertype:"array,string"`
} // @name StaffAssigned

func (Registered) EventType() string { return "StaffRegistered" }
func (Assigned) EventType() string   { return "StaffAssigned" }

// Key tells assignments apart: the same person in the same role, agenda,
// group and participants is the same assignment.
func (a Assigned) Key() string {
	agenda := "-"
	if a.Agenda != nil {
		agenda = strconv.Itoa(*a.Agenda)
	}
	nips := make([]string, len(a.NIPs))
	for i, n := range a.NIPs {
		nips[i] = string(n)
	}
	slices.Sort(nips)
	return a.StaffID + "|" + a.CohortID + "|" + string(a.Role) + "|" + agenda + "|" + a.GroupID + "|" + strings.Join(nips, ",")
}

// Same tells whether b records the same assignment as a.
func (a Assigned) Same(b Assigned) bool { return a.Key() == b.Key() }

// State is what the person's stream says: who they are and where they serve.
type State struct {
	Registered  *Registered
	Assignments []Assigned
}

// Initial is the state of a person nothing has been recorded of.
func Initial() State { return State{} }

// Exists tells whether the person has been registered.
func (s State) Exists() bool { return s.Registered != nil }

// Evolve folds one event into the state.
func Evolve(s State, e domain.Event) State { return Aggregate.Evolve(s, e) }

// Aggregate declares the events of a person's stream (staff-{staff_id}).
var Aggregate = domain.NewAggregate("staff",
	domain.On(1, func(s State, e Registered) State { s.Registered = &e; return s }, "R-STAFF-1").
		Keyed(func(domain.Event) string { return "register" }),
	domain.On(1, foldAssigned, "R-STAFF-1").
		Keyed(func(e domain.Event) string { return "assign:" + e.(Assigned).Key() }),
)

func foldAssigned(s State, e Assigned) State {
	if !slices.ContainsFunc(s.Assignments, e.Same) {
		s.Assignments = append(s.Assignments, e)
	}
	return s
}

// Register asks for a person to be registered.
type Register struct{ Registered }

// DecideRegister registers a person (R-STAFF-1); staff_id is a natural id,
// so the same registration again answers the record, other details are 409.
func DecideRegister(s State, c Register) ([]domain.Event, error) {
	e := c.Registered
	e.Name = strings.TrimSpace(e.Name)
	var v domain.Invalid
	if !domain.ValidID(e.StaffID) {
		v.Add("", "staff_id", "staff_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if e.Name == "" {
		v.Add("", "name", "name is required")
	} else if len(e.Name) > 200 {
		v.Add("", "name", "name has at most 200 characters")
	}
	if !domain.ValidID(e.InstitutionID) {
		v.Add("R-STAFF-1", "institution_id", "institution_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if e.NIP != "" {
		n, err := domain.ParseNIP(string(e.NIP))
		if err != nil {
			v.Add("R-NIP-1", "nip", "nip, when given, is an 18-digit NIP")
		}
		e.NIP = n
	}
	if e.Agency != "" && !domain.ValidID(e.Agency) {
		v.Add("", "agency", "agency is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if s.Exists() {
		if *s.Registered == e {
			return []domain.Event{e}, nil
		}
		return nil, domain.Conflict("", "staff "+e.StaffID+" is already registered with other details")
	}
	return []domain.Event{e}, nil
}

// Assign asks for a person to be assigned to a cohort.
type Assign struct {
	StaffID string
	Role    Role
	Agenda  *int
	GroupID string
	NIPs    []string
}

// ValidateAssign checks the command's own fields (the cohort judges the rest).
func ValidateAssign(c Assign, v *domain.Invalid) {
	if !domain.ValidID(c.StaffID) {
		v.Add("", "staff_id", "staff_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
	if !c.Role.Valid() {
		v.Add("R-STAFF-1", "role", "role is pic, facilitator, speaker, coach, examiner or mentor")
	}
	if c.Agenda != nil && (*c.Agenda < 0 || *c.Agenda > domain.MaxAgenda) {
		v.Add("R-STAFF-1", "agenda", fmt.Sprintf("agenda is 0 to %d", domain.MaxAgenda))
	}
	if c.GroupID != "" && !domain.ValidID(c.GroupID) {
		v.Add("", "group_id", "group_id is 1-64 letters, digits, '.', '_', ':' or '-'")
	}
}

// DecideCopy copies an assignment the cohort recorded into the person's
// stream (the same assignment again is a repeat).
func DecideCopy(s State, e Assigned) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.Refuse("R-STAFF-1", "staff_id", "no staff "+e.StaffID)
	}
	return []domain.Event{e}, nil
}

// Covers tells whether the assignment concerns participant nip, whose group
// in the cohort is group ("" for none): the participants it names, else its
// group's members, else the whole cohort.
func (a Assigned) Covers(nip domain.NIP, group string) bool {
	switch {
	case len(a.NIPs) > 0:
		return slices.Contains(a.NIPs, nip)
	case a.GroupID != "":
		return a.GroupID == group
	default:
		return true
	}
}
