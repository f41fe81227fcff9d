package tests

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/latsar/ledger/app"
)

// An Idempotency-Key's first answer outlives a restart: the retry gets the
// same status and body back, replayed.
func TestIdempotencyKeyAfterRestart(t *testing.T) {
	e := start(t)
	p := e.openCohort("IR", 1)[0]
	body := map[string]any{"attempt_id": "a1", "substansi_1_score": 60, "substansi_2_score": 80, "taken_at": "2024-06-20T10:00:00Z"}
	first := e.do(adminSecret, "POST", "/v1/participants/"+p+"/posttests", body, "Idempotency-Key", "restart-1")
	mustStatus(t, first, http.StatusCreated)
	e.close()

	e2 := startIn(t, e.dir)
	again := e2.do(adminSecret, "POST", "/v1/participants/"+p+"/posttests", body, "Idempotency-Key", "restart-1")
	mustStatus(t, again, http.StatusCreated)
	if again.header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(again.body, first.body) {
		t.Fatalf("after a restart the retry answered %s (replayed=%q), want the first answer %s", again.body, again.header.Get("Idempotent-Replayed"), first.body)
	}
	other := map[string]any{"attempt_id": "a2", "substansi_1_score": 60, "substansi_2_score": 80, "taken_at": "2024-06-20T10:00:00Z"}
	mustStatus(t, e2.do(adminSecret, "POST", "/v1/participants/"+p+"/posttests", other, "Idempotency-Key", "restart-1"), http.StatusUnprocessableEntity)
}

// With Redis the answers are shared: a retry on another replica replays.
func TestIdempotencyKeyAcrossReplicas(t *testing.T) {
	r := startRedis(t)
	dir := t.TempDir()
	a := startWith(t, app.Options{DataDir: dir, RedisURL: r.url()})
	b := startWith(t, app.Options{DataDir: dir, RedisURL: r.url(), NoProjector: true})
	p := a.openCohort("IX", 1)[0]
	first := a.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0), "Idempotency-Key", "x-1")
	mustStatus(t, first, http.StatusCreated)
	again := b.do(adminSecret, "POST", "/v1/participants/"+p+"/trophies", trophy("k1", "kebijakan", 0), "Idempotency-Key", "x-1")
	if again.status != http.StatusCreated || again.header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(again.body, first.body) {
		t.Fatalf("the other replica answered %d %s, want the first answer replayed", again.status, again.body)
	}
}
