package participant

import (
	"time"

	"github.com/latsar/ledger/domain"
)

// Standing is the participant's standing document of api.md: what every rule
// says about the participant now. It is computed, never stored.
type Standing struct {
	NIP        domain.NIP         `json:"nip"`
	Name       string             `json:"name"`
	CohortID   string             `json:"cohort_id"`
	Agency     string             `json:"agency"`
	Ruleset    string             `json:"ruleset"`
	MOOC       MOOCStanding       `json:"mooc"`
	CheckedIn  bool               `json:"checked_in"`
	Attendance AttendanceStanding `json:"attendance"`
	Components Components         `json:"components"`
	Aspects    Aspects            `json:"aspects"`
	Final      Graded             `json:"final"`
	Outcome    Outcome            `json:"outcome"`
	Remedials  []any              `json:"remedials"`
	Awards     []any              `json:"awards"`
	Position   uint64             `json:"position"`
}

// MOOCStanding is the MOOC part of the standing (rules.md §3–4).
type MOOCStanding struct {
	Trophies      TrophyCounts     `json:"trophies"`
	Stars         Stars            `json:"stars"`
	AttitudeScore *domain.Score    `json:"attitude_score" extensions:"x-nullable"`
	Posttest      PosttestStanding `json:"posttest"`
	Passed        bool             `json:"passed"`
	UnmetRules    []string         `json:"unmet_rules"`
}

// TrophyCounts counts trophies in total, by material and by agenda.
type TrophyCounts struct {
	Total      int            `json:"total"`
	ByMaterial map[string]int `json:"by_material"`
	ByAgenda   map[string]int `json:"by_agenda"`
}

// PosttestStanding lists the attempts and the result of R-POST-2.
type PosttestStanding struct {
	Attempts []AttemptStanding `json:"attempts"`
	Result   *domain.Score     `json:"result" extensions:"x-nullable"`
}

// AttemptStanding is one attempt as the standing shows it.
type AttemptStanding struct {
	AttemptID     string       `json:"attempt_id"`
	AttemptNumber int          `json:"attempt_number"`
	WeightedScore domain.Score `json:"weighted_score"`
	Cap           domain.Score `json:"cap"`
	CappedScore   domain.Score `json:"capped_score"`
	TakenAt       time.Time    `json:"taken_at"`
}

// AttendanceStanding is R-ATT-2's absences against its limits.
type AttendanceStanding struct {
	AbsentSessions int              `json:"absent_sessions"`
	AbsentJP       int              `json:"absent_jp"`
	AbsentDays     int              `json:"absent_days"`
	Limits         AttendanceLimits `json:"limits"`
	LimitBroken    bool             `json:"limit_broken"`
}

// AttendanceLimits are R-ATT-2's maxima.
type AttendanceLimits struct {
	Sessions int `json:"sessions"`
	JP       int `json:"jp"`
	Days     int `json:"days"`
}

// Components are the seven component scores of rules.md §6, null while unknown.
type Components struct {
	AttitudeInstitution         *domain.Score `json:"attitude_institution" extensions:"x-nullable"`
	AttitudeAgency              *domain.Score `json:"attitude_agency" extensions:"x-nullable"`
	AcademicMOOC                *domain.Score `json:"academic_mooc" extensions:"x-nullable"`
	AcademicElearning           *domain.Score `json:"academic_elearning" extensions:"x-nullable"`
	ActualizationDesign         *domain.Score `json:"actualization_design" extensions:"x-nullable"`
	ActualizationImplementation *domain.Score `json:"actualization_implementation" extensions:"x-nullable"`
	PKTBT                       *domain.Score `json:"pktbt" extensions:"x-nullable"`
}

// Graded is a score with its R-QUAL-1 qualification.
type Graded struct {
	Score         *domain.Score `json:"score" extensions:"x-nullable"`
	Qualification *string       `json:"qualification" extensions:"x-nullable"`
}

// Aspects are the four aspects of rules.md §6.
type Aspects struct {
	Attitude      Graded `json:"attitude"`
	Academic      Graded `json:"academic"`
	Actualization Graded `json:"actualization"`
	PKTBT         Graded `json:"pktbt"`
}

// Outcome is the provisional or decided graduation outcome with its rules.
type Outcome struct {
	Status string   `json:"status"`
	Result string   `json:"result"`
	Rules  []string `json:"rules"`
}

// StandingOf computes the standing document from the state.
func StandingOf(s State) Standing {
	var st Standing
	if e := s.Enrolment; e != nil {
		st.NIP, st.Name, st.CohortID, st.Agency, st.Ruleset = e.NIP, e.Name, e.CohortID, e.Agency, e.Ruleset
	}
	m := EvaluateMOOC(s)
	st.MOOC = MOOCStanding{
		Trophies:      trophyCounts(s),
		Stars:         StarsFor(s.Total),
		AttitudeScore: m.AttitudeScore,
		Posttest:      PosttestStanding{Attempts: attemptsOf(s), Result: m.Result},
		Passed:        m.Passed,
		UnmetRules:    m.Unmet,
	}
	if st.MOOC.UnmetRules == nil {
		st.MOOC.UnmetRules = []string{}
	}
	st.CheckedIn = s.CheckedIn != nil
	st.Attendance.Limits = AttendanceLimits{Sessions: 6, JP: 18, Days: 2}
	st.Components.AcademicMOOC = m.Result
	st.Outcome = Outcome{Status: "provisional", Result: "incomplete", Rules: []string{"R-GRAD-4"}}
	st.Remedials, st.Awards = []any{}, []any{}
	return st
}

var agendaKeys = [...]string{"0", "1", "2", "3", "4"}

func trophyCounts(s State) TrophyCounts {
	c := TrophyCounts{Total: s.Total, ByMaterial: make(map[string]int, 3), ByAgenda: make(map[string]int, 5)}
	for _, m := range domain.Materials {
		c.ByMaterial[string(m)] = s.Tally.In(m, 0, domain.MaxAgenda)
	}
	for a, key := range agendaKeys {
		n := 0
		for _, m := range domain.Materials {
			n += s.Tally.Of(m, a)
		}
		c.ByAgenda[key] = n
	}
	return c
}

func attemptsOf(s State) []AttemptStanding {
	out := make([]AttemptStanding, len(s.Attempts))
	for i, a := range s.Attempts {
		out[i] = AttemptStanding{
			AttemptID: a.AttemptID, AttemptNumber: a.AttemptNumber, WeightedScore: a.Weighted,
			Cap: a.Cap, CappedScore: a.Capped, TakenAt: a.TakenAt,
		}
	}
	return out
}
