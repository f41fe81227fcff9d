package tests

import (
	"net/http"
	"testing"
)

// TestLateDataAfterIncomplete is R-GRAD-5 end to end: a participant decided
// incomplete receives the missing score after the meeting and is decided by
// the cohort's repeat meeting (its first verdict: a deferral there is a
// deferral, not R-REM-4's failure); one still missing a score is left
// incomplete; what the first decision had stays closed (R-GRAD-4).
func TestLateDataAfterIncomplete(t *testing.T) {
	e := start(t)
	lms, agency := e.lms(), e.agency()
	nips := e.openCohort("LATE", 3)
	noPKTBT := scnExample6().with(map[string]float64{"pktbt": -1})
	for _, n := range nips {
		scnLearn(t, e, n, noPKTBT)
	}
	if t.Failed() {
		t.FailNow()
	}
	r := e.do(lms, "POST", "/v1/cohorts/LATE/graduation", gradMeeting("2024-08-02", "BA-LATE-1"))
	mustStatus(t, r, http.StatusCreated)
	gradDecisionsAre(map[string]string{nips[0]: "incomplete", nips[1]: "incomplete", nips[2]: "incomplete"})(t, r)

	score := func(c string, v float64) map[string]any {
		return map[string]any{"component": c, "score": v, "assessor": "Kepala BKPSDM", "assessed_at": "2024-08-05T10:00:00Z"}
	}
	runCases(t, e, []apiCase{
		// A component the decision had is closed (R-GRAD-4); so is the MOOC.
		{name: "scored-component-closed-409", token: func(e *env) string { return lms }, method: "POST", path: "/v1/participants/" + nips[0] + "/scores",
			body: score("attitude_institution", 90), want: 409, check: problem("R-GRAD-4", "")},
		{name: "trophy-closed-409", token: func(e *env) string { return lms }, method: "POST", path: "/v1/participants/" + nips[0] + "/trophies",
			body: trophy("late-keb", "kebijakan", 0), want: 409, check: problem("R-GRAD-4", "")},
		// The missing component is received (R-GRAD-5).
		{name: "missing-pktbt-201", token: func(e *env) string { return agency }, method: "POST", path: "/v1/participants/" + nips[0] + "/scores",
			body: score("pktbt", 80), want: 201},
		{name: "missing-pktbt-low-201", token: func(e *env) string { return agency }, method: "POST", path: "/v1/participants/" + nips[1] + "/scores",
			body: score("pktbt", 65), want: 201},
	})
	// The repeat meeting decides the two now complete; the third stays incomplete.
	r = e.do(lms, "POST", "/v1/cohorts/LATE/graduation/redecision", gradMeeting("2024-08-09", "BA-LATE-2"))
	mustStatus(t, r, http.StatusCreated)
	gradDecisionsAre(map[string]string{nips[0]: "lulus", nips[1]: "ditunda"})(t, r)
	_, ds := scnDecisions(t, r)
	scnWant(t, "the late deferral", ds[nips[1]], map[string]any{"deferred_components": []any{"pktbt"}})

	st := e.do(lms, "GET", "/v1/participants/"+nips[2]+"/standing", nil)
	mustStatus(t, st, http.StatusOK)
	scnWant(t, "the one still missing pktbt", st.json(t), map[string]any{"outcome.result": "incomplete"})
	// Explained as the repeat meeting judged it: a first verdict.
	x := e.do(lms, "GET", "/v1/participants/"+nips[1]+"/standing?explain=true", nil)
	mustStatus(t, x, http.StatusOK)
	scnWant(t, "the late deferral explained", x.json(t), map[string]any{"outcome.result": "ditunda"})
}
