package events

// Stream names (design.md "Streams and events"): the aggregates' streams are
// named by a prefix and the aggregate's natural id.
const (
	CohortPrefix      = "cohort-"
	ParticipantPrefix = "participant-"
	TokenPrefix       = "token-"
	JPPrefix          = "jp-"      // competency-development ledger of one ASN (rules.md §9)
	StaffPrefix       = "staff-"   // a person who teaches, coaches or examines (docs/staff.md)
	SeminarPrefix     = "seminar-" // a seminar R.A or aktualisasi (docs/staff.md)
	ProductPrefix     = "product-" // which participant a learning product belongs to (docs/staff.md)
)
