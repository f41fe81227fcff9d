package participant

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/latsar/ledger/domain"
)

// Explanation is "why this score": the derivation of every number the
// standing derives, each with its inputs, weights, caps or bands, its result
// and the rules. Explain computes it with the functions StandingOf uses, on
// the same state, so every result in it is the standing's own; the exact
// (unrounded) values and the formulas are shown beside them for a reader.
type Explanation struct {
	Trophies   TrophiesExplained    `json:"trophies"`
	Attitude   AttitudeExplained    `json:"attitude_from_trophies"`
	Posttest   PosttestExplained    `json:"posttest"`
	MOOC       MOOCExplained        `json:"mooc"`
	Attendance AttendanceExplained  `json:"attendance"`
	Components []ComponentExplained `json:"components"`
	Aspects    []WeightedExplained  `json:"aspects"`
	Final      WeightedExplained    `json:"final"`
	Bands      []Band               `json:"qualification_bands"`
	Outcome    OutcomeExplained     `json:"outcome"`
} // @name Explanation

// TrophiesExplained weighs the trophies against R-TRO-1..6.
type TrophiesExplained struct {
	Total int `json:"total"`
	// Max is R-TRO-1's most trophies over the MOOC.
	Max      int          `json:"max"`
	Minimums []Minimum    `json:"minimums"`
	Cells    []TrophyCell `json:"by_material_agenda"`
	// Stars is R-TRO-6's reading of the total.
	Stars Stars    `json:"stars"`
	Rules []string `json:"rules"`
} // @name TrophiesExplained

// TrophyCell is what a material offers in an agenda and what was earned there.
type TrophyCell struct {
	Material string `json:"material"`
	Agenda   int    `json:"agenda"`
	Offered  int    `json:"offered"`
	Earned   int    `json:"earned"`
} // @name TrophyCell

// TrophyBand is one row of R-TRO-7's table.
type TrophyBand struct {
	From    int          `json:"from_trophies"`
	To      int          `json:"to_trophies"`
	Lowest  domain.Score `json:"lowest"`
	Highest domain.Score `json:"highest"`
} // @name TrophyBand

// AttitudeExplained is R-TRO-7: the band the total falls in and the linear
// interpolation within it, or the minimums that leave no score.
type AttitudeExplained struct {
	Rule  string       `json:"rule"`
	Total int          `json:"total"`
	Bands []TrophyBand `json:"bands"`
	Band  *TrophyBand  `json:"band" extensions:"x-nullable"`
	// Unmet are the minimums of R-TRO-2..5 missed: then there is no score.
	Unmet   []string      `json:"unmet_rules"`
	Exact   string        `json:"exact,omitempty"`
	Formula string        `json:"formula,omitempty"`
	Score   *domain.Score `json:"score" extensions:"x-nullable"`
} // @name AttitudeExplained

// AttemptExplained is one posttest attempt: R-POST-3's weighted score, the
// cap of R-POST-2 for its number, and the capped score.
type AttemptExplained struct {
	AttemptID        string       `json:"attempt_id"`
	AttemptNumber    int          `json:"attempt_number"`
	TakenAt          time.Time    `json:"taken_at"`
	Substansi1       domain.Score `json:"substansi_1_score"`
	Substansi2       domain.Score `json:"substansi_2_score"`
	Substansi1Weight int64        `json:"substansi_1_weight"`
	Substansi2Weight int64        `json:"substansi_2_weight"`
	Exact            string       `json:"exact"`
	Weighted         domain.Score `json:"weighted_score"`
	Tier             CapTier      `json:"cap_tier"`
	Cap              domain.Score `json:"cap"`
	Capped           domain.Score `json:"capped_score"`
	// Best marks the attempt whose capped score is the result.
	Best    bool   `json:"best"`
	Formula string `json:"formula"`
} // @name AttemptExplained

// PosttestExplained is R-POST-1..3 over every attempt.
type PosttestExplained struct {
	Attempts     []AttemptExplained `json:"attempts"`
	CapTiers     []CapTier          `json:"cap_tiers"`
	Result       *domain.Score      `json:"result" extensions:"x-nullable"`
	PassingGrade domain.Score       `json:"passing_grade"`
	Passed       bool               `json:"passed"`
	Rules        []string           `json:"rules"`
} // @name PosttestExplained

// MOOCExplained is R-POST-4: the MOOC is passed when nothing is unmet.
type MOOCExplained struct {
	Rule   string   `json:"rule"`
	Passed bool     `json:"passed"`
	Unmet  []string `json:"unmet_rules"`
} // @name MOOCExplained

// LimitCheck is one limit of R-ATT-2: more absence than Limit breaks it.
type LimitCheck struct {
	Measure string `json:"measure" enums:"sessions,jp,days"`
	Absent  int    `json:"absent"`
	Limit   int    `json:"limit"`
	Broken  bool   `json:"broken"`
} // @name LimitCheck

// Absence is one session the participant is recorded absent from.
type Absence struct {
	SessionID string      `json:"session_id"`
	Date      domain.Date `json:"date" format:"date"`
	JP        int         `json:"jp"`
	Mode      string      `json:"mode"`
} // @name Absence

// AttendanceExplained is R-ATT-2 against each of its limits.
type AttendanceExplained struct {
	Rule        string        `json:"rule"`
	Limits      []LimitCheck  `json:"limits"`
	Absences    []Absence     `json:"absences"`
	AbsentDates []domain.Date `json:"absent_dates"`
	LimitBroken bool          `json:"limit_broken"`
} // @name AttendanceExplained

// ComponentExplained is one component in force, where it comes from and
// its weight in the final score.
type ComponentExplained struct {
	Component Component     `json:"component" swaggertype:"string"`
	Aspect    Aspect        `json:"aspect" swaggertype:"string"`
	Weight    int64         `json:"weight"`
	Score     *domain.Score `json:"score" extensions:"x-nullable"`
	Source    string        `json:"source" enums:"scored,posttest,remedial,missing"`
	// Replaced is the score a remedial replaced (R-REM-4), if any.
	Replaced *domain.Score `json:"replaced,omitempty"`
	Rules    []string      `json:"rules"`
} // @name ComponentExplained

// Term is one component's part in a weighted mean.
type Term struct {
	Component Component     `json:"component" swaggertype:"string"`
	Weight    int64         `json:"weight"`
	Score     *domain.Score `json:"score" extensions:"x-nullable"`
} // @name WeightedTerm

// WeightedExplained is R-EVAL-1's weighted mean of some components (an
// aspect, or the final score over all seven), half-up to 0.01, and its band
// of R-QUAL-1.
type WeightedExplained struct {
	Of            string         `json:"of"`
	Rules         []string       `json:"rules"`
	Terms         []Term         `json:"terms"`
	WeightSum     int64          `json:"weight_sum"`
	Missing       []string       `json:"missing"`
	Exact         string         `json:"exact,omitempty"`
	Formula       string         `json:"formula,omitempty"`
	Score         *domain.Score  `json:"score" extensions:"x-nullable"`
	Qualification *Qualification `json:"qualification" swaggertype:"string" extensions:"x-nullable" enums:"sangat_memuaskan,memuaskan,cukup_memuaskan,kurang_memuaskan,tidak_memuaskan"`
	Band          *Band          `json:"band,omitempty"`
} // @name WeightedExplained

// OutcomeExplained is the outcome with the tests that decided it: judged now
// (provisional), or as the meeting judged the evaluation it recorded
// (decided).
type OutcomeExplained struct {
	Status     string   `json:"status" enums:"provisional,decided"`
	Result     string   `json:"result" enums:"lulus,ditunda,tidak_lulus,incomplete"`
	Rules      []string `json:"rules"`
	Deferred   []string `json:"deferred_components"`
	Checks     []Check  `json:"checks"`
	MeetingRef string   `json:"meeting_ref,omitempty"`
	DecidedOn  string   `json:"decided_on,omitempty" format:"date"`
	Redecision bool     `json:"redecision,omitempty"`
	Rank       int      `json:"rank,omitempty"`
	Awards     []Award  `json:"awards"`
} // @name OutcomeExplained

// Explain derives every number of the participant's standing.
func Explain(s State) Explanation {
	m := EvaluateMOOC(s)
	e := Evaluate(s)
	x := Explanation{
		Trophies:   explainTrophies(s),
		Attitude:   explainAttitude(s, m),
		Posttest:   explainPosttest(s, m),
		MOOC:       MOOCExplained{Rule: "R-POST-4", Passed: m.Passed, Unmet: nonNil(m.Unmet)},
		Attendance: explainAttendance(s, e.Attendance),
		Bands:      Bands[:],
		Outcome:    explainOutcome(s, e),
	}
	for _, c := range AllComponents {
		x.Components = append(x.Components, explainComponent(s, c))
	}
	for _, a := range AllAspects {
		x.Aspects = append(x.Aspects, explainWeighted(string(a), e.Components, componentsOf(a), e.Aspects.Get(a)))
	}
	x.Final = explainWeighted("final", e.Components, AllComponents[:], e.Final)
	return x
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func explainTrophies(s State) TrophiesExplained {
	ms := trophyMinimums(s)
	t := TrophiesExplained{Total: s.Total, Max: domain.MaxTrophies, Minimums: ms[:], Stars: StarsFor(s.Total),
		Rules: []string{"R-TRO-1", "R-TRO-6", "R-TRO-8"}}
	for _, mat := range domain.Materials {
		for a := 0; a <= domain.MaxAgenda; a++ {
			var offered int
			if s.Enrolment != nil {
				offered = s.Enrolment.Catalogue.Offered(mat, a)
			}
			if earned := s.Tally.Of(mat, a); offered > 0 || earned > 0 {
				t.Cells = append(t.Cells, TrophyCell{Material: string(mat), Agenda: a, Offered: offered, Earned: earned})
			}
		}
	}
	t.Cells = nonNil(t.Cells)
	return t
}

func explainAttitude(s State, m MOOC) AttitudeExplained {
	x := AttitudeExplained{Rule: "R-TRO-7", Total: s.Total, Score: m.AttitudeScore, Unmet: []string{}}
	for _, b := range attitudeBands {
		x.Bands = append(x.Bands, TrophyBand{From: b.from, To: b.to, Lowest: b.lowest, Highest: b.highest})
	}
	for _, r := range m.Unmet {
		if strings.HasPrefix(r, "R-TRO-") {
			x.Unmet = append(x.Unmet, r)
		}
	}
	b, ok := attitudeBandOf(s.Total)
	if !ok || m.AttitudeScore == nil {
		return x
	}
	x.Band = &TrophyBand{From: b.from, To: b.to, Lowest: b.lowest, Highest: b.highest}
	if b.from == b.to {
		x.Exact = b.lowest.String()
		x.Formula = strconv.Itoa(s.Total) + " → " + b.lowest.String()
		return x
	}
	// lowest + (highest − lowest) × (total − from) / (to − from), in hundredths.
	den := int64(b.to - b.from)
	num := int64(b.lowest)*den + int64(b.highest-b.lowest)*int64(s.Total-b.from)
	x.Exact = exactDecimal(num, den)
	x.Formula = b.lowest.String() + " + (" + b.highest.String() + " − " + b.lowest.String() + ") × (" +
		strconv.Itoa(s.Total) + " − " + strconv.Itoa(b.from) + ") / (" + strconv.Itoa(b.to) + " − " + strconv.Itoa(b.from) + ") = " +
		rounded(x.Exact, *m.AttitudeScore)
	return x
}

// posttestWeights are R-POST-3's, as weightedPosttest applies them.
var posttestWeights = [2]int64{70, 30}

func explainPosttest(s State, m MOOC) PosttestExplained {
	x := PosttestExplained{CapTiers: CapTiers[:], Result: m.Result, PassingGrade: PassingGrade,
		Passed: !slices.Contains(m.Unmet, "R-POST-1"), Rules: []string{"R-POST-1", "R-POST-2", "R-POST-3"},
		Attempts: []AttemptExplained{}}
	best := -1
	for i, a := range s.Attempts {
		if best < 0 || a.Capped > s.Attempts[best].Capped {
			best = i
		}
	}
	for i, a := range s.Attempts {
		num := posttestWeights[0]*int64(a.Substansi1) + posttestWeights[1]*int64(a.Substansi2)
		exact := exactDecimal(num, posttestWeights[0]+posttestWeights[1])
		x.Attempts = append(x.Attempts, AttemptExplained{
			AttemptID: a.AttemptID, AttemptNumber: a.AttemptNumber, TakenAt: a.TakenAt,
			Substansi1: a.Substansi1, Substansi2: a.Substansi2,
			Substansi1Weight: posttestWeights[0], Substansi2Weight: posttestWeights[1],
			Exact: exact, Weighted: a.Weighted, Tier: capTierOf(a.AttemptNumber), Cap: a.Cap, Capped: a.Capped,
			Best: i == best,
			Formula: "(70 × " + a.Substansi1.String() + " + 30 × " + a.Substansi2.String() + ") / 100 = " + rounded(exact, a.Weighted) +
				"; min(" + a.Weighted.String() + ", " + a.Cap.String() + ") = " + a.Capped.String(),
		})
	}
	return x
}

func explainAttendance(s State, a AttendanceStanding) AttendanceExplained {
	x := AttendanceExplained{Rule: "R-ATT-2", LimitBroken: a.LimitBroken, Absences: []Absence{},
		Limits: []LimitCheck{
			{Measure: "sessions", Absent: a.AbsentSessions, Limit: a.Limits.Sessions, Broken: a.AbsentSessions > a.Limits.Sessions},
			{Measure: "jp", Absent: a.AbsentJP, Limit: a.Limits.JP, Broken: a.AbsentJP > a.Limits.JP},
			{Measure: "days", Absent: a.AbsentDays, Limit: a.Limits.Days, Broken: a.AbsentDays > a.Limits.Days},
		}}
	for _, r := range s.Attendance {
		if r.Status == Absent {
			x.Absences = append(x.Absences, Absence{SessionID: r.SessionID, Date: r.Date, JP: r.JP, Mode: r.Mode})
		}
	}
	slices.SortFunc(x.Absences, func(p, q Absence) int {
		if c := strings.Compare(string(p.Date), string(q.Date)); c != 0 {
			return c
		}
		return strings.Compare(p.SessionID, q.SessionID)
	})
	x.AbsentDates = nonNil(absentDates(s.Attendance))
	slices.Sort(x.AbsentDates)
	return x
}

func aspectOf(c Component) Aspect {
	for _, a := range AllAspects {
		if slices.Contains(componentsOf(a), c) {
			return a
		}
	}
	return AspectPKTBT
}

func explainComponent(s State, c Component) ComponentExplained {
	v, source := s.scoreOf(c)
	x := ComponentExplained{Component: c, Aspect: aspectOf(c), Weight: c.weight(), Score: v, Source: source, Rules: []string{"R-EVAL-1"}}
	switch source {
	case SourcePosttest:
		x.Rules = append(x.Rules, "R-POST-2")
	case SourceRemedial:
		x.Rules = append(x.Rules, RemedialRule(c), "R-REM-4")
		without := s
		without.Remedials = nil
		x.Replaced = without.score(c)
	}
	return x
}

func explainWeighted(of string, cs Components, comps []Component, g Graded) WeightedExplained {
	x := WeightedExplained{Of: of, Rules: []string{"R-EVAL-1", "R-QUAL-1"}, Missing: []string{},
		Score: g.Score, Qualification: g.Qualification}
	var num int64
	parts := make([]string, 0, len(comps))
	for _, c := range comps {
		v := cs.Get(c)
		x.Terms = append(x.Terms, Term{Component: c, Weight: c.weight(), Score: v})
		x.WeightSum += c.weight()
		if v == nil {
			x.Missing = append(x.Missing, string(c))
			continue
		}
		num += c.weight() * int64(*v)
		parts = append(parts, strconv.FormatInt(c.weight(), 10)+" × "+v.String())
	}
	if g.Score == nil {
		return x
	}
	x.Exact = exactDecimal(num, x.WeightSum)
	x.Formula = "(" + strings.Join(parts, " + ") + ") / " + strconv.FormatInt(x.WeightSum, 10) + " = " + rounded(x.Exact, *g.Score)
	b := bandOf(*g.Score)
	x.Band = &b
	return x
}

func explainOutcome(s State, e Evaluation) OutcomeExplained {
	var cs checks = []Check{}
	d := s.Decision()
	if d == nil {
		v := judgeChecked(e, false, &cs)
		return OutcomeExplained{Status: "provisional", Result: v.Outcome, Rules: v.Rules, Deferred: nonNil(v.Deferred),
			Checks: cs, Awards: []Award{}}
	}
	// The meeting judged the evaluation it recorded; a repeat meeting (not a
	// redecision after a dispute) judged as a repeat, unless it gave the
	// first verdict after an incomplete decision (R-GRAD-5).
	repeat := d.Redecision && d.DisputeID == ""
	if n := len(s.Decisions); repeat && n > 1 && s.Decisions[n-2].Outcome == Incomplete {
		repeat = false
	}
	judgeChecked(d.Evaluation, repeat, &cs)
	return OutcomeExplained{Status: "decided", Result: d.Outcome, Rules: nonNil(d.Rules), Deferred: nonNil(d.Deferred),
		Checks: cs, MeetingRef: d.MeetingRef, DecidedOn: string(d.DecidedOn), Redecision: d.Redecision,
		Rank: d.Rank, Awards: nonNil(d.Awards)}
}

// exactDecimal writes num/den hundredths as a decimal with up to four
// places, "…" marking a value that goes on: 847510/100 is "84.751",
// 128005/15 is "85.3366…".
func exactDecimal(num, den int64) string {
	tenThousandths := num * 100 / den
	goesOn := num*100%den != 0
	s := strconv.FormatInt(tenThousandths/10000, 10) + "." + pad4(tenThousandths%10000)
	for strings.HasSuffix(s, "0") && len(s)-strings.IndexByte(s, '.') > 3 {
		s = s[:len(s)-1]
	}
	if goesOn {
		s += "…"
	}
	return s
}

func pad4(n int64) string {
	s := strconv.FormatInt(n, 10)
	return strings.Repeat("0", 4-len(s)) + s
}

// rounded shows an exact value and, when it had more than two places, the
// half-up result: "84.751 → 84.75", or "86.00".
func rounded(exact string, result domain.Score) string {
	if exact == result.String() {
		return exact
	}
	return exact + " → " + result.String()
}
