package participant

import (
	"slices"
	"sort"

	"github.com/latsar/ledger/domain"
)

// Outcomes of a graduation decision (rules.md §7).
const (
	Lulus      = "lulus"
	Ditunda    = "ditunda"
	TidakLulus = "tidak_lulus"
	Incomplete = "incomplete"
)

// Verdict is what R-GRAD-1..4 make of an evaluation.
type Verdict struct {
	Outcome  string
	Rules    []string
	Deferred []string // components that deferred the participant (R-REM-1)
}

// Check is one test the verdict made, in the order it made them: the rule,
// what was tested (Test), of what (Subject: an aspect or a component, empty
// for the whole participant), the value tested (a qualification or a
// score), and whether the test hit (Hit: it decided, or took part in
// deciding, the outcome).
type Check struct {
	Rule    string `json:"rule"`
	Test    string `json:"test" enums:"attendance_limit_broken,aspect_fails,component_missing,aspect_defers,component_below_passing_grade,still_deferred_at_repeat,every_aspect_passes"`
	Subject string `json:"subject,omitempty"`
	Value   string `json:"value,omitempty"`
	Hit     bool   `json:"hit"`
} // @name VerdictCheck

// checks records a verdict's tests when explaining it; nil records nothing.
type checks []Check

func (cs *checks) add(rule, test, subject, value string, hit bool) {
	if cs != nil {
		*cs = append(*cs, Check{Rule: rule, Test: test, Subject: subject, Value: value, Hit: hit})
	}
}

// judge applies R-GRAD-3 (which wins), then R-GRAD-4 (a missing component),
// then R-GRAD-2, then R-GRAD-1. At a repeat meeting (R-REM-4) a participant
// still deferred has had their one remedial (R-REM-1) and does not pass.
func judge(e Evaluation, repeat bool) Verdict { return judgeChecked(e, repeat, nil) }

// judgeChecked is judge, recording each test it makes into cs (when not nil).
func judgeChecked(e Evaluation, repeat bool, cs *checks) Verdict {
	var fail []string
	cs.add("R-ATT-2", "attendance_limit_broken", "", "", e.Attendance.LimitBroken)
	if e.Attendance.LimitBroken {
		fail = append(fail, "R-ATT-2")
	}
	for _, a := range AllAspects {
		g := e.Aspects.Get(a)
		if g.Qualification == nil {
			continue
		}
		q := *g.Qualification
		hit := q == TidakMemuaskan || (a == AspectAttitude && q == KurangMemuaskan)
		cs.add("R-GRAD-3", "aspect_fails", string(a), string(q), hit)
		if hit {
			fail = append(fail, "R-QUAL-1")
			break
		}
	}
	if len(fail) > 0 {
		return Verdict{Outcome: TidakLulus, Rules: append([]string{"R-GRAD-3"}, fail...)}
	}
	for _, c := range AllComponents {
		if e.Components.Get(c) == nil {
			cs.add("R-GRAD-4", "component_missing", string(c), "", true)
			return Verdict{Outcome: Incomplete, Rules: []string{"R-GRAD-4"}}
		}
	}
	cs.add("R-GRAD-4", "component_missing", "", "", false)
	var deferred []string
	for _, a := range []Aspect{AspectAcademic, AspectActualization, AspectPKTBT} {
		q := *e.Aspects.Get(a).Qualification
		cs.add("R-GRAD-2", "aspect_defers", string(a), string(q), q == KurangMemuaskan)
		if q != KurangMemuaskan {
			continue
		}
		var below []string
		for _, c := range componentsOf(a) {
			v := *e.Components.Get(c)
			cs.add("R-GRAD-2", "component_below_passing_grade", string(c), v.String(), v < PassingGrade)
			if v < PassingGrade {
				below = append(below, string(c))
			}
		}
		deferred = append(deferred, remediesOf(a, below)...)
	}
	if len(deferred) > 0 {
		cs.add("R-REM-4", "still_deferred_at_repeat", "", "", repeat)
		if repeat {
			return Verdict{Outcome: TidakLulus, Rules: []string{"R-REM-4", "R-REM-1", "R-GRAD-2"}, Deferred: deferred}
		}
		return Verdict{Outcome: Ditunda, Rules: []string{"R-GRAD-2"}, Deferred: deferred}
	}
	cs.add("R-GRAD-1", "every_aspect_passes", "", "", true)
	return Verdict{Outcome: Lulus, Rules: []string{"R-GRAD-1"}}
}

// Award is a document the decision entitles (R-AWARD-1).
type Award struct {
	Kind string `json:"kind" enums:"sttp,piagam_penghargaan,surat_keterangan"`
	Rank int    `json:"rank,omitempty"`
}

// Award kinds.
const (
	AwardSTTP            = "sttp"
	AwardPiagam          = "piagam_penghargaan"
	AwardSuratKeterangan = "surat_keterangan"
)

// piagamMinimum is R-AWARD-1's "at least Memuaskan".
const piagamMinimum domain.Score = 8001

// Candidate is one participant as the meeting sees them.
type Candidate struct {
	NIP        domain.NIP
	Evaluation Evaluation
	Ruleset    string
	// FirstVerdict: the participant was decided incomplete before, so a
	// repeat meeting gives them their first verdict (R-GRAD-5): a deferral
	// there is a deferral, with its remedials, not R-REM-4's failure.
	FirstVerdict bool
}

// CandidateOf is the participant of state s before the meeting.
func CandidateOf(s State) Candidate {
	c := Candidate{Evaluation: Evaluate(s), Ruleset: domain.Ruleset}
	if d := s.Decision(); d != nil && d.Outcome == Incomplete {
		c.FirstVerdict = true
	}
	if s.Enrolment != nil {
		c.NIP, c.Ruleset = s.Enrolment.NIP, s.Enrolment.Ruleset
	}
	return c
}

// LateScoreFor is R-GRAD-5: a participant whose latest decision is
// incomplete may still receive a score of a component that decision found
// missing; every other learning event stays closed (R-GRAD-4).
func (s State) LateScoreFor(c Component) bool {
	if s.Withdrawal != nil {
		return false
	}
	d := s.Decision()
	return d != nil && d.Outcome == Incomplete && d.Evaluation.Components.Get(c) == nil
}

// CompleteSinceIncomplete is R-GRAD-5: the latest decision was incomplete
// and every component is scored now, so a later meeting of the cohort (the
// repeat meeting) decides the participant.
func (s State) CompleteSinceIncomplete() bool {
	d := s.Decision()
	if d == nil || d.Outcome != Incomplete {
		return false
	}
	e := Evaluate(s)
	for _, c := range AllComponents {
		if e.Components.Get(c) == nil {
			return false
		}
	}
	return true
}

// MeetingDecision is the meeting's decision for one participant.
type MeetingDecision struct {
	NIP   domain.NIP
	Event GraduationDecided
}

// Meeting holds the graduation meeting of R-GRAD-4 for a whole cohort (or,
// at a repeat meeting, for the deferred): each participant's verdict, then
// the awards of R-AWARD-1. Only a first meeting ranks lulus participants by
// final score for the Piagam (competition ranking, ties share a rank).
func Meeting(ref string, on domain.Date, repeat bool, candidates []Candidate) []MeetingDecision {
	out := make([]MeetingDecision, 0, len(candidates))
	for _, c := range candidates {
		v := judge(c.Evaluation, repeat && !c.FirstVerdict)
		d := GraduationDecided{
			MeetingRef: ref, DecidedOn: on, Redecision: repeat, Evaluation: c.Evaluation,
			Outcome: v.Outcome, Rules: v.Rules, Deferred: v.Deferred, Awards: []Award{}, Ruleset: c.Ruleset,
		}
		if d.Deferred == nil {
			d.Deferred = []string{}
		}
		switch v.Outcome {
		case Lulus:
			d.Awards = append(d.Awards, Award{Kind: AwardSTTP})
		case TidakLulus:
			d.Awards = append(d.Awards, Award{Kind: AwardSuratKeterangan})
		}
		out = append(out, MeetingDecision{NIP: c.NIP, Event: d})
	}
	if !repeat {
		rankLulus(out)
	}
	return out
}

// rankLulus ranks the lulus by final score (1, 2, 2, 4) and gives the Piagam
// to ranks 1-3 with at least 80.01 (R-AWARD-1).
func rankLulus(ds []MeetingDecision) {
	var idx []int
	for i, d := range ds {
		if d.Event.Outcome == Lulus {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return *ds[idx[a]].Event.Final.Score > *ds[idx[b]].Event.Final.Score })
	for k, i := range idx {
		rank := k + 1
		if k > 0 && *ds[idx[k-1]].Event.Final.Score == *ds[i].Event.Final.Score {
			rank = ds[idx[k-1]].Event.Rank
		}
		ds[i].Event.Rank = rank
		if rank <= 3 && *ds[i].Event.Final.Score >= piagamMinimum {
			ds[i].Event.Awards = append(ds[i].Event.Awards, Award{Kind: AwardPiagam, Rank: rank})
		}
	}
}

// CompetitionRanks ranks values from high to low with ties sharing a rank
// (1, 2, 2, 4): rank = 1 + the number of strictly greater values.
func CompetitionRanks(values []int64) []int {
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return values[order[a]] > values[order[b]] })
	ranks := make([]int, len(values))
	for k, i := range order {
		if k > 0 && values[order[k-1]] == values[i] {
			ranks[i] = ranks[order[k-1]]
		} else {
			ranks[i] = k + 1
		}
	}
	return ranks
}

// deferredOn tells whether the latest decision deferred c.
func (s State) deferredOn(c Component) bool {
	d := s.Decision()
	if d == nil || d.Outcome != Ditunda {
		return false
	}
	// A decision recorded before R-REM-1 named the aspect's remedial lists
	// actualization_design: the aspect deferred, its remedial is the
	// implementation's (R-REM-3).
	if c == ActualizationImplementation && slices.Contains(d.Deferred, string(ActualizationDesign)) {
		return true
	}
	return slices.Contains(d.Deferred, string(c))
}

// Redecide is the admin's redecision after an upheld dispute: the same
// verdict rules as the meeting (a dispute may defer), on the participant as
// they stand now. The decision is not ranked again: a Piagam of the disputed
// decision is kept if the participant still passes.
func Redecide(s State, ref string, on domain.Date, disputeID string) GraduationDecided {
	c := CandidateOf(s)
	v := judge(c.Evaluation, false)
	d := GraduationDecided{
		MeetingRef: ref, DecidedOn: on, Redecision: true, DisputeID: disputeID, Evaluation: c.Evaluation,
		Outcome: v.Outcome, Rules: v.Rules, Deferred: v.Deferred, Awards: []Award{}, Ruleset: c.Ruleset,
	}
	if !slices.Contains(d.Rules, "R-GRAD-4") {
		d.Rules = append(d.Rules, "R-GRAD-4")
	}
	if d.Deferred == nil {
		d.Deferred = []string{}
	}
	switch v.Outcome {
	case Lulus:
		d.Awards = append(d.Awards, Award{Kind: AwardSTTP})
		if prev := s.Decision(); prev != nil {
			for _, a := range prev.Awards {
				if a.Kind == AwardPiagam {
					d.Awards, d.Rank = append(d.Awards, a), prev.Rank
				}
			}
		}
	case TidakLulus:
		d.Awards = append(d.Awards, Award{Kind: AwardSuratKeterangan})
	}
	return d
}

// remediesOf is R-REM-1's remediable components of an aspect that defers,
// given its components below the passing grade: academic, those below (or
// either when both pass but the aspect does not); actualisation, always
// actualization_implementation, the only actualisation remedial R-REM-3
// names, even when the design score pulled the aspect down; PKTBT, pktbt.
func remediesOf(a Aspect, below []string) []string {
	switch a {
	case AspectActualization:
		return []string{string(ActualizationImplementation)}
	case AspectAcademic:
		if len(below) == 0 {
			for _, c := range componentsOf(a) {
				below = append(below, string(c))
			}
		}
	}
	return below
}
