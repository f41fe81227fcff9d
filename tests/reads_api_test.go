package tests

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// Table tests of the projection reads: a cohort's standings (paged and CSV),
// its leaderboards and the leaderboard over every cohort.

// readsTrophies posts n trophies (admin) to a participant, in substansi_1
// agenda 1 (the test catalogue offers 10 there).
func readsTrophies(e *env, n string, count int) {
	e.t.Helper()
	for i := range count {
		mustStatus(e.t, e.do(adminSecret, "POST", "/v1/participants/"+n+"/trophies",
			trophy(fmt.Sprintf("lb-%s-%d", n, i), "substansi_1", 1)), http.StatusCreated)
	}
}

// readsProjected checks a read carries X-Projection-Position.
func readsProjected(t *testing.T, r response) {
	t.Helper()
	if r.header.Get("X-Projection-Position") == "" {
		t.Fatal("no X-Projection-Position on a projection read")
	}
}

// readsRanks checks a leaderboard's rows: the rank and value of each NIP, in
// rank order, and nothing else.
func readsRanks(want map[string][2]float64) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		readsProjected(t, r)
		rows, _ := r.json(t)["rows"].([]any)
		if len(rows) != len(want) {
			t.Fatalf("%d rows, want %d: %s", len(rows), len(want), truncate(r.body))
		}
		last := 0.0
		for _, row := range rows {
			m := row.(map[string]any)
			n, _ := m["nip"].(string)
			w, ok := want[n]
			if !ok {
				t.Fatalf("unexpected row %v", m)
			}
			if m["rank"] != w[0] || m["value"] != w[1] {
				t.Errorf("%s: rank %v value %v, want rank %v value %v", n, m["rank"], m["value"], w[0], w[1])
			}
			if rk := m["rank"].(float64); rk < last {
				t.Errorf("rows out of rank order: %s", truncate(r.body))
			} else {
				last = rk
			}
			if m["name"] == "" || m["cohort_id"] == "" {
				t.Errorf("row without name or cohort_id: %v", m)
			}
		}
	}
}

// readsRowCount checks the number of rows of a leaderboard.
func readsRowCount(n int) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		if rows, _ := r.json(t)["rows"].([]any); len(rows) != n {
			t.Fatalf("%d rows, want %d: %s", len(rows), n, truncate(r.body))
		}
	}
}

func TestReadsStandingsAPI(t *testing.T) {
	e := start(t)
	nips := e.openCohort("C1", 5)
	progOpen(e, "C2", nip(100))
	readsTrophies(e, nips[0], 2)
	head := e.head()
	sorted := slices.Sorted(slices.Values(nips))
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	agency := func(e *env) string { return e.agency() }
	otherAgency := func(e *env) string { return e.otherAgency() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	path := "/v1/cohorts/C1/standings"
	items := func(n int) func(t *testing.T, r response) {
		return func(t *testing.T, r response) {
			t.Helper()
			readsProjected(t, r)
			if got, _ := r.json(t)["items"].([]any); len(got) != n {
				t.Fatalf("%d items, want %d: %s", len(got), n, truncate(r.body))
			}
		}
	}
	cases := []apiCase{
		{name: "no-token-401", token: nobody, method: "GET", path: path, want: 401},
		{name: "admin-200", token: admin, method: "GET", path: path + "?min_position=" + head, want: 200, check: progAll(items(5), field("cohort_id", "C1"))},
		{name: "lms-200", token: lms, method: "GET", path: path, want: 200, check: items(5)},
		{name: "auditor-200", token: auditor, method: "GET", path: path, want: 200, check: items(5)},
		{name: "dashboard-200", token: dashboard, method: "GET", path: path, want: 200, check: items(5)},
		{name: "agency-403", token: agency, method: "GET", path: path, want: 403, check: problem("", "")},
		{name: "other-agency-403", token: otherAgency, method: "GET", path: path, want: 403},
		{name: "other-lms-404", token: otherLMS, method: "GET", path: path, want: 404, check: problem("", "")},
		{name: "unknown-cohort-404", token: admin, method: "GET", path: "/v1/cohorts/NOPE/standings", want: 404},
		{name: "other-cohort-1-item", token: admin, method: "GET", path: "/v1/cohorts/C2/standings", want: 200, check: progAll(items(1), field("cohort_id", "C2"))},
		{name: "limit-0-400", token: admin, method: "GET", path: path + "?limit=0", want: 400, check: problem("", "limit")},
		{name: "limit-1001-400", token: admin, method: "GET", path: path + "?limit=1001", want: 400, check: problem("", "limit")},
		{name: "limit-word-400", token: admin, method: "GET", path: path + "?limit=two", want: 400, check: problem("", "limit")},
		{name: "limit-1000-200", token: admin, method: "GET", path: path + "?limit=1000", want: 200, check: items(5)},
		{name: "limit-5-no-next-cursor", token: admin, method: "GET", path: path + "?limit=5", want: 200, check: progAll(items(5), func(t *testing.T, r response) {
			if c, ok := r.json(t)["next_cursor"]; ok {
				t.Fatalf("next_cursor=%v on the last page", c)
			}
		})},
		{name: "bad-cursor-400", token: admin, method: "GET", path: path + "?cursor=!!!", want: 400, check: problem("", "cursor")},
		// "eHl6" is base64 of "xyz": no page ever ends there. An opaque cursor the
		// server never issued is an unknown query parameter value (400), not a
		// silently empty page a client would take for the end of the list.
		{name: "cursor-never-issued-400", token: admin, method: "GET", path: path + "?cursor=eHl6", want: 400, check: problem("", "cursor")},
		{name: "bad-min-position-400", token: admin, method: "GET", path: path + "?min_position=-1", want: 400, check: problem("", "min_position")},
		{name: "csv", token: lms, method: "GET", path: path + "?min_position=" + head, headers: []string{"Accept", "text/csv"}, want: 200, check: func(t *testing.T, r response) {
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Fatalf("content-type=%q, want text/csv", ct)
			}
			recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
			if err != nil {
				t.Fatalf("not CSV: %v\n%s", err, r.body)
			}
			if len(recs) != 1+len(nips) {
				t.Fatalf("%d CSV records, want a header and %d rows:\n%s", len(recs), len(nips), r.body)
			}
			header := recs[0]
			col := func(name string) int {
				i := slices.Index(header, name)
				if i < 0 {
					t.Fatalf("CSV header %v has no %s", header, name)
				}
				return i
			}
			nipCol, trophyCol := col("nip"), col("trophies")
			col("name")
			col("outcome")
			var got []string
			for _, rec := range recs[1:] {
				if len(rec) != len(header) {
					t.Fatalf("row %v has %d cells, header %d", rec, len(rec), len(header))
				}
				got = append(got, rec[nipCol])
				want := "0"
				if rec[nipCol] == nips[0] {
					want = "2"
				}
				if rec[trophyCol] != want {
					t.Errorf("%s: trophies %s, want %s", rec[nipCol], rec[trophyCol], want)
				}
			}
			if !slices.Equal(got, sorted) {
				t.Fatalf("CSV rows %v, want one per participant %v", got, sorted)
			}
		}},
		{name: "csv-other-lms-404", token: otherLMS, method: "GET", path: path, headers: []string{"Accept", "text/csv"}, want: 404},
	}
	runCases(t, e, cases)

	t.Run("pages-of-2", func(t *testing.T) {
		var got []string
		cursor, pages := "", 0
		for {
			q := path + "?limit=2"
			if cursor != "" {
				q += "&cursor=" + cursor
			}
			r := e.do(e.dashboard(), "GET", q, nil)
			mustStatus(t, r, http.StatusOK)
			page := r.json(t)
			pages++
			its, _ := page["items"].([]any)
			if len(its) == 0 || len(its) > 2 {
				t.Fatalf("page %d has %d items: %s", pages, len(its), truncate(r.body))
			}
			for _, it := range its {
				got = append(got, it.(map[string]any)["nip"].(string))
			}
			next, ok := page["next_cursor"].(string)
			if !ok {
				break
			}
			if next == "" || pages > 5 {
				t.Fatalf("next_cursor %q after page %d", next, pages)
			}
			cursor = next
		}
		if pages != 3 || !slices.Equal(got, sorted) {
			t.Fatalf("%d pages with %v, want 3 pages with every participant once in order %v", pages, got, sorted)
		}
	})
}

// readsFinalScores gives a participant every component (admin): the posttest
// (80, 70) → 77.00 as academic_mooc, and the six scored components, pktbt as given.
func readsFinalScores(e *env, n string, pktbt float64) {
	e.t.Helper()
	mustStatus(e.t, e.do(adminSecret, "POST", "/v1/participants/"+n+"/posttests", map[string]any{
		"attempt_id": "pt-" + n, "substansi_1_score": 80, "substansi_2_score": 70, "taken_at": "2024-06-20T10:00:00Z",
	}), http.StatusCreated)
	for comp, score := range map[string]float64{
		"attitude_institution": 85, "attitude_agency": 88, "academic_elearning": 82.5,
		"actualization_design": 84, "actualization_implementation": 86, "pktbt": pktbt,
	} {
		mustStatus(e.t, e.do(adminSecret, "POST", "/v1/participants/"+n+"/scores", progScore(comp, score)), http.StatusCreated)
	}
}

func TestReadsCohortLeaderboardAPI(t *testing.T) {
	e := start(t)
	nips := e.openCohort("C1", 4)
	progOpen(e, "C2", nip(100))
	for i, count := range []int{3, 2, 2, 1} {
		readsTrophies(e, nips[i], count)
	}
	readsTrophies(e, nip(100), 9) // another cohort: not on C1's board
	readsFinalScores(e, nips[0], 80)
	readsFinalScores(e, nips[1], 80)
	readsFinalScores(e, nips[2], 70)
	// final = 0.10·85 + 0.05·88 + 0.10·77 + 0.10·82.5 + 0.20·84 + 0.30·86 + 0.15·pktbt
	//       = 71.45 + 0.15·pktbt: 83.45 with pktbt 80, 81.95 with 70 (R-EVAL-1)
	head := e.head()
	lms := func(e *env) string { return e.lms() }
	otherLMS := func(e *env) string { return e.otherLMS() }
	agency := func(e *env) string { return e.agency() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	path := "/v1/cohorts/C1/leaderboard"
	trophies := readsRanks(map[string][2]float64{nips[0]: {1, 3}, nips[1]: {2, 2}, nips[2]: {2, 2}, nips[3]: {4, 1}})
	cases := []apiCase{
		{name: "no-token-401", token: nobody, method: "GET", path: path + "?board=trophies", want: 401},
		{name: "trophies-1-2-2-4", token: admin, method: "GET", path: path + "?board=trophies&min_position=" + head, want: 200, check: progAll(
			field("board", "trophies"), field("cohort_id", "C1"), trophies)},
		{name: "trophies-lms-200", token: lms, method: "GET", path: path + "?board=trophies", want: 200, check: trophies},
		{name: "trophies-dashboard-200", token: dashboard, method: "GET", path: path + "?board=trophies", want: 200, check: trophies},
		{name: "trophies-auditor-200", token: auditor, method: "GET", path: path + "?board=trophies", want: 200, check: trophies},
		{name: "trophies-limit-2", token: admin, method: "GET", path: path + "?board=trophies&limit=2", want: 200, check: readsRowCount(2)},
		{name: "final-1-1-3", token: admin, method: "GET", path: path + "?board=final", want: 200, check: progAll(field("board", "final"),
			readsRanks(map[string][2]float64{nips[0]: {1, 83.45}, nips[1]: {1, 83.45}, nips[2]: {3, 81.95}}))},
		{name: "board-missing-400", token: admin, method: "GET", path: path, want: 400, check: problem("", "board")},
		{name: "board-unknown-400", token: admin, method: "GET", path: path + "?board=stars", want: 400, check: problem("", "board")},
		{name: "limit-0-400", token: admin, method: "GET", path: path + "?board=trophies&limit=0", want: 400, check: problem("", "limit")},
		{name: "limit-1001-400", token: admin, method: "GET", path: path + "?board=final&limit=1001", want: 400, check: problem("", "limit")},
		{name: "other-lms-404", token: otherLMS, method: "GET", path: path + "?board=trophies", want: 404, check: problem("", "")},
		{name: "agency-403", token: agency, method: "GET", path: path + "?board=trophies", want: 403, check: problem("", "")},
		{name: "unknown-cohort-404", token: admin, method: "GET", path: "/v1/cohorts/NOPE/leaderboard?board=trophies", want: 404},
		{name: "other-cohort-board", token: admin, method: "GET", path: "/v1/cohorts/C2/leaderboard?board=trophies", want: 200, check: readsRanks(map[string][2]float64{nip(100): {1, 9}})},
	}
	runCases(t, e, cases)
}

func TestReadsGlobalLeaderboardAPI(t *testing.T) {
	e := start(t)
	nips := e.openCohort("C1", 3)
	progOpen(e, "C2", nip(100), nip(101))
	for n, count := range map[string]int{nips[0]: 3, nips[1]: 2, nips[2]: 1, nip(100): 5, nip(101): 2} {
		readsTrophies(e, n, count)
	}
	head := e.head()
	lms := func(e *env) string { return e.lms() }
	agency := func(e *env) string { return e.agency() }
	auditor := func(e *env) string { return e.auditor() }
	dashboard := func(e *env) string { return e.dashboard() }
	want := readsRanks(map[string][2]float64{
		nip(100): {1, 5}, nips[0]: {2, 3}, nips[1]: {3, 2}, nip(101): {3, 2}, nips[2]: {5, 1},
	})
	bothCohorts := func(t *testing.T, r response) {
		t.Helper()
		seen := map[any]bool{}
		rows, _ := r.json(t)["rows"].([]any)
		for _, row := range rows {
			seen[row.(map[string]any)["cohort_id"]] = true
		}
		if !seen["C1"] || !seen["C2"] {
			t.Fatalf("rows do not span cohorts C1 and C2: %s", truncate(r.body))
		}
		if c, ok := r.json(t)["cohort_id"]; ok {
			t.Fatalf("the global board names cohort %v", c)
		}
	}
	path := "/v1/leaderboard"
	cases := []apiCase{
		{name: "no-token-401", token: nobody, method: "GET", path: path + "?board=trophies", want: 401},
		{name: "admin-200", token: admin, method: "GET", path: path + "?board=trophies&min_position=" + head, want: 200, check: progAll(field("board", "trophies"), want, bothCohorts)},
		{name: "auditor-200", token: auditor, method: "GET", path: path + "?board=trophies", want: 200, check: progAll(want, bothCohorts)},
		{name: "dashboard-200", token: dashboard, method: "GET", path: path + "?board=trophies", want: 200, check: progAll(want, bothCohorts)},
		{name: "limit-3", token: dashboard, method: "GET", path: path + "?board=trophies&limit=3", want: 200, check: readsRowCount(3)},
		{name: "final-empty-200", token: dashboard, method: "GET", path: path + "?board=final", want: 200, check: readsRowCount(0)},
		{name: "lms-403", token: lms, method: "GET", path: path + "?board=trophies", want: 403, check: problem("", "")},
		{name: "agency-403", token: agency, method: "GET", path: path + "?board=trophies", want: 403},
		{name: "board-missing-400", token: admin, method: "GET", path: path, want: 400, check: problem("", "board")},
		{name: "board-unknown-400", token: admin, method: "GET", path: path + "?board=ranking", want: 400, check: problem("", "board")},
		{name: "limit-1001-400", token: admin, method: "GET", path: path + "?board=trophies&limit=1001", want: 400, check: problem("", "limit")},
	}
	runCases(t, e, cases)
}
