package participant

import (
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// Standing is the participant's standing document of api.md: what every rule
// says about the participant now. It is computed, never stored.
type Standing struct {
	NIP           domain.NIP         `json:"nip"`
	Name          string             `json:"name"`
	CohortID      string             `json:"cohort_id"`
	Agency        string             `json:"agency"`
	InstitutionID string             `json:"institution_id"`
	Ruleset       string             `json:"ruleset"`
	MOOC          MOOCStanding       `json:"mooc"`
	CheckedIn     bool               `json:"checked_in"`
	Attendance    AttendanceStanding `json:"attendance"`
	Components    Components         `json:"components"`
	Aspects       Aspects            `json:"aspects"`
	Final         Graded             `json:"final"`
	Outcome       Outcome            `json:"outcome"`
	Remedials     []RemedialTaken    `json:"remedials"`
	Awards        []Award            `json:"awards"`
	Disputes      []Dispute          `json:"disputes"`
	Products      []ProductStanding  `json:"products"` // every revision and review (R-PROD-1, R-PROD-2)
	Seminars      []SeminarStanding  `json:"seminars"` // each examiner's score, combined (R-SEM-2)
	// Released is the participant's release to their agency after the
	// meeting (R-MOVE-3), absent before it.
	Released *cohort.ParticipantReleased `json:"released,omitempty"`
	Position uint64                      `json:"position"`
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
	Score         *domain.Score  `json:"score" extensions:"x-nullable"`
	Qualification *Qualification `json:"qualification" swaggertype:"string" extensions:"x-nullable" enums:"sangat_memuaskan,memuaskan,cukup_memuaskan,kurang_memuaskan,tidak_memuaskan"`
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
	Status     string   `json:"status" enums:"provisional,decided"`
	Result     string   `json:"result" enums:"lulus,ditunda,tidak_lulus,incomplete"`
	Rules      []string `json:"rules"`
	Deferred   []string `json:"deferred_components"`
	MeetingRef string   `json:"meeting_ref,omitempty"`
	DecidedOn  string   `json:"decided_on,omitempty" format:"date"`
	Redecision bool     `json:"redecision,omitempty"`
	Rank       int      `json:"rank,omitempty"`
}

// StandingOf computes the standing document from the state.
func StandingOf(s State) Standing {
	var st Standing
	if e := s.Enrolment; e != nil {
		st.NIP, st.Name, st.CohortID, st.Agency, st.Ruleset = e.NIP, e.Name, e.CohortID, e.Agency, e.Ruleset
		st.InstitutionID = e.InstitutionID
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
	e := Evaluate(s)
	st.Attendance, st.Components, st.Aspects, st.Final = e.Attendance, e.Components, e.Aspects, e.Final
	st.Remedials, st.Awards = []RemedialTaken{}, []Award{}
	for _, c := range AllComponents {
		if r, ok := s.Remedials[c]; ok {
			st.Remedials = append(st.Remedials, r)
		}
	}
	if d := s.Decision(); d != nil {
		st.Outcome = Outcome{Status: "decided", Result: d.Outcome, Rules: d.Rules, Deferred: d.Deferred,
			MeetingRef: d.MeetingRef, DecidedOn: string(d.DecidedOn), Redecision: d.Redecision, Rank: d.Rank}
		st.Awards = append(st.Awards, d.Awards...)
	} else {
		v := judge(e, false)
		st.Outcome = Outcome{Status: "provisional", Result: v.Outcome, Rules: v.Rules, Deferred: v.Deferred}
	}
	st.Disputes = append([]Dispute{}, s.Disputes...)
	st.Products, st.Seminars = productsOf(s), seminarsOf(s)
	st.Released = s.Release
	if st.Outcome.Deferred == nil {
		st.Outcome.Deferred = []string{}
	}
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
