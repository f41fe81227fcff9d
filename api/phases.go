package api

import (
	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// MovePhaseRequest is the body of POST /v1/cohorts/{cohort_id}/phases/{phase}/move.
type MovePhaseRequest struct {
	StartsOn string `json:"starts_on" format:"date" example:"2024-09-16"`
	Reason   string `json:"reason" maxLength:"2000" example:"Gedung diklat dipakai untuk seleksi CPNS pada minggu itu"`
} // @name MovePhaseRequest

// movePhase godoc
// @Summary      Move a phase of a cohort laid out by a template
// @Description  R-PHASE-20: CohortPhaseMoved, with its reason. The phase starts on starts_on (a working day) and the phases after it follow it as the template lays them out, each keeping its working days; the order of the phases and the cohort's starts_on..ends_on hold (422 naming phase, starts_on or reason). The move is written on the cohort and every participant of its roster in one atomic append (their enrolment's copy of the phases follows). A cohort without a template, a decided cohort, or a move over a session already scheduled or a participant's recorded fact is 409. The latest move asked again answers 200. Admin and the institution's lms token.
// @ID           movePhase
// @Tags         cohorts
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string            true   "Cohort id"
// @Param        phase            path    string            true   "Phase"  Enums(mooc, elearning, actualization, pktbt, klasikal, graduation)
// @Param        Idempotency-Key  header  string            false  "Idempotency key"
// @Param        body             body    MovePhaseRequest  true   "The move"
// @Success      200  {object}  CohortWriteResponse  "Repeat of the latest move"
// @Success      201  {object}  CohortWriteResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/phases/{phase}/move [post]
func (s *Server) movePhase(c echo.Context) error {
	var req MovePhaseRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	if f.plannedDate("starts_on", req.StartsOn); f.Err() != nil {
		return f.Err()
	}
	res, err := s.ledger.MovePhase(c.Request().Context(), principalOf(c), c.Param("cohort_id"), cohort.MovePhase{
		Phase: c.Param("phase"), StartsOn: domain.Date(req.StartsOn), Reason: req.Reason,
	})
	if err != nil {
		return err
	}
	return written(c, CohortWriteResponse{Events: refsOf(res.Appends...), Cohort: res.Cohort}, res.Written)
}

// ReleaseRequest is the body of POST /v1/cohorts/{cohort_id}/release.
type ReleaseRequest struct {
	ReleasedOn string `json:"released_on" format:"date" example:"2024-09-13"`
} // @name ReleaseRequest

// ReleaseResponse answers a release.
type ReleaseResponse struct {
	Events  []EventRef                  `json:"events"`
	Release cohort.ParticipantsReleased `json:"release"`
} // @name ReleaseResponse

// release godoc
// @Summary      Release a decided cohort's participants to their agencies
// @Description  R-MOVE-3 (seed 003: the participants return to their home agencies): after the graduation meeting, on or after its decided_on, ParticipantsReleased on the cohort and ParticipantReleased on every participant of its roster, in one atomic append; each standing then shows released. Before the meeting, a second release on another day or an empty roster is 409; the same release again answers 200. Admin and the institution's lms token.
// @ID           releaseParticipants
// @Tags         cohorts
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string          true   "Cohort id"
// @Param        Idempotency-Key  header  string          false  "Idempotency key"
// @Param        body             body    ReleaseRequest  true   "The release"
// @Success      200  {object}  ReleaseResponse  "Repeat of the release"
// @Success      201  {object}  ReleaseResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/release [post]
func (s *Server) release(c echo.Context) error {
	var req ReleaseRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	on := f.date("released_on", req.ReleasedOn)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.Release(c.Request().Context(), principalOf(c), c.Param("cohort_id"), on)
	if err != nil {
		return err
	}
	return written(c, ReleaseResponse{Events: refsOf(res.Appends...), Release: res.Release}, res.Written)
}
