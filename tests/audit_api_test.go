package tests

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"
)

// This file covers design.md "Time travel and audit" through the HTTP API:
// the standing as it was (?as_of, ?at_position), the audit trail,
// corrections, disputes and the redecision they allow. Helpers are prefixed
// au so that they stay clear of other test files.

// auEvents is the events array of a write answer.
func auEvents(t *testing.T, r response) []map[string]any {
	t.Helper()
	evs, ok := r.json(t)["events"].([]any)
	if !ok || len(evs) == 0 {
		t.Fatalf("no events in the answer: %s", truncate(r.body))
	}
	out := make([]map[string]any, len(evs))
	for i, ev := range evs {
		out[i] = ev.(map[string]any)
	}
	return out
}

// auWrote sends a write that must answer want and returns its first event.
func auWrote(t *testing.T, e *env, token, method, path string, body any, want int) map[string]any {
	t.Helper()
	r := e.do(token, method, path, body)
	mustStatus(t, r, want)
	return auEvents(t, r)[0]
}

// auTime reads an RFC 3339 time out of a decoded JSON value.
func auTime(t *testing.T, v any) time.Time {
	t.Helper()
	s, _ := v.(string)
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("%v is not an RFC 3339 time: %v", v, err)
	}
	return at
}

// auTrail reads a participant's audit trail (must answer 200).
func auTrail(t *testing.T, e *env, token, n string) []map[string]any {
	t.Helper()
	r := e.do(token, "GET", "/v1/participants/"+n+"/audit", nil)
	mustStatus(t, r, http.StatusOK)
	body := r.json(t)
	if body["nip"] != n {
		t.Fatalf("audit of %s names nip %v", n, body["nip"])
	}
	es, ok := body["entries"].([]any)
	if !ok {
		t.Fatalf("entries is not an array: %s", truncate(r.body))
	}
	out := make([]map[string]any, len(es))
	for i, x := range es {
		out[i] = x.(map[string]any)
	}
	return out
}

// auEntry finds the trail entry of an event id.
func auEntry(t *testing.T, entries []map[string]any, id string) map[string]any {
	t.Helper()
	for _, en := range entries {
		if en["id"] == id {
			return en
		}
	}
	t.Fatalf("no audit entry for event %s", id)
	return nil
}

// auFirst is the first entry of a type whose data has path == want (any when path is "").
func auFirst(t *testing.T, entries []map[string]any, typ, path string, want any) map[string]any {
	t.Helper()
	for _, en := range entries {
		if en["type"] == typ && (path == "" || reflect.DeepEqual(scnDig(en["data"], path), want)) {
			return en
		}
	}
	t.Fatalf("no %s entry with data.%s=%v", typ, path, want)
	return nil
}

// auChange is the change of one standing field an entry lists.
func auChange(en map[string]any, fieldPath string) (before, after any, ok bool) {
	cs, _ := en["changes"].([]any)
	for _, c := range cs {
		m := c.(map[string]any)
		if m["field"] == fieldPath {
			return m["before"], m["after"], true
		}
	}
	return nil, nil, false
}

// auWantChange checks that an entry changed a field from before to after.
func auWantChange(t *testing.T, en map[string]any, fieldPath string, before, after any) {
	t.Helper()
	b, a, ok := auChange(en, fieldPath)
	if !ok {
		t.Errorf("%s %v: no change of %s in %v", en["type"], en["id"], fieldPath, en["changes"])
		return
	}
	if !reflect.DeepEqual(b, before) || !reflect.DeepEqual(a, after) {
		t.Errorf("%s %v: %s changed %v -> %v, want %v -> %v", en["type"], en["id"], fieldPath, b, a, before, after)
	}
}

// auRules checks an entry names each of the rules.
func auRules(t *testing.T, en map[string]any, rules ...string) {
	t.Helper()
	var got []string
	rs, _ := en["rules"].([]any)
	for _, r := range rs {
		got = append(got, r.(string))
	}
	for _, r := range rules {
		if !slices.Contains(got, r) {
			t.Errorf("%s %v: rules %v, want %s among them", en["type"], en["id"], got, r)
		}
	}
}

// auTokenID finds the token id of a token the harness issued (by name) in the log.
func auTokenID(t *testing.T, e *env, name string) string {
	t.Helper()
	for _, ev := range gradLog(t, e) {
		if ev["type"] == "TokenIssued" && scnDig(ev, "data.name") == name {
			return scnDig(ev, "data.token_id").(string)
		}
	}
	t.Fatalf("no TokenIssued named %s in the log", name)
	return ""
}

// auCheck is a runCases check of several standing fields (scnWant paths).
func auCheck(want map[string]any) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		scnWant(t, "answer", r.json(t), want)
	}
}

// auScore is the body of a component score.
func auScore(component string, score any) map[string]any {
	return map[string]any{"component": component, "score": score, "assessor": "Widyaiswara Ahmad", "assessed_at": "2024-07-30T10:00:00Z"}
}

// auCorrection is the body of a correction; replacement may be nil.
func auCorrection(eventID, reason string, replacement any) map[string]any {
	b := map[string]any{"event_id": eventID, "reason": reason}
	if replacement != nil {
		b["replacement"] = replacement
	}
	return b
}

var (
	auLMS         = func(e *env) string { return e.lms() }
	auOtherLMS    = func(e *env) string { return e.otherLMS() }
	auAgency      = func(e *env) string { return e.agency() }
	auOtherAgency = func(e *env) string { return e.otherAgency() }
	auAuditor     = func(e *env) string { return e.auditor() }
	auDashboard   = func(e *env) string { return e.dashboard() }
)

// auIssueAll issues every harness token up front (token() writes a map, and
// the log then holds the tokens before the events under test).
func auIssueAll(e *env) {
	e.lms()
	e.otherLMS()
	e.agency()
	e.otherAgency()
	e.auditor()
	e.dashboard()
}

func TestStandingTimeTravel(t *testing.T) {
	e := start(t)
	auIssueAll(e)
	lms := e.lms()
	opened := auWrote(t, e, adminSecret, "POST", "/v1/cohorts", cohortBody("TT"), http.StatusCreated)
	p := nip(0)
	enrolment := e.do(adminSecret, "POST", "/v1/cohorts/TT/participants", map[string]any{
		"nip": p, "name": "Peserta TT", "golongan": "III", "agency": "pemkab-blitar"})
	mustStatus(t, enrolment, http.StatusCreated)
	// The enrolment is recorded on the roster (cohort stream), then copied
	// into the participant's stream: the participant exists from the copy.
	var roster, enrolled map[string]any
	for _, ev := range auEvents(t, enrolment) {
		switch ev["stream"] {
		case "cohort-TT":
			roster = ev
		case "participant-" + p:
			enrolled = ev
		}
	}
	if roster == nil || enrolled == nil {
		t.Fatalf("the enrolment answered events %s, want one in cohort-TT and one in participant-%s", truncate(enrolment.body), p)
	}

	// Three trophies and a posttest, written apart in time.
	var pos []float64
	var at []time.Time
	writes := []struct {
		path string
		body any
	}{
		{"/trophies", trophy("tt-1", "kebijakan", 0)},
		{"/trophies", trophy("tt-2", "substansi_1", 1)},
		{"/trophies", trophy("tt-3", "substansi_2", 1)},
		{"/posttests", map[string]any{"attempt_id": "tt-post-1", "substansi_1_score": 80, "substansi_2_score": 60, "taken_at": "2024-06-20T10:00:00Z"}},
	}
	for _, w := range writes {
		time.Sleep(15 * time.Millisecond)
		ev := auWrote(t, e, lms, "POST", "/v1/participants/"+p+w.path, w.body, http.StatusCreated)
		pos = append(pos, ev["position"].(float64))
		at = append(at, auTime(t, ev["recorded_at"]))
	}
	for i := 1; i < len(at); i++ {
		if !at[i].After(at[i-1]) {
			t.Fatalf("recorded_at does not move forward between writes: %v", at)
		}
	}
	live := e.standing(adminSecret, p)
	mid := func(i int) string { return at[i].Add(at[i+1].Sub(at[i]) / 2).Format(time.RFC3339Nano) }
	wib := time.FixedZone("WIB", 7*3600)
	base := "/v1/participants/" + p + "/standing"
	atPos := func(n float64) string { return fmt.Sprintf("%s?at_position=%d", base, int64(n)) }
	asOf := func(s string) string { return base + "?as_of=" + url.QueryEscape(s) }

	runCases(t, e, []apiCase{
		// at_position: the standing right after that event of the global log.
		{name: "at-position-first-trophy-200", token: admin, method: "GET", path: atPos(pos[0]), want: 200, check: auCheck(map[string]any{
			"mooc.trophies.total": 1.0, "mooc.trophies.by_material.kebijakan": 1.0, "mooc.posttest.attempts": []any{},
			"mooc.posttest.result": nil, "position": pos[0], "nip": p, "cohort_id": "TT"})},
		{name: "at-position-second-trophy-200", token: admin, method: "GET", path: atPos(pos[1]), want: 200, check: auCheck(map[string]any{
			"mooc.trophies.total": 2.0, "mooc.trophies.by_material.substansi_1": 1.0, "position": pos[1]})},
		{name: "at-position-third-trophy-200", token: admin, method: "GET", path: atPos(pos[2]), want: 200, check: auCheck(map[string]any{
			"mooc.trophies.total": 3.0, "mooc.posttest.attempts": []any{}})},
		{name: "at-position-posttest-200", token: admin, method: "GET", path: atPos(pos[3]), want: 200, check: auCheck(map[string]any{
			"mooc.trophies.total": 3.0, "mooc.posttest.attempts.0.attempt_id": "tt-post-1", "mooc.posttest.result": 74.0})},
		{name: "at-position-enrolment-200", token: admin, method: "GET", path: atPos(enrolled["position"].(float64)), want: 200, check: auCheck(map[string]any{
			"mooc.trophies.total": 0.0, "position": enrolled["position"]})},
		// The replay of the whole stream is the live standing (one fold).
		{name: "at-position-beyond-head-is-live-200", token: admin, method: "GET", path: atPos(pos[3] + 1000), want: 200, check: func(t *testing.T, r response) {
			if got := r.json(t); !reflect.DeepEqual(got, live) {
				t.Fatalf("replayed standing differs from the live one:\nreplay %v\nlive   %v", got, live)
			}
		}},
		// as_of: the standing as recorded at or before that time.
		{name: "as-of-between-first-and-second-200", token: admin, method: "GET", path: asOf(mid(0)), want: 200, check: auCheck(map[string]any{
			"mooc.trophies.total": 1.0, "position": pos[0]})},
		{name: "as-of-between-second-and-third-200", token: admin, method: "GET", path: asOf(mid(1)), want: 200, check: auCheck(map[string]any{
			"mooc.trophies.total": 2.0, "position": pos[1]})},
		{name: "as-of-exact-recorded-at-includes-it-200", token: admin, method: "GET", path: asOf(at[2].Format(time.RFC3339Nano)), want: 200, check: auCheck(map[string]any{
			"mooc.trophies.total": 3.0, "mooc.posttest.attempts": []any{}})},
		{name: "as-of-other-offset-200", token: admin, method: "GET", path: asOf(at[0].Add(at[1].Sub(at[0]) / 2).In(wib).Format(time.RFC3339Nano)), want: 200, check: auCheck(map[string]any{
			"mooc.trophies.total": 1.0})},
		{name: "as-of-future-is-live-200", token: admin, method: "GET", path: asOf("2999-01-01T00:00:00Z"), want: 200, check: func(t *testing.T, r response) {
			if got := r.json(t); !reflect.DeepEqual(got, live) {
				t.Fatalf("as_of in the future differs from the live standing:\nreplay %v\nlive   %v", got, live)
			}
		}},
		// Before the enrolment the participant did not exist.
		{name: "at-position-before-enrolment-404", token: admin, method: "GET", path: atPos(opened["position"].(float64)), want: 404, check: problem("", "")},
		{name: "at-position-roster-before-copy-404", token: admin, method: "GET", path: atPos(roster["position"].(float64)), want: 404},
		{name: "as-of-before-enrolment-404", token: admin, method: "GET", path: asOf("2000-01-01T00:00:00Z"), want: 404, check: problem("", "")},
		{name: "at-position-unknown-participant-404", token: admin, method: "GET", path: "/v1/participants/199001012020011999/standing?at_position=1", want: 404},
		// Bad queries.
		{name: "both-400", token: admin, method: "GET", path: atPos(pos[0]) + "&as_of=" + url.QueryEscape(mid(0)), want: 400, check: problem("", "")},
		{name: "at-position-not-a-number-400", token: admin, method: "GET", path: base + "?at_position=abc", want: 400, check: problem("", "at_position")},
		{name: "at-position-zero-400", token: admin, method: "GET", path: base + "?at_position=0", want: 400, check: problem("", "at_position")},
		{name: "at-position-negative-400", token: admin, method: "GET", path: base + "?at_position=-3", want: 400, check: problem("", "at_position")},
		{name: "as-of-not-a-time-400", token: admin, method: "GET", path: base + "?as_of=yesterday", want: 400, check: problem("", "as_of")},
		{name: "as-of-date-only-400", token: admin, method: "GET", path: base + "?as_of=2024-06-05", want: 400, check: problem("", "as_of")},
		{name: "as-of-no-zone-400", token: admin, method: "GET", path: base + "?as_of=2024-06-05T10:00:00", want: 400, check: problem("", "as_of")},
		// Who may look back: as for the live standing.
		{name: "at-position-lms-200", token: auLMS, method: "GET", path: atPos(pos[0]), want: 200, check: field("mooc.trophies.total", 1.0)},
		{name: "at-position-agency-200", token: auAgency, method: "GET", path: atPos(pos[0]), want: 200, check: field("mooc.trophies.total", 1.0)},
		{name: "at-position-auditor-200", token: auAuditor, method: "GET", path: atPos(pos[0]), want: 200, check: field("mooc.trophies.total", 1.0)},
		{name: "at-position-dashboard-200", token: auDashboard, method: "GET", path: atPos(pos[0]), want: 200, check: field("mooc.trophies.total", 1.0)},
		{name: "as-of-dashboard-200", token: auDashboard, method: "GET", path: asOf(mid(1)), want: 200, check: field("mooc.trophies.total", 2.0)},
		{name: "at-position-other-lms-404", token: auOtherLMS, method: "GET", path: atPos(pos[0]), want: 404, check: problem("", "")},
		{name: "as-of-other-lms-404", token: auOtherLMS, method: "GET", path: asOf(mid(1)), want: 404},
		{name: "at-position-other-agency-404", token: auOtherAgency, method: "GET", path: atPos(pos[0]), want: 404, check: problem("", "")},
		{name: "as-of-other-agency-404", token: auOtherAgency, method: "GET", path: asOf(mid(1)), want: 404},
		{name: "at-position-no-token-401", token: nobody, method: "GET", path: atPos(pos[0]), want: 401},
	})
}

func TestAuditTrail(t *testing.T) {
	e := start(t)
	auIssueAll(e)
	lms := e.lms()
	nips := e.openCohort("AU", 2)
	p := nips[0]
	scnLearn(t, e, p, scnExample6())
	if t.Failed() {
		t.FailNow()
	}
	meeting := e.do(lms, "POST", "/v1/cohorts/AU/graduation", gradMeeting("2024-08-02", "BA-AU-1"))
	mustStatus(t, meeting, http.StatusCreated)
	_, decisions := scnDecisions(t, meeting)
	decisionID := decisions[p]["event_id"].(string)
	lmsID, agencyID := auTokenID(t, e, "lms"), auTokenID(t, e, "agency")

	entries := auTrail(t, e, e.auditor(), p)

	// Every event of the stream, in order, as the global log has it.
	var stream []map[string]any
	for _, ev := range gradLog(t, e) {
		if ev["stream"] == "participant-"+p {
			stream = append(stream, ev)
		}
	}
	if len(entries) != len(stream) || len(entries) < 36 {
		t.Fatalf("%d audit entries, the log holds %d events of participant-%s (want at least enrolment, 28 trophies, posttest, check-in, 6 scores, decision)", len(entries), len(stream), p)
	}
	for i, en := range entries {
		ev := stream[i]
		for _, k := range []string{"id", "type", "position", "revision", "recorded_at"} {
			if !reflect.DeepEqual(en[k], ev[k]) {
				t.Errorf("entry %d: %s=%v, the log says %v", i, k, en[k], ev[k])
			}
		}
		if en["revision"] != float64(i) {
			t.Errorf("entry %d: revision %v", i, en["revision"])
		}
		logPrev, _ := scnDig(ev, "metadata.prev_hash").(string)
		if en["hash"] != scnDig(ev, "metadata.hash") || en["prev_hash"] != logPrev {
			t.Errorf("entry %d: hash %v prev_hash %v, the log says %v", i, en["hash"], en["prev_hash"], ev["metadata"])
		}
		if h, _ := en["hash"].(string); len(h) != 64 {
			t.Errorf("entry %d: hash %q is not a hex SHA-256", i, h)
		}
		if i == 0 {
			if en["prev_hash"] != "" {
				t.Errorf("entry 0: prev_hash %v, want empty", en["prev_hash"])
			}
		} else {
			if en["prev_hash"] != entries[i-1]["hash"] {
				t.Errorf("entry %d: prev_hash %v, want the hash of entry %d %v", i, en["prev_hash"], i-1, entries[i-1]["hash"])
			}
			if en["position"].(float64) <= entries[i-1]["position"].(float64) {
				t.Errorf("entry %d: position %v not after %v", i, en["position"], entries[i-1]["position"])
			}
			if auTime(t, en["recorded_at"]).Before(auTime(t, entries[i-1]["recorded_at"])) {
				t.Errorf("entry %d: recorded_at %v before %v", i, en["recorded_at"], entries[i-1]["recorded_at"])
			}
		}
		if _, ok := en["changes"].([]any); !ok {
			t.Errorf("entry %d: changes %v is not an array", i, en["changes"])
		}
		if _, ok := en["rules"].([]any); !ok {
			t.Errorf("entry %d: rules %v is not an array", i, en["rules"])
		}
	}

	// The enrolment, by the admin of LATSAR_ADMIN_TOKEN.
	enrol := entries[0]
	scnWant(t, "enrolment entry", enrol, map[string]any{"type": "ParticipantEnrolled", "actor": "env-admin", "role": "admin", "ruleset": "perlan-1-2021"})
	auRules(t, enrol, "R-NIP-1")
	auWantChange(t, enrol, "nip", nil, p)

	// The first trophy, by the lms of bpsdm-jatim.
	first := auFirst(t, entries, "TrophyEarned", "", nil)
	scnWant(t, "first trophy entry", first, map[string]any{"actor": lmsID, "role": "lms", "institution": "bpsdm-jatim", "data.activity_id": "keb-0"})
	auWantChange(t, first, "mooc.trophies.total", 0.0, 1.0)
	auWantChange(t, first, "mooc.trophies.by_material.kebijakan", 0.0, 1.0)
	auRules(t, first, "R-TRO-1", "R-TRO-8")
	if _, _, ok := auChange(first, "position"); ok {
		t.Error("an entry lists position among its changes")
	}

	// The 28th trophy gives the attitude score of R-TRO-7.
	var trophies []map[string]any
	for _, en := range entries {
		if en["type"] == "TrophyEarned" {
			trophies = append(trophies, en)
		}
	}
	if len(trophies) != 28 {
		t.Fatalf("%d TrophyEarned entries, want 28", len(trophies))
	}
	auWantChange(t, trophies[27], "mooc.trophies.total", 27.0, 28.0)
	auWantChange(t, trophies[27], "mooc.attitude_score", nil, 70.01)
	auRules(t, trophies[27], "R-TRO-1", "R-TRO-7")

	// The posttest passes the MOOC (R-POST-4).
	post := auFirst(t, entries, "PosttestAttempted", "", nil)
	auWantChange(t, post, "mooc.passed", false, true)
	auWantChange(t, post, "components.academic_mooc", nil, 90.01)
	auRules(t, post, "R-POST-2", "R-POST-3", "R-POST-4")

	// A score by the home agency.
	agencyScore := auFirst(t, entries, "ComponentScored", "component", "attitude_agency")
	scnWant(t, "agency score entry", agencyScore, map[string]any{"actor": agencyID, "role": "agency", "agency": "pemkab-blitar", "data.score": 88.0})
	auWantChange(t, agencyScore, "components.attitude_agency", nil, 88.0)
	auRules(t, agencyScore, "R-EVAL-1")

	// The decision: its rules, and every input the meeting saw.
	dec := auEntry(t, entries, decisionID)
	scnWant(t, "decision entry", dec, map[string]any{
		"type": "GraduationDecided", "actor": lmsID, "role": "lms", "institution": "bpsdm-jatim",
		"data.outcome": "lulus", "data.meeting_ref": "BA-AU-1", "data.decided_on": "2024-08-02",
		"data.components.attitude_institution": 85.0, "data.components.attitude_agency": 88.0,
		"data.components.academic_mooc": 90.01, "data.components.academic_elearning": 82.5,
		"data.components.actualization_design": 84.0, "data.components.actualization_implementation": 86.0,
		"data.components.pktbt": 80.0, "data.final.score": 84.75,
	})
	for _, a := range []string{"attitude", "academic", "actualization", "pktbt"} {
		if scnDig(dec, "data.aspects."+a+".score") == nil || scnDig(dec, "data.aspects."+a+".qualification") == nil {
			t.Errorf("decision data lacks aspect %s: %v", a, scnDig(dec, "data.aspects"))
		}
	}
	if scnDig(dec, "data.final.qualification") == nil {
		t.Errorf("decision data lacks the final qualification: %v", scnDig(dec, "data.final"))
	}
	auRules(t, dec, "R-GRAD-1", "R-GRAD-4", "R-AWARD-1")
	auWantChange(t, dec, "outcome.status", "provisional", "decided")
	auWantChange(t, dec, "outcome.meeting_ref", nil, "BA-AU-1")
	if _, after, ok := auChange(dec, "outcome.result"); ok && after != "lulus" {
		t.Errorf("the decision changed outcome.result to %v, want lulus", after)
	}

	// Who may read a trail.
	path := "/v1/participants/" + p + "/audit"
	entriesAre := func(t *testing.T, r response) {
		t.Helper()
		if es, _ := r.json(t)["entries"].([]any); len(es) != len(entries) {
			t.Fatalf("%d entries, want %d", len(es), len(entries))
		}
	}
	runCases(t, e, []apiCase{
		{name: "audit-auditor-200", token: auAuditor, method: "GET", path: path, want: 200, check: entriesAre},
		{name: "audit-admin-200", token: admin, method: "GET", path: path, want: 200, check: entriesAre},
		{name: "audit-lms-200", token: auLMS, method: "GET", path: path, want: 200, check: entriesAre},
		{name: "audit-agency-200", token: auAgency, method: "GET", path: path, want: 200, check: entriesAre},
		{name: "audit-dashboard-403", token: auDashboard, method: "GET", path: path, want: 403, check: problem("", "")},
		{name: "audit-other-lms-404", token: auOtherLMS, method: "GET", path: path, want: 404, check: problem("", "")},
		{name: "audit-other-agency-404", token: auOtherAgency, method: "GET", path: path, want: 404},
		{name: "audit-unknown-404", token: auAuditor, method: "GET", path: "/v1/participants/199001012020011999/audit", want: 404},
		{name: "audit-bad-nip-404", token: auAuditor, method: "GET", path: "/v1/participants/abc/audit", want: 404},
		{name: "audit-no-token-401", token: nobody, method: "GET", path: path, want: 401},
		// The other participant of the cohort has only the enrolment and the decision.
		{name: "audit-undecided-participant-200", token: auAuditor, method: "GET", path: "/v1/participants/" + nips[1] + "/audit", want: 200, check: func(t *testing.T, r response) {
			es, _ := r.json(t)["entries"].([]any)
			if len(es) != 2 || scnDig(es[1], "data.outcome") != "incomplete" {
				t.Fatalf("entries %v, want the enrolment and an incomplete decision", es)
			}
		}},
	})
}

func TestCorrections(t *testing.T) {
	e := start(t)
	auIssueAll(e)
	lms := e.lms()
	nips := e.openCohort("CO", 3)
	p0, p1, p2 := nips[0], nips[1], nips[2]
	scnLearn(t, e, p0, scnExample6())
	// p1: the three kebijakan trophies the catalogue offers, two substansi
	// trophies and a posttest attempt.
	for _, tr := range []map[string]any{trophy("k1", "kebijakan", 0), trophy("k2", "kebijakan", 0), trophy("k3", "kebijakan", 0), trophy("s1", "substansi_1", 1), trophy("s2", "substansi_2", 2)} {
		mustStatus(t, e.do(lms, "POST", "/v1/participants/"+p1+"/trophies", tr), http.StatusCreated)
	}
	mustStatus(t, e.do(lms, "POST", "/v1/participants/"+p1+"/posttests", map[string]any{
		"attempt_id": "co-1", "substansi_1_score": 60, "substansi_2_score": 60, "taken_at": "2024-06-20T10:00:00Z"}), http.StatusCreated)
	// p2: two kebijakan trophies, a substansi one, then the third kebijakan.
	for _, tr := range []map[string]any{trophy("k1", "kebijakan", 0), trophy("k2", "kebijakan", 0), trophy("s1", "substansi_1", 1), trophy("k3", "kebijakan", 0)} {
		mustStatus(t, e.do(lms, "POST", "/v1/participants/"+p2+"/trophies", tr), http.StatusCreated)
	}
	if t.Failed() {
		t.FailNow()
	}

	trail0 := auTrail(t, e, adminSecret, p0)
	elearning := auFirst(t, trail0, "ComponentScored", "component", "academic_elearning")["id"].(string)
	agencyScore := auFirst(t, trail0, "ComponentScored", "component", "attitude_agency")["id"].(string)
	enrolment0 := trail0[0]["id"].(string)
	trail1 := auTrail(t, e, adminSecret, p1)
	s1 := auFirst(t, trail1, "TrophyEarned", "activity_id", "s1")["id"].(string)
	s2 := auFirst(t, trail1, "TrophyEarned", "activity_id", "s2")["id"].(string)
	post1 := auFirst(t, trail1, "PosttestAttempted", "", nil)["id"].(string)
	p2s1 := auFirst(t, auTrail(t, e, adminSecret, p2), "TrophyEarned", "activity_id", "s1")["id"].(string)

	before := e.standing(adminSecret, p0)
	scnWant(t, "p0 before corrections", before, map[string]any{"components.academic_elearning": 82.5, "final.score": 84.75})

	c0 := "/v1/participants/" + p0 + "/corrections"
	c1 := "/v1/participants/" + p1 + "/corrections"
	fix := auCorrection(elearning, "Nilai salah ketik: 82,5 seharusnya 90", auScore("academic_elearning", 90))
	var corrected map[string]any // the answer of the correction of the e-learning score
	runCases(t, e, []apiCase{
		// Who may correct.
		{name: "dashboard-403", token: auDashboard, method: "POST", path: c0, body: fix, want: 403, check: problem("", "")},
		{name: "agency-403", token: auAgency, method: "POST", path: c0, body: fix, want: 403},
		{name: "auditor-403", token: auAuditor, method: "POST", path: c0, body: fix, want: 403},
		{name: "other-lms-404", token: auOtherLMS, method: "POST", path: c0, body: fix, want: 404, check: problem("", "")},
		{name: "no-token-401", token: nobody, method: "POST", path: c0, body: fix, want: 401},
		{name: "unknown-participant-404", token: admin, method: "POST", path: "/v1/participants/199001012020011999/corrections", body: fix, want: 404},
		{name: "lms-event-of-the-agency-403", token: auLMS, method: "POST", path: c0, body: auCorrection(agencyScore, "salah", auScore("attitude_agency", 80)), want: 403, check: problem("", "event_id")},
		// What may be corrected.
		{name: "unknown-event-422", token: auLMS, method: "POST", path: c0, body: auCorrection("0190d7bc-e800-77d1-9453-451adc1938ba", "salah", nil), want: 422, check: problem("", "event_id")},
		{name: "event-of-another-participant-422", token: auLMS, method: "POST", path: c0, body: auCorrection(s1, "salah", nil), want: 422, check: problem("", "event_id")},
		{name: "enrolment-422", token: admin, method: "POST", path: c0, body: auCorrection(enrolment0, "salah", nil), want: 422, check: problem("", "event_id")},
		{name: "missing-reason-422", token: auLMS, method: "POST", path: c0, body: map[string]any{"event_id": elearning, "replacement": auScore("academic_elearning", 90)}, want: 422, check: problem("", "reason")},
		{name: "malformed-400", token: auLMS, method: "POST", path: c0, body: `{"event_id": `, want: 400},
		{name: "unknown-field-422", token: auLMS, method: "POST", path: c0, body: map[string]any{"event_id": elearning, "reason": "x", "why": "y"}, want: 422, check: problem("", "why")},
		// A replacement obeys the rules of a new command; its fields are named replacement.*.
		{name: "replacement-score-over-100-422", token: auLMS, method: "POST", path: c0, body: auCorrection(elearning, "salah", auScore("academic_elearning", 100.5)), want: 422, check: problem("", "replacement.score")},
		{name: "replacement-score-three-decimals-422", token: auLMS, method: "POST", path: c0, body: `{"event_id": "` + elearning + `", "reason": "salah", "replacement": {"component": "academic_elearning", "score": 90.001, "assessor": "A", "assessed_at": "2024-07-30T10:00:00Z"}}`, want: 422, check: problem("", "replacement.score")},
		{name: "replacement-score-string-422", token: auLMS, method: "POST", path: c0, body: auCorrection(elearning, "salah", auScore("academic_elearning", "90")), want: 422, check: problem("", "replacement.score")},
		{name: "replacement-component-of-the-agency-403", token: auLMS, method: "POST", path: c0, body: auCorrection(elearning, "salah", auScore("pktbt", 90)), want: 403, check: problem("", "replacement.component")},
		{name: "replacement-unknown-field-422", token: auLMS, method: "POST", path: c0, body: auCorrection(elearning, "salah", map[string]any{"component": "academic_elearning", "score": 90, "assessor": "A", "assessed_at": "2024-07-30T10:00:00Z", "grade": "A"}), want: 422, check: problem("", "replacement.grade")},
		{name: "replacement-trophy-beyond-catalogue-422", token: auLMS, method: "POST", path: c1, body: auCorrection(s2, "salah materi", trophy("s2", "kebijakan", 0)), want: 422, check: problem("R-TRO-8", "replacement.agenda")},
		{name: "replacement-trophy-agenda-5-422", token: auLMS, method: "POST", path: c1, body: auCorrection(s2, "salah", trophy("s2", "substansi_2", 5)), want: 422, check: problem("R-TRO-8", "replacement.agenda")},
		{name: "replacement-trophy-unknown-material-422", token: auLMS, method: "POST", path: c1, body: auCorrection(s2, "salah", trophy("s2", "sejarah", 2)), want: 422, check: problem("R-TRO-8", "replacement.material")},
		{name: "replacement-posttest-over-100-422", token: auLMS, method: "POST", path: c1, body: auCorrection(post1, "salah", map[string]any{"substansi_1_score": 101, "substansi_2_score": 60, "taken_at": "2024-06-20T10:00:00Z"}), want: 422, check: problem("", "replacement.substansi_1_score")},

		// The correction of a score, by the lms of the institution that recorded it.
		{name: "score-lms-201", token: auLMS, method: "POST", path: c0, body: fix, want: 201, check: func(t *testing.T, r response) {
			corrected = r.json(t)
			evs := auEvents(t, r)
			if len(evs) != 1 || evs[0]["type"] != "EventCorrected" || evs[0]["stream"] != "participant-"+p0 {
				t.Fatalf("events %v, want one EventCorrected of participant-%s", evs, p0)
			}
			scnWant(t, "the standing the correction left", corrected, map[string]any{"standing.components.academic_elearning": 90.0, "standing.nip": p0})
			if f := scnDig(corrected, "standing.final.score"); f == 84.75 || f == nil {
				t.Errorf("final.score %v after the e-learning score moved from 82.5 to 90", f)
			}
			if a := scnDig(corrected, "standing.aspects.academic.score"); reflect.DeepEqual(a, scnDig(before, "aspects.academic.score")) {
				t.Errorf("aspects.academic.score %v did not move", a)
			}
		}},
		// The identical correction again answers the first record.
		{name: "score-same-correction-200", token: auLMS, method: "POST", path: c0, body: fix, want: 200, check: func(t *testing.T, r response) {
			if got, want := scnEventIDs(r.json(t)), scnEventIDs(corrected); !reflect.DeepEqual(got, want) {
				t.Fatalf("events %v, want the first correction %v", got, want)
			}
		}},
		// Another correction of an event already corrected is a conflict:
		// a natural id repeated with other content (api.md conventions).
		{name: "score-other-correction-409", token: auLMS, method: "POST", path: c0, body: auCorrection(elearning, "lagi", auScore("academic_elearning", 70)), want: 409, check: problem("", "")},
		{name: "score-remove-corrected-409", token: admin, method: "POST", path: c0, body: auCorrection(elearning, "hapus", nil), want: 409},

		// A correction without a replacement removes the event from the standing.
		{name: "trophy-removed-201", token: auLMS, method: "POST", path: c1, body: auCorrection(s1, "aktivitas tidak selesai", nil), want: 201, check: auCheck(map[string]any{
			"standing.mooc.trophies.total": 4.0, "standing.mooc.trophies.by_material.substansi_1": 0.0, "standing.mooc.trophies.by_agenda.1": 0.0})},
		{name: "posttest-replaced-201", token: auLMS, method: "POST", path: c1, body: auCorrection(post1, "nilai tertukar", map[string]any{"substansi_1_score": 80, "substansi_2_score": 80, "taken_at": "2024-06-20T10:00:00Z"}), want: 201, check: auCheck(map[string]any{
			"standing.mooc.posttest.attempts.0.attempt_id": "co-1", "standing.mooc.posttest.attempts.0.weighted_score": 80.0, "standing.mooc.posttest.result": 80.0, "standing.components.academic_mooc": 80.0})},
		{name: "admin-agency-score-removed-201", token: admin, method: "POST", path: c0, body: auCorrection(agencyScore, "dinilai ulang", nil), want: 201, check: auCheck(map[string]any{"standing.components.attitude_agency": nil})},
	})

	// A replacement must leave a history the rules accept: p2 holds three
	// kebijakan trophies (all the catalogue offers); turning s1 into a fourth
	// breaks R-TRO-8 although only two were earned before s1.
	t.Run("replacement-trophy-beyond-catalogue-with-later-events-422", func(t *testing.T) {
		r := e.do(e.lms(), "POST", "/v1/participants/"+p2+"/corrections", auCorrection(p2s1, "salah materi", trophy("s1", "kebijakan", 0)))
		if r.status != http.StatusUnprocessableEntity {
			st := e.standing(adminSecret, p2)
			t.Fatalf("status=%d, want 422 (R-TRO-8): the catalogue offers 3 kebijakan trophies and the standing now shows %v", r.status, scnDig(st, "mooc.trophies.by_material.kebijakan"))
		}
		problem("R-TRO-8", "replacement.agenda")(t, r)
	})

	// Looking back honours a correction from the moment it was recorded.
	lastBefore := trail0[len(trail0)-1]["position"].(float64)
	correctionPos, _ := scnDig(corrected, "events.0.position").(float64)
	runCases(t, e, []apiCase{
		{name: "at-position-before-the-correction", token: auAuditor, method: "GET", path: fmt.Sprintf("/v1/participants/%s/standing?at_position=%d", p0, int64(lastBefore)), want: 200, check: auCheck(map[string]any{
			"components.academic_elearning": 82.5, "final.score": 84.75})},
		{name: "at-position-of-the-correction", token: auAuditor, method: "GET", path: fmt.Sprintf("/v1/participants/%s/standing?at_position=%d", p0, int64(correctionPos)), want: 200, check: auCheck(map[string]any{
			"components.academic_elearning": 90.0, "final.score": scnDig(corrected, "standing.final.score"), "position": correctionPos})},
	})

	// The standing and the trail honour the corrections; the originals stay.
	after := e.standing(adminSecret, p0)
	scnWant(t, "p0 after the corrections", after, map[string]any{
		"components.academic_elearning": 90.0, "components.attitude_agency": nil, "final.score": nil,
	})
	trail0 = auTrail(t, e, e.auditor(), p0)
	orig := auEntry(t, trail0, elearning)
	correctionID := scnEventIDs(corrected)[0]
	scnWant(t, "the corrected score's entry", orig, map[string]any{"corrected_by": correctionID, "data.score": 82.5, "type": "ComponentScored"})
	ce := auEntry(t, trail0, correctionID)
	scnWant(t, "the correction's entry", ce, map[string]any{
		"type": "EventCorrected", "corrects": elearning, "role": "lms", "institution": "bpsdm-jatim",
		"data.corrected_event_id": elearning, "data.corrected_type": "ComponentScored", "data.replacement.score": 90.0,
	})
	auWantChange(t, ce, "components.academic_elearning", 82.5, 90.0)
	if scnDig(ce, "corrected_by") != nil {
		t.Errorf("the correction entry is itself marked corrected: %v", ce["corrected_by"])
	}
	tr1 := auTrail(t, e, e.auditor(), p1)
	if en := auEntry(t, tr1, s1); en["corrected_by"] == nil {
		t.Errorf("the removed trophy's entry has no corrected_by: %v", en)
	}
	removal := auFirst(t, tr1, "EventCorrected", "corrected_event_id", s1)
	auWantChange(t, removal, "mooc.trophies.total", 5.0, 4.0)

	// A graduation decision is disputed, never corrected.
	meeting := e.do(lms, "POST", "/v1/cohorts/CO/graduation", gradMeeting("2024-08-02", "BA-CO-1"))
	mustStatus(t, meeting, http.StatusCreated)
	_, ds := scnDecisions(t, meeting)
	decision := ds[p0]["event_id"].(string)
	runCases(t, e, []apiCase{
		{name: "decision-admin-422", token: admin, method: "POST", path: c0, body: auCorrection(decision, "salah", nil), want: 422, check: problem("", "event_id")},
		{name: "decision-lms-422", token: auLMS, method: "POST", path: c0, body: auCorrection(decision, "salah", nil), want: 422, check: problem("", "event_id")},
	})

	// After a restart the projection folds the corrections the same way.
	want0, want1 := e.standing(adminSecret, p0), e.standing(adminSecret, p1)
	wantTrail := auTrail(t, e, adminSecret, p0)
	e.close()
	e2 := startIn(t, e.dir)
	if got := e2.standing(adminSecret, p0); !reflect.DeepEqual(got, want0) {
		t.Errorf("after a restart the standing of %s is\n%v\nwant\n%v", p0, got, want0)
	}
	if got := e2.standing(adminSecret, p1); !reflect.DeepEqual(got, want1) {
		t.Errorf("after a restart the standing of %s is\n%v\nwant\n%v", p1, got, want1)
	}
	if got := auTrail(t, e2, adminSecret, p0); !reflect.DeepEqual(got, wantTrail) {
		t.Errorf("after a restart the audit trail of %s differs", p0)
	}
	r := e2.do(adminSecret, "GET", "/v1/participants/"+p1+"/standing?at_position="+e2.head(), nil)
	mustStatus(t, r, http.StatusOK)
	if got := r.json(t); !reflect.DeepEqual(got, want1) {
		t.Errorf("the replayed standing of %s differs from the projection after a restart:\n%v\nwant\n%v", p1, got, want1)
	}
}

func TestDisputesAndRedecision(t *testing.T) {
	e := start(t)
	auIssueAll(e)
	lms := e.lms()
	nips := e.openCohort("DS", 2)
	p, q := nips[0], nips[1]
	// p is deferred on the e-learning score (45); q passes.
	scnLearn(t, e, p, scnExample6().with(map[string]float64{"academic_elearning": 45}))
	scnLearn(t, e, q, scnExample6())
	if t.Failed() {
		t.FailNow()
	}
	meeting := e.do(lms, "POST", "/v1/cohorts/DS/graduation", gradMeeting("2024-08-02", "BA-DS-1"))
	mustStatus(t, meeting, http.StatusCreated)
	_, ds := scnDecisions(t, meeting)
	if ds[p]["outcome"] != "ditunda" || ds[q]["outcome"] != "lulus" {
		t.Fatalf("decisions %v", ds)
	}
	decision, qDecision := ds[p]["event_id"].(string), ds[q]["event_id"].(string)
	trail := auTrail(t, e, adminSecret, p)
	elearning := auFirst(t, trail, "ComponentScored", "component", "academic_elearning")["id"].(string)
	aTrophy := auFirst(t, trail, "TrophyEarned", "", nil)["id"].(string)

	disputes := "/v1/participants/" + p + "/disputes"
	dispute := func(id, reason string) map[string]any {
		return map[string]any{"decision_event_id": id, "reason": reason}
	}
	d1, d2 := p+"-1", p+"-2"
	resolve := func(id string) string { return "/v1/disputes/" + id + "/resolution" }
	resolution := func(outcome, note string) map[string]any { return map[string]any{"outcome": outcome, "note": note} }
	redecide := "/v1/participants/" + p + "/redecision"
	redecision := func(ref, disputeID string) map[string]any {
		return map[string]any{"decided_on": "2024-09-02", "meeting_ref": ref, "dispute_id": disputeID}
	}
	auditorID, agencyID := auTokenID(t, e, "auditor"), auTokenID(t, e, "agency")

	runCases(t, e, []apiCase{
		// Filing: auditors, admins and the participant's home agency.
		{name: "file-lms-403", token: auLMS, method: "POST", path: disputes, body: dispute(decision, "nilai keliru"), want: 403, check: problem("", "")},
		{name: "file-dashboard-403", token: auDashboard, method: "POST", path: disputes, body: dispute(decision, "nilai keliru"), want: 403},
		{name: "file-other-agency-404", token: auOtherAgency, method: "POST", path: disputes, body: dispute(decision, "nilai keliru"), want: 404, check: problem("", "")},
		{name: "file-no-token-401", token: nobody, method: "POST", path: disputes, body: dispute(decision, "nilai keliru"), want: 401},
		{name: "file-unknown-participant-404", token: auAuditor, method: "POST", path: "/v1/participants/199001012020011999/disputes", body: dispute(decision, "nilai keliru"), want: 404},
		{name: "file-unknown-decision-422", token: auAuditor, method: "POST", path: disputes, body: dispute("0190d7bc-e800-77d1-9453-451adc1938ba", "nilai keliru"), want: 422, check: problem("R-GRAD-4", "decision_event_id")},
		{name: "file-not-a-decision-422", token: auAuditor, method: "POST", path: disputes, body: dispute(aTrophy, "nilai keliru"), want: 422, check: problem("R-GRAD-4", "decision_event_id")},
		{name: "file-decision-of-another-participant-422", token: auAuditor, method: "POST", path: disputes, body: dispute(qDecision, "nilai keliru"), want: 422, check: problem("R-GRAD-4", "decision_event_id")},
		{name: "file-missing-reason-422", token: auAuditor, method: "POST", path: disputes, body: map[string]any{"decision_event_id": decision}, want: 422, check: problem("", "reason")},
		{name: "file-auditor-201", token: auAuditor, method: "POST", path: disputes, body: dispute(decision, "nilai e-learning tidak sesuai berita acara"), want: 201, check: auCheck(map[string]any{
			"dispute.dispute_id": d1, "dispute.decision_event_id": decision, "dispute.meeting_ref": "BA-DS-1", "dispute.status": "open", "dispute.filed_by": auditorID, "events.0.type": "DisputeFiled"})},
		{name: "file-again-while-open-409", token: auAgency, method: "POST", path: disputes, body: dispute(decision, "lagi"), want: 409, check: problem("", "")},
		{name: "standing-shows-open-dispute", token: auDashboard, method: "GET", path: "/v1/participants/" + p + "/standing", want: 200, check: auCheck(map[string]any{
			"disputes.0.dispute_id": d1, "disputes.0.status": "open", "disputes.0.decision_event_id": decision, "disputes.0.redecided": false, "outcome.result": "ditunda"})},
		{name: "audit-shows-open-dispute", token: auAuditor, method: "GET", path: "/v1/participants/" + p + "/audit", want: 200, check: func(t *testing.T, r response) {
			entries, _ := r.json(t)["entries"].([]any)
			for _, x := range entries {
				en := x.(map[string]any)
				switch {
				case en["id"] == decision:
					scnWant(t, "the decision's entry", en, map[string]any{"disputes": []string{d1}})
				case en["type"] == "DisputeFiled":
					scnWant(t, "the dispute's entry", en, map[string]any{"role": "auditor", "actor": auditorID, "data.decision_event_id": decision, "data.dispute_id": d1})
				}
			}
		}},

		// Resolution: admin only.
		{name: "resolve-lms-403", token: auLMS, method: "POST", path: resolve(d1), body: resolution("rejected", "sesuai berita acara"), want: 403, check: problem("", "")},
		{name: "resolve-auditor-403", token: auAuditor, method: "POST", path: resolve(d1), body: resolution("rejected", "sesuai berita acara"), want: 403},
		{name: "resolve-agency-403", token: auAgency, method: "POST", path: resolve(d1), body: resolution("rejected", "sesuai berita acara"), want: 403},
		{name: "resolve-unknown-404", token: admin, method: "POST", path: resolve(p + "-9"), body: resolution("rejected", "x"), want: 404, check: problem("", "")},
		{name: "resolve-unknown-participant-404", token: admin, method: "POST", path: resolve("199001012020011999-1"), body: resolution("rejected", "x"), want: 404},
		{name: "resolve-garbage-id-404", token: admin, method: "POST", path: resolve("nothing"), body: resolution("rejected", "x"), want: 404},
		{name: "resolve-maybe-422", token: admin, method: "POST", path: resolve(d1), body: resolution("maybe", "x"), want: 422, check: problem("", "outcome")},
		{name: "resolve-missing-note-422", token: admin, method: "POST", path: resolve(d1), body: map[string]any{"outcome": "rejected"}, want: 422, check: problem("", "note")},
		{name: "redecide-open-dispute-422", token: admin, method: "POST", path: redecide, body: redecision("BA-SENGKETA-0", d1), want: 422, check: problem("", "dispute_id")},
		{name: "resolve-rejected-201", token: admin, method: "POST", path: resolve(d1), body: resolution("rejected", "sesuai berita acara"), want: 201, check: auCheck(map[string]any{"dispute.dispute_id": d1, "dispute.status": "rejected", "events.0.type": "DisputeResolved"})},
		{name: "resolve-rejected-again-200", token: admin, method: "POST", path: resolve(d1), body: resolution("rejected", "sesuai berita acara"), want: 200, check: field("dispute.status", "rejected")},
		{name: "resolve-upheld-after-rejected-409", token: admin, method: "POST", path: resolve(d1), body: resolution("upheld", "berubah pikiran"), want: 409},
		{name: "redecide-rejected-dispute-422", token: admin, method: "POST", path: redecide, body: redecision("BA-SENGKETA-1", d1), want: 422, check: problem("", "dispute_id")},

		// A second dispute, by the home agency, upheld.
		{name: "file-agency-201", token: auAgency, method: "POST", path: disputes, body: dispute(decision, "berita acara menunjukkan 82,5"), want: 201, check: auCheck(map[string]any{
			"dispute.dispute_id": d2, "dispute.status": "open", "dispute.filed_by": agencyID})},
		{name: "resolve-upheld-201", token: admin, method: "POST", path: resolve(d2), body: resolution("upheld", "berita acara menunjukkan 82,5, bukan 45"), want: 201, check: field("dispute.status", "upheld")},
		// The institution corrects the score the meeting saw.
		{name: "correct-after-decision-201", token: auLMS, method: "POST", path: "/v1/participants/" + p + "/corrections", body: auCorrection(elearning, "berita acara: 82,5", auScore("academic_elearning", 82.5)), want: 201, check: auCheck(map[string]any{
			"standing.components.academic_elearning": 82.5, "standing.outcome.status": "decided", "standing.outcome.result": "ditunda"})},

		// The redecision: admin only, with an upheld dispute of this participant.
		{name: "redecide-lms-403", token: auLMS, method: "POST", path: redecide, body: redecision("BA-SENGKETA-1", d2), want: 403, check: problem("", "")},
		{name: "redecide-auditor-403", token: auAuditor, method: "POST", path: redecide, body: redecision("BA-SENGKETA-1", d2), want: 403},
		{name: "redecide-unknown-dispute-422", token: admin, method: "POST", path: redecide, body: redecision("BA-SENGKETA-1", p+"-9"), want: 422, check: problem("", "dispute_id")},
		{name: "redecide-missing-dispute-422", token: admin, method: "POST", path: redecide, body: map[string]any{"decided_on": "2024-09-02", "meeting_ref": "BA-SENGKETA-1"}, want: 422, check: problem("", "dispute_id")},
		{name: "redecide-bad-date-422", token: admin, method: "POST", path: redecide, body: map[string]any{"decided_on": "2024-13-02", "meeting_ref": "BA-SENGKETA-1", "dispute_id": d2}, want: 422, check: problem("", "decided_on")},
		{name: "redecide-other-participant-422", token: admin, method: "POST", path: "/v1/participants/" + q + "/redecision", body: redecision("BA-SENGKETA-1", d2), want: 422, check: problem("", "dispute_id")},
		{name: "redecide-unknown-participant-404", token: admin, method: "POST", path: "/v1/participants/199001012020011999/redecision", body: redecision("BA-SENGKETA-1", d2), want: 404},
		{name: "redecide-admin-201", token: admin, method: "POST", path: redecide, body: redecision("BA-SENGKETA-1", d2), want: 201, check: auCheck(map[string]any{
			"decision.nip": p, "decision.outcome": "lulus", "events.0.type": "GraduationDecided", "events.0.stream": "participant-" + p})},
		{name: "redecide-same-ref-200", token: admin, method: "POST", path: redecide, body: redecision("BA-SENGKETA-1", d2), want: 200, check: field("decision.outcome", "lulus")},
		{name: "redecide-used-dispute-other-ref-422", token: admin, method: "POST", path: redecide, body: redecision("BA-SENGKETA-2", d2), want: 422, check: problem("", "dispute_id")},
	})

	st := e.standing(e.dashboard(), p)
	scnWant(t, "standing after the redecision", st, map[string]any{
		"outcome.status": "decided", "outcome.result": "lulus", "outcome.redecision": true,
		"outcome.meeting_ref": "BA-SENGKETA-1", "outcome.decided_on": "2024-09-02",
		"disputes.0.status": "rejected", "disputes.1.dispute_id": d2, "disputes.1.status": "upheld", "disputes.1.redecided": true,
		"awards.0.kind": "sttp",
	})
	trail = auTrail(t, e, e.auditor(), p)
	redec := auFirst(t, trail, "GraduationDecided", "meeting_ref", "BA-SENGKETA-1")
	scnWant(t, "the redecision's entry", redec, map[string]any{
		"role": "admin", "data.redecision": true, "data.dispute_id": d2, "data.outcome": "lulus",
		"data.components.academic_elearning": 82.5,
	})
	auRules(t, redec, "R-GRAD-1", "R-GRAD-4")
	auWantChange(t, redec, "outcome.result", "ditunda", "lulus")
	scnWant(t, "the first decision's entry", auEntry(t, trail, decision), map[string]any{
		"disputes": []string{d1, d2}, "data.outcome": "ditunda", "data.components.academic_elearning": 45.0,
	})
}
