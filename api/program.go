package api

import (
	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/ledger"
)

// GroupRequest is the body of POST /v1/cohorts/{cohort_id}/groups.
type GroupRequest struct {
	GroupID string   `json:"group_id" maxLength:"64" example:"kelompok-1"`
	NIPs    []string `json:"nips" example:"199901012024011001"`
} // @name GroupRequest

// GroupResponse answers a group.
type GroupResponse struct {
	Events []EventRef         `json:"events"`
	Group  cohort.GroupFormed `json:"group"`
} // @name GroupResponse

// formGroup godoc
// @Summary      Form a synchronous learning group (kelompok)
// @Description  R-COH-4: at most 10 participants, all of this cohort, each in at most one group. group_id is a natural id.
// @ID           formGroup
// @Tags         cohorts
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string        true   "Cohort id"
// @Param        Idempotency-Key  header  string        false  "Idempotency key"
// @Param        body             body    GroupRequest  true   "The group"
// @Success      200  {object}  GroupResponse
// @Success      201  {object}  GroupResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/groups [post]
func (s *Server) formGroup(c echo.Context) error {
	var req GroupRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.FormGroup(c.Request().Context(), principalOf(c), c.Param("cohort_id"), cohort.FormGroup{GroupID: req.GroupID, NIPs: req.NIPs})
	if err != nil {
		return err
	}
	return written(c, GroupResponse{Events: refsOf(res.Appends...), Group: res.Group}, res.Written)
}

// SessionRequest is the body of POST /v1/cohorts/{cohort_id}/sessions.
type SessionRequest struct {
	SessionID string `json:"session_id" maxLength:"64" example:"sync-agenda-1"`
	Mode      string `json:"mode" enums:"synchronous,klasikal" example:"synchronous"`
	Date      string `json:"date" format:"date" example:"2024-06-10"`
	JP        *int   `json:"jp" minimum:"1" maximum:"14" example:"1"`
	Title     string `json:"title" maxLength:"200" example:"Sinkronus Agenda I"`
	GroupID   string `json:"group_id,omitempty" maxLength:"64" example:"kelompok-1"`
	// Coach names the coach of a coaching session (R-STAFF-4).
	Coach string `json:"coach,omitempty" maxLength:"64" example:"coach-budi"`
} // @name SessionRequest

// SessionResponse answers a session.
type SessionResponse struct {
	Events  []EventRef              `json:"events"`
	Session cohort.SessionScheduled `json:"session"`
} // @name SessionResponse

// scheduleSession godoc
// @Summary      Schedule a synchronous or klasikal session
// @Description  R-ATT-1: only these sessions take attendance. With group_id only that group attends. session_id is a natural id, unique across cohorts. A coaching session names its coach: a coach assigned to the cohort, or to the session's group (R-STAFF-4, 422 otherwise).
// @ID           scheduleSession
// @Tags         attendance
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string          true   "Cohort id"
// @Param        Idempotency-Key  header  string          false  "Idempotency key"
// @Param        body             body    SessionRequest  true   "The session"
// @Success      200  {object}  SessionResponse
// @Success      201  {object}  SessionResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/sessions [post]
func (s *Server) scheduleSession(c echo.Context) error {
	var req SessionRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	jp := f.intRange("jp", req.JP, 1, 14, "")
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.ScheduleSession(c.Request().Context(), principalOf(c), c.Param("cohort_id"), cohort.SessionScheduled{
		SessionID: req.SessionID, Mode: req.Mode, Date: domain.Date(req.Date), JP: jp, Title: req.Title, GroupID: req.GroupID, Coach: req.Coach,
	})
	if err != nil {
		return err
	}
	// Attendance finds the session through the read model: the session
	// takes attendance as soon as the answer arrives.
	if err := s.awaitProjection(c, s.cfg.Model, res.Position()); err != nil {
		return err
	}
	return written(c, SessionResponse{Events: refsOf(res.Appends...), Session: res.Session}, res.Written)
}

// AttendanceRequest is the body of PUT /v1/sessions/{session_id}/attendance.
type AttendanceRequest struct {
	Records []AttendanceRecord `json:"records"`
} // @name AttendanceRequest

// AttendanceRecord is one participant's attendance.
type AttendanceRecord struct {
	NIP    string `json:"nip" example:"199901012024011001"`
	Status string `json:"status" enums:"present,absent" example:"present"`
} // @name AttendanceRecord

// AttendanceResponse answers attendance: the events recorded (a record that
// repeats the one in force records nothing).
type AttendanceResponse struct {
	Events    []EventRef `json:"events"`
	SessionID string     `json:"session_id"`
	Recorded  int        `json:"recorded"`
	Unchanged int        `json:"unchanged"`
} // @name AttendanceResponse

// recordAttendance godoc
// @Summary      Record attendance at a session
// @Description  One AttendanceRecorded per participant whose record changes, with the session's date, JP and mode (R-ATT-1, R-ATT-2). A later record replaces an earlier one for the same participant; both stay in the log. Every record is checked before any is written.
// @ID           recordAttendance
// @Tags         attendance
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        session_id       path    string             true   "Session id"
// @Param        Idempotency-Key  header  string             false  "Idempotency key"
// @Param        body             body    AttendanceRequest  true   "The records"
// @Success      200  {object}  AttendanceResponse  "Nothing changed"
// @Success      201  {object}  AttendanceResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/sessions/{session_id}/attendance [put]
func (s *Server) recordAttendance(c echo.Context) error {
	var req AttendanceRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	a := ledger.Attendance{SessionID: c.Param("session_id"), Records: make([]ledger.AttendanceRecord, len(req.Records))}
	for i, r := range req.Records {
		a.Records[i] = ledger.AttendanceRecord{NIP: r.NIP, Status: r.Status}
	}
	res, err := s.ledger.RecordAttendance(c.Request().Context(), principalOf(c), a)
	if err != nil {
		return err
	}
	return written(c, AttendanceResponse{Events: refsOf(res.Appends...), SessionID: res.SessionID, Recorded: res.Recorded, Unchanged: res.Unchanged}, res.Written)
}
