package tests

import (
	"fmt"
	"net/http"
	"reflect"
	"sync"
	"testing"
)

// gradMeeting is the body of a graduation or repeat meeting.
func gradMeeting(on, ref string) map[string]any {
	return map[string]any{"decided_on": on, "meeting_ref": ref}
}

// gradDecisionsAre checks a meeting answer's decisions: nip -> outcome.
func gradDecisionsAre(want map[string]string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		_, ds := scnDecisions(t, r)
		got := map[string]string{}
		for n, d := range ds {
			got[n] = d["outcome"].(string)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decisions %v, want %v", got, want)
		}
	}
}

// gradEnrol enrols participant nip in cohort id (lms).
func gradEnrol(t *testing.T, e *env, id, nip string) {
	t.Helper()
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts/"+id+"/participants", map[string]any{
		"nip": nip, "name": "Peserta " + nip, "golongan": "III", "agency": "pemkab-blitar",
	}), http.StatusCreated)
}

func TestGraduationEndpoints(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	dashboard := func(e *env) string { return e.dashboard() }
	auditor := func(e *env) string { return e.auditor() }
	agency := func(e *env) string { return e.agency() }
	e.lms()
	e.agency()

	// GA: participant 0 as rules.md §10 example 6 (lulus), 1 as example 7
	// (ditunda), 2 with nothing recorded (incomplete).
	nips := e.openCohort("GA", 3)
	scnLearn(t, e, nips[0], scnExample6())
	scnLearn(t, e, nips[1], scnExample6().with(map[string]float64{"academic_elearning": 45}))
	// GB: one participant, lulus: its repeat meeting has nobody to decide.
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", cohortBody("GB")), http.StatusCreated)
	gb := nip(100)
	gradEnrol(t, e, "GB", gb)
	scnLearn(t, e, gb, scnExample6())
	// GE: no participant at all.
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", cohortBody("GE")), http.StatusCreated)
	if t.Failed() {
		t.FailNow()
	}

	ga := "/v1/cohorts/GA/graduation"
	all := map[string]string{nips[0]: "lulus", nips[1]: "ditunda", nips[2]: "incomplete"}
	previewOK := func(t *testing.T, r response) {
		t.Helper()
		field("recorded", false)(t, r)
		gradDecisionsAre(all)(t, r)
		if evs := r.json(t)["events"].([]any); len(evs) != 0 {
			t.Fatalf("a preview answered %d events", len(evs))
		}
	}
	var held map[string]any // the first answer of the GA meeting
	runCases(t, e, []apiCase{
		// The preview: every reader of cohorts but the agency; another institution's cohort is 404.
		{name: "preview-admin-200", token: admin, method: "GET", path: ga + "/preview", want: 200, check: previewOK},
		{name: "preview-lms-200", token: lms, method: "GET", path: ga + "/preview", want: 200, check: previewOK},
		{name: "preview-auditor-200", token: auditor, method: "GET", path: ga + "/preview", want: 200, check: previewOK},
		{name: "preview-dashboard-200", token: dashboard, method: "GET", path: ga + "/preview", want: 200, check: previewOK},
		{name: "preview-other-lms-404", token: otherLMS, method: "GET", path: ga + "/preview", want: 404, check: problem("", "")},
		{name: "preview-agency-403", token: agency, method: "GET", path: ga + "/preview", want: 403, check: problem("", "")},
		{name: "preview-no-token-401", token: nobody, method: "GET", path: ga + "/preview", want: 401},
		{name: "preview-unknown-cohort-404", token: admin, method: "GET", path: "/v1/cohorts/NOPE/graduation/preview", want: 404},
		{name: "preview-empty-cohort-200", token: lms, method: "GET", path: "/v1/cohorts/GE/graduation/preview", want: 200, check: gradDecisionsAre(map[string]string{})},

		// A repeat meeting needs a first meeting.
		{name: "redecision-before-meeting-409", token: admin, method: "POST", path: ga + "/redecision", body: gradMeeting("2024-08-09", "BA-ULANG-1"), want: 409, check: problem("R-REM-4", "")},

		// Who may hold the meeting, and what its body must be.
		{name: "graduation-dashboard-403", token: dashboard, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), want: 403, check: problem("", "")},
		{name: "graduation-auditor-403", token: auditor, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), want: 403},
		{name: "graduation-agency-403", token: agency, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), want: 403},
		{name: "graduation-other-lms-404", token: otherLMS, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), want: 404, check: problem("", "")},
		{name: "graduation-no-token-401", token: nobody, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), want: 401},
		{name: "graduation-unknown-cohort-404", token: admin, method: "POST", path: "/v1/cohorts/NOPE/graduation", body: gradMeeting("2024-08-02", "BA-RAPAT-1"), want: 404},
		{name: "graduation-missing-meeting-ref-422", token: lms, method: "POST", path: ga, body: map[string]any{"decided_on": "2024-08-02"}, want: 422, check: problem("", "meeting_ref")},
		{name: "graduation-empty-meeting-ref-422", token: lms, method: "POST", path: ga, body: gradMeeting("2024-08-02", ""), want: 422, check: problem("", "meeting_ref")},
		{name: "graduation-bad-meeting-ref-422", token: lms, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA RAPAT/1"), want: 422, check: problem("", "meeting_ref")},
		{name: "graduation-bad-decided-on-422", token: lms, method: "POST", path: ga, body: gradMeeting("2024-02-30", "BA-RAPAT-1"), want: 422, check: problem("", "decided_on")},
		{name: "graduation-decided-on-not-a-date-422", token: lms, method: "POST", path: ga, body: gradMeeting("02/08/2024", "BA-RAPAT-1"), want: 422, check: problem("", "decided_on")},
		{name: "graduation-missing-decided-on-422", token: lms, method: "POST", path: ga, body: map[string]any{"meeting_ref": "BA-RAPAT-1"}, want: 422, check: problem("", "decided_on")},
		{name: "graduation-decided-on-number-422", token: lms, method: "POST", path: ga, body: map[string]any{"decided_on": 20240802, "meeting_ref": "BA-RAPAT-1"}, want: 422, check: problem("", "decided_on")},
		{name: "graduation-unknown-field-422", token: lms, method: "POST", path: ga, body: map[string]any{"decided_on": "2024-08-02", "meeting_ref": "BA-RAPAT-1", "meeting": "x"}, want: 422, check: problem("", "meeting")},
		{name: "graduation-malformed-400", token: lms, method: "POST", path: ga, body: `{"decided_on": `, want: 400, check: problem("", "")},
		{name: "graduation-not-json-415", token: lms, method: "POST", path: ga, body: "x", headers: []string{"Content-Type", "text/plain"}, want: 415},
		{name: "graduation-preview-unchanged-200", token: lms, method: "GET", path: ga + "/preview", want: 200, check: previewOK},

		// The meeting, then the same meeting again, then another.
		{name: "graduation-lms-201", token: lms, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), want: 201, check: func(t *testing.T, r response) {
			held = r.json(t)
			field("recorded", true)(t, r)
			field("meeting_ref", "BA-RAPAT-1")(t, r)
			field("outcomes.lulus", float64(1))(t, r)
			field("outcomes.ditunda", float64(1))(t, r)
			field("outcomes.incomplete", float64(1))(t, r)
			gradDecisionsAre(all)(t, r)
			if ids := scnEventIDs(held); len(ids) != 7 {
				t.Fatalf("%d events, want 3 GraduationDecided, 1 GraduationMeetingHeld, 1 DocumentsNumbered and the lulus participant's STTP and Piagam (DocumentIssued)", len(ids))
			}
		}},
		{name: "graduation-same-ref-200", token: lms, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), want: 200, check: func(t *testing.T, r response) {
			if got, want := scnEventIDs(r.json(t)), scnEventIDs(held); !reflect.DeepEqual(got, want) {
				t.Fatalf("the same meeting again answered events %v, want the first ones %v", got, want)
			}
			_, again := scnDecisions(t, r)
			for _, d := range held["decisions"].([]any) {
				first := d.(map[string]any)
				if got := again[first["nip"].(string)]["event_id"]; got != first["event_id"] {
					t.Fatalf("%s: event_id %v, want %v", first["nip"], got, first["event_id"])
				}
			}
		}},
		{name: "graduation-same-ref-admin-200", token: admin, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), want: 200},
		{name: "graduation-same-ref-idempotency-key-200", token: lms, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), headers: []string{"Idempotency-Key", "rapat-1"}, want: 200},
		{name: "graduation-idempotency-key-replayed-200", token: lms, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-1"), headers: []string{"Idempotency-Key", "rapat-1"}, want: 200, check: func(t *testing.T, r response) {
			if r.header.Get("Idempotent-Replayed") != "true" {
				t.Fatal("no Idempotent-Replayed: true on a replay")
			}
		}},
		{name: "graduation-idempotency-key-other-body-422", token: lms, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-2"), headers: []string{"Idempotency-Key", "rapat-1"}, want: 422},
		{name: "graduation-other-ref-409", token: lms, method: "POST", path: ga, body: gradMeeting("2024-08-05", "BA-RAPAT-2"), want: 409, check: problem("R-GRAD-4", "")},
		{name: "graduation-other-ref-admin-409", token: admin, method: "POST", path: ga, body: gradMeeting("2024-08-02", "BA-RAPAT-2"), want: 409, check: problem("R-GRAD-4", "")},
		{name: "graduation-preview-after-meeting-200", token: auditor, method: "GET", path: ga + "/preview", want: 200, check: field("recorded", false)},

		// The repeat meeting.
		{name: "redecision-dashboard-403", token: dashboard, method: "POST", path: ga + "/redecision", body: gradMeeting("2024-08-09", "BA-ULANG-1"), want: 403},
		{name: "redecision-agency-403", token: agency, method: "POST", path: ga + "/redecision", body: gradMeeting("2024-08-09", "BA-ULANG-1"), want: 403},
		{name: "redecision-other-lms-404", token: otherLMS, method: "POST", path: ga + "/redecision", body: gradMeeting("2024-08-09", "BA-ULANG-1"), want: 404},
		{name: "redecision-bad-date-422", token: lms, method: "POST", path: ga + "/redecision", body: gradMeeting("2024-13-01", "BA-ULANG-1"), want: 422, check: problem("", "decided_on")},
		{name: "redecision-missing-ref-422", token: lms, method: "POST", path: ga + "/redecision", body: map[string]any{"decided_on": "2024-08-09"}, want: 422, check: problem("", "meeting_ref")},
		{name: "redecision-16-working-days-422", token: lms, method: "POST", path: ga + "/redecision", body: gradMeeting("2024-08-26", "BA-ULANG-1"), want: 422, check: problem("R-REM-4", "decided_on")},
		{name: "redecision-15-working-days-201", token: lms, method: "POST", path: ga + "/redecision", body: gradMeeting("2024-08-23", "BA-ULANG-1"), want: 201, check: func(t *testing.T, r response) {
			field("redecision", true)(t, r)
			gradDecisionsAre(map[string]string{nips[1]: "tidak_lulus"})(t, r)
		}},
		{name: "redecision-same-ref-200", token: lms, method: "POST", path: ga + "/redecision", body: gradMeeting("2024-08-23", "BA-ULANG-1"), want: 200, check: gradDecisionsAre(map[string]string{nips[1]: "tidak_lulus"})},

		// GB: nobody deferred, so the repeat meeting decides nobody.
		{name: "gb-graduation-201", token: lms, method: "POST", path: "/v1/cohorts/GB/graduation", body: gradMeeting("2024-08-02", "BA-GB-1"), want: 201, check: gradDecisionsAre(map[string]string{gb: "lulus"})},
		{name: "gb-redecision-nobody-deferred-201", token: lms, method: "POST", path: "/v1/cohorts/GB/graduation/redecision", body: gradMeeting("2024-08-09", "BA-GB-ULANG"), want: 201, check: gradDecisionsAre(map[string]string{})},
	})

	// The same meeting_ref with another decided_on is not the meeting that
	// was recorded: it may be refused (409, as a natural id repeated with
	// other content) or answer the recorded meeting (200, decided_on
	// 2024-08-02), but it records nothing.
	t.Run("graduation-same-ref-other-date-records-nothing", func(t *testing.T) {
		before := gradCount(t, e, "GraduationDecided", "GraduationMeetingHeld")
		head := e.head()
		r := e.do(e.lms(), "POST", ga, gradMeeting("2024-08-05", "BA-RAPAT-1"))
		if after := gradCount(t, e, "GraduationDecided", "GraduationMeetingHeld"); !reflect.DeepEqual(after, before) || e.head() != head {
			t.Errorf("the log moved from %s to %s; events by type %v -> %v", head, e.head(), before, after)
		}
		switch r.status {
		case http.StatusConflict:
		case http.StatusOK:
			field("decided_on", "2024-08-02")(t, r)
		default:
			t.Errorf("status=%d, want 409 or 200; body: %s", r.status, truncate(r.body))
		}
		cv := e.do(adminSecret, "GET", "/v1/cohorts/GA?min_position="+e.head(), nil)
		mustStatus(t, cv, http.StatusOK)
		if ms, _ := cv.json(t)["meetings"].([]any); len(ms) != 2 { // BA-RAPAT-1 and BA-ULANG-1
			t.Errorf("cohort GA lists %d meetings, want 2: %v", len(ms), ms)
		}
	})

	// The standings show what the meetings recorded.
	st := e.standing(e.dashboard(), nips[0])
	scnWant(t, "standing of GA participant 0", st, map[string]any{
		"outcome.status": "decided", "outcome.result": "lulus", "outcome.meeting_ref": "BA-RAPAT-1", "outcome.decided_on": "2024-08-02",
		"outcome.rank": 1.0, "final.score": 84.75, "awards.0.kind": "sttp", "awards.1.kind": "piagam_penghargaan",
	})
	st = e.standing(e.dashboard(), nips[1])
	scnWant(t, "standing of GA participant 1", st, map[string]any{
		"outcome.result": "tidak_lulus", "outcome.redecision": true, "outcome.meeting_ref": "BA-ULANG-1", "outcome.decided_on": "2024-08-23",
	})
	st = e.standing(e.dashboard(), nips[2])
	scnWant(t, "standing of GA participant 2", st, map[string]any{"outcome.status": "decided", "outcome.result": "incomplete", "outcome.rules": []string{"R-GRAD-4"}})
}

// gradLog reads the whole global log (auditor).
func gradLog(t *testing.T, e *env) []map[string]any {
	t.Helper()
	var out []map[string]any
	after := 0.0
	for {
		r := e.do(e.auditor(), "GET", fmt.Sprintf("/v1/events?after=%d&limit=1000", int64(after)), nil)
		mustStatus(t, r, http.StatusOK)
		page := r.json(t)
		evs, _ := page["events"].([]any)
		for _, ev := range evs {
			out = append(out, ev.(map[string]any))
		}
		if len(evs) < 1000 {
			return out
		}
		after = evs[len(evs)-1].(map[string]any)["position"].(float64)
	}
}

// gradCount counts the log's events of some types, by type and stream.
func gradCount(t *testing.T, e *env, types ...string) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, ev := range gradLog(t, e) {
		for _, ty := range types {
			if ev["type"] == ty {
				n[ty+" "+ev["stream"].(string)]++
			}
		}
	}
	return n
}

// Two or more identical meetings at once record each participant's decision
// once: every answer names the same events.
func TestConcurrentGraduationSameMeetingRef(t *testing.T) {
	e := start(t)
	e.lms()
	e.agency()
	nips := e.openCohort("CG", 12)
	for i := range 3 {
		scnLearn(t, e, nips[i], scnUniform(float64(85+i)))
	}
	if t.Failed() {
		t.FailNow()
	}
	const callers = 6
	answers := make([]response, callers)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = e.do(e.tokens["lms"], "POST", "/v1/cohorts/CG/graduation", gradMeeting("2024-08-02", "BA-CG-1"))
		}()
	}
	wg.Wait()
	var first map[string]any
	created := 0
	for i, r := range answers {
		if r.status != http.StatusCreated && r.status != http.StatusOK {
			t.Fatalf("caller %d: status=%d; body: %s", i, r.status, truncate(r.body))
		}
		if r.status == http.StatusCreated {
			created++
		}
		body := r.json(t)
		if first == nil {
			first = body
			continue
		}
		if got, want := scnEventIDs(body), scnEventIDs(first); !reflect.DeepEqual(got, want) {
			t.Fatalf("caller %d answered events %v, caller 0 %v", i, got, want)
		}
	}
	if created == 0 {
		t.Fatal("no caller answered 201: nothing was recorded")
	}
	ids := scnEventIDs(first)
	if len(ids) != 20 {
		t.Fatalf("%d events, want 12 GraduationDecided, 1 GraduationMeetingHeld, 1 DocumentsNumbered and 6 DocumentIssued (3 STTP, 3 Piagam)", len(ids))
	}
	// Each participant's last event is the last of the meeting's events on
	// its stream (its decision, then its documents); every caller named the
	// same decision.
	_, decisions := scnDecisions(t, answers[0])
	positions := map[string]float64{}
	last := map[string]float64{}
	for _, ev := range first["events"].([]any) {
		m := ev.(map[string]any)
		positions[m["id"].(string)] = m["position"].(float64)
		last[m["stream"].(string)] = max(last[m["stream"].(string)], m["position"].(float64))
	}
	for i, n := range nips {
		d := decisions[n]
		if d == nil {
			t.Fatalf("no decision for %s", n)
		}
		for j, r := range answers[1:] {
			_, other := scnDecisions(t, r)
			if other[n]["event_id"] != d["event_id"] {
				t.Fatalf("%s: caller %d names decision %v, caller 0 %v", n, j+1, other[n]["event_id"], d["event_id"])
			}
		}
		st := e.standing(e.dashboard(), n)
		scnWant(t, fmt.Sprintf("standing of participant %d", i), st, map[string]any{
			"outcome.status": "decided", "outcome.meeting_ref": "BA-CG-1", "outcome.result": d["outcome"],
			"position": last["participant-"+n],
		})
	}
	cv := e.do(adminSecret, "GET", "/v1/cohorts/CG?min_position="+e.head(), nil)
	mustStatus(t, cv, http.StatusOK)
	if ms, _ := cv.json(t)["meetings"].([]any); len(ms) != 1 {
		t.Fatalf("the cohort records %d meetings, want 1", len(ms))
	}
	// The log holds exactly one GraduationDecided per participant and one meeting.
	counts := gradCount(t, e, "GraduationDecided", "GraduationMeetingHeld")
	for _, n := range nips {
		if got := counts["GraduationDecided participant-"+n]; got != 1 {
			t.Errorf("%s: %d GraduationDecided in the log, want 1", n, got)
		}
	}
	if got := counts["GraduationMeetingHeld cohort-CG"]; got != 1 {
		t.Errorf("%d GraduationMeetingHeld in the log, want 1", got)
	}
}

// Different meetings at once: R-GRAD-4 decides a cohort at one meeting, so
// one of them is held and the others refused (409 R-GRAD-4), and every
// participant is decided by the meeting that was held. The race is run on
// several cohorts, 16 meetings at once on 40 participants each.
func TestConcurrentGraduationDifferentMeetingRefs(t *testing.T) {
	e := start(t)
	e.lms()
	const rounds, n, callers = 12, 40, 16
	for k := range rounds {
		id := fmt.Sprintf("CD-%d", k)
		mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts", cohortBody(id)), http.StatusCreated)
		nips := make([]string, n)
		for i := range nips {
			nips[i] = nip(k*n + i)
			gradEnrol(t, e, id, nips[i])
		}
		refs := make([]string, callers)
		answers := make([]response, callers)
		var wg sync.WaitGroup
		for i := range refs {
			refs[i] = fmt.Sprintf("BA-%s-%02d", id, i)
			wg.Add(1)
			go func() {
				defer wg.Done()
				answers[i] = e.do(e.tokens["lms"], "POST", "/v1/cohorts/"+id+"/graduation", gradMeeting("2024-08-02", refs[i]))
			}()
		}
		wg.Wait()
		held := []string{}
		statuses := map[int]int{}
		for i, r := range answers {
			statuses[r.status]++
			switch r.status {
			case http.StatusCreated:
				held = append(held, refs[i])
			case http.StatusConflict:
				problem("R-GRAD-4", "")(t, r)
			default:
				t.Errorf("cohort %s, meeting %s: status=%d; body: %s", id, refs[i], r.status, truncate(r.body))
			}
		}
		byRef := map[string]int{}
		for _, p := range nips {
			byRef[fmt.Sprint(scnDig(e.standing(adminSecret, p), "outcome.meeting_ref"))]++
		}
		cv := e.do(adminSecret, "GET", "/v1/cohorts/"+id+"?min_position="+e.head(), nil)
		mustStatus(t, cv, http.StatusOK)
		meetings, _ := cv.json(t)["meetings"].([]any)
		if len(held) != 1 || byRef[held[0]] != n || len(meetings) != 1 {
			t.Fatalf("cohort %s: %d meetings at once answered %v (held: %v); its %d participants are decided by meetings %v; the cohort records %d meetings, want 1",
				id, callers, statuses, held, n, byRef, len(meetings))
		}
	}
}
