package ledger_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/latsar/ledger/domain"
	"github.com/latsar/ledger/domain/access"
	"github.com/latsar/ledger/ledger"
	"github.com/latsar/ledger/projections"
)

var readsDashboard = ledger.Principal{TokenID: "t-dashboard", Role: access.Dashboard}

// readsWorld has cohort A of inst-a with three participants and cohort B of
// inst-b with one, all projected.
func readsWorld(t *testing.T) *world {
	w := newWorld(t)
	w.open(admin, "A", "inst-a")
	w.open(admin, "B", "inst-b")
	for _, e := range []ledger.Enrol{enrolment("A", 1), enrolment("A", 2), enrolment("A", 3), enrolment("B", 4)} {
		if _, err := w.ledger.Enrol(context.Background(), admin, e); err != nil {
			t.Fatal(err)
		}
	}
	w.settle()
	return w
}

func TestCohortReads(t *testing.T) {
	w := readsWorld(t)
	ctx := context.Background()
	reads := map[string]func(p ledger.Principal, cohortID string) error{
		"cohort": func(p ledger.Principal, id string) error {
			_, err := w.ledger.Cohort(ctx, p, id)
			return err
		},
		"standings": func(p ledger.Principal, id string) error {
			_, err := w.ledger.Standings(ctx, p, id, "", 50)
			return err
		},
		"leaderboard": func(p ledger.Principal, id string) error {
			_, err := w.ledger.CohortLeaderboard(ctx, p, id, projections.BoardTrophies, 50)
			return err
		},
	}
	for _, tc := range []struct {
		name   string
		who    ledger.Principal
		cohort string
		code   domain.Code
	}{
		{"admin reads any cohort", admin, "B", ""},
		{"lms reads its institution's cohort", lmsA, "A", ""},
		{"another institution's cohort is not found", lmsB, "A", domain.CodeNotFound},
		{"auditor reads any cohort", auditor, "A", ""},
		{"dashboard reads any cohort", readsDashboard, "B", ""},
		{"an agency token may not read cohorts", agency, "A", domain.CodeForbidden},
		{"an unknown cohort is not found", admin, "Z", domain.CodeNotFound},
	} {
		for what, read := range reads {
			t.Run(what+"/"+tc.name, func(t *testing.T) {
				wantCode(t, read(tc.who, tc.cohort), tc.code, "")
			})
		}
	}
}

func TestCohortView(t *testing.T) {
	w := readsWorld(t)
	raw, err := w.ledger.Cohort(context.Background(), lmsA, "A")
	if err != nil {
		t.Fatal(err)
	}
	var view projections.CohortView
	if err := json.Unmarshal(raw, &view); err != nil {
		t.Fatal(err)
	}
	if got, want := view.CohortID, "A"; got != want {
		t.Fatalf("cohort_id=%q, want %q", got, want)
	}
}

func TestStandingsPages(t *testing.T) {
	w := readsWorld(t)
	ctx := context.Background()
	first, err := w.ledger.Standings(ctx, lmsA, "A", "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != 2 || !first.More {
		t.Fatalf("first page: %d items more=%v, want 2 and more", len(first.Items), first.More)
	}
	rest, err := w.ledger.Standings(ctx, lmsA, "A", first.Items[1].NIP, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.Items) != 1 || rest.More || rest.Items[0].NIP <= first.Items[1].NIP {
		t.Fatalf("second page: %+v, want the one NIP after the first page, and no more", rest)
	}
}

func TestLeaderboard(t *testing.T) {
	w := readsWorld(t)
	for _, tc := range []struct {
		name string
		who  ledger.Principal
		code domain.Code
		rows int
	}{
		{"admin reads every cohort", admin, "", 4},
		{"auditor reads every cohort", auditor, "", 4},
		{"dashboard reads every cohort", readsDashboard, "", 4},
		{"an lms token may not read across institutions", lmsA, domain.CodeForbidden, 0},
		{"an agency token may not read across agencies", agency, domain.CodeForbidden, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := w.ledger.Leaderboard(context.Background(), tc.who, projections.BoardTrophies, 50)
			wantCode(t, err, tc.code, "")
			if len(rows) != tc.rows {
				t.Fatalf("%d rows, want %d", len(rows), tc.rows)
			}
		})
	}
}
