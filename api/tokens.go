package api

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/events"
)

// TokenRequest is the body of POST /v1/tokens.
type TokenRequest struct {
	Name          string `json:"name" example:"LMS BPSDM Jawa Timur"`
	Role          string `json:"role" enums:"admin,lms,agency,auditor,dashboard" example:"lms"`
	InstitutionID string `json:"institution_id,omitempty" example:"bpsdm-jatim"`
	Agency        string `json:"agency,omitempty" example:"pemkab-blitar"`
} // @name TokenRequest

// TokenResponse shows the secret once; only its hash is kept.
type TokenResponse struct {
	Events        []EventRef `json:"events"`
	TokenID       string     `json:"token_id" example:"tok_5kq2m7x4hz3a"`
	Token         string     `json:"token" example:"lat_…"`
	Name          string     `json:"name"`
	Role          string     `json:"role"`
	InstitutionID string     `json:"institution_id,omitempty"`
	Agency        string     `json:"agency,omitempty"`
	IssuedAt      time.Time  `json:"issued_at" format:"date-time"`
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
// @Failure      422  {object}  Problem
// @Router       /v1/tokens [post]
func (s *Server) issueToken(c echo.Context) error {
	p, err := allow(c, access.Admin)
	if err != nil {
		return err
	}
	var req TokenRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, t, secret, err := IssueToken(c.Request().Context(), s.tokens, access.TokenIssued{
		Name: req.Name, Role: access.Role(req.Role), InstitutionID: req.InstitutionID, Agency: req.Agency,
	}, metadataOf(p))
	if err != nil {
		return err
	}
	if err := s.awaitProjection(c, s.cfg.Tokens, res.Append.Last().Position); err != nil {
		return err
	}
	return created(c, TokenResponse{
		Events: refsOf(res.Append), TokenID: t.TokenID, Token: secret, Name: t.Name, Role: string(t.Role),
		InstitutionID: t.InstitutionID, Agency: t.Agency, IssuedAt: t.IssuedAt,
	}, res.Append)
}

// IssueToken records a new token and returns its secret. main uses it too,
// for the admin token of a first start.
func IssueToken(ctx context.Context, runner *command.Runner[access.State], t access.TokenIssued, md events.Metadata) (command.Result, access.TokenIssued, string, error) {
	var id [8]byte
	var raw [32]byte
	_, _ = rand.Read(id[:])
	_, _ = rand.Read(raw[:])
	t.TokenID = "tok_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(id[:]))
	secret := "lat_" + base64.RawURLEncoding.EncodeToString(raw[:])
	t.SecretSHA256 = HashSecret(secret)
	t.IssuedAt = time.Now().UTC()
	res, err := runner.Run(ctx, command.Command[access.State]{
		Stream: events.TokenPrefix + t.TokenID, Metadata: md,
		Decide: func(st access.State) ([]domain.Event, error) { return access.DecideIssue(st, t) },
	})
	return res, t, secret, err
}

// TokenRunner exposes the token runner for main's first-start token.
func (s *Server) TokenRunner() *command.Runner[access.State] { return s.tokens }

// revokeToken godoc
// @Summary      Revoke a token (admin)
// @ID           revokeToken
// @Tags         tokens
// @Produce      json
// @Security     BearerAuth
// @Param        token_id  path  string  true  "Token id"
// @Success      200  {object}  RevokeResponse  "Already revoked"
// @Success      201  {object}  RevokeResponse
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Router       /v1/tokens/{token_id} [delete]
func (s *Server) revokeToken(c echo.Context) error {
	p, err := allow(c, access.Admin)
	if err != nil {
		return err
	}
	id := c.Param("token_id")
	if !domain.ValidID(id) {
		return domain.NotFound("token")
	}
	res, err := s.tokens.Run(c.Request().Context(), command.Command[access.State]{
		Stream: events.TokenPrefix + id, IDKey: "revoke", Metadata: metadataOf(p),
		Decide: func(st access.State) ([]domain.Event, error) {
			if st.Revoked {
				return nil, nil
			}
			return access.DecideRevoke(st, time.Now())
		},
	})
	if err != nil {
		return err
	}
	if len(res.Append.Events) == 0 {
		return c.JSON(200, RevokeResponse{Events: []EventRef{}, TokenID: id, Revoked: true})
	}
	if err := s.awaitProjection(c, s.cfg.Tokens, res.Append.Last().Position); err != nil {
		return err
	}
	return created(c, RevokeResponse{Events: refsOf(res.Append), TokenID: id, Revoked: true}, res.Append)
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
