package events

import (
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
)

// LatsarCatalogue registers every event of the ledger at its current version.
func LatsarCatalogue() *Catalogue {
	c := NewCatalogue()
	Register[cohort.Opened](c, 1)
	Register[cohort.ApprovalRecorded](c, 1)
	Register[cohort.ParticipantEnrolled](c, 1)
	Register[participant.TrophyEarned](c, 1)
	Register[participant.PosttestAttempted](c, 1)
	Register[participant.KlasikalCheckedIn](c, 1)
	Register[cohort.GroupFormed](c, 1)
	Register[cohort.SessionScheduled](c, 1)
	Register[cohort.GraduationMeetingHeld](c, 1)
	Register[cohort.RemedialDeadlineExtended](c, 1)
	Register[participant.AttendanceRecorded](c, 1)
	Register[participant.ComponentScored](c, 1)
	Register[participant.GraduationDecided](c, 1)
	Register[participant.RemedialTaken](c, 1)
	Register[participant.EventCorrected](c, 1)
	Register[participant.DisputeFiled](c, 1)
	Register[participant.DisputeResolved](c, 1)
	registerDevelopment(c)
	Register[access.TokenIssued](c, 1)
	Register[access.TokenRevoked](c, 1)
	return c
}

// Stream names (design.md "Streams and events").
const (
	CohortPrefix      = "cohort-"
	ParticipantPrefix = "participant-"
	TokenPrefix       = "token-"
	JPPrefix          = "jp-" // competency-development ledger of one ASN (rules.md §9)
)
