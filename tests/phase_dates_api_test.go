package tests

import (
	"net/http"
	"testing"
)

// TestDatesWithinPhases is R-PHASE-2..5 over HTTP on a cohort laid out by
// the blended template from 2024-06-03 (mooc 06-03..06-24, elearning
// 06-25..07-24, actualization 07-25..09-04, klasikal 09-05..09-12): each
// refusal is a problem+json 422 naming the rule and the field; the same
// dates on a cohort without a template keep R-DATE's answers.
func TestDatesWithinPhases(t *testing.T) {
	e := start(t)
	body := cohortBody("PH")
	delete(body, "ends_on")
	body["template"] = "perlan-1-2021-blended"
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", body), http.StatusCreated)
	plain := cohortBody("PLAIN")
	plain["ends_on"] = "2024-09-12"
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", plain), http.StatusCreated)
	p, q := nip(1), nip(2)
	for cohort, n := range map[string]string{"PH": p, "PLAIN": q} {
		mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/"+cohort+"/participants", map[string]any{
			"nip": n, "name": "Peserta " + cohort, "golongan": "III", "agency": "pemkab-blitar",
		}), http.StatusCreated)
	}
	trophyAt := func(id, when string) map[string]any {
		return map[string]any{"activity_id": id, "material": "substansi_1", "agenda": 1, "earned_at": when}
	}
	lms := e.lms()
	tests := []struct {
		name  string
		path  string
		body  map[string]any
		want  int
		check func(*testing.T, response)
	}{
		{"trophy-in-klasikal-422", "/v1/participants/" + p + "/trophies", trophyAt("t-1", "2024-09-05T08:00:00Z"), 422, problem("R-PHASE-2", "earned_at")},
		{"trophy-day-before-klasikal-201", "/v1/participants/" + p + "/trophies", trophyAt("t-2", "2024-09-04T08:00:00Z"), 201, nil},
		{"trophy-in-klasikal-without-template-201", "/v1/participants/" + q + "/trophies", trophyAt("t-1", "2024-09-05T08:00:00Z"), 201, nil},
		{"posttest-in-klasikal-422", "/v1/participants/" + p + "/posttests", map[string]any{
			"attempt_id": "a-1", "substansi_1_score": 80, "substansi_2_score": 80, "taken_at": "2024-09-06T08:00:00Z"}, 422, problem("R-PHASE-2", "taken_at")},
		{"synchronous-session-in-mooc-422", "/v1/cohorts/PH/sessions", map[string]any{
			"session_id": "s-1", "mode": "synchronous", "date": "2024-06-10", "jp": 1, "title": "Virtual class"}, 422, problem("R-PHASE-4", "date")},
		{"synchronous-session-in-elearning-201", "/v1/cohorts/PH/sessions", map[string]any{
			"session_id": "s-2", "mode": "synchronous", "date": "2024-06-25", "jp": 1, "title": "Virtual class"}, 201, nil},
		{"klasikal-attitude-before-klasikal-422", "/v1/participants/" + p + "/scores", map[string]any{
			"component": "attitude_institution", "score": 85, "assessor": "Widyaiswara", "assessed_at": "2024-08-01T09:00:00Z"}, 422, problem("R-PHASE-5", "assessed_at")},
		{"meeting-before-klasikal-ends-422", "/v1/cohorts/PH/graduation", map[string]any{
			"decided_on": "2024-09-11", "meeting_ref": "BA-PH"}, 422, problem("R-DATE-4", "decided_on")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(lms, "POST", tc.path, tc.body)
			mustStatus(t, r, tc.want)
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}
