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
	// Template and Phases: the programme template the cohort was opened
	// with and the phase dates it laid out (R-PHASE-1); cohorts opened
	// without one, or before templates, have neither.
	Template string  `json:"template,omitempty"`
	Phases   []Phase `json:"phases,omitempty"`
	// DefaultSessions: the sessions the template fixes were scheduled in
	// the opening's append (R-PHASE-21).
	DefaultSessions bool `json:"default_sessions,omitempty"`
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
// rules need (catalogue, ruleset, institution, the cohort's starts_on and
// ends_on, and its phases when a template laid them out), so that stream
// folds alone. Enrolments recorded before the dates were copied have none:
// their participants' dates are not judged against the window (R-DATE-1,
// R-DATE-3); those recorded before the phases were copied are not judged
// against the phases (R-PHASE-2..5, R-PHASE-8).
type ParticipantEnrolled struct {
	CohortID      string           `json:"cohort_id"`
	NIP           domain.NIP       `json:"nip"`
	Name          string           `json:"name"`
	Golongan      string           `json:"golongan"`
	Agency        string           `json:"agency"`
	InstitutionID string           `json:"institution_id"`
	Catalogue     domain.Catalogue `json:"trophy_catalogue"`
	Ruleset       string           `json:"ruleset"`
	StartsOn      domain.Date      `json:"starts_on,omitempty"`
	EndsOn        domain.Date      `json:"ends_on,omitempty"`
	Phases        []Phase          `json:"phases,omitempty"`
}

// Window is the cohort's training period as the enrolment carries it
// (unknown for an enrolment recorded before it did).
func (e ParticipantEnrolled) Window() domain.Window {
	return domain.Window{StartsOn: e.StartsOn, EndsOn: e.EndsOn}
}

func (Opened) EventType() string              { return "CohortOpened" }
func (ApprovalRecorded) EventType() string    { return "CohortApprovalRecorded" }
func (ParticipantEnrolled) EventType() string { return "ParticipantEnrolled" }

// Approval kinds.
const (
	KindCapacity      = "capacity"
	KindGolonganMerge = "golongan_merge"
)

// GroupFormed records a synchronous learning group (R-COH-4).
type GroupFormed struct {
	GroupID string       `json:"group_id"`
	NIPs    []domain.NIP `json:"nips"`
}

// SessionScheduled records a session that takes attendance (R-ATT-1); with a
// group, only that group attends.
type SessionScheduled struct {
	SessionID string      `json:"session_id"`
	Mode      string      `json:"mode"`
	Date      domain.Date `json:"date"`
	JP        int         `json:"jp"`
	Title     string      `json:"title"`
	GroupID   string      `json:"group_id,omitempty"`
	// Coach names the coach of a coaching session (R-STAFF-4).
	Coach string `json:"coach,omitempty"`
}

// GraduationMeetingHeld closes a meeting after every participant's decision
// is recorded in their own stream (R-GRAD-4, R-REM-4).
type GraduationMeetingHeld struct {
	MeetingRef string         `json:"meeting_ref"`
	DecidedOn  domain.Date    `json:"decided_on"`
	Redecision bool           `json:"redecision"`
	Outcomes   map[string]int `json:"outcomes"`
}

// RemedialDeadlineExtended records a later remedial deadline with its reason
// (R-REM-3 "or as needed").
type RemedialDeadlineExtended struct {
	Deadline domain.Date `json:"deadline"`
	Reason   string      `json:"reason"`
}

func (GroupFormed) EventType() string              { return "GroupFormed" }
func (SessionScheduled) EventType() string         { return "SessionScheduled" }
func (GraduationMeetingHeld) EventType() string    { return "GraduationMeetingHeld" }
func (RemedialDeadlineExtended) EventType() string { return "RemedialDeadlineExtended" }
