package tests

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Every input is bounded and exact (docs/rules.md, "Rules the ledger adds"):
// each refusal below is a 4xx problem naming the field, and none of them
// changes the log.

// unchanged runs the cases and fails unless the log's head stayed where it was.
func unchanged(t *testing.T, e *env, cases []apiCase) {
	t.Helper()
	before := e.head()
	runCases(t, e, cases)
	if after := e.head(); after != before {
		t.Fatalf("the log moved from %s to %s: a refusal recorded something", before, after)
	}
}

func withKey(b map[string]any, key string, v any) map[string]any {
	out := make(map[string]any, len(b)+1)
	for k, x := range b {
		out[k] = x
	}
	out[key] = v
	return out
}

func TestInputNumbersBounded(t *testing.T) {
	e := start(t)
	e.openCohort("NUM", 1)
	overflow := cohortBody("OVERFLOW")
	overflow["trophy_catalogue"] = map[string]any{
		"kebijakan":   map[string]int{"0": 3},
		"substansi_1": map[string]int{"1": 200000000000000000, "2": 10, "3": 10},
		"substansi_2": map[string]int{"1": 5, "2": 5, "3": 5},
	}
	tooMany := cohortBody("TOO-MANY")
	tooMany["trophy_catalogue"] = map[string]any{
		"kebijakan":   map[string]int{"0": 3},
		"substansi_1": map[string]int{"1": 1001, "2": 10, "3": 10},
		"substansi_2": map[string]int{"1": 5, "2": 5, "3": 5},
	}
	beyondInt := `{"cohort_id":"BEYOND","name":"x","institution_id":"bpsdm-jatim","golongan":["III"],"starts_on":"2024-06-03","ends_on":"2024-08-02",` +
		`"trophy_catalogue":{"kebijakan":{"0":3},"substansi_1":{"1":99999999999999999999999},"substansi_2":{"1":5,"2":5,"3":5}}}`
	approval := func(capacity any) map[string]any {
		return map[string]any{"kind": "capacity", "letter_number": "B-1/LAN/2024", "approved_by": "Kepala LAN", "approved_on": "2024-05-20", "capacity": capacity}
	}
	unchanged(t, e, []apiCase{
		{name: "catalogue-overflow-422", token: admin, method: "POST", path: "/v1/cohorts", body: overflow, want: 422, check: problem("R-INPUT-3", "trophy_catalogue.substansi_1.1")},
		{name: "catalogue-1001-422", token: admin, method: "POST", path: "/v1/cohorts", body: tooMany, want: 422, check: problem("R-INPUT-3", "trophy_catalogue.substansi_1.1")},
		{name: "catalogue-beyond-int64-422", token: admin, method: "POST", path: "/v1/cohorts", body: beyondInt, want: 422, check: problem("", "trophy_catalogue.substansi_1.1")},
		{name: "capacity-2147483648-422", token: admin, method: "POST", path: "/v1/cohorts/NUM/approvals", body: approval(2147483648), want: 422, check: problem("R-INPUT-3", "capacity")},
		{name: "capacity-1001-422", token: admin, method: "POST", path: "/v1/cohorts/NUM/approvals", body: approval(1001), want: 422, check: problem("R-INPUT-3", "capacity")},
		{name: "capacity-beyond-int64-422", token: admin, method: "POST", path: "/v1/cohorts/NUM/approvals", body: approval(1e30), want: 422, check: problem("", "capacity")},
		{name: "score-exponent-422", token: admin, method: "POST", path: "/v1/participants/" + nip(0) + "/scores",
			body: `{"component":"attitude_institution","score":1e999999,"assessor":"Penguji","assessed_at":"2024-07-30T10:00:00Z"}`, want: 422, check: problem("R-EVAL-1", "score")},
	})
	// The bounds themselves are accepted.
	runCases(t, e, []apiCase{
		{name: "capacity-1000-201", token: admin, method: "POST", path: "/v1/cohorts/NUM/approvals", body: approval(1000), want: 201, check: field("cohort.capacity", float64(1000))},
	})
}

// A batch item whose path does not parse is answered on its own (400 naming
// path); the items before and after it are recorded; the batch answers 200.
func TestInputBatchBadPaths(t *testing.T) {
	e := start(t)
	p := e.openCohort("BP", 1)[0]
	good := func(activity string) map[string]any {
		return map[string]any{"method": "POST", "path": "/v1/participants/" + p + "/trophies", "body": trophy(activity, "substansi_1", 1)}
	}
	bad := []string{"/v1/x y", "/v1/%zz", "/v1/participants/" + p + "/trophies\x00", "/v1/participants/" + p + "/trophies\r\nX-Evil: 1", "/v1/é", "/v1/a#b"}
	items := []map[string]any{good("bp-1")}
	for _, path := range bad {
		items = append(items, map[string]any{"method": "POST", "path": path, "body": trophy("bp-x", "substansi_1", 1)})
	}
	items = append(items, good("bp-2"))
	before := e.head()
	r := e.do(e.lms(), "POST", "/v1/batch", map[string]any{"requests": items})
	mustStatus(t, r, http.StatusOK)
	results := r.json(t)["results"].([]any)
	if len(results) != len(items) {
		t.Fatalf("%d results for %d items", len(results), len(items))
	}
	for i, res := range results {
		res := res.(map[string]any)
		want := float64(400)
		if i == 0 || i == len(items)-1 {
			want = 201
		}
		if res["status"] != want {
			t.Errorf("item %d (%q): status=%v, want %v: %v", i, items[i]["path"], res["status"], want, res["body"])
			continue
		}
		if want == 400 {
			body := res["body"].(map[string]any)
			errs, _ := body["errors"].([]any)
			if len(errs) != 1 || errs[0].(map[string]any)["field"] != "path" || body["status"] != float64(400) {
				t.Errorf("item %d: want a problem naming path, got %v", i, body)
			}
		}
	}
	if got := e.standing(e.lms(), p)["mooc"].(map[string]any)["trophies"].(map[string]any)["total"]; got != float64(2) {
		t.Fatalf("trophies total=%v, want 2 (the two good items)", got)
	}
	if e.head() == before {
		t.Fatal("the good items were not recorded")
	}
	// The batch itself still refuses what is not a write under /v1/, and a
	// nested batch however it is spelt.
	unchanged(t, e, []apiCase{
		{name: "batch-nested-escaped-422", token: admin, method: "POST", path: "/v1/batch", body: map[string]any{"requests": []any{map[string]any{"method": "POST", "path": "/v1/%62atch"}}}, want: 422, check: problem("", "requests[0].path")},
		{name: "batch-key-control-422", token: admin, method: "POST", path: "/v1/batch", body: map[string]any{"requests": []any{map[string]any{"method": "POST", "path": "/v1/tokens", "idempotency_key": "a\nb"}}}, want: 422, check: problem("R-INPUT-2", "requests[0].idempotency_key")},
	})
}

func TestInputTextBounded(t *testing.T) {
	e := start(t)
	e.openCohort("TXT", 1)
	enrol := func(name string) map[string]any {
		return map[string]any{"nip": nip(7), "name": name, "golongan": "III", "agency": "pemkab-blitar"}
	}
	approval := func(letter string) map[string]any {
		return map[string]any{"kind": "capacity", "letter_number": letter, "approved_by": "Kepala LAN", "approved_on": "2024-05-20", "capacity": 45}
	}
	deadline := func(reason string) map[string]any {
		return map[string]any{"deadline": "2024-08-20", "reason": reason}
	}
	long := strings.Repeat("a", 100_000)
	unchanged(t, e, []apiCase{
		{name: "name-100kb-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: enrol(long), want: 422, check: problem("R-INPUT-2", "name")},
		{name: "name-201-characters-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: enrol(strings.Repeat("é", 201)), want: 422, check: problem("R-INPUT-2", "name")},
		{name: "name-nul-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: enrol("Siti\x00Rahayu"), want: 422, check: problem("R-INPUT-2", "name")},
		{name: "name-newline-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: enrol("Siti\nRahayu"), want: 422, check: problem("R-INPUT-2", "name")},
		{name: "name-tab-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: enrol("Siti\tRahayu"), want: 422, check: problem("R-INPUT-2", "name")},
		{name: "name-escape-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: enrol("Siti\x1b[31mRahayu"), want: 422, check: problem("R-INPUT-2", "name")},
		{name: "name-bidi-override-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: enrol("Siti \u202eudahaR"), want: 422, check: problem("R-INPUT-2", "name")},
		{name: "name-line-separator-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: enrol("Siti\u2028Rahayu"), want: 422, check: problem("R-INPUT-2", "name")},
		{name: "cohort-name-control-422", token: admin, method: "POST", path: "/v1/cohorts", body: withKey(cohortBody("TXT-2"), "name", "Angkatan\x07"), want: 422, check: problem("R-INPUT-2", "name")},
		{name: "token-name-long-422", token: admin, method: "POST", path: "/v1/tokens", body: map[string]any{"name": long, "role": "auditor"}, want: 422, check: problem("R-INPUT-2", "name")},
		{name: "letter-number-10k-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/approvals", body: approval(strings.Repeat("B", 10_000)), want: 422, check: problem("R-INPUT-2", "letter_number")},
		{name: "letter-number-path-traversal-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/approvals", body: approval("../../etc/passwd"), want: 422, check: problem("R-INPUT-2", "letter_number")},
		{name: "letter-number-inner-dots-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/approvals", body: approval("B-1/../../etc"), want: 422, check: problem("R-INPUT-2", "letter_number")},
		{name: "letter-number-newline-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/approvals", body: approval("B-1/LAN\n2024"), want: 422, check: problem("R-INPUT-2", "letter_number")},
		{name: "approved-by-nul-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/approvals", body: withKey(approval("B-1/LAN/2024"), "approved_by", "Kepala\x00LAN"), want: 422, check: problem("R-INPUT-2", "approved_by")},
		{name: "reason-2001-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/remedial-deadline", body: deadline(strings.Repeat("x", 2001)), want: 422, check: problem("R-INPUT-2", "reason")},
		{name: "reason-nul-422", token: admin, method: "POST", path: "/v1/cohorts/TXT/remedial-deadline", body: deadline("banjir\x00"), want: 422, check: problem("R-INPUT-2", "reason")},
		{name: "body-not-utf8-400", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: []byte(`{"nip":"` + nip(7) + `","name":"Siti ` + "\xff\xfe" + `","golongan":"III","agency":"pemkab-blitar"}`), want: 400, check: problem("R-INPUT-1", "")},
	})
	// Free text keeps its line breaks and tabs; a letter number its usual shapes.
	runCases(t, e, []apiCase{
		{name: "reason-with-line-breaks-201", token: admin, method: "POST", path: "/v1/cohorts/TXT/remedial-deadline", body: deadline("Banjir:\r\n\t- server LMS mati\n- diperpanjang"), want: 201},
		{name: "letter-number-201", token: admin, method: "POST", path: "/v1/cohorts/TXT/approvals", body: approval("No. 800/45/KEP.LAN/2024"), want: 201},
		{name: "name-200-characters-201", token: admin, method: "POST", path: "/v1/cohorts/TXT/participants", body: enrol(strings.Repeat("é", 200)), want: 201},
	})
}

func TestInputTimesAndFieldNamesExact(t *testing.T) {
	e := start(t)
	p := e.openCohort("EXACT", 1)[0]
	at := func(earned string) map[string]any {
		return map[string]any{"activity_id": "t-" + fmt.Sprint(len(earned)), "material": "substansi_1", "agenda": 1, "earned_at": earned}
	}
	trophies := "/v1/participants/" + p + "/trophies"
	enrolPath := "/v1/cohorts/EXACT/participants"
	unchanged(t, e, []apiCase{
		{name: "twelve-fraction-digits-422", token: admin, method: "POST", path: trophies, body: at("2024-06-05T09:30:00.123456789123Z"), want: 422, check: problem("R-INPUT-4", "earned_at")},
		{name: "comma-fraction-422", token: admin, method: "POST", path: trophies, body: at("2024-06-05T09:30:00,5Z"), want: 422, check: problem("R-INPUT-4", "earned_at")},
		{name: "lower-case-t-422", token: admin, method: "POST", path: trophies, body: at("2024-06-05t09:30:00z"), want: 422, check: problem("R-INPUT-4", "earned_at")},
		{name: "offset-24-hours-422", token: admin, method: "POST", path: trophies, body: at("2024-06-05T09:30:00+24:00"), want: 422, check: problem("R-INPUT-4", "earned_at")},
		{name: "upper-case-field-names-422", token: admin, method: "POST", path: enrolPath,
			body: `{"NIP":"` + nip(8) + `","name":"Siti","golongan":"III","AGENCY":"PEMKAB-BLITAR"}`, want: 422, check: problem("R-INPUT-1", "NIP")},
		{name: "one-upper-case-field-name-422", token: admin, method: "POST", path: enrolPath,
			body: `{"nip":"` + nip(8) + `","name":"Siti","golongan":"III","Agency":"pemkab-blitar"}`, want: 422, check: problem("R-INPUT-1", "Agency")},
		// encoding/json folds the long s (U+017F) to s: "ſtatus" would be status.
		{name: "long-s-field-name-422", token: admin, method: "PUT", path: "/v1/sessions/none/attendance",
			body: `{"records":[{"nip":"` + p + `","\u017ftatus":"present"}]}`, want: 422, check: problem("", "records[0].\u017ftatus")},
		{name: "nested-upper-case-field-name-422", token: admin, method: "PUT", path: "/v1/sessions/none/attendance",
			body: `{"records":[{"nip":"` + p + `","status":"present"},{"NIP":"` + p + `","status":"present"}]}`, want: 422, check: problem("R-INPUT-1", "records[1].NIP")},
		{name: "duplicate-field-422", token: admin, method: "POST", path: trophies,
			body: `{"activity_id":"d1","activity_id":"d2","material":"kebijakan","agenda":0,"earned_at":"2024-06-05T09:30:00Z"}`, want: 422, check: problem("R-INPUT-1", "activity_id")},
		{name: "utf-16-415", token: admin, method: "POST", path: trophies, body: trophy("u16", "kebijakan", 0),
			headers: []string{"Content-Type", "application/json; charset=utf-16"}, want: 415, check: problem("R-INPUT-1", "Content-Type")},
		{name: "latin-1-415", token: admin, method: "POST", path: enrolPath, body: map[string]any{"nip": nip(8), "name": "Siti", "golongan": "III", "agency": "pemkab-blitar"},
			headers: []string{"Content-Type", "application/json; charset=iso-8859-1"}, want: 415, check: problem("R-INPUT-1", "Content-Type")},
		{name: "gzip-415", token: admin, method: "POST", path: trophies, body: trophy("gz", "kebijakan", 0),
			headers: []string{"Content-Encoding", "gzip"}, want: 415, check: problem("R-INPUT-1", "Content-Encoding")},
	})
	runCases(t, e, []apiCase{
		{name: "nine-fraction-digits-201", token: admin, method: "POST", path: trophies, body: at("2024-06-05T09:30:00.123456789Z"), want: 201},
		{name: "charset-utf-8-201", token: admin, method: "POST", path: trophies, body: trophy("u8", "kebijakan", 0),
			headers: []string{"Content-Type", "application/json; charset=UTF-8"}, want: 201},
		{name: "identity-201", token: admin, method: "POST", path: trophies, body: trophy("id", "kebijakan", 0),
			headers: []string{"Content-Encoding", "identity"}, want: 201},
		{name: "offset-wib-201", token: admin, method: "POST", path: trophies, body: at("2024-06-05T16:30:00+07:00"), want: 201},
	})
}

// Dates lie inside the cohort's window where the rules give one, and no
// fact is dated more than a day ahead.
func TestInputDatesInWindow(t *testing.T) {
	e := start(t)
	p := e.openCohort("WIN", 1)[0]
	base := "/v1/participants/" + p
	posttest := func(at string) map[string]any {
		return map[string]any{"attempt_id": "p-" + at[:4], "substansi_1_score": 80, "substansi_2_score": 70, "taken_at": at}
	}
	score := func(at string) map[string]any {
		return map[string]any{"component": "attitude_institution", "score": 85, "assessor": "Penguji", "assessed_at": at}
	}
	meeting := func(on string) map[string]any { return map[string]any{"decided_on": on, "meeting_ref": "BA-" + on} }
	cohort := func(id, from, to string) map[string]any {
		b := cohortBody(id)
		b["starts_on"], b["ends_on"] = from, to
		return b
	}
	approval := func(on string) map[string]any {
		return map[string]any{"kind": "capacity", "letter_number": "B-9/LAN/2024", "approved_by": "Kepala LAN", "approved_on": on, "capacity": 45}
	}
	dev := func(from, to string) map[string]any { return devBody("win-1", "seminar", "national", 1, from, to) }
	agencyToken := e.agency() // issued before the log's head is taken
	agency := func(*env) string { return agencyToken }
	unchanged(t, e, []apiCase{
		{name: "trophy-2019-422", token: admin, method: "POST", path: base + "/trophies", body: withKey(trophy("w1", "kebijakan", 0), "earned_at", "2019-06-05T09:30:00Z"), want: 422, check: problem("R-DATE-1", "earned_at")},
		{name: "trophy-after-ends-on-422", token: admin, method: "POST", path: base + "/trophies", body: withKey(trophy("w1", "kebijakan", 0), "earned_at", "2024-08-04T00:00:00Z"), want: 422, check: problem("R-DATE-1", "earned_at")},
		{name: "trophy-1999-422", token: admin, method: "POST", path: base + "/trophies", body: withKey(trophy("w1", "kebijakan", 0), "earned_at", "1999-12-31T23:59:59Z"), want: 422, check: problem("R-DATE-5", "earned_at")},
		{name: "posttest-2099-422", token: admin, method: "POST", path: base + "/posttests", body: posttest("2099-06-20T10:00:00Z"), want: 422, check: problem("R-DATE-5", "taken_at")},
		{name: "posttest-before-starts-on-422", token: admin, method: "POST", path: base + "/posttests", body: posttest("2024-05-20T10:00:00Z"), want: 422, check: problem("R-DATE-1", "taken_at")},
		{name: "checkin-before-starts-on-422", token: admin, method: "POST", path: base + "/checkin", body: map[string]any{"checked_in_at": "2024-01-22T07:30:00Z"}, want: 422, check: problem("R-DATE-1", "checked_in_at")},
		{name: "score-2099-422", token: admin, method: "POST", path: base + "/scores", body: score("2099-08-01T09:00:00Z"), want: 422, check: problem("R-DATE-5", "assessed_at")},
		{name: "score-months-after-422", token: admin, method: "POST", path: base + "/scores", body: score("2024-12-01T09:00:00Z"), want: 422, check: problem("R-DATE-3", "assessed_at")},
		{name: "score-before-starts-on-422", token: admin, method: "POST", path: base + "/scores", body: score("2024-05-01T09:00:00Z"), want: 422, check: problem("R-DATE-3", "assessed_at")},
		{name: "session-after-ends-on-422", token: admin, method: "POST", path: "/v1/cohorts/WIN/sessions", body: progSession("late", "klasikal", "2024-09-01", 7, ""), want: 422, check: problem("R-DATE-2", "date")},
		{name: "meeting-before-ends-on-422", token: admin, method: "POST", path: "/v1/cohorts/WIN/graduation", body: meeting("2024-06-01"), want: 422, check: problem("R-DATE-4", "decided_on")},
		{name: "meeting-2030-422", token: admin, method: "POST", path: "/v1/cohorts/WIN/graduation", body: meeting("2030-08-02"), want: 422, check: problem("R-DATE-5", "decided_on")},
		{name: "cohort-2019-422", token: admin, method: "POST", path: "/v1/cohorts", body: cohort("OLD", "2019-06-03", "2019-08-02"), want: 422, check: problem("R-DATE-6", "starts_on")},
		{name: "cohort-two-years-long-422", token: admin, method: "POST", path: "/v1/cohorts", body: cohort("LONG", "2024-06-03", "2026-06-03"), want: 422, check: problem("R-DATE-6", "ends_on")},
		{name: "cohort-far-ahead-422", token: admin, method: "POST", path: "/v1/cohorts", body: cohort("FAR", "2999-06-03", "2999-08-02"), want: 422, check: problem("R-DATE-6", "starts_on")},
		{name: "approval-after-ends-on-422", token: admin, method: "POST", path: "/v1/cohorts/WIN/approvals", body: approval("2024-09-01"), want: 422, check: problem("R-DATE-6", "approved_on")},
		{name: "approval-2099-422", token: admin, method: "POST", path: "/v1/cohorts/WIN/approvals", body: approval("2099-05-20"), want: 422, check: problem("R-DATE-5", "approved_on")},
		{name: "deadline-years-later-422", token: admin, method: "POST", path: "/v1/cohorts/WIN/remedial-deadline", body: map[string]any{"deadline": "2026-01-01", "reason": "banjir"}, want: 422, check: problem("R-DATE-6", "deadline")},
		{name: "development-1999-422", token: agency, method: "POST", path: "/v1/asn/" + devASN + "/development-activities", body: dev("1999-05-08", "1999-05-08"), want: 422, check: problem("R-DATE-5", "started_on")},
		{name: "development-future-422", token: agency, method: "POST", path: "/v1/asn/" + devASN + "/development-activities", body: dev("2099-05-08", "2099-05-08"), want: 422, check: problem("R-DATE-5", "ended_on")},
	})
	// The edges of each window are accepted: trophies a day either side (time
	// zones), scores a month after, the meeting on ends_on.
	runCases(t, e, []apiCase{
		{name: "trophy-day-before-starts-on-201", token: admin, method: "POST", path: base + "/trophies", body: withKey(trophy("w2", "kebijakan", 0), "earned_at", "2024-06-02T20:00:00Z"), want: 201},
		{name: "trophy-day-after-ends-on-201", token: admin, method: "POST", path: base + "/trophies", body: withKey(trophy("w3", "kebijakan", 0), "earned_at", "2024-08-03T23:59:59Z"), want: 201},
		{name: "score-month-after-201", token: admin, method: "POST", path: base + "/scores", body: score("2024-09-01T09:00:00Z"), want: 201},
		{name: "session-on-ends-on-201", token: admin, method: "POST", path: "/v1/cohorts/WIN/sessions", body: progSession("last", "klasikal", "2024-08-02", 7, ""), want: 201},
		{name: "meeting-on-ends-on-201", token: admin, method: "POST", path: "/v1/cohorts/WIN/graduation", body: meeting("2024-08-02"), want: 201},
	})
}
