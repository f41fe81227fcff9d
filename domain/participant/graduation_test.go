package participant

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
)

// The first graduation meeting of the tests is held on Friday 2024-08-02.
const (
	firstMeetingRef              = "rapat-kelulusan-1"
	firstMeetingOn   domain.Date = "2024-08-02"
	repeatMeetingRef             = "rapat-kelulusan-ulang-1"
	repeatMeetingOn  domain.Date = "2024-08-23"
)

// candidateNIP is a valid NIP whose sequence is i.
func candidateNIP(i int) domain.NIP { return domain.NIP(fmt.Sprintf("199901012024011%03d", i)) }

// sevenAbsences break R-ATT-2 by sessions alone (7 sessions, 7 JP, no absent day).
func sevenAbsences() []domain.Event {
	events := []domain.Event{session("hadir-1", "2024-07-15", 2, Present)}
	for _, r := range absentEach("absen", "2024-07-15", 7, 1) {
		events = append(events, r)
	}
	return events
}

// graduate holds a meeting for s alone through Meeting, records its decision
// through DecideGraduation and folds it.
func graduate(t *testing.T, s State, ref string, on domain.Date, repeat bool) State {
	t.Helper()
	ds := Meeting(ref, on, repeat, []Candidate{CandidateOf(s)})
	events, err := DecideGraduation(s, ds[0].Event)
	if err != nil {
		t.Fatalf("DecideGraduation %s: %v", ref, err)
	}
	return apply(t, s, events)
}

// TestJudge applies R-GRAD-1..4 to Evaluate's evaluation.
func TestJudge(t *testing.T) {
	tests := []struct {
		name         string
		scores       componentScores
		absences     bool // seven absent sessions (R-ATT-2 broken)
		repeat       bool
		wantOutcome  string
		wantRules    []string
		wantDeferred []string
	}{
		{
			name: "every-aspect-70.01-cukup-lulus-R-GRAD-1", scores: uniformScores(7001),
			wantOutcome: Lulus, wantRules: []string{"R-GRAD-1"},
		},
		{
			name: "example-6-lulus-R-GRAD-1", scores: example6Scores(),
			wantOutcome: Lulus, wantRules: []string{"R-GRAD-1"},
		},
		{
			name: "attitude-70.01-cukup-lulus-R-GRAD-1", scores: uniformScores(9000).but(AttitudeInstitution, 7001).but(AttitudeAgency, 7001),
			wantOutcome: Lulus, wantRules: []string{"R-GRAD-1"},
		},
		{
			name: "six-absent-sessions-still-lulus-R-ATT-2", scores: uniformScores(9000),
			wantOutcome: Lulus, wantRules: []string{"R-GRAD-1"},
		},
		{
			name: "academic-kurang-ditunda-defers-elearning-R-GRAD-2", scores: uniformScores(8000).but(AcademicElearning, 4500),
			wantOutcome: Ditunda, wantRules: []string{"R-GRAD-2"}, wantDeferred: []string{"academic_elearning"},
		},
		{
			name: "academic-70.00-ditunda-defers-both-components-below-70.01-R-GRAD-2", scores: uniformScores(8000).but(AcademicMOOC, 7000).but(AcademicElearning, 7000),
			wantOutcome: Ditunda, wantRules: []string{"R-GRAD-2"}, wantDeferred: []string{"academic_mooc", "academic_elearning"},
		},
		{
			name: "academic-70.00-component-at-70.01-not-deferred-R-REM-1", scores: uniformScores(8000).but(AcademicMOOC, 7001).but(AcademicElearning, 6999),
			wantOutcome: Ditunda, wantRules: []string{"R-GRAD-2"}, wantDeferred: []string{"academic_elearning"},
		},
		{
			name: "academic-70.005-half-up-70.01-lulus-R-EVAL-1", scores: uniformScores(8000).but(AcademicMOOC, 7000).but(AcademicElearning, 7001),
			wantOutcome: Lulus, wantRules: []string{"R-GRAD-1"},
		},
		{
			name: "actualisation-kurang-ditunda-defers-implementation-R-GRAD-2", scores: uniformScores(8000).but(ActualizationImplementation, 6000),
			wantOutcome: Ditunda, wantRules: []string{"R-GRAD-2"}, wantDeferred: []string{"actualization_implementation"},
		},
		{
			// R-REM-1/3: the aspect defers; its remedial is the implementation's.
			name: "actualisation-kurang-ditunda-defers-to-implementation-R-GRAD-2", scores: uniformScores(8000).but(ActualizationDesign, 6000).but(ActualizationImplementation, 7500),
			wantOutcome: Ditunda, wantRules: []string{"R-GRAD-2"}, wantDeferred: []string{"actualization_implementation"},
		},
		{
			name: "pktbt-kurang-ditunda-R-GRAD-2", scores: uniformScores(8000).but(PKTBT, 6500),
			wantOutcome: Ditunda, wantRules: []string{"R-GRAD-2"}, wantDeferred: []string{"pktbt"},
		},
		{
			name: "pktbt-60.01-kurang-ditunda-R-GRAD-2", scores: uniformScores(8000).but(PKTBT, 6001),
			wantOutcome: Ditunda, wantRules: []string{"R-GRAD-2"}, wantDeferred: []string{"pktbt"},
		},
		{
			name: "academic-and-pktbt-kurang-ditunda-defers-both-R-GRAD-2", scores: uniformScores(8000).but(AcademicElearning, 4500).but(PKTBT, 6500),
			wantOutcome: Ditunda, wantRules: []string{"R-GRAD-2"}, wantDeferred: []string{"academic_elearning", "pktbt"},
		},
		{
			name: "pktbt-60.00-tidak-memuaskan-tidak-lulus-R-GRAD-3", scores: uniformScores(8000).but(PKTBT, 6000),
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-QUAL-1"},
		},
		{
			name: "academic-tidak-memuaskan-tidak-lulus-R-GRAD-3", scores: uniformScores(8000).but(AcademicElearning, 2000),
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-QUAL-1"},
		},
		{
			name: "actualisation-tidak-memuaskan-tidak-lulus-R-GRAD-3", scores: uniformScores(8000).but(ActualizationDesign, 5000).but(ActualizationImplementation, 5500),
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-QUAL-1"},
		},
		{
			name: "attitude-kurang-tidak-lulus-R-GRAD-3", scores: uniformScores(8000).but(AttitudeInstitution, 7200).but(AttitudeAgency, 6000),
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-QUAL-1"},
		},
		{
			name: "attitude-70.00-kurang-tidak-lulus-R-GRAD-3", scores: uniformScores(9500).but(AttitudeInstitution, 7000).but(AttitudeAgency, 7000),
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-QUAL-1"},
		},
		{
			name: "attitude-tidak-memuaskan-tidak-lulus-R-GRAD-3", scores: uniformScores(8000).but(AttitudeInstitution, 5000).but(AttitudeAgency, 5000),
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-QUAL-1"},
		},
		{
			name: "absences-break-R-ATT-2-tidak-lulus-R-GRAD-3", scores: uniformScores(9500), absences: true,
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-ATT-2"},
		},
		{
			name:        "attitude-kurang-wins-over-academic-kurang-R-GRAD-3-over-R-GRAD-2",
			scores:      uniformScores(8000).but(AttitudeInstitution, 7200).but(AttitudeAgency, 6000).but(AcademicElearning, 4500),
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-QUAL-1"},
		},
		{
			name: "absences-win-over-pktbt-kurang-R-GRAD-3-over-R-GRAD-2", scores: uniformScores(8000).but(PKTBT, 6500), absences: true,
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-ATT-2"},
		},
		{
			name: "pktbt-tidak-wins-over-academic-kurang-R-GRAD-3-over-R-GRAD-2", scores: uniformScores(8000).but(PKTBT, 5000).but(AcademicElearning, 4500),
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-QUAL-1"},
		},
		{
			name: "absences-and-attitude-kurang-cite-both-R-GRAD-3", scores: uniformScores(8000).but(AttitudeInstitution, 7200).but(AttitudeAgency, 6000), absences: true,
			wantOutcome: TidakLulus, wantRules: []string{"R-GRAD-3", "R-ATT-2", "R-QUAL-1"},
		},
		{
			name: "pktbt-missing-incomplete-not-lulus-R-GRAD-4", scores: uniformScores(9500).without(PKTBT),
			wantOutcome: Incomplete, wantRules: []string{"R-GRAD-4"},
		},
		{
			name: "no-posttest-academic-mooc-missing-incomplete-R-GRAD-4", scores: uniformScores(9500).without(AcademicMOOC),
			wantOutcome: Incomplete, wantRules: []string{"R-GRAD-4"},
		},
		{
			name: "agency-attitude-missing-incomplete-R-GRAD-4", scores: uniformScores(9500).without(AttitudeAgency),
			wantOutcome: Incomplete, wantRules: []string{"R-GRAD-4"},
		},
		{
			name: "nothing-scored-incomplete-R-GRAD-4", scores: componentScores{},
			wantOutcome: Incomplete, wantRules: []string{"R-GRAD-4"},
		},
		{
			name: "missing-component-with-a-kurang-aspect-incomplete-R-GRAD-4", scores: uniformScores(8000).but(PKTBT, 6500).without(ActualizationDesign),
			wantOutcome: Incomplete, wantRules: []string{"R-GRAD-4"},
		},
		{
			name: "repeat-meeting-still-deferred-tidak-lulus-R-REM-4", scores: uniformScores(8000).but(AcademicElearning, 4500), repeat: true,
			wantOutcome: TidakLulus, wantRules: []string{"R-REM-4", "R-REM-1", "R-GRAD-2"}, wantDeferred: []string{"academic_elearning"},
		},
		{
			name: "repeat-meeting-all-cukup-lulus-R-GRAD-1", scores: uniformScores(8000), repeat: true,
			wantOutcome: Lulus, wantRules: []string{"R-GRAD-1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := withScores(t, tt.scores)
			if tt.absences {
				s = apply(t, s, sevenAbsences())
			} else {
				s = apply(t, s, sevenAbsences()[:7]) // six absences: within R-ATT-2
			}
			v := judge(Evaluate(s), tt.repeat)
			if got, want := v.Outcome, tt.wantOutcome; got != want {
				t.Errorf("outcome: got %q, want %q (rules %v)", got, want, v.Rules)
			}
			if got, want := v.Rules, tt.wantRules; !slices.Equal(got, want) {
				t.Errorf("rules: got %v, want %v", got, want)
			}
			if got, want := v.Deferred, tt.wantDeferred; !slices.Equal(got, want) {
				t.Errorf("deferred: got %v, want %v", got, want)
			}
		})
	}
}

// meetingCandidate describes one participant brought to a meeting.
type meetingCandidate struct {
	scores   componentScores
	absences bool
}

// meetingWant is what the meeting should decide for one candidate.
type meetingWant struct {
	outcome  string
	rules    []string
	deferred []string
	rank     int
	awards   []Award
}

var (
	sttp   = Award{Kind: AwardSTTP}
	suket  = Award{Kind: AwardSuratKeterangan}
	piagam = func(rank int) Award { return Award{Kind: AwardPiagam, Rank: rank} }
)

// TestMeeting runs R-GRAD-1..4 and R-AWARD-1 over a cohort's candidates.
func TestMeeting(t *testing.T) {
	tests := []struct {
		name       string
		repeat     bool
		candidates []meetingCandidate
		want       []meetingWant
	}{
		{
			name:   "each-outcome-with-its-award-R-GRAD-1-to-4-R-AWARD-1",
			repeat: false,
			candidates: []meetingCandidate{
				{scores: uniformScores(8500)},
				{scores: uniformScores(9500).but(AcademicElearning, 4500)},
				{scores: uniformScores(9500).but(AttitudeInstitution, 7200).but(AttitudeAgency, 6000)},
				{scores: uniformScores(9500), absences: true},
				{scores: uniformScores(9500).without(PKTBT)},
			},
			want: []meetingWant{
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 1, awards: []Award{sttp, piagam(1)}},
				{outcome: Ditunda, rules: []string{"R-GRAD-2"}, deferred: []string{"academic_elearning"}},
				{outcome: TidakLulus, rules: []string{"R-GRAD-3", "R-QUAL-1"}, awards: []Award{suket}},
				{outcome: TidakLulus, rules: []string{"R-GRAD-3", "R-ATT-2"}, awards: []Award{suket}},
				{outcome: Incomplete, rules: []string{"R-GRAD-4"}},
			},
		},
		{
			name: "ranks-1-2-2-4-three-piagam-R-AWARD-1",
			candidates: []meetingCandidate{
				{scores: uniformScores(8600)},
				{scores: uniformScores(8840)},
				{scores: uniformScores(9210)},
				{scores: uniformScores(8840)},
			},
			want: []meetingWant{
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 4, awards: []Award{sttp}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 2, awards: []Award{sttp, piagam(2)}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 1, awards: []Award{sttp, piagam(1)}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 2, awards: []Award{sttp, piagam(2)}},
			},
		},
		{
			name: "tie-at-rank-3-awards-four-piagam-R-AWARD-1",
			candidates: []meetingCandidate{
				{scores: uniformScores(9500)},
				{scores: uniformScores(9000)},
				{scores: uniformScores(8500)},
				{scores: uniformScores(8500)},
				{scores: uniformScores(8400)},
			},
			want: []meetingWant{
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 1, awards: []Award{sttp, piagam(1)}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 2, awards: []Award{sttp, piagam(2)}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 3, awards: []Award{sttp, piagam(3)}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 3, awards: []Award{sttp, piagam(3)}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 5, awards: []Award{sttp}},
			},
		},
		{
			name: "top-ranks-below-80.01-get-no-piagam-R-AWARD-1",
			candidates: []meetingCandidate{
				{scores: uniformScores(8000)},
				{scores: uniformScores(7500)},
			},
			want: []meetingWant{
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 1, awards: []Award{sttp}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 2, awards: []Award{sttp}},
			},
		},
		{
			name: "only-lulus-ranked-higher-ditunda-and-tidak-lulus-unranked-R-AWARD-1",
			candidates: []meetingCandidate{
				{scores: uniformScores(9800).but(PKTBT, 6500)},
				{scores: uniformScores(9900), absences: true},
				{scores: uniformScores(8100)},
				{scores: uniformScores(8200)},
			},
			want: []meetingWant{
				{outcome: Ditunda, rules: []string{"R-GRAD-2"}, deferred: []string{"pktbt"}},
				{outcome: TidakLulus, rules: []string{"R-GRAD-3", "R-ATT-2"}, awards: []Award{suket}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 2, awards: []Award{sttp, piagam(2)}},
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, rank: 1, awards: []Award{sttp, piagam(1)}},
			},
		},
		{
			name:   "repeat-meeting-no-rank-no-piagam-R-AWARD-1",
			repeat: true,
			candidates: []meetingCandidate{
				{scores: uniformScores(9500)},
				{scores: uniformScores(9500).but(AcademicElearning, 4500)},
			},
			want: []meetingWant{
				{outcome: Lulus, rules: []string{"R-GRAD-1"}, awards: []Award{sttp}},
				{outcome: TidakLulus, rules: []string{"R-REM-4", "R-REM-1", "R-GRAD-2"}, deferred: []string{"academic_elearning"}, awards: []Award{suket}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cands []Candidate
			var states []State
			for i, c := range tt.candidates {
				s := withScores(t, c.scores)
				if c.absences {
					s = apply(t, s, sevenAbsences())
				}
				cand := CandidateOf(s)
				cand.NIP = candidateNIP(i + 1)
				cands = append(cands, cand)
				states = append(states, s)
			}
			ref, on := firstMeetingRef, firstMeetingOn
			if tt.repeat {
				ref, on = repeatMeetingRef, repeatMeetingOn
			}
			ds := Meeting(ref, on, tt.repeat, cands)
			if got, want := len(ds), len(tt.want); got != want {
				t.Fatalf("decisions: got %d, want %d", got, want)
			}
			for i, w := range tt.want {
				d := ds[i]
				if got, want := d.NIP, candidateNIP(i+1); got != want {
					t.Errorf("#%d nip: got %s, want %s", i+1, got, want)
				}
				e := d.Event
				if got, want := e.Outcome, w.outcome; got != want {
					t.Errorf("#%d outcome: got %q, want %q (rules %v)", i+1, got, want, e.Rules)
				}
				if got, want := e.Rules, w.rules; !slices.Equal(got, want) {
					t.Errorf("#%d rules: got %v, want %v", i+1, got, want)
				}
				if got, want := e.Deferred, w.deferred; !slices.Equal(got, want) {
					t.Errorf("#%d deferred: got %v, want %v", i+1, got, want)
				}
				if got, want := e.Rank, w.rank; got != want {
					t.Errorf("#%d rank: got %d, want %d (final %s)", i+1, got, want, gradedText(e.Final))
				}
				if got, want := e.Awards, w.awards; !slices.Equal(got, want) {
					t.Errorf("#%d awards: got %+v, want %+v", i+1, got, want)
				}
				if e.Awards == nil || e.Deferred == nil {
					t.Errorf("#%d awards/deferred nil: got %v/%v, want empty lists", i+1, e.Awards, e.Deferred)
				}
				// R-GRAD-4: the decision records the meeting, the inputs and the ruleset.
				if got, want := e.MeetingRef, ref; got != want {
					t.Errorf("#%d meeting_ref: got %q, want %q", i+1, got, want)
				}
				if got, want := e.DecidedOn, on; got != want {
					t.Errorf("#%d decided_on: got %q, want %q", i+1, got, want)
				}
				if got, want := e.Redecision, tt.repeat; got != want {
					t.Errorf("#%d redecision: got %v, want %v", i+1, got, want)
				}
				if got, want := e.Ruleset, domain.Ruleset; got != want {
					t.Errorf("#%d ruleset: got %q, want %q", i+1, got, want)
				}
				ev := Evaluate(states[i])
				for _, a := range AllAspects {
					if got, want := gradedText(e.Aspects.Get(a)), gradedText(ev.Aspects.Get(a)); got != want {
						t.Errorf("#%d aspect %s: got %s, want %s", i+1, a, got, want)
					}
				}
				if got, want := gradedText(e.Final), gradedText(ev.Final); got != want {
					t.Errorf("#%d final: got %s, want %s", i+1, got, want)
				}
				if got, want := e.Attendance, ev.Attendance; got != want {
					t.Errorf("#%d attendance: got %+v, want %+v", i+1, got, want)
				}
				for _, c := range AllComponents {
					if got, want := scoreText(e.Components.Get(c)), scoreText(ev.Components.Get(c)); got != want {
						t.Errorf("#%d component %s: got %s, want %s", i+1, c, got, want)
					}
				}
			}
		})
	}
}

func TestCompetitionRanks(t *testing.T) {
	tests := []struct {
		name   string
		values []int64
		want   []int
	}{
		{"none", []int64{}, []int{}},
		{"one-is-rank-1", []int64{8500}, []int{1}},
		{"descending-distinct-1-2-3", []int64{9000, 8500, 8000}, []int{1, 2, 3}},
		{"example-10-ties-1-2-2-4-R-AWARD-1", []int64{9210, 8840, 8840, 8600}, []int{1, 2, 2, 4}},
		{"unsorted-input-ranked-in-place-R-AWARD-1", []int64{8600, 9210, 8840, 8840}, []int{4, 1, 2, 2}},
		{"all-equal-all-rank-1", []int64{8000, 8000, 8000}, []int{1, 1, 1}},
		{"tie-at-top-1-1-3", []int64{9000, 9000, 8000}, []int{1, 1, 3}},
		{"tie-at-bottom-1-2-2", []int64{9000, 8000, 8000}, []int{1, 2, 2}},
		{"ascending-input", []int64{1, 2, 3, 4}, []int{4, 3, 2, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := CompetitionRanks(tt.values), tt.want; !slices.Equal(got, want) {
				t.Errorf("CompetitionRanks(%v): got %v, want %v", tt.values, got, want)
			}
		})
	}
}

// decision is a GraduationDecided of a meeting with an outcome.
func decision(ref string, on domain.Date, repeat bool, outcome string, deferred ...string) GraduationDecided {
	return GraduationDecided{
		MeetingRef: ref, DecidedOn: on, Redecision: repeat, Outcome: outcome,
		Deferred: deferred, Awards: []Award{}, Ruleset: domain.Ruleset,
	}
}

func TestDecideGraduation(t *testing.T) {
	base := func(t *testing.T) State { return withScores(t, uniformScores(8000).but(AcademicElearning, 4500)) }
	decided := func(ds ...GraduationDecided) func(t *testing.T) State {
		return func(t *testing.T) State {
			s := base(t)
			for _, d := range ds {
				s = Evolve(s, d)
			}
			return s
		}
	}
	first := decision(firstMeetingRef, firstMeetingOn, false, Ditunda, "academic_elearning")
	tests := []struct {
		name     string
		state    func(t *testing.T) State
		cmd      GraduationDecided
		want     *GraduationDecided
		wantCode domain.Code
		wantRule string
	}{
		{
			name:  "first-meeting-recorded-R-GRAD-4",
			state: decided(),
			cmd:   first,
			want:  &first,
		},
		{
			name:  "same-meeting-ref-again-answers-recorded-decision-R-GRAD-4",
			state: decided(first),
			cmd:   decision(firstMeetingRef, "2024-08-05", false, Lulus),
			want:  &first,
		},
		{
			name:     "second-first-meeting-conflict-R-GRAD-4",
			state:    decided(first),
			cmd:      decision("rapat-kelulusan-2", "2024-08-05", false, Lulus),
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name:  "repeat-meeting-for-ditunda-recorded-R-REM-4",
			state: decided(first),
			cmd:   decision(repeatMeetingRef, repeatMeetingOn, true, Lulus),
			want:  ptrTo(decision(repeatMeetingRef, repeatMeetingOn, true, Lulus)),
		},
		{
			name:  "same-repeat-meeting-again-answers-recorded-decision-R-REM-4",
			state: decided(first, decision(repeatMeetingRef, repeatMeetingOn, true, Lulus)),
			cmd:   decision(repeatMeetingRef, repeatMeetingOn, true, TidakLulus),
			want:  ptrTo(decision(repeatMeetingRef, repeatMeetingOn, true, Lulus)),
		},
		{
			name:  "first-meeting-ref-answered-after-repeat-R-GRAD-4",
			state: decided(first, decision(repeatMeetingRef, repeatMeetingOn, true, Lulus)),
			cmd:   first,
			want:  &first,
		},
		{
			name:     "repeat-meeting-for-lulus-conflict-R-REM-4",
			state:    decided(decision(firstMeetingRef, firstMeetingOn, false, Lulus)),
			cmd:      decision(repeatMeetingRef, repeatMeetingOn, true, Lulus),
			wantCode: domain.CodeConflict, wantRule: "R-REM-4",
		},
		{
			name:     "repeat-meeting-for-tidak-lulus-conflict-R-REM-4",
			state:    decided(decision(firstMeetingRef, firstMeetingOn, false, TidakLulus)),
			cmd:      decision(repeatMeetingRef, repeatMeetingOn, true, Lulus),
			wantCode: domain.CodeConflict, wantRule: "R-REM-4",
		},
		{
			name:     "repeat-meeting-before-any-decision-conflict-R-REM-4",
			state:    decided(),
			cmd:      decision(repeatMeetingRef, repeatMeetingOn, true, Lulus),
			wantCode: domain.CodeConflict, wantRule: "R-REM-4",
		},
		{
			name:     "second-repeat-meeting-after-tidak-lulus-conflict-R-REM-4",
			state:    decided(first, decision(repeatMeetingRef, repeatMeetingOn, true, TidakLulus)),
			cmd:      decision("rapat-kelulusan-ulang-2", "2024-08-26", true, Lulus),
			wantCode: domain.CodeConflict, wantRule: "R-REM-4",
		},
		{
			name:  "redecision-with-a-dispute-not-upheld-refused",
			state: decided(decision(firstMeetingRef, firstMeetingOn, false, Lulus)),
			cmd: func() GraduationDecided {
				d := decision("sengketa-1", "2024-09-02", true, TidakLulus)
				d.DisputeID = "dispute-7"
				return d
			}(),
			wantCode: domain.CodeInvalid,
		},
		{
			name: "redecision-with-upheld-dispute-for-lulus-recorded",
			state: func(t *testing.T) State {
				s := decided(decision(firstMeetingRef, firstMeetingOn, false, Lulus))(t)
				s = Evolve(s, DisputeFiled{DisputeID: "dispute-7", DecisionEventID: "ev-1", MeetingRef: firstMeetingRef, Reason: "salah hitung", FiledBy: "peserta"})
				return Evolve(s, DisputeResolved{DisputeID: "dispute-7", Outcome: Upheld, Note: "dikabulkan"})
			},
			cmd: func() GraduationDecided {
				d := decision("sengketa-1", "2024-09-02", true, TidakLulus)
				d.DisputeID = "dispute-7"
				return d
			}(),
			want: func() *GraduationDecided {
				d := decision("sengketa-1", "2024-09-02", true, TidakLulus)
				d.DisputeID = "dispute-7"
				return &d
			}(),
		},
		{
			name:     "not-enrolled-not-found",
			state:    func(t *testing.T) State { return Initial() },
			cmd:      first,
			wantCode: domain.CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := DecideGraduation(tt.state(t), tt.cmd)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, "")
				return
			}
			if err != nil {
				t.Fatalf("DecideGraduation: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events: got %d, want %d", got, want)
			}
			if got, want := fmt.Sprintf("%+v", events[0]), fmt.Sprintf("%+v", *tt.want); got != want {
				t.Errorf("event: got %s, want %s", got, want)
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestClosedAfterGraduation: once a meeting has decided the participant, new
// learning events are conflicts; the remedial still has its way in.
func TestClosedAfterGraduation(t *testing.T) {
	at := t0.Add(60 * 24 * time.Hour)
	closed := func(t *testing.T) State {
		s := withScores(t, example6Scores().but(AcademicElearning, 4500))
		return graduate(t, s, firstMeetingRef, firstMeetingOn, false)
	}
	tests := []struct {
		name     string
		decide   func(s State) ([]domain.Event, error)
		wantCode domain.Code
		wantRule string
	}{
		{
			name: "trophy-after-decision-conflict-R-GRAD-4",
			decide: func(s State) ([]domain.Event, error) {
				return DecideTrophy(s, trophyCmd("keb-late", domain.Kebijakan, 0, at))
			},
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name: "posttest-after-decision-conflict-R-GRAD-4",
			decide: func(s State) ([]domain.Event, error) {
				return DecidePosttest(s, AttemptPosttest{AttemptID: "attempt-late", Substansi1: 9500, Substansi2: 9500, TakenAt: at})
			},
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name: "score-after-decision-conflict-R-GRAD-4",
			decide: func(s State) ([]domain.Event, error) {
				return DecideScore(s, Score{ComponentScored{Component: AcademicElearning, Score: 9000, Assessor: "bpsdm-jatim", AssessedAt: at}})
			},
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name: "attendance-after-decision-conflict-R-GRAD-4",
			decide: func(s State) ([]domain.Event, error) {
				return DecideAttendance(s, RecordAttendance{session("klasikal-late", "2024-07-30", 4, Absent)})
			},
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name: "check-in-after-decision-conflict-R-GRAD-4",
			decide: func(s State) ([]domain.Event, error) {
				return DecideCheckIn(s, CheckIn{CheckedInAt: at})
			},
			wantCode: domain.CodeConflict, wantRule: "R-GRAD-4",
		},
		{
			name: "remedial-after-decision-still-works-R-REM-1",
			decide: func(s State) ([]domain.Event, error) {
				return DecideRemedial(s, TakeRemedial{Component: AcademicElearning, Score: 7800, TakenOn: "2024-08-07", Deadline: "2024-08-09"})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := tt.decide(closed(t))
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, "")
				return
			}
			if err != nil {
				t.Fatalf("got %v, want accepted", err)
			}
			if got, want := len(events), 1; got != want {
				t.Errorf("events: got %d, want %d", got, want)
			}
		})
	}
}
