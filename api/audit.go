package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/audit"
	"github.com/latsar/ledger/domain"
)

// replayStanding answers ?as_of= or ?at_position= with the standing the
// ledger replays from the log (design.md "Time travel and audit").
func (s *Server) replayStanding(c echo.Context, p Principal, nip string) error {
	asOf, atPos := c.QueryParam("as_of"), c.QueryParam("at_position")
	if asOf != "" && atPos != "" {
		return badQuery("as_of", "give as_of or at_position, not both")
	}
	var position uint64
	var until time.Time
	if atPos != "" {
		n, err := strconv.ParseUint(atPos, 10, 64)
		if err != nil || n == 0 {
			return badQuery("at_position", "at_position is a positive event position")
		}
		position = n
	} else {
		t, err := time.Parse(time.RFC3339Nano, asOf)
		if err != nil {
			return badQuery("as_of", "as_of is an RFC 3339 time such as 2024-08-02T00:00:00Z")
		}
		until = t
	}
	st, err := s.ledger.Replay(c.Request().Context(), p, nip, until, position)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// AuditTrail is a participant's trail.
type AuditTrail struct {
	NIP     domain.NIP    `json:"nip"`
	Entries []audit.Entry `json:"entries"`
} // @name AuditTrail

// getAudit godoc
// @Summary      A participant's audit trail
// @Description  Every event of the participant in order, with who recorded it (actor, role, institution), when, its position and hash, the standing fields it changed (before → after) and the rule IDs involved; corrections and disputes shown against the events they touch. A graduation decision's data holds every input the meeting saw. Not for dashboard tokens.
// @ID           getAudit
// @Tags         audit
// @Produce      json
// @Security     BearerAuth
// @Param        nip  path  string  true  "NIP (18 digits)"
// @Success      200  {object}  AuditTrail
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/participants/{nip}/audit [get]
func (s *Server) getAudit(c echo.Context) error {
	trail, err := s.ledger.Audit(c.Request().Context(), principalOf(c), c.Param("nip"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, AuditTrail{NIP: trail.NIP, Entries: trail.Entries})
}
