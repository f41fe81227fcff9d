package tests

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ASN of the competency-development tests: two of pemkab-blitar (the agency
// token's), one of pemkot-malang (the other agency token's).
const (
	devASN      = "199001012015031001"
	devASN2     = "199202022016032002"
	devOtherASN = "198805052012011003"
)

// devBody is an activity; evidence follows what 004's column 9 asks of the form.
func devBody(id, form, scope string, quantity any, from, to string) map[string]any {
	kind := "certificate"
	switch form {
	case "self_study", "community_of_practice":
		kind = "letter"
	case "degree":
		kind = "diploma"
	}
	return map[string]any{
		"activity_id": id, "form": form, "scope": scope, "quantity": quantity,
		"started_on": from, "ended_on": to,
		"evidence": map[string]any{"kind": kind, "number": "No. " + id, "issuer": "BKPSDM Kabupaten Blitar"},
	}
}

// devWith is b with key set to v (nil deletes it).
func devWith(b map[string]any, key string, v any) map[string]any {
	out := make(map[string]any, len(b)+1)
	for k, x := range b {
		out[k] = x
	}
	if v == nil {
		delete(out, key)
	} else {
		out[key] = v
	}
	return out
}

// devAt follows a dotted path (map keys, array indexes) into a JSON answer.
func devAt(t *testing.T, r response, path string) any {
	t.Helper()
	var v any = r.json(t)
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				t.Fatalf("%s: no element %s in %s", path, k, truncate(r.body))
			}
			v = x[i]
		default:
			t.Fatalf("%s: %s is not in %s", path, k, truncate(r.body))
		}
	}
	return v
}

// devWant checks values at paths of the answer.
func devWant(pairs ...any) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		for i := 0; i+1 < len(pairs); i += 2 {
			path := pairs[i].(string)
			if got := devAt(t, r, path); got != pairs[i+1] {
				t.Fatalf("%s=%v (%T), want %v; %s", path, got, got, pairs[i+1], truncate(r.body))
			}
		}
	}
}

func TestDevelopmentEndpoints(t *testing.T) {
	e := start(t)
	agency := func(e *env) string { return e.agency() }
	otherAgency := func(e *env) string { return e.otherAgency() }
	lms := func(e *env) string { return e.lms() }
	dashboard := func(e *env) string { return e.dashboard() }
	auditor := func(e *env) string { return e.auditor() }
	write := "/v1/asn/" + devASN + "/development-activities"
	read := "/v1/asn/" + devASN + "/development?year=2024"
	list := "/v1/agencies/pemkab-blitar/development?year=2024"
	seminar := devBody("seminar-1", "seminar", "national", 2, "2024-05-06", "2024-05-07")
	elearning := devBody("elearning-1", "elearning", "national", 5, "2024-05-13", "2024-05-13")
	cases := []apiCase{
		// Who may write.
		{name: "write-no-token-401", token: nobody, method: "POST", path: write, body: seminar, want: 401, check: problem("", "")},
		{name: "write-lms-403", token: lms, method: "POST", path: write, body: seminar, want: 403, check: problem("", "")},
		{name: "write-dashboard-403", token: dashboard, method: "POST", path: write, body: seminar, want: 403, check: problem("", "")},
		{name: "write-auditor-403", token: auditor, method: "POST", path: write, body: seminar, want: 403},
		{name: "write-admin-first-without-agency-422", token: admin, method: "POST", path: write, body: seminar, want: 422, check: problem("", "agency")},
		{name: "write-agency-naming-another-agency-403", token: agency, method: "POST", path: write, body: devWith(seminar, "agency", "pemkot-malang"), want: 403, check: problem("", "agency")},
		{name: "write-agency-201", token: agency, method: "POST", path: write, body: seminar, want: 201, check: devWant(
			"jp_credited", 8.0, "activity.agency", "pemkab-blitar", "activity.unit", "day", "activity.category", "classroom",
			"year", 2024.0, "year_jp_total", 8.0, "met", false, "events.0.type", "DevelopmentActivityRecorded",
			"events.0.stream", "jp-"+devASN, "events.1.type", "DevelopmentASNRegistered", "events.1.stream", "jp-agency-pemkab-blitar")},
		{name: "write-agency-repeat-200", token: agency, method: "POST", path: write, body: seminar, want: 200, check: devWant("jp_credited", 8.0, "activity.activity_id", "seminar-1", "year_jp_total", 8.0)},
		{name: "write-agency-same-id-other-body-409", token: agency, method: "POST", path: write, body: devWith(seminar, "quantity", 1), want: 409, check: problem("", "")},
		{name: "write-other-agency-404", token: otherAgency, method: "POST", path: write, body: devBody("x-1", "seminar", "national", 1, "2024-05-08", "2024-05-08"), want: 404, check: problem("", "")},
		{name: "write-admin-other-agency-409", token: admin, method: "POST", path: write, body: devWith(devBody("x-2", "seminar", "national", 1, "2024-05-08", "2024-05-08"), "agency", "pemkot-malang"), want: 409},
		{name: "write-other-agency-own-asn-201", token: otherAgency, method: "POST", path: "/v1/asn/" + devOtherASN + "/development-activities", body: devBody("exchange-1", "exchange", "international", 1, "2024-01-02", "2024-06-28"), want: 201, check: devWant("jp_credited", 40.0, "met", true)},
		{name: "write-admin-first-with-agency-201", token: admin, method: "POST", path: "/v1/asn/" + devASN2 + "/development-activities", body: devWith(devBody("bench-1", "benchmarking", "international", 2, "2024-03-04", "2024-03-08"), "agency", "pemkab-blitar"), want: 201, check: devWant("jp_credited", 20.0, "activity.agency", "pemkab-blitar")},

		// The table's rules (R-JP-3), each naming its field.
		{name: "form-unknown-422", token: agency, method: "POST", path: write, body: devBody("bad-1", "webinar", "national", 1, "2024-05-08", "2024-05-08"), want: 422, check: problem("R-JP-3", "form")},
		{name: "scope-unknown-422", token: agency, method: "POST", path: write, body: devBody("bad-2", "seminar", "regional", 1, "2024-05-08", "2024-05-08"), want: 422, check: problem("R-JP-3", "scope")},
		{name: "leadership-international-422", token: agency, method: "POST", path: write, body: devBody("bad-3", "leadership_training", "international", 30, "2024-05-06", "2024-05-10"), want: 422, check: problem("R-JP-3", "scope")},
		{name: "degree-international-422", token: agency, method: "POST", path: write, body: devBody("bad-4", "degree", "international", 1, "2024-02-01", "2024-07-31"), want: 422, check: problem("R-JP-3", "scope")},
		{name: "quantity-string-422", token: agency, method: "POST", path: write, body: devBody("bad-5", "seminar", "national", "2", "2024-05-08", "2024-05-09"), want: 422, check: problem("", "quantity")},
		{name: "quantity-negative-422", token: agency, method: "POST", path: write, body: devBody("bad-6", "seminar", "national", -1, "2024-05-08", "2024-05-08"), want: 422, check: problem("R-JP-3", "quantity")},
		{name: "quantity-zero-422", token: agency, method: "POST", path: write, body: devBody("bad-7", "elearning", "national", 0, "2024-05-08", "2024-05-08"), want: 422, check: problem("R-JP-3", "quantity")},
		{name: "quantity-three-decimals-422", token: agency, method: "POST", path: write, body: `{"activity_id": "bad-8", "form": "elearning", "scope": "national", "quantity": 1.125, "started_on": "2024-05-08", "ended_on": "2024-05-08", "evidence": {"kind": "certificate", "number": "1", "issuer": "LAN"}}`, want: 422, check: problem("R-JP-3", "quantity")},
		{name: "quantity-half-a-day-422", token: agency, method: "POST", path: write, body: devBody("bad-9", "seminar", "national", 1.5, "2024-05-08", "2024-05-09"), want: 422, check: problem("R-JP-3", "quantity")},
		{name: "quantity-more-days-than-dates-422", token: agency, method: "POST", path: write, body: devBody("bad-10", "seminar", "national", 3, "2024-05-08", "2024-05-09"), want: 422, check: problem("R-JP-3", "quantity")},
		{name: "quantity-missing-422", token: agency, method: "POST", path: write, body: devWith(seminar, "quantity", nil), want: 422, check: problem("", "quantity")},
		{name: "coaching-across-months-422", token: agency, method: "POST", path: write, body: devBody("bad-11", "coaching", "national", 2, "2024-05-28", "2024-06-04"), want: 422, check: problem("R-JP-3", "ended_on")},
		{name: "evidence-missing-422", token: agency, method: "POST", path: write, body: devWith(devBody("bad-12", "seminar", "national", 1, "2024-05-08", "2024-05-08"), "evidence", nil), want: 422, check: problem("", "evidence")},
		{name: "evidence-kind-not-of-the-form-422", token: agency, method: "POST", path: write, body: devWith(devBody("bad-13", "seminar", "national", 1, "2024-05-08", "2024-05-08"), "evidence", map[string]any{"kind": "letter", "number": "1", "issuer": "X"}), want: 422, check: problem("R-JP-3", "evidence.kind")},
		{name: "date-bad-422", token: agency, method: "POST", path: write, body: devBody("bad-14", "seminar", "national", 1, "08/05/2024", "2024-05-08"), want: 422, check: problem("", "started_on")},
		{name: "dates-reversed-422", token: agency, method: "POST", path: write, body: devBody("bad-15", "seminar", "national", 1, "2024-05-09", "2024-05-08"), want: 422, check: problem("", "ended_on")},
		{name: "unknown-field-422", token: agency, method: "POST", path: write, body: devWith(seminar, "hours", 3), want: 422, check: problem("", "hours")},
		{name: "bad-nip-422", token: agency, method: "POST", path: "/v1/asn/12345/development-activities", body: seminar, want: 422, check: problem("R-NIP-1", "nip")},
		{name: "malformed-400", token: agency, method: "POST", path: write, body: `{"activity_id": `, want: 400, check: problem("", "")},
		{name: "not-json-415", token: agency, method: "POST", path: write, body: "x", headers: []string{"Content-Type", "text/plain"}, want: 415},
		{name: "too-large-413", token: agency, method: "POST", path: write, body: `{"activity_id":"` + strings.Repeat("x", 2<<20) + `"}`, want: 413},

		// Caps, where they cut: the rule and the cap.
		{name: "elearning-5-in-a-day-3", token: agency, method: "POST", path: write, body: elearning, want: 201, check: devWant(
			"jp_credited", 3.0, "caps.0.rule", "R-JP-3", "caps.0.limit", 3.0, "caps.0.per", "day", "caps.0.requested", 5.0, "caps.0.counted", 3.0,
			"activity.caps.0.cap", "at most 3 JP a day", "year_jp_total", 11.0)},
		{name: "elearning-same-day-nothing-left", token: agency, method: "POST", path: write, body: devBody("elearning-2", "elearning", "national", 1, "2024-05-13", "2024-05-13"), want: 201, check: devWant("jp_credited", 0.0, "caps.0.counted", 0.0)},
		{name: "elearning-uncapped-no-caps", token: agency, method: "POST", path: write, body: devBody("elearning-3", "elearning", "national", 2.5, "2024-05-14", "2024-05-14"), want: 201, check: func(t *testing.T, r response) {
			if caps := devAt(t, r, "caps").([]any); len(caps) != 0 || devAt(t, r, "jp_credited") != 2.5 {
				t.Fatalf("caps=%v jp=%v, want none and 2.5", caps, devAt(t, r, "jp_credited"))
			}
		}},
		{name: "coaching-third-session-of-the-month-0", token: agency, method: "POST", path: write, body: devBody("coach-1", "coaching", "national", 3, "2024-05-08", "2024-05-29"), want: 201, check: devWant(
			"jp_credited", 4.0, "caps.0.per", "month", "caps.0.period", "2024-05", "caps.0.limit", 2.0, "caps.0.counted", 2.0)},
		{name: "coaching-next-month-counts-again", token: agency, method: "POST", path: write, body: devBody("coach-2", "coaching", "national", 1, "2024-06-03", "2024-06-03"), want: 201, check: devWant("jp_credited", 2.0)},
		{name: "self-study-international-3-in-a-day-2.4", token: agency, method: "POST", path: write, body: devBody("self-1", "self_study", "international", 3, "2024-06-04", "2024-06-04"), want: 201, check: devWant("jp_credited", 2.4, "caps.0.limit", 2.0)},
		{name: "write-admin-later-without-agency-201", token: admin, method: "POST", path: write, body: devBody("intern-1", "internship", "international", 1, "2024-07-01", "2024-08-30"), want: 201, check: devWant("jp_credited", 12.0, "activity.agency", "pemkab-blitar", "year_jp_total", 33.9, "met", true)},

		// Reading an ASN's year.
		{name: "read-agency-200", token: agency, method: "GET", path: read, want: 200, check: devWant(
			"nip", devASN, "year", 2024.0, "jp_total", 33.9, "target", 20.0, "met", true, "gap", 0.0,
			"split.guidance.jp", 6.0, "split.guidance.guide_percent", 20.0, "split.classroom.guide_percent", 10.0, "split.workplace.guide_percent", 70.0,
			"split.classroom.jp", 10.4, "split.workplace.jp", 17.5, "split.workplace.actual_percent", 51.62,
			"activities.0.activity_id", "seminar-1", "activities.1.caps.0.rule", "R-JP-3")},
		{name: "read-other-agency-404", token: otherAgency, method: "GET", path: read, want: 404, check: problem("", "")},
		{name: "read-dashboard-200", token: dashboard, method: "GET", path: read, want: 200, check: devWant("jp_total", 33.9)},
		{name: "read-auditor-200", token: auditor, method: "GET", path: read, want: 200},
		{name: "read-admin-200", token: admin, method: "GET", path: read, want: 200},
		{name: "read-lms-403", token: lms, method: "GET", path: read, want: 403, check: problem("", "")},
		{name: "read-no-token-401", token: nobody, method: "GET", path: read, want: 401},
		{name: "read-year-missing-400", token: agency, method: "GET", path: "/v1/asn/" + devASN + "/development", want: 400, check: problem("", "year")},
		{name: "read-year-bad-400", token: agency, method: "GET", path: "/v1/asn/" + devASN + "/development?year=24", want: 400, check: problem("", "year")},
		{name: "read-year-word-400", token: agency, method: "GET", path: "/v1/asn/" + devASN + "/development?year=last", want: 400, check: problem("", "year")},
		{name: "read-other-year-empty-200", token: agency, method: "GET", path: "/v1/asn/" + devASN + "/development?year=2025", want: 200, check: devWant("jp_total", 0.0, "met", false, "gap", 20.0, "split.classroom.actual_percent", 0.0)},
		{name: "read-unknown-asn-404", token: admin, method: "GET", path: "/v1/asn/199501012020011999/development?year=2024", want: 404},
		{name: "read-bad-nip-404", token: admin, method: "GET", path: "/v1/asn/abc/development?year=2024", want: 404},

		// Reading an agency's ASN.
		{name: "list-agency-200", token: agency, method: "GET", path: list, want: 200, check: devWant(
			"agency", "pemkab-blitar", "year", 2024.0, "target", 20.0,
			"items.0.nip", devASN, "items.0.jp_total", 33.9, "items.0.met", true, "items.0.activities", 8.0,
			"items.1.nip", devASN2, "items.1.jp_total", 20.0, "items.1.met", true)},
		{name: "list-other-agency-404", token: otherAgency, method: "GET", path: list, want: 404, check: problem("", "")},
		{name: "list-other-agency-own-200", token: otherAgency, method: "GET", path: "/v1/agencies/pemkot-malang/development?year=2024", want: 200, check: devWant("items.0.nip", devOtherASN, "items.0.jp_total", 40.0)},
		{name: "list-dashboard-200", token: dashboard, method: "GET", path: list, want: 200, check: devWant("items.1.nip", devASN2)},
		{name: "list-auditor-200", token: auditor, method: "GET", path: list, want: 200},
		{name: "list-lms-403", token: lms, method: "GET", path: list, want: 403},
		{name: "list-year-missing-400", token: admin, method: "GET", path: "/v1/agencies/pemkab-blitar/development", want: 400, check: problem("", "year")},
		{name: "list-other-year-not-met-200", token: admin, method: "GET", path: "/v1/agencies/pemkab-blitar/development?year=2023", want: 200, check: devWant("items.0.jp_total", 0.0, "items.0.met", false, "items.0.gap", 20.0)},
		{name: "list-unknown-agency-empty-200", token: admin, method: "GET", path: "/v1/agencies/pemkab-kediri/development?year=2024", want: 200, check: func(t *testing.T, r response) {
			if items := devAt(t, r, "items").([]any); len(items) != 0 {
				t.Fatalf("items=%v, want none", items)
			}
		}},
		{name: "list-limit-0-400", token: admin, method: "GET", path: list + "&limit=0", want: 400, check: problem("", "limit")},
		{name: "list-bad-cursor-400", token: admin, method: "GET", path: list + "&cursor=!!!", want: 400, check: problem("", "cursor")},
		{name: "list-cursor-never-issued-400", token: admin, method: "GET", path: list + "&cursor=MTk5NTAxMDEyMDIwMDExOTk5", want: 400, check: problem("", "cursor")},
		{name: "list-csv", token: agency, method: "GET", path: list, headers: []string{"Accept", "text/csv"}, want: 200, check: func(t *testing.T, r response) {
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Fatalf("content-type=%q, want text/csv", ct)
			}
			recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
			if err != nil {
				t.Fatalf("not CSV: %v\n%s", err, r.body)
			}
			want := [][]string{
				{"nip", "year", "jp_total", "target", "met", "gap", "classroom_jp", "guidance_jp", "workplace_jp", "activities"},
				{devASN, "2024", "33.9", "20", "true", "0", "10.4", "6", "17.5", "8"},
				{devASN2, "2024", "20", "20", "true", "0", "0", "0", "20", "1"},
			}
			if !slices.EqualFunc(recs, want, slices.Equal) {
				t.Fatalf("CSV=%v, want %v", recs, want)
			}
		}},
		{name: "list-csv-other-agency-404", token: otherAgency, method: "GET", path: list, headers: []string{"Accept", "text/csv"}, want: 404},
	}
	runCases(t, e, cases)

	t.Run("pages-of-1", func(t *testing.T) {
		var got []string
		cursor := ""
		for pages := 0; pages < 5; pages++ {
			q := list + "&limit=1"
			if cursor != "" {
				q += "&cursor=" + cursor
			}
			r := e.do(adminSecret, "GET", q, nil)
			mustStatus(t, r, http.StatusOK)
			m := r.json(t)
			for _, it := range m["items"].([]any) {
				got = append(got, it.(map[string]any)["nip"].(string))
			}
			next, _ := m["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = next
		}
		if want := []string{devASN, devASN2}; !slices.Equal(got, want) {
			t.Fatalf("paged NIPs=%v, want %v", got, want)
		}
	})

	t.Run("idempotency-key-replays", func(t *testing.T) {
		body := devBody("bench-2", "benchmarking", "national", 1, "2024-09-02", "2024-09-03")
		first := e.do(e.agency(), "POST", write, body, "Idempotency-Key", "dev-key-1")
		mustStatus(t, first, http.StatusCreated)
		again := e.do(e.agency(), "POST", write, body, "Idempotency-Key", "dev-key-1")
		mustStatus(t, again, http.StatusCreated)
		if again.header.Get("Idempotent-Replayed") != "true" || string(again.body) != string(first.body) {
			t.Fatalf("replay: %s %s", again.header, again.body)
		}
	})
}

// TestDevelopmentExample11 is rules.md §10 example 11 over HTTP: seminar 2
// days = 8 JP; 3 coaching sessions, 2 counted = 4 JP; e-learning 5 JP in a
// day → 3; self-study 3 JP in a day → 2. Total 17 JP, below 20. A 30 JP
// international technical training → 36 JP.
func TestDevelopmentExample11(t *testing.T) {
	e := start(t)
	write := "/v1/asn/" + devASN + "/development-activities"
	steps := []struct {
		body map[string]any
		jp   float64
	}{
		{devBody("ex11-seminar", "seminar", "national", 2, "2024-05-06", "2024-05-07"), 8},
		{devBody("ex11-coaching", "coaching", "national", 3, "2024-05-08", "2024-05-29"), 4},
		{devBody("ex11-elearning", "elearning", "national", 5, "2024-05-13", "2024-05-13"), 3},
		{devBody("ex11-self-study", "self_study", "national", 3, "2024-05-14", "2024-05-14"), 2},
	}
	for _, st := range steps {
		r := e.do(e.agency(), "POST", write, st.body)
		mustStatus(t, r, http.StatusCreated)
		if got := devAt(t, r, "jp_credited"); got != st.jp {
			t.Fatalf("%s: jp_credited=%v, want %v", st.body["activity_id"], got, st.jp)
		}
	}
	r := e.do(e.agency(), "GET", "/v1/asn/"+devASN+"/development?year=2024", nil)
	mustStatus(t, r, http.StatusOK)
	devWant("jp_total", 17.0, "met", false, "gap", 3.0, "target", 20.0,
		"split.classroom.jp", 10.0, "split.classroom.actual_percent", 58.82,
		"split.guidance.jp", 4.0, "split.guidance.actual_percent", 23.53,
		"split.workplace.jp", 3.0, "split.workplace.actual_percent", 17.65,
		"activities.1.caps.0.counted", 2.0, "activities.2.caps.0.counted", 3.0, "activities.3.caps.0.counted", 2.0)(t, r)

	r = e.do(e.agency(), "POST", write, devBody("ex11-training", "technical_training", "international", 30, "2024-06-03", "2024-06-07"))
	mustStatus(t, r, http.StatusCreated)
	devWant("jp_credited", 36.0, "year_jp_total", 53.0, "met", true)(t, r)
}
