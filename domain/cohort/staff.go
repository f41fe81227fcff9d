package cohort

import (
	"slices"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/staff"
)

// foldStaff keeps each assignment once (the same assignment again is a repeat).
func foldStaff(s State, e staff.Assigned) State {
	if !slices.ContainsFunc(s.Staff, e.Same) {
		s.Staff = append(s.Staff, e)
	}
	return s
}

// DecideAssign assigns a registered person to the cohort (R-STAFF-1): a
// person of the cohort's own institution, in one of the six roles, for an
// agenda (0-4), a group of the cohort and/or participants on its roster. The
// same assignment again answers the record. person is the person's
// registration, nil when there is none.
func DecideAssign(s State, person *staff.Registered, c staff.Assign) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	var v domain.Invalid
	staff.ValidateAssign(c, &v)
	if domain.ValidID(c.StaffID) && (person == nil || person.InstitutionID != s.Opened.InstitutionID) {
		// Another institution's person is as unknown as no person at all.
		v.Add("R-STAFF-1", "staff_id", "no staff "+c.StaffID+" registered by institution "+s.Opened.InstitutionID)
	}
	if c.GroupID != "" && !slices.ContainsFunc(s.Groups, func(g GroupFormed) bool { return g.GroupID == c.GroupID }) {
		v.Add("R-STAFF-1", "group_id", "no group "+c.GroupID+" in cohort "+s.Opened.CohortID)
	}
	nips := s.OnRoster(c.NIPs, "R-STAFF-1", &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if len(nips) == 0 {
		nips = nil
	}
	e := staff.Assigned{
		StaffID: person.StaffID, Name: person.Name, NIP: person.NIP, CohortID: s.Opened.CohortID,
		InstitutionID: s.Opened.InstitutionID, Role: c.Role, Agenda: c.Agenda, GroupID: c.GroupID, NIPs: nips,
	}
	for _, a := range s.Staff {
		if a.Same(e) {
			return []domain.Event{a}, nil
		}
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// HasRole tells whether the person is assigned to the cohort in role r.
func (s State) HasRole(staffID string, r staff.Role) bool {
	return slices.ContainsFunc(s.Staff, func(a staff.Assigned) bool { return a.StaffID == staffID && a.Role == r })
}

// StaffName is the name of a person assigned to the cohort ("" if none is).
func (s State) StaffName(staffID string) string {
	for _, a := range s.Staff {
		if a.StaffID == staffID {
			return a.Name
		}
	}
	return ""
}

// CheckExaminer is R-STAFF-3: the examiner a score names is assigned to the
// cohort as an examiner.
func (s State) CheckExaminer(field, staffID string) error {
	if !s.HasRole(staffID, staff.Examiner) {
		return domain.Refuse("R-STAFF-3", field, staffID+" is not an examiner assigned to cohort "+s.Opened.CohortID)
	}
	return nil
}

// CoachOf tells whether the person coaches participant nip: a coach of the
// cohort whose assignment covers the participant (their group, the
// participants it names, or the whole cohort).
func (s State) CoachOf(staffID string, nip domain.NIP) bool {
	return slices.ContainsFunc(s.Staff, func(a staff.Assigned) bool {
		return a.StaffID == staffID && a.Role == staff.Coach && a.Covers(nip, s.GroupOf[nip])
	})
}

// CheckSessionCoach is R-STAFF-4: a session that names its coach (a
// coaching session) names a coach of the cohort; a group's session, a coach
// of that group or of the whole cohort.
func (s State) CheckSessionCoach(e SessionScheduled) error {
	if e.Coach == "" {
		return nil
	}
	ok := slices.ContainsFunc(s.Staff, func(a staff.Assigned) bool {
		if a.StaffID != e.Coach || a.Role != staff.Coach {
			return false
		}
		wholeCohort := a.GroupID == "" && len(a.NIPs) == 0
		return e.GroupID == "" || wholeCohort || a.GroupID == e.GroupID
	})
	if !ok {
		where := "cohort " + s.Opened.CohortID
		if e.GroupID != "" {
			where = "group " + e.GroupID + " of " + where
		}
		return domain.Refuse("R-STAFF-4", "coach", e.Coach+" is not a coach assigned to "+where)
	}
	return nil
}

// CohortStaff is one person of the cohort with every assignment they hold.
type CohortStaff struct {
	StaffID     string           `json:"staff_id" example:"coach-budi"`
	Name        string           `json:"name" example:"Budi Santoso"`
	NIP         domain.NIP       `json:"nip,omitempty" swaggertype:"string" example:"197912102006041008"`
	Roles       []staff.Role     `json:"roles" swaggertype:"array,string"`
	Assignments []staff.Assigned `json:"assignments"`
}

// StaffList lists the cohort's people by staff_id, each with their roles (in
// the order of staff.Roles) and assignments (in the order recorded).
func (s State) StaffList() []CohortStaff {
	byID := map[string]*CohortStaff{}
	var ids []string
	for _, a := range s.Staff {
		cs := byID[a.StaffID]
		if cs == nil {
			cs = &CohortStaff{StaffID: a.StaffID, Name: a.Name, NIP: a.NIP}
			byID[a.StaffID] = cs
			ids = append(ids, a.StaffID)
		}
		cs.Assignments = append(cs.Assignments, a)
	}
	slices.Sort(ids)
	out := make([]CohortStaff, 0, len(ids))
	for _, id := range ids {
		cs := byID[id]
		cs.Roles = []staff.Role{}
		for _, r := range staff.Roles {
			if slices.ContainsFunc(cs.Assignments, func(a staff.Assigned) bool { return a.Role == r }) {
				cs.Roles = append(cs.Roles, r)
			}
		}
		out = append(out, *cs)
	}
	return out
}
