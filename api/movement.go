package api

import (
	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain/cohort"
)

// WithdrawalRequest is the body of POST /v1/participants/{nip}/withdrawal.
type WithdrawalRequest struct {
	Reason       string `json:"reason" maxLength:"2000" example:"Mengundurkan diri karena sakit berkepanjangan"`
	LetterNumber string `json:"letter_number" maxLength:"100" example:"800/123/BKPSDM/2024"`
	WithdrawnOn  string `json:"withdrawn_on" format:"date" example:"2024-07-01"`
} // @name WithdrawalRequest

// TransferRequest is the body of POST /v1/participants/{nip}/transfer.
type TransferRequest struct {
	ToCohortID    string `json:"to_cohort_id" maxLength:"64" example:"latsar-2024-02"`
	Reason        string `json:"reason" maxLength:"2000" example:"Pindah ke angkatan berikutnya atas permintaan instansi"`
	TransferredOn string `json:"transferred_on" format:"date" example:"2024-06-10"`
} // @name TransferRequest

// MovedResponse answers a withdrawal or a transfer.
type MovedResponse struct {
	Events []EventRef `json:"events"`
	NIP    string     `json:"nip"`
	// CohortID is the cohort the participant is in after a transfer, the
	// cohort they left after a withdrawal.
	CohortID string `json:"cohort_id"`
} // @name MovedResponse

// withdraw godoc
// @Summary      Record a participant's withdrawal
// @Description  R-MOVE-1: ParticipantWithdrew, with its reason and letter number, on the cohort's roster and the participant's stream in one atomic append. No later learning event is accepted and no meeting decides the participant; a decided participant does not withdraw (409). The same withdrawal again answers 200.
// @ID           withdrawParticipant
// @Tags         participants
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string             true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string             false  "Idempotency key"
// @Param        body             body    WithdrawalRequest  true   "The withdrawal"
// @Success      200  {object}  MovedResponse
// @Success      201  {object}  MovedResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/participants/{nip}/withdrawal [post]
func (s *Server) withdraw(c echo.Context) error {
	var req WithdrawalRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	on := f.date("withdrawn_on", req.WithdrawnOn)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.Withdraw(c.Request().Context(), principalOf(c), c.Param("nip"), cohort.ParticipantWithdrew{
		Reason: req.Reason, LetterNumber: req.LetterNumber, WithdrawnOn: on,
	})
	if err != nil {
		return err
	}
	return written(c, MovedResponse{Events: refsOf(res.Appends...), NIP: string(res.NIP), CohortID: res.CohortID}, res.Written)
}

// transfer godoc
// @Summary      Move a participant to another cohort of the same institution
// @Description  R-MOVE-2: ParticipantTransferred on the cohort left, the cohort joined and the participant's stream, in one atomic append. The new cohort's R-COH-1..3 apply (a full cohort refuses, nothing written); the learning record stays the participant's. A decided or withdrawn participant is not moved (409).
// @ID           transferParticipant
// @Tags         participants
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string           true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string           false  "Idempotency key"
// @Param        body             body    TransferRequest  true   "The move"
// @Success      200  {object}  MovedResponse
// @Success      201  {object}  MovedResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/participants/{nip}/transfer [post]
func (s *Server) transfer(c echo.Context) error {
	var req TransferRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	on := f.date("transferred_on", req.TransferredOn)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.Transfer(c.Request().Context(), principalOf(c), c.Param("nip"), cohort.ParticipantTransferred{
		ToCohortID: req.ToCohortID, Reason: req.Reason, TransferredOn: on,
	})
	if err != nil {
		return err
	}
	return written(c, MovedResponse{Events: refsOf(res.Appends...), NIP: string(res.NIP), CohortID: res.CohortID}, res.Written)
}
