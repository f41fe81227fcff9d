package ledger_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/domain/participant"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
)

func ids(items []projections.CohortListing) []string {
	out := []string{}
	for _, c := range items {
		out = append(out, c.CohortID)
	}
	return out
}

func TestCohortsList(t *testing.T) {
	w := readsWorld(t) // A (inst-a, 3 participants), B (inst-b, 1)
	later := opening("C", "inst-a")
	later.StartsOn, later.EndsOn = "2025-02-03", "2025-04-04"
	if _, err := w.ledger.OpenCohort(context.Background(), admin, later); err != nil {
		t.Fatal(err)
	}
	w.decidedIn("D", 5) // inst-a, decided 2024-08-02
	w.settle()
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		q    ledger.CohortQuery
		want []string
		more bool
		code domain.Code
	}{
		{"admin lists every cohort by id", admin, ledger.CohortQuery{Limit: 50}, []string{"A", "B", "C", "D"}, false, ""},
		{"a page of two says more follow", admin, ledger.CohortQuery{Limit: 2}, []string{"A", "B"}, true, ""},
		{"the next page starts after the cursor", admin, ledger.CohortQuery{Limit: 2, After: "B"}, []string{"C", "D"}, false, ""},
		{"after the last there is none", admin, ledger.CohortQuery{Limit: 2, After: "D"}, []string{}, false, ""},
		{"an lms token lists its institution's only", lmsA, ledger.CohortQuery{Limit: 50}, []string{"A", "C", "D"}, false, ""},
		{"an lms token naming another institution gets none", lmsA, ledger.CohortQuery{Limit: 50, InstitutionID: "inst-b"}, []string{}, false, ""},
		{"filter by institution", auditor, ledger.CohortQuery{Limit: 50, InstitutionID: "inst-b"}, []string{"B"}, false, ""},
		{"filter by year", readsDashboard, ledger.CohortQuery{Limit: 50, Year: 2025}, []string{"C"}, false, ""},
		{"filter by phase ended", admin, ledger.CohortQuery{Limit: 50, Phase: ledger.PhaseEnded, Today: "2024-09-01"}, []string{"A", "B"}, false, ""},
		{"filter by phase decided", admin, ledger.CohortQuery{Limit: 50, Phase: ledger.PhaseDecided, Today: "2024-09-01"}, []string{"D"}, false, ""},
		{"filter by phase upcoming", admin, ledger.CohortQuery{Limit: 50, Phase: ledger.PhaseUpcoming, Today: "2024-09-01"}, []string{"C"}, false, ""},
		{"filters page too", admin, ledger.CohortQuery{Limit: 1, InstitutionID: "inst-a"}, []string{"A"}, true, ""},
		{"an agency token may not list cohorts", agency, ledger.CohortQuery{Limit: 50}, nil, false, domain.CodeForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := w.ledger.Cohorts(ctx, tc.who, tc.q)
			wantCode(t, err, tc.code, "")
			if err != nil {
				return
			}
			if got := ids(page.Items); !slices.Equal(got, tc.want) {
				t.Errorf("cohorts=%v, want %v", got, tc.want)
			}
			if page.More != tc.more {
				t.Errorf("more=%v, want %v", page.More, tc.more)
			}
		})
	}

	page, err := w.ledger.Cohorts(ctx, admin, ledger.CohortQuery{Limit: 50, Today: "2024-06-10"})
	if err != nil {
		t.Fatal(err)
	}
	a, d := page.Items[0], page.Items[3]
	if got, want := [4]any{a.Phase, a.RosterSize, a.Outcomes.Incomplete, a.Outcomes.Decided}, [4]any{ledger.PhaseMOOC, 3, 3, 0}; got != want {
		t.Errorf("A (phase, roster, incomplete, decided)=%v, want %v", got, want)
	}
	if got, want := [3]any{d.Phase, d.DecidedOn, d.Outcomes}, [3]any{ledger.PhaseDecided, domain.Date("2024-08-02"), projections.OutcomeCounts{Incomplete: 1, Decided: 1}}; got != want {
		t.Errorf("D (phase, decided on, outcomes)=%v, want %v", got, want)
	}
}

func TestPhaseOn(t *testing.T) {
	c := projections.CohortListing{StartsOn: "2024-06-03", EndsOn: "2024-08-02"}
	for _, tc := range []struct {
		today domain.Date
		want  string
	}{
		{"2024-06-02", ledger.PhaseUpcoming},
		{"2024-06-03", ledger.PhaseMOOC},
		{"2024-06-18", ledger.PhaseMOOC}, // the 16th day
		{"2024-06-19", ledger.PhaseRunning},
		{"2024-08-02", ledger.PhaseRunning},
		{"2024-08-03", ledger.PhaseEnded},
	} {
		if got := ledger.PhaseOn(c, tc.today); got != tc.want {
			t.Errorf("%s: phase %s, want %s", tc.today, got, tc.want)
		}
	}
	c.DecidedOn = "2024-08-02"
	if got := ledger.PhaseOn(c, "2024-07-01"); got != ledger.PhaseDecided {
		t.Errorf("after a meeting: phase %s, want decided", got)
	}
}

func TestExplainStanding(t *testing.T) {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	nip := w.enrolledIn("A", 1)
	w.passMOOC(nip)
	before := time.Now()
	time.Sleep(5 * time.Millisecond)
	for _, c := range []participant.Component{participant.AttitudeInstitution, participant.AcademicElearning} {
		if _, err := w.ledger.RecordScore(context.Background(), lmsA, nip, participant.Score{ComponentScored: participant.ComponentScored{
			Component: c, Score: 8500, Assessor: "A", AssessedAt: learnedAt(1)}}); err != nil {
			t.Fatal(err)
		}
	}
	w.settle()
	ctx := context.Background()
	dash := ledger.Principal{TokenID: "t-dash", Role: access.Dashboard}
	for _, tc := range []useCase{
		{"a dashboard reads the explanation", dash, nip, "", "", 0},
		{"the institution reads it", lmsA, nip, "", "", 0},
		{"the home agency reads it", agency, nip, "", "", 0},
		{"another institution gets a 404", lmsB, nip, domain.CodeNotFound, "", 0},
		{"an unknown participant is a 404", admin, nipOf(7), domain.CodeNotFound, "", 0},
		{"a role that reads no projection is refused", ledger.Principal{Role: access.Role("guest")}, nip, domain.CodeForbidden, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, err := w.ledger.ExplainStanding(ctx, tc.who, tc.nip, time.Time{}, 0)
			wantCode(t, err, tc.code, tc.rule)
			if err != nil {
				return
			}
			// The standing beside the explanation is the projection's.
			b, err := w.ledger.Standing(ctx, tc.who, nip)
			if err != nil {
				t.Fatal(err)
			}
			mine, _ := json.Marshal(x.Standing)
			if string(mine) != string(b) {
				t.Errorf("explained standing differs from the projection's:\n%s\n%s", mine, b)
			}
			if got, want := x.Explanation.Aspects[1].Formula, "(10 × 77.00 + 10 × 85.00) / 20 = 81.00"; got != want {
				t.Errorf("academic: %s, want %s", got, want)
			}
		})
	}
	past, err := w.ledger.ExplainStanding(ctx, admin, nip, before, 0)
	if err != nil {
		t.Fatal(err)
	}
	if past.Standing.Components.AttitudeInstitution != nil || past.Explanation.Components[0].Source != participant.SourceMissing {
		t.Errorf("as of before the scores: attitude_institution %v (%s), want none", past.Standing.Components.AttitudeInstitution, past.Explanation.Components[0].Source)
	}
	if past.Explanation.Trophies.Total != 28 || past.Explanation.Posttest.Result == nil {
		t.Errorf("as of before the scores: %d trophies, result %v; want 28 and the posttest", past.Explanation.Trophies.Total, past.Explanation.Posttest.Result)
	}
}
