package api

import (
	"net/http"
	"reflect"
	"slices"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
	"github.com/latsar/ledger/projections"
)

// MeetingRequest is the body of the graduation and repeat meetings.
type MeetingRequest struct {
	DecidedOn  string `json:"decided_on" format:"date" example:"2024-08-02"`
	MeetingRef string `json:"meeting_ref" example:"BA-RAPAT-2024-08-02"`
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

// meetingCohort reads what a meeting needs from the cohort: that the caller
// may see it, its roster and its meetings so far.
func (s *Server) meetingCohort(c echo.Context) (cohort.State, []cohort.Member, error) {
	p := principalOf(c)
	var st cohort.State
	var roster []cohort.Member
	err := s.cohorts.Inspect(c.Request().Context(), events.CohortPrefix+c.Param("cohort_id"), func(cs cohort.State) {
		if !cs.Exists() || !p.sees(projections.Scope{InstitutionID: cs.Opened.InstitutionID}) {
			return
		}
		st = cohort.State{Opened: cs.Opened, Meetings: append([]cohort.GraduationMeetingHeld(nil), cs.Meetings...), Extension: cs.Extension}
		for _, m := range cs.Roster {
			roster = append(roster, m)
		}
	})
	if err == nil && !st.Exists() {
		err = domain.NotFound("cohort")
	}
	return st, roster, err
}

// candidates gathers the participants a meeting decides, as they stand now:
// every participant at a first meeting; at a repeat meeting those deferred
// (or already decided by this repeat meeting, for a retry).
func (s *Server) candidates(c echo.Context, roster []cohort.Member, repeat bool, ref string) ([]participant.Candidate, map[domain.NIP]string, error) {
	var out []participant.Candidate
	names := map[domain.NIP]string{}
	for _, m := range roster {
		nip := m.Enrolment.NIP
		names[nip] = m.Enrolment.Name
		err := s.participants.Inspect(c.Request().Context(), events.ParticipantPrefix+string(nip), func(st participant.State) {
			if !st.Enrolled() {
				return
			}
			if repeat {
				d := st.Decision()
				_, retried := st.DecisionAt(ref)
				if !retried && (d == nil || d.Outcome != participant.Ditunda) {
					return
				}
			}
			out = append(out, participant.CandidateOf(st))
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return out, names, nil
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
	if _, err := allow(c, access.Admin, access.LMS, access.Auditor, access.Dashboard); err != nil {
		return err
	}
	st, roster, err := s.meetingCohort(c)
	if err != nil {
		return err
	}
	cands, names, err := s.candidates(c, roster, false, "")
	if err != nil {
		return err
	}
	answer := MeetingResponse{Events: []EventRef{}, CohortID: st.Opened.CohortID, Outcomes: map[string]int{}, Decisions: []Decision{}}
	for _, d := range participant.Meeting("", "", false, cands) {
		dec := decisionOf(names[d.NIP], d.Event)
		dec.NIP = d.NIP
		answer.Decisions = append(answer.Decisions, dec)
		answer.Outcomes[d.Event.Outcome]++
	}
	sortDecisions(answer.Decisions)
	return c.JSON(http.StatusOK, answer)
}

// holdGraduation godoc
// @Summary      Hold the graduation meeting
// @Description  Records GraduationMeetingHeld on the cohort (it claims the meeting: a concurrent meeting under another meeting_ref is refused), then, per participant, GraduationDecided with every input, aspect, qualification, the rules that decided it and the ruleset, and the awards (R-GRAD-1..4, R-AWARD-1). The same meeting_ref again changes nothing; a decided cohort is closed to new learning events (409).
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
// @Description  R-REM-4: at most 15 working days after the first meeting (holidays configured by LATSAR_HOLIDAYS), the deferred are decided again with the same weights, remedial scores replacing the components they re-evaluated. A participant still deferred does not pass (R-REM-1).
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
	p, err := allow(c, access.Admin, access.LMS)
	if err != nil {
		return err
	}
	var req MeetingRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	on := f.meeting(req.MeetingRef, req.DecidedOn)
	if err := f.Err(); err != nil {
		return err
	}
	st, roster, err := s.meetingCohort(c)
	if err != nil {
		return err
	}
	first := st.FirstMeeting()
	for _, m := range st.Meetings {
		if m.MeetingRef == req.MeetingRef && (m.DecidedOn != on || m.Redecision != repeat) {
			return domain.Conflict("R-GRAD-4", "meeting "+m.MeetingRef+" was recorded on "+string(m.DecidedOn)+" with other details")
		}
	}
	switch {
	case !repeat && first != nil && first.MeetingRef != req.MeetingRef:
		return domain.Conflict("R-GRAD-4", "the cohort was decided at meeting "+first.MeetingRef)
	case repeat && first == nil:
		return domain.Conflict("R-REM-4", "a repeat meeting follows the graduation meeting, which has not been held")
	case repeat:
		if err := participant.CheckRepeatMeeting(first.DecidedOn, on, s.cfg.Holidays); err != nil {
			return err
		}
	}
	cands, names, err := s.candidates(c, roster, repeat, req.MeetingRef)
	if err != nil {
		return err
	}
	decided := participant.Meeting(req.MeetingRef, on, repeat, cands)
	outcomes := map[string]int{}
	for _, d := range decided {
		outcomes[d.Event.Outcome]++
	}
	ctx := c.Request().Context()
	md := p.metadata(c)
	// The cohort stream owns "one meeting decides the cohort" (R-GRAD-4): the
	// meeting is claimed there first, so a concurrent meeting under another
	// reference is refused before any participant is touched; a retry of this
	// one finds the claim and completes the participants' decisions.
	held, err := s.cohorts.Run(ctx, command.Command[cohort.State]{
		Stream: events.CohortPrefix + st.Opened.CohortID, IDKey: "meeting:" + req.MeetingRef, Metadata: md,
		Decide: func(cs cohort.State) ([]domain.Event, error) {
			return cohort.DecideMeeting(cs, cohort.GraduationMeetingHeld{MeetingRef: req.MeetingRef, DecidedOn: on, Redecision: repeat, Outcomes: outcomes})
		},
	})
	if err != nil {
		return err
	}
	results := make([]events.AppendResult, len(decided))
	recorded := make([]participant.GraduationDecided, len(decided))
	errs := make([]error, len(decided))
	var wg sync.WaitGroup
	for i, d := range decided {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := s.participants.Run(ctx, command.Command[participant.State]{
				Stream: events.ParticipantPrefix + string(d.NIP), IDKey: "graduation:" + req.MeetingRef, Metadata: md,
				Decide: func(st participant.State) ([]domain.Event, error) {
					if _, decided := st.DecisionAt(req.MeetingRef); !decided && !reflect.DeepEqual(participant.CandidateOf(st).Evaluation, d.Event.Evaluation) {
						// Something was recorded since the meeting read this
						// participant: the decision would not be what it saw.
						return nil, domain.Conflict("R-GRAD-4", "participant "+string(d.NIP)+" changed while the meeting was held; hold the same meeting again to complete it")
					}
					return participant.DecideGraduation(st, d.Event)
				},
				After: func(st participant.State) {
					recorded[i], _ = st.DecisionAt(req.MeetingRef)
				},
			})
			results[i], errs[i] = res.Append, err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	answer := MeetingResponse{CohortID: st.Opened.CohortID, MeetingRef: req.MeetingRef, DecidedOn: string(on), Redecision: repeat, Recorded: true, Outcomes: map[string]int{}, Decisions: []Decision{}}
	for i, d := range decided {
		dec := decisionOf(names[d.NIP], recorded[i])
		dec.NIP = d.NIP
		if evs := results[i].Events; len(evs) > 0 {
			dec.EventID = evs[0].ID
		}
		answer.Decisions = append(answer.Decisions, dec)
		answer.Outcomes[recorded[i].Outcome]++
	}
	sortDecisions(answer.Decisions)
	answer.Events = refsOf(append([]events.AppendResult{held.Append}, results...)...)
	return created(c, answer, append([]events.AppendResult{held.Append}, results...)...)
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
	Reason   string `json:"reason" example:"Aktualisasi diperpanjang karena bencana banjir"`
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
	if _, err := allow(c, access.Admin); err != nil {
		return err
	}
	var req DeadlineRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	e := cohort.RemedialDeadlineExtended{Deadline: domain.Date(req.Deadline), Reason: req.Reason}
	var view projections.CohortView
	res, err := s.runOnCohort(c, idKey(c), func(st cohort.State) ([]domain.Event, error) {
		return cohort.DecideDeadline(st, e)
	}, func(st cohort.State) { view = projections.CohortViewOf(st, 0) })
	if err != nil {
		return err
	}
	view.Position = res.Append.Last().Position
	return created(c, CohortWriteResponse{Events: refsOf(res.Append), Cohort: view}, res.Append)
}
