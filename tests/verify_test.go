package tests

import (
	"database/sql"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the driver of the embedded store, to tamper with its file
)

// vrfTamper edits one event's data in the SQLite file of a stopped server,
// as someone with write access to the file could.
func vrfTamper(t *testing.T, dir, column string, position float64, from, to string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`UPDATE events SET `+column+` = replace(`+column+`, ?, ?) WHERE position = ?`, from, to, int64(position))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("the tampering updated %d rows", n)
	}
	var data string
	if err := db.QueryRow(`SELECT `+column+` FROM events WHERE position = ?`, int64(position)).Scan(&data); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(data, to) {
		t.Fatalf("the event's %s was not changed: %s", column, data)
	}
}

func TestVerifyHashChain(t *testing.T) {
	e := start(t)
	auIssueAll(e)
	lms := e.lms()
	nips := e.openCohort("VF", 2)
	p, q := nips[0], nips[1]
	var tampered map[string]any
	for i, id := range []string{"vf-1", "vf-2", "vf-tamper-me", "vf-4"} {
		ev := auWrote(t, e, lms, "POST", "/v1/participants/"+p+"/trophies", trophy(id, "substansi_1", 1+i%3), http.StatusCreated)
		if id == "vf-tamper-me" {
			tampered = ev
		}
	}
	qFirst := auWrote(t, e, lms, "POST", "/v1/participants/"+q+"/trophies", trophy("vf-q-1", "substansi_1", 1), http.StatusCreated)
	evTrophies(t, e, q, "vf", 2)

	stream := "participant-" + p
	auditor := func(e *env) string { return e.auditor() }
	runCases(t, e, []apiCase{
		{name: "verify-auditor-ok-200", token: auditor, method: "GET", path: "/v1/verify?stream=" + stream, want: 200, check: auCheck(map[string]any{
			"stream": stream, "ok": true, "events": 5.0, "break": nil})},
		{name: "verify-admin-cohort-ok-200", token: admin, method: "GET", path: "/v1/verify?stream=cohort-VF", want: 200, check: auCheck(map[string]any{"ok": true, "events": 3.0})},
		{name: "verify-unknown-stream-404", token: auditor, method: "GET", path: "/v1/verify?stream=participant-199001012020011999", want: 404, check: problem("", "")},
		{name: "verify-missing-stream-400", token: auditor, method: "GET", path: "/v1/verify", want: 400, check: problem("", "stream")},
		{name: "verify-empty-stream-400", token: auditor, method: "GET", path: "/v1/verify?stream=", want: 400, check: problem("", "stream")},
		{name: "verify-dashboard-403", token: func(e *env) string { return e.dashboard() }, method: "GET", path: "/v1/verify?stream=" + stream, want: 403, check: problem("", "")},
		{name: "verify-lms-403", token: func(e *env) string { return e.lms() }, method: "GET", path: "/v1/verify?stream=" + stream, want: 403},
		{name: "verify-no-token-401", token: nobody, method: "GET", path: "/v1/verify?stream=" + stream, want: 401},
	})

	// Someone edits a recorded trophy in the file while the server is down.
	e.close()
	vrfTamper(t, e.dir, "data", tampered["position"].(float64), "vf-tamper-me", "vf-tampered")
	// And makes q's first trophy look recorded by an admin.
	vrfTamper(t, e.dir, "metadata", qFirst["position"].(float64), `"role":"lms"`, `"role":"admin"`)
	e2 := startIn(t, e.dir)
	runCases(t, e2, []apiCase{
		{name: "verify-tampered-200", token: admin, method: "GET", path: "/v1/verify?stream=" + stream, want: 200, check: auCheck(map[string]any{
			"stream": stream, "ok": false, "events": 5.0,
			"break.stream": stream, "break.revision": tampered["revision"], "break.event_id": tampered["id"],
		})},
		{name: "verify-tampered-reason", token: admin, method: "GET", path: "/v1/verify?stream=" + stream, want: 200, check: func(t *testing.T, r response) {
			if reason, _ := scnDig(r.json(t), "break.reason").(string); !strings.Contains(reason, "hash") {
				t.Fatalf("break.reason %q does not say the hash fails", reason)
			}
		}},
		{name: "verify-metadata-tampered-200", token: auditor, method: "GET", path: "/v1/verify?stream=participant-" + q, want: 200, check: auCheck(map[string]any{
			"ok": false, "break.revision": qFirst["revision"], "break.event_id": qFirst["id"]})},
		// The other streams still hold.
		{name: "verify-cohort-still-ok-200", token: admin, method: "GET", path: "/v1/verify?stream=cohort-VF", want: 200, check: field("ok", true)},
	})
}
