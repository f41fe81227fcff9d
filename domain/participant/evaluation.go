package participant

import "github.com/latsar/ledger/domain"

// Evaluation is the final evaluation of rules.md §6 as it stands: the
// component scores in force, the aspects, the final score and attendance.
type Evaluation struct {
	Components Components         `json:"components"`
	Aspects    Aspects            `json:"aspects"`
	Final      Graded             `json:"final"`
	Attendance AttendanceStanding `json:"attendance"`
}

// Where a component's score in force comes from.
const (
	SourceRemedial = "remedial" // R-REM-4: the remedial replaced it
	SourcePosttest = "posttest" // academic_mooc: the result of R-POST-2
	SourceScored   = "scored"   // an assessor's latest score
	SourceMissing  = "missing"  // not known yet
)

// score is the component in force.
func (s State) score(c Component) *domain.Score {
	v, _ := s.scoreOf(c)
	return v
}

// scoreOf is the component in force and where it comes from: a remedial
// replaces the score it re-evaluated, uncapped (R-REM-4); academic_mooc is
// the posttest result of R-POST-2, never entered by hand.
func (s State) scoreOf(c Component) (*domain.Score, string) {
	if r, ok := s.Remedials[c]; ok {
		v := r.Score
		return &v, SourceRemedial
	}
	if c == AcademicMOOC {
		if len(s.Attempts) == 0 {
			return nil, SourceMissing
		}
		v := s.Result
		return &v, SourcePosttest
	}
	if v, ok := s.Scores[c]; ok {
		return &v, SourceScored
	}
	return nil, SourceMissing
}

func (cs *Components) set(c Component, v *domain.Score) {
	switch c {
	case AttitudeInstitution:
		cs.AttitudeInstitution = v
	case AttitudeAgency:
		cs.AttitudeAgency = v
	case AcademicMOOC:
		cs.AcademicMOOC = v
	case AcademicElearning:
		cs.AcademicElearning = v
	case ActualizationDesign:
		cs.ActualizationDesign = v
	case ActualizationImplementation:
		cs.ActualizationImplementation = v
	default:
		cs.PKTBT = v
	}
}

// Get is the score of component c, nil while unknown.
func (cs Components) Get(c Component) *domain.Score {
	switch c {
	case AttitudeInstitution:
		return cs.AttitudeInstitution
	case AttitudeAgency:
		return cs.AttitudeAgency
	case AcademicMOOC:
		return cs.AcademicMOOC
	case AcademicElearning:
		return cs.AcademicElearning
	case ActualizationDesign:
		return cs.ActualizationDesign
	case ActualizationImplementation:
		return cs.ActualizationImplementation
	default:
		return cs.PKTBT
	}
}

// Get is the graded score of aspect a.
func (as Aspects) Get(a Aspect) Graded {
	switch a {
	case AspectAttitude:
		return as.Attitude
	case AspectAcademic:
		return as.Academic
	case AspectActualization:
		return as.Actualization
	default:
		return as.PKTBT
	}
}

func (as *Aspects) set(a Aspect, g Graded) {
	switch a {
	case AspectAttitude:
		as.Attitude = g
	case AspectAcademic:
		as.Academic = g
	case AspectActualization:
		as.Actualization = g
	default:
		as.PKTBT = g
	}
}

func graded(v domain.Score) Graded {
	q := Qualify(v)
	return Graded{Score: &v, Qualification: &q}
}

// weightedOf is R-EVAL-1 over some components: Σ wᵢ·sᵢ / Σ wᵢ, half-up to
// 0.01; false while one of them is unknown.
func weightedOf(cs Components, of []Component) (domain.Score, bool) {
	weights := make([]int64, len(of))
	scores := make([]domain.Score, len(of))
	for i, c := range of {
		v := cs.Get(c)
		if v == nil {
			return 0, false
		}
		weights[i], scores[i] = c.weight(), *v
	}
	return domain.WeightedHalfUp(weights, scores), true
}

// Evaluate computes the final evaluation (R-EVAL-1, R-QUAL-1, R-ATT-2).
func Evaluate(s State) Evaluation {
	var e Evaluation
	for _, c := range AllComponents {
		e.Components.set(c, s.score(c))
	}
	for _, a := range AllAspects {
		if v, ok := weightedOf(e.Components, componentsOf(a)); ok {
			e.Aspects.set(a, graded(v))
		}
	}
	if v, ok := weightedOf(e.Components, AllComponents[:]); ok {
		e.Final = graded(v)
	}
	e.Attendance = attendanceOf(s.Attendance)
	return e
}
