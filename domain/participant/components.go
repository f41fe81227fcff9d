package participant

import "github.com/latsar/ledger/domain"

// Component is one of the seven component scores of rules.md §6.
type Component string

const (
	AttitudeInstitution         Component = "attitude_institution"
	AttitudeAgency              Component = "attitude_agency"
	AcademicMOOC                Component = "academic_mooc"
	AcademicElearning           Component = "academic_elearning"
	ActualizationDesign         Component = "actualization_design"
	ActualizationImplementation Component = "actualization_implementation"
	PKTBT                       Component = "pktbt"
)

// AllComponents in the order of rules.md §6.
var AllComponents = [...]Component{AttitudeInstitution, AttitudeAgency, AcademicMOOC, AcademicElearning, ActualizationDesign, ActualizationImplementation, PKTBT}

// Assessor says who scores a component: the training institution, the home
// agency, or nobody (academic_mooc is derived from the posttest).
type Assessor int

const (
	Derived Assessor = iota
	ByInstitution
	ByAgency
)

// AssessedBy is who may score c (rules.md §6, last column).
func (c Component) AssessedBy() Assessor {
	switch c {
	case AttitudeAgency, PKTBT:
		return ByAgency
	case AcademicMOOC:
		return Derived
	default:
		return ByInstitution
	}
}

// Valid tells whether c is one of the seven components.
func (c Component) Valid() bool {
	for _, k := range AllComponents {
		if c == k {
			return true
		}
	}
	return false
}

// weight is c's weight in the final score, in percent (rules.md §6).
func (c Component) weight() int64 {
	switch c {
	case AttitudeInstitution, AcademicMOOC, AcademicElearning:
		return 10
	case AttitudeAgency:
		return 5
	case ActualizationDesign:
		return 20
	case ActualizationImplementation:
		return 30
	default: // PKTBT
		return 15
	}
}

// Aspect is one of the four aspects of the final evaluation.
type Aspect string

const (
	AspectAttitude      Aspect = "attitude"
	AspectAcademic      Aspect = "academic"
	AspectActualization Aspect = "actualization"
	AspectPKTBT         Aspect = "pktbt"
)

// Aspects in the order of rules.md §6.
var AllAspects = [...]Aspect{AspectAttitude, AspectAcademic, AspectActualization, AspectPKTBT}

// componentsOf lists an aspect's components.
func componentsOf(a Aspect) []Component {
	switch a {
	case AspectAttitude:
		return []Component{AttitudeInstitution, AttitudeAgency}
	case AspectAcademic:
		return []Component{AcademicMOOC, AcademicElearning}
	case AspectActualization:
		return []Component{ActualizationDesign, ActualizationImplementation}
	default:
		return []Component{PKTBT}
	}
}

// Qualification is R-QUAL-1's band of a score.
type Qualification string

const (
	SangatMemuaskan Qualification = "sangat_memuaskan"
	Memuaskan       Qualification = "memuaskan"
	CukupMemuaskan  Qualification = "cukup_memuaskan"
	KurangMemuaskan Qualification = "kurang_memuaskan"
	TidakMemuaskan  Qualification = "tidak_memuaskan"
)

// Band is one band of R-QUAL-1: scores From..To qualify as Qualification.
type Band struct {
	Qualification Qualification `json:"qualification" swaggertype:"string" enums:"sangat_memuaskan,memuaskan,cukup_memuaskan,kurang_memuaskan,tidak_memuaskan"`
	From          domain.Score  `json:"from"`
	To            domain.Score  `json:"to"`
} // @name QualificationBand

// Bands is R-QUAL-1, best first: 90.01–100 sangat memuaskan, 80.01–90.00
// memuaskan, 70.01–80.00 cukup, 60.01–70.00 kurang, below 60.01 (60.00
// included) tidak.
var Bands = [...]Band{
	{SangatMemuaskan, 9001, 10000},
	{Memuaskan, 8001, 9000},
	{CukupMemuaskan, 7001, 8000},
	{KurangMemuaskan, 6001, 7000},
	{TidakMemuaskan, 0, 6000},
}

// bandOf is the band of R-QUAL-1 a score falls in.
func bandOf(s domain.Score) Band {
	for _, b := range Bands {
		if s >= b.From {
			return b
		}
	}
	return Bands[len(Bands)-1]
}

// Qualify is R-QUAL-1's qualification of a score.
func Qualify(s domain.Score) Qualification { return bandOf(s).Qualification }

// RemedialRule is the rule under which c may be remedied, "" when it may not
// (R-REM-2: academic; R-REM-3: implementation, and pktbt by 003's general
// clause; design and attitude have none).
func RemedialRule(c Component) string {
	switch c {
	case AcademicMOOC, AcademicElearning:
		return "R-REM-2"
	case ActualizationImplementation, PKTBT:
		return "R-REM-3"
	default:
		return ""
	}
}
