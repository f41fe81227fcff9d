package tests

import (
	"net/http"
	"testing"
)

func proposal(n, agency string) map[string]any {
	return map[string]any{"nip": n, "name": "Peserta " + n[len(n)-3:], "golongan": "III", "agency": agency, "letter_number": "800/45/BKPSDM/2024"}
}

// TestCallUpToEnrolment is seed 003's call-up over HTTP: the home agency
// proposes (R-CALL-1), the institution calls up (R-CALL-2), the LMS
// confirms, which enrols (R-CALL-3); each refusal cites its rule.
func TestCallUpToEnrolment(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	agency := func(e *env) string { return e.agency() }
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", cohortBody("CU")), http.StatusCreated)
	a, b, c := nip(1), nip(2), nip(3)
	callup := func(letter string, nips ...string) map[string]any {
		return map[string]any{"nips": nips, "letter_number": letter, "called_on": "2024-05-27"}
	}
	confirm := map[string]any{"confirmed_at": "2024-05-29T09:00:00Z"}
	runCases(t, e, []apiCase{
		{name: "propose-201", token: agency, method: "POST", path: "/v1/cohorts/CU/proposals", body: proposal(a, "pemkab-blitar"), want: 201, check: field("nip", a)},
		{name: "propose-again-200", token: agency, method: "POST", path: "/v1/cohorts/CU/proposals", body: proposal(a, "pemkab-blitar"), want: 200},
		{name: "propose-b-201", token: agency, method: "POST", path: "/v1/cohorts/CU/proposals", body: proposal(b, "pemkab-blitar"), want: 201},
		{name: "propose-other-agency-403", token: agency, method: "POST", path: "/v1/cohorts/CU/proposals", body: proposal(c, "pemkot-malang"), want: 403},
		{name: "propose-lms-403", token: lms, method: "POST", path: "/v1/cohorts/CU/proposals", body: proposal(c, "pemkab-blitar"), want: 403},
		{name: "propose-no-letter-422", token: agency, method: "POST", path: "/v1/cohorts/CU/proposals",
			body: map[string]any{"nip": c, "name": "X", "golongan": "III", "agency": "pemkab-blitar"}, want: 422, check: problem("R-CALL-1", "letter_number")},
		{name: "propose-no-cohort-404", token: agency, method: "POST", path: "/v1/cohorts/NOPE/proposals", body: proposal(c, "pemkab-blitar"), want: 404},
		{name: "confirm-before-callup-409", token: lms, method: "POST", path: "/v1/participants/" + a + "/confirmation",
			body: map[string]any{"confirmed_at": "2024-05-29T09:00:00Z", "cohort_id": "CU"}, want: 409, check: problem("R-CALL-3", "")},
		{name: "callup-not-proposed-422", token: lms, method: "POST", path: "/v1/cohorts/CU/callups", body: callup("800/77/BPSDM/2024", a, c), want: 422, check: problem("R-CALL-2", "nips[1]")},
		{name: "callup-agency-403", token: agency, method: "POST", path: "/v1/cohorts/CU/callups", body: callup("800/77/BPSDM/2024", a), want: 403},
		{name: "callup-other-lms-404", token: func(e *env) string { return e.otherLMS() }, method: "POST", path: "/v1/cohorts/CU/callups", body: callup("800/77/BPSDM/2024", a), want: 404},
		{name: "callup-201", token: lms, method: "POST", path: "/v1/cohorts/CU/callups", body: callup("800/77/BPSDM/2024", a), want: 201},
		{name: "callup-again-200", token: lms, method: "POST", path: "/v1/cohorts/CU/callups", body: callup("800/77/BPSDM/2024", a), want: 200},
		{name: "callup-a-again-other-letter-422", token: lms, method: "POST", path: "/v1/cohorts/CU/callups", body: callup("800/78/BPSDM/2024", a, b), want: 422, check: problem("R-CALL-2", "nips[0]")},
		{name: "confirm-b-not-called-409", token: lms, method: "POST", path: "/v1/participants/" + b + "/confirmation", body: confirm, want: 409, check: problem("R-CALL-3", "")},
		{name: "confirm-other-lms-409", token: func(e *env) string { return e.otherLMS() }, method: "POST", path: "/v1/participants/" + a + "/confirmation", body: confirm, want: 409},
		{name: "confirm-agency-403", token: agency, method: "POST", path: "/v1/participants/" + a + "/confirmation", body: confirm, want: 403},
		{name: "confirm-201", token: lms, method: "POST", path: "/v1/participants/" + a + "/confirmation", body: confirm, want: 201, check: field("roster_size", float64(1))},
		{name: "confirm-again-200", token: lms, method: "POST", path: "/v1/participants/" + a + "/confirmation", body: confirm, want: 200},
		{name: "confirm-other-time-409", token: lms, method: "POST", path: "/v1/participants/" + a + "/confirmation",
			body: map[string]any{"confirmed_at": "2024-05-30T09:00:00Z"}, want: 409, check: problem("R-CALL-3", "")},
		{name: "direct-enrol-repeats-200", token: lms, method: "POST", path: "/v1/cohorts/CU/participants",
			body: map[string]any{"nip": a, "name": "Peserta " + a[len(a)-3:], "golongan": "III", "agency": "pemkab-blitar"}, want: 200},
		{name: "propose-enrolled-again-other-letter-409", token: agency, method: "POST", path: "/v1/cohorts/CU/proposals",
			body: map[string]any{"nip": a, "name": "Peserta " + a[len(a)-3:], "golongan": "III", "agency": "pemkab-blitar", "letter_number": "800/99/BKPSDM/2024"}, want: 409},
	})
	// The confirmed participant is enrolled: their standing reads and a trophy is accepted.
	mustStatus(t, e.do(e.lms(), "POST", "/v1/participants/"+a+"/trophies", trophy("keb-1", "kebijakan", 0)), http.StatusCreated)
	r := e.do(e.lms(), "GET", "/v1/cohorts/CU?min_position="+e.head(), nil)
	mustStatus(t, r, http.StatusOK)
	field("roster_size", float64(1))(t, r)
}
