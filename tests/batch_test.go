package tests

import (
	"net/http"
	"testing"
)

// A batch answers each write as if it were sent alone, in order.
func TestBatch(t *testing.T) {
	e := start(t)
	p := e.openCohort("BT", 1)[0]
	items := []map[string]any{
		{"method": "POST", "path": "/v1/participants/" + p + "/trophies", "body": trophy("k1", "kebijakan", 0)},
		{"method": "POST", "path": "/v1/participants/" + p + "/trophies", "body": trophy("k1", "kebijakan", 0)},
		{"method": "POST", "path": "/v1/participants/" + p + "/trophies", "body": trophy("k9", "kebijakan", 1)},
		{"method": "POST", "path": "/v1/participants/" + p + "/posttests", "idempotency_key": "b-1",
			"body": map[string]any{"attempt_id": "a1", "substansi_1_score": 80, "substansi_2_score": 70, "taken_at": "2024-06-20T10:00:00Z"}},
		{"method": "POST", "path": "/v1/participants/199001012020011999/trophies", "body": trophy("k2", "kebijakan", 0)},
	}
	r := e.do(e.lms(), "POST", "/v1/batch", map[string]any{"requests": items})
	mustStatus(t, r, http.StatusOK)
	results := r.json(t)["results"].([]any)
	want := []float64{201, 200, 422, 201, 404}
	for i, w := range want {
		if got := results[i].(map[string]any)["status"]; got != w {
			t.Errorf("item %d: status=%v, want %v (%v)", i, got, w, results[i])
		}
	}
	if rule := results[2].(map[string]any)["body"].(map[string]any)["rule"]; rule != "R-TRO-8" {
		t.Errorf("item 2 rule=%v, want R-TRO-8", rule)
	}
	// The same batch again repeats each natural id and replays the key.
	again := e.do(e.lms(), "POST", "/v1/batch", map[string]any{"requests": items[:1]}).json(t)["results"].([]any)
	if got := again[0].(map[string]any)["status"]; got != float64(200) {
		t.Errorf("repeat: status=%v, want 200", got)
	}
	runCases(t, e, []apiCase{
		{name: "batch-empty-422", token: admin, method: "POST", path: "/v1/batch", body: map[string]any{"requests": []any{}}, want: 422, check: problem("", "requests")},
		{name: "batch-get-422", token: admin, method: "POST", path: "/v1/batch", body: map[string]any{"requests": []any{map[string]any{"method": "GET", "path": "/v1/cohorts/BT"}}}, want: 422, check: problem("", "requests[0].method")},
		{name: "batch-nested-422", token: admin, method: "POST", path: "/v1/batch", body: map[string]any{"requests": []any{map[string]any{"method": "POST", "path": "/v1/batch"}}}, want: 422, check: problem("", "requests[0].path")},
		{name: "batch-no-token-401", token: nobody, method: "POST", path: "/v1/batch", body: map[string]any{"requests": items[:1]}, want: 401},
		{name: "batch-dashboard-items-403", token: func(e *env) string { return e.dashboard() }, method: "POST", path: "/v1/batch", body: map[string]any{"requests": items[:1]}, want: 200, check: func(t *testing.T, r response) {
			if got := r.json(t)["results"].([]any)[0].(map[string]any)["status"]; got != float64(403) {
				t.Fatalf("status=%v, want 403", got)
			}
		}},
	})
}
