package participant

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/latsar/ledger/domain"
)

// wantExplainedLikeStanding checks that every result the explanation shows
// is the standing's own number: one computation, shown twice.
func wantExplainedLikeStanding(t *testing.T, s State) Explanation {
	t.Helper()
	x, st := Explain(s), StandingOf(s)
	if got, want := x.Trophies.Total, st.MOOC.Trophies.Total; got != want {
		t.Errorf("trophies: explained %d, standing %d", got, want)
	}
	if got, want := x.Trophies.Stars, st.MOOC.Stars; got != want {
		t.Errorf("stars: explained %+v, standing %+v", got, want)
	}
	if got, want := scoreText(x.Attitude.Score), scoreText(st.MOOC.AttitudeScore); got != want {
		t.Errorf("attitude from trophies: explained %s, standing %s", got, want)
	}
	if got, want := scoreText(x.Posttest.Result), scoreText(st.MOOC.Posttest.Result); got != want {
		t.Errorf("posttest result: explained %s, standing %s", got, want)
	}
	if got, want := len(x.Posttest.Attempts), len(st.MOOC.Posttest.Attempts); got != want {
		t.Fatalf("attempts: explained %d, standing %d", got, want)
	}
	for i, a := range x.Posttest.Attempts {
		b := st.MOOC.Posttest.Attempts[i]
		if got, want := [4]any{a.AttemptNumber, a.Weighted, a.Cap, a.Capped}, [4]any{b.AttemptNumber, b.WeightedScore, b.Cap, b.CappedScore}; got != want {
			t.Errorf("attempt %d (number, weighted, cap, capped): explained %v, standing %v", i+1, got, want)
		}
	}
	if got, want := x.MOOC.Passed, st.MOOC.Passed; got != want {
		t.Errorf("mooc passed: explained %v, standing %v", got, want)
	}
	if got, want := x.MOOC.Unmet, st.MOOC.UnmetRules; !slices.Equal(got, want) {
		t.Errorf("mooc unmet: explained %v, standing %v", got, want)
	}
	a := st.Attendance
	if got, want := [3]int{x.Attendance.Limits[0].Absent, x.Attendance.Limits[1].Absent, x.Attendance.Limits[2].Absent}, [3]int{a.AbsentSessions, a.AbsentJP, a.AbsentDays}; got != want {
		t.Errorf("absences (sessions, JP, days): explained %v, standing %v", got, want)
	}
	if got, want := x.Attendance.LimitBroken, a.LimitBroken; got != want {
		t.Errorf("attendance broken: explained %v, standing %v", got, want)
	}
	for i, c := range AllComponents {
		if got, want := scoreText(x.Components[i].Score), scoreText(st.Components.Get(c)); got != want {
			t.Errorf("%s: explained %s, standing %s", c, got, want)
		}
	}
	for i, asp := range AllAspects {
		xa := x.Aspects[i]
		if got, want := gradedText(Graded{Score: xa.Score, Qualification: xa.Qualification}), gradedText(st.Aspects.Get(asp)); got != want {
			t.Errorf("aspect %s: explained %s, standing %s", asp, got, want)
		}
	}
	if got, want := gradedText(Graded{Score: x.Final.Score, Qualification: x.Final.Qualification}), gradedText(st.Final); got != want {
		t.Errorf("final: explained %s, standing %s", got, want)
	}
	if got, want := [2]string{x.Outcome.Status, x.Outcome.Result}, [2]string{st.Outcome.Status, st.Outcome.Result}; got != want {
		t.Errorf("outcome: explained %v, standing %v", got, want)
	}
	if got, want := x.Outcome.Rules, st.Outcome.Rules; !slices.Equal(got, want) {
		t.Errorf("outcome rules: explained %v, standing %v", got, want)
	}
	return x
}

func wantText(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}

// hits lists the checks that hit, as "rule test subject".
func hits(cs []Check) []string {
	var out []string
	for _, c := range cs {
		if c.Hit {
			out = append(out, strings.TrimSpace(c.Rule+" "+c.Test+" "+c.Subject))
		}
	}
	return out
}

// TestExplainWorkedExamples explains rules.md §10 examples 1-9: the
// derivation shown, and every result equal to the standing's.
func TestExplainWorkedExamples(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{
			// 1. 30 substansi_1 offered in agendas 1-3 → 21 required; 28 trophies → 70.01.
			name: "example-1-minimums-met-band-28-attitude-70.01",
			run: func(t *testing.T) {
				s := earn(t, enrolled(t, catalogue50()), minimums28...)
				x := wantExplainedLikeStanding(t, s)
				want := []Minimum{
					{Rule: "R-TRO-2", Material: "kebijakan", Required: 2, Count: 2, Met: true},
					{Rule: "R-TRO-3", Material: "substansi_1", FromAgenda: 1, ToAgenda: 3, Offered: 30, Percent: 70, Required: 21, Count: 21, Met: true},
					{Rule: "R-TRO-4", Material: "substansi_2", FromAgenda: 1, ToAgenda: 3, Required: 3, Count: 5, Met: true},
					{Rule: "R-TRO-5", ToAgenda: 4, Required: 28, Count: 28, Met: true},
				}
				if got := x.Trophies.Minimums; !slices.Equal(got, want) {
					t.Errorf("minimums:\n got %+v\nwant %+v", got, want)
				}
				if got, want := *x.Attitude.Band, (TrophyBand{From: 28, To: 28, Lowest: 7001, Highest: 7001}); got != want {
					t.Errorf("band: got %+v, want %+v", got, want)
				}
				wantText(t, "formula", x.Attitude.Formula, "28 → 70.01")
				if got, want := x.Trophies.Stars, (Stars{Full: 2, Half: 1, Trophies: 3}); got != want {
					t.Errorf("stars: got %+v, want %+v", got, want)
				}
				if got, want := x.MOOC.Unmet, []string{"R-POST-1"}; !slices.Equal(got, want) {
					t.Errorf("unmet: got %v, want %v", got, want)
				}
			},
		},
		{
			// 2. Kebijakan 1 + 22 + 5 = 28 → no score, MOOC not passed (R-TRO-2).
			name: "example-2-kebijakan-1-missed-no-band-no-score",
			run: func(t *testing.T) {
				s := earn(t, enrolled(t, catalogue50()),
					grant{domain.Kebijakan, 0, 1},
					grant{domain.Substansi1, 1, 10}, grant{domain.Substansi1, 2, 10}, grant{domain.Substansi1, 3, 2},
					grant{domain.Substansi2, 1, 3}, grant{domain.Substansi2, 2, 2})
				s = attempt(t, s, 10000, 10000)
				x := wantExplainedLikeStanding(t, s)
				if got, want := x.Trophies.Minimums[0], (Minimum{Rule: "R-TRO-2", Material: "kebijakan", Required: 2, Count: 1}); got != want {
					t.Errorf("R-TRO-2: got %+v, want %+v", got, want)
				}
				if x.Attitude.Score != nil || x.Attitude.Band != nil || x.Attitude.Formula != "" {
					t.Errorf("attitude: got score %s band %v formula %q, want none", scoreText(x.Attitude.Score), x.Attitude.Band, x.Attitude.Formula)
				}
				if got, want := x.Attitude.Unmet, []string{"R-TRO-2"}; !slices.Equal(got, want) {
					t.Errorf("attitude unmet: got %v, want %v", got, want)
				}
				if x.MOOC.Passed || !x.Posttest.Passed {
					t.Errorf("mooc passed %v, posttest passed %v: want false, true", x.MOOC.Passed, x.Posttest.Passed)
				}
			},
		},
		{
			// 3. 35 → 92.22; 45 → 97.22; 41 → 95.00; 50 → 100.00.
			name: "example-3-interpolation-within-each-band",
			run: func(t *testing.T) {
				for _, tc := range []struct {
					total   int
					band    TrophyBand
					formula string
				}{
					{35, TrophyBand{31, 40, 9000, 9500}, "90.00 + (95.00 − 90.00) × (35 − 31) / (40 − 31) = 92.2222… → 92.22"},
					{45, TrophyBand{41, 50, 9500, 10000}, "95.00 + (100.00 − 95.00) × (45 − 41) / (50 − 41) = 97.2222… → 97.22"},
					{41, TrophyBand{41, 50, 9500, 10000}, "95.00 + (100.00 − 95.00) × (41 − 41) / (50 − 41) = 95.00"},
					{50, TrophyBand{41, 50, 9500, 10000}, "95.00 + (100.00 − 95.00) × (50 − 41) / (50 − 41) = 100.00"},
					{29, TrophyBand{29, 30, 8000, 9000}, "80.00 + (90.00 − 80.00) × (29 − 29) / (30 − 29) = 80.00"},
				} {
					x := wantExplainedLikeStanding(t, withTotal(t, tc.total))
					if x.Attitude.Band == nil || *x.Attitude.Band != tc.band {
						t.Errorf("%d: band %v, want %+v", tc.total, x.Attitude.Band, tc.band)
					}
					wantText(t, fmt.Sprintf("%d trophies", tc.total), x.Attitude.Formula, tc.formula)
				}
			},
		},
		{
			// 4. Attempts (60, 80), (65, 70), (68, 60) → 66.00, 66.50, 65.60;
			// attempt 4 (100, 90) → 97.00, capped to 90.01; result 90.01.
			name: "example-4-weighted-capped-best",
			run: func(t *testing.T) {
				s := enrolled(t, catalogue50())
				for _, a := range [][2]domain.Score{{6000, 8000}, {6500, 7000}, {6800, 6000}, {10000, 9000}} {
					s = attempt(t, s, a[0], a[1])
				}
				x := wantExplainedLikeStanding(t, s)
				want := []string{
					"(70 × 60.00 + 30 × 80.00) / 100 = 66.00; min(66.00, 100.00) = 66.00",
					"(70 × 65.00 + 30 × 70.00) / 100 = 66.50; min(66.50, 100.00) = 66.50",
					"(70 × 68.00 + 30 × 60.00) / 100 = 65.60; min(65.60, 100.00) = 65.60",
					"(70 × 100.00 + 30 × 90.00) / 100 = 97.00; min(97.00, 90.01) = 90.01",
				}
				for i, a := range x.Posttest.Attempts {
					wantText(t, fmt.Sprintf("attempt %d", i+1), a.Formula, want[i])
					if got, want := a.Best, i == 3; got != want {
						t.Errorf("attempt %d best=%v, want %v", i+1, got, want)
					}
				}
				if got, want := x.Posttest.Attempts[3].Tier, (CapTier{From: 4, To: 5, Cap: 9001}); got != want {
					t.Errorf("attempt 4 tier: got %+v, want %+v", got, want)
				}
				wantText(t, "result", scoreText(x.Posttest.Result), "90.01")
				if c := x.Components[2]; c.Component != AcademicMOOC || c.Source != SourcePosttest || !slices.Contains(c.Rules, "R-POST-2") {
					t.Errorf("academic_mooc: got %+v, want from the posttest (R-POST-2)", c)
				}
			},
		},
		{
			// 5. A 6th attempt (90, 85) → 88.50 → 80.01. A 7th (75, 70) → 73.50 →
			// 70.01. An attempt (70.15, 70.00) → 70.105 → 70.11.
			name: "example-5-caps-of-attempts-6-and-7-and-half-up",
			run: func(t *testing.T) {
				s := enrolled(t, catalogue50())
				for range 5 {
					s = attempt(t, s, 5000, 5000)
				}
				s = attempt(t, s, 9000, 8500)
				s = attempt(t, s, 7500, 7000)
				x := wantExplainedLikeStanding(t, s)
				wantText(t, "attempt 6", x.Posttest.Attempts[5].Formula, "(70 × 90.00 + 30 × 85.00) / 100 = 88.50; min(88.50, 80.01) = 80.01")
				wantText(t, "attempt 7", x.Posttest.Attempts[6].Formula, "(70 × 75.00 + 30 × 70.00) / 100 = 73.50; min(73.50, 70.01) = 70.01")
				if got, want := x.Posttest.Attempts[6].Tier, (CapTier{From: 7, Cap: 7001}); got != want {
					t.Errorf("attempt 7 tier: got %+v, want %+v", got, want)
				}
				if !x.Posttest.Attempts[5].Best || x.Posttest.Attempts[6].Best {
					t.Errorf("best: attempt 6 %v, attempt 7 %v; want the 6th (80.01)", x.Posttest.Attempts[5].Best, x.Posttest.Attempts[6].Best)
				}

				h := attempt(t, enrolled(t, catalogue50()), 7015, 7000)
				a := wantExplainedLikeStanding(t, h).Posttest.Attempts[0]
				wantText(t, "exact", a.Exact, "70.105")
				wantText(t, "half-up", a.Formula, "(70 × 70.15 + 30 × 70.00) / 100 = 70.105 → 70.11; min(70.11, 100.00) = 70.11")
			},
		},
		{
			// 6. Final 84.751 → 84.75 Memuaskan; attitude 86.00, academic 86.26,
			// actualisation 85.20, PKTBT 80.00 → lulus.
			name: "example-6-aspects-and-final-with-every-weight-lulus",
			run: func(t *testing.T) {
				s := withScores(t, example6Scores())
				x := wantExplainedLikeStanding(t, s)
				wantText(t, "attitude", x.Aspects[0].Formula, "(10 × 85.00 + 5 × 88.00) / 15 = 86.00")
				wantText(t, "academic", x.Aspects[1].Formula, "(10 × 90.01 + 10 × 82.50) / 20 = 86.255 → 86.26")
				wantText(t, "actualisation", x.Aspects[2].Formula, "(20 × 84.00 + 30 × 86.00) / 50 = 85.20")
				wantText(t, "pktbt", x.Aspects[3].Formula, "(15 × 80.00) / 15 = 80.00")
				wantText(t, "final", x.Final.Formula,
					"(10 × 85.00 + 5 × 88.00 + 10 × 90.01 + 10 × 82.50 + 20 × 84.00 + 30 × 86.00 + 15 × 80.00) / 100 = 84.751 → 84.75")
				if got, want := *x.Final.Band, (Band{Memuaskan, 8001, 9000}); got != want {
					t.Errorf("final band: got %+v, want %+v", got, want)
				}
				if got, want := *x.Aspects[3].Band, (Band{CukupMemuaskan, 7001, 8000}); got != want {
					t.Errorf("pktbt band: got %+v, want %+v", got, want)
				}
				var weights []int64
				for _, term := range x.Final.Terms {
					weights = append(weights, term.Weight)
				}
				if got, want := weights, []int64{10, 5, 10, 10, 20, 30, 15}; !slices.Equal(got, want) || x.Final.WeightSum != 100 {
					t.Errorf("final weights: got %v (sum %d), want %v (sum 100)", got, want, x.Final.WeightSum)
				}
				if got, want := hits(x.Outcome.Checks), []string{"R-GRAD-1 every_aspect_passes"}; !slices.Equal(got, want) {
					t.Errorf("checks that hit: got %v, want %v", got, want)
				}
				if got, want := len(x.Bands), 5; got != want {
					t.Errorf("bands: got %d, want %d", got, want)
				}
			},
		},
		{
			// 7. E-learning 45.00 → academic 67.51 Kurang → ditunda, final 81.00.
			// Remedial e-learning 78.00 → academic 84.01, final 84.30.
			name: "example-7-deferred-then-remedial-replaces-the-component",
			run: func(t *testing.T) {
				s := withScores(t, example6Scores().but(AcademicElearning, 4500))
				x := wantExplainedLikeStanding(t, s)
				wantText(t, "academic", x.Aspects[1].Formula, "(10 × 90.01 + 10 × 45.00) / 20 = 67.505 → 67.51")
				if got, want := hits(x.Outcome.Checks), []string{"R-GRAD-2 aspect_defers academic", "R-GRAD-2 component_below_passing_grade academic_elearning"}; !slices.Equal(got, want) {
					t.Errorf("checks that hit: got %v, want %v", got, want)
				}

				s = graduate(t, s, firstMeetingRef, "2024-08-02", false)
				x = wantExplainedLikeStanding(t, s)
				if got, want := [3]string{x.Outcome.Status, x.Outcome.Result, x.Outcome.MeetingRef}, [3]string{"decided", Ditunda, firstMeetingRef}; got != want {
					t.Errorf("decided outcome: got %v, want %v", got, want)
				}
				s = remedied(t, s, TakeRemedial{Component: AcademicElearning, Score: 7800, TakenOn: "2024-08-07", Deadline: domain.Date("2024-08-02").AddDays(7)})
				x = wantExplainedLikeStanding(t, s)
				c := x.Components[3]
				if c.Source != SourceRemedial || scoreText(c.Replaced) != "45.00" || scoreText(c.Score) != "78.00" || !slices.Equal(c.Rules, []string{"R-EVAL-1", "R-REM-2", "R-REM-4"}) {
					t.Errorf("academic_elearning: got %+v (replaced %s), want 78.00 from a remedial replacing 45.00", c, scoreText(c.Replaced))
				}
				wantText(t, "academic after remedial", x.Aspects[1].Formula, "(10 × 90.01 + 10 × 78.00) / 20 = 84.005 → 84.01")
				wantText(t, "final after remedial", scoreText(x.Final.Score), "84.30")

				s = graduate(t, s, repeatMeetingRef, repeatMeetingOn, true)
				x = wantExplainedLikeStanding(t, s)
				if got, want := hits(x.Outcome.Checks), []string{"R-GRAD-1 every_aspect_passes"}; !slices.Equal(got, want) || x.Outcome.Result != Lulus {
					t.Errorf("repeat meeting: %s with hits %v, want lulus with %v", x.Outcome.Result, got, want)
				}
			},
		},
		{
			// 8. Institution 72, agency 60 → attitude 68.00 → tidak lulus (final 82.05).
			name: "example-8-attitude-kurang-fails",
			run: func(t *testing.T) {
				s := withScores(t, example6Scores().but(AttitudeInstitution, 7200).but(AttitudeAgency, 6000))
				x := wantExplainedLikeStanding(t, s)
				wantText(t, "attitude", x.Aspects[0].Formula, "(10 × 72.00 + 5 × 60.00) / 15 = 68.00")
				wantText(t, "final", scoreText(x.Final.Score), "82.05")
				if got, want := hits(x.Outcome.Checks), []string{"R-GRAD-3 aspect_fails attitude"}; !slices.Equal(got, want) {
					t.Errorf("checks that hit: got %v, want %v", got, want)
				}
				if got, want := x.Outcome.Rules, []string{"R-GRAD-3", "R-QUAL-1"}; !slices.Equal(got, want) {
					t.Errorf("rules: got %v, want %v", got, want)
				}
			},
		},
		{
			// 9. 3 sessions, 18 JP → not broken; one more of 2 JP → 20 JP → tidak lulus.
			name: "example-9-attendance-against-each-limit",
			run: func(t *testing.T) {
				s := attend(t, withScores(t, example6Scores()),
					syncSession("seminar-ra", "2024-07-01", 10, Absent), syncSession("coaching-1", "2024-07-01", 2, Present),
					session("klasikal-3", "2024-07-16", 7, Absent), session("klasikal-4", "2024-07-16", 5, Present),
					syncSession("sync-agenda-2", "2024-06-20", 1, Absent), syncSession("coaching-2", "2024-06-20", 2, Present),
				)
				x := wantExplainedLikeStanding(t, s)
				want := []LimitCheck{{"sessions", 3, 6, false}, {"jp", 18, 18, false}, {"days", 0, 2, false}}
				if got := x.Attendance.Limits; !slices.Equal(got, want) {
					t.Errorf("limits: got %+v, want %+v", got, want)
				}
				var ids []string
				for _, a := range x.Attendance.Absences {
					ids = append(ids, a.SessionID)
				}
				if got, want := ids, []string{"sync-agenda-2", "seminar-ra", "klasikal-3"}; !slices.Equal(got, want) {
					t.Errorf("absences by date: got %v, want %v", got, want)
				}

				s = attend(t, s, session("klasikal-5", "2024-07-17", 2, Absent), session("klasikal-6", "2024-07-17", 4, Present))
				x = wantExplainedLikeStanding(t, s)
				if got, want := x.Attendance.Limits[1], (LimitCheck{"jp", 20, 18, true}); got != want {
					t.Errorf("jp: got %+v, want %+v", got, want)
				}
				if got, want := hits(x.Outcome.Checks), []string{"R-ATT-2 attendance_limit_broken"}; !slices.Equal(got, want) {
					t.Errorf("checks that hit: got %v, want %v", got, want)
				}
			},
		},
		{
			name: "absent-day-listed",
			run: func(t *testing.T) {
				s := attend(t, enrolled(t, catalogue50()), absentEach("k", "2024-07-16", 2, 5)...)
				x := wantExplainedLikeStanding(t, s)
				if got, want := x.Attendance.AbsentDates, []domain.Date{"2024-07-16"}; !slices.Equal(got, want) {
					t.Errorf("absent dates: got %v, want %v", got, want)
				}
				if got, want := hits(x.Outcome.Checks), []string{"R-GRAD-4 component_missing attitude_institution"}; !slices.Equal(got, want) {
					t.Errorf("checks that hit: got %v, want %v", got, want)
				}
				if x.Final.Score != nil || x.Final.Formula != "" || len(x.Final.Missing) != 7 {
					t.Errorf("final: got %s %q missing %v, want none with 7 missing", scoreText(x.Final.Score), x.Final.Formula, x.Final.Missing)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}

func TestExactDecimal(t *testing.T) {
	tests := []struct {
		num, den int64
		want     string
	}{
		{847510, 100, "84.751"},
		{128005, 15, "85.3366…"},
		{129000, 15, "86.00"},
		{7010500, 10000, "7.0105"},
		{8300, 9, "9.2222…"},
		{0, 7, "0.00"},
	}
	for _, tt := range tests {
		if got := exactDecimal(tt.num, tt.den); got != tt.want {
			t.Errorf("exactDecimal(%d, %d) = %q, want %q", tt.num, tt.den, got, tt.want)
		}
	}
}

func TestQualifyBands(t *testing.T) {
	for _, b := range Bands {
		for _, v := range []domain.Score{b.From, b.To} {
			if got := Qualify(v); got != b.Qualification {
				t.Errorf("Qualify(%s) = %s, want %s (band %s–%s)", v, got, b.Qualification, b.From, b.To)
			}
		}
	}
}
