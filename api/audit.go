package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/audit"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// replayStanding answers ?as_of= or ?at_position= by folding the
// participant's stream up to that point (design.md "Time travel and audit").
func (s *Server) replayStanding(c echo.Context, p Principal, nip domain.NIP) error {
	asOf, atPos := c.QueryParam("as_of"), c.QueryParam("at_position")
	if asOf != "" && atPos != "" {
		return badQuery("as_of", "give as_of or at_position, not both")
	}
	var max uint64
	var until time.Time
	if atPos != "" {
		n, err := strconv.ParseUint(atPos, 10, 64)
		if err != nil || n == 0 {
			return badQuery("at_position", "at_position is a positive event position")
		}
		max = n
	} else {
		t, err := time.Parse(time.RFC3339Nano, asOf)
		if err != nil {
			return badQuery("as_of", "as_of is an RFC 3339 time such as 2024-08-02T00:00:00Z")
		}
		until = t
	}
	recs, err := s.cfg.Store.ReadStream(c.Request().Context(), events.ParticipantPrefix+string(nip), 0, max)
	if err != nil {
		return err
	}
	if !until.IsZero() {
		recs = audit.Until(recs, until)
	}
	st, ok, err := audit.Standing(s.cfg.Catalogue, recs)
	if err != nil {
		return err
	}
	if !ok || !p.Sees(scopeOfStanding(st)) {
		return domain.NotFound("participant (at that point)")
	}
	return c.JSON(http.StatusOK, st)
}

func scopeOfStanding(st participant.Standing) projections.Scope {
	return projections.Scope{CohortID: st.CohortID, InstitutionID: st.InstitutionID, Agency: st.Agency}
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
	p, err := allow(c, access.Admin, access.Auditor, access.LMS, access.Agency)
	if err != nil {
		return err
	}
	nip, err := domain.ParseNIP(c.Param("nip"))
	if err != nil {
		return domain.NotFound("participant")
	}
	recs, err := s.cfg.Store.ReadStream(c.Request().Context(), events.ParticipantPrefix+string(nip), 0, 0)
	if err != nil {
		return err
	}
	st, ok, err := audit.Standing(s.cfg.Catalogue, recs)
	if err != nil {
		return err
	}
	if !ok || !p.Sees(scopeOfStanding(st)) {
		return domain.NotFound("participant")
	}
	entries, err := audit.Trail(s.cfg.Catalogue, recs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, AuditTrail{NIP: nip, Entries: entries})
}
