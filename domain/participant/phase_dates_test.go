package participant

import (
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
	"github.com/latsar/ledger/domain/seminar"
)

// phased is a participant of a cohort laid out by the blended template from
// 2024-06-03 without holidays: mooc 06-03..06-24, elearning 06-25..07-24,
// actualization and pktbt 07-25..09-04, klasikal 09-05..09-12 (ends_on).
func phased(t *testing.T) State {
	t.Helper()
	e := enrolment(catalogue50())
	e.StartsOn, e.EndsOn = "2024-06-03", "2024-09-12"
	e.Phases = cohort.Templates[cohort.TemplateBlended].LayOut("2024-06-03", nil)
	if k, _ := e.PhaseOf(cohort.PhaseKlasikal); k.StartsOn != "2024-09-05" || k.EndsOn != e.EndsOn {
		t.Fatalf("klasikal %v", k)
	}
	return apply(t, Initial(), []domain.Event{e})
}

// unphased is the same window without phases: R-DATE only.
func unphased(t *testing.T) State {
	t.Helper()
	s := phased(t)
	en := *s.Enrolment
	en.Phases = nil
	s.Enrolment = &en
	return s
}

// movedMOOC is phased with the MOOC begun a week late (2024-06-10), as a
// moved phase would leave it: R-PHASE-2's first day is then not starts_on.
func movedMOOC(t *testing.T) State {
	s := phased(t)
	en := *s.Enrolment
	en.Phases = append([]cohort.Phase(nil), en.Phases...)
	en.Phases[0].StartsOn = "2024-06-10"
	s.Enrolment = &en
	return s
}

// phasedPassed is phased with the MOOC passed, the last trophy earned on
// 2024-09-04 at 10:00Z, the day before klasikal.
func phasedPassed(t *testing.T) State {
	t.Helper()
	s := earn(t, phased(t), grant{domain.Kebijakan, 0, 2}, grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10},
		grant{domain.Substansi1, 3, 5}, grant{domain.Substansi2, 1, 2})
	late, err := DecideTrophy(s, trophyCmd("late", domain.Substansi2, 2, at("2024-09-04T10:00:00Z")))
	if err != nil {
		t.Fatal(err)
	}
	s = apply(t, s, late)
	events, err := DecidePosttest(s, AttemptPosttest{AttemptID: "p-1", Substansi1: 9000, Substansi2: 9000, TakenAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	return apply(t, s, events)
}

// checkedIn is phasedPassed checked in at 2024-09-04T20:00Z (a WIB
// morning of klasikal's first day), a trophy still unclaimed.
func checkedIn(t *testing.T) State {
	t.Helper()
	s := phasedPassed(t)
	events, err := DecideCheckIn(s, CheckIn{CheckedInAt: at("2024-09-04T20:00:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	return apply(t, s, events)
}

type phaseCase struct {
	name   string
	state  func(*testing.T) State
	decide func(State) ([]domain.Event, error)
	rule   string // "" accepted
	field  string
}

func runPhaseCases(t *testing.T, cases []phaseCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.decide(tc.state(t))
			if tc.rule == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRefusal(t, err, domain.CodeInvalid, tc.rule, tc.field)
		})
	}
}

func trophyAt(when string) func(State) ([]domain.Event, error) {
	return func(s State) ([]domain.Event, error) {
		return DecideTrophy(s, trophyCmd("t-"+when, domain.Substansi1, 4, at(when)))
	}
}

func posttestAt(when string) func(State) ([]domain.Event, error) {
	return func(s State) ([]domain.Event, error) {
		return DecidePosttest(s, AttemptPosttest{AttemptID: "p-" + when, Substansi1: 8000, Substansi2: 7000, TakenAt: at(when)})
	}
}

// TestMOOCInItsWindow is R-PHASE-2: a trophy's earned_at and an attempt's
// taken_at fall from the MOOC's first day (a day's margin) to the last
// day before klasikal begins, 2024-09-04 (UTC).
func TestMOOCInItsWindow(t *testing.T) {
	runPhaseCases(t, []phaseCase{
		{"trophy-mooc-first-day", phased, trophyAt("2024-06-03T01:00:00Z"), "", ""},
		{"trophy-day-margin-before-mooc", movedMOOC, trophyAt("2024-06-09T00:00:00Z"), "", ""},
		{"trophy-two-days-before-moved-mooc-R-PHASE-2", movedMOOC, trophyAt("2024-06-08T23:59:59Z"), "R-PHASE-2", "earned_at"},
		{"trophy-after-mooc-in-elearning", phased, trophyAt("2024-07-01T09:00:00Z"), "", ""},
		{"trophy-last-moment-before-klasikal", phased, trophyAt("2024-09-04T23:59:59Z"), "", ""},
		{"trophy-klasikal-first-day-R-PHASE-2", phased, trophyAt("2024-09-05T00:00:00Z"), "R-PHASE-2", "earned_at"},
		{"trophy-klasikal-last-day-R-PHASE-2", phased, trophyAt("2024-09-12T09:00:00Z"), "R-PHASE-2", "earned_at"},
		{"trophy-outside-training-R-DATE-1", phased, trophyAt("2024-09-20T09:00:00Z"), "R-DATE-1", "earned_at"},
		{"trophy-no-phases-in-klasikal", unphased, trophyAt("2024-09-10T09:00:00Z"), "", ""},
		{"posttest-mooc-last-day", phased, posttestAt("2024-06-24T10:00:00Z"), "", ""},
		{"posttest-retaken-before-klasikal", phased, posttestAt("2024-09-04T23:59:59Z"), "", ""},
		{"posttest-in-klasikal-R-PHASE-2", phased, posttestAt("2024-09-05T00:00:00Z"), "R-PHASE-2", "taken_at"},
		{"posttest-two-days-before-moved-mooc-R-PHASE-2", movedMOOC, posttestAt("2024-06-08T10:00:00Z"), "R-PHASE-2", "taken_at"},
		{"posttest-no-phases-in-klasikal", unphased, posttestAt("2024-09-10T09:00:00Z"), "", ""},
	})
}

// TestMOOCBeforeCheckIn is R-PHASE-3: trophies and attempts come strictly
// before the klasikal check-in; the check-in falls in klasikal (a day's
// margin either side) and after every trophy and attempt recorded.
func TestMOOCBeforeCheckIn(t *testing.T) {
	checkIn := func(when string) func(State) ([]domain.Event, error) {
		return func(s State) ([]domain.Event, error) { return DecideCheckIn(s, CheckIn{CheckedInAt: at(when)}) }
	}
	unphasedPassed := func(t *testing.T) State {
		s := phasedPassed(t)
		en := *s.Enrolment
		en.Phases = nil
		s.Enrolment = &en
		return s
	}
	runPhaseCases(t, []phaseCase{
		{"trophy-a-second-before-check-in", checkedIn, trophyAt("2024-09-04T19:59:59Z"), "", ""},
		{"trophy-at-check-in-R-PHASE-3", checkedIn, trophyAt("2024-09-04T20:00:00Z"), "R-PHASE-3", "earned_at"},
		{"posttest-at-check-in-R-PHASE-3", checkedIn, posttestAt("2024-09-04T20:00:00Z"), "R-PHASE-3", "taken_at"},
		{"posttest-before-check-in", checkedIn, posttestAt("2024-09-04T19:00:00Z"), "", ""},
		{"check-in-klasikal-first-day", phasedPassed, checkIn("2024-09-05T07:30:00Z"), "", ""},
		{"check-in-day-margin-before-klasikal", phasedPassed, checkIn("2024-09-04T10:00:01Z"), "", ""},
		{"check-in-at-last-trophy-R-PHASE-3", phasedPassed, checkIn("2024-09-04T10:00:00Z"), "R-PHASE-3", "checked_in_at"},
		{"check-in-in-actualization-R-PHASE-3", phasedPassed, checkIn("2024-09-03T23:59:59Z"), "R-PHASE-3", "checked_in_at"},
		{"check-in-in-mooc-R-PHASE-3", phasedPassed, checkIn("2024-06-20T08:00:00Z"), "R-PHASE-3", "checked_in_at"},
		{"check-in-klasikal-last-day-margin", phasedPassed, checkIn("2024-09-13T23:59:59Z"), "", ""},
		{"check-in-no-phases-in-mooc", unphasedPassed, checkIn("2024-06-20T08:00:00Z"), "", ""},
	})
}

// TestScoreAfterWhatItAssesses is R-PHASE-5: each component is assessed on
// or after the first day of the phase it assesses (a day's margin), a
// seminar score on or after the seminar's day; R-DATE-3 keeps the upper
// bound.
func TestScoreAfterWhatItAssesses(t *testing.T) {
	score := func(c Component, when string) func(State) ([]domain.Event, error) {
		return func(s State) ([]domain.Event, error) {
			return DecideScore(s, Score{ComponentScored{Component: c, Score: 8500, Assessor: "Penguji", AssessedAt: at(when)}})
		}
	}
	cases := []phaseCase{
		{"no-phases-klasikal-attitude-in-june", unphased, score(AttitudeInstitution, "2024-06-10T09:00:00Z"), "", ""},
		{"klasikal-attitude-after-ends-on-R-DATE-3", phased, score(AttitudeInstitution, "2024-10-13T00:00:00Z"), "R-DATE-3", "assessed_at"},
	}
	for _, c := range []struct {
		component    Component
		phaseStarts  string // the first day of the phase assessed
		dayMargin    string // the day before it, 00:00Z: accepted
		twoDaysEarly string // the last second before the margin: refused
	}{
		{AttitudeInstitution, "2024-09-05", "2024-09-04T00:00:00Z", "2024-09-03T23:59:59Z"},
		{ActualizationImplementation, "2024-09-05", "2024-09-04T00:00:00Z", "2024-09-03T23:59:59Z"},
		{AttitudeAgency, "2024-07-25", "2024-07-24T00:00:00Z", "2024-07-23T23:59:59Z"},
		{PKTBT, "2024-07-25", "2024-07-24T00:00:00Z", "2024-07-23T23:59:59Z"},
		{AcademicElearning, "2024-06-25", "2024-06-24T00:00:00Z", "2024-06-23T23:59:59Z"},
		{ActualizationDesign, "2024-06-25", "2024-06-24T00:00:00Z", "2024-06-23T23:59:59Z"},
	} {
		cases = append(cases,
			phaseCase{string(c.component) + "-on-" + c.phaseStarts, phased, score(c.component, c.phaseStarts+"T09:00:00Z"), "", ""},
			phaseCase{string(c.component) + "-day-margin", phased, score(c.component, c.dayMargin), "", ""},
			phaseCase{string(c.component) + "-too-early-R-PHASE-5", phased, score(c.component, c.twoDaysEarly), "R-PHASE-5", "assessed_at"},
		)
	}
	ra := seminar.Scheduled{SeminarID: "ra-1", CohortID: "latsar-2024-01", Kind: seminar.Design, Date: "2024-07-23",
		Examiners: []seminar.Examiner{{StaffID: "a"}}, NIPs: []domain.NIP{"199901012024011001"}}
	seminarScore := func(when string) func(State) ([]domain.Event, error) {
		return func(s State) ([]domain.Event, error) {
			return DecideSeminarScore(s, ScoreSeminar{Seminar: ra, StaffID: "a", Score: 8400, ScoredAt: at(when)})
		}
	}
	cases = append(cases,
		phaseCase{"seminar-score-on-its-day", phased, seminarScore("2024-07-23T08:00:00Z"), "", ""},
		phaseCase{"seminar-score-day-margin", phased, seminarScore("2024-07-22T00:00:00Z"), "", ""},
		phaseCase{"seminar-score-before-R-PHASE-5", phased, seminarScore("2024-07-21T23:59:59Z"), "R-PHASE-5", "scored_at"},
		phaseCase{"seminar-score-no-phases-before", unphased, seminarScore("2024-07-01T08:00:00Z"), "", ""},
	)
	runPhaseCases(t, cases)
	if got := AssessedPhase(AcademicMOOC); got != "" {
		t.Errorf("academic_mooc assesses %q, want none (derived)", got)
	}
}

// TestAcademicEvaluationBeforeSeminarRA is R-PHASE-8: flagged, not
// refused. A seminar R.A score of a participant without an academic_elearning
// evaluation by the seminar's day carries a warning, as does an evaluation
// assessed after the seminar when none came before it; a cohort without
// phases is not flagged.
func TestAcademicEvaluationBeforeSeminarRA(t *testing.T) {
	ra := seminar.Scheduled{SeminarID: "ra-1", CohortID: "latsar-2024-01", Kind: seminar.Design, Date: "2024-07-23",
		Examiners: []seminar.Examiner{{StaffID: "a"}}, NIPs: []domain.NIP{"199901012024011001"}}
	aktual := ra
	aktual.SeminarID, aktual.Kind, aktual.Date = "akt-1", seminar.Actualization, "2024-09-09"
	// A step decides one command against the state and answers its events.
	type step func(*testing.T, State) []domain.Event
	evaluated := func(when string) step {
		return func(t *testing.T, s State) []domain.Event {
			evs, err := DecideScore(s, Score{ComponentScored{Component: AcademicElearning, Score: 8000, Assessor: "Widyaiswara", AssessedAt: at(when)}})
			if err != nil {
				t.Fatal(err)
			}
			return evs
		}
	}
	scoredAt := func(sem seminar.Scheduled) step {
		return func(t *testing.T, s State) []domain.Event {
			evs, err := DecideSeminarScore(s, ScoreSeminar{Seminar: sem, StaffID: "a", Score: 8400, ScoredAt: sem.Date.Time().Add(10 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			return evs
		}
	}
	warned := func(e domain.Event) bool {
		for _, w := range e.(domain.Warned).Warnings() {
			if w.Rule == "R-PHASE-8" {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		name   string
		state  func(*testing.T) State
		before []step
		last   step // its event is judged
		warned bool
	}{
		{"seminar-ra-without-evaluation", phased, nil, scoredAt(ra), true},
		{"seminar-ra-evaluated-day-before", phased, []step{evaluated("2024-07-22T09:00:00Z")}, scoredAt(ra), false},
		{"seminar-ra-evaluated-on-its-day", phased, []step{evaluated("2024-07-23T23:59:59Z")}, scoredAt(ra), false},
		{"seminar-ra-evaluated-day-after", phased, []step{evaluated("2024-07-24T00:00:00Z")}, scoredAt(ra), true},
		{"seminar-aktualisasi-not-flagged", phased, nil, scoredAt(aktual), false},
		{"seminar-ra-no-phases", unphased, nil, scoredAt(ra), false},
		{"evaluation-after-seminar-ra", phased, []step{scoredAt(ra)}, evaluated("2024-07-24T00:00:00Z"), true},
		{"evaluation-on-seminar-day", phased, []step{scoredAt(ra)}, evaluated("2024-07-23T23:59:59Z"), false},
		{"second-evaluation-after-seminar-ra", phased, []step{evaluated("2024-07-10T09:00:00Z"), scoredAt(ra)}, evaluated("2024-07-30T09:00:00Z"), false},
		{"evaluation-without-seminar", phased, nil, evaluated("2024-07-30T09:00:00Z"), false},
		{"evaluation-after-seminar-no-phases", unphased, []step{scoredAt(ra)}, evaluated("2024-07-30T09:00:00Z"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.state(t)
			for _, f := range tc.before {
				s = apply(t, s, f(t, s))
			}
			evs := tc.last(t, s)
			if got := warned(evs[0]); got != tc.warned {
				t.Fatalf("R-PHASE-8 warned=%v, want %v (%+v)", got, tc.warned, evs[0])
			}
		})
	}
}
