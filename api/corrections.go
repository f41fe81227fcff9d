package api

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/command"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/events"
)

// CorrectionRequest is the body of POST /v1/participants/{nip}/corrections.
type CorrectionRequest struct {
	EventID     string          `json:"event_id" example:"0190d7bc-e800-77d1-9453-451adc1938ba"`
	Reason      string          `json:"reason" example:"Nilai salah ketik: 58 seharusnya 85"`
	Replacement json.RawMessage `json:"replacement,omitempty" swaggertype:"object"`
} // @name CorrectionRequest

// CorrectionResponse answers a correction with the standing it leaves.
type CorrectionResponse struct {
	Events   []EventRef           `json:"events"`
	Standing participant.Standing `json:"standing"`
} // @name CorrectionResponse

// participantHistory reads a participant's stream: its records, decoded, and
// the scope it belongs to (404 when p may not see it).
func (s *Server) participantHistory(c echo.Context, p Principal) (domain.NIP, []events.Recorded, []domain.Identified, error) {
	nip, err := domain.ParseNIP(c.Param("nip"))
	if err != nil {
		return "", nil, nil, domain.NotFound("participant")
	}
	recs, err := s.cfg.Store.ReadStream(c.Request().Context(), events.ParticipantPrefix+string(nip), 0, 0)
	if err != nil {
		return "", nil, nil, err
	}
	history, err := s.cfg.Catalogue.DecodeAll(recs)
	if err != nil {
		return "", nil, nil, err
	}
	st := participant.Fold(history)
	if !st.Enrolled() || !p.Sees(scopeOfParticipant(st)) {
		return "", nil, nil, domain.NotFound("participant")
	}
	return nip, recs, history, nil
}

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
	p, err := allow(c, access.Admin, access.LMS)
	if err != nil {
		return err
	}
	var req CorrectionRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	nip, recs, _, err := s.participantHistory(c, p)
	if err != nil {
		return err
	}
	var original *events.Recorded
	for i := range recs {
		if recs[i].ID == req.EventID {
			original = &recs[i]
		}
	}
	if original == nil {
		return domain.Refuse("", "event_id", "no event "+req.EventID+" in this participant's stream")
	}
	if p.Role == access.LMS && original.Metadata.Institution != p.Institution {
		return &domain.Error{Code: domain.CodeForbidden, Message: "an lms token corrects only what its institution recorded",
			Fields: []domain.FieldError{{Field: "event_id", Message: "recorded by another institution"}}}
	}
	var replacement func(participant.State, participant.State, domain.Event) ([]domain.Event, error)
	if len(req.Replacement) > 0 && string(req.Replacement) != "null" {
		replacement = func(before, without participant.State, orig domain.Event) ([]domain.Event, error) {
			return s.decideReplacement(p, before, without, orig, req.Replacement)
		}
	}
	var standing participant.Standing
	res, err := s.participants.Run(c.Request().Context(), command.Command[participant.State]{
		Stream: events.ParticipantPrefix + string(nip), IDKey: "correction:" + req.EventID, Metadata: metadataOf(p),
		Decide: func(participant.State) ([]domain.Event, error) {
			history, err := s.participants.History(c.Request().Context(), events.ParticipantPrefix+string(nip), 0)
			if err != nil {
				return nil, err
			}
			return participant.DecideCorrection(history, participant.Correct{EventID: req.EventID, Reason: req.Reason, Replacement: replacement})
		},
		After: func(st participant.State) { standing = participant.StandingOf(st) },
	})
	if err != nil {
		return err
	}
	standing.Position = res.Append.Last().Position
	return created(c, CorrectionResponse{Events: refsOf(res.Append), Standing: standing}, res.Append)
}

// DisputeRequest is the body of POST /v1/participants/{nip}/disputes.
type DisputeRequest struct {
	DecisionEventID string `json:"decision_event_id" example:"0190d7bc-e800-77d1-9453-451adc1938ba"`
	Reason          string `json:"reason" example:"Nilai aktualisasi tidak sesuai berita acara"`
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
	p, err := allow(c, access.Admin, access.Auditor, access.Agency)
	if err != nil {
		return err
	}
	var req DisputeRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	nip, _, _, err := s.participantHistory(c, p)
	if err != nil {
		return err
	}
	stream := events.ParticipantPrefix + string(nip)
	var filed participant.Dispute
	res, err := s.participants.Run(c.Request().Context(), command.Command[participant.State]{
		Stream: stream, IDKey: idKey(c), Metadata: metadataOf(p),
		Decide: func(participant.State) ([]domain.Event, error) {
			history, err := s.participants.History(c.Request().Context(), stream, 0)
			if err != nil {
				return nil, err
			}
			return participant.DecideDispute(history, participant.FileDispute{DecisionEventID: req.DecisionEventID, Reason: req.Reason, FiledBy: p.TokenID})
		},
		After: func(st participant.State) {
			if n := len(st.Disputes); n > 0 {
				filed = st.Disputes[n-1]
			}
		},
	})
	if err != nil {
		return err
	}
	return created(c, DisputeResponse{Events: refsOf(res.Append), Dispute: filed}, res.Append)
}

// ResolutionRequest is the body of POST /v1/disputes/{dispute_id}/resolution.
type ResolutionRequest struct {
	Outcome string `json:"outcome" enums:"upheld,rejected" example:"upheld"`
	Note    string `json:"note" example:"Berita acara menunjukkan nilai 86, bukan 68"`
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
	p, err := allow(c, access.Admin)
	if err != nil {
		return err
	}
	var req ResolutionRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	id := c.Param("dispute_id")
	cut := strings.LastIndexByte(id, '-')
	if cut < 0 {
		return domain.NotFound("dispute")
	}
	nip, err := domain.ParseNIP(id[:cut])
	if err != nil {
		return domain.NotFound("dispute")
	}
	var resolved participant.Dispute
	res, err := s.participants.Run(c.Request().Context(), command.Command[participant.State]{
		Stream: events.ParticipantPrefix + string(nip), IDKey: "resolution:" + id, Metadata: metadataOf(p),
		Decide: func(st participant.State) ([]domain.Event, error) {
			return participant.DecideResolution(st, id, req.Outcome, req.Note)
		},
		After: func(st participant.State) {
			for _, d := range st.Disputes {
				if d.DisputeID == id {
					resolved = d
				}
			}
		},
	})
	if err != nil {
		return err
	}
	return created(c, DisputeResponse{Events: refsOf(res.Append), Dispute: resolved}, res.Append)
}

// RedecisionRequest is the body of POST /v1/participants/{nip}/redecision.
type RedecisionRequest struct {
	DecidedOn  string `json:"decided_on" format:"date" example:"2024-09-02"`
	MeetingRef string `json:"meeting_ref" example:"BA-SENGKETA-2024-09-02"`
	DisputeID  string `json:"dispute_id" example:"199901012024011001-1"`
} // @name RedecisionRequest

// RedecisionResponse answers a redecision.
type RedecisionResponse struct {
	Events   []EventRef `json:"events"`
	Decision Decision   `json:"decision"`
} // @name RedecisionResponse

// redecide godoc
// @Summary      Redecide a participant after an upheld dispute (admin)
// @Description  Records GraduationDecided with redecision true and the dispute, under the same verdict rules (R-GRAD-1..4) on the participant as they stand now (corrections included).
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
	p, err := allow(c, access.Admin)
	if err != nil {
		return err
	}
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
	var answer Decision
	res, err := s.runOnParticipantAs(c, p, "graduation:"+req.MeetingRef, time.Time{}, func(st participant.State) ([]domain.Event, error) {
		return participant.DecideGraduation(st, participant.Redecide(st, req.MeetingRef, on, req.DisputeID))
	}, func(st participant.State) {
		if d, ok := st.DecisionAt(req.MeetingRef); ok {
			answer = decisionOf(st.Enrolment.Name, d)
			answer.NIP = st.Enrolment.NIP
		}
	})
	if err != nil {
		return err
	}
	if evs := res.Append.Events; len(evs) > 0 {
		answer.EventID = evs[0].ID
	}
	return created(c, RedecisionResponse{Events: refsOf(res.Append), Decision: answer}, res.Append)
}
