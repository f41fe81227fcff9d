package tests

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// templatedBody is cohort id laid out by the blended template from
// 2024-06-03 (klasikal 2024-09-05..12), ending 2024-09-27.
func templatedBody(id string, defaults bool) map[string]any {
	b := cohortBody(id)
	b["template"], b["ends_on"] = "perlan-1-2021-blended", "2024-09-27"
	if defaults {
		b["default_sessions"] = true
	}
	return b
}

// TestDefaultSessionsAPI is R-PHASE-21 over HTTP: the opening and the
// master schedule's sessions in one append, listed by the cohort view;
// default_sessions without a template is 422 naming it.
func TestDefaultSessionsAPI(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	noTemplate := cohortBody("DS-0")
	noTemplate["default_sessions"] = true
	runCases(t, e, []apiCase{
		{name: "without-template-422", token: lms, method: "POST", path: "/v1/cohorts", body: noTemplate, want: 422, check: problem("R-PHASE-21", "default_sessions")},
		{name: "open-201", token: lms, method: "POST", path: "/v1/cohorts", body: templatedBody("DS", true), want: 201, check: func(t *testing.T, r response) {
			if n := len(r.json(t)["events"].([]any)); n != 17 {
				t.Fatalf("%d events, want the opening and 16 sessions", n)
			}
		}},
		{name: "again-200", token: lms, method: "POST", path: "/v1/cohorts", body: templatedBody("DS", true), want: 200},
		{name: "without-them-now-409", token: lms, method: "POST", path: "/v1/cohorts", body: templatedBody("DS", false), want: 409},
	})
	r := e.do(e.lms(), "GET", "/v1/cohorts/DS?min_position="+e.head(), nil)
	mustStatus(t, r, http.StatusOK)
	sessions := r.json(t)["sessions"].([]any)
	if len(sessions) != 16 {
		t.Fatalf("the view lists %d sessions, want 16", len(sessions))
	}
	last := sessions[15].(map[string]any)
	if last["session_id"] != "DS:klasikal-6" || last["jp"] != float64(4) || last["date"] != "2024-09-12" || last["mode"] != "klasikal" {
		t.Fatalf("last session %v, want klasikal day 6 (4 JP) on 2024-09-12", last)
	}
}

func move(on, reason string) map[string]any { return map[string]any{"starts_on": on, "reason": reason} }

// TestMovePhaseAPI is R-PHASE-20 over HTTP: each refusal names its field
// and rule and writes nothing; the move is shown by the cohort view with
// its reason.
func TestMovePhaseAPI(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", templatedBody("MV", false)), http.StatusCreated)
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", cohortBody("MV-PLAIN")), http.StatusCreated)
	p := "/v1/cohorts/MV/phases/"
	e.auditor()
	e.otherLMS() // their tokens are issued before the head is read
	before := e.head()
	runCases(t, e, []apiCase{
		{name: "no-reason-422", token: lms, method: "POST", path: p + "klasikal/move", body: move("2024-09-16", " "), want: 422, check: problem("R-PHASE-20", "reason")},
		{name: "saturday-422", token: lms, method: "POST", path: p + "klasikal/move", body: move("2024-09-14", "x"), want: 422, check: problem("R-PHASE-20", "starts_on")},
		{name: "not-a-date-422", token: lms, method: "POST", path: p + "klasikal/move", body: move("14/09/2024", "x"), want: 422, check: problem("", "starts_on")},
		{name: "unknown-phase-422", token: lms, method: "POST", path: p + "orientation/move", body: move("2024-09-16", "x"), want: 422, check: problem("R-PHASE-20", "phase")},
		{name: "pktbt-alone-422", token: lms, method: "POST", path: p + "pktbt/move", body: move("2024-07-29", "x"), want: 422, check: problem("R-PHASE-20", "phase")},
		{name: "overlap-422", token: lms, method: "POST", path: p + "klasikal/move", body: move("2024-09-02", "x"), want: 422, check: problem("R-PHASE-20", "starts_on")},
		{name: "past-ends-on-422", token: lms, method: "POST", path: p + "klasikal/move", body: move("2024-09-30", "x"), want: 422, check: problem("R-PHASE-20", "starts_on")},
		{name: "no-template-409", token: lms, method: "POST", path: "/v1/cohorts/MV-PLAIN/phases/klasikal/move", body: move("2024-09-16", "x"), want: 409, check: problem("R-PHASE-20", "")},
		{name: "auditor-403", token: func(e *env) string { return e.auditor() }, method: "POST", path: p + "klasikal/move", body: move("2024-09-16", "x"), want: 403},
		{name: "other-lms-404", token: func(e *env) string { return e.otherLMS() }, method: "POST", path: p + "klasikal/move", body: move("2024-09-16", "x"), want: 404},
	})
	if after := e.head(); after != before {
		t.Fatalf("refused moves wrote events: head %s -> %s", before, after)
	}
	reason := "Gedung diklat dipakai untuk seleksi CPNS"
	runCases(t, e, []apiCase{
		{name: "move-201", token: lms, method: "POST", path: p + "klasikal/move", body: move("2024-09-16", reason), want: 201, check: func(t *testing.T, r response) {
			phases := r.json(t)["cohort"].(map[string]any)["phases"].([]any)
			if k := phases[4].(map[string]any); k["starts_on"] != "2024-09-16" || k["ends_on"] != "2024-09-23" {
				t.Fatalf("klasikal %v, want 2024-09-16..23", k)
			}
		}},
		{name: "again-200", token: lms, method: "POST", path: p + "klasikal/move", body: move("2024-09-16", reason), want: 200},
	})
	r := e.do(e.lms(), "GET", "/v1/cohorts/MV?min_position="+e.head(), nil)
	mustStatus(t, r, http.StatusOK)
	moves, _ := r.json(t)["phase_moves"].([]any)
	if len(moves) != 1 || moves[0].(map[string]any)["reason"] != reason || moves[0].(map[string]any)["from_starts_on"] != "2024-09-05" {
		t.Fatalf("phase_moves %v", moves)
	}
}

// TestReleaseAPI is R-MOVE-3 over HTTP: refused before the meeting, then
// one append over the cohort and its participants; each standing shows
// released; once.
func TestReleaseAPI(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	nips := e.openCohort("RL", 2)
	p := "/v1/cohorts/RL/release"
	release := func(on string) map[string]any { return map[string]any{"released_on": on} }
	runCases(t, e, []apiCase{
		{name: "before-meeting-409", token: lms, method: "POST", path: p, body: release("2024-08-02"), want: 409, check: problem("R-MOVE-3", "")},
		{name: "unknown-cohort-404", token: lms, method: "POST", path: "/v1/cohorts/NOPE/release", body: release("2024-08-02"), want: 404},
	})
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts/RL/graduation", gradMeeting("2024-08-02", "BA-RL")), http.StatusCreated)
	runCases(t, e, []apiCase{
		{name: "not-a-date-422", token: lms, method: "POST", path: p, body: release("2 Agustus"), want: 422, check: problem("", "released_on")},
		{name: "future-422", token: lms, method: "POST", path: p, body: release("2999-01-04"), want: 422, check: problem("R-DATE-5", "released_on")},
		{name: "before-meeting-day-422", token: lms, method: "POST", path: p, body: release("2024-08-01"), want: 422, check: problem("R-MOVE-3", "released_on")},
		{name: "auditor-403", token: func(e *env) string { return e.auditor() }, method: "POST", path: p, body: release("2024-08-05"), want: 403},
		{name: "other-lms-404", token: func(e *env) string { return e.otherLMS() }, method: "POST", path: p, body: release("2024-08-05"), want: 404},
		{name: "release-201", token: lms, method: "POST", path: p, body: release("2024-08-05"), want: 201, check: func(t *testing.T, r response) {
			if n := len(r.json(t)["events"].([]any)); n != 3 {
				t.Fatalf("%d events, want the cohort's and two participants'", n)
			}
		}},
		{name: "again-200", token: lms, method: "POST", path: p, body: release("2024-08-05"), want: 200},
		{name: "other-day-409", token: lms, method: "POST", path: p, body: release("2024-08-06"), want: 409, check: problem("R-MOVE-3", "")},
	})
	for _, n := range nips {
		released, _ := e.standing(e.lms(), n)["released"].(map[string]any)
		if released["released_on"] != "2024-08-05" || released["agency"] != "pemkab-blitar" || released["meeting_ref"] != "BA-RL" {
			t.Errorf("%s released %v", n, released)
		}
	}
	r := e.do(e.lms(), "GET", "/v1/cohorts/RL?min_position="+e.head(), nil)
	if rel, _ := r.json(t)["release"].(map[string]any); rel["released_on"] != "2024-08-05" {
		t.Errorf("cohort view release %v", rel)
	}
}

// TestReleaseRacesTheMeeting: a release sent at the same moment as the
// graduation meeting, many times: the release answers 201 (it came after
// the meeting: every participant released) or 409 (before: nobody
// released, and it succeeds once sent again); never a partial release.
func TestReleaseRacesTheMeeting(t *testing.T) {
	e := start(t)
	const rounds = 20
	early := 0
	for i := range rounds {
		id := fmt.Sprintf("RR-%d", i)
		mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", cohortBody(id)), http.StatusCreated)
		nips := []string{nip(3 * i), nip(3*i + 1), nip(3*i + 2)}
		for _, n := range nips {
			gradEnrol(t, e, id, n)
		}
		statuses := make([]int, 2)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			statuses[0] = e.do(e.lms(), "POST", "/v1/cohorts/"+id+"/graduation", gradMeeting("2024-08-02", "BA-"+id)).status
		}()
		go func() {
			defer wg.Done()
			statuses[1] = e.do(e.lms(), "POST", "/v1/cohorts/"+id+"/release", map[string]any{"released_on": "2024-08-02"}).status
		}()
		wg.Wait()
		if statuses[0] != http.StatusCreated || (statuses[1] != http.StatusCreated && statuses[1] != http.StatusConflict) {
			t.Fatalf("round %d: meeting %d, release %d", i, statuses[0], statuses[1])
		}
		released := 0
		for _, n := range nips {
			if e.standing(e.lms(), n)["released"] != nil {
				released++
			}
		}
		if want := map[int]int{http.StatusCreated: 3, http.StatusConflict: 0}[statuses[1]]; released != want {
			t.Fatalf("round %d: release %d left %d of 3 participants released, want %d", i, statuses[1], released, want)
		}
		if statuses[1] == http.StatusConflict {
			early++
			mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts/"+id+"/release", map[string]any{"released_on": "2024-08-02"}), http.StatusCreated)
		}
	}
	t.Logf("%d of %d releases came before the meeting", early, rounds)
}
