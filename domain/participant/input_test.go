package participant

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
)

// windowed is a participant whose enrolment carries the cohort's window,
// 2024-06-03..2024-08-02, as every enrolment since R-DATE-1 does.
func windowed(t *testing.T) State {
	t.Helper()
	e := enrolment(catalogue50())
	e.StartsOn, e.EndsOn = "2024-06-03", "2024-08-02"
	return apply(t, Initial(), []domain.Event{e})
}

// passedMOOC is windowed with the MOOC passed (R-POST-4), so that a check-in
// is judged by its date alone.
func passedMOOC(t *testing.T) State {
	t.Helper()
	s := earn(t, windowed(t), grant{domain.Kebijakan, 0, 2}, grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10},
		grant{domain.Substansi1, 3, 5}, grant{domain.Substansi2, 1, 3})
	events, err := DecidePosttest(s, AttemptPosttest{AttemptID: "p-1", Substansi1: 9000, Substansi2: 9000, TakenAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	return apply(t, s, events)
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The rules the ledger adds (docs/rules.md): each date lies in the cohort's
// window; text is bounded.
func TestParticipantInputRules(t *testing.T) {
	trophy := func(when string) func(State) ([]domain.Event, error) {
		return func(s State) ([]domain.Event, error) {
			return DecideTrophy(s, trophyCmd("a-"+strings.NewReplacer("+", "p", ":", "-").Replace(when), domain.Substansi1, 4, at(when)))
		}
	}
	posttest := func(when string) func(State) ([]domain.Event, error) {
		return func(s State) ([]domain.Event, error) {
			return DecidePosttest(s, AttemptPosttest{AttemptID: "p-9", Substansi1: 8000, Substansi2: 7000, TakenAt: at(when)})
		}
	}
	checkIn := func(when string) func(State) ([]domain.Event, error) {
		return func(s State) ([]domain.Event, error) { return DecideCheckIn(s, CheckIn{CheckedInAt: at(when)}) }
	}
	score := func(when, assessor string) func(State) ([]domain.Event, error) {
		return func(s State) ([]domain.Event, error) {
			return DecideScore(s, Score{ComponentScored{Component: AttitudeInstitution, Score: 8500, Assessor: assessor, AssessedAt: at(when)}})
		}
	}
	legacy := func(t *testing.T) State { return enrolled(t, catalogue50()) } // no window: not judged
	tests := []struct {
		name      string
		state     func(*testing.T) State
		decide    func(State) ([]domain.Event, error)
		wantCode  domain.Code // "" accepted
		wantRule  string
		wantField string
	}{
		{name: "trophy-2019-R-DATE-1", state: windowed, decide: trophy("2019-06-05T09:30:00Z"), wantCode: domain.CodeInvalid, wantRule: "R-DATE-1", wantField: "earned_at"},
		{name: "trophy-two-days-before-R-DATE-1", state: windowed, decide: trophy("2024-06-01T23:59:59Z"), wantCode: domain.CodeInvalid, wantRule: "R-DATE-1", wantField: "earned_at"},
		{name: "trophy-a-day-before-accepted", state: windowed, decide: trophy("2024-06-02T00:00:00Z")},
		{name: "trophy-wib-morning-of-starts-on-accepted", state: windowed, decide: trophy("2024-06-03T06:00:00+07:00")},
		{name: "trophy-a-day-after-accepted", state: windowed, decide: trophy("2024-08-03T23:59:59Z")},
		{name: "trophy-two-days-after-R-DATE-1", state: windowed, decide: trophy("2024-08-04T00:00:00Z"), wantCode: domain.CodeInvalid, wantRule: "R-DATE-1", wantField: "earned_at"},
		{name: "trophy-legacy-enrolment-not-judged", state: legacy, decide: trophy("2019-06-05T09:30:00Z")},
		{name: "posttest-2099-R-DATE-1", state: windowed, decide: posttest("2099-06-20T10:00:00Z"), wantCode: domain.CodeInvalid, wantRule: "R-DATE-1", wantField: "taken_at"},
		{name: "posttest-in-window-accepted", state: windowed, decide: posttest("2024-06-20T10:00:00Z")},
		{name: "checkin-before-window-R-DATE-1", state: passedMOOC, decide: checkIn("2024-05-01T07:30:00Z"), wantCode: domain.CodeInvalid, wantRule: "R-DATE-1", wantField: "checked_in_at"},
		{name: "checkin-in-window-accepted", state: passedMOOC, decide: checkIn("2024-07-22T07:30:00Z")},
		{name: "score-2099-R-DATE-3", state: windowed, decide: score("2099-08-01T09:00:00Z", "Penguji"), wantCode: domain.CodeInvalid, wantRule: "R-DATE-3", wantField: "assessed_at"},
		{name: "score-31-days-after-R-DATE-3", state: windowed, decide: score("2024-09-02T00:00:00Z", "Penguji"), wantCode: domain.CodeInvalid, wantRule: "R-DATE-3", wantField: "assessed_at"},
		{name: "score-30-days-after-accepted", state: windowed, decide: score("2024-09-01T23:59:59Z", "Penguji")},
		{name: "score-before-starts-on-R-DATE-3", state: windowed, decide: score("2024-06-01T09:00:00Z", "Penguji"), wantCode: domain.CodeInvalid, wantRule: "R-DATE-3", wantField: "assessed_at"},
		{name: "score-legacy-enrolment-not-judged", state: legacy, decide: score("2099-08-01T09:00:00Z", "Penguji")},
		{name: "assessor-201-R-INPUT-2", state: windowed, decide: score("2024-07-30T10:00:00Z", strings.Repeat("a", 201)), wantCode: domain.CodeInvalid, wantRule: "R-INPUT-2", wantField: "assessor"},
		{name: "assessor-nul-R-INPUT-2", state: windowed, decide: score("2024-07-30T10:00:00Z", "Pen\x00guji"), wantCode: domain.CodeInvalid, wantRule: "R-INPUT-2", wantField: "assessor"},
		{name: "closed-participant-conflict-before-dates-R-GRAD-4", state: func(t *testing.T) State {
			return apply(t, windowed(t), []domain.Event{decision(firstMeetingRef, firstMeetingOn, false, Lulus)})
		}, decide: posttest("2099-06-20T10:00:00Z"), wantCode: domain.CodeConflict, wantRule: "R-GRAD-4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := tt.decide(tt.state(t))
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
			if events != nil {
				t.Fatalf("events=%v with a refusal", events)
			}
		})
	}
}

// R-DATE-4: a redecision follows the decision it redecides.
func TestRedecisionDate(t *testing.T) {
	s := apply(t, windowed(t), []domain.Event{
		decision(firstMeetingRef, firstMeetingOn, false, Lulus),
		DisputeFiled{DisputeID: "dispute-7", DecisionEventID: "ev-1", MeetingRef: firstMeetingRef, Reason: "salah hitung", FiledBy: "peserta"},
		DisputeResolved{DisputeID: "dispute-7", Outcome: Upheld, Note: "dikabulkan"},
	})
	for on, ok := range map[domain.Date]bool{"2024-08-01": false, "2024-08-02": true, "2024-09-02": true} {
		d := decision("sengketa-1", on, true, TidakLulus)
		d.DisputeID = "dispute-7"
		_, err := DecideGraduation(s, d)
		if ok && err != nil {
			t.Errorf("redecision on %s refused: %v", on, err)
		}
		if !ok {
			wantRefusal(t, err, domain.CodeInvalid, "R-DATE-4", "decided_on")
		}
	}
}

// R-INPUT-2: corrections, disputes and resolutions carry bounded free text
// and event ids.
func TestAuditTextBounded(t *testing.T) {
	history := []domain.Identified{{ID: "ev-0", Event: enrolment(catalogue50())}}
	tests := []struct {
		name  string
		err   error
		field string
	}{
		{"correction-reason-2001", func() error {
			_, err := DecideCorrection(history, Correct{EventID: "ev-0", Reason: strings.Repeat("x", 2001)})
			return err
		}(), "reason"},
		{"correction-reason-nul", func() error {
			_, err := DecideCorrection(history, Correct{EventID: "ev-0", Reason: "salah\x00"})
			return err
		}(), "reason"},
		{"correction-event-id-long", func() error {
			_, err := DecideCorrection(history, Correct{EventID: strings.Repeat("e", 100_000), Reason: "salah"})
			return err
		}(), "event_id"},
		{"dispute-reason-bidi", func() error {
			_, err := DecideDispute(history, FileDispute{DecisionEventID: "ev-0", Reason: "salah \u202e"})
			return err
		}(), "reason"},
		{"dispute-decision-id-control", func() error {
			_, err := DecideDispute(history, FileDispute{DecisionEventID: "ev\r\n0", Reason: "salah"})
			return err
		}(), "decision_event_id"},
		{"resolution-note-2001", func() error {
			_, err := DecideResolution(Initial(), "d-1", Upheld, strings.Repeat("n", 2001))
			return err
		}(), "note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantRefusal(t, tt.err, domain.CodeInvalid, "R-INPUT-2", tt.field) })
	}
	// Free text keeps its line breaks.
	if _, err := DecideCorrection(history, Correct{EventID: "ev-0", Reason: "salah ketik:\r\n\t58 → 85"}); err == nil || strings.Contains(err.Error(), "R-INPUT-2") {
		t.Fatalf("a reason with line breaks: %v (want the enrolment's own refusal, not R-INPUT-2)", err)
	}
}

// R-INPUT-3: a catalogue recorded before the bound is read within it, so a
// participant with 5 trophies is not taken to have passed (R-TRO-3's 70% of
// 2·10^17 no longer wraps negative).
func TestOverflowingCatalogueDoesNotPass(t *testing.T) {
	c := catalogue50()
	c[domain.Substansi1][1] = 200000000000000000
	s := apply(t, Initial(), []domain.Event{enrolment(c)})
	for i := range 5 {
		s = Evolve(s, TrophyEarned{ActivityID: "s1-" + string(rune('a'+i)), Material: domain.Substansi1, Agenda: 1, EarnedAt: t0})
	}
	if m := EvaluateMOOC(s); m.Passed || !slices.Contains(m.Unmet, "R-TRO-3") {
		t.Fatalf("MOOC=%+v, want R-TRO-3 unmet", m)
	}
	if got := requiredSubstansi1(c); got <= 0 || got > domain.MaxOffered*3 {
		t.Fatalf("required=%d, want within 1..%d", got, domain.MaxOffered*3)
	}
}
