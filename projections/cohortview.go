package projections

import (
	"slices"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// CohortView is what GET /v1/cohorts/{id} answers.
type CohortView struct {
	CohortID      string         `json:"cohort_id"`
	Name          string         `json:"name"`
	InstitutionID string         `json:"institution_id"`
	Golongan      []string       `json:"golongan"`
	StartsOn      domain.Date    `json:"starts_on"`
	EndsOn        domain.Date    `json:"ends_on"`
	Ruleset       string         `json:"ruleset"`
	Template      string         `json:"template,omitempty"`
	Phases        []cohort.Phase `json:"phases,omitempty"`
	// PhaseMoves are the moves of its phases with their reasons (R-PHASE-20).
	PhaseMoves []cohort.PhaseMoved `json:"phase_moves,omitempty"`
	// Release is the release of its participants after the meeting (R-MOVE-3).
	Release          *cohort.ParticipantsReleased   `json:"release,omitempty" extensions:"x-nullable"`
	TrophyCatalogue  domain.Catalogue               `json:"trophy_catalogue"`
	Capacity         int                            `json:"capacity"`
	GolonganMerged   bool                           `json:"golongan_merged"`
	RosterSize       int                            `json:"roster_size"`
	RosterByGolongan map[string]int                 `json:"roster_by_golongan"`
	Approvals        []cohort.ApprovalRecorded      `json:"approvals"`
	Groups           []cohort.GroupFormed           `json:"groups"`
	Sessions         []cohort.SessionScheduled      `json:"sessions"`
	RemedialDeadline domain.Date                    `json:"remedial_deadline" format:"date"`
	AcademicDeadline domain.Date                    `json:"academic_remedial_deadline" format:"date"`
	DeadlineReason   string                         `json:"remedial_deadline_reason,omitempty"`
	Meetings         []cohort.GraduationMeetingHeld `json:"meetings"`
	Phase            string                         `json:"phase" enums:"open,decided"`
	Position         uint64                         `json:"position"`
}

// CohortViewOf shapes a cohort's state for readers. The remedial deadline is
// R-REM-2's one week after the training ends.
func CohortViewOf(s cohort.State, position uint64) CohortView {
	o := s.Opened
	v := CohortView{
		CohortID: o.CohortID, Name: o.Name, InstitutionID: o.InstitutionID, Golongan: slices.Sorted(slices.Values(o.Golongan)),
		StartsOn: o.StartsOn, EndsOn: o.EndsOn, Ruleset: o.Ruleset, Template: o.Template, Phases: o.Phases, TrophyCatalogue: o.Catalogue,
		Capacity: s.Capacity, GolonganMerged: s.Merged, RosterSize: len(s.Roster),
		RosterByGolongan: map[string]int{}, Approvals: s.Approvals,
		Groups: s.Groups, Sessions: s.Sessions, RemedialDeadline: s.RemedialDeadline(), AcademicDeadline: s.AcademicRemedialDeadline(),
		Meetings: s.Meetings, Phase: "open", Position: position,
		PhaseMoves: s.PhaseMoves, Release: s.Release,
	}
	if s.Extension != nil {
		v.DeadlineReason = s.Extension.Reason
	}
	if s.FirstMeeting() != nil {
		v.Phase = "decided"
	}
	if v.Groups == nil {
		v.Groups = []cohort.GroupFormed{}
	}
	if v.Sessions == nil {
		v.Sessions = []cohort.SessionScheduled{}
	}
	if v.Meetings == nil {
		v.Meetings = []cohort.GraduationMeetingHeld{}
	}
	for g, n := range s.Count {
		v.RosterByGolongan[string(g)] = n
	}
	if v.Approvals == nil {
		v.Approvals = []cohort.ApprovalRecorded{}
	}
	return v
}
