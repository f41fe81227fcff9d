package cohort_test

import (
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// blendedCohort is a cohort opened with the blended template from Monday
// 2024-06-03, no holidays: mooc 06-03..06-24, elearning 06-25..07-24,
// actualization and pktbt 07-25..09-04, klasikal 09-05..09-12 (ends_on),
// graduation 09-13.
func blendedCohort(t *testing.T) cohort.State {
	t.Helper()
	o := opened("III")
	o.EndsOn, o.Template = "", cohort.TemplateBlended
	evs, err := cohort.DecideOpen(cohort.Initial(), cohort.Open{Opened: o})
	if err != nil {
		t.Fatal(err)
	}
	s := fold(evs...)
	for _, want := range []cohort.Phase{
		{Phase: "mooc", StartsOn: "2024-06-03", EndsOn: "2024-06-24"},
		{Phase: "elearning", StartsOn: "2024-06-25", EndsOn: "2024-07-24"},
		{Phase: "actualization", StartsOn: "2024-07-25", EndsOn: "2024-09-04"},
		{Phase: "klasikal", StartsOn: "2024-09-05", EndsOn: "2024-09-12"},
	} {
		if got, ok := s.PhaseOf(want.Phase); !ok || got != want {
			t.Fatalf("PhaseOf(%s)=%v, %v; want %v", want.Phase, got, ok, want)
		}
	}
	if s.Opened.EndsOn != "2024-09-12" {
		t.Fatalf("ends_on %s", s.Opened.EndsOn)
	}
	return s
}

// movedKlasikal is blendedCohort with klasikal moved a week later, past
// ends_on: what an institution moving a phase leaves.
func movedKlasikal(t *testing.T) cohort.State {
	s := blendedCohort(t)
	o := *s.Opened
	o.Phases = append([]cohort.Phase(nil), o.Phases...)
	for i, p := range o.Phases {
		if p.Phase == cohort.PhaseKlasikal {
			o.Phases[i] = cohort.Phase{Phase: p.Phase, StartsOn: "2024-09-12", EndsOn: "2024-09-19"}
		}
	}
	s.Opened = &o
	return s
}

// TestSessionInItsPhase is R-PHASE-4: a synchronous session is held in
// distance learning (e-learning to the end of the actualisation), a
// klasikal session in klasikal, boundary days included; R-DATE-2 still
// judges the training's window first; a cohort without phases keeps
// R-DATE-2 only.
func TestSessionInItsPhase(t *testing.T) {
	plain := fold(opened("III"))
	plain.Opened.EndsOn = "2024-09-12"
	for _, tc := range []struct {
		name  string
		state cohort.State
		mode  string
		date  domain.Date
		rule  string // "" accepted
	}{
		{"synchronous-in-mooc-R-PHASE-4", blendedCohort(t), cohort.ModeSynchronous, "2024-06-24", "R-PHASE-4"},
		{"synchronous-elearning-first-day", blendedCohort(t), cohort.ModeSynchronous, "2024-06-25", ""},
		{"synchronous-actualization-last-day", blendedCohort(t), cohort.ModeSynchronous, "2024-09-04", ""},
		{"synchronous-in-klasikal-R-PHASE-4", blendedCohort(t), cohort.ModeSynchronous, "2024-09-05", "R-PHASE-4"},
		{"klasikal-before-klasikal-R-PHASE-4", blendedCohort(t), cohort.ModeKlasikal, "2024-09-04", "R-PHASE-4"},
		{"klasikal-first-day", blendedCohort(t), cohort.ModeKlasikal, "2024-09-05", ""},
		{"klasikal-last-day", blendedCohort(t), cohort.ModeKlasikal, "2024-09-12", ""},
		{"klasikal-after-ends-on-R-DATE-2", blendedCohort(t), cohort.ModeKlasikal, "2024-09-13", "R-DATE-2"},
		{"klasikal-in-mooc-R-PHASE-4", blendedCohort(t), cohort.ModeKlasikal, "2024-06-10", "R-PHASE-4"},
		{"no-phases-synchronous-on-day-one", plain, cohort.ModeSynchronous, "2024-06-03", ""},
		{"no-phases-klasikal-in-june", plain, cohort.ModeKlasikal, "2024-06-10", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := cohort.SessionScheduled{SessionID: "s-1", Mode: tc.mode, Date: tc.date, JP: 2, Title: "Sesi"}
			_, err := cohort.DecideSession(tc.state, ss)
			if tc.rule == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRefusal(t, err, domain.CodeInvalid, tc.rule, "date")
		})
	}
}

// TestSeminarInItsPhase is R-PHASE-4 for seminars: seminar R.A in
// e-learning, the seminar aktualisasi in klasikal.
func TestSeminarInItsPhase(t *testing.T) {
	s := blendedCohort(t)
	for _, tc := range []struct {
		phase string
		date  domain.Date
		ok    bool
	}{
		{cohort.PhaseElearning, "2024-06-24", false},
		{cohort.PhaseElearning, "2024-06-25", true},
		{cohort.PhaseElearning, "2024-07-24", true},
		{cohort.PhaseElearning, "2024-07-25", false},
		{cohort.PhaseKlasikal, "2024-09-04", false},
		{cohort.PhaseKlasikal, "2024-09-09", true},
		{cohort.PhaseKlasikal, "2024-09-12", true},
	} {
		err := s.CheckWithinPhase(tc.phase, "a seminar", tc.date)
		if tc.ok {
			if err != nil {
				t.Errorf("%s on %s refused: %v", tc.phase, tc.date, err)
			}
			continue
		}
		wantRefusal(t, err, domain.CodeInvalid, "R-PHASE-4", "date")
	}
	if err := fold(opened("III")).CheckWithinPhase(cohort.PhaseKlasikal, "a seminar", "2024-06-03"); err != nil {
		t.Errorf("a cohort without phases is not judged: %v", err)
	}
}

// TestMeetingAfterTraining is R-PHASE-6 with R-DATE-4: the first meeting
// is held on or after the training's last day, klasikal's when a moved
// klasikal ends after ends_on; a repeat meeting is R-REM-4's to judge.
func TestMeetingAfterTraining(t *testing.T) {
	for _, tc := range []struct {
		name   string
		state  cohort.State
		on     domain.Date
		repeat bool
		rule   string
	}{
		{"on-klasikal-last-day", blendedCohort(t), "2024-09-12", false, ""},
		{"in-graduation-phase", blendedCohort(t), "2024-09-13", false, ""},
		{"before-ends-on-R-DATE-4", blendedCohort(t), "2024-09-11", false, "R-DATE-4"},
		{"moved-klasikal-R-PHASE-6", movedKlasikal(t), "2024-09-12", false, "R-PHASE-6"},
		{"moved-klasikal-day-before-end-R-PHASE-6", movedKlasikal(t), "2024-09-18", false, "R-PHASE-6"},
		{"moved-klasikal-last-day", movedKlasikal(t), "2024-09-19", false, ""},
		{"repeat-not-judged-here", movedKlasikal(t), "2024-09-13", true, ""},
		{"no-phases-on-ends-on", fold(opened("III")), "2024-08-15", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cohort.DecideMeeting(tc.state, cohort.GraduationMeetingHeld{MeetingRef: "BA-1", DecidedOn: tc.on, Redecision: tc.repeat})
			if tc.rule == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRefusal(t, err, domain.CodeInvalid, tc.rule, "decided_on")
		})
	}
}

// TestRemedialDeadlineFromTrainingEnd is R-PHASE-7: R-REM-2's week (and
// R-REM-3's, without a later deadline recorded) counts from the training's
// last day: ends_on, or klasikal's last day when moved past it.
func TestRemedialDeadlineFromTrainingEnd(t *testing.T) {
	for _, tc := range []struct {
		name  string
		state cohort.State
		ends  domain.Date
	}{
		{"template", blendedCohort(t), "2024-09-12"},
		{"moved-klasikal", movedKlasikal(t), "2024-09-19"},
		{"no-phases", fold(opened("III")), "2024-08-15"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.state.TrainingEnds(); got != tc.ends {
				t.Fatalf("TrainingEnds()=%s, want %s", got, tc.ends)
			}
			want := tc.ends.AddDays(7)
			if got := tc.state.RemedialDeadlineUnder("R-REM-2"); got != want {
				t.Errorf("R-REM-2 deadline %s, want %s", got, want)
			}
			if got := tc.state.RemedialDeadlineUnder("R-REM-3"); got != want {
				t.Errorf("R-REM-3 deadline %s, want %s", got, want)
			}
		})
	}
}

// TestEnrolmentCarriesPhases: the enrolment copies the cohort's phases
// (so the participant's stream judges R-PHASE-2..5 folding alone); an
// enrolment recorded before it did is repeated by the same details.
func TestEnrolmentCarriesPhases(t *testing.T) {
	s := blendedCohort(t)
	evs, err := cohort.DecideEnrol(s, enrolCmd(1, "III"))
	if err != nil {
		t.Fatal(err)
	}
	en := evs[0].(cohort.ParticipantEnrolled)
	if len(en.Phases) != 6 {
		t.Fatalf("enrolment phases %v", en.Phases)
	}
	if k, ok := en.PhaseOf(cohort.PhaseKlasikal); !ok || k.StartsOn != "2024-09-05" {
		t.Fatalf("enrolment's klasikal %v %v", k, ok)
	}
	old := en
	old.Phases = nil
	again, err := cohort.DecideEnrol(cohort.Evolve(s, old), enrolCmd(1, "III"))
	if err != nil || again[0].(cohort.ParticipantEnrolled).Phases != nil {
		t.Fatalf("an enrolment without phases asked again: %v %v", again, err)
	}
}
