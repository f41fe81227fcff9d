package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/domain/seminar"
	"github.com/latsar/ledger/ledger"
)

// productRoutes mounts the learning products and the seminars that examine
// them (docs/staff.md).
func (s *Server) productRoutes(v1 group) {
	v1.POST("/participants/:nip/products", s.submitProduct)
	v1.GET("/products/:product_id", s.getProduct)
	v1.POST("/products/:product_id/reviews", s.reviewProduct)
	v1.POST("/cohorts/:cohort_id/seminars", s.scheduleSeminar)
	v1.GET("/seminars/:seminar_id", s.getSeminar)
	v1.POST("/seminars/:seminar_id/scores", s.scoreSeminar)
}

// ProductRequest is the body of POST /v1/participants/{nip}/products.
type ProductRequest struct {
	ProductID string `json:"product_id" example:"ra-199901012024011001"`
	Kind      string `json:"kind" enums:"actualization_design,actualization_notes,actualization_report,presentation,follow_up_plan" example:"actualization_design"`
	Title     string `json:"title" example:"Rancangan Aktualisasi: Digitalisasi Arsip Kelurahan"`
	// SHA256 is the file's SHA-256 (64 hexadecimal digits); the file stays in the LMS.
	SHA256      string `json:"sha256" example:"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"`
	Size        *int64 `json:"size" minimum:"1" example:"482113"`
	SubmittedAt string `json:"submitted_at" format:"date-time" example:"2024-07-01T08:00:00Z"`
} // @name ProductRequest

// ProductResponse answers a submission or a review with the product.
type ProductResponse struct {
	Events  []EventRef                  `json:"events"`
	NIP     string                      `json:"nip" example:"199901012024011001"`
	Product participant.ProductStanding `json:"product"`
} // @name ProductResponse

// submitProduct godoc
// @Summary      Submit a learning product (or its next revision)
// @Description  ProductSubmitted (R-PROD-1): the actualisation design, notes, report, presentation or follow-up plan, as proof: title, kind, the file's SHA-256 and size, submitted_at; the file stays in the LMS. The same product_id with a SHA-256 it has not had is the next revision (every revision is kept); with one it has had, that revision's record again (200). A product keeps its kind and belongs to one participant (another's product_id is 409). Admin and the institution's LMS.
// @ID           submitProduct
// @Tags         products
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        nip              path    string          true   "NIP (18 digits)"
// @Param        Idempotency-Key  header  string          false  "Idempotency key"
// @Param        Recorded-For     header  string          false  "The staff member the write is recorded for (R-STAFF-2)"
// @Param        body             body    ProductRequest  true   "The submission"
// @Success      200  {object}  ProductResponse
// @Success      201  {object}  ProductResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/participants/{nip}/products [post]
func (s *Server) submitProduct(c echo.Context) error {
	var req ProductRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	f.required("product_id", req.ProductID)
	f.required("kind", req.Kind)
	f.required("sha256", req.SHA256)
	if req.Size == nil {
		f.Add("R-PROD-1", "size", "size is required (the file's size in bytes)")
	}
	at := f.time("submitted_at", req.SubmittedAt)
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.SubmitProduct(c.Request().Context(), principalOf(c), c.Param("nip"), participant.Submit{
		ProductID: req.ProductID, Kind: participant.ProductKind(req.Kind), Title: req.Title, SHA256: req.SHA256, Size: *req.Size, SubmittedAt: at,
	})
	if err != nil {
		return err
	}
	return written(c, ProductResponse{Events: refsOf(res.Appends...), NIP: string(res.NIP), Product: res.Product}, res.Written)
}

// getProduct godoc
// @Summary      A learning product with every revision and review
// @Description  The product's revisions (SHA-256, size, title, submitted_at) and the coaches' reviews, and whose it is. Readers of audit trails; another institution's product is 404.
// @ID           getProduct
// @Tags         products
// @Produce      json
// @Security     BearerAuth
// @Param        product_id  path  string  true  "Product id"
// @Success      200  {object}  ProductResponse
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/products/{product_id} [get]
func (s *Server) getProduct(c echo.Context) error {
	res, err := s.ledger.Product(c.Request().Context(), principalOf(c), c.Param("product_id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ProductResponse{Events: []EventRef{}, NIP: string(res.NIP), Product: res.Product})
}

// ReviewRequest is the body of POST /v1/products/{product_id}/reviews.
type ReviewRequest struct {
	StaffID string `json:"staff_id" example:"coach-budi"`
	Outcome string `json:"outcome" enums:"approved,revise" example:"revise"`
	Note    string `json:"note,omitempty" example:"Perjelas indikator keberhasilan kegiatan 3"`
	// Revision, when given, must be the latest (409 otherwise).
	Revision *int `json:"revision,omitempty" minimum:"1" example:"1"`
	// ReviewedAt defaults to the time the review is recorded.
	ReviewedAt string `json:"reviewed_at,omitempty" format:"date-time" example:"2024-07-03T10:00:00Z"`
} // @name ReviewRequest

// reviewProduct godoc
// @Summary      A coach's review of a product's latest revision
// @Description  ProductReviewed (R-PROD-2): staff_id is a coach of the participant (assigned to the participant's cohort as coach, for the whole cohort, their group or them: 422 otherwise); outcome approved, or revise with a note. The review names the revision and its SHA-256. A revision is reviewed once: the same review again answers 200, another 409; a new revision can then be submitted and reviewed. Admin and the institution's LMS; another institution's product is 404.
// @ID           reviewProduct
// @Tags         products
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        product_id       path    string         true   "Product id"
// @Param        Idempotency-Key  header  string         false  "Idempotency key"
// @Param        Recorded-For     header  string         false  "The staff member the write is recorded for (R-STAFF-2)"
// @Param        body             body    ReviewRequest  true   "The review"
// @Success      200  {object}  ProductResponse
// @Success      201  {object}  ProductResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/products/{product_id}/reviews [post]
func (s *Server) reviewProduct(c echo.Context) error {
	var req ReviewRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	f.required("staff_id", req.StaffID)
	f.required("outcome", req.Outcome)
	var at time.Time
	if req.ReviewedAt != "" {
		at = f.time("reviewed_at", req.ReviewedAt)
	}
	revision := 0
	if req.Revision != nil {
		revision = f.intRange("revision", req.Revision, 1, 1_000_000, "R-PROD-2")
	}
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.ReviewProduct(c.Request().Context(), principalOf(c), c.Param("product_id"), participant.Review{
		StaffID: req.StaffID, Outcome: req.Outcome, Note: req.Note, Revision: revision, ReviewedAt: at,
	})
	if err != nil {
		return err
	}
	return written(c, ProductResponse{Events: refsOf(res.Appends...), NIP: string(res.NIP), Product: res.Product}, res.Written)
}

// SeminarRequest is the body of POST /v1/cohorts/{cohort_id}/seminars.
type SeminarRequest struct {
	SeminarID string   `json:"seminar_id" example:"ra-2024-01-a"`
	Kind      string   `json:"kind" enums:"design,actualization" example:"design"`
	Date      string   `json:"date" format:"date" example:"2024-07-05"`
	Examiners []string `json:"examiners" example:"penguji-rina,coach-budi,mentor-tono"`
	NIPs      []string `json:"nips"`
} // @name SeminarRequest

// SeminarResponse answers a seminar.
type SeminarResponse struct {
	Events  []EventRef        `json:"events"`
	Seminar seminar.Scheduled `json:"seminar"`
} // @name SeminarResponse

// scheduleSeminar godoc
// @Summary      Schedule a seminar R.A or aktualisasi
// @Description  SeminarScheduled (R-SEM-1): kind design (seminar R.A, the actualisation design) or actualization (seminar aktualisasi), its date, 1 to 5 examiners each assigned to the cohort as examiner (R-STAFF-3), and the participants it examines (on the roster). seminar_id is a natural id, unique across cohorts: the same seminar again answers 200, other details 409. Refused once the cohort is decided (409, R-GRAD-4).
// @ID           scheduleSeminar
// @Tags         seminars
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        cohort_id        path    string          true   "Cohort id"
// @Param        Idempotency-Key  header  string          false  "Idempotency key"
// @Param        Recorded-For     header  string          false  "The staff member the write is recorded for (R-STAFF-2)"
// @Param        body             body    SeminarRequest  true   "The seminar"
// @Success      200  {object}  SeminarResponse
// @Success      201  {object}  SeminarResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/cohorts/{cohort_id}/seminars [post]
func (s *Server) scheduleSeminar(c echo.Context) error {
	var req SeminarRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	res, err := s.ledger.ScheduleSeminar(c.Request().Context(), principalOf(c), c.Param("cohort_id"), seminar.Schedule{
		SeminarID: req.SeminarID, Kind: req.Kind, Date: req.Date, Examiners: req.Examiners, NIPs: req.NIPs,
	})
	if err != nil {
		return err
	}
	return written(c, SeminarResponse{Events: refsOf(res.Appends...), Seminar: res.Seminar}, res.Written)
}

// SeminarScoreRequest is the body of POST /v1/seminars/{seminar_id}/scores.
type SeminarScoreRequest struct {
	NIP     string          `json:"nip" example:"199901012024011001"`
	StaffID string          `json:"staff_id" example:"penguji-rina"`
	Score   json.RawMessage `json:"score" swaggertype:"number" minimum:"0" maximum:"100" multipleOf:"0.01" example:"84.5"`
	// ScoredAt defaults to the time the score is recorded; send it (or an
	// Idempotency-Key) so that a retry is recorded once.
	ScoredAt string `json:"scored_at,omitempty" format:"date-time" example:"2024-07-05T11:00:00Z"`
} // @name SeminarScoreRequest

// SeminarScoreResponse answers a seminar score.
type SeminarScoreResponse struct {
	Events     []EventRef                  `json:"events"`
	NIP        string                      `json:"nip" example:"199901012024011001"`
	Seminar    participant.SeminarStanding `json:"seminar"`
	Evaluation participant.Evaluation      `json:"evaluation"`
	Warnings   []domain.Warning            `json:"warnings"`
} // @name SeminarScoreResponse

// scoreSeminar godoc
// @Summary      An examiner's score of a participant at a seminar
// @Description  SeminarScored (R-SEM-2), in the participant's stream: staff_id is an examiner of the seminar, nip a participant it examines. A later score of the same examiner replaces theirs. Once every examiner has scored, the component the seminar feeds (actualization_design at seminar R.A, actualization_implementation at the seminar aktualisasi) is the mean of their scores, rounded half-up to 0.01; a later score or ComponentScored of the component replaces it in turn. The revision of the product under review (the latest actualisation design or report) is kept with the score; without one it is recorded with a warning (R-SEM-3). Admin and the institution's LMS; another institution's seminar is 404.
// @ID           scoreSeminar
// @Tags         seminars
// @Accept       json
// @Produce      json
// @Security     BearerAuth
// @Param        seminar_id       path    string               true   "Seminar id"
// @Param        Idempotency-Key  header  string               false  "Idempotency key"
// @Param        Recorded-For     header  string               false  "The staff member the write is recorded for (R-STAFF-2)"
// @Param        body             body    SeminarScoreRequest  true   "The score"
// @Success      200  {object}  SeminarScoreResponse
// @Success      201  {object}  SeminarScoreResponse
// @Failure      400,401,403,404,409,413,415,422  {object}  Problem
// @Router       /v1/seminars/{seminar_id}/scores [post]
func (s *Server) scoreSeminar(c echo.Context) error {
	var req SeminarScoreRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	var f fields
	f.required("nip", req.NIP)
	f.required("staff_id", req.StaffID)
	score := f.score("score", req.Score, "R-SEM-2")
	at := time.Now().UTC()
	if req.ScoredAt != "" {
		at = f.time("scored_at", req.ScoredAt)
	}
	if err := f.Err(); err != nil {
		return err
	}
	res, err := s.ledger.ScoreSeminar(c.Request().Context(), principalOf(c), c.Param("seminar_id"), ledger.SeminarScore{
		NIP: req.NIP, StaffID: req.StaffID, Score: score, ScoredAt: at,
	})
	if err != nil {
		return err
	}
	return written(c, SeminarScoreResponse{Events: refsOf(res.Appends...), NIP: string(res.NIP), Seminar: res.Seminar,
		Evaluation: res.Evaluation, Warnings: res.Warnings}, res.Written)
}

// SeminarView is a seminar with each participant's scores.
type SeminarView struct {
	Seminar      seminar.Scheduled    `json:"seminar"`
	Participants []SeminarParticipant `json:"participants"`
} // @name SeminarView

// SeminarParticipant is one participant's part of a seminar.
type SeminarParticipant struct {
	NIP     string                      `json:"nip" example:"199901012024011001"`
	Name    string                      `json:"name"`
	Seminar participant.SeminarStanding `json:"seminar"`
} // @name SeminarParticipant

// getSeminar godoc
// @Summary      A seminar with every participant's scores
// @Description  The seminar as scheduled, and for each participant it examines each examiner's score in force, whether the panel has scored in full, the combined component (R-SEM-2) and the revision of the product under review (R-SEM-3). Readers of cohorts; another institution's seminar is 404.
// @ID           getSeminar
// @Tags         seminars
// @Produce      json
// @Security     BearerAuth
// @Param        seminar_id  path  string  true  "Seminar id"
// @Success      200  {object}  SeminarView
// @Failure      401,403,404  {object}  Problem
// @Router       /v1/seminars/{seminar_id} [get]
func (s *Server) getSeminar(c echo.Context) error {
	v, err := s.ledger.Seminar(c.Request().Context(), principalOf(c), c.Param("seminar_id"))
	if err != nil {
		return err
	}
	out := SeminarView{Seminar: v.Seminar, Participants: make([]SeminarParticipant, 0, len(v.Participants))}
	for _, p := range v.Participants {
		out.Participants = append(out.Participants, SeminarParticipant{NIP: string(p.NIP), Name: p.Name, Seminar: p.Seminar})
	}
	return c.JSON(http.StatusOK, out)
}
