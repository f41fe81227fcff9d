package cohort

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/staff"
)

// TrainingEvaluated is one participant's evaluation of the training (seed
// 000, klasikal day 6: "Evaluasi Penyelenggaraan Pelatihan"): a score of the
// programme and of each person who taught them, 0-100 like every score of
// the ledger (R-EVP-1).
type TrainingEvaluated struct {
	NIP          domain.NIP          `json:"nip" swaggertype:"string"`
	Programme    domain.Score        `json:"programme"`
	Facilitators []FacilitatorRating `json:"facilitators"`
	Comment      string              `json:"comment,omitempty"`
	SubmittedAt  time.Time           `json:"submitted_at"`
}

// FacilitatorRating is a participant's score of one person who taught them.
type FacilitatorRating struct {
	StaffID string       `json:"staff_id" example:"fasil-sri"`
	Score   domain.Score `json:"score"`
}

func (TrainingEvaluated) EventType() string { return "TrainingEvaluated" }

func foldEvaluation(s State, e TrainingEvaluated) State {
	if s.Evaluations == nil {
		s.Evaluations = make(map[domain.NIP]TrainingEvaluated)
	}
	s.Evaluations[e.NIP] = e
	return s
}

// EvaluateTraining is a participant's evaluation of the training.
type EvaluateTraining struct {
	NIP          string
	Programme    domain.Score
	Facilitators []FacilitatorRating
	Comment      string
	SubmittedAt  time.Time
}

// maxComment bounds a participant's comment.
const maxComment = 2000

// DecideEvaluation records a participant's evaluation of the training
// (R-EVP-1): a participant on the roster, once; the people scored are
// assigned to the cohort as facilitator, speaker or coach, each scored once.
// The same evaluation again answers the record; another is 409.
func DecideEvaluation(s State, c EvaluateTraining) ([]domain.Event, error) {
	if !s.Exists() {
		return nil, domain.NotFound("cohort")
	}
	var v domain.Invalid
	nip, err := domain.ParseNIP(c.NIP)
	switch {
	case err != nil:
		v.Add("R-NIP-1", "nip", "nip is an 18-digit NIP")
	case s.Roster[nip].Enrolment.NIP == "":
		v.Add("R-EVP-1", "nip", string(nip)+" is not a participant of cohort "+s.Opened.CohortID)
	}
	if c.SubmittedAt.IsZero() {
		v.Add("", "submitted_at", "submitted_at is an RFC 3339 time")
	}
	if len(c.Comment) > maxComment {
		v.Add("", "comment", fmt.Sprintf("comment has at most %d characters", maxComment))
	}
	seen := map[string]bool{}
	for i, r := range c.Facilitators {
		field := fmt.Sprintf("facilitators[%d].staff_id", i)
		switch {
		case seen[r.StaffID]:
			v.Add("R-EVP-1", field, r.StaffID+" is scored twice")
		case !s.teaches(r.StaffID):
			v.Add("R-EVP-1", field, r.StaffID+" is not a facilitator, speaker or coach of cohort "+s.Opened.CohortID)
		}
		seen[r.StaffID] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := TrainingEvaluated{NIP: nip, Programme: c.Programme, Facilitators: c.Facilitators,
		Comment: strings.TrimSpace(c.Comment), SubmittedAt: c.SubmittedAt.UTC()}
	if e.Facilitators == nil {
		e.Facilitators = []FacilitatorRating{}
	}
	if prior, ok := s.Evaluations[nip]; ok {
		if reflect.DeepEqual(prior, e) {
			return []domain.Event{prior}, nil
		}
		return nil, domain.Conflict("R-EVP-1", "participant "+string(nip)+" has evaluated the training already")
	}
	return []domain.Event{e}, nil
}

// teaches tells whether the person teaches in the cohort (R-EVP-1).
func (s State) teaches(staffID string) bool {
	return slices.ContainsFunc(s.Staff, func(a staff.Assigned) bool { return a.StaffID == staffID && a.Role.Teaches() })
}

// ScoreStats summarises scores: their mean rounded half-up to 0.01 (R-EVP-2),
// lowest and highest; null while there is none.
type ScoreStats struct {
	Mean *domain.Score `json:"mean" extensions:"x-nullable"`
	Min  *domain.Score `json:"min" extensions:"x-nullable"`
	Max  *domain.Score `json:"max" extensions:"x-nullable"`
}

func statsOf(scores []domain.Score) ScoreStats {
	if len(scores) == 0 {
		return ScoreStats{}
	}
	ones := make([]int64, len(scores))
	for i := range ones {
		ones[i] = 1
	}
	mean := domain.WeightedHalfUp(ones, scores)
	lo, hi := slices.Min(scores), slices.Max(scores)
	return ScoreStats{Mean: &mean, Min: &lo, Max: &hi}
}

// FacilitatorStats is what participants said of one person who taught.
type FacilitatorStats struct {
	StaffID   string       `json:"staff_id" example:"fasil-sri"`
	Name      string       `json:"name" example:"Sri Wahyuni"`
	Roles     []staff.Role `json:"roles" swaggertype:"array,string"`
	Responses int          `json:"responses"`
	ScoreStats
}

// EvaluationSummary aggregates the participants' evaluations of the
// training (R-EVP-2): how many answered of the roster, the programme's
// scores, and each facilitator, speaker and coach of the cohort with theirs.
// It names no participant and lists the comments in alphabetical order.
type EvaluationSummary struct {
	CohortID     string             `json:"cohort_id"`
	RosterSize   int                `json:"roster_size"`
	Responses    int                `json:"responses"`
	Programme    ScoreStats         `json:"programme"`
	Facilitators []FacilitatorStats `json:"facilitators"`
	Comments     []string           `json:"comments"`
} // @name TrainingEvaluationSummary

// TrainingEvaluation summarises the participants' evaluations of the training.
func (s State) TrainingEvaluation() EvaluationSummary {
	out := EvaluationSummary{CohortID: s.Opened.CohortID, RosterSize: len(s.Roster), Responses: len(s.Evaluations),
		Facilitators: []FacilitatorStats{}, Comments: []string{}}
	var programme []domain.Score
	byStaff := map[string][]domain.Score{}
	for _, e := range s.Evaluations {
		programme = append(programme, e.Programme)
		for _, r := range e.Facilitators {
			byStaff[r.StaffID] = append(byStaff[r.StaffID], r.Score)
		}
		if e.Comment != "" {
			out.Comments = append(out.Comments, e.Comment)
		}
	}
	slices.Sort(out.Comments)
	out.Programme = statsOf(programme)
	for _, p := range s.StaffList() {
		var roles []staff.Role
		for _, r := range p.Roles {
			if r.Teaches() {
				roles = append(roles, r)
			}
		}
		if len(roles) == 0 {
			continue
		}
		out.Facilitators = append(out.Facilitators, FacilitatorStats{StaffID: p.StaffID, Name: p.Name, Roles: roles,
			Responses: len(byStaff[p.StaffID]), ScoreStats: statsOf(byStaff[p.StaffID])})
	}
	return out
}
