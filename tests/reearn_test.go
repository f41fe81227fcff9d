package tests

import (
	"net/http"
	"testing"
)

// A trophy corrected away can be earned again: the same activity_id is then
// a new fact, not a repeat of the corrected event.
func TestTrophyEarnedAgainAfterCorrection(t *testing.T) {
	e := start(t)
	p := e.openCohort("RE", 1)[0]
	first := e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0))
	mustStatus(t, first, http.StatusCreated)
	id := first.json(t)["events"].([]any)[0].(map[string]any)["id"].(string)
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/corrections", map[string]any{"event_id": id, "reason": "claimed twice by the LMS"}), http.StatusCreated)
	if got := e.standing(adminSecret, p)["mooc"].(map[string]any)["trophies"].(map[string]any)["total"]; got != float64(0) {
		t.Fatalf("total=%v after the correction, want 0", got)
	}
	again := e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0))
	mustStatus(t, again, http.StatusCreated)
	if got := again.json(t)["events"].([]any)[0].(map[string]any)["id"]; got == id {
		t.Fatal("the new trophy reused the corrected event's id")
	}
	mustStatus(t, e.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0)), http.StatusOK) // now a repeat
	if got := e.standing(adminSecret, p)["mooc"].(map[string]any)["trophies"].(map[string]any)["total"]; got != float64(1) {
		t.Fatalf("total=%v, want 1", got)
	}
}
