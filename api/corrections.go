package api

import (
	"encoding/json"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/ledger"
)

// CorrectionRequest is the body of POST /v1/participants/{nip}/corrections.
type CorrectionRequest struct {
	EventID     string          `json:"event_id" maxLength:"64" example:"0190d7bc-e800-77d1-9453-451adc1938ba"`
	Reason      string          `json:"reason" maxLength:"2000" example:"Nilai salah ketik: 58 seharusnya 85"`
	Replacement json.RawMessage `json:"replacement,omitempty" swaggertype:"object"`
} // @name CorrectionRequest

// CorrectionResponse answers a correction with the standing it leaves.
type CorrectionResponse struct {
	Events   []EventRef           `json:"events"`
	Standing participant.Standing `json:"standing"`
} // @name CorrectionResponse

// correct godoc
// @Summary      Correct a recorded event
// @Description  Records EventCorrected naming the original, its reason and optionally a replacement: the body the original's command would take (a trophy, a posttest attempt, a check-in, an attendance status {"status"}, a score, a remedial), validated by the same rules as a new command, against the participant as they stood before the original. The original stays in the log and the audit; standings honour the correction. Admin, or the institution that recorded the original.
// @ID           correctEvent
// @Tags         audit
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string             true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string             false  "Idempotency key"
// @Param        body             body    CorrectionRequest  true   "The correction"
// @Success      200  {object}  CorrectionResponse
// @Success      201  {object}  CorrectionResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/participants/{nip}/corrections [post]
func (s *Server) correct(c echo.Context) error {
	var req CorrectionRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	cmd := ledger.Correct{NIP: c.Param("nip"), EventID: req.EventID, Reason: req.Reason}
	if len(req.Replacement) > 0 && string(req.Replacement) != "null" {
		cmd.Replacement = replacementBody(req.Replacement)
	}
	res, err := s.ledger.Correct(c.Request().Context(), principalOf(c), cmd)
	if err != nil {
		return err
	}
	return written(c, CorrectionResponse{Events: refsOf(res.Appends...), Standing: res.Standing}, res.Written)
}

// DisputeRequest is the body of POST /v1/participants/{nip}/disputes.
type DisputeRequest struct {
	DecisionEventID string `json:"decision_event_id" maxLength:"64" example:"0190d7bc-e800-77d1-9453-451adc1938ba"`
	Reason          string `json:"reason" maxLength:"2000" example:"Nilai aktualisasi tidak sesuai berita acara"`
} // @name DisputeRequest

// DisputeResponse answers a dispute or its resolution.
type DisputeResponse struct {
	Events  []EventRef          `json:"events"`
	Dispute participant.Dispute `json:"dispute"`
} // @name DisputeResponse

// fileDispute godoc
// @Summary      Dispute a graduation decision
// @Description  Records DisputeFiled against one of the participant's GraduationDecided events. Auditors, admins, and the participant's home agency. The dispute shows in the standing and the audit until resolved.
// @ID           fileDispute
// @Tags         audit
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string          true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string          false  "Idempotency key"
// @Param        body             body    DisputeRequest  true   "The dispute"
// @Success      200  {object}  DisputeResponse
// @Success      201  {object}  DisputeResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/participants/{nip}/disputes [post]
func (s *Server) fileDispute(c echo.Context) error {
	var req DisputeRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.FileDispute(c.Request().Context(), principalOf(c), ledger.FileDispute{
		NIP: c.Param("nip"), DecisionEventID: req.DecisionEventID, Reason: req.Reason})
	if err != nil {
		return err
	}
	return written(c, DisputeResponse{Events: refsOf(res.Appends...), Dispute: res.Dispute}, res.Written)
}

// ResolutionRequest is the body of POST /v1/disputes/{dispute_id}/resolution.
type ResolutionRequest struct {
	Outcome string `json:"outcome" enums:"upheld,rejected" example:"upheld"`
	Note    string `json:"note" maxLength:"2000" example:"Berita acara menunjukkan nilai 86, bukan 68"`
} // @name ResolutionRequest

// resolveDispute godoc
// @Summary      Resolve a dispute (admin)
// @Description  Records DisputeResolved. An upheld dispute lets the admin record a redecision for the participant (POST /v1/participants/{nip}/redecision).
// @ID           resolveDispute
// @Tags         audit
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        dispute_id       path    string             true   "Dispute id"
// @Param        Idempotency-Key  header  string             false  "Idempotency key"
// @Param        body             body    ResolutionRequest  true   "The resolution"
// @Success      200  {object}  DisputeResponse
// @Success      201  {object}  DisputeResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/disputes/{dispute_id}/resolution [post]
func (s *Server) resolveDispute(c echo.Context) error {
	var req ResolutionRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.ResolveDispute(c.Request().Context(), principalOf(c), c.Param("dispute_id"),
		ledger.Resolution{Outcome: req.Outcome, Note: req.Note})
	if err != nil {
		return err
	}
	return written(c, DisputeResponse{Events: refsOf(res.Appends...), Dispute: res.Dispute}, res.Written)
}

// RedecisionRequest is the body of POST /v1/participants/{nip}/redecision.
type RedecisionRequest struct {
	DecidedOn  string `json:"decided_on" format:"date" example:"2024-09-02"`
	MeetingRef string `json:"meeting_ref" maxLength:"64" example:"BA-SENGKETA-2024-09-02"`
	DisputeID  string `json:"dispute_id" maxLength:"64" example:"199901012024011001-1"`
} // @name RedecisionRequest

// RedecisionResponse answers a redecision.
type RedecisionResponse struct {
	Events   []EventRef `json:"events"`
	Decision Decision   `json:"decision"`
} // @name RedecisionResponse

// redecide godoc
// @Summary      Redecide a participant after an upheld dispute (admin)
// @Description  Records GraduationDecided with redecision true and the dispute, under the same verdict rules (R-GRAD-1..4) on the participant as they stand now (corrections included). In the same append it revokes the documents of the decision it replaces (DocumentRevoked, with the reason and the replacement) and issues those the new decision entitles.
// @ID           redecideParticipant
// @Tags         audit
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string             true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string             false  "Idempotency key"
// @Param        body             body    RedecisionRequest  true   "The redecision"
// @Success      200  {object}  RedecisionResponse
// @Success      201  {object}  RedecisionResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/participants/{nip}/redecision [post]
func (s *Server) redecide(c echo.Context) error {
	var req RedecisionRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	on := f.meeting(req.MeetingRef, req.DecidedOn)
	f.required("dispute_id", req.DisputeID)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.Redecide(c.Request().Context(), principalOf(c), ledger.Redecide{
		NIP: c.Param("nip"), MeetingRef: req.MeetingRef, DecidedOn: on, DisputeID: req.DisputeID})
	if err != nil {
		return err
	}
	answer := decisionOf(res.Name, res.Decision)
	answer.NIP, answer.EventID = res.NIP, res.EventID
	return written(c, RedecisionResponse{Events: refsOf(res.Appends...), Decision: answer}, res.Written)
}
