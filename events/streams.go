package events

// Stream names (design.md "Streams and events"): the aggregates' streams are
// named by a prefix and the aggregate's natural id.
const (
	CohortPrefix      = "cohort-"
	ParticipantPrefix = "participant-"
	TokenPrefix       = "token-"
	JPPrefix          = "jp-" // competency-development ledger of one ASN (rules.md §9)
)
