package api

import (
	"encoding/json"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
)

// TrophyRequest is the body of POST /v1/participants/{nip}/trophies.
type TrophyRequest struct {
	ActivityID string `json:"activity_id" maxLength:"64" example:"mooc-agenda1-video-3"`
	Material   string `json:"material" enums:"kebijakan,substansi_1,substansi_2" example:"substansi_1"`
	Agenda     *int   `json:"agenda" minimum:"0" maximum:"4" example:"1"`
	EarnedAt   string `json:"earned_at" format:"date-time" example:"2024-06-05T09:30:00Z"`
} // @name TrophyRequest

// TrophyResponse answers a trophy.
type TrophyResponse struct {
	Events        []EventRef        `json:"events"`
	TotalTrophies int               `json:"total_trophies"`
	Stars         participant.Stars `json:"stars"`
} // @name TrophyResponse

// earnTrophy godoc
// @Summary      Record a trophy earned in the MOOC
// @Description  R-TRO-1 (at most 50) and R-TRO-8 (one per activity_id, only what the catalogue offers). activity_id is a natural id: the same trophy again answers 200.
// @ID           earnTrophy
// @Tags         mooc
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string         true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string         false  "Idempotency key"
// @Param        body             body    TrophyRequest  true   "The trophy"
// @Success      200  {object}  TrophyResponse
// @Success      201  {object}  TrophyResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/participants/{nip}/trophies [post]
func (s *Server) earnTrophy(c echo.Context) error {
	var req TrophyRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	f.required("activity_id", req.ActivityID)
	agenda := f.intRange("agenda", req.Agenda, 0, domain.MaxAgenda, "R-TRO-8")
	at := f.time("earned_at", req.EarnedAt)
	if !domain.Material(req.Material).Valid() {
		f.Add("R-TRO-8", "material", "material is kebijakan, substansi_1 or substansi_2")
	}
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.EarnTrophy(c.Request().Context(), principalOf(c), c.Param("nip"), participant.EarnTrophy{TrophyEarned: participant.TrophyEarned{
		ActivityID: req.ActivityID, Material: domain.Material(req.Material), Agenda: agenda, EarnedAt: at,
	}})
	if err != nil {
		return err
	}
	return writtenTrophy(c, &TrophyResponse{Events: refsOf(res.Appends...), TotalTrophies: res.Total, Stars: res.Stars}, res.Written)
}

// PosttestRequest is the body of POST /v1/participants/{nip}/posttests.
type PosttestRequest struct {
	AttemptID       string          `json:"attempt_id" maxLength:"64" example:"posttest-1"`
	Substansi1Score json.RawMessage `json:"substansi_1_score" swaggertype:"number" minimum:"0" maximum:"100" multipleOf:"0.01" example:"80"`
	Substansi2Score json.RawMessage `json:"substansi_2_score" swaggertype:"number" minimum:"0" maximum:"100" multipleOf:"0.01" example:"70"`
	TakenAt         string          `json:"taken_at" format:"date-time" example:"2024-06-20T10:00:00Z"`
} // @name PosttestRequest

// PosttestResponse answers an attempt with what R-POST-2/3 made of it.
type PosttestResponse struct {
	Events        []EventRef   `json:"events"`
	AttemptID     string       `json:"attempt_id"`
	AttemptNumber int          `json:"attempt_number"`
	WeightedScore domain.Score `json:"weighted_score"`
	Cap           domain.Score `json:"cap"`
	CappedScore   domain.Score `json:"capped_score"`
	Result        domain.Score `json:"result"`
	MOOCPassed    bool         `json:"mooc_passed"`
} // @name PosttestResponse

// attemptPosttest godoc
// @Summary      Record a posttest attempt
// @Description  R-POST-3 weighs 70% substansi_1 + 30% substansi_2 (half-up); R-POST-2 caps by attempt number; the result is the best capped attempt. attempt_id is a natural id.
// @ID           attemptPosttest
// @Tags         mooc
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string           true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string           false  "Idempotency key"
// @Param        body             body    PosttestRequest  true   "The attempt"
// @Success      200  {object}  PosttestResponse
// @Success      201  {object}  PosttestResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/participants/{nip}/posttests [post]
func (s *Server) attemptPosttest(c echo.Context) error {
	var req PosttestRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	f.required("attempt_id", req.AttemptID)
	s1 := f.score("substansi_1_score", req.Substansi1Score, "R-POST-3")
	s2 := f.score("substansi_2_score", req.Substansi2Score, "R-POST-3")
	at := f.time("taken_at", req.TakenAt)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.AttemptPosttest(c.Request().Context(), principalOf(c), c.Param("nip"),
		participant.AttemptPosttest{AttemptID: req.AttemptID, Substansi1: s1, Substansi2: s2, TakenAt: at})
	if err != nil {
		return err
	}
	a := res.Attempt
	return written(c, PosttestResponse{
		Events: refsOf(res.Appends...), AttemptID: a.AttemptID, AttemptNumber: a.AttemptNumber,
		WeightedScore: a.Weighted, Cap: a.Cap, CappedScore: a.Capped, Result: res.Result, MOOCPassed: res.MOOCPassed,
	}, res.Written)
}

// CheckInRequest is the body of POST /v1/participants/{nip}/checkin.
type CheckInRequest struct {
	CheckedInAt string `json:"checked_in_at" format:"date-time" example:"2024-07-22T07:30:00Z"`
} // @name CheckInRequest

// CheckInResponse answers a check-in.
type CheckInResponse struct {
	Events []EventRef `json:"events"`
} // @name CheckInResponse

// checkIn godoc
// @Summary      Check a participant in to klasikal learning
// @Description  R-CHECKIN-1: only after the MOOC is passed (R-POST-4). A participant checks in once; again answers 200 with the first record.
// @ID           checkIn
// @Tags         klasikal
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string          true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string          false  "Idempotency key"
// @Param        body             body    CheckInRequest  true   "The check-in"
// @Success      200  {object}  CheckInResponse
// @Success      201  {object}  CheckInResponse
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      409  {object}  Problem
// @Failure      413  {object}  Problem
// @Failure      415  {object}  Problem
// @Failure      422  {object}  Problem
// @Router       /v1/participants/{nip}/checkin [post]
func (s *Server) checkIn(c echo.Context) error {
	var req CheckInRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	at := f.time("checked_in_at", req.CheckedInAt)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.CheckIn(c.Request().Context(), principalOf(c), c.Param("nip"), participant.CheckIn{CheckedInAt: at})
	if err != nil {
		return err
	}
	return written(c, CheckInResponse{Events: refsOf(res.Appends...)}, res)
}

// getStanding godoc
// @Summary      A participant's standing
// @Description  Trophies, stars, attitude-from-trophies, MOOC status with unmet rules, posttest attempts and result, check-in, attendance, components, aspects, final score, outcome with its rules, remedials, awards, disputes. With as_of or at_position the standing is replayed from the log with the same fold the live projection uses.
// @ID           getStanding
// @Tags         participants
// @Produce      json
// @Security     BearerAuth
// @Param        nip           path   string   true   "NIP (18 digits)"
// @Param        min_position  query  integer  false  "Wait (up to 5 s) until projections reach this position"
// @Param        as_of         query  string   false  "Answer as the standing was at this time (RFC 3339), replayed from the log"  Format(date-time)
// @Param        at_position   query  integer  false  "Answer as the standing was at this global position, replayed from the log"
// @Param        explain       query  boolean  false  "Add explain: the derivation of every derived number (trophy minimums, R-TRO-7 band and interpolation, each attempt's weighted score and cap, attendance against each limit, aspects and final with every weight, qualification bands, the verdict's checks with their rules). Standing and explanation are folded from the log together, like as_of."
// @Success      200  {object}  ExplainedStanding
// @Header       200  {integer}  X-Projection-Position  "Global position the answer reflects"
// @Failure      400  {object}  Problem
// @Failure      401  {object}  Problem
// @Failure      403  {object}  Problem
// @Failure      404  {object}  Problem
// @Failure      503  {object}  Problem
// @Param        If-None-Match  header  string  false  "An ETag this read answered before: 304 when unchanged"
// @Header       200  {string}  ETag  "Tag of this answer's bytes"
// @Success      304  "Not modified: the If-None-Match tag is current"
// @Router       /v1/participants/{nip}/standing [get]
func (s *Server) getStanding(c echo.Context) error {
	p := principalOf(c)
	if err := s.readPosition(c); err != nil {
		return err
	}
	switch queryParam(c, "explain") {
	case "true":
		return s.explainStanding(c, p)
	case "", "false":
	default:
		return badQuery("explain", "explain is true or false")
	}
	if queryParam(c, "as_of") != "" || queryParam(c, "at_position") != "" {
		return s.replayStanding(c, p, c.Param("nip"))
	}
	doc, err := s.ledger.StandingDocument(c.Request().Context(), p, c.Param("nip"))
	if err != nil {
		return err
	}
	return documentWithETag(c, doc)
}
