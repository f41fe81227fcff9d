// Package cohort decides what may happen to an angkatan: its opening, its
// approvals and its roster (rules.md §2).
package cohort

import "github.com/latsar/ledger/domain"

// Opened records a cohort with its trophy catalogue (rules.md §2–3).
type Opened struct {
	CohortID      string           `json:"cohort_id"`
	Name          string           `json:"name"`
	InstitutionID string           `json:"institution_id"`
	Golongan      []string         `json:"golongan"`
	StartsOn      domain.Date      `json:"starts_on"`
	EndsOn        domain.Date      `json:"ends_on"`
	Catalogue     domain.Catalogue `json:"trophy_catalogue"`
	Ruleset       string           `json:"ruleset"`
}

// ApprovalRecorded records a written approval of the Head of LAN (R-COH-2, R-COH-3).
type ApprovalRecorded struct {
	CohortID     string      `json:"cohort_id"`
	Kind         string      `json:"kind"`
	LetterNumber string      `json:"letter_number"`
	ApprovedBy   string      `json:"approved_by"`
	ApprovedOn   domain.Date `json:"approved_on"`
	Capacity     int         `json:"capacity,omitempty"`
}

// ParticipantEnrolled puts a participant on the roster. The same event is
// copied into the participant's own stream with the facts the participant's
// rules need (catalogue, ruleset, institution), so that stream folds alone.
type ParticipantEnrolled struct {
	CohortID      string           `json:"cohort_id"`
	NIP           domain.NIP       `json:"nip"`
	Name          string           `json:"name"`
	Golongan      string           `json:"golongan"`
	Agency        string           `json:"agency"`
	InstitutionID string           `json:"institution_id"`
	Catalogue     domain.Catalogue `json:"trophy_catalogue"`
	Ruleset       string           `json:"ruleset"`
}

func (Opened) EventType() string              { return "CohortOpened" }
func (ApprovalRecorded) EventType() string    { return "CohortApprovalRecorded" }
func (ParticipantEnrolled) EventType() string { return "ParticipantEnrolled" }

// Approval kinds.
const (
	KindCapacity      = "capacity"
	KindGolonganMerge = "golongan_merge"
)
