// Package access decides who may act in the ledger: bearer tokens with a role
// and, for lms and agency tokens, the institution or agency they are bound to.
package access

import (
	"strings"
	"time"

	"github.com/latsar/ledger/domain"
)

// Role is what a token may do (api.md "Conventions").
type Role string

const (
	Admin     Role = "admin"
	LMS       Role = "lms"
	Agency    Role = "agency"
	Auditor   Role = "auditor"
	Dashboard Role = "dashboard"
)

// Valid tells whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case Admin, LMS, Agency, Auditor, Dashboard:
		return true
	}
	return false
}

// TokenIssued records a token; only the SHA-256 of its secret is kept.
type TokenIssued struct {
	TokenID       string    `json:"token_id"`
	Name          string    `json:"name"`
	Role          Role      `json:"role"`
	InstitutionID string    `json:"institution_id,omitempty"`
	Agency        string    `json:"agency,omitempty"`
	SecretSHA256  string    `json:"secret_sha256"`
	IssuedAt      time.Time `json:"issued_at"`
}

// TokenRevoked ends a token.
type TokenRevoked struct {
	TokenID   string    `json:"token_id"`
	RevokedAt time.Time `json:"revoked_at"`
}

func (TokenIssued) EventType() string  { return "TokenIssued" }
func (TokenRevoked) EventType() string { return "TokenRevoked" }

// State is one token's history.
type State struct {
	Issued  *TokenIssued
	Revoked bool
}

// Aggregate declares the events of a token's stream and how they fold.
var Aggregate = domain.NewAggregate("token",
	domain.On(1, func(s State, e TokenIssued) State { s.Issued = &e; return s }),
	domain.On(1, func(s State, _ TokenRevoked) State { s.Revoked = true; return s }),
)

// Evolve folds a token event.
func Evolve(s State, e domain.Event) State { return Aggregate.Evolve(s, e) }

// DecideIssue validates a new token's role and binding.
func DecideIssue(s State, c TokenIssued) ([]domain.Event, error) {
	var v domain.Invalid
	if strings.TrimSpace(c.Name) == "" {
		v.Add("", "name", "name is required")
	} else if msg := domain.Line("name", c.Name, domain.MaxNameLen); msg != "" {
		v.Add("R-INPUT-2", "name", msg)
	}
	if !c.Role.Valid() {
		v.Add("", "role", "role is admin, lms, agency, auditor or dashboard")
	}
	switch {
	case c.Role == LMS && !domain.ValidID(c.InstitutionID):
		v.Add("", "institution_id", "an lms token is bound to an institution_id")
	case c.Role != LMS && c.InstitutionID != "":
		v.Add("", "institution_id", "only an lms token is bound to an institution")
	}
	switch {
	case c.Role == Agency && !domain.ValidID(c.Agency):
		v.Add("", "agency", "an agency token is bound to an agency code")
	case c.Role != Agency && c.Agency != "":
		v.Add("", "agency", "only an agency token is bound to an agency")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if s.Issued != nil {
		return nil, domain.Conflict("", "token "+c.TokenID+" exists")
	}
	return []domain.Event{c}, nil
}

// DecideRevoke ends a token; revoking twice is a repeat.
func DecideRevoke(s State, at time.Time) ([]domain.Event, error) {
	if s.Issued == nil {
		return nil, domain.NotFound("token")
	}
	return []domain.Event{TokenRevoked{TokenID: s.Issued.TokenID, RevokedAt: at.UTC()}}, nil
}
