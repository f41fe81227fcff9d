// Package participant decides what may happen to one participant of a cohort:
// the MOOC (trophies, posttests) and the check-in that follows it.
package participant

import (
	"time"

	"github.com/latsar/ledger/domain"
)

// TrophyEarned records one trophy for one learning activity (R-TRO-8).
type TrophyEarned struct {
	ActivityID string          `json:"activity_id"`
	Material   domain.Material `json:"material"`
	Agenda     int             `json:"agenda"`
	EarnedAt   time.Time       `json:"earned_at"`
}

// PosttestAttempted records one posttest attempt with what R-POST-2/3 made of it.
type PosttestAttempted struct {
	AttemptID     string       `json:"attempt_id"`
	AttemptNumber int          `json:"attempt_number"`
	Substansi1    domain.Score `json:"substansi_1_score"`
	Substansi2    domain.Score `json:"substansi_2_score"`
	Weighted      domain.Score `json:"weighted_score"`
	Cap           domain.Score `json:"cap"`
	Capped        domain.Score `json:"capped_score"`
	TakenAt       time.Time    `json:"taken_at"`
}

// KlasikalCheckedIn records the participant's arrival for klasikal learning (R-CHECKIN-1).
type KlasikalCheckedIn struct {
	CheckedInAt time.Time `json:"checked_in_at"`
}

func (TrophyEarned) EventType() string      { return "TrophyEarned" }
func (PosttestAttempted) EventType() string { return "PosttestAttempted" }
func (KlasikalCheckedIn) EventType() string { return "KlasikalCheckedIn" }

// AttendanceRecorded is one participant's attendance at one session, with the
// session's date, JP and mode copied in (R-ATT-1). A later record for the same
// session replaces the earlier one in the state; both stay in the log.
type AttendanceRecorded struct {
	SessionID string      `json:"session_id"`
	Date      domain.Date `json:"date"`
	JP        int         `json:"jp"`
	Mode      string      `json:"mode"`
	Status    string      `json:"status"`
	// DaySessions are the sessions scheduled for the participant on Date
	// when this was recorded (R-ATT-2's absent day is judged against them).
	DaySessions []string `json:"day_sessions,omitempty"`
}

// ComponentScored is an assessor's score of one component (rules.md §6). A
// later score of the same component replaces the earlier in the state.
type ComponentScored struct {
	Component  Component    `json:"component"`
	Score      domain.Score `json:"score"`
	Assessor   string       `json:"assessor"`
	AssessedAt time.Time    `json:"assessed_at"`
	// Examiner is the staff_id of the examiner of an actualisation score
	// (R-STAFF-3); empty before it existed and when none was named.
	Examiner string `json:"examiner,omitempty"`
	// AfterSeminar names the seminar R.A an academic_elearning score
	// follows when the participant had no academic evaluation by its day
	// (R-PHASE-8: flagged, not refused).
	AfterSeminar string `json:"after_seminar,omitempty"`
}

// GraduationDecided records the meeting's decision for this participant with
// everything it saw (R-GRAD-4): inputs, aspects, final, attendance, the rules
// that decided, the ruleset, and the awards (R-AWARD-1).
type GraduationDecided struct {
	MeetingRef string      `json:"meeting_ref"`
	DecidedOn  domain.Date `json:"decided_on"`
	Redecision bool        `json:"redecision"`
	DisputeID  string      `json:"dispute_id,omitempty"`
	Evaluation
	Outcome  string   `json:"outcome"`
	Rules    []string `json:"rules"`
	Deferred []string `json:"deferred_components"`
	Rank     int      `json:"rank,omitempty"`
	Awards   []Award  `json:"awards"`
	Ruleset  string   `json:"ruleset"`
}

// RemedialTaken records a remedial score that replaces a deferring component
// (R-REM-1..4), with the deadline that applied.
type RemedialTaken struct {
	Component Component    `json:"component"`
	Score     domain.Score `json:"score"`
	TakenOn   domain.Date  `json:"taken_on"`
	Deadline  domain.Date  `json:"deadline"`
}

func (AttendanceRecorded) EventType() string { return "AttendanceRecorded" }
func (ComponentScored) EventType() string    { return "ComponentScored" }
func (GraduationDecided) EventType() string  { return "GraduationDecided" }
func (RemedialTaken) EventType() string      { return "RemedialTaken" }
