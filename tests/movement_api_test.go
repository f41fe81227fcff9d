package tests

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

func withdrawal(on string) map[string]any {
	return map[string]any{"reason": "Mengundurkan diri karena sakit", "letter_number": "800/12/BKPSDM/2024", "withdrawn_on": on}
}

func transferTo(id string) map[string]any {
	return map[string]any{"to_cohort_id": id, "reason": "Pindah angkatan atas permintaan instansi", "transferred_on": "2024-06-10"}
}

// TestWithdrawal is R-MOVE-1: the withdrawal is written on the roster and
// the participant; a later trophy is refused and the meeting leaves the
// participant out.
func TestWithdrawal(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	nips := e.openCohort("WD", 2)
	p := "/v1/participants/" + nips[0]
	runCases(t, e, []apiCase{
		{name: "no-letter-422", token: lms, method: "POST", path: p + "/withdrawal",
			body: map[string]any{"reason": "x", "withdrawn_on": "2024-07-01"}, want: 422, check: problem("R-MOVE-1", "letter_number")},
		{name: "auditor-403", token: func(e *env) string { return e.auditor() }, method: "POST", path: p + "/withdrawal", body: withdrawal("2024-07-01"), want: 403},
		{name: "other-lms-404", token: func(e *env) string { return e.otherLMS() }, method: "POST", path: p + "/withdrawal", body: withdrawal("2024-07-01"), want: 404},
		{name: "withdraw-201", token: lms, method: "POST", path: p + "/withdrawal", body: withdrawal("2024-07-01"), want: 201, check: field("cohort_id", "WD")},
		{name: "withdraw-again-200", token: lms, method: "POST", path: p + "/withdrawal", body: withdrawal("2024-07-01"), want: 200},
		{name: "withdraw-other-date-409", token: lms, method: "POST", path: p + "/withdrawal", body: withdrawal("2024-07-02"), want: 409, check: problem("R-MOVE-1", "")},
		{name: "trophy-after-withdrawal-409", token: lms, method: "POST", path: p + "/trophies", body: trophy("keb-1", "kebijakan", 0), want: 409, check: problem("R-MOVE-1", "")},
		{name: "transfer-after-withdrawal-409", token: lms, method: "POST", path: p + "/transfer", body: transferTo("WD"), want: 409},
	})
	r := e.do(e.lms(), "POST", "/v1/cohorts/WD/graduation", gradMeeting("2024-08-02", "BA-WD"))
	mustStatus(t, r, http.StatusCreated)
	gradDecisionsAre(map[string]string{nips[1]: "incomplete"})(t, r)
	// A decided participant does not withdraw.
	r = e.do(e.lms(), "POST", "/v1/participants/"+nips[1]+"/withdrawal", withdrawal("2024-07-01"))
	mustStatus(t, r, http.StatusConflict)
	problem("R-MOVE-1", "")(t, r)
}

// TestTransfer is R-MOVE-2: out of the old roster, into the new one, the
// learning record kept; a full cohort, another institution's cohort and a
// decided participant refused with nothing written.
func TestTransfer(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	nips := e.openCohort("FULL", 40)
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", cohortBody("TA")), http.StatusCreated)
	mover := nip(500)
	gradEnrol(t, e, "TA", mover)
	mustStatus(t, e.do(e.lms(), "POST", "/v1/participants/"+mover+"/trophies", trophy("keb-1", "kebijakan", 0)), http.StatusCreated)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", cohortBody("TB")), http.StatusCreated)
	other := cohortBody("OTHER")
	other["institution_id"] = "bpsdm-jabar"
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", other), http.StatusCreated)
	p := "/v1/participants/" + mover

	before := e.head()
	runCases(t, e, []apiCase{
		{name: "into-full-cohort-422", token: lms, method: "POST", path: p + "/transfer", body: transferTo("FULL"), want: 422, check: problem("R-COH-1", "nip")},
		{name: "other-institution-422", token: func(e *env) string { return adminSecret }, method: "POST", path: p + "/transfer", body: transferTo("OTHER"), want: 422, check: problem("R-MOVE-2", "to_cohort_id")},
		{name: "unknown-cohort-422", token: lms, method: "POST", path: p + "/transfer", body: transferTo("NOPE"), want: 422, check: problem("R-MOVE-2", "to_cohort_id")},
		{name: "same-cohort-422", token: lms, method: "POST", path: p + "/transfer", body: transferTo("TA"), want: 422, check: problem("R-MOVE-2", "to_cohort_id")},
	})
	if after := e.head(); after != before {
		t.Fatalf("refused transfers wrote events: head %s -> %s", before, after)
	}
	r := e.do(e.lms(), "POST", p+"/transfer", transferTo("TB"))
	mustStatus(t, r, http.StatusCreated)
	field("cohort_id", "TB")(t, r)
	if evs := r.json(t)["events"].([]any); len(evs) != 3 {
		t.Fatalf("a transfer wrote %d events, want 3 (both cohorts and the participant)", len(evs))
	}
	again := e.do(e.lms(), "POST", p+"/transfer", transferTo("TB"))
	mustStatus(t, again, http.StatusOK)
	if evs := again.json(t)["events"].([]any); len(evs) != 3 {
		t.Fatalf("the same transfer again answered %d events, want the 3 recorded", len(evs))
	}
	st := e.standing(e.lms(), mover)
	scnWant(t, "the moved participant", st, map[string]any{"cohort_id": "TB"})
	// The old cohort's meeting leaves them out; the new one decides them.
	r = e.do(e.lms(), "GET", "/v1/cohorts/TA/graduation/preview", nil)
	mustStatus(t, r, http.StatusOK)
	gradDecisionsAre(map[string]string{})(t, r)
	r = e.do(e.lms(), "POST", "/v1/cohorts/TB/graduation", gradMeeting("2024-08-02", "BA-TB"))
	mustStatus(t, r, http.StatusCreated)
	gradDecisionsAre(map[string]string{mover: "incomplete"})(t, r)
	// Refused after a decision.
	r = e.do(e.lms(), "POST", p+"/transfer", transferTo("TA"))
	mustStatus(t, r, http.StatusConflict)
	_ = nips
}

// TestTransferRacedAgainstTrophy: a transfer and a trophy at once, many
// times: the trophy lands before or after the move, never lost, and
// counted on the participant in the cohort they end up in.
func TestTransferRacedAgainstTrophy(t *testing.T) {
	e := start(t)
	lms := e.lms()
	mustStatus(t, e.do(lms, "POST", "/v1/cohorts", cohortBody("RA")), http.StatusCreated)
	mustStatus(t, e.do(lms, "POST", "/v1/cohorts", cohortBody("RB")), http.StatusCreated)
	const n = 12
	for i := range n {
		gradEnrol(t, e, "RA", nip(600+i))
	}
	var wg sync.WaitGroup
	for i := range n {
		p := "/v1/participants/" + nip(600+i)
		wg.Add(2)
		go func() {
			defer wg.Done()
			scnExpect(t, p+" transfer", e.do(lms, "POST", p+"/transfer", transferTo("RB")), http.StatusCreated)
		}()
		go func() {
			defer wg.Done()
			scnExpect(t, p+" trophy", e.do(lms, "POST", p+"/trophies", trophy(fmt.Sprintf("keb-%d", i), "kebijakan", 0)), http.StatusCreated)
		}()
	}
	wg.Wait()
	for i := range n {
		st := e.standing(lms, nip(600+i))
		scnWant(t, nip(600+i), st, map[string]any{"cohort_id": "RB", "mooc.trophies.total": float64(1)})
	}
	r := e.do(lms, "GET", "/v1/cohorts/RB/graduation/preview", nil)
	mustStatus(t, r, http.StatusOK)
	if _, ds := scnDecisions(t, r); len(ds) != n {
		t.Fatalf("RB decides %d participants, want %d", len(ds), n)
	}
	r = e.do(lms, "GET", "/v1/cohorts/RA/graduation/preview", nil)
	mustStatus(t, r, http.StatusOK)
	if _, ds := scnDecisions(t, r); len(ds) != 0 {
		t.Fatalf("RA still decides %d participants (ghosts)", len(ds))
	}
}
