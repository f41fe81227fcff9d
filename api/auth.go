package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/ledger"
)

// Principal is the caller a bearer token stands for, in the request it sends.
type Principal = ledger.Principal

// envAdminTokenID names the token of LATSAR_ADMIN_TOKEN in event metadata.
const envAdminTokenID = ledger.EnvAdminTokenID

const principalKey = "latsar.principal"

// principalOf is the caller with the request it acts in: the idempotency key
// and the request id every event it records carries.
func principalOf(c echo.Context) Principal {
	p, _ := c.Get(principalKey).(Principal)
	p.IdempotencyKey = c.Request().Header.Get(headerIdempotencyKey)
	p.CorrelationID = c.Response().Header().Get(echo.HeaderXRequestID)
	return p
}

// metadataOf is what every event this caller records carries about them.
func metadataOf(p Principal) events.Metadata {
	return events.Metadata{
		Actor: p.TokenID, Role: string(p.Role), Institution: p.Institution, Agency: p.Agency,
		IdempotencyKey: p.IdempotencyKey, CorrelationID: p.CorrelationID, Ruleset: domain.Ruleset,
	}
}

// HashSecret is the SHA-256 hex under which a token's secret is kept.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// authenticate admits a request with a live bearer token.
func authenticate(model TokenIndex, adminSecret string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Request().Header.Get(echo.HeaderAuthorization)
			secret, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || secret == "" {
				return domain.Errorf(domain.CodeUnauthorized, "send Authorization: Bearer <token>")
			}
			if adminSecret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(adminSecret)) == 1 {
				c.Set(principalKey, Principal{TokenID: envAdminTokenID, Role: access.Admin})
				return next(c)
			}
			t, found := model.TokenBySecret(HashSecret(secret))
			if !found {
				return domain.Errorf(domain.CodeUnauthorized, "the bearer token is unknown or revoked")
			}
			c.Set(principalKey, Principal{TokenID: t.TokenID, Role: t.Role, Institution: t.InstitutionID, Agency: t.Agency})
			return next(c)
		}
	}
}

// allow refuses roles not listed with 403.
func allow(c echo.Context, roles ...access.Role) (Principal, error) {
	p := principalOf(c)
	if !slices.Contains(roles, p.Role) {
		return p, domain.Errorf(domain.CodeForbidden, "a %s token may not %s %s", p.Role, c.Request().Method, c.Path())
	}
	return p, nil
}
