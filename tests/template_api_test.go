package tests

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/domain"
)

// TestOpenWithTemplate is R-PHASE-1 over HTTP: a cohort opened with the
// blended template from 2024-06-03, 2024-06-17 a configured holiday, has
// its phases laid out in working days and ends_on klasikal's last day; the
// cohort view shows the phases; a start on the holiday is refused; a cohort
// opened without a template has no phases.
func TestOpenWithTemplate(t *testing.T) {
	e := startWith(t, app.Options{DataDir: t.TempDir(), Holidays: map[domain.Date]bool{"2024-06-17": true}})
	body := cohortBody("TPL")
	delete(body, "ends_on")
	body["template"] = "perlan-1-2021-blended"
	r := e.do(e.lms(), "POST", "/v1/cohorts", body)
	mustStatus(t, r, http.StatusCreated)
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", body), http.StatusOK)

	r = e.do(e.lms(), "GET", "/v1/cohorts/TPL?min_position="+e.head(), nil)
	mustStatus(t, r, http.StatusOK)
	v := r.json(t)
	if v["ends_on"] != "2024-09-13" || v["template"] != "perlan-1-2021-blended" {
		t.Fatalf("ends_on %v, template %v", v["ends_on"], v["template"])
	}
	want := []any{
		map[string]any{"phase": "mooc", "starts_on": "2024-06-03", "ends_on": "2024-06-25"},
		map[string]any{"phase": "elearning", "starts_on": "2024-06-26", "ends_on": "2024-07-25"},
		map[string]any{"phase": "actualization", "starts_on": "2024-07-26", "ends_on": "2024-09-05"},
		map[string]any{"phase": "pktbt", "starts_on": "2024-07-26", "ends_on": "2024-09-05"},
		map[string]any{"phase": "klasikal", "starts_on": "2024-09-06", "ends_on": "2024-09-13"},
		map[string]any{"phase": "graduation", "starts_on": "2024-09-16", "ends_on": "2024-09-16"},
	}
	if !reflect.DeepEqual(v["phases"], want) {
		t.Fatalf("phases:\n got %v\nwant %v", v["phases"], want)
	}

	holiday := cohortBody("TPL-H")
	delete(holiday, "ends_on")
	holiday["template"], holiday["starts_on"] = "perlan-1-2021-blended", "2024-06-17"
	r = e.do(e.lms(), "POST", "/v1/cohorts", holiday)
	mustStatus(t, r, http.StatusUnprocessableEntity)
	problem("R-PHASE-1", "starts_on")(t, r)

	noEnd := cohortBody("NO-END")
	delete(noEnd, "ends_on")
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", noEnd), http.StatusUnprocessableEntity)

	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", cohortBody("PLAIN")), http.StatusCreated)
	r = e.do(e.lms(), "GET", "/v1/cohorts/PLAIN?min_position="+e.head(), nil)
	mustStatus(t, r, http.StatusOK)
	if _, ok := r.json(t)["phases"]; ok {
		t.Errorf("a cohort without a template has no phases")
	}
}
