package participant

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// t0 is when the test MOOC begins; every trophy and attempt is later.
var t0 = time.Date(2024, 6, 10, 8, 0, 0, 0, time.UTC)

// catalogue50 offers 3 kebijakan, 30 substansi_1 in agendas 1-3 (21 required
// by R-TRO-3) plus 5 in agenda IV, and 12 substansi_2: 50 in all.
func catalogue50() domain.Catalogue {
	return domain.Catalogue{
		domain.Kebijakan:  {0: 3},
		domain.Substansi1: {1: 10, 2: 10, 3: 10, 4: 5},
		domain.Substansi2: {1: 3, 2: 3, 3: 3, 4: 3},
	}
}

// catalogue65 offers more than R-TRO-1's 50: 5 kebijakan, 40 substansi_1 (30
// in agendas 1-3) and 20 substansi_2.
func catalogue65() domain.Catalogue {
	return domain.Catalogue{
		domain.Kebijakan:  {0: 5},
		domain.Substansi1: {1: 10, 2: 10, 3: 10, 4: 10},
		domain.Substansi2: {1: 5, 2: 5, 3: 5, 4: 5},
	}
}

func enrolment(c domain.Catalogue) cohort.ParticipantEnrolled {
	return cohort.ParticipantEnrolled{
		CohortID: "latsar-2024-01", NIP: "199901012024011001", Name: "Peserta 1", Golongan: "III",
		Agency: "pemkab-probolinggo", InstitutionID: "bpsdm-jatim", Catalogue: c, Ruleset: domain.Ruleset,
	}
}

// apply folds events into s with Evolve.
func apply(t *testing.T, s State, events []domain.Event) State {
	t.Helper()
	for _, e := range events {
		s = Evolve(s, e)
	}
	return s
}

// enrolled is a participant enrolled with catalogue c and nothing else.
func enrolled(t *testing.T, c domain.Catalogue) State {
	t.Helper()
	events, err := DecideEnrolment(Initial(), enrolment(c))
	if err != nil {
		t.Fatalf("DecideEnrolment: %v", err)
	}
	return apply(t, Initial(), events)
}

// grant is n trophies of material m in agenda a.
type grant struct {
	m      domain.Material
	agenda int
	n      int
}

// trophyCmd claims a trophy for activity id.
func trophyCmd(id string, m domain.Material, agenda int, at time.Time) EarnTrophy {
	return EarnTrophy{TrophyEarned{ActivityID: id, Material: m, Agenda: agenda, EarnedAt: at}}
}

// earn claims the granted trophies one activity at a time through DecideTrophy.
func earn(t *testing.T, s State, gs ...grant) State {
	t.Helper()
	for _, g := range gs {
		for range g.n {
			id := fmt.Sprintf("act-%s-%d-%02d", g.m, g.agenda, s.Tally.Of(g.m, g.agenda)+1)
			events, err := DecideTrophy(s, trophyCmd(id, g.m, g.agenda, t0.Add(time.Duration(s.Total)*time.Minute)))
			if err != nil {
				t.Fatalf("earn %s: %v", id, err)
			}
			s = apply(t, s, events)
		}
	}
	return s
}

// minimums28 is exactly R-TRO-2..5 under catalogue50 or catalogue65:
// kebijakan 2, substansi_1 21 in agendas 1-3, substansi_2 5 in agendas 1-3.
var minimums28 = []grant{
	{domain.Kebijakan, 0, 2},
	{domain.Substansi1, 1, 10}, {domain.Substansi1, 2, 10}, {domain.Substansi1, 3, 1},
	{domain.Substansi2, 1, 3}, {domain.Substansi2, 2, 2},
}

// withTotal is a participant under catalogue65 holding n trophies (28..50)
// that meet every minimum: minimums28, then more where the catalogue still offers.
func withTotal(t *testing.T, n int) State {
	t.Helper()
	s := earn(t, enrolled(t, catalogue65()), minimums28...)
	c := s.Enrolment.Catalogue
	for _, m := range domain.Materials {
		for a := 0; a <= domain.MaxAgenda && s.Total < n; a++ {
			for s.Total < n && s.Tally.Of(m, a) < c.Offered(m, a) {
				s = earn(t, s, grant{m, a, 1})
			}
		}
	}
	if got, want := s.Total, n; got != want {
		t.Fatalf("built %d trophies, want %d", got, want)
	}
	return s
}

func attemptCmd(id string, s1, s2 domain.Score) AttemptPosttest {
	return AttemptPosttest{AttemptID: id, Substansi1: s1, Substansi2: s2, TakenAt: t0.Add(24 * time.Hour)}
}

// attempt takes a posttest attempt through DecidePosttest and folds it.
func attempt(t *testing.T, s State, s1, s2 domain.Score) State {
	t.Helper()
	// Taken in the order they are recorded, each a minute after the last and
	// before attemptCmd's time (R-POST-2 numbers attempts by taken_at).
	c := attemptCmd(fmt.Sprintf("attempt-%d", len(s.Attempts)+1), s1, s2)
	c.TakenAt = t0.Add(time.Hour + time.Duration(len(s.Attempts))*time.Minute)
	events, err := DecidePosttest(s, c)
	if err != nil {
		t.Fatalf("attempt %d: %v", len(s.Attempts)+1, err)
	}
	return apply(t, s, events)
}

// wantRefusal checks err is a *domain.Error with the code, and the rule and
// field when they are given.
func wantRefusal(t *testing.T, err error, code domain.Code, rule, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted, want %s refusal (%s)", code, rule)
	}
	e, ok := domain.AsError(err)
	if !ok {
		t.Fatalf("error %T %v, want *domain.Error", err, err)
	}
	if got, want := e.Code, code; got != want {
		t.Fatalf("code=%q, want %q (%v)", got, want, err)
	}
	if got, want := e.Rule, rule; want != "" && got != want {
		t.Fatalf("rule=%q, want %q (%v)", got, want, err)
	}
	if field == "" {
		return
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	if !slices.Contains(fields, field) {
		t.Fatalf("fields=%v, want %q among them (%v)", fields, field, err)
	}
}

func TestDecideEnrolment(t *testing.T) {
	tests := []struct {
		name     string
		state    func(t *testing.T) State
		event    cohort.ParticipantEnrolled
		wantCode domain.Code
	}{
		{name: "first-enrolment-recorded", state: func(t *testing.T) State { return Initial() }, event: enrolment(catalogue50())},
		{name: "same-cohort-again-is-same-event", state: func(t *testing.T) State { return enrolled(t, catalogue50()) }, event: enrolment(catalogue50())},
		{
			name:  "other-cohort-conflict",
			state: func(t *testing.T) State { return enrolled(t, catalogue50()) },
			event: func() cohort.ParticipantEnrolled {
				e := enrolment(catalogue50())
				e.CohortID = "latsar-2024-02"
				return e
			}(),
			wantCode: domain.CodeConflict,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := DecideEnrolment(tt.state(t), tt.event)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, "", "")
				return
			}
			if err != nil {
				t.Fatalf("DecideEnrolment: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events=%d, want %d", got, want)
			}
			if got, want := events[0], domain.Event(tt.event); !reflect.DeepEqual(got, want) {
				t.Fatalf("event=%+v, want %+v", got, want)
			}
		})
	}
}

func TestDecideTrophy(t *testing.T) {
	at := t0.Add(time.Hour)
	tests := []struct {
		name      string
		state     func(t *testing.T) State
		cmd       EarnTrophy
		want      *TrophyEarned // the event when accepted
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{
			name:  "first-trophy-recorded",
			state: func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:   trophyCmd("keb-1", domain.Kebijakan, 0, at),
			want:  &TrophyEarned{ActivityID: "keb-1", Material: domain.Kebijakan, Agenda: 0, EarnedAt: at},
		},
		{
			name:  "earned-at-stored-in-utc",
			state: func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:   trophyCmd("keb-1", domain.Kebijakan, 0, at.In(time.FixedZone("WIB", 7*3600))),
			want:  &TrophyEarned{ActivityID: "keb-1", Material: domain.Kebijakan, Agenda: 0, EarnedAt: at},
		},
		{
			name:  "agenda-IV-trophy-recorded",
			state: func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:   trophyCmd("s1-a4", domain.Substansi1, 4, at),
			want:  &TrophyEarned{ActivityID: "s1-a4", Material: domain.Substansi1, Agenda: 4, EarnedAt: at},
		},
		{
			name:  "trophy-50th-accepted-R-TRO-1",
			state: func(t *testing.T) State { return withTotal(t, 49) },
			cmd:   trophyCmd("s2-a4-extra", domain.Substansi2, 4, at),
			want:  &TrophyEarned{ActivityID: "s2-a4-extra", Material: domain.Substansi2, Agenda: 4, EarnedAt: at},
		},
		{
			name:     "trophy-51st-refused-R-TRO-1",
			state:    func(t *testing.T) State { return withTotal(t, 50) },
			cmd:      trophyCmd("s2-a4-extra", domain.Substansi2, 4, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-1",
		},
		{
			name:  "trophy-repeat-at-50-is-same-event-R-TRO-8",
			state: func(t *testing.T) State { return withTotal(t, 50) },
			cmd:   trophyCmd("act-kebijakan-0-01", domain.Kebijakan, 0, t0),
			want:  &TrophyEarned{ActivityID: "act-kebijakan-0-01", Material: domain.Kebijakan, Agenda: 0, EarnedAt: t0},
		},
		{
			name: "trophy-repeat-same-details-is-same-event-R-TRO-8",
			state: func(t *testing.T) State {
				s := enrolled(t, catalogue50())
				events, err := DecideTrophy(s, trophyCmd("keb-1", domain.Kebijakan, 0, at))
				if err != nil {
					t.Fatal(err)
				}
				return apply(t, s, events)
			},
			cmd:  trophyCmd("keb-1", domain.Kebijakan, 0, at),
			want: &TrophyEarned{ActivityID: "keb-1", Material: domain.Kebijakan, Agenda: 0, EarnedAt: at},
		},
		{
			name: "trophy-repeat-same-instant-other-zone-is-same-event-R-TRO-8",
			state: func(t *testing.T) State {
				s := enrolled(t, catalogue50())
				events, err := DecideTrophy(s, trophyCmd("keb-1", domain.Kebijakan, 0, at))
				if err != nil {
					t.Fatal(err)
				}
				return apply(t, s, events)
			},
			cmd:  trophyCmd("keb-1", domain.Kebijakan, 0, at.In(time.FixedZone("WITA", 8*3600))),
			want: &TrophyEarned{ActivityID: "keb-1", Material: domain.Kebijakan, Agenda: 0, EarnedAt: at},
		},
		{
			name: "trophy-repeat-other-material-conflict-R-TRO-8",
			state: func(t *testing.T) State {
				s := enrolled(t, catalogue50())
				events, err := DecideTrophy(s, trophyCmd("act-1", domain.Substansi1, 1, at))
				if err != nil {
					t.Fatal(err)
				}
				return apply(t, s, events)
			},
			cmd:      trophyCmd("act-1", domain.Substansi2, 1, at),
			wantCode: domain.CodeConflict, wantRule: "R-TRO-8",
		},
		{
			name: "trophy-repeat-other-agenda-conflict-R-TRO-8",
			state: func(t *testing.T) State {
				s := enrolled(t, catalogue50())
				events, err := DecideTrophy(s, trophyCmd("act-1", domain.Substansi1, 1, at))
				if err != nil {
					t.Fatal(err)
				}
				return apply(t, s, events)
			},
			cmd:      trophyCmd("act-1", domain.Substansi1, 2, at),
			wantCode: domain.CodeConflict, wantRule: "R-TRO-8",
		},
		{
			name: "trophy-repeat-other-time-conflict-R-TRO-8",
			state: func(t *testing.T) State {
				s := enrolled(t, catalogue50())
				events, err := DecideTrophy(s, trophyCmd("act-1", domain.Substansi1, 1, at))
				if err != nil {
					t.Fatal(err)
				}
				return apply(t, s, events)
			},
			cmd:      trophyCmd("act-1", domain.Substansi1, 1, at.Add(time.Second)),
			wantCode: domain.CodeConflict, wantRule: "R-TRO-8",
		},
		{
			name:     "kebijakan-in-agenda-1-not-offered-refused-R-TRO-8",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      trophyCmd("keb-a1", domain.Kebijakan, 1, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "agenda",
		},
		{
			name:     "substansi-1-in-agenda-0-not-offered-refused-R-TRO-8",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      trophyCmd("s1-a0", domain.Substansi1, 0, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "agenda",
		},
		{
			name: "substansi-2-agenda-not-in-catalogue-refused-R-TRO-8",
			state: func(t *testing.T) State {
				c := catalogue50()
				delete(c[domain.Substansi2], 4)
				return enrolled(t, c)
			},
			cmd:      trophyCmd("s2-a4", domain.Substansi2, 4, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "agenda",
		},
		{
			name:     "4th-kebijakan-beyond-3-offered-refused-R-TRO-8",
			state:    func(t *testing.T) State { return earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 3}) },
			cmd:      trophyCmd("keb-4", domain.Kebijakan, 0, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "agenda",
		},
		{
			name:  "3rd-kebijakan-of-3-offered-accepted-R-TRO-8",
			state: func(t *testing.T) State { return earn(t, enrolled(t, catalogue50()), grant{domain.Kebijakan, 0, 2}) },
			cmd:   trophyCmd("keb-3", domain.Kebijakan, 0, at),
			want:  &TrophyEarned{ActivityID: "keb-3", Material: domain.Kebijakan, Agenda: 0, EarnedAt: at},
		},
		{
			name:     "11th-substansi-1-in-agenda-2-beyond-offered-refused-R-TRO-8",
			state:    func(t *testing.T) State { return earn(t, enrolled(t, catalogue50()), grant{domain.Substansi1, 2, 10}) },
			cmd:      trophyCmd("s1-a2-11", domain.Substansi1, 2, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "agenda",
		},
		{
			name:     "unknown-material-refused-R-TRO-8",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      trophyCmd("x-1", "substansi_3", 1, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "material",
		},
		{
			name:     "empty-material-refused-R-TRO-8",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      trophyCmd("x-1", "", 1, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "material",
		},
		{
			name:     "agenda-5-refused-R-TRO-8",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      trophyCmd("x-1", domain.Substansi1, 5, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "agenda",
		},
		{
			name:     "agenda-negative-refused-R-TRO-8",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      trophyCmd("x-1", domain.Kebijakan, -1, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "agenda",
		},
		{
			name:     "bad-activity-id-refused-R-TRO-8",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      trophyCmd("act 1", domain.Kebijakan, 0, at),
			wantCode: domain.CodeInvalid, wantRule: "R-TRO-8", wantField: "activity_id",
		},
		{
			name:     "missing-earned-at-refused",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      trophyCmd("keb-1", domain.Kebijakan, 0, time.Time{}),
			wantCode: domain.CodeInvalid, wantField: "earned_at",
		},
		{
			name:     "not-enrolled-not-found",
			state:    func(t *testing.T) State { return Initial() },
			cmd:      trophyCmd("keb-1", domain.Kebijakan, 0, at),
			wantCode: domain.CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := DecideTrophy(tt.state(t), tt.cmd)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideTrophy: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events=%d, want %d", got, want)
			}
			if got, want := events[0], domain.Event(*tt.want); got != want {
				t.Fatalf("event=%+v, want %+v", got, want)
			}
		})
	}
}

// A trophy folded twice for the same activity counts once (R-TRO-8).
func TestEvolveTrophyRepeatCountsOnce(t *testing.T) {
	s := enrolled(t, catalogue50())
	e := TrophyEarned{ActivityID: "keb-1", Material: domain.Kebijakan, Agenda: 0, EarnedAt: t0}
	s = apply(t, s, []domain.Event{e, e})
	tests := []struct {
		name      string
		got, want int
	}{
		{name: "total", got: s.Total, want: 1},
		{name: "kebijakan-tally", got: s.Tally.Of(domain.Kebijakan, 0), want: 1},
		{name: "activities", got: len(s.Trophies), want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.got, tt.want; got != want {
				t.Fatalf("%s=%d, want %d", tt.name, got, want)
			}
		})
	}
}

func TestDecidePosttest(t *testing.T) {
	type scores struct{ s1, s2 domain.Score }
	// prior builds a state with trophies met and the given attempts taken.
	prior := func(t *testing.T, attempts ...scores) State {
		s := withTotal(t, 28)
		for _, a := range attempts {
			s = attempt(t, s, a.s1, a.s2)
		}
		return s
	}
	times := func(n int, sc scores) []scores {
		out := make([]scores, n)
		for i := range out {
			out[i] = sc
		}
		return out
	}
	low := scores{5000, 5000}
	tests := []struct {
		name       string
		prior      []scores
		cmd        AttemptPosttest
		wantNumber int
		wantWeight domain.Score
		wantCap    domain.Score
		wantCapped domain.Score
		wantResult domain.Score // after folding the event
		wantCode   domain.Code
		wantField  string
	}{
		{
			name: "attempt-1-capped-at-100-R-POST-2", cmd: attemptCmd("a", 10000, 10000),
			wantNumber: 1, wantWeight: 10000, wantCap: 10000, wantCapped: 10000, wantResult: 10000,
		},
		{
			name: "attempt-3-capped-at-100-R-POST-2", prior: times(2, low), cmd: attemptCmd("a", 10000, 10000),
			wantNumber: 3, wantWeight: 10000, wantCap: 10000, wantCapped: 10000, wantResult: 10000,
		},
		{
			name: "attempt-4-capped-at-90.01-R-POST-2", prior: times(3, low), cmd: attemptCmd("a", 10000, 10000),
			wantNumber: 4, wantWeight: 10000, wantCap: 9001, wantCapped: 9001, wantResult: 9001,
		},
		{
			name: "attempt-5-capped-at-90.01-R-POST-2", prior: times(4, low), cmd: attemptCmd("a", 10000, 10000),
			wantNumber: 5, wantWeight: 10000, wantCap: 9001, wantCapped: 9001, wantResult: 9001,
		},
		{
			name: "attempt-6-capped-at-80.01-R-POST-2", prior: times(5, low), cmd: attemptCmd("a", 10000, 10000),
			wantNumber: 6, wantWeight: 10000, wantCap: 8001, wantCapped: 8001, wantResult: 8001,
		},
		{
			name: "attempt-7-capped-at-70.01-R-POST-2", prior: times(6, low), cmd: attemptCmd("a", 10000, 10000),
			wantNumber: 7, wantWeight: 10000, wantCap: 7001, wantCapped: 7001, wantResult: 7001,
		},
		{
			name: "attempt-9-capped-at-70.01-R-POST-2", prior: times(8, low), cmd: attemptCmd("a", 10000, 10000),
			wantNumber: 9, wantWeight: 10000, wantCap: 7001, wantCapped: 7001, wantResult: 7001,
		},
		{
			name: "attempt-4-below-cap-kept-R-POST-2", prior: times(3, low), cmd: attemptCmd("a", 8000, 8000),
			wantNumber: 4, wantWeight: 8000, wantCap: 9001, wantCapped: 8000, wantResult: 8000,
		},
		{
			name: "attempt-4-exactly-at-cap-kept-R-POST-2", prior: times(3, low), cmd: attemptCmd("a", 9001, 9001),
			wantNumber: 4, wantWeight: 9001, wantCap: 9001, wantCapped: 9001, wantResult: 9001,
		},
		{
			name: "weighted-70.105-rounds-half-up-to-70.11-R-POST-3", cmd: attemptCmd("a", 7015, 7000),
			wantNumber: 1, wantWeight: 7011, wantCap: 10000, wantCapped: 7011, wantResult: 7011,
		},
		{
			name: "weighted-70-30-R-POST-3", cmd: attemptCmd("a", 6000, 8000),
			wantNumber: 1, wantWeight: 6600, wantCap: 10000, wantCapped: 6600, wantResult: 6600,
		},
		{
			name: "weighted-before-cap-R-POST-3", prior: times(3, low), cmd: attemptCmd("a", 10000, 9000),
			wantNumber: 4, wantWeight: 9700, wantCap: 9001, wantCapped: 9001, wantResult: 9001,
		},
		{
			name: "later-lower-attempt-never-lowers-result-R-POST-2", prior: []scores{{10000, 10000}}, cmd: attemptCmd("a", 5000, 5000),
			wantNumber: 2, wantWeight: 5000, wantCap: 10000, wantCapped: 5000, wantResult: 10000,
		},
		{
			name: "later-capped-attempt-never-lowers-result-R-POST-2", prior: []scores{{9500, 9500}, low, low, low, low, low}, cmd: attemptCmd("a", 10000, 10000),
			wantNumber: 7, wantWeight: 10000, wantCap: 7001, wantCapped: 7001, wantResult: 9500,
		},
		{
			name: "later-better-attempt-raises-result-R-POST-2", prior: []scores{low, {6000, 6000}}, cmd: attemptCmd("a", 8000, 8000),
			wantNumber: 3, wantWeight: 8000, wantCap: 10000, wantCapped: 8000, wantResult: 8000,
		},
		{
			name: "repeat-attempt-same-scores-is-same-event", prior: []scores{{8000, 7000}, low},
			cmd:        AttemptPosttest{AttemptID: "attempt-1", Substansi1: 8000, Substansi2: 7000, TakenAt: t0.Add(time.Hour)},
			wantNumber: 1, wantWeight: 7700, wantCap: 10000, wantCapped: 7700, wantResult: -1,
		},
		{
			name: "repeat-attempt-other-scores-conflict", prior: []scores{{8000, 7000}},
			cmd: attemptCmd("attempt-1", 8000, 7100), wantCode: domain.CodeConflict,
		},
		{
			name: "bad-attempt-id-refused", cmd: attemptCmd("attempt 1", 8000, 7000),
			wantCode: domain.CodeInvalid, wantField: "attempt_id",
		},
		{
			name: "missing-taken-at-refused", cmd: AttemptPosttest{AttemptID: "a", Substansi1: 8000, Substansi2: 7000},
			wantCode: domain.CodeInvalid, wantField: "taken_at",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := prior(t, tt.prior...)
			events, err := DecidePosttest(s, tt.cmd)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, "", tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecidePosttest: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events=%d, want %d", got, want)
			}
			e, ok := events[0].(PosttestAttempted)
			if !ok {
				t.Fatalf("event %T, want PosttestAttempted", events[0])
			}
			if got, want := e.AttemptNumber, tt.wantNumber; got != want {
				t.Fatalf("attempt_number=%d, want %d", got, want)
			}
			if got, want := e.Weighted, tt.wantWeight; got != want {
				t.Fatalf("weighted=%v, want %v", got, want)
			}
			if got, want := e.Cap, tt.wantCap; got != want {
				t.Fatalf("cap=%v, want %v", got, want)
			}
			if got, want := e.Capped, tt.wantCapped; got != want {
				t.Fatalf("capped=%v, want %v", got, want)
			}
			if prev, repeat := s.attempt(tt.cmd.AttemptID); repeat {
				if got, want := e, prev; got != want {
					t.Fatalf("repeat answered %+v, want the recorded %+v", got, want)
				}
				return
			}
			if got, want := Evolve(s, e).Result, tt.wantResult; got != want {
				t.Fatalf("result=%v, want %v", got, want)
			}
		})
	}
}

func TestDecidePosttestNotEnrolled(t *testing.T) {
	_, err := DecidePosttest(Initial(), attemptCmd("a", 8000, 8000))
	wantRefusal(t, err, domain.CodeNotFound, "", "")
}

func TestDecideCheckIn(t *testing.T) {
	at := t0.Add(30 * 24 * time.Hour)
	passed := func(t *testing.T) State { return attempt(t, withTotal(t, 28), 7015, 7000) }
	tests := []struct {
		name      string
		state     func(t *testing.T) State
		cmd       CheckIn
		want      *KlasikalCheckedIn
		wantCode  domain.Code
		wantRule  string
		wantField string
	}{
		{
			name:     "nothing-done-refused-R-CHECKIN-1",
			state:    func(t *testing.T) State { return enrolled(t, catalogue50()) },
			cmd:      CheckIn{CheckedInAt: at},
			wantCode: domain.CodeInvalid, wantRule: "R-CHECKIN-1", wantField: "checked_in_at",
		},
		{
			name:     "trophies-met-no-posttest-refused-R-CHECKIN-1",
			state:    func(t *testing.T) State { return withTotal(t, 28) },
			cmd:      CheckIn{CheckedInAt: at},
			wantCode: domain.CodeInvalid, wantRule: "R-CHECKIN-1",
		},
		{
			name:     "trophies-met-posttest-70.00-refused-R-CHECKIN-1",
			state:    func(t *testing.T) State { return attempt(t, withTotal(t, 28), 7000, 7000) },
			cmd:      CheckIn{CheckedInAt: at},
			wantCode: domain.CodeInvalid, wantRule: "R-CHECKIN-1",
		},
		{
			name: "posttest-passed-trophies-27-refused-R-CHECKIN-1",
			state: func(t *testing.T) State {
				s := earn(t, enrolled(t, catalogue50()), minimums28[:len(minimums28)-1]...)
				s = earn(t, s, grant{domain.Substansi2, 2, 1})
				return attempt(t, s, 10000, 10000)
			},
			cmd:      CheckIn{CheckedInAt: at},
			wantCode: domain.CodeInvalid, wantRule: "R-CHECKIN-1",
		},
		{
			name:  "mooc-passed-accepted-R-CHECKIN-1",
			state: passed,
			cmd:   CheckIn{CheckedInAt: at},
			want:  &KlasikalCheckedIn{CheckedInAt: at},
		},
		{
			name:  "check-in-stored-in-utc",
			state: passed,
			cmd:   CheckIn{CheckedInAt: at.In(time.FixedZone("WIB", 7*3600))},
			want:  &KlasikalCheckedIn{CheckedInAt: at},
		},
		{
			name: "second-check-in-answers-the-first",
			state: func(t *testing.T) State {
				s := passed(t)
				events, err := DecideCheckIn(s, CheckIn{CheckedInAt: at})
				if err != nil {
					t.Fatal(err)
				}
				return apply(t, s, events)
			},
			cmd:  CheckIn{CheckedInAt: at.Add(time.Hour)},
			want: &KlasikalCheckedIn{CheckedInAt: at},
		},
		{
			name:     "missing-time-refused",
			state:    passed,
			cmd:      CheckIn{},
			wantCode: domain.CodeInvalid, wantField: "checked_in_at",
		},
		{
			name:     "not-enrolled-not-found",
			state:    func(t *testing.T) State { return Initial() },
			cmd:      CheckIn{CheckedInAt: at},
			wantCode: domain.CodeNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := DecideCheckIn(tt.state(t), tt.cmd)
			if tt.wantCode != "" {
				wantRefusal(t, err, tt.wantCode, tt.wantRule, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("DecideCheckIn: %v", err)
			}
			if got, want := len(events), 1; got != want {
				t.Fatalf("events=%d, want %d", got, want)
			}
			if got, want := events[0], domain.Event(*tt.want); got != want {
				t.Fatalf("event=%+v, want %+v", got, want)
			}
		})
	}
}
