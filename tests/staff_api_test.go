package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// stAt walks a JSON value by a dotted path whose parts are keys or indexes.
func stAt(t *testing.T, v any, path string) any {
	t.Helper()
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				t.Fatalf("%s: no element %s in %v", path, k, x)
			}
			v = x[i]
		default:
			t.Fatalf("%s: cannot walk %s into %v", path, k, v)
		}
	}
	return v
}

// stWant checks path=value pairs of a JSON answer.
func stWant(pairs ...any) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		var body any = r.json(t)
		for i := 0; i+1 < len(pairs); i += 2 {
			if got := stAt(t, body, pairs[i].(string)); got != pairs[i+1] {
				t.Fatalf("%s=%v (%T), want %v; %s", pairs[i], got, got, pairs[i+1], truncate(r.body))
			}
		}
	}
}

// stLen checks the length of an array at path.
func stLen(path string, n int) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		if got := len(stAt(t, r.json(t), path).([]any)); got != n {
			t.Fatalf("%s has %d elements, want %d; %s", path, got, n, truncate(r.body))
		}
	}
}

func stSum(content string) string {
	s := sha256.Sum256([]byte(content))
	return hex.EncodeToString(s[:])
}

func stPerson(id, name, inst string) map[string]any {
	return map[string]any{"staff_id": id, "name": name, "institution_id": inst}
}

// stCohort opens cohort C1 of bpsdm-jatim with 4 participants (0 and 1 in
// kelompok-1), and registers and assigns its people: coach-budi (coach of
// kelompok-1), three examiners, the PIC, a facilitator, and a mentor of the
// participants' agency.
func stCohort(t *testing.T, e *env) []string {
	t.Helper()
	nips := e.openCohort("C1", 4)
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts/C1/groups", map[string]any{"group_id": "kelompok-1", "nips": nips[:2]}), http.StatusCreated)
	people := [][3]string{
		{"coach-budi", "Budi Santoso", "coach"}, {"penguji-rina", "Dr. Rina Kartika", "examiner"},
		{"penguji-agus", "Agus Salim", "examiner"}, {"penguji-dewi", "Dewi Lestari", "examiner"},
		{"pic-ani", "Ani Rahmawati", "pic"}, {"fasil-sri", "Sri Wahyuni", "facilitator"},
	}
	for _, p := range people {
		mustStatus(t, e.do(e.lms(), "POST", "/v1/staff", stPerson(p[0], p[1], "bpsdm-jatim")), http.StatusCreated)
		body := map[string]any{"staff_id": p[0], "role": p[2]}
		if p[2] == "coach" {
			body["group_id"] = "kelompok-1"
		}
		mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts/C1/staff", body), http.StatusCreated)
	}
	mentor := stPerson("mentor-tono", "Tono Hartono", "bpsdm-jatim")
	mentor["agency"], mentor["nip"] = "pemkab-blitar", "197912102006041008"
	mustStatus(t, e.do(e.lms(), "POST", "/v1/staff", mentor), http.StatusCreated)
	mustStatus(t, e.do(e.lms(), "POST", "/v1/cohorts/C1/staff", map[string]any{"staff_id": "mentor-tono", "role": "mentor", "nips": []string{nips[2]}}), http.StatusCreated)
	return nips
}

// TestStaffEndpoints: registration, assignments and their tenant rules, the
// cohort's and the person's lists, and recorded_for on any write.
func TestStaffEndpoints(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	agency := func(e *env) string { return e.agency() }
	otherAgency := func(e *env) string { return e.otherAgency() }
	dashboard := func(e *env) string { return e.dashboard() }
	auditor := func(e *env) string { return e.auditor() }
	nips := stCohort(t, e)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/cohorts", map[string]any{
		"cohort_id": "J1", "name": "Latsar Jabar", "institution_id": "bpsdm-jabar", "golongan": []string{"III"},
		"starts_on": "2024-06-03", "ends_on": "2024-08-02", "trophy_catalogue": catalogue(),
	}), http.StatusCreated)
	runCases(t, e, []apiCase{
		{"register-repeat-200", lms, "POST", "/v1/staff", stPerson("coach-budi", "Budi Santoso", "bpsdm-jatim"), nil, http.StatusOK, stWant("staff.name", "Budi Santoso")},
		{"register-other-details-409", lms, "POST", "/v1/staff", stPerson("coach-budi", "Budi", "bpsdm-jatim"), nil, http.StatusConflict, problem("", "")},
		{"register-for-another-institution-403", lms, "POST", "/v1/staff", stPerson("x-1", "X", "bpsdm-jabar"), nil, http.StatusForbidden, problem("", "institution_id")},
		{"register-another-institutions-id-409", otherLMS, "POST", "/v1/staff", stPerson("coach-budi", "Budi Santoso", "bpsdm-jabar"), nil, http.StatusConflict, problem("", "")},
		{"register-bad-nip-422", lms, "POST", "/v1/staff", map[string]any{"staff_id": "y-1", "name": "Y", "institution_id": "bpsdm-jatim", "nip": "123"}, nil, http.StatusUnprocessableEntity, problem("R-NIP-1", "nip")},
		{"register-jabar-201", otherLMS, "POST", "/v1/staff", stPerson("coach-jabar", "Coach Jabar", "bpsdm-jabar"), nil, http.StatusCreated, nil},
		{"assign-repeat-200", lms, "POST", "/v1/cohorts/C1/staff", map[string]any{"staff_id": "coach-budi", "role": "coach", "group_id": "kelompok-1"}, nil, http.StatusOK, stWant("assignment.name", "Budi Santoso")},
		{"assign-agenda-201", lms, "POST", "/v1/cohorts/C1/staff", map[string]any{"staff_id": "fasil-sri", "role": "speaker", "agenda": 2}, nil, http.StatusCreated, stWant("assignment.agenda", 2.0, "assignment.cohort_id", "C1")},
		{"assign-other-institutions-cohort-404", otherLMS, "POST", "/v1/cohorts/C1/staff", map[string]any{"staff_id": "coach-jabar", "role": "coach"}, nil, http.StatusNotFound, problem("", "")},
		{"assign-other-institutions-person-422", admin, "POST", "/v1/cohorts/C1/staff", map[string]any{"staff_id": "coach-jabar", "role": "coach"}, nil, http.StatusUnprocessableEntity, problem("R-STAFF-1", "staff_id")},
		{"assign-into-other-cohort-422", lms, "POST", "/v1/cohorts/J1/staff", map[string]any{"staff_id": "coach-budi", "role": "coach"}, nil, http.StatusNotFound, problem("", "")},
		{"assign-unknown-role-422", lms, "POST", "/v1/cohorts/C1/staff", map[string]any{"staff_id": "coach-budi", "role": "dean"}, nil, http.StatusUnprocessableEntity, problem("R-STAFF-1", "role")},
		{"assign-unknown-group-422", lms, "POST", "/v1/cohorts/C1/staff", map[string]any{"staff_id": "coach-budi", "role": "coach", "group_id": "g9"}, nil, http.StatusUnprocessableEntity, problem("R-STAFF-1", "group_id")},
		{"assign-agency-403", agency, "POST", "/v1/cohorts/C1/staff", map[string]any{"staff_id": "coach-budi", "role": "coach"}, nil, http.StatusForbidden, problem("", "")},
		{"cohort-staff-lms-200", lms, "GET", "/v1/cohorts/C1/staff", nil, nil, http.StatusOK, stWant("staff.0.staff_id", "coach-budi", "staff.0.roles.0", "coach", "staff.6.staff_id", "pic-ani")},
		{"cohort-staff-dashboard-200", dashboard, "GET", "/v1/cohorts/C1/staff", nil, nil, http.StatusOK, stLen("staff", 7)},
		{"cohort-staff-other-institution-404", otherLMS, "GET", "/v1/cohorts/C1/staff", nil, nil, http.StatusNotFound, problem("", "")},
		{"cohort-staff-agency-403", agency, "GET", "/v1/cohorts/C1/staff", nil, nil, http.StatusForbidden, problem("", "")},
		{"person-coach-200", lms, "GET", "/v1/staff/coach-budi", nil, nil, http.StatusOK,
			stWant("cohorts.0.cohort_id", "C1", "cohorts.0.groups.0", "kelompok-1", "cohorts.0.participants.0.nip", nips[0], "roles.0", "coach")},
		{"person-coach-covers-the-group", auditor, "GET", "/v1/staff/coach-budi", nil, nil, http.StatusOK, stLen("cohorts.0.participants", 2)},
		{"person-mentor-agency-200", agency, "GET", "/v1/staff/mentor-tono", nil, nil, http.StatusOK, stWant("cohorts.0.participants.0.nip", nips[2], "nip", "197912102006041008")},
		{"person-mentor-other-agency-404", otherAgency, "GET", "/v1/staff/mentor-tono", nil, nil, http.StatusNotFound, problem("", "")},
		{"person-other-institution-404", otherLMS, "GET", "/v1/staff/coach-budi", nil, nil, http.StatusNotFound, problem("", "")},
		{"person-unknown-404", admin, "GET", "/v1/staff/nobody", nil, nil, http.StatusNotFound, problem("", "")},
		// recorded_for on any write: in the body or in the Recorded-For header.
		{"trophy-recorded-for-body-201", lms, "POST", "/v1/participants/" + nips[0] + "/trophies",
			map[string]any{"activity_id": "a-1", "material": "substansi_1", "agenda": 1, "earned_at": "2024-06-05T09:30:00Z", "recorded_for": "pic-ani"}, nil, http.StatusCreated, nil},
		{"trophy-recorded-for-header-201", lms, "POST", "/v1/participants/" + nips[0] + "/trophies", trophy("a-2", "substansi_1", 1),
			[]string{"Recorded-For", "fasil-sri"}, http.StatusCreated, nil},
		{"trophy-recorded-for-unknown-422", lms, "POST", "/v1/participants/" + nips[0] + "/trophies", trophy("a-3", "substansi_1", 1),
			[]string{"Recorded-For", "nobody"}, http.StatusUnprocessableEntity, problem("R-STAFF-2", "recorded_for")},
		{"trophy-recorded-for-another-institution-422", lms, "POST", "/v1/participants/" + nips[0] + "/trophies",
			map[string]any{"activity_id": "a-4", "material": "substansi_1", "agenda": 1, "earned_at": "2024-06-05T09:30:00Z", "recorded_for": "coach-jabar"}, nil, http.StatusUnprocessableEntity, problem("R-STAFF-2", "recorded_for")},
		{"trophy-recorded-for-two-people-422", lms, "POST", "/v1/participants/" + nips[0] + "/trophies",
			map[string]any{"activity_id": "a-5", "material": "substansi_1", "agenda": 1, "earned_at": "2024-06-05T09:30:00Z", "recorded_for": "pic-ani"},
			[]string{"Recorded-For", "fasil-sri"}, http.StatusUnprocessableEntity, problem("R-STAFF-2", "recorded_for")},
		{"trophy-recorded-for-not-a-string-422", lms, "POST", "/v1/participants/" + nips[0] + "/trophies",
			map[string]any{"activity_id": "a-6", "material": "substansi_1", "agenda": 1, "earned_at": "2024-06-05T09:30:00Z", "recorded_for": 7}, nil, http.StatusUnprocessableEntity, problem("R-STAFF-2", "recorded_for")},
		{"batch-item-recorded-for-200", lms, "POST", "/v1/batch", map[string]any{"requests": []any{map[string]any{
			"method": "POST", "path": "/v1/participants/" + nips[0] + "/trophies",
			"body": map[string]any{"activity_id": "a-7", "material": "substansi_1", "agenda": 1, "earned_at": "2024-06-05T09:30:00Z", "recorded_for": "pic-ani"},
		}}}, nil, http.StatusOK, stWant("results.0.status", 201.0)},
		{"batch-header-recorded-for-422", lms, "POST", "/v1/batch", map[string]any{"requests": []any{map[string]any{
			"method": "POST", "path": "/v1/participants/" + nips[0] + "/trophies", "body": trophy("a-8", "substansi_1", 1),
		}}}, []string{"Recorded-For", "pic-ani"}, http.StatusUnprocessableEntity, problem("R-STAFF-2", "Recorded-For")},
		{"session-coach-201", lms, "POST", "/v1/cohorts/C1/sessions", map[string]any{"session_id": "coaching-1", "mode": "synchronous", "date": "2024-06-20",
			"jp": 2, "title": "Coaching Agenda", "group_id": "kelompok-1", "coach": "coach-budi"}, nil, http.StatusCreated, stWant("session.coach", "coach-budi")},
		{"session-not-a-coach-422", lms, "POST", "/v1/cohorts/C1/sessions", map[string]any{"session_id": "coaching-2", "mode": "synchronous", "date": "2024-06-20",
			"jp": 2, "title": "Coaching Agenda", "coach": "fasil-sri"}, nil, http.StatusUnprocessableEntity, problem("R-STAFF-4", "coach")},
	})

	// The audit trail names the token and the person each write was for.
	r := e.do(e.auditor(), "GET", "/v1/participants/"+nips[0]+"/audit", nil)
	mustStatus(t, r, http.StatusOK)
	found := map[string]bool{}
	for _, en := range stAt(t, r.json(t), "entries").([]any) {
		en := en.(map[string]any)
		p, _ := en["person"].(map[string]any)
		if en["type"] == "TrophyEarned" && p != nil {
			found[p["staff_id"].(string)+"/"+p["name"].(string)] = en["actor_name"] == "lms"
		}
	}
	for _, want := range []string{"pic-ani/Ani Rahmawati", "fasil-sri/Sri Wahyuni"} {
		if named, ok := found[want]; !ok || !named {
			t.Fatalf("the trail names %v, want %s with the token's name (lms)", found, want)
		}
	}
	// The log carries recorded_for in the events' metadata.
	r = e.do(e.auditor(), "GET", "/v1/events?after=0&limit=1000", nil)
	mustStatus(t, r, http.StatusOK)
	kinds := map[string]int{}
	withPerson := 0
	for _, ev := range stAt(t, r.json(t), "events").([]any) {
		ev := ev.(map[string]any)
		kinds[ev["type"].(string)]++
		if stAt(t, ev, "metadata").(map[string]any)["recorded_for"] != nil {
			withPerson++
		}
	}
	if kinds["StaffRegistered"] != 8 || kinds["StaffAssigned"] != 2*8 || withPerson != 3 {
		t.Fatalf("the log holds %v with %d events recorded for a person, want 8 registrations, 8 assignments on two streams each and 3 such events", kinds, withPerson)
	}
}

// TestProductsSeminarsAndEvaluation: a product revised twice with its hashes
// kept, a seminar of three examiners feeding the design, a score naming an
// unassigned examiner, the audit trail naming the people, and the
// participants' evaluation of the training.
func TestProductsSeminarsAndEvaluation(t *testing.T) {
	e := start(t)
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	nips := stCohort(t, e)
	n := nips[0]
	product := func(content, at string) map[string]any {
		return map[string]any{"product_id": "ra-" + n, "kind": "actualization_design", "title": "Digitalisasi Arsip Kelurahan",
			"sha256": stSum(content), "size": len(content), "submitted_at": at}
	}
	revise := func(note string) map[string]any {
		return map[string]any{"staff_id": "coach-budi", "outcome": "revise", "note": note}
	}
	products, reviews := "/v1/participants/"+n+"/products", "/v1/products/ra-"+n+"/reviews"
	coachFor := []string{"Recorded-For", "coach-budi"}
	score := func(examiner, s string) map[string]any {
		return map[string]any{"nip": n, "staff_id": examiner, "score": jsonNumber(s), "scored_at": "2024-07-05T11:00:00Z"}
	}
	runCases(t, e, []apiCase{
		{"product-revision-1-201", lms, "POST", products, product("v1", "2024-07-01T08:00:00Z"), []string{"Recorded-For", "pic-ani"}, http.StatusCreated,
			stWant("product.revisions.0.revision", 1.0, "product.status", "submitted", "nip", n)},
		{"review-revise-201", lms, "POST", reviews, revise("Perjelas indikator"), coachFor, http.StatusCreated, stWant("product.status", "revision_requested", "product.reviews.0.sha256", stSum("v1"))},
		{"product-revision-2-201", lms, "POST", products, product("v2", "2024-07-02T08:00:00Z"), nil, http.StatusCreated, stWant("product.revisions.1.revision", 2.0)},
		{"product-revision-1-again-200", lms, "POST", products, product("v1", "2024-07-01T08:00:00Z"), nil, http.StatusOK, stLen("product.revisions", 2)},
		{"review-revise-again-201", lms, "POST", reviews, revise("Tambahkan jadwal"), coachFor, http.StatusCreated, nil},
		{"product-revision-3-201", lms, "POST", products, product("v3", "2024-07-03T08:00:00Z"), nil, http.StatusCreated, stLen("product.revisions", 3)},
		{"review-approve-201", lms, "POST", reviews, map[string]any{"staff_id": "coach-budi", "outcome": "approved", "revision": 3}, coachFor, http.StatusCreated, stWant("product.status", "approved")},
		{"review-by-an-examiner-422", lms, "POST", reviews, map[string]any{"staff_id": "penguji-rina", "outcome": "approved"}, nil, http.StatusUnprocessableEntity, problem("R-PROD-2", "staff_id")},
		{"review-other-institution-404", otherLMS, "POST", reviews, map[string]any{"staff_id": "coach-budi", "outcome": "approved"}, nil, http.StatusNotFound, problem("", "")},
		{"product-bad-sha-422", lms, "POST", products, map[string]any{"product_id": "x-1", "kind": "presentation", "title": "Paparan", "sha256": "nope", "size": 1, "submitted_at": "2024-07-03T08:00:00Z"}, nil, http.StatusUnprocessableEntity, problem("R-PROD-1", "sha256")},
		{"product-get-200", auditor, "GET", "/v1/products/ra-" + n, nil, nil, http.StatusOK,
			stWant("product.revisions.0.sha256", stSum("v1"), "product.revisions.1.sha256", stSum("v2"), "product.revisions.2.sha256", stSum("v3"),
				"product.reviews.2.outcome", "approved", "product.reviews.2.revision", 3.0)},
		{"product-get-other-institution-404", otherLMS, "GET", "/v1/products/ra-" + n, nil, nil, http.StatusNotFound, problem("", "")},
		{"product-get-dashboard-403", dashboard, "GET", "/v1/products/ra-" + n, nil, nil, http.StatusForbidden, problem("", "")},
		// A score of the design naming an examiner nobody assigned is refused; naming none is recorded with a warning.
		{"score-unassigned-examiner-422", lms, "POST", "/v1/participants/" + n + "/scores",
			map[string]any{"component": "actualization_design", "score": 84, "assessor": "Penguji", "assessed_at": "2024-07-05T12:00:00Z", "examiner": "coach-budi"}, nil,
			http.StatusUnprocessableEntity, problem("R-STAFF-3", "examiner")},
		{"score-recorded-for-non-examiner-422", lms, "POST", "/v1/participants/" + n + "/scores",
			map[string]any{"component": "actualization_design", "score": 84, "assessor": "Penguji", "assessed_at": "2024-07-05T12:00:00Z"}, []string{"Recorded-For", "pic-ani"},
			http.StatusUnprocessableEntity, problem("R-STAFF-3", "recorded_for")},
		{"score-without-examiner-201-warned", lms, "POST", "/v1/participants/" + n + "/scores",
			map[string]any{"component": "actualization_design", "score": 70, "assessor": "Penguji", "assessed_at": "2024-07-04T12:00:00Z"}, nil,
			http.StatusCreated, stWant("warnings.0.rule", "R-STAFF-3", "evaluation.components.actualization_design", 70.0)},
		{"seminar-201", lms, "POST", "/v1/cohorts/C1/seminars", map[string]any{"seminar_id": "ra-C1", "kind": "design", "date": "2024-07-05",
			"examiners": []string{"penguji-rina", "penguji-agus", "penguji-dewi"}, "nips": nips[:2]}, nil, http.StatusCreated,
			stWant("seminar.examiners.0.name", "Dr. Rina Kartika", "seminar.kind", "design")},
		{"seminar-coach-as-examiner-422", lms, "POST", "/v1/cohorts/C1/seminars", map[string]any{"seminar_id": "ra-C2", "kind": "design", "date": "2024-07-05",
			"examiners": []string{"coach-budi"}, "nips": nips[:1]}, nil, http.StatusUnprocessableEntity, problem("R-STAFF-3", "examiners[0]")},
		{"seminar-other-institution-404", otherLMS, "POST", "/v1/cohorts/C1/seminars", map[string]any{"seminar_id": "ra-C3", "kind": "design", "date": "2024-07-05",
			"examiners": []string{"penguji-rina"}, "nips": nips[:1]}, nil, http.StatusNotFound, problem("", "")},
		{"seminar-score-1-201", lms, "POST", "/v1/seminars/ra-C1/scores", score("penguji-rina", "84.5"), []string{"Recorded-For", "penguji-rina"}, http.StatusCreated,
			stWant("seminar.complete", false, "evaluation.components.actualization_design", 70.0, "seminar.product.revision", 3.0)},
		{"seminar-score-2-201", lms, "POST", "/v1/seminars/ra-C1/scores", score("penguji-agus", "85.25"), nil, http.StatusCreated, stWant("seminar.complete", false)},
		{"seminar-score-3-201", lms, "POST", "/v1/seminars/ra-C1/scores", score("penguji-dewi", "86.26"), nil, http.StatusCreated,
			stWant("seminar.complete", true, "seminar.combined", 85.34, "evaluation.components.actualization_design", 85.34, "seminar.product.sha256", stSum("v3"))},
		{"seminar-score-repeat-200", lms, "POST", "/v1/seminars/ra-C1/scores", score("penguji-dewi", "86.26"), nil, http.StatusOK, nil},
		{"seminar-score-not-on-panel-422", lms, "POST", "/v1/seminars/ra-C1/scores", score("coach-budi", "80"), nil, http.StatusUnprocessableEntity, problem("R-SEM-2", "staff_id")},
		{"seminar-score-more-decimals-422", lms, "POST", "/v1/seminars/ra-C1/scores", score("penguji-rina", "80.001"), nil, http.StatusUnprocessableEntity, problem("R-SEM-2", "score")},
		{"seminar-score-other-institution-404", otherLMS, "POST", "/v1/seminars/ra-C1/scores", score("penguji-rina", "80"), nil, http.StatusNotFound, problem("", "")},
		{"seminar-get-200", dashboard, "GET", "/v1/seminars/ra-C1", nil, nil, http.StatusOK,
			stWant("participants.0.nip", n, "participants.0.seminar.combined", 85.34, "participants.1.seminar.complete", false, "participants.0.seminar.scores.2.staff_id", "penguji-dewi")},
		{"evaluation-201", lms, "POST", "/v1/cohorts/C1/evaluations", map[string]any{"nip": nips[0], "programme": 80, "submitted_at": "2024-08-01T09:00:00Z",
			"facilitators": []any{map[string]any{"staff_id": "fasil-sri", "score": 90}, map[string]any{"staff_id": "coach-budi", "score": 85}}}, nil, http.StatusCreated,
			stWant("summary.responses", 1.0, "summary.programme.mean", 80.0)},
		{"evaluation-second-201", lms, "POST", "/v1/cohorts/C1/evaluations", map[string]any{"nip": nips[1], "programme": 85.01, "comment": "Jadwal padat",
			"submitted_at": "2024-08-01T09:05:00Z", "facilitators": []any{map[string]any{"staff_id": "fasil-sri", "score": 85}}}, nil, http.StatusCreated, nil},
		{"evaluation-twice-409", lms, "POST", "/v1/cohorts/C1/evaluations", map[string]any{"nip": nips[0], "programme": 10, "submitted_at": "2024-08-01T09:00:00Z"}, nil,
			http.StatusConflict, problem("R-EVP-1", "")},
		{"evaluation-of-an-examiner-422", lms, "POST", "/v1/cohorts/C1/evaluations", map[string]any{"nip": nips[2], "programme": 80, "submitted_at": "2024-08-01T09:00:00Z",
			"facilitators": []any{map[string]any{"staff_id": "penguji-rina", "score": 90}}}, nil, http.StatusUnprocessableEntity, problem("R-EVP-1", "facilitators[0].staff_id")},
		{"evaluations-get-200", dashboard, "GET", "/v1/cohorts/C1/evaluations", nil, nil, http.StatusOK,
			stWant("responses", 2.0, "roster_size", 4.0, "programme.mean", 82.51, "facilitators.0.staff_id", "coach-budi", "facilitators.0.responses", 1.0,
				"facilitators.1.staff_id", "fasil-sri", "facilitators.1.mean", 87.5, "comments.0", "Jadwal padat")},
		{"evaluations-other-institution-404", otherLMS, "GET", "/v1/cohorts/C1/evaluations", nil, nil, http.StatusNotFound, problem("", "")},
	})

	// The standing shows the products and the seminar; the trail the people.
	st := e.standing(e.lms(), n)
	if got := stAt(t, st, "products.0.revisions.2.sha256"); got != stSum("v3") {
		t.Fatalf("standing's third revision %v", got)
	}
	if got := stAt(t, st, "seminars.0.combined"); got != 85.34 {
		t.Fatalf("standing's seminar %v", stAt(t, st, "seminars"))
	}
	r := e.do(e.auditor(), "GET", "/v1/participants/"+n+"/audit", nil)
	mustStatus(t, r, http.StatusOK)
	var seminarEntry, reviewEntry, warnedEntry map[string]any
	for _, en := range stAt(t, r.json(t), "entries").([]any) {
		en := en.(map[string]any)
		switch {
		case en["type"] == "SeminarScored" && en["recorded_for"] == "penguji-rina":
			seminarEntry = en
		case en["type"] == "ProductReviewed" && reviewEntry == nil:
			reviewEntry = en
		case en["type"] == "ComponentScored" && en["warnings"] != nil:
			warnedEntry = en
		}
	}
	if seminarEntry == nil || stAt(t, seminarEntry, "person.name") != "Dr. Rina Kartika" || stAt(t, seminarEntry, "staff.0.as") != "examiner" {
		t.Fatalf("the seminar score's entry %v, want it recorded for Dr. Rina Kartika, naming her as examiner", seminarEntry)
	}
	if reviewEntry == nil || stAt(t, reviewEntry, "person.name") != "Budi Santoso" || stAt(t, reviewEntry, "staff.0.name") != "Budi Santoso" || stAt(t, reviewEntry, "actor_name") != "lms" {
		t.Fatalf("the review's entry %v, want coach Budi Santoso and the lms token", reviewEntry)
	}
	if warnedEntry == nil || stAt(t, warnedEntry, "warnings.0.rule") != "R-STAFF-3" {
		t.Fatalf("no entry warns of the score without its examiner")
	}
}

// jsonNumber sends a decimal as a JSON number, exactly as written.
type jsonNumber string

func (n jsonNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }
