package participant

import (
	"slices"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/cohort"
)

// wantGraded checks a graded score's text ("84.75 memuaskan").
func wantGraded(t *testing.T, what string, g Graded, want string) {
	t.Helper()
	if got := gradedText(g); got != want {
		t.Errorf("%s: got %s, want %s", what, got, want)
	}
}

// wantDecision checks a meeting decision's outcome, rules and awards.
func wantDecision(t *testing.T, what string, d GraduationDecided, outcome string, rules []string, awards []Award) {
	t.Helper()
	if got, want := d.Outcome, outcome; got != want {
		t.Errorf("%s outcome: got %q, want %q (rules %v)", what, got, want, d.Rules)
	}
	if got, want := d.Rules, rules; !slices.Equal(got, want) {
		t.Errorf("%s rules: got %v, want %v", what, got, want)
	}
	if got, want := d.Awards, awards; !slices.Equal(got, want) {
		t.Errorf("%s awards: got %+v, want %+v", what, got, want)
	}
}

// TestWorkedExamplesFinal runs rules.md §10 examples 6-10, one case each.
func TestWorkedExamplesFinal(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{
			// 6. Institution 85, agency 88, MOOC 90.01, e-learning 82.50, design
			// 84, implementation 86, PKTBT 80 → final 84.751 → 84.75 Memuaskan;
			// attitude 86.00, academic 86.26, actualisation 85.20, PKTBT 80.00 → lulus.
			name: "example-6-final-84.75-memuaskan-lulus-R-EVAL-1-R-QUAL-1-R-GRAD-1",
			run: func(t *testing.T) {
				s := attempt(t, enrolled(t, catalogue50()), 9001, 9001) // weighted 90.01, attempt 1
				s = giveScores(t, s, example6Scores().without(AcademicMOOC))
				e := Evaluate(s)
				if got, want := scoreText(e.Components.AcademicMOOC), "90.01"; got != want {
					t.Errorf("academic_mooc: got %s, want %s", got, want)
				}
				wantGraded(t, "attitude", e.Aspects.Attitude, "86.00 memuaskan")
				wantGraded(t, "academic", e.Aspects.Academic, "86.26 memuaskan")
				wantGraded(t, "actualisation", e.Aspects.Actualization, "85.20 memuaskan")
				wantGraded(t, "pktbt", e.Aspects.PKTBT, "80.00 cukup_memuaskan")
				wantGraded(t, "final", e.Final, "84.75 memuaskan")
				d := Meeting(firstMeetingRef, firstMeetingOn, false, []Candidate{CandidateOf(s)})[0].Event
				wantDecision(t, "meeting", d, Lulus, []string{"R-GRAD-1"}, []Award{sttp, piagam(1)})
			},
		},
		{
			// 7. As 6 with e-learning 45.00 → academic 67.51 Kurang → ditunda,
			// final 81.00. Remedial e-learning 78.00 → academic 84.01, final
			// 84.30 → lulus at the repeat meeting. Final evaluation on Friday
			// 2024-08-02 → repeat meeting by 2024-08-23.
			name: "example-7-ditunda-remedial-lulus-at-repeat-meeting-R-GRAD-2-R-REM-1-R-REM-4",
			run: func(t *testing.T) {
				s := withScores(t, example6Scores().but(AcademicElearning, 4500))
				e := Evaluate(s)
				wantGraded(t, "academic", e.Aspects.Academic, "67.51 kurang_memuaskan")
				wantGraded(t, "final", e.Final, "81.00 memuaskan")

				first := Meeting(firstMeetingRef, "2024-08-02", false, []Candidate{CandidateOf(s)})[0].Event
				wantDecision(t, "first meeting", first, Ditunda, []string{"R-GRAD-2"}, nil)
				if got, want := first.Deferred, []string{"academic_elearning"}; !slices.Equal(got, want) {
					t.Errorf("deferred: got %v, want %v", got, want)
				}
				events, err := DecideGraduation(s, first)
				if err != nil {
					t.Fatalf("DecideGraduation first: %v", err)
				}
				s = apply(t, s, events)

				s = remedied(t, s, TakeRemedial{Component: AcademicElearning, Score: 7800, TakenOn: "2024-08-07", Deadline: domain.Date("2024-08-02").AddDays(7)})
				e = Evaluate(s)
				if got, want := scoreText(e.Components.AcademicElearning), "78.00"; got != want {
					t.Errorf("academic_elearning after remedial: got %s, want %s", got, want)
				}
				wantGraded(t, "academic after remedial", e.Aspects.Academic, "84.01 memuaskan")
				wantGraded(t, "final after remedial", e.Final, "84.30 memuaskan")

				limit := cohort.AddWorkingDays("2024-08-02", RepeatMeetingDays, nil)
				if got, want := limit, domain.Date("2024-08-23"); got != want {
					t.Errorf("repeat meeting limit: got %s, want %s", got, want)
				}
				if err := CheckRepeatMeeting("2024-08-02", "2024-08-23", nil); err != nil {
					t.Errorf("repeat meeting on 2024-08-23: got %v, want accepted", err)
				}
				repeat := Meeting(repeatMeetingRef, "2024-08-23", true, []Candidate{CandidateOf(s)})[0].Event
				wantDecision(t, "repeat meeting", repeat, Lulus, []string{"R-GRAD-1"}, []Award{sttp})
				wantGraded(t, "repeat meeting final", repeat.Final, "84.30 memuaskan")
				if _, err := DecideGraduation(s, repeat); err != nil {
					t.Errorf("DecideGraduation repeat: got %v, want accepted", err)
				}
			},
		},
		{
			// 8. As 6 with institution 72, agency 60 → attitude 68.00 → tidak
			// lulus (final 82.05).
			name: "example-8-attitude-68.00-tidak-lulus-final-82.05-R-GRAD-3",
			run: func(t *testing.T) {
				s := withScores(t, example6Scores().but(AttitudeInstitution, 7200).but(AttitudeAgency, 6000))
				e := Evaluate(s)
				wantGraded(t, "attitude", e.Aspects.Attitude, "68.00 kurang_memuaskan")
				wantGraded(t, "final", e.Final, "82.05 memuaskan")
				d := Meeting(firstMeetingRef, firstMeetingOn, false, []Candidate{CandidateOf(s)})[0].Event
				wantDecision(t, "meeting", d, TidakLulus, []string{"R-GRAD-3", "R-QUAL-1"}, []Award{suket})
			},
		},
		{
			// 9. Absent from seminar R.A (10 JP), a klasikal session (7 JP) and a
			// synchronous session (1 JP) on three dates: 3 sessions, 18 JP → not
			// broken. One more absence of 2 JP → 20 JP → tidak lulus (R-ATT-2).
			name: "example-9-18-jp-kept-20-jp-tidak-lulus-R-ATT-2",
			run: func(t *testing.T) {
				s := withScores(t, example6Scores())
				s = attend(t, s,
					syncSession("seminar-ra", "2024-07-01", 10, Absent), syncSession("coaching-1", "2024-07-01", 2, Present),
					session("klasikal-3", "2024-07-16", 7, Absent), session("klasikal-4", "2024-07-16", 5, Present),
					syncSession("sync-agenda-2", "2024-06-20", 1, Absent), syncSession("coaching-2", "2024-06-20", 2, Present),
				)
				a := Evaluate(s).Attendance
				if got, want := [4]any{a.AbsentSessions, a.AbsentJP, a.AbsentDays, a.LimitBroken}, [4]any{3, 18, 0, false}; got != want {
					t.Errorf("sessions, JP, days, broken: got %v, want %v", got, want)
				}
				d := Meeting(firstMeetingRef, firstMeetingOn, false, []Candidate{CandidateOf(s)})[0].Event
				wantDecision(t, "meeting at 18 JP", d, Lulus, []string{"R-GRAD-1"}, []Award{sttp, piagam(1)})

				s = attend(t, s, session("klasikal-5", "2024-07-17", 2, Absent), session("klasikal-6", "2024-07-17", 4, Present))
				a = Evaluate(s).Attendance
				if got, want := [4]any{a.AbsentSessions, a.AbsentJP, a.AbsentDays, a.LimitBroken}, [4]any{4, 20, 0, true}; got != want {
					t.Errorf("sessions, JP, days, broken: got %v, want %v", got, want)
				}
				d = Meeting(firstMeetingRef, firstMeetingOn, false, []Candidate{CandidateOf(s)})[0].Event
				wantDecision(t, "meeting at 20 JP", d, TidakLulus, []string{"R-GRAD-3", "R-ATT-2"}, []Award{suket})
			},
		},
		{
			// 10. Lulus finals 92.10, 88.40, 88.40, 86.00 → ranks 1, 2, 2, 4 →
			// three Piagam. Finals 88.00 lulus, 85.00 ditunda, 80.01 lulus,
			// 80.00 lulus → Piagam to 88.00 and 80.01 only.
			name: "example-10-ranks-1-2-2-4-three-piagam-then-two-R-AWARD-1",
			run: func(t *testing.T) {
				if got, want := CompetitionRanks([]int64{9210, 8840, 8840, 8600}), []int{1, 2, 2, 4}; !slices.Equal(got, want) {
					t.Errorf("CompetitionRanks: got %v, want %v", got, want)
				}
				meeting := func(cs ...componentScores) []GraduationDecided {
					var cands []Candidate
					for i, c := range cs {
						cand := CandidateOf(withScores(t, c))
						cand.NIP = candidateNIP(i + 1)
						cands = append(cands, cand)
					}
					var out []GraduationDecided
					for _, d := range Meeting(firstMeetingRef, firstMeetingOn, false, cands) {
						out = append(out, d.Event)
					}
					return out
				}
				type row struct {
					final   string
					outcome string
					rank    int
					piagam  bool
				}
				check := func(ds []GraduationDecided, want []row, wantPiagams int) {
					t.Helper()
					piagams := 0
					for i, w := range want {
						d := ds[i]
						hasPiagam := slices.ContainsFunc(d.Awards, func(a Award) bool { return a.Kind == AwardPiagam })
						if hasPiagam {
							piagams++
						}
						got := row{final: scoreText(d.Final.Score), outcome: d.Outcome, rank: d.Rank, piagam: hasPiagam}
						if got != w {
							t.Errorf("#%d: got %+v, want %+v", i+1, got, w)
						}
					}
					if got := piagams; got != wantPiagams {
						t.Errorf("piagam count: got %d, want %d", got, wantPiagams)
					}
				}
				check(meeting(uniformScores(9210), uniformScores(8840), uniformScores(8840), uniformScores(8600)), []row{
					{"92.10", Lulus, 1, true},
					{"88.40", Lulus, 2, true},
					{"88.40", Lulus, 2, true},
					{"86.00", Lulus, 4, false},
				}, 3)
				// 85.00 ditunda: academic (80.00 + 50.00)/2 = 65.00 Kurang, the rest 90.00.
				check(meeting(
					uniformScores(8800),
					uniformScores(9000).but(AcademicMOOC, 8000).but(AcademicElearning, 5000),
					uniformScores(8001),
					uniformScores(8000),
				), []row{
					{"88.00", Lulus, 1, true},
					{"85.00", Ditunda, 0, false},
					{"80.01", Lulus, 2, true},
					{"80.00", Lulus, 3, false},
				}, 2)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.run)
	}
}
