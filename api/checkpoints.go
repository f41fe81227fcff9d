package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/keys"
	"github.com/latsar/ledger/ledger"
)

// Integrity is where the server keeps the signed checkpoints of the log, and
// the keys that verify them.
type Integrity = ledger.Integrity

// CheckpointPage is a page of the log's signed checkpoints.
type CheckpointPage struct {
	// Latest is the newest checkpoint (null before the first).
	Latest *events.Checkpoint `json:"latest" extensions:"x-nullable"`
	// Checkpoints are those of positions after ?after, oldest first.
	Checkpoints []events.Checkpoint `json:"checkpoints"`
	NextAfter   uint64              `json:"next_after"`
} // @name CheckpointPage

// listCheckpoints godoc
// @Summary      The signed checkpoints of the log
// @Description  Every few seconds while the log grows, and at shutdown, the server signs its head: the position, the hash of the event there, the running hash of the whole log up to it (log_hash = hex(SHA-256(previous log_hash ‖ hash)) in position order) and the time, with Ed25519 (kid: a key of /.well-known/jwks.json; signature over "latsar checkpoint v1\n" and the canonical JSON of the other fields, see docs/integrity.md). Fetch them on a schedule into storage the operator cannot write, then `latsar verify --checkpoints your-copy` proves that the log still holds what they pin. Checkpoints whose signature does not hold are left out. Auditor and admin tokens.
// @ID           listCheckpoints
// @Tags         audit
// @Produce      json
// @Security     BearerAuth
// @Param        after  query  integer  false  "Position to list after (default 0)"
// @Param        limit  query  integer  false  "Checkpoints (1-1000, default 50)"
// @Success      200  {object}  CheckpointPage
// @Failure      400,401,403  {object}  Problem
// @Router       /v1/checkpoints [get]
func (s *Server) listCheckpoints(c echo.Context) error {
	after, err := afterParam(c)
	if err != nil {
		return err
	}
	limit, err := limitParam(c)
	if err != nil {
		return err
	}
	valid, err := s.ledger.Checkpoints(principalOf(c))
	if err != nil {
		return err
	}
	page := CheckpointPage{Checkpoints: []events.Checkpoint{}, NextAfter: after}
	if len(valid) > 0 {
		page.Latest = &valid[len(valid)-1]
	}
	for _, cp := range valid {
		if cp.Position > after && len(page.Checkpoints) < limit {
			page.Checkpoints = append(page.Checkpoints, cp)
			page.NextAfter = cp.Position
		}
	}
	return c.JSON(http.StatusOK, page)
}

// jwks godoc
// @Summary      The public keys of the ledger
// @Description  Every Ed25519 key the server signs with, or signed with before, as a JSON Web Key Set (RFC 8037: kty OKP, crv Ed25519); kid is the key's RFC 7638 thumbprint. Checkpoints name the key that signed them by kid. Open to everyone.
// @ID           jwks
// @Tags         audit
// @Produce      json
// @Success      200  {object}  keys.JWKS
// @Router       /.well-known/jwks.json [get]
func (s *Server) jwks(c echo.Context) error {
	var v *keys.Verifier
	if i := s.cfg.Integrity; i != nil {
		v = i.Keys
	}
	set := v.JWKS()
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.JSON(http.StatusOK, set)
}
