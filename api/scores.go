package api

import (
	"encoding/json"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/ledger"
)

// ScoreRequest is the body of POST /v1/participants/{nip}/scores.
type ScoreRequest struct {
	Component  string          `json:"component" enums:"attitude_institution,attitude_agency,academic_elearning,actualization_design,actualization_implementation,pktbt" example:"attitude_institution"`
	Score      json.RawMessage `json:"score" swaggertype:"number" minimum:"0" maximum:"100" multipleOf:"0.01" example:"85.5"`
	Assessor   string          `json:"assessor" maxLength:"200" example:"Widyaiswara Ahmad"`
	AssessedAt string          `json:"assessed_at" format:"date-time" example:"2024-07-30T10:00:00Z"`
	// Examiner is the staff_id of the examiner of an actualisation score
	// (R-STAFF-3); without it, the person the score is recorded for.
	Examiner string `json:"examiner,omitempty" example:"penguji-rina"`
} // @name ScoreRequest

// ScoreResponse answers a score with the evaluation it leaves.
type ScoreResponse struct {
	Events     []EventRef             `json:"events"`
	Evaluation participant.Evaluation `json:"evaluation"`
	// Warnings: what was recorded without being refused (an actualisation
	// score that names no examiner, R-STAFF-3).
	Warnings []domain.Warning `json:"warnings"`
} // @name ScoreResponse

// recordScore godoc
// @Summary      Record a component score
// @Description  The institution (lms token) scores attitude_institution, academic_elearning, actualization_design and actualization_implementation; the home agency (agency token) attitude_agency and pktbt; academic_mooc is the posttest result (R-POST-2) and refused. A later score of a component replaces the earlier (both stay in the log). An actualisation score names its examiner (R-STAFF-3): examiner, else the person it is recorded for (Recorded-For or recorded_for); one who is not assigned to the participant's cohort as examiner is refused (422), a score naming none is recorded with a warning. Seminar scores feed the same components (POST /v1/seminars/{seminar_id}/scores).
// @ID           recordScore
// @Tags         evaluation
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string        true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string        false  "Idempotency key"
// @Param        Recorded-For     header  string        false  "The staff member the write is recorded for (R-STAFF-2)"
// @Param        body             body    ScoreRequest  true   "The score"
// @Success      201  {object}  ScoreResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/participants/{nip}/scores [post]
func (s *Server) recordScore(c echo.Context) error {
	var req ScoreRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	f.required("component", req.Component)
	score := f.score("score", req.Score, "R-EVAL-1")
	f.required("assessor", req.Assessor)
	at := f.time("assessed_at", req.AssessedAt)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.RecordScore(c.Request().Context(), principalOf(c), c.Param("nip"), participant.Score{ComponentScored: participant.ComponentScored{
		Component: participant.Component(req.Component), Score: score, Assessor: req.Assessor, AssessedAt: at, Examiner: req.Examiner,
	}})
	if err != nil {
		return err
	}
	return written(c, ScoreResponse{Events: refsOf(res.Appends...), Evaluation: res.Evaluation, Warnings: res.Warnings}, res.Written)
}

// RemedialRequest is the body of POST /v1/participants/{nip}/remedials.
type RemedialRequest struct {
	Component string          `json:"component" enums:"academic_mooc,academic_elearning,actualization_implementation,pktbt" example:"academic_elearning"`
	Score     json.RawMessage `json:"score" swaggertype:"number" minimum:"0" maximum:"100" multipleOf:"0.01" example:"78"`
	TakenOn   string          `json:"taken_on" format:"date" example:"2024-08-07"`
} // @name RemedialRequest

// RemedialResponse answers a remedial with the evaluation it leaves.
type RemedialResponse struct {
	Events     []EventRef             `json:"events"`
	Deadline   string                 `json:"deadline" format:"date"`
	Evaluation participant.Evaluation `json:"evaluation"`
} // @name RemedialResponse

// takeRemedial godoc
// @Summary      Record a remedial for a deferring component
// @Description  R-REM-1..3: only a component that deferred the participant at the graduation meeting, once, by its deadline: 7 days after ends_on for academic components (R-REM-2), or the admin's later deadline for actualization_implementation and pktbt (R-REM-3). The score replaces the component, uncapped (R-REM-4).
// @ID           takeRemedial
// @Tags         evaluation
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string           true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string           false  "Idempotency key"
// @Param        body             body    RemedialRequest  true   "The remedial"
// @Success      200  {object}  RemedialResponse
// @Success      201  {object}  RemedialResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/participants/{nip}/remedials [post]
func (s *Server) takeRemedial(c echo.Context) error {
	var req RemedialRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	f.required("component", req.Component)
	score := f.score("score", req.Score, "R-REM-4")
	takenOn := f.date("taken_on", req.TakenOn)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.TakeRemedial(c.Request().Context(), principalOf(c), c.Param("nip"), ledger.Remedial{
		Component: participant.Component(req.Component), Score: score, TakenOn: takenOn,
	})
	if err != nil {
		return err
	}
	return written(c, RemedialResponse{Events: refsOf(res.Appends...), Deadline: string(res.Deadline), Evaluation: res.Evaluation}, res.Written)
}
