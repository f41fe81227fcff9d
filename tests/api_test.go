package tests

import (
	"net/http"
	"strings"
	"testing"
)

// apiCase is one behaviour of one endpoint.
type apiCase struct {
	name    string
	token   func(e *env) string
	method  string
	path    string
	body    any
	headers []string
	want    int
	check   func(t *testing.T, r response)
}

func admin(e *env) string  { return adminSecret }
func nobody(e *env) string { return "" }
func bogus(e *env) string  { return "lat_not-a-real-token" }

// problem checks a problem+json body naming the rule and the field.
func problem(rule, field string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Fatalf("content-type=%q, want application/problem+json", ct)
		}
		p := r.json(t)
		if got := p["status"]; got != float64(r.status) {
			t.Fatalf("problem status=%v, want %d", got, r.status)
		}
		if rule != "" && p["rule"] != rule {
			t.Fatalf("rule=%v, want %s; %s", p["rule"], rule, r.body)
		}
		if field != "" {
			found := false
			errs, _ := p["errors"].([]any)
			for _, fe := range errs {
				if fe.(map[string]any)["field"] == field {
					found = true
				}
			}
			if !found {
				t.Fatalf("no error names field %q: %s", field, r.body)
			}
		}
	}
}

func field(path string, want any) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		var v any = r.json(t)
		for _, k := range strings.Split(path, ".") {
			v = v.(map[string]any)[k]
		}
		if v != want {
			t.Fatalf("%s=%v (%T), want %v (%T); %s", path, v, v, want, want, truncate(r.body))
		}
	}
}

func runCases(t *testing.T, e *env, cases []apiCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(c.token(e), c.method, c.path, c.body, c.headers...)
			if r.status != c.want {
				t.Fatalf("status=%d, want %d; body: %s", r.status, c.want, truncate(r.body))
			}
			if c.check != nil {
				c.check(t, r)
			}
		})
	}
}

func trophy(activity, material string, agenda int) map[string]any {
	return map[string]any{"activity_id": activity, "material": material, "agenda": agenda, "earned_at": "2024-06-05T09:30:00Z"}
}

func TestCohortEndpoints(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	dashboard := func(e *env) string { return e.dashboard() }
	auditor := func(e *env) string { return e.auditor() }
	agency := func(e *env) string { return e.agency() }
	bad := cohortBody("BAD")
	bad["golongan"] = []string{"IV"}
	bad["ends_on"] = "2024-01-01"
	mixed := cohortBody("MIXED")
	mixed["golongan"] = []string{"II", "III"}
	otherInst := cohortBody("JABAR-1")
	otherInst["institution_id"] = "bpsdm-jabar"
	cases := []apiCase{
		{name: "open-no-token-401", token: nobody, method: "POST", path: "/v1/cohorts", body: cohortBody("C1"), want: 401, check: problem("", "")},
		{name: "open-bogus-token-401", token: bogus, method: "POST", path: "/v1/cohorts", body: cohortBody("C1"), want: 401},
		{name: "open-dashboard-403", token: dashboard, method: "POST", path: "/v1/cohorts", body: cohortBody("C1"), want: 403, check: problem("", "")},
		{name: "open-auditor-403", token: auditor, method: "POST", path: "/v1/cohorts", body: cohortBody("C1"), want: 403},
		{name: "open-lms-other-institution-403", token: lms, method: "POST", path: "/v1/cohorts", body: otherInst, want: 403, check: problem("", "institution_id")},
		{name: "open-lms-201", token: lms, method: "POST", path: "/v1/cohorts", body: cohortBody("C1"), want: 201, check: field("cohort.capacity", float64(40))},
		{name: "open-repeat-200", token: lms, method: "POST", path: "/v1/cohorts", body: cohortBody("C1"), want: 200},
		{name: "open-other-details-409", token: admin, method: "POST", path: "/v1/cohorts", body: map[string]any{
			"cohort_id": "C1", "name": "other", "institution_id": "bpsdm-jatim", "golongan": []string{"III"},
			"starts_on": "2024-06-03", "ends_on": "2024-08-02", "trophy_catalogue": catalogue()}, want: 409},
		{name: "open-malformed-400", token: admin, method: "POST", path: "/v1/cohorts", body: `{"cohort_id": `, want: 400, check: problem("", "")},
		{name: "open-not-json-415", token: admin, method: "POST", path: "/v1/cohorts", body: "x", headers: []string{"Content-Type", "text/plain"}, want: 415},
		{name: "open-wrong-type-422", token: admin, method: "POST", path: "/v1/cohorts", body: map[string]any{"cohort_id": 7}, want: 422, check: problem("", "cohort_id")},
		{name: "open-unknown-field-422", token: admin, method: "POST", path: "/v1/cohorts", body: map[string]any{"cohort": "x"}, want: 422, check: problem("", "cohort")},
		{name: "open-bad-golongan-422", token: admin, method: "POST", path: "/v1/cohorts", body: bad, want: 422, check: problem("R-COH-1", "golongan")},
		{name: "open-bad-dates-422", token: admin, method: "POST", path: "/v1/cohorts", body: bad, want: 422, check: problem("", "ends_on")},
		{name: "open-mixed-golongan-201", token: admin, method: "POST", path: "/v1/cohorts", body: mixed, want: 201},
		{name: "open-other-institution-admin-201", token: admin, method: "POST", path: "/v1/cohorts", body: otherInst, want: 201},
		{name: "get-lms-200", token: lms, method: "GET", path: "/v1/cohorts/C1?min_position=1", want: 200, check: field("institution_id", "bpsdm-jatim")},
		{name: "get-other-lms-404", token: otherLMS, method: "GET", path: "/v1/cohorts/C1", want: 404, check: problem("", "")},
		{name: "get-dashboard-200", token: dashboard, method: "GET", path: "/v1/cohorts/C1", want: 200},
		{name: "get-agency-403", token: agency, method: "GET", path: "/v1/cohorts/C1", want: 403},
		{name: "get-unknown-404", token: admin, method: "GET", path: "/v1/cohorts/NOPE", want: 404},
		{name: "get-bad-min-position-400", token: admin, method: "GET", path: "/v1/cohorts/C1?min_position=x", want: 400, check: problem("", "min_position")},
		{name: "get-future-min-position-503", token: admin, method: "GET", path: "/v1/cohorts/C1?min_position=999999", want: 503, check: func(t *testing.T, r response) {
			if r.header.Get("Retry-After") == "" {
				t.Fatal("503 without Retry-After")
			}
		}},
		{name: "approval-lms-403", token: lms, method: "POST", path: "/v1/cohorts/C1/approvals", body: map[string]any{
			"kind": "capacity", "letter_number": "B-1/LAN/2024", "approved_by": "Kepala LAN", "approved_on": "2024-05-20", "capacity": 45}, want: 403},
		{name: "approval-capacity-40-422", token: admin, method: "POST", path: "/v1/cohorts/C1/approvals", body: map[string]any{
			"kind": "capacity", "letter_number": "B-1/LAN/2024", "approved_by": "Kepala LAN", "approved_on": "2024-05-20", "capacity": 40}, want: 422, check: problem("R-COH-2", "capacity")},
		{name: "approval-unknown-kind-422", token: admin, method: "POST", path: "/v1/cohorts/C1/approvals", body: map[string]any{
			"kind": "other", "letter_number": "B-1/LAN/2024", "approved_by": "Kepala LAN", "approved_on": "2024-05-20"}, want: 422, check: problem("", "kind")},
		{name: "approval-capacity-201", token: admin, method: "POST", path: "/v1/cohorts/C1/approvals", body: map[string]any{
			"kind": "capacity", "letter_number": "B-1/LAN/2024", "approved_by": "Kepala LAN", "approved_on": "2024-05-20", "capacity": 45}, want: 201, check: field("cohort.capacity", float64(45))},
		{name: "approval-unknown-cohort-404", token: admin, method: "POST", path: "/v1/cohorts/NOPE/approvals", body: map[string]any{
			"kind": "golongan_merge", "letter_number": "B-2/LAN/2024", "approved_by": "Kepala LAN", "approved_on": "2024-05-20"}, want: 404},
		{name: "enrol-201", token: lms, method: "POST", path: "/v1/cohorts/C1/participants", body: map[string]any{
			"nip": "19990101 202401 1 001", "name": "Siti", "golongan": "III/a", "agency": "pemkab-blitar"}, want: 201, check: field("roster_size", float64(1))},
		{name: "enrol-repeat-200", token: lms, method: "POST", path: "/v1/cohorts/C1/participants", body: map[string]any{
			"nip": "199901012024011001", "name": "Siti", "golongan": "III/a", "agency": "pemkab-blitar"}, want: 200},
		{name: "enrol-other-cohort-409", token: admin, method: "POST", path: "/v1/cohorts/MIXED/participants", body: map[string]any{
			"nip": "199901012024011001", "name": "Siti", "golongan": "III", "agency": "pemkab-blitar"}, want: 409},
		{name: "enrol-bad-nip-422", token: lms, method: "POST", path: "/v1/cohorts/C1/participants", body: map[string]any{
			"nip": "1999-01-01", "name": "X", "golongan": "III", "agency": "pemkab-blitar"}, want: 422, check: problem("R-NIP-1", "nip")},
		{name: "enrol-wrong-golongan-422", token: lms, method: "POST", path: "/v1/cohorts/C1/participants", body: map[string]any{
			"nip": "199901012024011002", "name": "X", "golongan": "II", "agency": "pemkab-blitar"}, want: 422, check: problem("R-COH-3", "golongan")},
		{name: "enrol-other-lms-404", token: otherLMS, method: "POST", path: "/v1/cohorts/C1/participants", body: map[string]any{
			"nip": "199901012024011002", "name": "X", "golongan": "III", "agency": "pemkab-blitar"}, want: 404},
		{name: "enrol-unknown-cohort-404", token: admin, method: "POST", path: "/v1/cohorts/NOPE/participants", body: map[string]any{
			"nip": "199901012024011002", "name": "X", "golongan": "III", "agency": "pemkab-blitar"}, want: 404},
		{name: "enrol-mixed-II-201", token: admin, method: "POST", path: "/v1/cohorts/MIXED/participants", body: map[string]any{
			"nip": "199901012024012003", "name": "A", "golongan": "II", "agency": "pemkab-blitar"}, want: 201},
		{name: "enrol-mixed-III-without-approval-422", token: admin, method: "POST", path: "/v1/cohorts/MIXED/participants", body: map[string]any{
			"nip": "199901012024012004", "name": "B", "golongan": "III", "agency": "pemkab-blitar"}, want: 422, check: problem("R-COH-3", "golongan")},
		{name: "approval-merge-201", token: admin, method: "POST", path: "/v1/cohorts/MIXED/approvals", body: map[string]any{
			"kind": "golongan_merge", "letter_number": "B-3/LAN/2024", "approved_by": "Kepala LAN", "approved_on": "2024-05-20"}, want: 201},
		{name: "enrol-mixed-III-with-approval-201", token: admin, method: "POST", path: "/v1/cohorts/MIXED/participants", body: map[string]any{
			"nip": "199901012024012004", "name": "B", "golongan": "III", "agency": "pemkab-blitar"}, want: 201},
		{name: "body-too-large-413", token: admin, method: "POST", path: "/v1/cohorts", body: `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, want: 413, check: problem("", "")},
	}
	runCases(t, e, cases)
}

func TestMOOCEndpoints(t *testing.T) {
	e := start(t)
	nips := e.openCohort("C1", 2)
	p, q := nips[0], nips[1]
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	dashboard := func(e *env) string { return e.dashboard() }
	agency := func(e *env) string { return e.agency() }
	otherAgency := func(e *env) string { return e.otherAgency() }
	auditor := func(e *env) string { return e.auditor() }
	cases := []apiCase{
		{name: "trophy-201", token: lms, method: "POST", path: "/v1/participants/" + p + "/trophies", body: trophy("k1", "kebijakan", 0), want: 201, check: field("total_trophies", float64(1))},
		{name: "trophy-same-activity-200", token: lms, method: "POST", path: "/v1/participants/" + p + "/trophies", body: trophy("k1", "kebijakan", 0), want: 200, check: field("total_trophies", float64(1))},
		{name: "trophy-same-activity-other-details-409", token: lms, method: "POST", path: "/v1/participants/" + p + "/trophies", body: trophy("k1", "substansi_1", 1), want: 409, check: problem("R-TRO-8", "")},
		{name: "trophy-kebijakan-agenda-1-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/trophies", body: trophy("k9", "kebijakan", 1), want: 422, check: problem("R-TRO-8", "agenda")},
		{name: "trophy-unknown-material-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/trophies", body: trophy("k9", "sejarah", 1), want: 422, check: problem("R-TRO-8", "material")},
		{name: "trophy-agenda-5-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/trophies", body: trophy("k9", "substansi_1", 5), want: 422, check: problem("R-TRO-8", "agenda")},
		{name: "trophy-agenda-string-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/trophies", body: map[string]any{"activity_id": "k9", "material": "substansi_1", "agenda": "1", "earned_at": "2024-06-05T09:30:00Z"}, want: 422, check: problem("", "agenda")},
		{name: "trophy-bad-time-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/trophies", body: map[string]any{"activity_id": "k9", "material": "substansi_1", "agenda": 1, "earned_at": "yesterday"}, want: 422, check: problem("", "earned_at")},
		{name: "trophy-missing-agenda-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/trophies", body: map[string]any{"activity_id": "k9", "material": "substansi_1", "earned_at": "2024-06-05T09:30:00Z"}, want: 422, check: problem("", "agenda")},
		{name: "trophy-other-lms-404", token: otherLMS, method: "POST", path: "/v1/participants/" + p + "/trophies", body: trophy("k2", "kebijakan", 0), want: 404},
		{name: "trophy-dashboard-403", token: dashboard, method: "POST", path: "/v1/participants/" + p + "/trophies", body: trophy("k2", "kebijakan", 0), want: 403},
		{name: "trophy-agency-403", token: agency, method: "POST", path: "/v1/participants/" + p + "/trophies", body: trophy("k2", "kebijakan", 0), want: 403},
		{name: "trophy-unknown-participant-404", token: admin, method: "POST", path: "/v1/participants/199001012020011999/trophies", body: trophy("k2", "kebijakan", 0), want: 404},
		{name: "trophy-bad-nip-404", token: admin, method: "POST", path: "/v1/participants/abc/trophies", body: trophy("k2", "kebijakan", 0), want: 404},
		{name: "posttest-201", token: lms, method: "POST", path: "/v1/participants/" + p + "/posttests", body: map[string]any{"attempt_id": "a1", "substansi_1_score": 70.15, "substansi_2_score": 70, "taken_at": "2024-06-20T10:00:00Z"}, want: 201, check: field("weighted_score", 70.11)},
		{name: "posttest-repeat-200", token: lms, method: "POST", path: "/v1/participants/" + p + "/posttests", body: map[string]any{"attempt_id": "a1", "substansi_1_score": 70.15, "substansi_2_score": 70, "taken_at": "2024-06-20T10:00:00Z"}, want: 200, check: field("attempt_number", float64(1))},
		{name: "posttest-repeat-other-scores-409", token: lms, method: "POST", path: "/v1/participants/" + p + "/posttests", body: map[string]any{"attempt_id": "a1", "substansi_1_score": 90, "substansi_2_score": 70, "taken_at": "2024-06-20T10:00:00Z"}, want: 409},
		{name: "posttest-three-decimals-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/posttests", body: `{"attempt_id": "a2", "substansi_1_score": 70.155, "substansi_2_score": 70, "taken_at": "2024-06-20T10:00:00Z"}`, want: 422, check: problem("R-POST-3", "substansi_1_score")},
		{name: "posttest-over-100-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/posttests", body: map[string]any{"attempt_id": "a2", "substansi_1_score": 100.01, "substansi_2_score": 70, "taken_at": "2024-06-20T10:00:00Z"}, want: 422, check: problem("", "substansi_1_score")},
		{name: "posttest-negative-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/posttests", body: map[string]any{"attempt_id": "a2", "substansi_1_score": 80, "substansi_2_score": -1, "taken_at": "2024-06-20T10:00:00Z"}, want: 422, check: problem("", "substansi_2_score")},
		{name: "posttest-score-string-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/posttests", body: map[string]any{"attempt_id": "a2", "substansi_1_score": "80", "substansi_2_score": 70, "taken_at": "2024-06-20T10:00:00Z"}, want: 422, check: problem("", "substansi_1_score")},
		{name: "posttest-missing-score-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/posttests", body: map[string]any{"attempt_id": "a2", "substansi_1_score": 80, "taken_at": "2024-06-20T10:00:00Z"}, want: 422, check: problem("", "substansi_2_score")},
		{name: "checkin-before-mooc-422", token: lms, method: "POST", path: "/v1/participants/" + p + "/checkin", body: map[string]any{"checked_in_at": "2024-07-22T07:30:00Z"}, want: 422, check: problem("R-CHECKIN-1", "")},
		{name: "standing-lms-200", token: lms, method: "GET", path: "/v1/participants/" + p + "/standing?min_position=1", want: 200, check: field("mooc.trophies.total", float64(1))},
		{name: "standing-agency-200", token: agency, method: "GET", path: "/v1/participants/" + p + "/standing", want: 200},
		{name: "standing-auditor-200", token: auditor, method: "GET", path: "/v1/participants/" + p + "/standing", want: 200},
		{name: "standing-dashboard-200", token: dashboard, method: "GET", path: "/v1/participants/" + q + "/standing", want: 200, check: field("mooc.passed", false)},
		{name: "standing-other-lms-404", token: otherLMS, method: "GET", path: "/v1/participants/" + p + "/standing", want: 404},
		{name: "standing-other-agency-404", token: otherAgency, method: "GET", path: "/v1/participants/" + p + "/standing", want: 404},
		{name: "standing-unknown-404", token: admin, method: "GET", path: "/v1/participants/199001012020011999/standing", want: 404},
		{name: "standing-no-token-401", token: nobody, method: "GET", path: "/v1/participants/" + p + "/standing", want: 401},
	}
	runCases(t, e, cases)
}

func TestTokenEndpoints(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	var issued map[string]any
	cases := []apiCase{
		{name: "issue-lms-403", token: lms, method: "POST", path: "/v1/tokens", body: map[string]any{"name": "x", "role": "auditor"}, want: 403},
		{name: "issue-unknown-role-422", token: admin, method: "POST", path: "/v1/tokens", body: map[string]any{"name": "x", "role": "root"}, want: 422, check: problem("", "role")},
		{name: "issue-lms-without-institution-422", token: admin, method: "POST", path: "/v1/tokens", body: map[string]any{"name": "x", "role": "lms"}, want: 422, check: problem("", "institution_id")},
		{name: "issue-agency-without-agency-422", token: admin, method: "POST", path: "/v1/tokens", body: map[string]any{"name": "x", "role": "agency"}, want: 422, check: problem("", "agency")},
		{name: "issue-auditor-201", token: admin, method: "POST", path: "/v1/tokens", body: map[string]any{"name": "audit", "role": "auditor"}, want: 201, check: func(t *testing.T, r response) {
			issued = r.json(t)
			if !strings.HasPrefix(issued["token"].(string), "lat_") {
				t.Fatalf("token=%v", issued["token"])
			}
		}},
	}
	runCases(t, e, cases)
	secret, id := issued["token"].(string), issued["token_id"].(string)
	mustStatus(t, e.do(secret, "GET", "/v1/cohorts/NOPE", nil), 404) // the new token works at once
	mustStatus(t, e.do(e.lms(), "DELETE", "/v1/tokens/"+id, nil), 403)
	mustStatus(t, e.do(adminSecret, "DELETE", "/v1/tokens/tok_unknown", nil), 404)
	mustStatus(t, e.do(adminSecret, "DELETE", "/v1/tokens/"+id, nil), 201)
	mustStatus(t, e.do(secret, "GET", "/v1/cohorts/NOPE", nil), 401) // and stops at once
	mustStatus(t, e.do(adminSecret, "DELETE", "/v1/tokens/"+id, nil), 200)
}

func TestOperationalEndpoints(t *testing.T) {
	e := start(t)
	runCases(t, e, []apiCase{
		{name: "healthz-open-200", token: nobody, method: "GET", path: "/healthz", want: 200},
		{name: "readyz-open-200", token: nobody, method: "GET", path: "/readyz", want: 200, check: field("stores.events.status", "up")},
		{name: "openapi-open-200", token: nobody, method: "GET", path: "/openapi.json", want: 200},
		{name: "docs-open-200", token: nobody, method: "GET", path: "/docs/", want: 200},
		{name: "metrics-200", token: nobody, method: "GET", path: "/metrics", want: 200, check: func(t *testing.T, r response) {
			if !strings.Contains(string(r.body), "latsar_http_requests_total") {
				t.Fatal("no latsar_http_requests_total in /metrics")
			}
		}},
	})
	e.checkOA = false // an undocumented path is the point here
	runCases(t, e, []apiCase{{name: "unknown-route-404-problem", token: admin, method: "GET", path: "/v1/nothing", want: 404, check: problem("", "")}})
	if e.do("", "GET", "/healthz", nil).header.Get("X-Request-Id") == "" {
		t.Fatal("no X-Request-Id on answers")
	}
	_ = http.StatusOK
}
