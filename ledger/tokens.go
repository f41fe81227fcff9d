package ledger

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
)

// IssueToken asks for a bearer token of a role, bound to an institution (lms)
// or an agency (agency).
type IssueToken struct {
	Name          string
	Role          access.Role
	InstitutionID string
	Agency        string
}

// IssuedToken answers an issue. Secret is shown this once: the log keeps only
// its hash.
type IssuedToken struct {
	Written
	Token  access.TokenIssued
	Secret string
}

// IssueToken records a new token with a fresh id and secret. Admin only.
// The token authenticates once the caller's token index has applied the
// write (Written.Position): the edge that authenticates waits for that.
func (l *Ledger) IssueToken(ctx context.Context, p Principal, cmd IssueToken) (IssuedToken, error) {
	if err := p.may("issue tokens", access.Admin); err != nil {
		return IssuedToken{}, err
	}
	secret := "lat_" + base64.RawURLEncoding.EncodeToString(random(32))
	t := access.TokenIssued{
		TokenID: "tok_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(random(8))),
		Name:    cmd.Name, Role: cmd.Role, InstitutionID: cmd.InstitutionID, Agency: cmd.Agency,
		SecretSHA256: HashSecret(secret), IssuedAt: time.Now().UTC(),
	}
	res, err := l.tokens.Run(ctx, command.Command[access.State]{
		Stream: tokenStream(t.TokenID), Metadata: p.metadata(),
		Decide: func(st access.State) ([]domain.Event, error) { return access.DecideIssue(st, t) },
	})
	if err != nil {
		return IssuedToken{}, err
	}
	return IssuedToken{Written: Written{Appends: appended(res)}, Token: t, Secret: secret}, nil
}

// RevokedToken answers a revocation; a token revoked before answers no events.
type RevokedToken struct {
	Written
	TokenID string
}

// RevokeToken ends a token. Admin only; revoking twice records nothing more.
func (l *Ledger) RevokeToken(ctx context.Context, p Principal, tokenID string) (RevokedToken, error) {
	if err := p.may("revoke tokens", access.Admin); err != nil {
		return RevokedToken{}, err
	}
	if !domain.ValidID(tokenID) { // checked before it names a stream
		return RevokedToken{}, domain.NotFound("token")
	}
	res, err := l.tokens.Run(ctx, command.Command[access.State]{
		Stream: tokenStream(tokenID), IDKey: "revoke", Metadata: p.metadata(),
		Decide: func(st access.State) ([]domain.Event, error) {
			if st.Revoked {
				return nil, nil
			}
			return access.DecideRevoke(st, time.Now())
		},
	})
	if err != nil {
		return RevokedToken{}, err
	}
	return RevokedToken{Written: Written{Appends: appended(res)}, TokenID: tokenID}, nil
}

// HashSecret is the SHA-256 hex under which a token's secret is kept, and by
// which a presented secret is looked up.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func random(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return b
}

func tokenStream(id string) string { return events.TokenPrefix + id }
