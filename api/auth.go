package api

import (
	"crypto/subtle"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/ledger"
)

// Principal is the caller a bearer token stands for, in the request it sends.
type Principal = ledger.Principal

// envAdminTokenID names the token of LATSAR_ADMIN_TOKEN in event metadata.
const envAdminTokenID = ledger.EnvAdminTokenID

// principalOf is the caller with the request it acts in: the idempotency key,
// the request id and the person it is recorded for, which every event it
// records carries.
func principalOf(c echo.Context) Principal {
	var p Principal
	if s := scopeOf(c); s != nil && s.admitted {
		p = s.principal
	}
	p.IdempotencyKey = c.Request().Header.Get(headerIdempotencyKey)
	p.CorrelationID = c.Response().Header().Get(echo.HeaderXRequestID)
	p.RecordedFor, _ = c.Get(recordedForKey).(string) // checked by recordedFor
	return p
}

// authenticate admits a request with a live bearer token, within the
// token's rate limit. A request without a valid token spends its client
// address's budget first, so that guessing tokens is slow.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, err := s.principalFor(c.Request().Header.Get(echo.HeaderAuthorization))
		if err != nil {
			if lerr := s.perAddress.limit(c, clientAddress(c)); lerr != nil {
				return lerr
			}
			return err
		}
		if err := s.perToken.limit(c, p.TokenID); err != nil {
			return err
		}
		scopeOf(c).admit(p)
		return next(c)
	}
}

// limitAnonymous spends the client address's budget on the routes that need
// no token (health, metrics, documents); /v1 is limited by authenticate.
func (s *Server) limitAnonymous(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !strings.HasPrefix(c.Request().URL.Path, "/v1/") {
			if err := s.perAddress.limit(c, clientAddress(c)); err != nil {
				return err
			}
		}
		return next(c)
	}
}

// principalFor is the caller a bearer header stands for.
func (s *Server) principalFor(header string) (Principal, error) {
	secret, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || secret == "" {
		return Principal{}, domain.Errorf(domain.CodeUnauthorized, "send Authorization: Bearer <token>")
	}
	if admin := s.cfg.AdminSecret; admin != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(admin)) == 1 {
		return Principal{TokenID: envAdminTokenID, Role: access.Admin}, nil
	}
	t, found := s.cfg.Tokens.TokenBySecret(ledger.HashSecret(secret))
	if !found {
		return Principal{}, domain.Errorf(domain.CodeUnauthorized, "the bearer token is unknown or revoked")
	}
	return Principal{TokenID: t.TokenID, Role: t.Role, Institution: t.InstitutionID, Agency: t.Agency}, nil
}
