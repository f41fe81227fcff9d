package tests

import (
	"net/http"
	"strings"
	"testing"
)

// Table tests of the reads the dashboard adds: GET /v1/cohorts and the
// standing with ?explain=true.

// cohortIDs checks a page of cohorts lists these ids, in order.
func cohortIDs(want ...string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		readsProjected(t, r)
		items, _ := r.json(t)["items"].([]any)
		var got []string
		for _, it := range items {
			got = append(got, it.(map[string]any)["cohort_id"].(string))
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("cohorts %v, want %v", got, want)
		}
	}
}

func TestListCohortsAPI(t *testing.T) {
	e := start(t)
	e.openCohort("L1", 3)
	progOpen(e, "L2", nip(100))
	other := cohortBody("L3")
	other["institution_id"] = "bpsdm-jabar"
	other["starts_on"], other["ends_on"] = "2025-02-03", "2025-04-04"
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", other), http.StatusCreated)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/L2/graduation", map[string]any{"decided_on": "2024-08-02", "meeting_ref": "BA-L2"}), http.StatusCreated)
	head := e.head()
	lms := func(e *env) string { return e.lms() }
	agency := func(e *env) string { return e.agency() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	var next string
	runCases(t, e, []apiCase{
		{name: "no-token-401", token: nobody, method: "GET", path: "/v1/cohorts", want: 401},
		{name: "admin-all", token: admin, method: "GET", path: "/v1/cohorts?min_position=" + head, want: 200, check: cohortIDs("L1", "L2", "L3")},
		{name: "dashboard-all", token: dashboard, method: "GET", path: "/v1/cohorts", want: 200, check: cohortIDs("L1", "L2", "L3")},
		{name: "auditor-by-institution", token: auditor, method: "GET", path: "/v1/cohorts?institution_id=bpsdm-jabar", want: 200, check: cohortIDs("L3")},
		{name: "lms-its-own", token: lms, method: "GET", path: "/v1/cohorts", want: 200, check: cohortIDs("L1", "L2")},
		{name: "lms-another-institution-none", token: lms, method: "GET", path: "/v1/cohorts?institution_id=bpsdm-jabar", want: 200, check: cohortIDs()},
		{name: "agency-403", token: agency, method: "GET", path: "/v1/cohorts", want: 403, check: problem("", "")},
		{name: "by-year", token: admin, method: "GET", path: "/v1/cohorts?year=2025", want: 200, check: cohortIDs("L3")},
		{name: "by-phase-decided", token: admin, method: "GET", path: "/v1/cohorts?phase=decided", want: 200, check: progAll(cohortIDs("L2"), func(t *testing.T, r response) {
			l2 := r.json(t)["items"].([]any)[0].(map[string]any)
			if l2["phase"] != "decided" || l2["decided_on"] != "2024-08-02" || l2["roster_size"] != float64(1) {
				t.Fatalf("L2: %v", l2)
			}
			if o := l2["outcomes"].(map[string]any); o["incomplete"] != float64(1) || o["decided"] != float64(1) {
				t.Fatalf("L2 outcomes: %v", o)
			}
		})},
		{name: "first-page", token: admin, method: "GET", path: "/v1/cohorts?limit=2", want: 200, check: progAll(cohortIDs("L1", "L2"), func(t *testing.T, r response) {
			next, _ = r.json(t)["next_cursor"].(string)
			if next == "" || !strings.Contains(r.header.Get("Link"), `rel="next"`) {
				t.Fatalf("no next_cursor or Link on a page with more: %s %q", r.body, r.header.Get("Link"))
			}
			l1 := r.json(t)["items"].([]any)[0].(map[string]any)
			if l1["roster_size"] != float64(3) || l1["outcomes"].(map[string]any)["incomplete"] != float64(3) || l1["phase"] == "" {
				t.Fatalf("L1: %v", l1)
			}
		})},
		{name: "bad-phase-400", token: admin, method: "GET", path: "/v1/cohorts?phase=klasikal", want: 400, check: problem("", "phase")},
		{name: "bad-year-400", token: admin, method: "GET", path: "/v1/cohorts?year=next", want: 400, check: problem("", "year")},
		{name: "bad-cursor-400", token: admin, method: "GET", path: "/v1/cohorts?cursor=!!!", want: 400, check: problem("", "cursor")},
		{name: "bad-limit-400", token: admin, method: "GET", path: "/v1/cohorts?limit=0", want: 400, check: problem("", "limit")},
	})
	runCases(t, e, []apiCase{
		{name: "second-page", token: admin, method: "GET", path: "/v1/cohorts?limit=2&cursor=" + next, want: 200, check: progAll(cohortIDs("L3"), func(t *testing.T, r response) {
			if _, ok := r.json(t)["next_cursor"]; ok || r.header.Get("Link") != "" {
				t.Fatalf("next_cursor or Link on the last page: %s", r.body)
			}
		})},
	})
}

func TestExplainAPI(t *testing.T) {
	e := start(t)
	p := e.openCohort("X1", 1)[0]
	for i, m := range []struct {
		material string
		agenda   int
	}{{"kebijakan", 0}, {"kebijakan", 0}} {
		mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k"+string(rune('a'+i)), m.material, m.agenda)), http.StatusCreated)
	}
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/posttests", map[string]any{
		"attempt_id": "a1", "substansi_1_score": 70.15, "substansi_2_score": 70, "taken_at": "2024-06-20T10:00:00Z"}), http.StatusCreated)
	for _, comp := range []string{"attitude_institution", "attitude_agency"} {
		mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/scores", map[string]any{
			"component": comp, "score": 85, "assessor": "A", "assessed_at": "2024-07-30T10:00:00Z"}), http.StatusCreated)
	}
	path := "/v1/participants/" + p + "/standing"
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	dashboard := func(e *env) string { return e.dashboard() }
	sameAsStanding := func(t *testing.T, r response) {
		t.Helper()
		st := e.standing(adminSecret, p)
		x := r.json(t)
		for _, k := range []string{"nip", "name", "cohort_id", "position"} {
			if x[k] != st[k] {
				t.Errorf("%s: explained %v, standing %v", k, x[k], st[k])
			}
		}
		exp := x["explain"].(map[string]any)
		if got, want := progDig(t, exp, "posttest.result"), progDig(t, st, "mooc.posttest.result"); got != want {
			t.Errorf("posttest result: explained %v, standing %v", got, want)
		}
		if got, want := progDig(t, exp, "aspects").([]any)[0].(map[string]any)["score"], progDig(t, st, "aspects.attitude.score"); got != want {
			t.Errorf("attitude: explained %v, standing %v", got, want)
		}
	}
	runCases(t, e, []apiCase{
		{name: "admin-explained", token: admin, method: "GET", path: path + "?explain=true&min_position=" + e.head(), want: 200, check: progAll(sameAsStanding, func(t *testing.T, r response) {
			exp := r.json(t)["explain"].(map[string]any)
			attempt := progDig(t, exp, "posttest.attempts").([]any)[0].(map[string]any)
			if got, want := attempt["formula"], "(70 × 70.15 + 30 × 70.00) / 100 = 70.105 → 70.11; min(70.11, 100.00) = 70.11"; got != want {
				t.Errorf("attempt formula %v, want %v", got, want)
			}
			kebijakan := progDig(t, exp, "trophies.minimums").([]any)[0].(map[string]any)
			if kebijakan["rule"] != "R-TRO-2" || kebijakan["count"] != float64(2) || kebijakan["met"] != true {
				t.Errorf("R-TRO-2: %v", kebijakan)
			}
			if got := progDig(t, exp, "outcome.rules").([]any); len(got) != 1 || got[0] != "R-GRAD-4" {
				t.Errorf("outcome rules %v, want R-GRAD-4", got)
			}
		})},
		{name: "dashboard-explained", token: dashboard, method: "GET", path: path + "?explain=true", want: 200, check: field("nip", p)},
		{name: "lms-explained", token: lms, method: "GET", path: path + "?explain=true", want: 200, check: field("nip", p)},
		{name: "other-lms-404", token: otherLMS, method: "GET", path: path + "?explain=true", want: 404, check: problem("", "")},
		{name: "without-explain-none", token: admin, method: "GET", path: path + "?explain=false", want: 200, check: func(t *testing.T, r response) {
			if _, ok := r.json(t)["explain"]; ok {
				t.Fatal("explain without ?explain=true")
			}
		}},
		{name: "as-of-the-start", token: admin, method: "GET", path: path + "?explain=true&as_of=2000-01-01T00:00:00Z", want: 404},
		{name: "at-position", token: admin, method: "GET", path: path + "?explain=true&at_position=1", want: 404},
		{name: "bad-explain-400", token: admin, method: "GET", path: path + "?explain=yes", want: 400, check: problem("", "explain")},
		{name: "bad-as-of-400", token: admin, method: "GET", path: path + "?explain=true&as_of=yesterday", want: 400, check: problem("", "as_of")},
	})
}

func TestMeAPI(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	agency := func(e *env) string { return e.agency() }
	dashboard := func(e *env) string { return e.dashboard() }
	runCases(t, e, []apiCase{
		{name: "no-token-401", token: nobody, method: "GET", path: "/v1/me", want: 401, check: problem("", "")},
		{name: "bogus-401", token: bogus, method: "GET", path: "/v1/me", want: 401},
		{name: "admin", token: admin, method: "GET", path: "/v1/me", want: 200, check: field("role", "admin")},
		{name: "dashboard", token: dashboard, method: "GET", path: "/v1/me", want: 200, check: field("role", "dashboard")},
		{name: "lms-with-institution", token: lms, method: "GET", path: "/v1/me", want: 200, check: progAll(field("role", "lms"), field("institution_id", "bpsdm-jatim"))},
		{name: "agency-with-agency", token: agency, method: "GET", path: "/v1/me", want: 200, check: progAll(field("role", "agency"), field("agency", "pemkab-blitar"))},
	})
}

// The dashboard's own routes are open: they hold no data.
func TestDashboardRoutesOpen(t *testing.T) {
	e := start(t)
	page := e.do("", "GET", "/ui/", nil)
	mustStatus(t, page, http.StatusOK)
	if !strings.Contains(string(page.body), `<main id="main"`) || page.header.Get("Content-Security-Policy") == "" {
		t.Fatalf("/ui/ is not the dashboard page: %s", truncate(page.body))
	}
	noRedirect := *e.client
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, path := range []string{"/", "/dashboard"} {
		res, err := noRedirect.Get(e.url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/ui/" {
			t.Errorf("%s: %d to %q, want 302 to /ui/", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
}
