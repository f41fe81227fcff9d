package projections

import (
	"sort"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// CohortView is what GET /v1/cohorts/{id} answers.
type CohortView struct {
	CohortID         string                    `json:"cohort_id"`
	Name             string                    `json:"name"`
	InstitutionID    string                    `json:"institution_id"`
	Golongan         []string                  `json:"golongan"`
	StartsOn         domain.Date               `json:"starts_on"`
	EndsOn           domain.Date               `json:"ends_on"`
	Ruleset          string                    `json:"ruleset"`
	TrophyCatalogue  domain.Catalogue          `json:"trophy_catalogue"`
	Capacity         int                       `json:"capacity"`
	GolonganMerged   bool                      `json:"golongan_merged"`
	RosterSize       int                       `json:"roster_size"`
	RosterByGolongan map[string]int            `json:"roster_by_golongan"`
	Approvals        []cohort.ApprovalRecorded `json:"approvals"`
	Groups           []any                     `json:"groups"`
	Sessions         []any                     `json:"sessions"`
	RemedialDeadline domain.Date               `json:"remedial_deadline"`
	Position         uint64                    `json:"position"`
}

// CohortViewOf shapes a cohort's state for readers. The remedial deadline is
// R-REM-2's one week after the training ends.
func CohortViewOf(s cohort.State, position uint64) CohortView {
	o := s.Opened
	v := CohortView{
		CohortID: o.CohortID, Name: o.Name, InstitutionID: o.InstitutionID, Golongan: o.Golongan,
		StartsOn: o.StartsOn, EndsOn: o.EndsOn, Ruleset: o.Ruleset, TrophyCatalogue: o.Catalogue,
		Capacity: s.Capacity, GolonganMerged: s.Merged, RosterSize: len(s.Roster),
		RosterByGolongan: map[string]int{}, Approvals: s.Approvals,
		Groups: []any{}, Sessions: []any{}, RemedialDeadline: o.EndsOn.AddDays(7), Position: position,
	}
	for g, n := range s.Count {
		v.RosterByGolongan[string(g)] = n
	}
	if v.Approvals == nil {
		v.Approvals = []cohort.ApprovalRecorded{}
	}
	sort.Strings(v.Golongan)
	return v
}
