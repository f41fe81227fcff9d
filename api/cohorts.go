package api

import (
	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
)

// OpenCohortRequest is the body of POST /v1/cohorts.
type OpenCohortRequest struct {
	CohortID        string                    `json:"cohort_id" maxLength:"64" example:"LATSAR-2024-III-01"`
	Name            string                    `json:"name" maxLength:"200" example:"Latsar CPNS Golongan III Angkatan 1"`
	InstitutionID   string                    `json:"institution_id" maxLength:"64" example:"bpsdm-jatim"`
	Golongan        []string                  `json:"golongan" example:"III"`
	StartsOn        string                    `json:"starts_on" format:"date" example:"2024-06-03"`
	EndsOn          string                    `json:"ends_on,omitempty" format:"date" example:"2024-08-02"`
	TrophyCatalogue map[string]map[string]int `json:"trophy_catalogue"`
	Ruleset         string                    `json:"ruleset,omitempty" example:"perlan-1-2021"`
	// Template lays the phases out from starts_on (R-PHASE-1); ends_on may then be omitted.
	Template string `json:"template,omitempty" enums:"perlan-1-2021-blended" example:"perlan-1-2021-blended"`
	// DefaultSessions schedules, with the opening, the sessions the template's
	// master schedule fixes (R-PHASE-21); only with template.
	DefaultSessions bool `json:"default_sessions,omitempty" example:"true"`
} // @name OpenCohortRequest

// CohortWriteResponse answers writes on a cohort.
type CohortWriteResponse struct {
	Events []EventRef             `json:"events"`
	Cohort projections.CohortView `json:"cohort"`
} // @name CohortWriteResponse

// openCohort godoc
// @Summary      Open a cohort (angkatan) with its trophy catalogue
// @Description  Records CohortOpened. With template (perlan-1-2021-blended) the phases are laid out from starts_on over working days (weekends and the configured holidays skipped) and ends_on, when omitted, is klasikal's last day (R-PHASE-1); without a template ends_on is required. With default_sessions the sessions the master schedule fixes (e-learning synchronous sessions, the six klasikal days) are scheduled in the same append (R-PHASE-21). cohort_id is a natural id: the same body again answers 200 with the first record. An lms token opens cohorts of its own institution only.
// @ID           openCohort
// @Tags         cohorts
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        Idempotency-Key  header  string             false  "Idempotency key (at most 255 characters)"
// @Param        body             body    OpenCohortRequest  true   "The cohort"
// @Success      200  {object}  CohortWriteResponse  "Repeat of a recorded opening"
// @Success      201  {object}  CohortWriteResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/cohorts [post]
func (s *Server) openCohort(c echo.Context) error {
	var req OpenCohortRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	catalogue := catalogueOf(req.TrophyCatalogue, &f)
	f.plannedDate("starts_on", req.StartsOn)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.OpenCohort(c.Request().Context(), principalOf(c), cohort.Open{Opened: cohort.Opened{
		CohortID: req.CohortID, Name: req.Name, InstitutionID: req.InstitutionID, Golongan: req.Golongan,
		StartsOn: domain.Date(req.StartsOn), EndsOn: domain.Date(req.EndsOn), Catalogue: catalogue, Ruleset: req.Ruleset,
		Template: req.Template, DefaultSessions: req.DefaultSessions,
	}})
	if err != nil {
		return err
	}
	return written(c, CohortWriteResponse{Events: refsOf(res.Appends...), Cohort: res.Cohort}, res.Written)
}

// catalogueOf reads the catalogue's agenda keys ("0".."4").
func catalogueOf(raw map[string]map[string]int, f *fields) domain.Catalogue {
	c := make(domain.Catalogue, len(raw))
	for m, agendas := range raw {
		c[domain.Material(m)] = make(map[int]int, len(agendas))
		for key, n := range agendas {
			if len(key) != 1 || key[0] < '0' || key[0] > '4' {
				f.Add("R-TRO-8", "trophy_catalogue."+m+"."+key, "agendas are 0 to 4")
				continue
			}
			c[domain.Material(m)][int(key[0]-'0')] = n
		}
	}
	return c
}

// ApprovalRequest is the body of POST /v1/cohorts/{cohort_id}/approvals.
type ApprovalRequest struct {
	Kind         string `json:"kind" enums:"capacity,golongan_merge" example:"capacity"`
	LetterNumber string `json:"letter_number" maxLength:"100" example:"B-1234/LAN/2024"`
	ApprovedBy   string `json:"approved_by" maxLength:"200" example:"Kepala LAN"`
	ApprovedOn   string `json:"approved_on" format:"date" example:"2024-05-20"`
	Capacity     int    `json:"capacity,omitempty" minimum:"41" maximum:"1000" example:"45"`
} // @name ApprovalRequest

// recordApproval godoc
// @Summary      Record a written LAN approval (capacity above 40, or golongan merge)
// @Description  R-COH-2 (capacity) and R-COH-3 (golongan_merge). Admin only. letter_number is a natural id.
// @ID           recordApproval
// @Tags         cohorts
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string           true   "Cohort id"
// @Param        Idempotency-Key  header  string           false  "Idempotency key"
// @Param        body             body    ApprovalRequest  true   "The approval"
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
// @Router       /v1/cohorts/{cohort_id}/approvals [post]
func (s *Server) recordApproval(c echo.Context) error {
	var req ApprovalRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	if f.factDate("approved_on", req.ApprovedOn); f.Err() != nil {
		return f.Err()
	}
	res, err := s.ledger.RecordApproval(c.Request().Context(), principalOf(c), c.Param("cohort_id"), cohort.RecordApproval{ApprovalRecorded: cohort.ApprovalRecorded{
		Kind: req.Kind, LetterNumber: req.LetterNumber, ApprovedBy: req.ApprovedBy,
		ApprovedOn: domain.Date(req.ApprovedOn), Capacity: req.Capacity,
	}})
	if err != nil {
		return err
	}
	return written(c, CohortWriteResponse{Events: refsOf(res.Appends...), Cohort: res.Cohort}, res.Written)
}

// EnrolRequest is the body of POST /v1/cohorts/{cohort_id}/participants.
type EnrolRequest struct {
	NIP      string `json:"nip" maxLength:"32" example:"199901012024011001"`
	Name     string `json:"name" maxLength:"200" example:"Siti Rahayu"`
	Golongan string `json:"golongan" example:"III"`
	Agency   string `json:"agency" maxLength:"64" example:"pemkab-blitar"`
} // @name EnrolRequest

// EnrolResponse answers an enrolment.
type EnrolResponse struct {
	Events     []EventRef `json:"events"`
	NIP        string     `json:"nip"`
	CohortID   string     `json:"cohort_id"`
	RosterSize int        `json:"roster_size"`
	Capacity   int        `json:"capacity"`
} // @name EnrolResponse

// enrol godoc
// @Summary      Enrol a participant in a cohort
// @Description  R-COH-1..3 and R-NIP-1. Records ParticipantEnrolled on the cohort's roster and its copy in the participant's stream, in one atomic append. The nip is a natural id: the same enrolment again answers 200.
// @ID           enrolParticipant
// @Tags         cohorts
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string        true   "Cohort id"
// @Param        Idempotency-Key  header  string        false  "Idempotency key"
// @Param        body             body    EnrolRequest  true   "The participant"
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
// @Router       /v1/cohorts/{cohort_id}/participants [post]
func (s *Server) enrol(c echo.Context) error {
	var req EnrolRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.Enrol(c.Request().Context(), principalOf(c), ledger.Enrol{CohortID: c.Param("cohort_id"),
		Enrol: cohort.Enrol{NIP: req.NIP, Name: req.Name, Golongan: req.Golongan, Agency: req.Agency}})
	if err != nil {
		return err
	}
	return written(c, EnrolResponse{
		Events: refsOf(res.Appends...), NIP: string(res.NIP), CohortID: res.CohortID,
		RosterSize: res.RosterSize, Capacity: res.Capacity,
	}, res.Written)
}

// getCohort godoc
// @Summary      A cohort: details, approvals, roster size, groups, sessions, remedial deadline
// @Description  The cohort's projection: its golongan, dates, trophy catalogue, participants and state. Honours min_position and If-None-Match.
// @ID           getCohort
// @Tags         cohorts
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id     path   string   true   "Cohort id"
// @Param        min_position  query  integer  false  "Wait (up to 5 s) until projections reach this position"
// @Success      200  {object}  projections.CohortView
// @Header       200  {integer}  X-Projection-Position  "Global position the answer reflects"
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      503  {object}  Problem
// @Param        If-None-Match  header  string  false  "An ETag this read answered before: 304 when unchanged"
// @Header       200  {string}  ETag  "Tag of this answer's bytes"
// @Success      304  "Not modified: the If-None-Match tag is current"
// @Router       /v1/cohorts/{cohort_id} [get]
func (s *Server) getCohort(c echo.Context) error {
	if err := s.readPosition(c); err != nil {
		return err
	}
	view, err := s.ledger.Cohort(c.Request().Context(), principalOf(c), c.Param("cohort_id"))
	if err != nil {
		return err
	}
	return blobWithETag(c, view)
}
