package api

import (
	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/ledger"
)

// ProposalRequest is the body of POST /v1/cohorts/{cohort_id}/proposals.
type ProposalRequest struct {
	NIP          string `json:"nip" maxLength:"32" example:"199901012024011001"`
	Name         string `json:"name" maxLength:"200" example:"Siti Rahayu"`
	Golongan     string `json:"golongan" example:"III"`
	Agency       string `json:"agency" maxLength:"64" example:"pemkab-blitar"`
	LetterNumber string `json:"letter_number" maxLength:"100" example:"800/45/BKPSDM/2024"`
} // @name ProposalRequest

// ProposalResponse answers a proposal.
type ProposalResponse struct {
	Events   []EventRef `json:"events"`
	NIP      string     `json:"nip"`
	CohortID string     `json:"cohort_id"`
} // @name ProposalResponse

// propose godoc
// @Summary      Propose a participant for a cohort (the home agency)
// @Description  R-CALL-1: ParticipantProposed, with the agency's letter; the participant's details follow the rules of an enrolment (R-NIP-1, R-COH-1..3). An agency token proposes participants of its own agency (403 naming agency otherwise). The nip is a natural id: the same proposal again answers 200; another for the same nip, or for an enrolled participant, is 409.
// @ID           proposeParticipant
// @Tags         cohorts
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string           true   "Cohort id"
// @Param        Idempotency-Key  header  string           false  "Idempotency key"
// @Param        body             body    ProposalRequest  true   "The proposal"
// @Success      200  {object}  ProposalResponse
// @Success      201  {object}  ProposalResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/proposals [post]
func (s *Server) propose(c echo.Context) error {
	var req ProposalRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.Propose(c.Request().Context(), principalOf(c), c.Param("cohort_id"), cohort.Propose{
		Enrol:        cohort.Enrol{NIP: req.NIP, Name: req.Name, Golongan: req.Golongan, Agency: req.Agency},
		LetterNumber: req.LetterNumber,
	})
	if err != nil {
		return err
	}
	nip, _ := domain.ParseNIP(req.NIP)
	return written(c, ProposalResponse{Events: refsOf(res.Appends...), NIP: string(nip), CohortID: c.Param("cohort_id")}, res)
}

// CallUpRequest is the body of POST /v1/cohorts/{cohort_id}/callups.
type CallUpRequest struct {
	NIPs         []string `json:"nips" minItems:"1" maxItems:"1000" example:"199901012024011001"`
	LetterNumber string   `json:"letter_number" maxLength:"100" example:"800/77/BPSDM/2024"`
	CalledOn     string   `json:"called_on" format:"date" example:"2024-05-27"`
} // @name CallUpRequest

// callUp godoc
// @Summary      Call proposed participants up (the institution)
// @Description  R-CALL-2: ParticipantsCalledUp, with the institution's letter. Every nip must have been proposed for this cohort (422 naming nips[i]) and not be called up by another letter. letter_number is a natural id: the same call-up again answers 200.
// @ID           callUpParticipants
// @Tags         cohorts
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string         true   "Cohort id"
// @Param        Idempotency-Key  header  string         false  "Idempotency key"
// @Param        body             body    CallUpRequest  true   "The call-up"
// @Success      200  {object}  CohortWriteResponse
// @Success      201  {object}  CohortWriteResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/callups [post]
func (s *Server) callUp(c echo.Context) error {
	var req CallUpRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	if f.factDate("called_on", req.CalledOn); f.Err() != nil {
		return f.Err()
	}
	res, err := s.ledger.CallUp(c.Request().Context(), principalOf(c), c.Param("cohort_id"), cohort.CallUp{
		NIPs: req.NIPs, LetterNumber: req.LetterNumber, CalledOn: domain.Date(req.CalledOn),
	})
	if err != nil {
		return err
	}
	return written(c, CohortWriteResponse{Events: refsOf(res.Appends...), Cohort: res.Cohort}, res.Written)
}

// ConfirmationRequest is the body of POST /v1/participants/{nip}/confirmation.
type ConfirmationRequest struct {
	ConfirmedAt string `json:"confirmed_at" format:"date-time" example:"2024-05-29T09:00:00Z"`
	// CohortID names the cohort; omitted, it is the one of the token's
	// cohorts that called the participant up.
	CohortID string `json:"cohort_id,omitempty" maxLength:"64" example:"LATSAR-2024-III-01"`
} // @name ConfirmationRequest

// confirm godoc
// @Summary      Confirm a called-up participant's participation (from the LMS), which enrols them
// @Description  R-CALL-3: ParticipantEnrolled and ParticipationConfirmed on the cohort's roster and the enrolment's copy in the participant's stream, in one atomic append, under the rules of a direct enrolment (R-COH-1..3). A participant not called up is 409. The same confirmation again answers 200.
// @ID           confirmParticipation
// @Tags         participants
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string               true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string               false  "Idempotency key"
// @Param        body             body    ConfirmationRequest  true   "The confirmation"
// @Success      200  {object}  EnrolResponse
// @Success      201  {object}  EnrolResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/participants/{nip}/confirmation [post]
func (s *Server) confirm(c echo.Context) error {
	var req ConfirmationRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	at := f.time("confirmed_at", req.ConfirmedAt)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.Confirm(c.Request().Context(), principalOf(c), ledger.Confirm{NIP: c.Param("nip"), CohortID: req.CohortID, ConfirmedAt: at})
	if err != nil {
		return err
	}
	return written(c, EnrolResponse{
		Events: refsOf(res.Appends...), NIP: string(res.NIP), CohortID: res.CohortID,
		RosterSize: res.RosterSize, Capacity: res.Capacity,
	}, res.Written)
}
