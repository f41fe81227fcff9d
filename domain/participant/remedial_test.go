package participant

import (
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// remedialDeadline is one week after training that ended with the first
// meeting of the tests, Friday 2024-08-02 (R-REM-2).
const remedialDeadline domain.Date = "2024-08-09"

// decidedWith is a participant holding cs, decided at the first meeting.
func decidedWith(cs componentScores) func(t *testing.T) State {
	return func(t *testing.T) State {
		t.Helper()
		return graduate(t, withScores(t, cs), firstMeetingRef, firstMeetingOn, false)
	}
}

// remedied folds the remedials through DecideRemedial.
func remedied(t *testing.T, s State, cmds ...TakeRemedial) State {
	t.Helper()
	for _, c := range cmds {
		events, err := DecideRemedial(s, c)
		if err != nil {
			t.Fatalf("DecideRemedial %+v: %v", c, err)
		}
		s = apply(t, s, events)
	}
	return s
}

// remedial is a remedial command taken on the date, due by remedialDeadline.
func remedial(c Component, v domain.Score, on domain.Date) TakeRemedial {
	return TakeRemedial{Component: c, Score: v, TakenOn: on, Deadline: remedialDeadline}
}

func TestDecideRemedial(t *testing.T) {
	var (
		deferredElearning = decidedWith(uniformScores(8500).but(AcademicElearning, 4500))
		deferredMOOC      = decidedWith(uniformScores(8500).but(AcademicMOOC, 5000))
		deferredImpl      = decidedWith(uniformScores(8500).but(ActualizationImplementation, 6000))
		deferredDesign    = decidedWith(uniformScores(8500).but(ActualizationDesign, 6000).but(ActualizationImplementation, 7500))
		deferredPKTBT     = decidedWith(uniformScores(8500).but(PKTBT, 6500))
		deferredTwo       = decidedWith(uniformScores(8500).but(AcademicElearning, 4500).but(PKTBT, 6500))
		lulus             = decidedWith(uniformScores(8500))
		tidakLulus        = decidedWith(uniformScores(8500).but(AttitudeInstitution, 7200).but(AttitudeAgency, 6000))
	)
	tests := []struct {
		name      string
		state     func(t *testing.T) State
		cmd       TakeRemedial
		want      *RemedialTaken
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{
			name:  "deferring-elearning-remedial-accepted-R-REM-1",
			state: deferredElearning,
			cmd:   remedial(AcademicElearning, 7800, "2024-08-07"),
			want:  &RemedialTaken{Component: AcademicElearning, Score: 7800, TakenOn: "2024-08-07", Deadline: remedialDeadline},
		},
		{
			name:  "deferring-mooc-remedial-accepted-R-REM-2",
			state: deferredMOOC,
			cmd:   remedial(AcademicMOOC, 9500, "2024-08-05"),
			want:  &RemedialTaken{Component: AcademicMOOC, Score: 9500, TakenOn: "2024-08-05", Deadline: remedialDeadline},
		},
		{
			name:  "deferring-implementation-remedial-accepted-R-REM-3",
			state: deferredImpl,
			cmd:   remedial(ActualizationImplementation, 8000, "2024-08-06"),
			want:  &RemedialTaken{Component: ActualizationImplementation, Score: 8000, TakenOn: "2024-08-06", Deadline: remedialDeadline},
		},
		{
			name:  "deferring-pktbt-remedial-accepted-R-REM-3",
			state: deferredPKTBT,
			cmd:   remedial(PKTBT, 8000, "2024-08-06"),
			want:  &RemedialTaken{Component: PKTBT, Score: 8000, TakenOn: "2024-08-06", Deadline: remedialDeadline},
		},
		{
			name:  "taken-on-the-deadline-accepted-R-REM-2",
			state: deferredElearning,
			cmd:   remedial(AcademicElearning, 7800, remedialDeadline),
			want:  &RemedialTaken{Component: AcademicElearning, Score: 7800, TakenOn: remedialDeadline, Deadline: remedialDeadline},
		},
		{
			name:  "taken-on-the-meeting-day-accepted-R-REM-1",
			state: deferredElearning,
			cmd:   remedial(AcademicElearning, 7800, firstMeetingOn),
			want:  &RemedialTaken{Component: AcademicElearning, Score: 7800, TakenOn: firstMeetingOn, Deadline: remedialDeadline},
		},
		{
			name:  "implementation-by-a-later-recorded-deadline-accepted-R-REM-3",
			state: deferredImpl,
			cmd:   TakeRemedial{Component: ActualizationImplementation, Score: 8000, TakenOn: "2024-08-16", Deadline: "2024-08-20"},
			want:  &RemedialTaken{Component: ActualizationImplementation, Score: 8000, TakenOn: "2024-08-16", Deadline: "2024-08-20"},
		},
		{
			name: "each-deferring-component-has-its-own-remedial-R-REM-1",
			state: func(t *testing.T) State {
				return remedied(t, deferredTwo(t), remedial(AcademicElearning, 7800, "2024-08-05"))
			},
			cmd:  remedial(PKTBT, 7500, "2024-08-06"),
			want: &RemedialTaken{Component: PKTBT, Score: 7500, TakenOn: "2024-08-06", Deadline: remedialDeadline},
		},
		{
			name: "identical-repeat-answers-same-event-R-REM-1",
			state: func(t *testing.T) State {
				return remedied(t, deferredElearning(t), remedial(AcademicElearning, 7800, "2024-08-07"))
			},
			cmd:  remedial(AcademicElearning, 7800, "2024-08-07"),
			want: &RemedialTaken{Component: AcademicElearning, Score: 7800, TakenOn: "2024-08-07", Deadline: remedialDeadline},
		},
		{
			name: "second-remedial-other-score-refused-R-REM-1",
			state: func(t *testing.T) State {
				return remedied(t, deferredElearning(t), remedial(AcademicElearning, 6000, "2024-08-05"))
			},
			cmd:      remedial(AcademicElearning, 9000, "2024-08-08"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-1", wantField: "component",
		},
		{
			name: "second-remedial-same-score-other-day-refused-R-REM-1",
			state: func(t *testing.T) State {
				return remedied(t, deferredElearning(t), remedial(AcademicElearning, 7800, "2024-08-05"))
			},
			cmd:      remedial(AcademicElearning, 7800, "2024-08-08"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-1", wantField: "component",
		},
		{
			name:     "before-any-decision-refused-R-REM-1",
			state:    func(t *testing.T) State { return withScores(t, uniformScores(8500).but(AcademicElearning, 4500)) },
			cmd:      remedial(AcademicElearning, 7800, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-1", wantField: "component",
		},
		{
			name:     "after-lulus-refused-R-REM-1",
			state:    lulus,
			cmd:      remedial(AcademicElearning, 9500, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-1", wantField: "component",
		},
		{
			name:     "after-tidak-lulus-refused-R-REM-1",
			state:    tidakLulus,
			cmd:      remedial(AcademicElearning, 9500, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-1", wantField: "component",
		},
		{
			name:     "mooc-did-not-defer-refused-R-REM-1",
			state:    deferredElearning,
			cmd:      remedial(AcademicMOOC, 9500, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-1", wantField: "component",
		},
		{
			name:     "pktbt-did-not-defer-refused-R-REM-1",
			state:    deferredElearning,
			cmd:      remedial(PKTBT, 9500, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-1", wantField: "component",
		},
		{
			name: "after-repeat-meeting-tidak-lulus-refused-R-REM-1",
			state: func(t *testing.T) State {
				return graduate(t, deferredElearning(t), repeatMeetingRef, repeatMeetingOn, true)
			},
			cmd:      remedial(AcademicElearning, 7800, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-1", wantField: "component",
		},
		{
			name:     "taken-before-the-meeting-refused-R-REM-1",
			state:    deferredElearning,
			cmd:      remedial(AcademicElearning, 7800, "2024-08-01"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-1", wantField: "taken_on",
		},
		{
			// R-REM-1, R-REM-3: the aspect defers (design 60.00 pulls it to
			// 69.00), the implementation component is its remedial.
			name:  "design-deferred-aspect-takes-implementation-remedial-R-REM-3",
			state: deferredDesign,
			cmd:   remedial(ActualizationImplementation, 9000, "2024-08-07"),
			want:  &RemedialTaken{Component: ActualizationImplementation, Score: 9000, TakenOn: "2024-08-07", Deadline: remedialDeadline},
		},
		{
			name:     "deferring-design-has-no-remedial-R-REM-3",
			state:    deferredDesign,
			cmd:      remedial(ActualizationDesign, 8000, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-3", wantField: "component",
		},
		{
			name:     "attitude-institution-has-no-remedial-R-REM-3",
			state:    tidakLulus,
			cmd:      remedial(AttitudeInstitution, 8000, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-3", wantField: "component",
		},
		{
			name:     "attitude-agency-has-no-remedial-R-REM-3",
			state:    tidakLulus,
			cmd:      remedial(AttitudeAgency, 8000, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-3", wantField: "component",
		},
		{
			name:     "unknown-component-refused",
			state:    deferredElearning,
			cmd:      remedial("seminar", 8000, "2024-08-07"),
			wantCode: domain.CodeInvalid, wantField: "component",
		},
		{
			name:     "elearning-after-deadline-refused-R-REM-2",
			state:    deferredElearning,
			cmd:      remedial(AcademicElearning, 7800, "2024-08-10"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-2", wantField: "taken_on",
		},
		{
			name:     "mooc-after-deadline-refused-R-REM-2",
			state:    deferredMOOC,
			cmd:      remedial(AcademicMOOC, 9500, "2024-08-12"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-2", wantField: "taken_on",
		},
		{
			name:     "implementation-after-deadline-refused-R-REM-3",
			state:    deferredImpl,
			cmd:      remedial(ActualizationImplementation, 8000, "2024-08-10"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-3", wantField: "taken_on",
		},
		{
			name:     "pktbt-after-deadline-refused-R-REM-3",
			state:    deferredPKTBT,
			cmd:      remedial(PKTBT, 8000, "2024-08-10"),
			wantCode: domain.CodeInvalid, wantRule: "R-REM-3", wantField: "taken_on",
		},
		{
			name:     "not-enrolled-not-found",
			state:    func(t *testing.T) State { return Initial() },
			cmd:      remedial(AcademicElearning, 7800, "2024-08-07"),
			wantCode: domain.CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := DecideRemedial(tt.state(t), tt.cmd)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideRemedial: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events: got %d, want %d", got, want)
			}
			if got, want := events[0], domain.Event(*tt.want); got != want {
				t.Errorf("event: got %+v, want %+v", got, want)
			}
		})
	}
}

// TestRemedialReplacesComponent: the remedial score replaces the component it
// re-evaluated, uncapped, and the aspects and final are recomputed (R-REM-4).
func TestRemedialReplacesComponent(t *testing.T) {
	sevenLowAttempts := func(t *testing.T) State {
		s := enrolled(t, catalogue50())
		for range 7 {
			s = attempt(t, s, 5000, 5000)
		}
		return graduate(t, giveScores(t, s, uniformScores(8500).without(AcademicMOOC)), firstMeetingRef, firstMeetingOn, false)
	}
	tests := []struct {
		name          string
		state         func(t *testing.T) State
		remedial      TakeRemedial
		component     Component
		before, after string
		aspect        Aspect
		aspectAfter   string
		finalAfter    string
		repeatOutcome string
	}{
		{
			// A 7th attempt is capped at 70.01 (R-POST-2); the remedial is not.
			name:      "mooc-remedial-95.00-after-seven-attempts-uncapped-R-REM-4",
			state:     sevenLowAttempts,
			remedial:  remedial(AcademicMOOC, 9500, "2024-08-05"),
			component: AcademicMOOC, before: "50.00", after: "95.00",
			aspect: AspectAcademic, aspectAfter: "90.00 memuaskan",
			finalAfter: "86.00 memuaskan", repeatOutcome: Lulus,
		},
		{
			name:      "elearning-remedial-78.00-replaces-45.00-R-REM-4",
			state:     decidedWith(example6Scores().but(AcademicElearning, 4500)),
			remedial:  remedial(AcademicElearning, 7800, "2024-08-07"),
			component: AcademicElearning, before: "45.00", after: "78.00",
			aspect: AspectAcademic, aspectAfter: "84.01 memuaskan",
			finalAfter: "84.30 memuaskan", repeatOutcome: Lulus,
		},
		{
			// A remedial lower than the score it re-evaluates still replaces it.
			name:      "lower-remedial-replaces-too-R-REM-4",
			state:     decidedWith(uniformScores(8500).but(PKTBT, 6500)),
			remedial:  remedial(PKTBT, 6100, "2024-08-07"),
			component: PKTBT, before: "65.00", after: "61.00",
			aspect: AspectPKTBT, aspectAfter: "61.00 kurang_memuaskan",
			finalAfter: "81.40 memuaskan", repeatOutcome: TidakLulus,
		},
		{
			name:      "implementation-remedial-70.01-lifts-actualisation-R-REM-4",
			state:     decidedWith(uniformScores(8500).but(ActualizationImplementation, 6000)),
			remedial:  remedial(ActualizationImplementation, 7001, "2024-08-07"),
			component: ActualizationImplementation, before: "60.00", after: "70.01",
			aspect: AspectActualization, aspectAfter: "76.01 cukup_memuaskan",
			finalAfter: "80.50 memuaskan", repeatOutcome: Lulus,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.state(t)
			if got, want := scoreText(Evaluate(s).Components.Get(tt.component)), tt.before; got != want {
				t.Fatalf("%s before: got %s, want %s", tt.component, got, want)
			}
			s = remedied(t, s, tt.remedial)
			e := Evaluate(s)
			if got, want := scoreText(e.Components.Get(tt.component)), tt.after; got != want {
				t.Errorf("%s after: got %s, want %s", tt.component, got, want)
			}
			if got, want := gradedText(e.Aspects.Get(tt.aspect)), tt.aspectAfter; got != want {
				t.Errorf("%s after: got %s, want %s", tt.aspect, got, want)
			}
			if got, want := gradedText(e.Final), tt.finalAfter; got != want {
				t.Errorf("final after: got %s, want %s", got, want)
			}
			d := Meeting(repeatMeetingRef, repeatMeetingOn, true, []Candidate{CandidateOf(s)})[0].Event
			if got, want := d.Outcome, tt.repeatOutcome; got != want {
				t.Errorf("repeat meeting: got %q, want %q (rules %v)", got, want, d.Rules)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		name     string
		from     domain.Date
		n        int
		holidays []domain.Date
		want     domain.Date
	}{
		{name: "friday-2024-08-02-plus-15-is-2024-08-23-R-REM-4", from: "2024-08-02", n: 15, want: "2024-08-23"},
		{name: "friday-plus-1-skips-weekend-to-monday", from: "2024-08-02", n: 1, want: "2024-08-05"},
		{name: "friday-plus-5-is-next-friday", from: "2024-08-02", n: 5, want: "2024-08-09"},
		{name: "plus-0-is-the-same-day", from: "2024-08-02", n: 0, want: "2024-08-02"},
		{name: "saturday-plus-1-is-monday", from: "2024-08-03", n: 1, want: "2024-08-05"},
		{name: "monday-plus-4-is-friday", from: "2024-08-05", n: 4, want: "2024-08-09"},
		{name: "holiday-wednesday-2024-08-14-moves-limit-to-2024-08-26-R-REM-4", from: "2024-08-02", n: 15, holidays: []domain.Date{"2024-08-14"}, want: "2024-08-26"},
		{name: "holiday-on-saturday-2024-08-17-changes-nothing-R-REM-4", from: "2024-08-02", n: 15, holidays: []domain.Date{"2024-08-17"}, want: "2024-08-23"},
		{name: "holiday-on-the-limit-day-moves-it-R-REM-4", from: "2024-08-02", n: 15, holidays: []domain.Date{"2024-08-23"}, want: "2024-08-26"},
		{name: "two-holidays-move-limit-two-working-days-R-REM-4", from: "2024-08-02", n: 15, holidays: []domain.Date{"2024-08-14", "2024-08-23"}, want: "2024-08-27"},
		{name: "holiday-monday-after-friday-plus-1-is-tuesday", from: "2024-08-02", n: 1, holidays: []domain.Date{"2024-08-05"}, want: "2024-08-06"},
		{name: "holiday-after-the-limit-changes-nothing", from: "2024-08-02", n: 15, holidays: []domain.Date{"2024-08-26"}, want: "2024-08-23"},
		{name: "across-month-end", from: "2024-07-29", n: 5, want: "2024-08-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			holidays := map[domain.Date]bool{}
			for _, h := range tt.holidays {
				holidays[h] = true
			}
			if got, want := cohort.AddWorkingDays(tt.from, tt.n, holidays), tt.want; got != want {
				t.Errorf("AddWorkingDays(%s, %d, %v): got %s, want %s", tt.from, tt.n, tt.holidays, got, want)
			}
		})
	}
}

func TestCheckRepeatMeeting(t *testing.T) {
	tests := []struct {
		name     string
		on       domain.Date
		holidays []domain.Date
		wantErr  bool
	}{
		{name: "on-the-15th-working-day-2024-08-23-accepted-R-REM-4", on: "2024-08-23"},
		{name: "a-week-after-accepted-R-REM-4", on: "2024-08-09"},
		{name: "next-working-day-2024-08-26-refused-R-REM-4", on: "2024-08-26", wantErr: true},
		{name: "saturday-after-the-limit-refused-R-REM-4", on: "2024-08-24", wantErr: true},
		{name: "with-a-holiday-2024-08-26-accepted-R-REM-4", on: "2024-08-26", holidays: []domain.Date{"2024-08-14"}},
		{name: "with-a-holiday-2024-08-27-refused-R-REM-4", on: "2024-08-27", holidays: []domain.Date{"2024-08-14"}, wantErr: true},
		{name: "before-the-first-meeting-refused-R-REM-4", on: "2024-08-01", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			holidays := map[domain.Date]bool{}
			for _, h := range tt.holidays {
				holidays[h] = true
			}
			err := CheckRepeatMeeting(firstMeetingOn, tt.on, holidays)
			if !tt.wantErr {
				if err != nil {
					t.Errorf("CheckRepeatMeeting(%s, %s): got %v, want nil", firstMeetingOn, tt.on, err)
				}
				return
			}
			wantRefusal(t, err, domain.CodeInvalid, "R-REM-4", "decided_on")
		})
	}
}

// TestRemedialDeadlineOfTheCohort follows the deadline the way the edge does:
// the cohort's RemedialDeadline is handed to DecideRemedial. R-REM-2 gives
// academic remedials 7 calendar days after the training ends, full stop; the
// later deadline an admin may record belongs to R-REM-3 ("or as needed",
// actualization_implementation).
func TestRemedialDeadlineOfTheCohort(t *testing.T) {
	const endsOn domain.Date = "2024-08-02"
	cohortState := func(t *testing.T, extendTo domain.Date) cohort.State {
		t.Helper()
		o := cohort.Opened{
			CohortID: "latsar-2024-01", Name: "Latsar CPNS Angkatan I 2024", InstitutionID: "bpsdm-jatim",
			Golongan: []string{"III"}, StartsOn: "2024-06-03", EndsOn: endsOn, Catalogue: catalogue50(), Ruleset: domain.Ruleset,
		}
		s := cohort.Evolve(cohort.Initial(), o)
		if extendTo != "" {
			events, err := cohort.DecideDeadline(s, cohort.RemedialDeadlineExtended{Deadline: extendTo, Reason: "aktualisasi di lokasi bencana"})
			if err != nil {
				t.Fatalf("DecideDeadline: %v", err)
			}
			for _, e := range events {
				s = cohort.Evolve(s, e)
			}
		}
		return s
	}
	deferred := decidedWith(uniformScores(8500).but(AcademicElearning, 4500).but(ActualizationImplementation, 6000))
	tests := []struct {
		name      string
		extendTo  domain.Date
		cmd       TakeRemedial // Deadline is filled from the cohort
		wantRule  string       // "" when accepted
		wantField string
	}{
		{
			name: "academic-on-day-7-accepted-R-REM-2",
			cmd:  TakeRemedial{Component: AcademicElearning, Score: 7800, TakenOn: "2024-08-09"},
		},
		{
			name:     "academic-on-day-8-refused-R-REM-2",
			cmd:      TakeRemedial{Component: AcademicElearning, Score: 7800, TakenOn: "2024-08-10"},
			wantRule: "R-REM-2", wantField: "taken_on",
		},
		{
			name:     "implementation-on-day-8-refused-without-extension-R-REM-3",
			cmd:      TakeRemedial{Component: ActualizationImplementation, Score: 8000, TakenOn: "2024-08-10"},
			wantRule: "R-REM-3", wantField: "taken_on",
		},
		{
			name:     "implementation-on-day-8-accepted-with-extension-R-REM-3",
			extendTo: "2024-08-20",
			cmd:      TakeRemedial{Component: ActualizationImplementation, Score: 8000, TakenOn: "2024-08-10"},
		},
		{
			name:     "academic-on-day-8-refused-despite-extension-R-REM-2",
			extendTo: "2024-08-20",
			cmd:      TakeRemedial{Component: AcademicElearning, Score: 7800, TakenOn: "2024-08-10"},
			wantRule: "R-REM-2", wantField: "taken_on",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := tt.cmd
			cmd.Deadline = cohortState(t, tt.extendTo).RemedialDeadlineUnder(RemedialRule(cmd.Component))
			events, err := DecideRemedial(deferred(t), cmd)
			if tt.wantRule != "" {
				if err == nil {
					t.Fatalf("got accepted with deadline %s (%v), want %s refusal", cmd.Deadline, events, tt.wantRule)
				}
				wantRefusal(t, err, domain.CodeInvalid, tt.wantRule, tt.wantField)
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
