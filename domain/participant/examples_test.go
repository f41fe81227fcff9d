package participant

import (
	"slices"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
)

// TestWorkedExamples runs rules.md §10 examples 1-5, one case each.
func TestWorkedExamples(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{
			// 1. Catalogue offers 30 substansi_1 trophies in agendas 1-3 → 21
			// required. Kebijakan 2 + substansi_1 21 + substansi_2 5 = 28 →
			// attitude 70.01; 2 full stars, 1 half star, 3 trophies.
			name: "example-1-28-trophies-attitude-70.01-R-TRO-3-R-TRO-6-R-TRO-7",
			run: func(t *testing.T) {
				c := catalogue50()
				if got, want := c.OfferedIn(domain.Substansi1, 1, 3), 30; got != want {
					t.Fatalf("offered substansi_1 in agendas 1-3=%d, want %d", got, want)
				}
				if got, want := requiredSubstansi1(c), 21; got != want {
					t.Fatalf("required substansi_1=%d, want %d", got, want)
				}
				s := earn(t, enrolled(t, c),
					grant{domain.Kebijakan, 0, 2},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 1},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 2})
				if got, want := s.Total, 28; got != want {
					t.Fatalf("total=%d, want %d", got, want)
				}
				m := EvaluateMOOC(s)
				if m.AttitudeScore == nil {
					t.Fatalf("attitude=nil, want 70.01 (unmet %v)", m.Unmet)
				}
				if got, want := *m.AttitudeScore, domain.Score(7001); got != want {
					t.Fatalf("attitude=%v, want %v", got, want)
				}
				for _, r := range m.Unmet {
					if r != "R-POST-1" {
						t.Fatalf("unmet=%v, want no trophy rule", m.Unmet)
					}
				}
				st := StandingOf(s)
				if got, want := st.MOOC.Stars, (Stars{Full: 2, Half: 1, Trophies: 3}); got != want {
					t.Fatalf("stars=%+v, want %+v", got, want)
				}
				if st.MOOC.AttitudeScore == nil || *st.MOOC.AttitudeScore != 7001 {
					t.Fatalf("standing attitude=%v, want 70.01", st.MOOC.AttitudeScore)
				}
			},
		},
		{
			// 2. Kebijakan 1 + substansi_1 22 + substansi_2 5 = 28 → no score,
			// MOOC not passed, klasikal check-in refused (R-TRO-2, R-CHECKIN-1).
			// A passing posttest is taken too, so the trophies alone refuse.
			name: "example-2-kebijakan-1-no-score-check-in-refused-R-TRO-2-R-CHECKIN-1",
			run: func(t *testing.T) {
				s := earn(t, enrolled(t, catalogue50()),
					grant{domain.Kebijakan, 0, 1},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 2},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 2})
				if got, want := s.Total, 28; got != want {
					t.Fatalf("total=%d, want %d", got, want)
				}
				for _, st := range []State{s, attempt(t, s, 10000, 10000)} {
					m := EvaluateMOOC(st)
					if m.AttitudeScore != nil {
						t.Fatalf("attitude=%v, want none", *m.AttitudeScore)
					}
					if m.Passed {
						t.Fatalf("passed=true, want false")
					}
					if !slices.Contains(m.Unmet, "R-TRO-2") {
						t.Fatalf("unmet=%v, want R-TRO-2 among them", m.Unmet)
					}
					for _, r := range []string{"R-TRO-3", "R-TRO-4", "R-TRO-5"} {
						if slices.Contains(m.Unmet, r) {
							t.Fatalf("unmet=%v, want %s met", m.Unmet, r)
						}
					}
					_, err := DecideCheckIn(st, CheckIn{CheckedInAt: t0.Add(30 * 24 * time.Hour)})
					wantRefusal(t, err, domain.CodeInvalid, "R-CHECKIN-1", "")
				}
			},
		},
		{
			// 3. 35 trophies → 92.22; 45 → 97.22; 41 → 95.00; 50 → 100.00; a
			// 51st is refused.
			name: "example-3-attitude-bands-and-51st-refused-R-TRO-7-R-TRO-1",
			run: func(t *testing.T) {
				for _, c := range []struct {
					total int
					want  domain.Score
				}{{35, 9222}, {45, 9722}, {41, 9500}, {50, 10000}} {
					m := EvaluateMOOC(withTotal(t, c.total))
					if m.AttitudeScore == nil {
						t.Fatalf("%d trophies: attitude=nil, want %v (unmet %v)", c.total, c.want, m.Unmet)
					}
					if got, want := *m.AttitudeScore, c.want; got != want {
						t.Fatalf("%d trophies: attitude=%v, want %v", c.total, got, want)
					}
				}
				s := withTotal(t, 50)
				if got, want := s.Enrolment.Catalogue.Offered(domain.Substansi2, 4)-s.Tally.Of(domain.Substansi2, 4), 5; got != want {
					t.Fatalf("still offered=%d, want %d", got, want)
				}
				_, err := DecideTrophy(s, trophyCmd("trophy-51", domain.Substansi2, 4, t0.Add(time.Hour)))
				wantRefusal(t, err, domain.CodeInvalid, "R-TRO-1", "")
			},
		},
		{
			// 4. Attempts (60, 80), (65, 70), (68, 60) → 66.00, 66.50, 65.60;
			// attempt 4 (100, 90) → 97.00, capped to 90.01; result 90.01.
			name: "example-4-fourth-attempt-capped-90.01-R-POST-2-R-POST-3",
			run: func(t *testing.T) {
				s := withTotal(t, 28)
				for i, c := range []struct {
					s1, s2           domain.Score
					weighted, capped domain.Score
				}{
					{6000, 8000, 6600, 6600},
					{6500, 7000, 6650, 6650},
					{6800, 6000, 6560, 6560},
					{10000, 9000, 9700, 9001},
				} {
					s = attempt(t, s, c.s1, c.s2)
					a := s.Attempts[len(s.Attempts)-1]
					if got, want := a.AttemptNumber, i+1; got != want {
						t.Fatalf("attempt_number=%d, want %d", got, want)
					}
					if got, want := a.Weighted, c.weighted; got != want {
						t.Fatalf("attempt %d: weighted=%v, want %v", i+1, got, want)
					}
					if got, want := a.Capped, c.capped; got != want {
						t.Fatalf("attempt %d: capped=%v, want %v", i+1, got, want)
					}
				}
				m := EvaluateMOOC(s)
				if m.Result == nil {
					t.Fatalf("result=nil, want 90.01")
				}
				if got, want := *m.Result, domain.Score(9001); got != want {
					t.Fatalf("result=%v, want %v", got, want)
				}
			},
		},
		{
			// 5. A 6th attempt (90, 85) → 88.50 → 80.01. A 7th (75, 70) → 73.50
			// → 70.01. A 7th (60, 70) → 63.00. An attempt (70.15, 70.00) →
			// 70.105 → 70.11.
			name: "example-5-sixth-and-seventh-attempts-and-half-up-R-POST-2-R-POST-3",
			run: func(t *testing.T) {
				check := func(s State, s1, s2, weighted, capped domain.Score, number int) State {
					t.Helper()
					s = attempt(t, s, s1, s2)
					a := s.Attempts[len(s.Attempts)-1]
					if got, want := a.AttemptNumber, number; got != want {
						t.Fatalf("attempt_number=%d, want %d", got, want)
					}
					if got, want := a.Weighted, weighted; got != want {
						t.Fatalf("attempt %d (%v, %v): weighted=%v, want %v", number, s1, s2, got, want)
					}
					if got, want := a.Capped, capped; got != want {
						t.Fatalf("attempt %d (%v, %v): capped=%v, want %v", number, s1, s2, got, want)
					}
					return s
				}
				five := withTotal(t, 28)
				for range 5 {
					five = attempt(t, five, 5000, 5000)
				}
				six := check(five, 9000, 8500, 8850, 8001, 6)
				check(six, 7500, 7000, 7350, 7001, 7)
				check(six, 6000, 7000, 6300, 6300, 7)
				check(withTotal(t, 28), 7015, 7000, 7011, 7011, 1)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}
