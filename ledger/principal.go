package ledger

import (
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"slices"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// Principal is who acts (the bearer token's role and tenant) and the request
// it acts in, which every event it records carries.
type Principal struct {
	TokenID     string
	Role        access.Role
	Institution string
	Agency      string
	// IdempotencyKey is the caller's key for this request, if any.
	IdempotencyKey string
	// CorrelationID ties the events to the request that recorded them.
	CorrelationID string
	// RecordedFor is the staff member (staff_id) the request is recorded
	// for, besides the token; the edge checks it with CheckRecordedFor.
	RecordedFor string
}

// EnvAdminTokenID names the token of LATSAR_ADMIN_TOKEN in event metadata.
const EnvAdminTokenID = "env-admin"

// metadata is what every event this principal records carries about them.
func (p Principal) metadata() events.Metadata {
	return events.Metadata{
		Actor: p.TokenID, Role: string(p.Role), Institution: p.Institution, Agency: p.Agency, RecordedFor: p.RecordedFor,
		IdempotencyKey: p.IdempotencyKey, CorrelationID: p.CorrelationID, Ruleset: domain.Ruleset,
	}
}

// idKey is the key a write derives its event ids from when it has no natural
// id: the idempotency key, scoped to the token ("" without one: random ids).
func (p Principal) idKey() string {
	if p.IdempotencyKey == "" {
		return ""
	}
	return "idem:" + p.TokenID + ":" + p.IdempotencyKey
}

// Sees tells whether p may see an object of scope s: lms tokens see their
// institution's, agency tokens their agency's, the rest everything.
func (p Principal) Sees(s projections.Scope) bool {
	switch p.Role {
	case access.LMS:
		return s.InstitutionID == p.Institution
	case access.Agency:
		return s.Agency == p.Agency
	default:
		return true
	}
}

// may refuses (403) a role not among roles; action says what was refused.
func (p Principal) may(action string, roles ...access.Role) error {
	if !slices.Contains(roles, p.Role) {
		return domain.Errorf(domain.CodeForbidden, "a %s token may not %s", p.Role, action)
	}
	return nil
}

// Roles that act on the programme.
var (
	// learningWriters record the learning: admin and the institution's LMS.
	learningWriters = []access.Role{access.Admin, access.LMS}
	// ProjectionReaders read standings and views.
	projectionReaders = []access.Role{access.Admin, access.LMS, access.Agency, access.Auditor, access.Dashboard}
	// cohortReaders read cohorts (an agency sees its participants, not cohorts).
	cohortReaders = []access.Role{access.Admin, access.LMS, access.Auditor, access.Dashboard}
)

func scopeOfParticipant(st participant.State) projections.Scope {
	e := st.Enrolment
	return projections.Scope{CohortID: e.CohortID, InstitutionID: e.InstitutionID, Agency: e.Agency}
}

func scopeOfCohort(st cohort.State) projections.Scope {
	return projections.Scope{CohortID: st.Opened.CohortID, InstitutionID: st.Opened.InstitutionID}
}
