package tests

import (
	"net/http"
	"strings"
	"testing"
)

// Table tests of the distance-learning and evaluation writes: groups,
// sessions, attendance, component scores and the remedial deadline.

// progEnrol enrols one participant (admin) in a cohort already opened.
func progEnrol(e *env, cohortID, n, agency string) {
	e.t.Helper()
	mustStatus(e.t, e.do(adminSecret, "POST", "/v1/cohorts/"+cohortID+"/participants", map[string]any{
		"nip": n, "name": "Peserta " + n[len(n)-4:], "golongan": "III", "agency": agency,
	}), http.StatusCreated)
}

// progOpen opens a cohort (admin) of institution bpsdm-jatim and enrols the
// NIPs given, all of agency pemkab-blitar: for a second cohort beside
// e.openCohort's, with NIPs that do not collide with nip(0..n).
func progOpen(e *env, cohortID string, nips ...string) {
	e.t.Helper()
	mustStatus(e.t, e.do(adminSecret, "POST", "/v1/cohorts", cohortBody(cohortID)), http.StatusCreated)
	for _, n := range nips {
		progEnrol(e, cohortID, n, "pemkab-blitar")
	}
}

// progDig follows a dotted path through decoded JSON objects.
func progDig(t *testing.T, v any, path string) any {
	t.Helper()
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: %v is not an object", path, v)
		}
		v = m[k]
	}
	return v
}

// progStandingAfter reads a participant's standing (admin) once projections
// have reached the position the write r reported in X-Event-Position.
func progStandingAfter(t *testing.T, e *env, r response, n string) map[string]any {
	t.Helper()
	pos := r.header.Get("X-Event-Position")
	if pos == "" {
		t.Fatal("write answered without X-Event-Position")
	}
	s := e.do(adminSecret, "GET", "/v1/participants/"+n+"/standing?min_position="+pos, nil)
	if s.status != http.StatusOK {
		t.Fatalf("standing of %s: %d %s", n, s.status, truncate(s.body))
	}
	return s.json(t)
}

// progWant checks the values at dotted paths of a decoded JSON object.
func progWant(t *testing.T, doc map[string]any, want map[string]any) {
	t.Helper()
	for path, w := range want {
		if got := progDig(t, doc, path); got != w {
			t.Errorf("%s=%v (%T), want %v (%T)", path, got, got, w, w)
		}
	}
}

// progEvents checks a write's answer lists n events, all of type typ.
func progEvents(n int, typ string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		evs, _ := r.json(t)["events"].([]any)
		if len(evs) != n {
			t.Fatalf("%d events, want %d: %s", len(evs), n, truncate(r.body))
		}
		for _, ev := range evs {
			if got := ev.(map[string]any)["type"]; got != typ {
				t.Fatalf("event type %v, want %s", got, typ)
			}
		}
	}
}

// progAll runs several checks on one answer.
func progAll(checks ...func(t *testing.T, r response)) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		for _, c := range checks {
			c(t, r)
		}
	}
}

func progGroup(id string, nips ...string) map[string]any {
	if nips == nil {
		nips = []string{}
	}
	return map[string]any{"group_id": id, "nips": nips}
}

func TestProgramGroupsAPI(t *testing.T) {
	e := start(t)
	nips := e.openCohort("C1", 13)
	progOpen(e, "C2", nip(100))
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	agency := func(e *env) string { return e.agency() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	path := "/v1/cohorts/C1/groups"
	spaced := make([]string, 10) // the same ten NIPs as typed with spaces (R-NIP-1)
	for i, n := range nips[:10] {
		spaced[i] = n[:8] + " " + n[8:14] + " " + n[14:15] + " " + n[15:]
	}
	cases := []apiCase{
		{name: "no-token-401", token: nobody, method: "POST", path: path, body: progGroup("K1", nips[:10]...), want: 401, check: problem("", "")},
		{name: "dashboard-403", token: dashboard, method: "POST", path: path, body: progGroup("K1", nips[:10]...), want: 403, check: problem("", "")},
		{name: "auditor-403", token: auditor, method: "POST", path: path, body: progGroup("K1", nips[:10]...), want: 403},
		{name: "agency-403", token: agency, method: "POST", path: path, body: progGroup("K1", nips[:10]...), want: 403},
		{name: "other-lms-404", token: otherLMS, method: "POST", path: path, body: progGroup("K1", nips[:10]...), want: 404, check: problem("", "")},
		{name: "unknown-cohort-404", token: admin, method: "POST", path: "/v1/cohorts/NOPE/groups", body: progGroup("K1", nips[:10]...), want: 404},
		{name: "malformed-400", token: lms, method: "POST", path: path, body: `{"group_id": "K1", "nips": [`, want: 400, check: problem("", "")},
		{name: "not-json-415", token: lms, method: "POST", path: path, body: "K1", headers: []string{"Content-Type", "text/plain"}, want: 415},
		{name: "unknown-field-422", token: lms, method: "POST", path: path, body: map[string]any{"group_id": "K1", "members": nips[:2]}, want: 422, check: problem("", "members")},
		{name: "nips-not-array-422", token: lms, method: "POST", path: path, body: map[string]any{"group_id": "K1", "nips": nips[0]}, want: 422, check: problem("", "nips")},
		{name: "eleven-422", token: lms, method: "POST", path: path, body: progGroup("K1", nips[:11]...), want: 422, check: problem("R-COH-4", "nips")},
		{name: "empty-422", token: lms, method: "POST", path: path, body: progGroup("K1"), want: 422, check: problem("R-COH-4", "nips")},
		{name: "bad-group-id-422", token: lms, method: "POST", path: path, body: progGroup("kelompok satu", nips[:2]...), want: 422, check: problem("", "group_id")},
		{name: "nip-of-other-cohort-422", token: lms, method: "POST", path: path, body: progGroup("K1", nips[0], nip(100)), want: 422, check: problem("R-COH-4", "nips[1]")},
		{name: "nip-not-enrolled-422", token: lms, method: "POST", path: path, body: progGroup("K1", "199001012020011999"), want: 422, check: problem("R-COH-4", "nips[0]")},
		{name: "bad-nip-422", token: lms, method: "POST", path: path, body: progGroup("K1", "1999-01-01"), want: 422, check: problem("R-NIP-1", "nips[0]")},
		{name: "nip-twice-422", token: lms, method: "POST", path: path, body: progGroup("K1", nips[0], nips[0]), want: 422, check: problem("R-COH-4", "nips[1]")},
		{name: "ten-201", token: lms, method: "POST", path: path, body: progGroup("K1", nips[:10]...), want: 201, check: progAll(
			progEvents(1, "GroupFormed"), field("group.group_id", "K1"),
			func(t *testing.T, r response) {
				if got := progDig(t, r.json(t), "group.nips").([]any); len(got) != 10 {
					t.Fatalf("group has %d members, want 10", len(got))
				}
			})},
		{name: "repeat-200", token: lms, method: "POST", path: path, body: progGroup("K1", nips[:10]...), want: 200, check: progEvents(1, "GroupFormed")},
		{name: "repeat-with-spaced-nips-200", token: admin, method: "POST", path: path, body: progGroup("K1", spaced...), want: 200},
		{name: "same-id-other-members-409", token: lms, method: "POST", path: path, body: progGroup("K1", nips[10:]...), want: 409, check: problem("R-COH-4", "")},
		{name: "same-id-fewer-members-409", token: lms, method: "POST", path: path, body: progGroup("K1", nips[:9]...), want: 409},
		{name: "nip-already-in-group-422", token: lms, method: "POST", path: path, body: progGroup("K2", nips[10], nips[9]), want: 422, check: problem("R-COH-4", "nips[1]")},
		{name: "second-group-admin-201", token: admin, method: "POST", path: path, body: progGroup("K2", nips[10:]...), want: 201},
		{name: "same-group-id-in-other-cohort-201", token: admin, method: "POST", path: "/v1/cohorts/C2/groups", body: progGroup("K1", nip(100)), want: 201},
		{name: "cohort-view-lists-groups", token: lms, method: "GET", path: "/v1/cohorts/C1?min_position=1", want: 200, check: func(t *testing.T, r response) {
			// Position 1 is long passed; wait for the last write explicitly.
			v := e.do(e.lms(), "GET", "/v1/cohorts/C1?min_position="+e.head(), nil).json(t)
			groups, _ := v["groups"].([]any)
			if len(groups) != 2 {
				t.Fatalf("cohort lists %d groups, want 2: %v", len(groups), v["groups"])
			}
		}},
	}
	runCases(t, e, cases)
}

func progSession(id, mode, date string, jp any, group string) map[string]any {
	b := map[string]any{"session_id": id, "mode": mode, "date": date, "jp": jp, "title": "Sesi " + id}
	if group != "" {
		b["group_id"] = group
	}
	return b
}

func TestProgramSessionsAPI(t *testing.T) {
	e := start(t)
	nips := e.openCohort("C1", 3)
	progOpen(e, "C2", nip(100))
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/C1/groups", progGroup("K1", nips[0], nips[1])), http.StatusCreated)
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	agency := func(e *env) string { return e.agency() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	path := "/v1/cohorts/C1/sessions"
	noTitle := progSession("S9", "synchronous", "2024-06-10", 1, "")
	delete(noTitle, "title")
	noJP := progSession("S9", "synchronous", "2024-06-10", 1, "")
	delete(noJP, "jp")
	cases := []apiCase{
		{name: "no-token-401", token: nobody, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 401},
		{name: "dashboard-403", token: dashboard, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 403, check: problem("", "")},
		{name: "auditor-403", token: auditor, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 403},
		{name: "agency-403", token: agency, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 403},
		{name: "other-lms-404", token: otherLMS, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 404, check: problem("", "")},
		{name: "unknown-cohort-404", token: admin, method: "POST", path: "/v1/cohorts/NOPE/sessions", body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 404},
		{name: "malformed-400", token: lms, method: "POST", path: path, body: `{"session_id": "S1",`, want: 400},
		{name: "asynchronous-422", token: lms, method: "POST", path: path, body: progSession("S1", "asynchronous", "2024-06-10", 9, ""), want: 422, check: problem("R-ATT-1", "mode")},
		{name: "jp-0-422", token: lms, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 0, ""), want: 422, check: problem("", "jp")},
		{name: "jp-15-422", token: lms, method: "POST", path: path, body: progSession("S1", "klasikal", "2024-07-22", 15, ""), want: 422, check: problem("", "jp")},
		{name: "jp-missing-422", token: lms, method: "POST", path: path, body: noJP, want: 422, check: problem("", "jp")},
		{name: "jp-string-422", token: lms, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", "1", ""), want: 422, check: problem("", "jp")},
		{name: "jp-fraction-422", token: lms, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 1.5, ""), want: 422, check: problem("", "jp")},
		{name: "bad-date-422", token: lms, method: "POST", path: path, body: progSession("S1", "synchronous", "10/06/2024", 1, ""), want: 422, check: problem("", "date")},
		{name: "missing-title-422", token: lms, method: "POST", path: path, body: noTitle, want: 422, check: problem("", "title")},
		{name: "bad-session-id-422", token: lms, method: "POST", path: path, body: progSession("sesi satu", "synchronous", "2024-06-10", 1, ""), want: 422, check: problem("", "session_id")},
		{name: "unknown-group-422", token: lms, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 1, "K9"), want: 422, check: problem("R-COH-4", "group_id")},
		{name: "group-of-other-cohort-422", token: admin, method: "POST", path: "/v1/cohorts/C2/sessions", body: progSession("S7", "synchronous", "2024-06-10", 1, "K1"), want: 422, check: problem("R-COH-4", "group_id")},
		{name: "synchronous-201", token: lms, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 201, check: progAll(
			progEvents(1, "SessionScheduled"), field("session.session_id", "S1"), field("session.jp", float64(1)), field("session.mode", "synchronous"))},
		{name: "repeat-200", token: lms, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 200, check: progEvents(1, "SessionScheduled")},
		{name: "same-id-other-details-409", token: lms, method: "POST", path: path, body: progSession("S1", "synchronous", "2024-06-11", 1, ""), want: 409, check: problem("", "")},
		{name: "same-id-other-cohort-409", token: admin, method: "POST", path: "/v1/cohorts/C2/sessions", body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 409, check: problem("", "")},
		{name: "group-klasikal-201", token: lms, method: "POST", path: path, body: progSession("S2", "klasikal", "2024-07-22", 10, "K1"), want: 201, check: field("session.group_id", "K1")},
		{name: "klasikal-14-jp-201", token: admin, method: "POST", path: path, body: progSession("S3", "klasikal", "2024-07-23", 14, ""), want: 201},
		// The cross-cohort check of session_id must not hide that the cohort
		// named in the path is unknown, or not the caller's (404 first).
		{name: "unknown-cohort-with-existing-session-id-404", token: admin, method: "POST", path: "/v1/cohorts/NOPE/sessions", body: progSession("S1", "synchronous", "2024-06-10", 1, ""), want: 404},
		{name: "other-cohort-own-id-201", token: admin, method: "POST", path: "/v1/cohorts/C2/sessions", body: progSession("C2-S1", "synchronous", "2024-06-10", 1, ""), want: 201},
		{name: "cohort-view-lists-sessions", token: lms, method: "GET", path: "/v1/cohorts/C1", want: 200, check: func(t *testing.T, r response) {
			v := e.do(e.lms(), "GET", "/v1/cohorts/C1?min_position="+e.head(), nil).json(t)
			if s, _ := v["sessions"].([]any); len(s) != 3 {
				t.Fatalf("cohort lists %d sessions, want 3: %v", len(s), v["sessions"])
			}
		}},
	}
	runCases(t, e, cases)
}

func progAttendance(records ...string) map[string]any {
	rs := make([]map[string]any, 0, len(records)/2)
	for i := 0; i+1 < len(records); i += 2 {
		rs = append(rs, map[string]any{"nip": records[i], "status": records[i+1]})
	}
	return map[string]any{"records": rs}
}

// progAbsence checks the attendance counts of a participant's standing after the write r.
func progAbsence(e *env, n string, sessions, jp, days int) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		progWant(t, progStandingAfter(t, e, r, n), map[string]any{
			"attendance.absent_sessions": float64(sessions), "attendance.absent_jp": float64(jp),
			"attendance.absent_days": float64(days), "attendance.limit_broken": false,
		})
	}
}

func TestProgramAttendanceAPI(t *testing.T) {
	e := start(t)
	nips := e.openCohort("C1", 4)
	progOpen(e, "C2", nip(100))
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/C1/groups", progGroup("K1", nips[0], nips[1])), http.StatusCreated)
	for _, s := range []map[string]any{
		progSession("S-ALL", "synchronous", "2024-06-10", 1, ""),
		progSession("S-K1", "klasikal", "2024-07-22", 7, "K1"),
		// Two klasikal sessions on one date, for every participant.
		progSession("S-DAY-A", "klasikal", "2024-07-23", 7, ""),
		progSession("S-DAY-B", "klasikal", "2024-07-23", 5, ""),
	} {
		mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts/C1/sessions", s), http.StatusCreated)
	}
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	agency := func(e *env) string { return e.agency() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	all, grp := "/v1/sessions/S-ALL/attendance", "/v1/sessions/S-K1/attendance"
	p, q, outsider := nips[0], nips[1], nips[2]
	cases := []apiCase{
		{name: "no-token-401", token: nobody, method: "PUT", path: all, body: progAttendance(p, "absent"), want: 401},
		{name: "dashboard-403", token: dashboard, method: "PUT", path: all, body: progAttendance(p, "absent"), want: 403, check: problem("", "")},
		{name: "auditor-403", token: auditor, method: "PUT", path: all, body: progAttendance(p, "absent"), want: 403},
		{name: "agency-403", token: agency, method: "PUT", path: all, body: progAttendance(p, "absent"), want: 403},
		{name: "other-lms-404", token: otherLMS, method: "PUT", path: all, body: progAttendance(p, "absent"), want: 404, check: problem("", "")},
		{name: "unknown-session-404", token: admin, method: "PUT", path: "/v1/sessions/NOPE/attendance", body: progAttendance(p, "absent"), want: 404, check: problem("", "")},
		{name: "malformed-400", token: lms, method: "PUT", path: all, body: `{"records": [{"nip": `, want: 400},
		{name: "not-json-415", token: lms, method: "PUT", path: all, body: "absent", headers: []string{"Content-Type", "text/plain"}, want: 415},
		{name: "empty-422", token: lms, method: "PUT", path: all, body: progAttendance(), want: 422, check: problem("", "records")},
		{name: "not-in-group-422", token: lms, method: "PUT", path: grp, body: progAttendance(p, "present", outsider, "absent"), want: 422, check: problem("R-ATT-1", "records[1].nip")},
		{name: "nip-of-other-cohort-422", token: lms, method: "PUT", path: all, body: progAttendance(nip(100), "absent"), want: 422, check: problem("", "records[0].nip")},
		{name: "bad-nip-422", token: lms, method: "PUT", path: all, body: progAttendance("abc", "absent"), want: 422, check: problem("R-NIP-1", "records[0].nip")},
		{name: "bad-status-422", token: lms, method: "PUT", path: all, body: progAttendance(p, "late"), want: 422, check: problem("", "records[0].status")},
		{name: "nip-twice-422", token: lms, method: "PUT", path: all, body: progAttendance(p, "absent", p, "present"), want: 422, check: problem("", "records[1].nip")},
		{name: "one-bad-record-writes-nothing", token: lms, method: "PUT", path: all, body: progAttendance(outsider, "absent", q, "late"), want: 422, check: func(t *testing.T, r response) {
			st := e.standing(adminSecret, outsider)
			progWant(t, st, map[string]any{"attendance.absent_sessions": float64(0)})
		}},
		{name: "absent-201", token: lms, method: "PUT", path: all, body: progAttendance(p, "absent", q, "present"), want: 201, check: progAll(
			progEvents(2, "AttendanceRecorded"), field("recorded", float64(2)), field("unchanged", float64(0)), field("session_id", "S-ALL"),
			progAbsence(e, p, 1, 1, 1), progAbsence(e, q, 0, 0, 0))},
		{name: "repeat-200-records-nothing", token: lms, method: "PUT", path: all, body: progAttendance(p, "absent", q, "present"), want: 200, check: progAll(
			progEvents(0, ""), field("recorded", float64(0)), field("unchanged", float64(2)), progAbsence(e, p, 1, 1, 1))},
		{name: "present-replaces-absent-201", token: lms, method: "PUT", path: all, body: progAttendance(p, "present"), want: 201, check: progAll(
			field("recorded", float64(1)), progAbsence(e, p, 0, 0, 0))},
		{name: "absent-again-201", token: lms, method: "PUT", path: all, body: progAttendance(p, "absent"), want: 201, check: progAbsence(e, p, 1, 1, 1)},
		{name: "group-session-201", token: lms, method: "PUT", path: grp, body: progAttendance(p, "absent", q, "present"), want: 201, check: progAll(
			field("recorded", float64(2)), progAbsence(e, p, 2, 8, 2))},
		{name: "spaced-nip-200", token: lms, method: "PUT", path: grp, body: progAttendance(p[:8]+" "+p[8:14]+" "+p[14:15]+" "+p[15:], "absent"), want: 200, check: field("unchanged", float64(1))},
		// R-ATT-2: an absent day is a date on which the participant missed every
		// session scheduled for them. Missing S-DAY-A while S-DAY-B (same date,
		// scheduled for everyone) is not recorded as missed is no absent day.
		{name: "absent-one-of-two-sessions-of-a-date-201", token: lms, method: "PUT", path: "/v1/sessions/S-DAY-A/attendance", body: progAttendance(p, "absent"), want: 201, check: progAbsence(e, p, 3, 15, 2)},
		{name: "present-at-the-other-session-of-the-date-201", token: lms, method: "PUT", path: "/v1/sessions/S-DAY-B/attendance", body: progAttendance(p, "present"), want: 201, check: progAbsence(e, p, 3, 15, 2)},
		{name: "absent-from-both-sessions-of-a-date-201", token: lms, method: "PUT", path: "/v1/sessions/S-DAY-B/attendance", body: progAttendance(q, "absent"), want: 201, check: progAll(
			progAbsence(e, q, 1, 5, 0), // S-DAY-A not recorded for q: no absent day yet
			func(t *testing.T, r response) {
				r2 := e.do(e.lms(), "PUT", "/v1/sessions/S-DAY-A/attendance", progAttendance(q, "absent"))
				mustStatus(t, r2, http.StatusCreated)
				progAbsence(e, q, 2, 12, 1)(t, r2)
			})},
	}
	runCases(t, e, cases)
}

// progScore is a score body; score is sent as given (a number, a string or raw text).
func progScore(component string, score any) map[string]any {
	return map[string]any{"component": component, "score": score, "assessor": "Widyaiswara Ahmad", "assessed_at": "2024-07-30T10:00:00Z"}
}

func TestProgramScoresAPI(t *testing.T) {
	e := start(t)
	nips := e.openCohort("C1", 2)
	malang := nip(50)
	progEnrol(e, "C1", malang, "pemkot-malang")
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	agency := func(e *env) string { return e.agency() }
	otherAgency := func(e *env) string { return e.otherAgency() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	p := nips[0]
	path := "/v1/participants/" + p + "/scores"
	raw := func(score string) string {
		return `{"component": "attitude_institution", "score": ` + score + `, "assessor": "Widyaiswara Ahmad", "assessed_at": "2024-07-30T10:00:00Z"}`
	}
	noAssessor := progScore("attitude_institution", 80)
	delete(noAssessor, "assessor")
	cases := []apiCase{
		{name: "no-token-401", token: nobody, method: "POST", path: path, body: progScore("attitude_institution", 80), want: 401},
		{name: "dashboard-403", token: dashboard, method: "POST", path: path, body: progScore("attitude_institution", 80), want: 403, check: problem("", "")},
		{name: "auditor-403", token: auditor, method: "POST", path: path, body: progScore("attitude_institution", 80), want: 403},
		{name: "lms-attitude-agency-403", token: lms, method: "POST", path: path, body: progScore("attitude_agency", 80), want: 403, check: problem("R-EVAL-1", "component")},
		{name: "lms-pktbt-403", token: lms, method: "POST", path: path, body: progScore("pktbt", 80), want: 403, check: problem("R-EVAL-1", "component")},
		{name: "agency-attitude-institution-403", token: agency, method: "POST", path: path, body: progScore("attitude_institution", 80), want: 403, check: problem("R-EVAL-1", "component")},
		{name: "agency-actualization-design-403", token: agency, method: "POST", path: path, body: progScore("actualization_design", 80), want: 403},
		{name: "other-lms-404", token: otherLMS, method: "POST", path: path, body: progScore("attitude_institution", 80), want: 404, check: problem("", "")},
		{name: "other-agency-404", token: otherAgency, method: "POST", path: path, body: progScore("pktbt", 80), want: 404, check: problem("", "")},
		{name: "agency-pktbt-of-other-agency-participant-404", token: agency, method: "POST", path: "/v1/participants/" + malang + "/scores", body: progScore("pktbt", 80), want: 404},
		{name: "unknown-participant-404", token: admin, method: "POST", path: "/v1/participants/199001012020011999/scores", body: progScore("pktbt", 80), want: 404},
		{name: "malformed-400", token: lms, method: "POST", path: path, body: `{"component": "pktbt", "score": }`, want: 400},
		{name: "not-json-415", token: lms, method: "POST", path: path, body: "80", headers: []string{"Content-Type", "text/plain"}, want: 415},
		{name: "academic-mooc-422", token: lms, method: "POST", path: path, body: progScore("academic_mooc", 80), want: 422, check: problem("R-POST-2", "component")},
		{name: "academic-mooc-admin-422", token: admin, method: "POST", path: path, body: progScore("academic_mooc", 80), want: 422, check: problem("R-POST-2", "component")},
		{name: "unknown-component-422", token: lms, method: "POST", path: path, body: progScore("sociometry", 80), want: 422, check: problem("", "component")},
		{name: "missing-component-422", token: lms, method: "POST", path: path, body: progScore("", 80), want: 422, check: problem("", "component")},
		{name: "three-decimals-422", token: lms, method: "POST", path: path, body: raw("80.125"), want: 422, check: problem("", "score")},
		{name: "score-string-422", token: lms, method: "POST", path: path, body: progScore("attitude_institution", "80"), want: 422, check: problem("", "score")},
		{name: "score-over-100-422", token: lms, method: "POST", path: path, body: raw("100.01"), want: 422, check: problem("", "score")},
		{name: "score-negative-422", token: lms, method: "POST", path: path, body: raw("-1"), want: 422, check: problem("", "score")},
		{name: "score-null-422", token: lms, method: "POST", path: path, body: raw("null"), want: 422, check: problem("", "score")},
		{name: "missing-assessor-422", token: lms, method: "POST", path: path, body: noAssessor, want: 422, check: problem("", "assessor")},
		{name: "bad-assessed-at-422", token: lms, method: "POST", path: path, body: map[string]any{"component": "attitude_institution", "score": 80, "assessor": "A", "assessed_at": "30 Juli 2024"}, want: 422, check: problem("", "assessed_at")},
		{name: "unknown-field-422", token: lms, method: "POST", path: path, body: map[string]any{"component": "attitude_institution", "score": 80, "assessor": "A", "assessed_at": "2024-07-30T10:00:00Z", "weight": 10}, want: 422, check: problem("", "weight")},
		{name: "lms-attitude-institution-201", token: lms, method: "POST", path: path, body: progScore("attitude_institution", 80), want: 201, check: progAll(
			progEvents(1, "ComponentScored"), field("evaluation.components.attitude_institution", float64(80)))},
		{name: "lms-two-decimals-201", token: lms, method: "POST", path: path, body: raw("70.01"), want: 201, check: field("evaluation.components.attitude_institution", 70.01)},
		{name: "later-score-replaces-201", token: lms, method: "POST", path: path, body: progScore("attitude_institution", 85.5), want: 201, check: progAll(
			field("evaluation.components.attitude_institution", 85.5),
			func(t *testing.T, r response) {
				progWant(t, progStandingAfter(t, e, r, p), map[string]any{"components.attitude_institution": 85.5})
			})},
		{name: "lms-elearning-201", token: lms, method: "POST", path: path, body: progScore("academic_elearning", 82.5), want: 201},
		{name: "agency-pktbt-own-participant-201", token: agency, method: "POST", path: path, body: progScore("pktbt", 80), want: 201, check: field("evaluation.components.pktbt", float64(80))},
		{name: "agency-attitude-agency-201", token: agency, method: "POST", path: path, body: progScore("attitude_agency", 88), want: 201, check: progAll(
			field("evaluation.components.attitude_agency", float64(88)),
			// attitude = (10*85.5 + 5*88)/15 = 86.33 (R-EVAL-1)
			field("evaluation.aspects.attitude.score", 86.33))},
		{name: "admin-pktbt-201", token: admin, method: "POST", path: "/v1/participants/" + malang + "/scores", body: progScore("pktbt", 75), want: 201},
		{name: "standing-shows-components", token: agency, method: "GET", path: "/v1/participants/" + p + "/standing", want: 200, check: func(t *testing.T, r response) {
			st := e.standing(e.agency(), p)
			progWant(t, st, map[string]any{
				"components.attitude_institution": 85.5, "components.attitude_agency": float64(88),
				"components.academic_elearning": 82.5, "components.pktbt": float64(80),
			})
			if got := progDig(t, st, "components.academic_mooc"); got != nil {
				t.Errorf("academic_mooc=%v without a posttest, want null", got)
			}
		}},
	}
	runCases(t, e, cases)
}

func progDeadline(deadline, reason string) map[string]any {
	return map[string]any{"deadline": deadline, "reason": reason}
}

func TestProgramRemedialDeadlineAPI(t *testing.T) {
	e := start(t)
	e.openCohort("C1", 1) // ends_on 2024-08-02: the default deadline is 2024-08-09 (R-REM-2)
	lms := func(e *env) string { return e.lms() }
	agency := func(e *env) string { return e.agency() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	path := "/v1/cohorts/C1/remedial-deadline"
	flood := "Aktualisasi diperpanjang karena bencana banjir"
	cases := []apiCase{
		{name: "default-deadline-in-cohort-view", token: admin, method: "GET", path: "/v1/cohorts/C1?min_position=1", want: 200, check: field("remedial_deadline", "2024-08-09")},
		{name: "no-token-401", token: nobody, method: "POST", path: path, body: progDeadline("2024-08-16", flood), want: 401},
		{name: "lms-403", token: lms, method: "POST", path: path, body: progDeadline("2024-08-16", flood), want: 403, check: problem("", "")},
		{name: "agency-403", token: agency, method: "POST", path: path, body: progDeadline("2024-08-16", flood), want: 403},
		{name: "auditor-403", token: auditor, method: "POST", path: path, body: progDeadline("2024-08-16", flood), want: 403},
		{name: "dashboard-403", token: dashboard, method: "POST", path: path, body: progDeadline("2024-08-16", flood), want: 403},
		{name: "unknown-cohort-404", token: admin, method: "POST", path: "/v1/cohorts/NOPE/remedial-deadline", body: progDeadline("2024-08-16", flood), want: 404},
		{name: "malformed-400", token: admin, method: "POST", path: path, body: `{"deadline": "2024-08-16"`, want: 400},
		{name: "before-ends-on-422", token: admin, method: "POST", path: path, body: progDeadline("2024-07-30", flood), want: 422, check: problem("R-REM-3", "deadline")},
		{name: "on-ends-on-422", token: admin, method: "POST", path: path, body: progDeadline("2024-08-02", flood), want: 422, check: problem("R-REM-3", "deadline")},
		{name: "missing-reason-422", token: admin, method: "POST", path: path, body: map[string]any{"deadline": "2024-08-16"}, want: 422, check: problem("", "reason")},
		{name: "blank-reason-422", token: admin, method: "POST", path: path, body: progDeadline("2024-08-16", "  "), want: 422, check: problem("", "reason")},
		{name: "bad-date-422", token: admin, method: "POST", path: path, body: progDeadline("16 Agustus 2024", flood), want: 422, check: problem("", "deadline")},
		{name: "unknown-field-422", token: admin, method: "POST", path: path, body: map[string]any{"deadline": "2024-08-16", "reason": flood, "component": "pktbt"}, want: 422, check: problem("", "component")},
		// R-REM-3: the cohort may record a *later* deadline; one that falls before
		// R-REM-2's week (2024-08-09) would shorten the participants' remedial time.
		{name: "earlier-than-default-422", token: admin, method: "POST", path: path, body: progDeadline("2024-08-05", flood), want: 422, check: problem("R-REM-3", "deadline")},
		{name: "admin-201", token: admin, method: "POST", path: path, body: progDeadline("2024-08-16", flood), want: 201, check: progAll(
			progEvents(1, "RemedialDeadlineExtended"), field("cohort.remedial_deadline", "2024-08-16"), field("cohort.remedial_deadline_reason", flood))},
		{name: "cohort-view-shows-deadline", token: lms, method: "GET", path: "/v1/cohorts/C1", want: 200, check: func(t *testing.T, r response) {
			v := e.do(e.lms(), "GET", "/v1/cohorts/C1?min_position="+e.head(), nil).json(t)
			if v["remedial_deadline"] != "2024-08-16" || v["remedial_deadline_reason"] != flood {
				t.Fatalf("remedial_deadline=%v reason=%v, want 2024-08-16 with its reason", v["remedial_deadline"], v["remedial_deadline_reason"])
			}
		}},
		{name: "later-again-201", token: admin, method: "POST", path: path, body: progDeadline("2024-08-23", "Banjir susulan"), want: 201, check: field("cohort.remedial_deadline", "2024-08-23")},
		{name: "earlier-than-recorded-422", token: admin, method: "POST", path: path, body: progDeadline("2024-08-12", flood), want: 422, check: problem("R-REM-3", "deadline")},
	}
	runCases(t, e, cases)
}
