package api

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/ledger"
)

// TokenRequest is the body of POST /v1/tokens.
type TokenRequest struct {
	Name          string `json:"name" maxLength:"200" example:"LMS BPSDM Jawa Timur"`
	Role          string `json:"role" enums:"admin,lms,agency,auditor,dashboard" example:"lms"`
	InstitutionID string `json:"institution_id,omitempty" maxLength:"64" example:"bpsdm-jatim"`
	Agency        string `json:"agency,omitempty" maxLength:"64" example:"pemkab-blitar"`
} // @name TokenRequest

// TokenResponse shows the secret once; only its hash is kept.
type TokenResponse struct {
	Events  []EventRef `json:"events"`
	TokenID string     `json:"token_id" example:"tok_5kq2m7x4hz3a"`
	// Token is the secret, shown once: a replay of the same request (same
	// Idempotency-Key) answers without it, and it is kept nowhere.
	Token         string    `json:"token,omitempty" example:"lat_…"`
	Name          string    `json:"name"`
	Role          string    `json:"role"`
	InstitutionID string    `json:"institution_id,omitempty"`
	Agency        string    `json:"agency,omitempty"`
	IssuedAt      time.Time `json:"issued_at" format:"date-time"`
} // @name TokenResponse

// RevokeResponse answers a revocation.
type RevokeResponse struct {
	Events  []EventRef `json:"events"`
	TokenID string     `json:"token_id"`
	Revoked bool       `json:"revoked"`
} // @name RevokeResponse

// issueToken godoc
// @Summary      Issue a bearer token (admin)
// @Description  The secret `token` is shown once and stored only as its SHA-256. lms tokens are bound to an institution_id, agency tokens to an agency.
// @ID           issueToken
// @Tags         tokens
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        Idempotency-Key  header  string        false  "Idempotency key"
// @Param        body             body    TokenRequest  true   "The token"
// @Success      201  {object}  TokenResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/tokens [post]
func (s *Server) issueToken(c echo.Context) error {
	var req TokenRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.IssueToken(c.Request().Context(), principalOf(c), ledger.IssueToken{
		Name: req.Name, Role: access.Role(req.Role), InstitutionID: req.InstitutionID, Agency: req.Agency,
	})
	if err != nil {
		return err
	}
	if err := s.awaitProjection(c, s.cfg.Tokens, res.Position()); err != nil {
		return err
	}
	t := res.Token
	answer := TokenResponse{
		Events: refsOf(res.Appends...), TokenID: t.TokenID, Name: t.Name, Role: string(t.Role),
		InstitutionID: t.InstitutionID, Agency: t.Agency, IssuedAt: t.IssuedAt,
	}
	if err := keepForReplay(c, answer); err != nil {
		return err
	}
	answer.Token = res.Secret
	return written(c, answer, res.Written)
}

// Ledger is the application layer the server calls; main issues the admin
// token of a first start through it.
func (s *Server) Ledger() *ledger.Ledger { return s.ledger }

// revokeToken godoc
// @Summary      Revoke a token (admin)
// @Description  Records TokenRevoked: the token is refused from then on. Revoking a revoked token answers 200 with the first revocation. Admin tokens.
// @ID           revokeToken
// @Tags         tokens
// @Produce      json
// @Security     BearerAuth
// @Param        token_id  path  string  true  "Token id"
// @Param        Idempotency-Key  header  string  false  "Idempotency key (at most 255 characters)"
// @Success      200  {object}  RevokeResponse  "Already revoked"
// @Success      201  {object}  RevokeResponse
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Router       /v1/tokens/{token_id} [delete]
func (s *Server) revokeToken(c echo.Context) error {
	res, err := s.ledger.RevokeToken(c.Request().Context(), principalOf(c), c.Param("token_id"))
	if err != nil {
		return err
	}
	if len(res.Events()) == 0 {
		return c.JSON(http.StatusOK, RevokeResponse{Events: []EventRef{}, TokenID: res.TokenID, Revoked: true})
	}
	if err := s.awaitProjection(c, s.cfg.Tokens, res.Position()); err != nil {
		return err
	}
	return written(c, RevokeResponse{Events: refsOf(res.Appends...), TokenID: res.TokenID, Revoked: true}, res.Written)
}

// awaitProjection holds a write until a projection has applied it: a token
// works (or stops working) and a session takes attendance as soon as the
// answer arrives.
func (s *Server) awaitProjection(c echo.Context, w waiter, pos uint64) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.MinPositionWait)
	defer cancel()
	if err := w.Wait(ctx, pos); err != nil {
		return domain.Errorf(domain.CodeUnavailable, "recorded at position %d, but projections have not applied it yet; it takes effect within seconds", pos)
	}
	return nil
}

type waiter interface {
	Wait(ctx context.Context, pos uint64) error
}
