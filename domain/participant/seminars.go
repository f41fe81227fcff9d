package participant

import (
	"fmt"
	"slices"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/seminar"
)

// ProductRef names the revision of a product a seminar examined, with its
// SHA-256: the proof of what the examiners saw.
type ProductRef struct {
	ProductID string `json:"product_id"`
	Revision  int    `json:"revision"`
	SHA256    string `json:"sha256"`
}

// SeminarScored is one examiner's score of the participant at a seminar
// (R-SEM-2), with the seminar's facts copied in (kind, the component it
// feeds, date, the whole panel), so that the participant's stream folds the
// component alone, and the revision of the product under review.
type SeminarScored struct {
	SeminarID string       `json:"seminar_id"`
	Kind      string       `json:"kind" enums:"design,actualization"`
	Component Component    `json:"component" swaggertype:"string" enums:"actualization_design,actualization_implementation"`
	Date      domain.Date  `json:"date" swaggertype:"string" format:"date"`
	Examiners []string     `json:"examiners"`
	StaffID   string       `json:"staff_id"`
	Score     domain.Score `json:"score"`
	ScoredAt  time.Time    `json:"scored_at"`
	Product   *ProductRef  `json:"product,omitempty" extensions:"x-nullable"`
	// AcademicEvaluationMissing flags a seminar R.A score of a participant
	// with no academic_elearning evaluation by the seminar's day (R-PHASE-8).
	AcademicEvaluationMissing bool `json:"academic_evaluation_missing,omitempty"`
}

func (SeminarScored) EventType() string { return "SeminarScored" }

// StaffNamed names the examiner.
func (e SeminarScored) StaffNamed() []domain.StaffRef {
	return []domain.StaffRef{{StaffID: e.StaffID, As: "examiner"}}
}

// Warnings: a score without a product under review is recorded (R-SEM-3),
// and so is a seminar R.A score before the academic evaluation (R-PHASE-8).
func (e SeminarScored) Warnings() []domain.Warning {
	var ws []domain.Warning
	if e.Product == nil {
		ws = append(ws, domain.Warning{Rule: "R-SEM-3", Message: fmt.Sprintf("no %s product was submitted when %s scored %s", seminarProduct(e.Kind), e.StaffID, e.SeminarID)})
	}
	if e.AcademicEvaluationMissing {
		ws = append(ws, domain.Warning{Rule: "R-PHASE-8", Message: "no academic_elearning evaluation is recorded by " + string(e.Date) + ", the day of seminar R.A " + e.SeminarID})
	}
	return ws
}

// SeminarComponent is the component a seminar of kind k feeds (R-SEM-2):
// seminar R.A the design, seminar aktualisasi the implementation.
func SeminarComponent(k string) Component {
	if k == seminar.Design {
		return ActualizationDesign
	}
	return ActualizationImplementation
}

// seminarProduct is the product a seminar of kind k examines (R-SEM-3): the
// actualisation design at R.A, the actualisation report at the seminar
// aktualisasi.
func seminarProduct(k string) ProductKind {
	if k == seminar.Design {
		return ProductDesign
	}
	return ProductReport
}

// Mark is one examiner's score in force at a seminar.
type Mark struct {
	Score    domain.Score `json:"score"`
	ScoredAt time.Time    `json:"scored_at"`
}

// SeminarRecord is what the participant's stream says of one seminar.
type SeminarRecord struct {
	SeminarID string
	Kind      string
	Component Component
	Date      domain.Date
	Examiners []string
	Marks     map[string]Mark // by examiner; a later score replaces
	Product   *ProductRef     // under review at the latest score
}

// Combined is R-SEM-2: the component a seminar gives is the mean of every
// examiner's score in force, rounded half-up to 0.01, once each examiner of
// the panel has scored; until then it gives none.
func (r SeminarRecord) Combined() (domain.Score, bool) {
	if len(r.Examiners) == 0 {
		return 0, false
	}
	weights := make([]int64, len(r.Examiners))
	scores := make([]domain.Score, len(r.Examiners))
	for i, id := range r.Examiners {
		m, ok := r.Marks[id]
		if !ok {
			return 0, false
		}
		weights[i], scores[i] = 1, m.Score
	}
	return domain.WeightedHalfUp(weights, scores), true
}

// foldSeminarScore keeps the examiner's score and, once the panel has
// scored, sets the component to their combination (R-SEM-2): the latest
// fact about a component, a seminar's or a ComponentScored, is in force.
func foldSeminarScore(s State, e SeminarScored) State {
	if s.Seminars == nil {
		s.Seminars = make(map[string]SeminarRecord)
	}
	r := s.Seminars[e.SeminarID]
	if r.Marks == nil {
		r.Marks = make(map[string]Mark)
	}
	r.SeminarID, r.Kind, r.Component, r.Date, r.Examiners = e.SeminarID, e.Kind, e.Component, e.Date, e.Examiners
	r.Marks[e.StaffID] = Mark{Score: e.Score, ScoredAt: e.ScoredAt}
	r.Product = e.Product
	s.Seminars[e.SeminarID] = r
	if v, ok := r.Combined(); ok {
		if s.Scores == nil {
			s.Scores = make(map[Component]domain.Score)
		}
		s.Scores[e.Component] = v
	}
	return s
}

// ScoreSeminar is an examiner's score of the participant at a seminar.
type ScoreSeminar struct {
	Seminar  seminar.Scheduled
	StaffID  string
	Score    domain.Score
	ScoredAt time.Time
}

// DecideSeminarScore records an examiner's score (R-SEM-2): the participant
// is examined at the seminar, the examiner is on its panel; a later score of
// the same examiner replaces theirs. scored_at is part of the score's
// natural id: the same examiner, time and score again is a repeat, another
// score at that time is 409. The revision of the product under review (the
// latest of the kind the seminar examines, R-SEM-3) is copied in.
func DecideSeminarScore(s State, c ScoreSeminar) ([]domain.Event, error) {
	if !s.Enrolled() {
		return nil, domain.NotFound("participant")
	}
	sem := c.Seminar
	var v domain.Invalid
	if sem.CohortID != s.Enrolment.CohortID || !sem.Examines(s.Enrolment.NIP) {
		v.Add("R-SEM-1", "nip", string(s.Enrolment.NIP)+" is not examined at seminar "+sem.SeminarID)
	}
	if !slices.Contains(sem.ExaminerIDs(), c.StaffID) {
		v.Add("R-SEM-2", "staff_id", c.StaffID+" is not an examiner of seminar "+sem.SeminarID)
	}
	if c.ScoredAt.IsZero() {
		v.Add("", "scored_at", "scored_at is an RFC 3339 time")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := SeminarScored{SeminarID: sem.SeminarID, Kind: sem.Kind, Component: SeminarComponent(sem.Kind), Date: sem.Date,
		Examiners: sem.ExaminerIDs(), StaffID: c.StaffID, Score: c.Score, ScoredAt: c.ScoredAt.UTC()}
	if m, ok := s.Seminars[sem.SeminarID].Marks[c.StaffID]; ok && m.ScoredAt.Equal(e.ScoredAt) {
		if m.Score != e.Score {
			return nil, domain.Conflict("R-SEM-2", fmt.Sprintf("%s's score at %s is recorded as %s", c.StaffID, e.ScoredAt.Format(time.RFC3339), m.Score))
		}
		// A repeat: the same natural id answers the first record.
		e.Product = s.Seminars[sem.SeminarID].Product
		return []domain.Event{e}, nil
	}
	if err := openForLearning(s); err != nil {
		return nil, err
	}
	if err := scoredAfterSeminar(s, sem.Date, e.ScoredAt); err != nil {
		return nil, err
	}
	e.AcademicEvaluationMissing = academicEvaluationMissing(s, sem)
	if p, ok := s.latestOfKind(seminarProduct(sem.Kind)); ok {
		e.Product = &ProductRef{ProductID: p.ProductID, Revision: p.Revision, SHA256: p.SHA256}
	}
	return []domain.Event{e}, nil
}

// SeminarStanding is a seminar as the participant's standing shows it.
type SeminarStanding struct {
	SeminarID string        `json:"seminar_id" example:"ra-2024-01"`
	Kind      string        `json:"kind" enums:"design,actualization"`
	Component Component     `json:"component" swaggertype:"string" enums:"actualization_design,actualization_implementation"`
	Date      string        `json:"date" format:"date"`
	Scores    []ExamScore   `json:"scores"`
	Complete  bool          `json:"complete"`
	Combined  *domain.Score `json:"combined" extensions:"x-nullable"`
	Product   *ProductRef   `json:"product" extensions:"x-nullable"`
}

// ExamScore is one examiner's score in force (null while they have not scored).
type ExamScore struct {
	StaffID  string        `json:"staff_id" example:"penguji-rina"`
	Score    *domain.Score `json:"score" extensions:"x-nullable"`
	ScoredAt *time.Time    `json:"scored_at" extensions:"x-nullable"`
}

// StandingOfSeminar is the seminar as the standing shows it: each examiner
// of the panel in order, and the combination once all have scored.
func StandingOfSeminar(r SeminarRecord) SeminarStanding {
	st := SeminarStanding{SeminarID: r.SeminarID, Kind: r.Kind, Component: r.Component, Date: string(r.Date),
		Scores: make([]ExamScore, 0, len(r.Examiners)), Product: r.Product}
	for _, id := range r.Examiners {
		x := ExamScore{StaffID: id}
		if m, ok := r.Marks[id]; ok {
			score, at := m.Score, m.ScoredAt
			x.Score, x.ScoredAt = &score, &at
		}
		st.Scores = append(st.Scores, x)
	}
	if v, ok := r.Combined(); ok {
		st.Complete, st.Combined = true, &v
	}
	return st
}

func seminarsOf(s State) []SeminarStanding {
	recs := make([]SeminarRecord, 0, len(s.Seminars))
	for _, r := range s.Seminars {
		recs = append(recs, r)
	}
	slices.SortFunc(recs, func(a, b SeminarRecord) int {
		if a.Date != b.Date {
			if a.Date < b.Date {
				return -1
			}
			return 1
		}
		if a.SeminarID < b.SeminarID {
			return -1
		}
		if a.SeminarID > b.SeminarID {
			return 1
		}
		return 0
	})
	out := make([]SeminarStanding, 0, len(recs))
	for _, r := range recs {
		out = append(out, StandingOfSeminar(r))
	}
	return out
}
