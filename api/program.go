package api

import (
	"fmt"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// runOnCohort decides a command on the cohort of path parameter cohort_id,
// after checking the cohort is the caller's to touch (another institution's
// cohort is a 404).
func (s *Server) runOnCohort(c echo.Context, idKey string, decide func(cohort.State) ([]domain.Event, error), after func(cohort.State)) (command.Result, error) {
	p := principalOf(c)
	return s.cohorts.Run(c.Request().Context(), command.Command[cohort.State]{
		Stream: events.CohortPrefix + c.Param("cohort_id"), IDKey: idKey, Metadata: metadataOf(p), After: after,
		Decide: func(st cohort.State) ([]domain.Event, error) {
			if !st.Exists() || !p.Sees(projections.Scope{InstitutionID: st.Opened.InstitutionID}) {
				return nil, domain.NotFound("cohort")
			}
			return decide(st)
		},
	})
}

// GroupRequest is the body of POST /v1/cohorts/{cohort_id}/groups.
type GroupRequest struct {
	GroupID string   `json:"group_id" example:"kelompok-1"`
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
	if _, err := allow(c, learningWriters...); err != nil {
		return err
	}
	var req GroupRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var group cohort.GroupFormed
	res, err := s.runOnCohort(c, "group:"+req.GroupID, func(st cohort.State) ([]domain.Event, error) {
		return cohort.DecideGroup(st, cohort.FormGroup{GroupID: req.GroupID, NIPs: req.NIPs})
	}, func(st cohort.State) {
		for _, g := range st.Groups {
			if g.GroupID == req.GroupID {
				group = g
			}
		}
	})
	if err != nil {
		return err
	}
	return created(c, GroupResponse{Events: refsOf(res.Append), Group: group}, res.Append)
}

// SessionRequest is the body of POST /v1/cohorts/{cohort_id}/sessions.
type SessionRequest struct {
	SessionID string `json:"session_id" example:"sync-agenda-1"`
	Mode      string `json:"mode" enums:"synchronous,klasikal" example:"synchronous"`
	Date      string `json:"date" format:"date" example:"2024-06-10"`
	JP        *int   `json:"jp" minimum:"1" maximum:"14" example:"1"`
	Title     string `json:"title" example:"Sinkronus Agenda I"`
	GroupID   string `json:"group_id,omitempty" example:"kelompok-1"`
} // @name SessionRequest

// SessionResponse answers a session.
type SessionResponse struct {
	Events  []EventRef              `json:"events"`
	Session cohort.SessionScheduled `json:"session"`
} // @name SessionResponse

// scheduleSession godoc
// @Summary      Schedule a synchronous or klasikal session
// @Description  R-ATT-1: only these sessions take attendance. With group_id only that group attends. session_id is a natural id, unique across cohorts.
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
	if _, err := allow(c, learningWriters...); err != nil {
		return err
	}
	var req SessionRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	jp := f.intRange("jp", req.JP, 1, 14, "")
	if err := f.Err(); err != nil {
		return err
	}
	id := c.Param("cohort_id")
	e := cohort.SessionScheduled{SessionID: req.SessionID, Mode: req.Mode, Date: domain.Date(req.Date), JP: jp, Title: req.Title, GroupID: req.GroupID}
	res, err := s.runOnCohort(c, "session:"+req.SessionID, func(st cohort.State) ([]domain.Event, error) {
		if other, ok, err := s.cfg.Model.SessionCohort(req.SessionID); err != nil {
			return nil, err
		} else if ok && other != id {
			return nil, domain.Conflict("", "session "+req.SessionID+" belongs to another cohort")
		}
		return cohort.DecideSession(st, e)
	}, nil)
	if err != nil {
		return err
	}
	// Attendance finds the session through the read model: wait for it.
	if err := s.awaitProjection(c, s.cfg.Model, res.Append.Last().Position); err != nil {
		return err
	}
	return created(c, SessionResponse{Events: refsOf(res.Append), Session: e}, res.Append)
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
	p, err := allow(c, learningWriters...)
	if err != nil {
		return err
	}
	var req AttendanceRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	sessionID := c.Param("session_id")
	cohortID, ok, err := s.cfg.Model.SessionCohort(sessionID)
	if err != nil {
		return err
	}
	if !ok {
		return domain.NotFound("session")
	}
	var session cohort.SessionScheduled
	var v domain.Invalid
	nips := make([]domain.NIP, len(req.Records))
	daySessions := make([][]string, len(req.Records))
	visible := true
	err = s.cohorts.Inspect(ctx, events.CohortPrefix+cohortID, func(st cohort.State) {
		visible = st.Exists() && p.Sees(projections.Scope{InstitutionID: st.Opened.InstitutionID})
		session, _ = st.Session(sessionID)
		if len(req.Records) == 0 {
			v.Add("", "records", "records lists at least one participant")
		}
		seen := map[domain.NIP]bool{}
		for i, r := range req.Records {
			field := fmt.Sprintf("records[%d]", i)
			n, err := domain.ParseNIP(r.NIP)
			switch {
			case err != nil:
				v.Add("R-NIP-1", field+".nip", "not a NIP: "+r.NIP)
			case seen[n]:
				v.Add("", field+".nip", string(n)+" is listed twice")
			case !st.Attends(n, session):
				v.Add("R-ATT-1", field+".nip", string(n)+" is not expected at session "+sessionID)
			}
			if r.Status != participant.Present && r.Status != participant.Absent {
				v.Add("", field+".status", "status is present or absent")
			}
			seen[n], nips[i] = true, n
			daySessions[i] = st.SessionsOn(n, session.Date)
		}
	})
	if err != nil {
		return err
	}
	if !visible {
		return domain.NotFound("session")
	}
	if err := v.Err(); err != nil {
		return err
	}
	results := make([]events.AppendResult, len(req.Records))
	errs := make([]error, len(req.Records))
	md := metadataOf(p)
	var wg sync.WaitGroup
	for i, r := range req.Records {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := participant.RecordAttendance{AttendanceRecorded: participant.AttendanceRecorded{
				SessionID: sessionID, Date: session.Date, JP: session.JP, Mode: session.Mode, Status: r.Status,
				DaySessions: daySessions[i],
			}}
			res, err := s.participants.Run(ctx, command.Command[participant.State]{
				Stream: events.ParticipantPrefix + string(nips[i]), Metadata: md, At: session.Date.Time(),
				Decide: func(st participant.State) ([]domain.Event, error) { return participant.DecideAttendance(st, rec) },
			})
			results[i], errs[i] = res.Append, err
		}()
	}
	wg.Wait()
	answer := AttendanceResponse{SessionID: sessionID}
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("attendance of %s: %w", nips[i], err)
		}
		if len(results[i].Events) > 0 {
			answer.Recorded++
		} else {
			answer.Unchanged++
		}
	}
	answer.Events = refsOf(results...)
	return created(c, answer, results...)
}
