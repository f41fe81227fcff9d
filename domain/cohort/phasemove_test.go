package cohort_test

import (
	"reflect"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// laidOut is a templated cohort whose ends_on leaves two weeks after
// klasikal's last day (2024-09-12) for moves.
func laidOut(t *testing.T) cohort.State {
	t.Helper()
	o := templated()
	o.EndsOn = "2024-09-27"
	evs, err := cohort.DecideOpen(cohort.Initial(), cohort.Open{Opened: o})
	if err != nil {
		t.Fatal(err)
	}
	return fold(evs...)
}

// TestMovePhaseAccepted: the phase and the phases after it follow as the
// template lays them out (pktbt stays alongside actualisation); the phases
// before it, and the cohort's window, stay (R-PHASE-20).
func TestMovePhaseAccepted(t *testing.T) {
	for name, tc := range map[string]struct {
		move cohort.MovePhase
		want []cohort.Phase // from the moved phase on
	}{
		"klasikal a week later": {cohort.MovePhase{Phase: "klasikal", StartsOn: "2024-09-16", Reason: "Gedung diklat dipakai"},
			[]cohort.Phase{{Phase: "klasikal", StartsOn: "2024-09-16", EndsOn: "2024-09-23"}, {Phase: "graduation", StartsOn: "2024-09-24", EndsOn: "2024-09-24"}}},
		"actualisation drags pktbt": {cohort.MovePhase{Phase: "actualization", StartsOn: "2024-07-29", Reason: "Cuti bersama"},
			[]cohort.Phase{{Phase: "actualization", StartsOn: "2024-07-29", EndsOn: "2024-09-06"}, {Phase: "pktbt", StartsOn: "2024-07-29", EndsOn: "2024-09-06"},
				{Phase: "klasikal", StartsOn: "2024-09-09", EndsOn: "2024-09-16"}, {Phase: "graduation", StartsOn: "2024-09-17", EndsOn: "2024-09-17"}}},
		"graduation past ends_on": {cohort.MovePhase{Phase: "graduation", StartsOn: "2024-10-07", Reason: "Menunggu nilai PKTBT"},
			[]cohort.Phase{{Phase: "graduation", StartsOn: "2024-10-07", EndsOn: "2024-10-07"}}},
	} {
		t.Run(name, func(t *testing.T) {
			s := laidOut(t)
			before := s.Opened.Phases
			evs, err := cohort.DecideMovePhase(s, tc.move)
			if err != nil {
				t.Fatal(err)
			}
			e := evs[0].(cohort.PhaseMoved)
			at := len(e.Phases) - len(tc.want)
			if !reflect.DeepEqual(e.Phases[at:], tc.want) || !reflect.DeepEqual(e.Phases[:at], before[:at]) {
				t.Fatalf("phases %v, want %v after %v", e.Phases, tc.want, before[:at])
			}
			if e.FromStartsOn != before[at].StartsOn || e.Reason != tc.move.Reason {
				t.Errorf("event %+v", e)
			}
			after := cohort.Evolve(s, e)
			if !reflect.DeepEqual(after.Opened.Phases, e.Phases) || after.Window() != s.Window() || len(after.PhaseMoves) != 1 {
				t.Errorf("state after the move: phases %v, window %v", after.Opened.Phases, after.Window())
			}
			if !reflect.DeepEqual(s.Opened.Phases, before) {
				t.Errorf("the state before the move changed")
			}
			// The same move again is a repeat with the same natural id.
			again, err := cohort.DecideMovePhase(after, tc.move)
			if err != nil || !reflect.DeepEqual(again[0], e) {
				t.Fatalf("repeat: %v %v", again, err)
			}
			if k1, k2 := cohort.PhaseMoveKey(s, tc.move), cohort.PhaseMoveKey(after, tc.move); k1 != k2 {
				t.Errorf("keys %s and %s: a retry derives other ids", k1, k2)
			}
		})
	}
}

// TestMovePhaseRefused: one row per limit of R-PHASE-20.
func TestMovePhaseRefused(t *testing.T) {
	move := func(phase string, on domain.Date) cohort.MovePhase {
		return cohort.MovePhase{Phase: phase, StartsOn: on, Reason: "Perubahan jadwal"}
	}
	withSession := func(t *testing.T) cohort.State {
		s := laidOut(t)
		evs, err := cohort.DecideSession(s, cohort.SessionScheduled{SessionID: "k1", Mode: cohort.ModeKlasikal, Date: "2024-09-05", JP: 10, Title: "Klasikal 1"})
		if err != nil {
			t.Fatal(err)
		}
		return fold(append([]domain.Event{*s.Opened}, evs...)...)
	}
	for name, tc := range map[string]struct {
		state       func(*testing.T) cohort.State
		move        cohort.MovePhase
		code        domain.Code
		rule, field string
	}{
		"no reason":            {laidOut, cohort.MovePhase{Phase: "klasikal", StartsOn: "2024-09-16"}, domain.CodeInvalid, "R-PHASE-20", "reason"},
		"reason with a NUL":    {laidOut, cohort.MovePhase{Phase: "klasikal", StartsOn: "2024-09-16", Reason: "a\x00b"}, domain.CodeInvalid, "R-INPUT-2", "reason"},
		"unknown phase":        {laidOut, move("orientation", "2024-09-16"), domain.CodeInvalid, "R-PHASE-20", "phase"},
		"pktbt alone":          {laidOut, move("pktbt", "2024-07-29"), domain.CodeInvalid, "R-PHASE-20", "phase"},
		"not a date":           {laidOut, move("klasikal", "16-09-2024"), domain.CodeInvalid, "", "starts_on"},
		"saturday":             {laidOut, move("klasikal", "2024-09-14"), domain.CodeInvalid, "R-PHASE-20", "starts_on"},
		"holiday":              {laidOut, cohort.MovePhase{Phase: "klasikal", StartsOn: "2024-09-16", Reason: "x", Holidays: map[domain.Date]bool{"2024-09-16": true}}, domain.CodeInvalid, "R-PHASE-20", "starts_on"},
		"where it is":          {laidOut, move("klasikal", "2024-09-05"), domain.CodeInvalid, "R-PHASE-20", "starts_on"},
		"before the one prior": {laidOut, move("klasikal", "2024-09-04"), domain.CodeInvalid, "R-PHASE-20", "starts_on"},
		"mooc before cohort":   {laidOut, move("mooc", "2024-05-31"), domain.CodeInvalid, "R-PHASE-20", "starts_on"},
		"past ends_on":         {laidOut, move("klasikal", "2024-09-23"), domain.CodeInvalid, "R-PHASE-20", "starts_on"},
		"graduation too late":  {laidOut, move("graduation", "2025-10-06"), domain.CodeInvalid, "R-DATE-6", "starts_on"},
		"session in the span":  {withSession, move("klasikal", "2024-09-16"), domain.CodeConflict, "R-PHASE-20", ""},
		"decided cohort": {func(t *testing.T) cohort.State {
			return cohort.Evolve(laidOut(t), cohort.GraduationMeetingHeld{MeetingRef: "BA-1", DecidedOn: "2024-09-13"})
		}, move("graduation", "2024-09-16"), domain.CodeConflict, "R-PHASE-20", ""},
		"no template":    {func(*testing.T) cohort.State { return fold(opened("III")) }, move("klasikal", "2024-09-16"), domain.CodeConflict, "R-PHASE-20", ""},
		"no such cohort": {func(*testing.T) cohort.State { return cohort.Initial() }, move("klasikal", "2024-09-16"), domain.CodeNotFound, "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := cohort.DecideMovePhase(tc.state(t), tc.move)
			wantRefusal(t, err, tc.code, tc.rule, tc.field)
		})
	}
	// A session before the span does not hold the move back.
	if _, err := cohort.DecideMovePhase(withSession(t), move("graduation", "2024-09-16")); err != nil {
		t.Errorf("graduation after the session: %v", err)
	}
}

// TestMovedBackIsANewMove: moving a phase back where it was is a new move
// with its own natural id.
func TestMovedBackIsANewMove(t *testing.T) {
	s := laidOut(t)
	there := cohort.MovePhase{Phase: "graduation", StartsOn: "2024-09-16", Reason: "Rapat ditunda"}
	back := cohort.MovePhase{Phase: "graduation", StartsOn: "2024-09-13", Reason: "Rapat sesuai jadwal"}
	keys := map[string]bool{}
	for _, m := range []cohort.MovePhase{there, back, there} {
		keys[cohort.PhaseMoveKey(s, m)] = true
		evs, err := cohort.DecideMovePhase(s, m)
		if err != nil {
			t.Fatal(err)
		}
		s = cohort.Evolve(s, evs[0])
	}
	if len(keys) != 3 || len(s.PhaseMoves) != 3 || s.Opened.Phases[5].StartsOn != "2024-09-16" {
		t.Fatalf("keys %v, moves %d, graduation %v", keys, len(s.PhaseMoves), s.Opened.Phases[5])
	}
}

// TestOpeningAgainAfterAMove: the same opening asked after a move is still
// a repeat (its layout is the one in force), not a conflict.
func TestOpeningAgainAfterAMove(t *testing.T) {
	s := laidOut(t)
	evs, err := cohort.DecideMovePhase(s, cohort.MovePhase{Phase: "klasikal", StartsOn: "2024-09-16", Reason: "Gedung dipakai"})
	if err != nil {
		t.Fatal(err)
	}
	s = cohort.Evolve(s, evs[0])
	o := templated()
	o.EndsOn = "2024-09-27"
	if _, err := cohort.DecideOpen(s, cohort.Open{Opened: o}); err != nil {
		t.Fatalf("the same opening after a move: %v", err)
	}
}

// TestDefaultSessionsMoveWithTheirPhase: the template's default sessions in
// the span that moves are dated again on the moved layout, in the move's
// own event (R-PHASE-20, R-PHASE-21); those before it stay, and a session
// the institution scheduled itself in the span still holds the move back.
func TestDefaultSessionsMoveWithTheirPhase(t *testing.T) {
	o := templated()
	o.EndsOn, o.DefaultSessions = "2024-09-27", true
	opening, err := cohort.DecideOpen(cohort.Initial(), cohort.Open{Opened: o})
	if err != nil {
		t.Fatal(err)
	}
	s := fold(opening...)
	move := cohort.MovePhase{Phase: "klasikal", StartsOn: "2024-09-16", Reason: "Gedung diklat dipakai"}
	evs, err := cohort.DecideMovePhase(s, move)
	if err != nil {
		t.Fatal(err)
	}
	e := evs[0].(cohort.PhaseMoved)
	want := []domain.Date{"2024-09-16", "2024-09-17", "2024-09-18", "2024-09-19", "2024-09-20", "2024-09-23"}
	if len(e.Sessions) != len(want) {
		t.Fatalf("sessions moved %v, want the six klasikal days", e.Sessions)
	}
	after := cohort.Evolve(s, e)
	for i, d := range want {
		id := cohort.DefaultSessionID(o.CohortID, "klasikal-"+string(rune('1'+i)))
		ss, ok := after.Session(id)
		if !ok || ss.Date != d || ss.Mode != cohort.ModeKlasikal {
			t.Errorf("session %s: %+v, want it on %s", id, ss, d)
		}
		if before, _ := s.Session(id); before.Date == d {
			t.Errorf("the state before the move changed: %s on %s", id, before.Date)
		}
	}
	if a, b := after.Sessions[0], s.Sessions[0]; a != b {
		t.Errorf("an e-learning session moved: %+v, was %+v", a, b)
	}
	own, err := cohort.DecideSession(s, cohort.SessionScheduled{SessionID: "tambahan", Mode: cohort.ModeKlasikal, Date: "2024-09-06", JP: 2, Title: "Tambahan"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = cohort.DecideMovePhase(cohort.Evolve(s, own[0]), move)
	wantRefusal(t, err, domain.CodeConflict, "R-PHASE-20", "")
}
