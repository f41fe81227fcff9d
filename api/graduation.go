package api

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/ledger"
)

// MeetingRequest is the body of the graduation and repeat meetings.
type MeetingRequest struct {
	DecidedOn  string `json:"decided_on" format:"date" example:"2024-08-02"`
	MeetingRef string `json:"meeting_ref" maxLength:"64" example:"BA-RAPAT-2024-08-02"`
} // @name MeetingRequest

// Decision is one participant's decision as a meeting answers it.
type Decision struct {
	NIP        domain.NIP                     `json:"nip"`
	Name       string                         `json:"name"`
	Outcome    string                         `json:"outcome" enums:"lulus,ditunda,tidak_lulus,incomplete"`
	Rules      []string                       `json:"rules"`
	Deferred   []string                       `json:"deferred_components"`
	Final      participant.Graded             `json:"final"`
	Aspects    participant.Aspects            `json:"aspects"`
	Attendance participant.AttendanceStanding `json:"attendance"`
	Rank       int                            `json:"rank,omitempty"`
	Awards     []participant.Award            `json:"awards"`
	EventID    string                         `json:"event_id,omitempty"`
	MeetingRef string                         `json:"meeting_ref,omitempty"`
	Redecision bool                           `json:"redecision"`
	DisputeID  string                         `json:"dispute_id,omitempty"`
} // @name Decision

// MeetingResponse answers a graduation meeting, held or previewed.
type MeetingResponse struct {
	Events     []EventRef     `json:"events"`
	CohortID   string         `json:"cohort_id"`
	MeetingRef string         `json:"meeting_ref,omitempty"`
	DecidedOn  string         `json:"decided_on,omitempty" format:"date"`
	Redecision bool           `json:"redecision"`
	Recorded   bool           `json:"recorded"`
	Outcomes   map[string]int `json:"outcomes"`
	Decisions  []Decision     `json:"decisions"`
} // @name MeetingResponse

func decisionOf(name string, d participant.GraduationDecided) Decision {
	return Decision{
		Name: name, Outcome: d.Outcome, Rules: d.Rules, Deferred: d.Deferred, Final: d.Final,
		Aspects: d.Aspects, Attendance: d.Attendance, Rank: d.Rank, Awards: d.Awards,
		MeetingRef: d.MeetingRef, Redecision: d.Redecision, DisputeID: d.DisputeID,
	}
}

// meetingResponse encodes a meeting, held or previewed.
func meetingResponse(m ledger.MeetingHeld) MeetingResponse {
	answer := MeetingResponse{
		Events: refsOf(m.Appends...), CohortID: m.CohortID, MeetingRef: m.MeetingRef, DecidedOn: string(m.DecidedOn),
		Redecision: m.Repeat, Recorded: m.Recorded, Outcomes: map[string]int{}, Decisions: make([]Decision, 0, len(m.Decisions)),
	}
	for _, d := range m.Decisions {
		dec := decisionOf(d.Name, d.Decision)
		dec.NIP, dec.EventID = d.NIP, d.EventID
		answer.Decisions = append(answer.Decisions, dec)
		answer.Outcomes[d.Decision.Outcome]++
	}
	sortDecisions(answer.Decisions)
	return answer
}

// previewGraduation godoc
// @Summary      Preview the graduation meeting
// @Description  Every participant's decision as the meeting would take it now (R-GRAD-1..4, R-AWARD-1), recording nothing.
// @ID           previewGraduation
// @Tags         graduation
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id  path  string  true  "Cohort id"
// @Success      200  {object}  MeetingResponse
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/graduation/preview [get]
func (s *Server) previewGraduation(c echo.Context) error {
	m, err := s.ledger.PreviewGraduation(c.Request().Context(), principalOf(c), c.Param("cohort_id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, meetingResponse(m))
}

// holdGraduation godoc
// @Summary      Hold the graduation meeting
// @Description  Records, in one atomic append, GraduationMeetingHeld on the cohort (it claims the meeting: a concurrent meeting under another meeting_ref is refused) and, per participant enrolled in this cohort by their own stream, GraduationDecided with every input, aspect, qualification, the rules that decided it and the ruleset, and the awards (R-GRAD-1..4, R-AWARD-1); in the same append, the documents the awards entitle (DocumentIssued after each decision: STTP, Piagam Penghargaan, Surat Keterangan, each signed, see GET /v1/documents/{number}) and their numbers on the cohort (DocumentsNumbered). The same meeting_ref again changes nothing; a decided cohort is closed to new learning events (409).
// @ID           holdGraduation
// @Tags         graduation
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string          true   "Cohort id"
// @Param        Idempotency-Key  header  string          false  "Idempotency key"
// @Param        body             body    MeetingRequest  true   "The meeting"
// @Success      200  {object}  MeetingResponse  "The meeting was already recorded"
// @Success      201  {object}  MeetingResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/graduation [post]
func (s *Server) holdGraduation(c echo.Context) error {
	return s.holdMeeting(c, false)
}

// holdRedecision godoc
// @Summary      Hold the repeat meeting for the deferred
// @Description  R-REM-4: at most 15 working days after the first meeting (holidays configured by LATSAR_HOLIDAYS), the deferred are decided again with the same weights, remedial scores replacing the components they re-evaluated; a participant still deferred does not pass (R-REM-1). It also decides, for the first time, those decided incomplete whose missing components have since been scored (R-GRAD-5). The documents each decision entitles are issued in the same append, as at the first meeting.
// @ID           holdRedecision
// @Tags         graduation
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string          true   "Cohort id"
// @Param        Idempotency-Key  header  string          false  "Idempotency key"
// @Param        body             body    MeetingRequest  true   "The meeting"
// @Success      200  {object}  MeetingResponse  "The meeting was already recorded"
// @Success      201  {object}  MeetingResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/graduation/redecision [post]
func (s *Server) holdRedecision(c echo.Context) error {
	return s.holdMeeting(c, true)
}

func (s *Server) holdMeeting(c echo.Context, repeat bool) error {
	var req MeetingRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	on := f.meeting(req.MeetingRef, req.DecidedOn)
	if err := f.Err(); err != nil {
		return err
	}
	m, err := s.ledger.HoldMeeting(c.Request().Context(), principalOf(c), ledger.Meeting{
		CohortID: c.Param("cohort_id"), MeetingRef: req.MeetingRef, DecidedOn: on, Repeat: repeat,
	})
	if err != nil {
		return err
	}
	return written(c, meetingResponse(m), m.Written)
}

func sortDecisions(ds []Decision) {
	slices.SortFunc(ds, func(a, b Decision) int {
		switch {
		case a.NIP < b.NIP:
			return -1
		case a.NIP > b.NIP:
			return 1
		}
		return 0
	})
}

// DeadlineRequest is the body of POST /v1/cohorts/{cohort_id}/remedial-deadline.
type DeadlineRequest struct {
	Deadline string `json:"deadline" format:"date" example:"2024-08-16"`
	Reason   string `json:"reason" maxLength:"2000" example:"Aktualisasi diperpanjang karena bencana banjir"`
} // @name DeadlineRequest

// extendRemedialDeadline godoc
// @Summary      Record a later remedial deadline (admin)
// @Description  R-REM-3 "or as needed": the cohort's remedial deadline moves later, with its reason.
// @ID           extendRemedialDeadline
// @Tags         graduation
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string           true   "Cohort id"
// @Param        Idempotency-Key  header  string           false  "Idempotency key"
// @Param        body             body    DeadlineRequest  true   "The deadline"
// @Success      201  {object}  CohortWriteResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/remedial-deadline [post]
func (s *Server) extendRemedialDeadline(c echo.Context) error {
	var req DeadlineRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.ExtendRemedialDeadline(c.Request().Context(), principalOf(c), c.Param("cohort_id"),
		cohort.RemedialDeadlineExtended{Deadline: domain.Date(req.Deadline), Reason: req.Reason})
	if err != nil {
		return err
	}
	return written(c, CohortWriteResponse{Events: refsOf(res.Appends...), Cohort: res.Cohort}, res.Written)
}
