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
