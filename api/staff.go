package api

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/staff"
)

// staffRoutes mounts the people of the training and the participants'
// evaluation of it (docs/staff.md).
func (s *Server) staffRoutes(v1 group) {
	v1.POST("/staff", s.registerStaff)
	v1.GET("/staff/:staff_id", s.getStaff)
	v1.POST("/cohorts/:cohort_id/staff", s.assignStaff)
	v1.GET("/cohorts/:cohort_id/staff", s.listCohortStaff)
	v1.POST("/cohorts/:cohort_id/evaluations", s.evaluateTraining)
	v1.GET("/cohorts/:cohort_id/evaluations", s.getTrainingEvaluation)
}

// StaffRequest is the body of POST /v1/staff.
type StaffRequest struct {
	StaffID       string `json:"staff_id" example:"penguji-rina"`
	Name          string `json:"name" example:"Dr. Rina Kartika"`
	InstitutionID string `json:"institution_id" example:"bpsdm-jatim"`
	// NIP when the person is an ASN.
	NIP string `json:"nip,omitempty" example:"197912102006041008"`
	// Agency is a mentor's home agency.
	Agency string `json:"agency,omitempty" example:"pemkab-blitar"`
} // @name StaffRequest

// StaffResponse answers a registration.
type StaffResponse struct {
	Events []EventRef       `json:"events"`
	Staff  staff.Registered `json:"staff"`
} // @name StaffResponse

// registerStaff godoc
// @Summary      Register a person of an institution
// @Description  StaffRegistered (R-STAFF-1): the institution's PIC, facilitators, speakers, coaches, examiners, and the home agency's mentors (with agency). nip when the person is an ASN (R-NIP-1). An lms token registers its own institution's people (403 naming institution_id). staff_id is a natural id: the same registration again answers 200, other details 409. Every write may then name the person it is recorded for: the Recorded-For header or a recorded_for field in its body (R-STAFF-2).
// @ID           registerStaff
// @Tags         staff
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        Idempotency-Key  header  string        false  "Idempotency key"
// @Param        Recorded-For     header  string        false  "The staff member the write is recorded for (R-STAFF-2)"
// @Param        body             body    StaffRequest  true   "The person"
// @Success      200  {object}  StaffResponse
// @Success      201  {object}  StaffResponse
// @Failure      400,401,403,409,413,415,422  {object}  Problem
// @Router       /v1/staff [post]
func (s *Server) registerStaff(c echo.Context) error {
	var req StaffRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.RegisterStaff(c.Request().Context(), principalOf(c), staff.Register{Registered: staff.Registered{
		StaffID: req.StaffID, Name: req.Name, InstitutionID: req.InstitutionID, NIP: domain.NIP(req.NIP), Agency: req.Agency,
	}})
	if err != nil {
		return err
	}
	return written(c, StaffResponse{Events: refsOf(res.Appends...), Staff: res.Staff}, res.Written)
}

// StaffView is a person with the cohorts, groups and participants they serve.
type StaffView struct {
	StaffID       string        `json:"staff_id" example:"coach-budi"`
	Name          string        `json:"name" example:"Budi Santoso"`
	InstitutionID string        `json:"institution_id" example:"bpsdm-jatim"`
	NIP           string        `json:"nip,omitempty" example:"197912102006041008"`
	Agency        string        `json:"agency,omitempty"`
	Roles         []staff.Role  `json:"roles" swaggertype:"array,string"`
	Cohorts       []StaffCohort `json:"cohorts"`
} // @name StaffView

// StaffCohort is one cohort a person serves.
type StaffCohort struct {
	CohortID     string           `json:"cohort_id" example:"latsar-2024-01"`
	Roles        []staff.Role     `json:"roles" swaggertype:"array,string"`
	Assignments  []staff.Assigned `json:"assignments"`
	Groups       []string         `json:"groups"`
	Participants []StaffOf        `json:"participants"`
} // @name StaffCohort

// StaffOf is a participant a person's assignment covers.
type StaffOf struct {
	NIP  string `json:"nip" example:"199901012024011001"`
	Name string `json:"name"`
} // @name StaffParticipant

// getStaff godoc
// @Summary      A person with the cohorts, groups and participants they serve
// @Description  Each cohort the person is assigned to, with their roles and assignments there, the groups they are assigned to and the participants their assignments cover: those an assignment names, else its group's members, else the whole roster. An lms token reads its institution's people, an agency token its agency's mentors (others are 404).
// @ID           getStaff
// @Tags         staff
// @Produce      json
// @Security     BearerAuth
// @Param        staff_id  path  string  true  "Staff id"
// @Success      200  {object}  StaffView
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/staff/{staff_id} [get]
func (s *Server) getStaff(c echo.Context) error {
	v, err := s.ledger.Staff(c.Request().Context(), principalOf(c), c.Param("staff_id"))
	if err != nil {
		return err
	}
	out := StaffView{StaffID: v.StaffID, Name: v.Name, InstitutionID: v.InstitutionID, NIP: string(v.NIP), Agency: v.Agency,
		Roles: v.Roles, Cohorts: make([]StaffCohort, 0, len(v.Cohorts))}
	for _, sc := range v.Cohorts {
		c := StaffCohort{CohortID: sc.CohortID, Roles: sc.Roles, Assignments: sc.Assignments, Groups: sc.Groups,
			Participants: make([]StaffOf, 0, len(sc.Participants))}
		for _, p := range sc.Participants {
			c.Participants = append(c.Participants, StaffOf{NIP: string(p.NIP), Name: p.Name})
		}
		out.Cohorts = append(out.Cohorts, c)
	}
	return c.JSON(http.StatusOK, out)
}

// AssignmentRequest is the body of POST /v1/cohorts/{cohort_id}/staff.
type AssignmentRequest struct {
	StaffID string `json:"staff_id" example:"coach-budi"`
	Role    string `json:"role" enums:"pic,facilitator,speaker,coach,examiner,mentor" example:"coach"`
	// Agenda (0-4) the person teaches or coaches.
	Agenda *int `json:"agenda,omitempty" minimum:"0" maximum:"4" example:"1"`
	// GroupID is a group of the cohort the assignment is for.
	GroupID string `json:"group_id,omitempty" example:"kelompok-1"`
	// NIPs are participants of the cohort the assignment is for (a mentor's).
	NIPs []string `json:"nips,omitempty"`
} // @name AssignmentRequest

// AssignmentResponse answers an assignment.
type AssignmentResponse struct {
	Events     []EventRef     `json:"events"`
	Assignment staff.Assigned `json:"assignment"`
} // @name AssignmentResponse

// assignStaff godoc
// @Summary      Assign a person to a cohort
// @Description  StaffAssigned (R-STAFF-1), on the cohort and in the person's own stream, in one append: a person registered by the cohort's institution (another institution's is as unknown as none, 422), in a role, optionally for an agenda (0-4), a group of the cohort and/or participants on its roster. A person holds as many assignments as needed; the same assignment again answers 200. Refused once the graduation meeting has decided the cohort (409, R-GRAD-4).
// @ID           assignStaff
// @Tags         staff
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string             true   "Cohort id"
// @Param        Idempotency-Key  header  string             false  "Idempotency key"
// @Param        Recorded-For     header  string             false  "The staff member the write is recorded for (R-STAFF-2)"
// @Param        body             body    AssignmentRequest  true   "The assignment"
// @Success      200  {object}  AssignmentResponse
// @Success      201  {object}  AssignmentResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/staff [post]
func (s *Server) assignStaff(c echo.Context) error {
	var req AssignmentRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.AssignStaff(c.Request().Context(), principalOf(c), c.Param("cohort_id"), staff.Assign{
		StaffID: req.StaffID, Role: staff.Role(req.Role), Agenda: req.Agenda, GroupID: req.GroupID, NIPs: req.NIPs,
	})
	if err != nil {
		return err
	}
	return written(c, AssignmentResponse{Events: refsOf(res.Appends...), Assignment: res.Assignment}, res.Written)
}

// CohortStaffList is a cohort's people.
type CohortStaffList struct {
	CohortID string               `json:"cohort_id" example:"latsar-2024-01"`
	Staff    []cohort.CohortStaff `json:"staff"`
} // @name CohortStaffList

// listCohortStaff godoc
// @Summary      A cohort's staff and their assignments
// @Description  Every person assigned to the cohort, by staff_id, with their roles and each assignment (agenda, group, participants). Readers of cohorts; another institution's cohort is 404.
// @ID           listCohortStaff
// @Tags         staff
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id  path  string  true  "Cohort id"
// @Success      200  {object}  CohortStaffList
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/staff [get]
func (s *Server) listCohortStaff(c echo.Context) error {
	list, err := s.ledger.CohortStaff(c.Request().Context(), principalOf(c), c.Param("cohort_id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, CohortStaffList{CohortID: c.Param("cohort_id"), Staff: list})
}

// EvaluationRequest is the body of POST /v1/cohorts/{cohort_id}/evaluations.
type EvaluationRequest struct {
	NIP       string          `json:"nip" example:"199901012024011001"`
	Programme json.RawMessage `json:"programme" swaggertype:"number" minimum:"0" maximum:"100" multipleOf:"0.01" example:"88"`
	// Facilitators are the participant's scores of the people who taught
	// them (facilitators, speakers, coaches of the cohort).
	Facilitators []FacilitatorRatingRequest `json:"facilitators,omitempty"`
	Comment      string                     `json:"comment,omitempty" example:"Jadwal klasikal terlalu padat"`
	SubmittedAt  string                     `json:"submitted_at" format:"date-time" example:"2024-08-10T09:00:00Z"`
} // @name EvaluationRequest

// FacilitatorRatingRequest is a participant's score of one person.
type FacilitatorRatingRequest struct {
	StaffID string          `json:"staff_id" example:"fasil-sri"`
	Score   json.RawMessage `json:"score" swaggertype:"number" minimum:"0" maximum:"100" multipleOf:"0.01" example:"90"`
} // @name FacilitatorRatingRequest

// EvaluationResponse answers an evaluation with the cohort's summary.
type EvaluationResponse struct {
	Events  []EventRef               `json:"events"`
	Summary cohort.EvaluationSummary `json:"summary"`
} // @name EvaluationResponse

// evaluateTraining godoc
// @Summary      Record a participant's evaluation of the training
// @Description  TrainingEvaluated (R-EVP-1; seed 000, klasikal day 6, "Evaluasi Penyelenggaraan Pelatihan"), on the cohort: a score of the programme and of each facilitator, speaker or coach of the cohort who taught the participant, 0-100 with two decimals. One per participant on the roster: the same evaluation again answers 200, another 409. Reads show aggregates only.
// @ID           evaluateTraining
// @Tags         evaluation
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string             true   "Cohort id"
// @Param        Idempotency-Key  header  string             false  "Idempotency key"
// @Param        Recorded-For     header  string             false  "The staff member the write is recorded for (R-STAFF-2)"
// @Param        body             body    EvaluationRequest  true   "The evaluation"
// @Success      200  {object}  EvaluationResponse
// @Success      201  {object}  EvaluationResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/evaluations [post]
func (s *Server) evaluateTraining(c echo.Context) error {
	var req EvaluationRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	f.required("nip", req.NIP)
	programme := f.score("programme", req.Programme, "R-EVP-1")
	ratings := make([]cohort.FacilitatorRating, len(req.Facilitators))
	for i, r := range req.Facilitators {
		f.required(fmt.Sprintf("facilitators[%d].staff_id", i), r.StaffID)
		ratings[i] = cohort.FacilitatorRating{StaffID: r.StaffID, Score: f.score(fmt.Sprintf("facilitators[%d].score", i), r.Score, "R-EVP-1")}
	}
	at := f.time("submitted_at", req.SubmittedAt)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.EvaluateTraining(c.Request().Context(), principalOf(c), c.Param("cohort_id"), cohort.EvaluateTraining{
		NIP: req.NIP, Programme: programme, Facilitators: ratings, Comment: req.Comment, SubmittedAt: at,
	})
	if err != nil {
		return err
	}
	return written(c, EvaluationResponse{Events: refsOf(res.Appends...), Summary: res.Summary}, res.Written)
}

// getTrainingEvaluation godoc
// @Summary      The participants' evaluation of the training, aggregated
// @Description  R-EVP-2: how many participants of the roster answered, the programme's mean (half-up to 0.01), lowest and highest score, and the same for each facilitator, speaker and coach of the cohort; the comments in alphabetical order. No participant is named. Readers of cohorts; another institution's cohort is 404.
// @ID           getTrainingEvaluation
// @Tags         evaluation
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id  path  string  true  "Cohort id"
// @Success      200  {object}  cohort.EvaluationSummary
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/evaluations [get]
func (s *Server) getTrainingEvaluation(c echo.Context) error {
	sum, err := s.ledger.TrainingEvaluation(c.Request().Context(), principalOf(c), c.Param("cohort_id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sum)
}
